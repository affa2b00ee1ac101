// SPDX-License-Identifier: GPL-3.0-or-later
// The trusted state as checked against this registry file: which accepted bundles are present,
// which are missing (rolled back or deleted) or unknown to the state, and whether every
// station's accepted sightings are still there. Built once and kept while neither the state file
// nor the database (PRAGMA data_version) changes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/merkle.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db::detail {

struct StateView {
    std::optional<TrustedState> state;
    /// Set when the registry cannot be checked at all (state missing or damaged while the
    /// database holds data): every answer from it is reported as unverified.
    std::optional<std::string> problem;
    std::map<std::string, std::int64_t> bundle_ids;                   ///< state digest -> bundles.id present
    std::map<std::string, std::vector<std::string>> rolled_back;      ///< role -> accepted bundles missing from the file
    std::map<std::string, std::vector<std::int64_t>> unlisted;        ///< role -> bundle ids the state does not know
    std::map<std::string, std::uint64_t> counted;                     ///< station -> leaves [0, n) counted present

    std::string stamp;
    std::int64_t data_version = -1;
};

/// The current view of `database` (cached in it).
[[nodiscard]] Result<std::shared_ptr<StateView>> state_view(Database& database);

/// Problems with the accepted sightings of every station log in the state: rows deleted, or the
/// file older than the state (rolled back). Counts each log once, then only what was added.
[[nodiscard]] Result<std::vector<std::string>> sighting_log_problems(Database& database, StateView& view);

/// True when the stored log `log_name` proves `leaf` is entry `index` of the tree of `size`
/// leaves with head `root` (an inclusion proof from stored nodes, verified).
[[nodiscard]] Result<bool> proves(Database& database, const std::string& log_name, std::uint64_t index, const merkle::Hash& leaf,
                                  std::uint64_t size, const merkle::Hash& root);

/// True when the database holds anything that needs a trusted state (roots, bundles, sightings).
[[nodiscard]] Result<bool> holds_trusted_data(Database& database);

}  // namespace dimmguard::db::detail
