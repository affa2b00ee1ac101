// SPDX-License-Identifier: GPL-3.0-or-later
// Importing signed bundles into the registry (all or nothing), and a summary of the registry
// for `dimmguard registry status`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/trust.hpp"
#include "dimmguard/result.hpp"

namespace dimmguard::db {

/// Progress of a long import: `phase` is "checking" (pass 1) or "importing" (pass 2).
struct ImportProgress {
    std::string_view phase;
    std::uint64_t done = 0;
    std::uint64_t total = 0;
};
using ImportProgressFn = std::function<void(const ImportProgress&)>;
/// Records between two progress reports.
inline constexpr std::uint64_t import_progress_interval = 100'000;

struct ImportResult {
    BundleHeader header;
    bool already_imported = false;   ///< same digest imported before: nothing was written
    std::uint64_t records = 0;       ///< records inserted
};

/// Import a parts, serials or revocations bundle. Pass 1 reads the whole file and writes
/// nothing: syntax, header signature, publisher trusted for the role at `now`, bundle not
/// expired, record count and digest. Pass 2 re-reads and inserts everything in one
/// transaction, rolled back if the file changed in between. Refusals: Errc::bad_format
/// (syntax, digest, truncation), signature_invalid, untrusted_key (unknown key, wrong role,
/// expired key, expired bundle, rollback), not_found / io (cannot read).
[[nodiscard]] Result<ImportResult> import_bundle(Database& database, const std::filesystem::path& path, std::string_view now,
                                                 const ImportProgressFn& progress = {});

/// One imported bundle as `registry status` shows it (re-verified against the current trust).
struct BundleStatus {
    std::string publisher;
    std::string role;
    std::int64_t version = 0;
    std::string created;
    std::string expires;
    std::uint64_t records = 0;
    std::string digest;
    std::string imported;
    bool expired = false;
    std::optional<std::string> problem;   ///< header no longer verifies, publisher untrusted ...
};

struct RegistryStatus {
    bool initialised = false;
    TrustStore::Pinned pinned;
    std::optional<TrustDocument> trust;   ///< current document
    std::optional<std::string> trust_problem;
    std::vector<BundleStatus> bundles;
    std::uint64_t parts = 0;
    std::uint64_t serials = 0;
    std::uint64_t revocations = 0;
    /// The file against the trusted state (state/trusted-state): accepted bundles or sightings
    /// missing, data never accepted, Merkle logs that no longer have their accepted head.
    std::vector<std::string> integrity_problems;
};

[[nodiscard]] Result<RegistryStatus> registry_status(Database& database, std::string_view now);

}  // namespace dimmguard::db
