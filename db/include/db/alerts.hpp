// SPDX-License-Identifier: GPL-3.0-or-later
// Late findings: when other stations' sightings arrive (a fleet sync, `log import`) and show
// that a module this station inspected earlier carries an identity another module carries too,
// the earlier inspection gets a signed alert (docs/fleet.md, "Late findings"). Alerts are
// derived data: `log alerts --recheck` derives them again from the sightings held.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "dimmguard/result.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

/// Domain separation prefix of an alert signature: signed message = prefix + line.
inline constexpr std::string_view alert_signature_prefix = "dimmguard-alert-v1\n";

struct Alert {
    std::string sighting;      ///< this station's sighting concerned ("<station>:<n>")
    std::string other;         ///< the other station's sighting that reveals it
    std::string identity;      ///< identity key
    std::string code;          ///< DUP_SERIAL or DUP_REENTRY
    std::string verdict;       ///< what the earlier inspection recorded (genuine, suspect ...)
    std::string own_time;      ///< when the earlier inspection was made
    std::string other_station; ///< key id of the other station
    std::string other_site;
    std::string other_time;
    std::string explanation;   ///< one sentence, as the finding would say it
    std::string raised;        ///< when this station found it (RFC 3339 UTC)
};

/// The canonical line `alert TAB sighting TAB other TAB identity TAB code TAB verdict TAB
/// own_time TAB other_station TAB other_site TAB other_time TAB explanation TAB raised`
/// (fields percent-encoded as in sighting lines).
[[nodiscard]] std::string alert_line(const Alert& alert);
/// Parse a canonical alert line; Errc::bad_format unless alert_line() gives it back.
[[nodiscard]] Result<Alert> parse_alert_line(std::string_view line);

/// Derive the late findings of `identities` (verifier::late_duplicates over every verified
/// sighting held of each) and store, signed by this station's key, those not stored yet.
/// Returns the new ones. Identities this station never recorded are skipped without reading
/// their sightings. Errors: the registry cannot be read or written.
[[nodiscard]] Result<std::vector<Alert>> raise_late_findings(Database& database, std::span<const verifier::ModuleIdentity> identities,
                                                             const std::string& now = {});
/// Sign `alert` with this station's key and store it; false when an alert of the same pair
/// (sighting, other) is already stored (it is kept as it was).
[[nodiscard]] Result<bool> store_alert(Database& database, const Alert& alert);
/// raise_late_findings() over every identity that this station and another station both
/// recorded (`log alerts --recheck`: after a restore, or alerts deleted).
[[nodiscard]] Result<std::vector<Alert>> recheck_late_findings(Database& database, const std::string& now = {});

struct StoredAlert {
    std::int64_t seq = 0;
    bool verified = false;     ///< signed by this station's key and canonical
    std::string problem;       ///< why not verified
    Alert alert;               ///< as parsed (empty fields when the line does not parse)
};
/// Every stored alert, oldest first (raised at or after `since` when not empty: "YYYY-MM-DD" or
/// RFC 3339), each checked against this station's key. Never fails on a bad row.
[[nodiscard]] Result<std::vector<StoredAlert>> load_alerts(Database& database, const std::string& since = {});
/// How many alerts are stored (for a status bar; not verified).
[[nodiscard]] Result<std::size_t> count_alerts(Database& database);

}  // namespace dimmguard::db
