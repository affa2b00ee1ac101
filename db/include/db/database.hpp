// SPDX-License-Identifier: GPL-3.0-or-later
// The registry database: where it lives, schema migrations, and the station's own key.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/keys.hpp"
#include "db/sqlite.hpp"
#include "dimmguard/result.hpp"

namespace dimmguard::db {

/// Current schema version (PRAGMA user_version); migrations bring older files up to it.
/// 2 added the sightings search columns and indexes; 3 the Merkle logs over every bundle's
/// records and every station's sightings (docs/registry-format.md); 4 the signed heads of station
/// logs and their witnesses' cosignatures; 5 the custody summaries each station signs for the
/// identities it recorded; 6 Merkle nodes in tiles; 7 tiles of six levels in a rowid table;
/// 8 publisher records in groups; 9 sightings stored by module; 10 late-finding alerts.
inline constexpr int schema_version = 10;

/// The registry file inside a data directory. The only place this name is spelled.
inline constexpr std::string_view registry_file_name = "registry.sqlite";

/// The data directory: $DIMMGUARD_DATA_DIR, else $XDG_DATA_HOME/dimmguard, else
/// ~/.local/share/dimmguard. Holds the registry (registry_file_name), station.key (0600) and
/// station.pub.
[[nodiscard]] std::filesystem::path default_data_dir();
/// `data_dir` / registry_file_name.
[[nodiscard]] std::filesystem::path registry_path(const std::filesystem::path& data_dir);
/// True when `data_dir` holds a registry file (it may still be unusable).
[[nodiscard]] bool registry_exists(const std::filesystem::path& data_dir);

/// A small setting kept beside the registry as the one-line file `data_dir`/`name` (mode 0600:
/// it may name a server and a login), e.g. the fleet server `dimmguard sync` last reached.
/// "" when the file is absent; Errc::io when it cannot be read, Errc::bad_format when it is
/// not one line of text.
[[nodiscard]] Result<std::string> read_setting(const std::filesystem::path& data_dir, std::string_view name);
/// Replace the setting atomically (never half-written). Errc::usage for a value holding a
/// line break or NUL.
[[nodiscard]] Result<void> write_setting(const std::filesystem::path& data_dir, std::string_view name, std::string_view value);

/// This station's identity: its key (created on first use) and site name.
struct Station {
    std::string id;        ///< key id of the station key
    std::string site;      ///< free text ("Shenzhen DC2 intake"), from the database meta table
    KeyPair key;
};

namespace detail {
struct DatabaseAccess;   // db/src/database_access.hpp: the connection, for db's own code and tests
struct StateView;        // db/src/state_view.hpp: the trusted state as checked against this file
}

class Database {
public:
    /// Open or create `data_dir`/registry.sqlite and migrate it to schema_version.
    /// Errc::db names the file for a corrupt or newer-than-supported database.
    [[nodiscard]] static Result<Database> open(const std::filesystem::path& data_dir);
    /// Open an existing registry and migrate it; never creates the directory or the file.
    /// Errc::not_found ("no registry at <path>") when the file is absent; otherwise as open().
    /// For everything that only looks (History, Bench, status, inspections).
    [[nodiscard]] static Result<Database> open_existing(const std::filesystem::path& data_dir);
    /// Open an existing registry read-only, for commands that only look (verify --no-record,
    /// registry status, log show / verify / export, the History screen): works on a read-only
    /// data directory or file, never migrates (a registry of an older schema is opened with
    /// open_existing() when it can be written, else Errc::db says so) and never creates the
    /// station key (a station that never recorded gets a key that is never saved: nothing is
    /// signed by it). Errc::not_found when the file is absent.
    [[nodiscard]] static Result<Database> open_read_only(const std::filesystem::path& data_dir);
    /// An in-memory database (tests); the station key is generated and not saved.
    [[nodiscard]] static Result<Database> open_in_memory();

    [[nodiscard]] const std::filesystem::path& data_dir() const noexcept { return data_dir_; }
    /// Load (or create on first use, mode 0600) the station key and read the site name.
    [[nodiscard]] Result<Station> station();
    /// Set the site name shown in sightings.
    [[nodiscard]] Result<void> set_site(const std::string& site);

    /// meta table access (key/value strings).
    [[nodiscard]] Result<std::optional<std::string>> meta(const std::string& key);
    [[nodiscard]] Result<void> set_meta(const std::string& key, const std::string& value);

private:
    friend struct detail::DatabaseAccess;
    Database(Connection c, std::filesystem::path dir) : connection_(std::move(c)), data_dir_(std::move(dir)) {}
    Connection connection_;
    std::filesystem::path data_dir_;  ///< empty for in-memory databases
    std::optional<KeyPair> memory_key_;
    std::optional<KeyPair> loaded_key_;                ///< station.key as read on first use
    std::string key_id_;                               ///< id of the key station() last returned, and
    const KeyPair* key_id_of_ = nullptr;               ///< which key it is of (memory or loaded)
    bool read_only_ = false;
    std::optional<std::string> memory_state_;          ///< in-memory databases: their trusted state
    std::shared_ptr<detail::StateView> state_view_;    ///< cached; rebuilt when file or state changes
};

/// What adopt_registry() re-verified and took in.
struct AdoptSummary {
    std::size_t bundles = 0;     ///< publisher bundles whose header verifies
    std::size_t records = 0;     ///< their records that verify
    std::size_t sightings = 0;   ///< sightings that verify, every station
    std::vector<std::string> problems;  ///< what was left out, and why (one line each)
};
/// Re-verify every signature in the registry (bundle headers and records, every station's
/// sightings by its own key), rebuild the Merkle logs from what verifies, and make that the
/// trusted state (state/trusted-state beside the database), replacing any earlier one. Done
/// automatically when a schema 2 registry is upgraded; otherwise an explicit decision to trust
/// this file (`dimmguard registry adopt`). Errc::usage on a read-only registry.
[[nodiscard]] Result<AdoptSummary> adopt_registry(Database& database);

/// Apply every migration above the file's user_version, each in its own transaction.
[[nodiscard]] Result<void> migrate(Connection& connection);

}  // namespace dimmguard::db
