// SPDX-License-Identifier: GPL-3.0-or-later
// RFC 6962 tree hashing over stored perfect subtrees, proofs (RFC 6962 section 2.1.1/2.1.2) and
// their verification (RFC 9162 section 2.1.3.2/2.1.4.2), base64, and the append frontier.
#include "db/merkle.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <limits>

#include <openssl/evp.h>

#include "dimmguard/bytes.hpp"

namespace dimmguard::db::merkle {
namespace {

constexpr std::uint8_t leaf_prefix = 0x00;
constexpr std::uint8_t node_prefix = 0x01;

// OpenSSL 3.0 looks the algorithm up on every EVP_Digest() / SHA256() call and allocates a new
// context each time. One fetched SHA-256 and one context per thread, reused, make a node hash
// about three times faster (the provider still allocates its small state on each init).
const EVP_MD* sha256_md() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

struct DigestContext {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    DigestContext() = default;
    DigestContext(const DigestContext&) = delete;
    DigestContext& operator=(const DigestContext&) = delete;
    ~DigestContext() { EVP_MD_CTX_free(ctx); }
};

Hash sha256(std::span<const std::uint8_t> first, std::span<const std::uint8_t> second) noexcept {
    thread_local DigestContext context;
    Hash out{};
    const EVP_MD* md = sha256_md();
    EVP_MD_CTX* ctx = context.ctx;
    const bool ok = md != nullptr && ctx != nullptr && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 &&
                    EVP_DigestUpdate(ctx, first.data(), first.size()) == 1 &&
                    EVP_DigestUpdate(ctx, second.data(), second.size()) == 1 &&
                    EVP_DigestFinal_ex(ctx, out.data(), nullptr) == 1;
    // Only an exhausted heap makes OpenSSL fail here; a wrong hash must never reach a tree head.
    if (!ok) std::abort();
    return out;
}

Result<Hash> fetch(const NodeSource& source, unsigned level, std::uint64_t index) {
    auto hash = source(level, index);
    if (!hash) {
        return with_context(std::move(hash), "merkle node level " + std::to_string(level) + " index " + std::to_string(index));
    }
    return hash;
}

// The largest power of two below n (n >= 2): where RFC 6962 splits D[n].
constexpr std::uint64_t split_point(std::uint64_t n) noexcept { return std::bit_floor(n - 1); }

// Whether [begin, begin + size) is a subtree the RFC's splitting produces: begin is a multiple
// of the smallest power of two >= size.
constexpr bool is_subtree(std::uint64_t begin, std::uint64_t size) noexcept {
    if (size == 0) return false;
    if (size > (std::uint64_t{1} << 63)) return begin == 0;
    return begin % std::bit_ceil(size) == 0;
}

// MTH of a valid subtree: its perfect pieces left to right (one per set bit of its size), folded
// from the right as RFC 6962 nests them.
Result<Hash> subtree_unchecked(const NodeSource& source, std::uint64_t begin, std::uint64_t end) {
    std::array<Hash, 64> pieces{};
    std::size_t count = 0;
    while (begin < end) {
        const std::uint64_t size = end - begin;
        const std::uint64_t piece = std::bit_floor(size);
        const auto level = static_cast<unsigned>(std::countr_zero(piece));
        auto hash = fetch(source, level, begin >> level);
        if (!hash) return hash;
        pieces[count++] = *hash;
        begin += piece;
    }
    if (count == 0) return fail(Errc::internal, "empty merkle subtree");
    Hash folded = pieces[count - 1];
    for (std::size_t i = count - 1; i > 0; --i) folded = node_hash(pieces[i - 1], folded);
    return folded;
}

void shift(std::uint64_t& fn, std::uint64_t& sn) noexcept {
    fn >>= 1;
    sn >>= 1;
}

}  // namespace

std::string to_hex(const Hash& hash) { return dimmguard::to_hex(hash); }

Result<Hash> hash_from_hex(std::string_view hex) {
    if (hex.size() != 64) return fail(Errc::bad_format, "a hash is 64 hex digits, not " + std::to_string(hex.size()) + " characters");
    // The project's one hex digit parser, upper case refused: one spelling per hash.
    const auto lower_hex = [](char c) { return c >= 'A' && c <= 'F' ? -1 : dimmguard::hex_digit(c); };
    Hash out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = lower_hex(hex[2 * i]), low = lower_hex(hex[2 * i + 1]);
        if (high < 0 || low < 0) return fail(Errc::bad_format, "a hash is written in lower-case hex digits only");
        out[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return out;
}

namespace {
constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int base64_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

// Padding allowed only as "xx==" or "xxx=" in the last group.
std::size_t padding_of(std::string_view group, bool last) noexcept {
    if (!last) return 0;
    if (group[3] != '=') return 0;
    return group[2] == '=' ? 2 : 1;
}
}  // namespace

std::string base64_encode(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | std::uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
        for (int shift_bits = 18; shift_bits >= 0; shift_bits -= 6) out.push_back(base64_alphabet[(v >> shift_bits) & 0x3f]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 0) return out;
    const std::uint32_t v = std::uint32_t{bytes[i]} << 16 | (rest == 2 ? std::uint32_t{bytes[i + 1]} << 8 : 0U);
    out.push_back(base64_alphabet[(v >> 18) & 0x3f]);
    out.push_back(base64_alphabet[(v >> 12) & 0x3f]);
    out.push_back(rest == 2 ? base64_alphabet[(v >> 6) & 0x3f] : '=');
    out.push_back('=');
    return out;
}

Result<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return fail(Errc::bad_format, "base64 length is not a multiple of 4");
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t at = 0; at < text.size(); at += 4) {
        const std::string_view group = text.substr(at, 4);
        const std::size_t padding = padding_of(group, at + 4 == text.size());
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            const int value = i < 4 - padding ? base64_value(group[i]) : 0;
            if (value < 0) return fail(Errc::bad_format, "not base64 (character " + std::to_string(at + i) + ")");
            v = v << 6 | static_cast<std::uint32_t>(value);
        }
        const std::uint32_t unused_mask = padding == 2 ? 0xffffU : padding == 1 ? 0xffU : 0U;
        if ((v & unused_mask) != 0) return fail(Errc::bad_format, "not canonical base64 (bits set after the last byte)");
        out.push_back(static_cast<std::uint8_t>(v >> 16));
        if (padding < 2) out.push_back(static_cast<std::uint8_t>(v >> 8));
        if (padding < 1) out.push_back(static_cast<std::uint8_t>(v));
    }
    return out;
}

