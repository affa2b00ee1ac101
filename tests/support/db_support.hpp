// SPDX-License-Identifier: GPL-3.0-or-later
// Small helpers shared by the db tests: fresh keys, whole-file reads and writes, and a trust root
// that names publishers.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "db/trust.hpp"

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

/// Pin `root` in `db` and accept a first trust document, signed by it, that names each publisher
/// key for its roles (everything valid through 2026).
inline void trust_publishers(dimmguard::db::Database& db, const dimmguard::db::KeyPair& root,
                             const std::vector<std::pair<const dimmguard::db::KeyPair*, std::vector<std::string>>>& publishers, const std::string& now) {
    using namespace dimmguard::db;
    TrustStore store(db);
    REQUIRE(store.init({root.public_key()}, 1));
    TrustDocument d;
    d.version = 1;
    d.created = "2026-01-01T00:00:00Z";
    d.expires = "2027-01-01T00:00:00Z";
    d.roots = {{root.public_key().id(), root.public_key()}};
    for (const auto& [k, roles] : publishers) d.publishers.push_back({k->public_key().id(), k->public_key(), roles, "2027-01-01T00:00:00Z"});
    REQUIRE(store.accept_document(sign_trust_document(d, {root}).value(), now));
}

}  // namespace test_support
