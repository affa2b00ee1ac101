// SPDX-License-Identifier: GPL-3.0-or-later
// Where the shared SPD corpus is (DIMMGUARD_CORPUS_DIR, set by ctest). Without it the corpus
// tests are skipped with a warning on a developer machine, and FAIL where the corpus is
// required: DIMMGUARD_REQUIRE_CORPUS=1 (the `ci` preset sets it) or CI=true.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace test_support {

inline bool corpus_required() {
    const char* require = std::getenv("DIMMGUARD_REQUIRE_CORPUS");
    const char* ci = std::getenv("CI");
    return (require != nullptr && std::string(require) == "1") || (ci != nullptr && std::string(ci) == "true");
}

/// The corpus directory holding MANIFEST.tsv, or nullopt after saying why `what` is skipped.
inline std::optional<std::filesystem::path> corpus_dir(const std::string& what) {
    const char* env = std::getenv("DIMMGUARD_CORPUS_DIR");
    const std::filesystem::path dir(env != nullptr ? env : "");
    std::error_code ec;
    if (env != nullptr && *env != '\0' && std::filesystem::is_regular_file(dir / "MANIFEST.tsv", ec)) return dir;
    const std::string where = env == nullptr || *env == '\0' ? std::string("<DIMMGUARD_CORPUS_DIR is not set>") : dir.string();
    if (corpus_required()) FAIL("shared SPD corpus not found at " << where << " (required here: DIMMGUARD_REQUIRE_CORPUS=1 or CI=true)");
    WARN("shared SPD corpus not found at " << where << "; " << what << " skipped");
    return std::nullopt;
}

}  // namespace test_support