std::string to_base64(const Hash& hash) { return base64_encode(hash); }

Result<Hash> hash_from_base64(std::string_view text) {
    auto bytes = base64_decode(text);
    if (!bytes) return tl::unexpected(bytes.error());
    if (bytes->size() != 32) return fail(Errc::bad_format, "a hash is 32 bytes, not " + std::to_string(bytes->size()));
    Hash out{};
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
}

Hash leaf_hash(std::string_view leaf_data) noexcept {
    const std::uint8_t prefix = leaf_prefix;
    return sha256(std::span(&prefix, 1),
                  std::span(reinterpret_cast<const std::uint8_t*>(leaf_data.data()), leaf_data.size()));
}

Hash leaf_hash(std::string_view a, std::string_view b, std::string_view c) noexcept {
    thread_local DigestContext context;
    Hash out{};
    const EVP_MD* md = sha256_md();
    EVP_MD_CTX* ctx = context.ctx;
    const std::uint8_t prefix = leaf_prefix;
    const bool ok = md != nullptr && ctx != nullptr && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 && EVP_DigestUpdate(ctx, &prefix, 1) == 1 &&
                    EVP_DigestUpdate(ctx, a.data(), a.size()) == 1 && EVP_DigestUpdate(ctx, b.data(), b.size()) == 1 &&
                    EVP_DigestUpdate(ctx, c.data(), c.size()) == 1 && EVP_DigestFinal_ex(ctx, out.data(), nullptr) == 1;
    if (!ok) std::abort();  // as in sha256(): only an exhausted heap gets here
    return out;
}

Hash node_hash(const Hash& left, const Hash& right) noexcept {
    std::array<std::uint8_t, 65> input{};
    input[0] = node_prefix;
    std::copy(left.begin(), left.end(), input.begin() + 1);
    std::copy(right.begin(), right.end(), input.begin() + 33);
    return sha256(input, {});
}

Hash empty_root() noexcept { return sha256({}, {}); }

Result<Hash> subtree_hash(const NodeSource& source, std::uint64_t begin, std::uint64_t end) {
    if (end <= begin) return fail(Errc::usage, "merkle subtree [" + std::to_string(begin) + ", " + std::to_string(end) + ") is empty");
    if (!is_subtree(begin, end - begin)) {
        return fail(Errc::usage, "merkle range [" + std::to_string(begin) + ", " + std::to_string(end) + ") is not an RFC 6962 subtree");
    }
    return subtree_unchecked(source, begin, end);
}

Result<Hash> root(const NodeSource& source, std::uint64_t size) {
    if (size == 0) return empty_root();
    return subtree_unchecked(source, 0, size);
}

Result<std::vector<Hash>> inclusion_proof(const NodeSource& source, std::uint64_t index, std::uint64_t size) {
    if (index >= size) {
        return fail(Errc::usage, "no leaf " + std::to_string(index) + " in a tree of " + std::to_string(size) + " leaves");
    }
    // PATH(m, D[n]) descends towards leaf m; each step adds the other half's head. Collected
    // from the top, so reversed at the end (the RFC lists the leaf side first).
    std::vector<Hash> path;
    std::uint64_t begin = 0, end = size;
    while (end - begin > 1) {
        const std::uint64_t middle = begin + split_point(end - begin);
        const bool left = index < middle;
        auto sibling = left ? subtree_unchecked(source, middle, end) : subtree_unchecked(source, begin, middle);
        if (!sibling) return tl::unexpected(sibling.error());
        path.push_back(*sibling);
        if (left) {
            end = middle;
        } else {
            begin = middle;
        }
    }
    std::reverse(path.begin(), path.end());
    return path;
}

