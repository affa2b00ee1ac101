// SPDX-License-Identifier: GPL-3.0-or-later
// Small helpers shared by the db tests: fresh keys and whole-file reads and writes.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "db/keys.hpp"

namespace test_support {

/// A fresh Ed25519 key pair (the test fails if OpenSSL cannot make one).
inline dimmguard::db::KeyPair key() {
    auto k = dimmguard::db::KeyPair::generate();
    REQUIRE(k);
    return *k;
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void spit(const std::filesystem::path& p, const std::string& s) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << s;
    REQUIRE(out.good());
}

}  // namespace test_support
