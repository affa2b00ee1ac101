// SPDX-License-Identifier: GPL-3.0-or-later
// What the verifier needs from the signed registry, as an abstract interface (db implements it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dimmguard/result.hpp"
#include "verifier/spd.hpp"

namespace dimmguard::verifier {

/// The JEDEC identity of a module: maker + location + date + serial, as stored bytes in hex.
struct ModuleIdentity {
    std::string maker;     ///< 4 hex digits ("802c")
    std::string location;  ///< 2 hex digits
    std::string date;      ///< 4 hex digits (BCD year, week as stored)
    std::string serial;    ///< 8 hex digits, raw byte order

    /// "802c-06-2243-3bf239f8": the form stored in records and shown to users.
    [[nodiscard]] std::string key() const;
    /// Parse key(); Errc::bad_format naming what is wrong.
    [[nodiscard]] static Result<ModuleIdentity> parse(std::string_view key);
    /// Unprogrammed serial (all 00, all ff, all spaces): never evidence of a duplicate.
    [[nodiscard]] bool serial_blank() const;
    friend bool operator==(const ModuleIdentity&, const ModuleIdentity&) = default;
};

/// Identity of a decoded image (its manufacturing block must be present).
[[nodiscard]] Result<ModuleIdentity> identity_of(const DecodedSpd& spd);

/// A publisher's description of a genuine part number.
struct PartRecord {
    std::string part_number;
    std::vector<std::string> fingerprints;   ///< accepted SHA-256 fingerprints (docs/fingerprint.md)
    std::string memory_type;                 ///< "DDR4", "DDR5"
    std::string module_type;                 ///< "RDIMM" ...
    std::uint64_t capacity_bytes = 0;
    int ranks = 0;                           ///< package ranks
    int device_width = 0;                    ///< 4 / 8 / 16
    int die_density_mbit = 0;
    int speed_mts = 0;                       ///< JEDEC grade
    std::vector<std::string> dram_makers;    ///< JEP106 hex ("80ce"); empty = any
    std::vector<std::string> hub_vendors;    ///< DDR5; empty = any
    std::vector<std::string> pmic_vendors;
    std::vector<std::string> rcd_vendors;
    std::string date_from;                   ///< "2021-W01"; empty = open
    std::string date_to;
};

/// A serial number the module maker says it issued, for a part number.
struct SerialRecord {
    ModuleIdentity identity;
    std::string part_number;
};

/// An identity known to be cloned.
struct Revocation {
    ModuleIdentity identity;
    std::string reason;
};

/// What a sighting records (docs/custody.md). Inspections: intake, bench, burn-in (the module is
/// installed in a server), ship, return, move (re-lot inside the site). Dispositions, signed by
/// `dimmguard log dispose` only: quarantine, release (needs a `qa` approval), rma (returned to the
/// supplier), scrap.
enum class EventKind { intake, bench, burn_in, ship, return_, move, quarantine, release, rma, scrap };
[[nodiscard]] std::string_view event_kind_name(EventKind kind) noexcept;          ///< "intake", "burn-in", "return"
/// Accepts every event_kind_name and "install" (= burn-in).
[[nodiscard]] std::optional<EventKind> event_kind_from_name(std::string_view name) noexcept;
/// quarantine, release, rma, scrap: recorded only by `log dispose`, never by an inspection.
[[nodiscard]] bool is_disposition(EventKind kind) noexcept;

/// One inspection of one module at one station.
struct Sighting {
    std::string id;                          ///< globally unique: "<station id>:<sequence>"
    ModuleIdentity identity;
    std::string fingerprint;
    std::string part_number;
    std::string verdict;                     ///< genuine / suspect / counterfeit / unknown
    std::string station;                     ///< station id (its key id)
    std::string site;
    EventKind event = EventKind::intake;
    std::map<std::string, std::string> context;  ///< lot, bench, server, slot, customer ...
    std::string time;                        ///< RFC 3339 UTC, "2026-11-27T10:00:00Z"
};

/// A record together with who vouches for it.
template <class T>
struct Signed {
    T record;
    std::string signer;                      ///< key id of the signing publisher / station
    std::string source;                      ///< bundle "<publisher>/<role>/v<version>" or "local log"
};

/// Result of a lookup. Records whose signature or signer no longer verifies are never in
/// `trusted`; they are described in `tampered` (REGISTRY_TAMPERED).
template <class T>
struct Lookup {
    std::vector<Signed<T>> trusted;
    std::vector<std::string> tampered;
    /// Accepted data missing from the registry file (an older copy, or rows deleted): the
    /// answer may be incomplete (REGISTRY_ROLLBACK).
    std::vector<std::string> rolled_back;
    /// The fleet server that should have added other stations' sightings did not answer: the
    /// answer holds only what this registry stores (REGISTRY_OFFLINE, info).
    std::vector<std::string> offline;
    bool stale = false;                      ///< the data that answered has expired (REGISTRY_STALE)
};

struct History;   // custody.hpp

/// The registry as the verifier sees it. Errors mean "no answer" (database missing or broken),
/// never "not found".
class RegistryInterface {
public:
    virtual ~RegistryInterface() = default;
    [[nodiscard]] virtual Result<Lookup<PartRecord>> part(std::string_view part_number) = 0;
    [[nodiscard]] virtual Result<Lookup<SerialRecord>> issued_serial(const ModuleIdentity& identity) = 0;
    /// Whether any trusted serials bundle covers this module maker (then an absent serial is
    /// SERIAL_NOT_ISSUED).
    [[nodiscard]] virtual Result<bool> publishes_serials(std::string_view maker_hex) = 0;
    [[nodiscard]] virtual Result<Lookup<Revocation>> revocations(const ModuleIdentity& identity) = 0;
    /// Every sighting of this identity (local and imported from trusted stations), oldest first.
    [[nodiscard]] virtual Result<Lookup<Sighting>> sightings(const ModuleIdentity& identity) = 0;
    /// What the history rules need of the same sightings (custody.hpp). The default folds
    /// sightings(); a registry may answer from a summary it keeps, with the same result.
    [[nodiscard]] virtual Result<History> history(const ModuleIdentity& identity);
    /// Sign with this station's key and append to the hash-chained log; fills id, station, site
    /// and time when empty. Returns the stored sighting.
    [[nodiscard]] virtual Result<Sighting> record_sighting(Sighting sighting) = 0;
};

}  // namespace dimmguard::verifier