Result<std::vector<Hash>> consistency_proof(const NodeSource& source, std::uint64_t old_size, std::uint64_t new_size) {
    if (old_size > new_size) {
        return fail(Errc::usage, "tree size " + std::to_string(old_size) + " is larger than " + std::to_string(new_size));
    }
    std::vector<Hash> proof;
    if (old_size == 0 || old_size == new_size) return proof;
    // SUBPROOF(m, D[begin:end], b) with m = old_size, keeping begin < m <= end.
    std::uint64_t begin = 0, end = new_size;
    bool whole_old_tree = true;  // the RFC's b: D[begin:end] is still the whole old tree's prefix
    while (old_size != end) {
        const std::uint64_t middle = begin + split_point(end - begin);
        const bool left = old_size <= middle;
        auto sibling = left ? subtree_unchecked(source, middle, end) : subtree_unchecked(source, begin, middle);
        if (!sibling) return tl::unexpected(sibling.error());
        proof.push_back(*sibling);
        if (left) {
            end = middle;
        } else {
            begin = middle;
            whole_old_tree = false;
        }
    }
    if (!whole_old_tree) {
        auto head = subtree_unchecked(source, begin, end);
        if (!head) return tl::unexpected(head.error());
        proof.push_back(*head);
    }
    std::reverse(proof.begin(), proof.end());
    return proof;
}

bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root) noexcept {
    if (index >= size) return false;
    std::uint64_t fn = index, sn = size - 1;
    Hash r = leaf;
    for (const Hash& p : proof) {
        if (sn == 0) return false;
        if ((fn & 1) != 0 || fn == sn) {
            r = node_hash(p, r);
            while ((fn & 1) == 0 && fn != 0) shift(fn, sn);
        } else {
            r = node_hash(r, p);
        }
        shift(fn, sn);
    }
    return sn == 0 && r == root;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root, const Hash& new_root,
                        std::span<const Hash> proof) noexcept {
    if (old_size > new_size) return false;
    if (old_size == new_size) return proof.empty() && old_root == new_root;
    if (old_size == 0) return proof.empty() && old_root == empty_root();
    if (proof.empty()) return false;
    // Step 2: a power-of-two old tree is a node of the new one, and its head starts the path.
    const bool prepend = std::has_single_bit(old_size);
    const std::size_t count = proof.size() + (prepend ? 1 : 0);
    const auto at = [&](std::size_t i) -> const Hash& { return prepend ? (i == 0 ? old_root : proof[i - 1]) : proof[i]; };
    std::uint64_t fn = old_size - 1, sn = new_size - 1;
    while ((fn & 1) != 0) shift(fn, sn);
    Hash fr = at(0), sr = at(0);
    for (std::size_t i = 1; i < count; ++i) {
        const Hash& c = at(i);
        if (sn == 0) return false;
        if ((fn & 1) != 0 || fn == sn) {
            fr = node_hash(c, fr);
            sr = node_hash(c, sr);
            while ((fn & 1) == 0 && fn != 0) shift(fn, sn);
        } else {
            sr = node_hash(sr, c);
        }
        shift(fn, sn);
    }
    return sn == 0 && fr == old_root && sr == new_root;
}

Result<Frontier> Frontier::load(const NodeSource& source, std::uint64_t size) {
    Frontier frontier;
    std::uint64_t covered = 0;
    for (int level = 63; level >= 0; --level) {
        const std::uint64_t piece = std::uint64_t{1} << level;
        if ((size & piece) == 0) continue;
        auto hash = fetch(source, static_cast<unsigned>(level), covered >> level);
        if (!hash) return tl::unexpected(hash.error());
        frontier.peaks_.push_back(*hash);
        covered += piece;
    }
    frontier.size_ = size;
    return frontier;
}

void Frontier::append(const Hash& leaf, std::vector<Node>& completed) {
    completed.emplace_back(0U, size_, leaf);
    Hash hash = leaf;
    unsigned level = 0;
    // Each set low bit of the old size is a peak of that level waiting for a right sibling.
    for (std::uint64_t position = size_; (position & 1) != 0;) {
        hash = node_hash(peaks_.back(), hash);
        peaks_.pop_back();
        position >>= 1;
        ++level;
        completed.emplace_back(level, position, hash);
    }
    peaks_.push_back(hash);
    ++size_;
}

Hash Frontier::root() const {
    if (peaks_.empty()) return empty_root();
    Hash folded = peaks_.back();
    for (std::size_t i = peaks_.size() - 1; i > 0; --i) folded = node_hash(peaks_[i - 1], folded);
    return folded;
}

}  // namespace dimmguard::db::merkle
