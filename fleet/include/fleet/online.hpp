// SPDX-License-Identifier: GPL-3.0-or-later
// Online lookups (docs/fleet.md, "Online lookups at inspection time"): while a module is judged,
// ask the fleet server for the sightings other stations stored of its identity that this
// registry does not hold yet, so a clone taken in elsewhere a minute ago is caught now, before
// any sync. The server is given a short deadline; when it does not answer, the module is judged
// on the local registry and the answer says REGISTRY_OFFLINE. Nothing read from the server is
// stored: every row is checked as an import checks it, and the next sync brings it in properly.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "dimmguard/result.hpp"
#include "fleet/pg.hpp"
#include "verifier/custody.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::fleet {

/// The data-directory setting that holds the fleet server `sync` last reached (mode 0600).
inline constexpr const char* server_setting = "fleet-server";
/// The default deadline for connecting and for each online lookup.
inline constexpr std::chrono::milliseconds online_timeout{200};

/// The data-directory setting that holds the server online lookups ask when it is not the one
/// `sync` reaches (a read replica; `sync --lookup-server`), mode 0600.
inline constexpr const char* lookup_server_setting = "fleet-lookup-server";

/// The remembered server ("" when none).
[[nodiscard]] Result<std::string> remembered_server(const std::filesystem::path& data_dir);
/// Remember `conninfo` for later `sync` and `verify` runs.
[[nodiscard]] Result<void> remember_server(const std::filesystem::path& data_dir, const std::string& conninfo);
/// The remembered lookup server ("" when none: lookups ask the remembered server).
[[nodiscard]] Result<std::string> remembered_lookup_server(const std::filesystem::path& data_dir);
/// Remember `conninfo` ("" forgets it) as the server online lookups ask.
[[nodiscard]] Result<void> remember_lookup_server(const std::filesystem::path& data_dir, const std::string& conninfo);
/// The server `verify` and the desk app ask at inspection time: the lookup server when one is
/// remembered, else the server `sync` last reached ("" when neither).
[[nodiscard]] Result<std::string> online_lookup_server(const std::filesystem::path& data_dir);

/// A registry that answers like `local`, with the server's sightings of other stations added to
/// sightings() and history(). Connects on the first lookup; after the first failure (no
/// connection, or no answer within `timeout`) it stops asking for the rest of its life, so a
/// whole scan costs at most one timeout.
class OnlineRegistry final : public verifier::RegistryInterface {
public:
    OnlineRegistry(db::Database& database, verifier::RegistryInterface& local, std::string conninfo,
                   std::chrono::milliseconds timeout = online_timeout, std::string now = {});
    ~OnlineRegistry() override;

    [[nodiscard]] Result<verifier::Lookup<verifier::PartRecord>> part(std::string_view part_number) override;
    [[nodiscard]] Result<verifier::Lookup<verifier::SerialRecord>> issued_serial(const verifier::ModuleIdentity& identity) override;
    [[nodiscard]] Result<bool> publishes_serials(std::string_view maker_hex) override;
    [[nodiscard]] Result<verifier::Lookup<verifier::Revocation>> revocations(const verifier::ModuleIdentity& identity) override;
    [[nodiscard]] Result<verifier::Lookup<verifier::Sighting>> sightings(const verifier::ModuleIdentity& identity) override;
    [[nodiscard]] Result<verifier::History> history(const verifier::ModuleIdentity& identity) override;
    [[nodiscard]] Result<verifier::Sighting> record_sighting(verifier::Sighting sighting) override;

    /// Why the server is not being asked ("" while it answers or before the first lookup).
    [[nodiscard]] const std::string& offline_reason() const noexcept { return offline_; }
    /// Lookups the server answered.
    [[nodiscard]] std::size_t answered() const noexcept { return answered_; }

private:
    struct Outside {
        std::vector<verifier::Signed<verifier::Sighting>> trusted;
        std::vector<std::string> tampered;
    };
    /// The server's rows of `identity` not held here, checked; nullopt when offline.
    [[nodiscard]] Result<std::optional<Outside>> outside(const verifier::ModuleIdentity& identity);

    db::Database& database_;
    verifier::RegistryInterface& local_;
    std::string conninfo_;
    std::chrono::milliseconds timeout_;
    std::string now_;
    std::string self_;  ///< this station's key id, read once
    std::unique_ptr<PgConnection> server_;
    std::string offline_;
    std::size_t answered_ = 0;
};

}  // namespace dimmguard::fleet
