// SPDX-License-Identifier: GPL-3.0-or-later
// The SQLite implementation of verifier::Registry: lookups re-verify every record's signature
// and its signer's current trust; sightings are signed by the station and hash-chained.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

class SqliteRegistry final : public verifier::RegistryInterface {
public:
    /// `now` is the time used for expiry checks ("2026-11-27T10:00:00Z"); empty = the clock.
    explicit SqliteRegistry(Database& database, std::string now = {}) : db_(database), now_(std::move(now)) {}

    // Publisher data (registry_lookup.cpp).
    [[nodiscard]] Result<verifier::Lookup<verifier::PartRecord>> part(std::string_view part_number) override;
    [[nodiscard]] Result<verifier::Lookup<verifier::SerialRecord>> issued_serial(const verifier::ModuleIdentity& identity) override;
    [[nodiscard]] Result<bool> publishes_serials(std::string_view maker_hex) override;
    [[nodiscard]] Result<verifier::Lookup<verifier::Revocation>> revocations(const verifier::ModuleIdentity& identity) override;

    // Station data (station_log.cpp).
    [[nodiscard]] Result<verifier::Lookup<verifier::Sighting>> sightings(const verifier::ModuleIdentity& identity) override;
    /// From the identity's signed custody summary and the sightings stored after it (custody.hpp).
    [[nodiscard]] Result<verifier::History> history(const verifier::ModuleIdentity& identity) override;
    [[nodiscard]] Result<verifier::Sighting> record_sighting(verifier::Sighting sighting) override;

private:
    Database& db_;
    std::string now_;
};

/// The registry as an inspection (`dimmguard verify`, the desk application) opens it. A missing,
/// unusable or root-less registry is a problem to report (exit bit 16), never skipped silently.
struct InspectionRegistry {
    std::unique_ptr<Database> database;
    std::unique_ptr<SqliteRegistry> registry;    ///< null when the registry cannot be used
    std::string station;                         ///< this station's key id ("" when unusable)
    std::string site;                            ///< this station's site name ("" when unusable)
    std::vector<std::string> problems;           ///< one line each, saying what to do
};
/// `now` is the time used for expiry checks (RFC 3339); empty = the clock.
/// `read_only` (an inspection that records nothing) opens with Database::open_read_only.
[[nodiscard]] InspectionRegistry open_for_inspection(const std::filesystem::path& data_dir, const std::string& now = {},
                                                     bool read_only = false);

/// Current UTC time as RFC 3339 ("2026-11-27T10:00:00Z").
[[nodiscard]] std::string utc_now();

}  // namespace dimmguard::db
