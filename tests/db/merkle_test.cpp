// SPDX-License-Identifier: GPL-3.0-or-later
// Merkle trees: the RFC 6962 vectors of Certificate Transparency, proofs against a plain
// recursive reading of the RFC for every size up to 300, refusal of every corrupted proof,
// 64-bit sizes, and the append frontier.
#include <catch2/catch.hpp>

#include <bit>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "db/merkle.hpp"

using namespace dimmguard;
using namespace dimmguard::db::merkle;

namespace {

Hash h(std::string_view hex) { return hash_from_hex(hex).value(); }

std::string bytes_of(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

// The eight leaves and tree heads of the RFC 6962 test data used by Certificate Transparency and
// github.com/transparency-dev/merkle (proof/verify_test.go).
const std::vector<std::string> ct_leaves = {
    bytes_of(""), bytes_of("00"), bytes_of("10"), bytes_of("2021"), bytes_of("3031"), bytes_of("40414243"),
    bytes_of("5051525354555657"), bytes_of("606162636465666768696a6b6c6d6e6f")};
const std::vector<Hash> ct_roots = {
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")};

// A stored tree in memory: every perfect subtree of the leaves, as a log keeps them.
class MemoryTree {
public:
    explicit MemoryTree(std::vector<Hash> leaves) {
        levels_.push_back(std::move(leaves));
        while (levels_.back().size() >= 2) {
            const auto& below = levels_.back();
            std::vector<Hash> up;
            for (std::size_t i = 0; i + 1 < below.size(); i += 2) up.push_back(node_hash(below[i], below[i + 1]));
            levels_.push_back(std::move(up));
        }
    }
    static MemoryTree of_strings(const std::vector<std::string>& data) {
        std::vector<Hash> leaves;
        for (const auto& d : data) leaves.push_back(leaf_hash(d));
        return MemoryTree(std::move(leaves));
    }
    static MemoryTree numbered(std::size_t size) {
        std::vector<Hash> leaves;
        for (std::size_t i = 0; i < size; ++i) leaves.push_back(leaf_hash("leaf " + std::to_string(i)));
        return MemoryTree(std::move(leaves));
    }
    [[nodiscard]] NodeSource source() const {
        return [this](unsigned level, std::uint64_t index) -> Result<Hash> {
            ++calls;
            if (level >= levels_.size() || index >= levels_[level].size()) {
                return fail(Errc::not_found, "no node " + std::to_string(level) + "/" + std::to_string(index));
            }
            return levels_[level][index];
        };
    }
    [[nodiscard]] const std::vector<Hash>& leaves() const { return levels_[0]; }
    [[nodiscard]] const Hash& node(unsigned level, std::uint64_t index) const { return levels_.at(level).at(index); }
    mutable std::size_t calls = 0;

private:
    std::vector<std::vector<Hash>> levels_;
};

// RFC 6962 section 2.1, read literally over a list of leaf hashes (D[begin:end]), with MTH
// remembered per range: the reference the storage-backed versions are compared with.
class Reference {
public:
    explicit Reference(std::span<const Hash> leaves) : d_(leaves) {}

    Hash mth(std::size_t begin, std::size_t end) {
        if (begin == end) return empty_root();
        if (end - begin == 1) return d_[begin];
        if (auto it = memo_.find({begin, end}); it != memo_.end()) return it->second;
        const std::size_t k = split(begin, end);
        const Hash hash = node_hash(mth(begin, k), mth(k, end));
        memo_.emplace(std::pair(begin, end), hash);
        return hash;
    }
    std::vector<Hash> path(std::size_t m, std::size_t begin, std::size_t end) {
        if (end - begin <= 1) return {};
        const std::size_t k = split(begin, end);
        std::vector<Hash> out = m < k ? path(m, begin, k) : path(m, k, end);
        out.push_back(m < k ? mth(k, end) : mth(begin, k));
        return out;
    }
    std::vector<Hash> subproof(std::size_t m, std::size_t begin, std::size_t end, bool b) {
        if (m == end) return b ? std::vector<Hash>{} : std::vector<Hash>{mth(begin, end)};
        const std::size_t k = split(begin, end);
        std::vector<Hash> out = m <= k ? subproof(m, begin, k, b) : subproof(m, k, end, false);
        out.push_back(m <= k ? mth(k, end) : mth(begin, k));
        return out;
    }

private:
    static std::size_t split(std::size_t begin, std::size_t end) { return begin + std::bit_floor(end - begin - 1); }
    std::span<const Hash> d_;
    std::map<std::pair<std::size_t, std::size_t>, Hash> memo_;
};

std::vector<Hash> with_byte_flipped(std::vector<Hash> proof, std::size_t element, std::size_t byte) {
    proof[element][byte] ^= 0x01;
    return proof;
}

// Every way a proof or its claims can be wrong, as transparency-dev/merkle's corruption tables.
void check_inclusion_refusals(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                              const std::vector<Hash>& proof, const Hash& root) {
    const Hash other = leaf_hash("other");
    CHECK_FALSE(verify_inclusion(other, index, size, proof, root));
    CHECK_FALSE(verify_inclusion(leaf, index, size, proof, other));
    CHECK_FALSE(verify_inclusion(leaf, index, size, proof, empty_root()));
    CHECK_FALSE(verify_inclusion(leaf, index + 1, size, proof, root));
    if (index > 0) CHECK_FALSE(verify_inclusion(leaf, index - 1, size, proof, root));
    CHECK_FALSE(verify_inclusion(leaf, index ^ 2, size, proof, root));
    CHECK_FALSE(verify_inclusion(leaf, size, size, proof, root));
    if (size < (std::uint64_t{1} << 62)) CHECK_FALSE(verify_inclusion(leaf, index, size * 2, proof, root));
    if (size / 2 > index) CHECK_FALSE(verify_inclusion(leaf, index, size / 2, proof, root));
    auto longer = proof;
    longer.push_back(root);
    CHECK_FALSE(verify_inclusion(leaf, index, size, longer, root));
    longer = proof;
    longer.insert(longer.begin(), leaf);
    CHECK_FALSE(verify_inclusion(leaf, index, size, longer, root));
    if (!proof.empty()) {
        CHECK_FALSE(verify_inclusion(leaf, index, size, std::span(proof).first(proof.size() - 1), root));
        for (std::size_t e = 0; e < proof.size(); ++e) {
            for (std::size_t b : {std::size_t{0}, std::size_t{17}, std::size_t{31}}) {
                CHECK_FALSE(verify_inclusion(leaf, index, size, with_byte_flipped(proof, e, b), root));
            }
        }
    }
}

void check_consistency_refusals(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                                const Hash& new_root, const std::vector<Hash>& proof) {
    const Hash other = leaf_hash("other");
    CHECK_FALSE(verify_consistency(old_size, new_size, other, new_root, proof));
    CHECK_FALSE(verify_consistency(old_size, new_size, old_root, other, proof));
    CHECK_FALSE(verify_consistency(old_size, new_size, new_root, old_root, proof));
    CHECK_FALSE(verify_consistency(old_size - 1, new_size, old_root, new_root, proof));
    CHECK_FALSE(verify_consistency(old_size + 1, new_size, old_root, new_root, proof));
    CHECK_FALSE(verify_consistency(old_size ^ 2, new_size, old_root, new_root, proof));
    CHECK_FALSE(verify_consistency(new_size, old_size, old_root, new_root, proof));
    CHECK_FALSE(verify_consistency(old_size, new_size / 2, old_root, new_root, proof));
    if (new_size < (std::uint64_t{1} << 62)) CHECK_FALSE(verify_consistency(old_size, new_size * 2, old_root, new_root, proof));
    CHECK_FALSE(verify_consistency(old_size, new_size, old_root, new_root, {}));
    for (const Hash& extra : {old_root, new_root, proof[0]}) {
        auto longer = proof;
        longer.push_back(extra);
        CHECK_FALSE(verify_consistency(old_size, new_size, old_root, new_root, longer));
        longer = proof;
        longer.insert(longer.begin(), extra);
        CHECK_FALSE(verify_consistency(old_size, new_size, old_root, new_root, longer));
    }
    CHECK_FALSE(verify_consistency(old_size, new_size, old_root, new_root, std::span(proof).first(proof.size() - 1)));
    for (std::size_t e = 0; e < proof.size(); ++e) {
        for (std::size_t b : {std::size_t{0}, std::size_t{17}, std::size_t{31}}) {
            CHECK_FALSE(verify_consistency(old_size, new_size, old_root, new_root, with_byte_flipped(proof, e, b)));
        }
    }
}

// A consistent stored tree of any size up to 2^64 - 1 without storing it: the leaves repeat with
// period 2^10, so a perfect node at level l depends only on its index modulo 2^(10 - l) (and not
// at all from level 10 up).
class PeriodicTree {
public:
    static constexpr unsigned period_bits = 10;
    PeriodicTree() {
        std::vector<Hash> level;
        for (unsigned i = 0; i < (1U << period_bits); ++i) level.push_back(leaf_hash("periodic " + std::to_string(i)));
        levels_.push_back(level);
        for (unsigned l = 1; l < 64; ++l) {
            const auto& below = levels_.back();
            std::vector<Hash> up;
            if (below.size() == 1) up.push_back(node_hash(below[0], below[0]));
            for (std::size_t i = 0; i + 1 < below.size(); i += 2) up.push_back(node_hash(below[i], below[i + 1]));
            levels_.push_back(std::move(up));
        }
    }
    [[nodiscard]] NodeSource source() const {
        return [this](unsigned level, std::uint64_t index) -> Result<Hash> {
            ++calls;
            if (level >= 64 || (level > 0 && (index >> (64 - level)) != 0)) return fail(Errc::not_found, "out of range");
            const auto& row = levels_[level];
            return row[index % row.size()];
        };
    }
    [[nodiscard]] Hash leaf(std::uint64_t index) const { return levels_[0][index % levels_[0].size()]; }
    mutable std::size_t calls = 0;

private:
    std::vector<std::vector<Hash>> levels_;
};

}  // namespace

TEST_CASE("merkle: leaf, node and empty hashes match RFC 6962 vectors", "[db][merkle]") {
    CHECK(to_hex(empty_root()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(to_hex(leaf_hash("")) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    CHECK(to_hex(leaf_hash("L123456")) == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
    CHECK(empty_root() != leaf_hash(""));
    const Hash a = leaf_hash("Hello"), b = leaf_hash("World");
    CHECK(node_hash(a, b) != node_hash(b, a));
    std::string concatenated(a.begin(), a.end());
    concatenated.append(b.begin(), b.end());
    CHECK(node_hash(a, b) != leaf_hash(concatenated));   // the 0x00 / 0x01 prefixes keep them apart
}

TEST_CASE("merkle: hex and base64 of hashes are strict", "[db][merkle]") {
    const Hash root8 = ct_roots[7];
    CHECK(hash_from_hex(to_hex(root8)).value() == root8);
    CHECK_FALSE(hash_from_hex("5DC9DA79A70659A9AD559CB701DED9A2AB9D823AAD2F4960CFE370EFF4604328"));
    CHECK_FALSE(hash_from_hex(to_hex(root8).substr(2)));
    CHECK_FALSE(hash_from_hex(to_hex(root8) + "00"));
    CHECK_FALSE(hash_from_hex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff460432g"));
    CHECK(hash_from_hex(" dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328").error().code == Errc::bad_format);

    // transparency-dev/merkle testdata/consistency/1/happy-path.json writes these two roots in base64
    CHECK(to_base64(root8) == "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=");
    CHECK(to_base64(ct_roots[0]) == "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=");
    CHECK(hash_from_base64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=").value() == root8);
    CHECK_FALSE(hash_from_base64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh="));   // bits after the last byte
    CHECK_FALSE(hash_from_base64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg"));    // no padding
    CHECK_FALSE(hash_from_base64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg="));   // URL alphabet
    CHECK_FALSE(hash_from_base64("Zm9v"));                                             // 3 bytes
}

TEST_CASE("merkle: base64 follows RFC 4648 and refuses anything non-canonical", "[db][merkle]") {
    const auto enc = [](std::string_view s) {
        return base64_encode(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
    };
    const auto dec = [](std::string_view s) -> std::optional<std::string> {
        auto bytes = base64_decode(s);
        if (!bytes) return std::nullopt;
        return std::string(bytes->begin(), bytes->end());
    };
    // RFC 4648 section 10
    const std::vector<std::pair<std::string, std::string>> vectors = {
        {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        CHECK(enc(plain) == encoded);
        CHECK(dec(encoded) == plain);
    }
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    CHECK(dec(enc(all)) == all);
    CHECK(enc("\xfb\xff") == "+/8=");

    for (const char* bad : {"Zg", "Zg=", "Zg===", "Z===", "====", "Zh==", "Zm9=", "Zg==Zg==", "Zm 9v", "Zm9v\n", " Zm9v",
                            "Zm9v=", "Z=9v", "Zm=v", "Zm-_", "Zm9\xc3\xa9", "Zg\0="}) {
        INFO(bad);
        CHECK_FALSE(dec(bad));
    }
    CHECK_FALSE(dec(std::string_view("Zg=\0", 4)));
    CHECK(base64_decode("Zh==").error().code == Errc::bad_format);
}

TEST_CASE("merkle: the Certificate Transparency test tree has the published heads", "[db][merkle]") {
    const auto tree = MemoryTree::of_strings(ct_leaves);
    for (std::uint64_t size = 1; size <= 8; ++size) {
        INFO("size " << size);
        CHECK(root(tree.source(), size).value() == ct_roots[size - 1]);
        CHECK(Reference(tree.leaves()).mth(0, size) == ct_roots[size - 1]);
    }
    CHECK(root(tree.source(), 0).value() == empty_root());
    CHECK(subtree_hash(tree.source(), 4, 8).value() == node_hash(tree.node(1, 2), tree.node(1, 3)));
}

TEST_CASE("merkle: published inclusion proofs are produced exactly and verify", "[db][merkle]") {
    const auto tree = MemoryTree::of_strings(ct_leaves);
    struct Vector {
        std::uint64_t index, size;
        std::vector<Hash> proof;
    };
    // transparency-dev/merkle proof/verify_test.go (there the leaf numbers count from 1)
    const std::vector<Vector> vectors = {
        {0, 1, {}},
        {0, 8, {h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")}},
        {5, 8, {h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}},
        {2, 3, {h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")}},
        {1, 5, {h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")}},
    };
    for (const auto& v : vectors) {
        INFO("index " << v.index << " size " << v.size);
        CHECK(inclusion_proof(tree.source(), v.index, v.size).value() == v.proof);
        const Hash leaf = leaf_hash(ct_leaves[v.index]);
        CHECK(verify_inclusion(leaf, v.index, v.size, v.proof, ct_roots[v.size - 1]));
        check_inclusion_refusals(leaf, v.index, v.size, v.proof, ct_roots[v.size - 1]);
    }
}

TEST_CASE("merkle: published consistency proofs are produced exactly and verify", "[db][merkle]") {
    const auto tree = MemoryTree::of_strings(ct_leaves);
    struct Vector {
        std::uint64_t old_size, new_size;
        std::vector<Hash> proof;
    };
    // transparency-dev/merkle proof/verify_test.go
    const std::vector<Vector> vectors = {
        {1, 1, {}},
        {1, 8, {h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")}},
        {6, 8, {h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}},
        {2, 5, {h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")}},
        {6, 7, {h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")}},
    };
    for (const auto& v : vectors) {
        INFO("old " << v.old_size << " new " << v.new_size);
        CHECK(consistency_proof(tree.source(), v.old_size, v.new_size).value() == v.proof);
        const Hash& old_root = ct_roots[v.old_size - 1];
        const Hash& new_root = ct_roots[v.new_size - 1];
        CHECK(verify_consistency(v.old_size, v.new_size, old_root, new_root, v.proof));
        if (!v.proof.empty()) check_consistency_refusals(v.old_size, v.new_size, old_root, new_root, v.proof);
    }
}

TEST_CASE("merkle: trivial and impossible consistency claims", "[db][merkle]") {
    const Hash a = leaf_hash("a"), b = leaf_hash("b");
    const std::vector<Hash> none;
    const std::vector<Hash> one = {empty_root()};
    CHECK(verify_consistency(0, 0, empty_root(), empty_root(), none));
    CHECK(verify_consistency(0, 5, empty_root(), b, none));            // the empty tree precedes every tree
    CHECK_FALSE(verify_consistency(0, 5, a, b, none));                 // ... but its head is the empty root
    CHECK_FALSE(verify_consistency(0, 5, empty_root(), b, one));
    CHECK(verify_consistency(3, 3, a, a, none));
    CHECK_FALSE(verify_consistency(3, 3, a, b, none));
    CHECK_FALSE(verify_consistency(3, 3, a, a, one));
    CHECK_FALSE(verify_consistency(1, 0, a, b, none));
    CHECK_FALSE(verify_consistency(2, 1, a, b, one));
    CHECK_FALSE(verify_consistency(1, 2, a, b, none));
    CHECK_FALSE(verify_inclusion(a, 0, 0, none, a));
    CHECK_FALSE(verify_inclusion(a, 1, 1, none, a));
    CHECK(verify_inclusion(a, 0, 1, none, a));
    CHECK_FALSE(verify_inclusion(a, 0, 1, none, b));
    CHECK_FALSE(verify_inclusion(a, 0, 1, one, a));
    // a proof far longer than any tree is refused without reading past its end
    const std::vector<Hash> long_proof(200, a);
    CHECK_FALSE(verify_inclusion(a, 5, 9, long_proof, b));
    CHECK_FALSE(verify_consistency(5, 9, a, b, long_proof));
    CHECK_FALSE(verify_inclusion(a, ~std::uint64_t{0} - 1, ~std::uint64_t{0}, long_proof, b));
    CHECK_FALSE(verify_consistency(~std::uint64_t{0} - 1, ~std::uint64_t{0}, a, b, long_proof));
}

TEST_CASE("merkle: proofs are refused for impossible arguments", "[db][merkle]") {
    const auto tree = MemoryTree::numbered(7);
    CHECK(inclusion_proof(tree.source(), 7, 7).error().code == Errc::usage);
    CHECK(inclusion_proof(tree.source(), 0, 0).error().code == Errc::usage);
    CHECK(consistency_proof(tree.source(), 8, 7).error().code == Errc::usage);
    CHECK(consistency_proof(tree.source(), 0, 7).value().empty());
    CHECK(consistency_proof(tree.source(), 7, 7).value().empty());
    CHECK(subtree_hash(tree.source(), 3, 3).error().code == Errc::usage);
    CHECK(subtree_hash(tree.source(), 5, 3).error().code == Errc::usage);
    CHECK(subtree_hash(tree.source(), 1, 3).error().code == Errc::usage);   // not a subtree the RFC forms
    CHECK(subtree_hash(tree.source(), 2, 5).error().code == Errc::usage);
    CHECK(subtree_hash(tree.source(), 4, 7).value() == node_hash(tree.node(1, 2), tree.node(0, 6)));
    CHECK(subtree_hash(tree.source(), 6, 7).value() == tree.node(0, 6));
    // a node the source does not have: its error comes back with the node named
    auto missing = root(tree.source(), 9);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::not_found);
    CHECK(missing.error().message.find("merkle node level 3 index 0") != std::string::npos);
    CHECK_FALSE(inclusion_proof(tree.source(), 0, 9));
    CHECK_FALSE(consistency_proof(tree.source(), 3, 9));
    CHECK_FALSE(Frontier::load(tree.source(), 9));
}

TEST_CASE("merkle: the nodes a proof reads are the RFC's, a few of them", "[db][merkle]") {
    // transparency-dev/merkle proof/proof_test.go: for size 7 the proof of leaf 0 is b h (i j),
    // the proof of leaf 4 is f j k, and the consistency proof 5 -> 7 is e f j k.
    const auto tree = MemoryTree::numbered(7);
    std::vector<std::pair<unsigned, std::uint64_t>> reads;
    const NodeSource base = tree.source();
    const NodeSource recording = [&](unsigned level, std::uint64_t index) {
        reads.emplace_back(level, index);
        return base(level, index);
    };
    using Reads = std::vector<std::pair<unsigned, std::uint64_t>>;
    REQUIRE(inclusion_proof(recording, 0, 7));
    CHECK(std::set(reads.begin(), reads.end()) == std::set<std::pair<unsigned, std::uint64_t>>{{0, 1}, {1, 1}, {1, 2}, {0, 6}});
    reads.clear();
    CHECK(inclusion_proof(recording, 4, 7).value() == std::vector<Hash>{tree.node(0, 5), tree.node(0, 6), tree.node(2, 0)});
    CHECK(reads == Reads{{2, 0}, {0, 6}, {0, 5}});
    reads.clear();
    CHECK(consistency_proof(recording, 5, 7).value() ==
          std::vector<Hash>{tree.node(0, 4), tree.node(0, 5), tree.node(0, 6), tree.node(2, 0)});
    CHECK(reads.size() == 4);
}

TEST_CASE("merkle: every proof of every tree up to 300 leaves matches RFC 6962 and verifies", "[db][merkle]") {
    const std::uint64_t max_size = 300;
    const auto tree = MemoryTree::numbered(max_size);
    const auto source = tree.source();
    const std::span<const Hash> all(tree.leaves());
    Reference reference(all);
    std::vector<Hash> roots(max_size + 1);
    for (std::uint64_t size = 0; size <= max_size; ++size) roots[size] = reference.mth(0, size);

    std::size_t mismatches = 0, failures = 0, accepted_wrong = 0, too_many_reads = 0;
    for (std::uint64_t size = 1; size <= max_size; ++size) {
        const std::size_t read_budget = 3 * static_cast<std::size_t>(std::bit_width(size)) + 1;
        if (root(source, size).value() != roots[size]) ++mismatches;
        for (std::uint64_t index = 0; index < size; ++index) {
            tree.calls = 0;
            const auto proof = inclusion_proof(source, index, size).value();
            if (tree.calls > read_budget) ++too_many_reads;
            if (proof != reference.path(index, 0, size)) ++mismatches;
            if (!verify_inclusion(all[index], index, size, proof, roots[size])) ++failures;
            if (verify_inclusion(all[index], index, size, proof, roots[size - 1])) ++accepted_wrong;
            if (index + 1 < size && verify_inclusion(all[index], index + 1, size, proof, roots[size])) ++accepted_wrong;
            if (!proof.empty() && verify_inclusion(all[index], index, size, with_byte_flipped(proof, index % proof.size(), 9), roots[size])) {
                ++accepted_wrong;
            }
        }
        for (std::uint64_t old_size = 0; old_size <= size; ++old_size) {
            tree.calls = 0;
            const auto proof = consistency_proof(source, old_size, size).value();
            if (tree.calls > read_budget) ++too_many_reads;
            const bool trivial = old_size == 0 || old_size == size;
            if (!trivial && proof != reference.subproof(old_size, 0, size, true)) ++mismatches;
            if (trivial && !proof.empty()) ++mismatches;
            if (!verify_consistency(old_size, size, roots[old_size], roots[size], proof)) ++failures;
            if (old_size > 0 && verify_consistency(old_size, size, roots[old_size - 1], roots[size], proof)) ++accepted_wrong;
            if (old_size > 0 && old_size < size && verify_consistency(old_size, size, roots[old_size], roots[size - 1], proof)) {
                ++accepted_wrong;   // (the empty tree precedes every tree)
            }
            if (!proof.empty() && verify_consistency(old_size, size, roots[old_size], roots[size], with_byte_flipped(proof, size % proof.size(), 30))) {
                ++accepted_wrong;
            }
        }
    }
    CHECK(mismatches == 0);
    CHECK(failures == 0);
    CHECK(accepted_wrong == 0);
    CHECK(too_many_reads == 0);

    // the full corruption table on a spread of sizes
    for (std::uint64_t size : {2U, 3U, 5U, 8U, 13U, 64U, 127U, 255U, 300U}) {
        for (std::uint64_t index : {std::uint64_t{0}, size / 3, size - 1}) {
            const auto proof = inclusion_proof(source, index, size).value();
            check_inclusion_refusals(all[index], index, size, proof, roots[size]);
        }
        for (std::uint64_t old_size : {std::uint64_t{1}, size / 2, size - 1}) {
            if (old_size == 0 || old_size == size) continue;
            const auto proof = consistency_proof(source, old_size, size).value();
            check_consistency_refusals(old_size, size, roots[old_size], roots[size], proof);
        }
    }
}

TEST_CASE("merkle: proofs in trees of up to 2^64 - 1 leaves", "[db][merkle]") {
    const PeriodicTree tree;
    const auto source = tree.source();
    std::mt19937_64 random(20260601);
    const std::uint64_t max = ~std::uint64_t{0};
    std::vector<std::uint64_t> sizes = {max, max - 1, std::uint64_t{1} << 63, (std::uint64_t{1} << 63) + 1,
                                        (std::uint64_t{1} << 40) + 12345, 1000003};
    for (int i = 0; i < 12; ++i) sizes.push_back(random() >> (random() % 40));
    for (const std::uint64_t size : sizes) {
        if (size < 2) continue;
        INFO("size " << size);
        const Hash head = root(source, size).value();
        CHECK(Frontier::load(source, size).value().root() == head);
        for (const std::uint64_t index : {std::uint64_t{0}, size - 1, size / 2, random() % size}) {
            INFO("index " << index);
            tree.calls = 0;
            const auto proof = inclusion_proof(source, index, size).value();
            CHECK(tree.calls <= 3 * 64);
            CHECK(verify_inclusion(tree.leaf(index), index, size, proof, head));
            CHECK_FALSE(verify_inclusion(tree.leaf(index), index + 1, size, proof, head));
            CHECK_FALSE(verify_inclusion(tree.leaf(index), index, size, with_byte_flipped(proof, proof.size() - 1, 3), head));
        }
        for (const std::uint64_t old_size : {std::uint64_t{1}, size - 1, size / 2, random() % size + 1}) {
            INFO("old size " << old_size);
            const Hash old_head = root(source, old_size).value();
            tree.calls = 0;
            const auto proof = consistency_proof(source, old_size, size).value();
            CHECK(tree.calls <= 3 * 64);
            CHECK(verify_consistency(old_size, size, old_head, head, proof));
            if (!proof.empty()) {
                CHECK_FALSE(verify_consistency(old_size, size, old_head, head, with_byte_flipped(proof, 0, 5)));
                CHECK_FALSE(verify_consistency(old_size, size, old_head, head, std::span(proof).first(proof.size() - 1)));
            }
        }
    }
}

TEST_CASE("merkle: the frontier's head and completed nodes match the stored tree at every size", "[db][merkle]") {
    const std::uint64_t max_size = 300;
    const auto tree = MemoryTree::numbered(max_size);
    const std::span<const Hash> all(tree.leaves());
    Reference reference(all);
    Frontier frontier;
    CHECK(frontier.size() == 0);
    CHECK(frontier.root() == empty_root());
    std::map<std::pair<unsigned, std::uint64_t>, Hash> stored;
    std::vector<Frontier::Node> completed;
    std::size_t wrong = 0;
    for (std::uint64_t size = 1; size <= max_size; ++size) {
        completed.clear();
        frontier.append(all[size - 1], completed);
        if (frontier.size() != size || frontier.root() != reference.mth(0, size)) ++wrong;
        // the leaf first, then its parents level by level, each a perfect subtree just finished
        if (completed.empty() || std::get<0>(completed[0]) != 0 || std::get<1>(completed[0]) != size - 1) ++wrong;
        for (std::size_t i = 0; i < completed.size(); ++i) {
            const auto& [level, index, hash] = completed[i];
            if (level != i || ((index + 1) << level) != size || hash != tree.node(level, index)) ++wrong;
            if (!stored.emplace(std::pair(level, index), hash).second) ++wrong;
        }
        // a frontier loaded from storage at this size continues the same way
        auto loaded = Frontier::load(tree.source(), size);
        if (!loaded || loaded->size() != size || loaded->root() != frontier.root()) ++wrong;
    }
    CHECK(wrong == 0);
    // every perfect subtree of the 300 leaves was reported exactly once
    std::size_t perfect = 0;
    for (unsigned level = 0; (std::uint64_t{1} << level) <= max_size; ++level) perfect += max_size >> level;
    CHECK(stored.size() == perfect);

    auto half = Frontier::load(tree.source(), 150).value();
    std::vector<Frontier::Node> rest;
    for (std::uint64_t i = 150; i < max_size; ++i) half.append(all[i], rest);
    CHECK(half.root() == frontier.root());
    for (const auto& [level, index, hash] : rest) CHECK(stored.at({level, index}) == hash);
}
