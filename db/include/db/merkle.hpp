// SPDX-License-Identifier: GPL-3.0-or-later
// RFC 6962 / RFC 9162 Merkle trees: hashes, subtree roots from stored nodes, proofs and their
// verification, and the right-edge frontier a log appends through.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "dimmguard/result.hpp"

namespace dimmguard::db::merkle {

/// A SHA-256 tree hash.
using Hash = std::array<std::uint8_t, 32>;

/// Lower-case hex of a hash, 64 digits.
[[nodiscard]] std::string to_hex(const Hash& hash);
/// Exactly 64 lower-case hex digits; anything else is Errc::bad_format.
[[nodiscard]] Result<Hash> hash_from_hex(std::string_view hex);

/// RFC 4648 section 4 base64 (standard alphabet, '=' padding).
[[nodiscard]] std::string base64_encode(std::span<const std::uint8_t> bytes);
/// Strict inverse of base64_encode: only text that base64_encode produces is accepted (no
/// whitespace, no missing or extra padding, no set bits after the last byte); Errc::bad_format.
[[nodiscard]] Result<std::vector<std::uint8_t>> base64_decode(std::string_view text);
[[nodiscard]] std::string to_base64(const Hash& hash);
/// Strict base64 of exactly 32 bytes (Errc::bad_format).
[[nodiscard]] Result<Hash> hash_from_base64(std::string_view text);

/// SHA-256(0x00 || leaf_data): the hash of one log entry.
[[nodiscard]] Hash leaf_hash(std::string_view leaf_data) noexcept;
/// The leaf hash of `a ‖ b ‖ c` (the parts of one leaf, hashed without joining them first).
[[nodiscard]] Hash leaf_hash(std::string_view a, std::string_view b, std::string_view c) noexcept;
/// SHA-256(0x01 || left || right): an interior node.
[[nodiscard]] Hash node_hash(const Hash& left, const Hash& right) noexcept;
/// SHA-256 of the empty string: the root of a tree with no leaves.
[[nodiscard]] Hash empty_root() noexcept;

/// Stored perfect subtrees: (level, index) is the root of leaves
/// [index << level, (index + 1) << level); level 0 gives the leaf hashes. Callers back it with
/// their storage; a failure it returns is passed on with context.
using NodeSource = std::function<Result<Hash>(unsigned level, std::uint64_t index)>;

/// MTH of leaves [begin, end) for an RFC 6962 subtree: `begin` a multiple of the smallest power
/// of two >= end - begin (every range the RFC's splitting produces, e.g. [4, 7)). One source
/// call per set bit of end - begin, so a perfect aligned range costs one.
/// Errc::usage for an empty range or one that is not such a subtree (e.g. [1, 3)).
[[nodiscard]] Result<Hash> subtree_hash(const NodeSource& source, std::uint64_t begin, std::uint64_t end);
/// The tree head (MTH) of the first `size` leaves; empty_root() for size 0.
[[nodiscard]] Result<Hash> root(const NodeSource& source, std::uint64_t size);

/// RFC 6962 section 2.1.1 PATH(index, D[0:size]), leaf side first. Errc::usage when
/// index >= size. O(log size) source calls.
[[nodiscard]] Result<std::vector<Hash>> inclusion_proof(const NodeSource& source, std::uint64_t index,
                                                        std::uint64_t size);
/// RFC 6962 section 2.1.2 PROOF(old_size, D[0:new_size]); empty when old_size is 0 or equals
/// new_size. Errc::usage when old_size > new_size. O(log new_size) source calls.
[[nodiscard]] Result<std::vector<Hash>> consistency_proof(const NodeSource& source, std::uint64_t old_size,
                                                          std::uint64_t new_size);

/// RFC 9162 section 2.1.3.2: true only when `proof` proves `leaf` (a leaf hash) is entry `index`
/// of the tree of `size` leaves with head `root`. False for index >= size.
[[nodiscard]] bool verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size,
                                    std::span<const Hash> proof, const Hash& root) noexcept;
/// RFC 9162 section 2.1.4.2: true only when `proof` proves the tree of new_size leaves with head
/// new_root extends the one of old_size leaves with head old_root. Equal sizes need equal roots
/// and an empty proof; old_size 0 needs old_root == empty_root() and an empty proof.
[[nodiscard]] bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, const Hash& old_root,
                                      const Hash& new_root, std::span<const Hash> proof) noexcept;

/// The perfect subtrees along a tree's right edge (one per set bit of its size, largest
/// first): enough to append leaves and compute the head without reading older leaves.
class Frontier {
public:
    /// A perfect subtree a caller stores: (level, index, hash) as NodeSource addresses it.
    using Node = std::tuple<unsigned, std::uint64_t, Hash>;

    Frontier() = default;
    /// The frontier of a stored tree of `size` leaves: one source call per set bit of `size`.
    [[nodiscard]] static Result<Frontier> load(const NodeSource& source, std::uint64_t size);

    [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
    /// Append one leaf hash (size() must be below 2^64 - 1). `completed` gets every perfect
    /// subtree this completes: the leaf itself (level 0) first, then each parent it finishes,
    /// lowest level first.
    void append(const Hash& leaf, std::vector<Node>& completed);
    /// The tree head: equal to merkle::root() over the same leaves.
    [[nodiscard]] Hash root() const;

private:
    std::vector<Hash> peaks_;  // largest subtree first
    std::uint64_t size_ = 0;
};

}  // namespace dimmguard::db::merkle
