// SPDX-License-Identifier: GPL-3.0-or-later
// The trusted state: what this station has accepted, kept outside the registry file (as TUF
// clients keep their trusted metadata): the pinned roots, the current trust document, every
// accepted publisher bundle with the Merkle root of its records, and the size and root of every
// station log. A registry file edited by hand, or replaced by an older copy, no longer matches it.
// Format: docs/registry-format.md, "Trusted state".
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "db/merkle.hpp"
#include "dimmguard/result.hpp"

namespace dimmguard::db::detail {

/// First line of the state file.
inline constexpr std::string_view trusted_state_magic = "dimmguard-trusted-state 1";

struct StateBundle {
    std::string role;
    std::string publisher;
    std::int64_t version = 0;
    std::uint64_t size = 0;          ///< leaves in the bundle's record tree
    merkle::Hash root{};
    std::vector<std::string> makers; ///< serials bundles: the makers (4 hex digits) covered
    std::string accepted;            ///< RFC 3339 time of the import
};

struct StateLog {
    std::uint64_t size = 0;
    merkle::Hash root{};
};

struct TrustedState {
    int threshold = 0;                                       ///< 0: no root pinned
    std::vector<std::pair<std::string, std::string>> roots;  ///< (key id, public key hex), sorted
    std::int64_t trust_version = 0;                          ///< 0: no trust document accepted
    std::string trust_hash;                                  ///< SHA-256 hex of its text
    std::map<std::string, StateBundle> bundles;              ///< by bundle digest
    std::map<std::string, StateLog> logs;                    ///< by station key id

    [[nodiscard]] std::string text() const;
    /// Strict parse; Errc::bad_format names the line.
    [[nodiscard]] static Result<TrustedState> parse(std::string_view text);
    /// The highest accepted version of (publisher, role), 0 when none.
    [[nodiscard]] std::int64_t latest_version(std::string_view publisher, std::string_view role) const;
};

/// `data_dir`/state/trusted-state.
[[nodiscard]] std::filesystem::path trusted_state_path(const std::filesystem::path& data_dir);

/// The state, or nullopt when there is none yet (in-memory databases keep theirs in memory).
/// Errc::bad_format for a damaged file, Errc::io when it cannot be read.
[[nodiscard]] Result<std::optional<TrustedState>> read_trusted_state(Database& database);

/// Read, edit and replace the state under an exclusive lock (state/lock), atomically: a crash
/// leaves the old state or the new one. `edit` starts from an empty state when there is none;
/// an error from it leaves the file untouched.
[[nodiscard]] Result<void> edit_trusted_state(Database& database, const std::function<Result<void>(TrustedState&)>& edit);

}  // namespace dimmguard::db::detail
