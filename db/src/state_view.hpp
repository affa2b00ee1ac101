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
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "db/merkle.hpp"
#include "db/trust.hpp"
#include "tlog.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db::detail {

/// Subtree hashes already proven against an accepted head of each log: a later proof climbs
/// only until it meets one of them. Each entry is a fact about the accepted tree (it hashed up
/// to the trusted head), not about the file, so it stays true whatever is written to the file
/// afterwards. When the log grows to a head that a consistency proof shows extends this one,
/// the perfect aligned subtrees stay (their hash depends only on their leaves) and only the
/// ranges along the old right edge go; any other head starts over.
///
/// Perfect subtrees are kept densely, one array per level, and only from the level at which a
/// log has at most 2^18 of them (`cutoff`), and never below the top of a bottom tile (level 6):
/// the upper tree of a log of 10 M leaves (levels 6 and up, about 10 MB) fills in and stays, so a
/// proof reads only the tile of its lowest six levels, instead of remembering every node of every
/// proof in a map that fills and is cleared. A node below level 6 would save no read: the proof
/// still needs the siblings under it, which are in that same bottom tile.
struct ProvenNodes {
    using Range = std::pair<std::uint64_t, std::uint64_t>;   ///< leaves [first, second)
    struct Level {
        std::vector<merkle::Hash> hash;                       ///< by index in the level
        std::vector<bool> known;
    };
    struct Tree {
        std::uint64_t size = 0;
        merkle::Hash root{};
        unsigned cutoff = 0;                                  ///< lowest level kept
        std::vector<Level> levels;                            ///< levels[level - cutoff]
        std::map<Range, merkle::Hash> edge;                   ///< proven nodes that are not perfect subtrees

        /// The proven hash of `range`, if known.
        [[nodiscard]] const merkle::Hash* find(const Range& range) const;
    };
    std::map<std::string, Tree> logs;
    std::size_t slots = 0;                                    ///< hashes allocated over all logs
    static constexpr unsigned dense_bits = 18;                ///< at most 2^18 nodes at a log's cutoff
    static constexpr std::size_t limit = std::size_t{1} << 21; ///< about 70 MB; everything is dropped when reached

    /// The tree of `name` at head (size, root). A tree kept for another head is kept only when
    /// `extends` says that head is a prefix of this one (a checked consistency proof); its
    /// edge ranges go.
    Tree& at(const std::string& name, std::uint64_t size, const merkle::Hash& root, bool extends);
    /// Remember that `range` of `tree` hashes to `hash` (proven against its head).
    void remember(Tree& tree, const Range& range, const merkle::Hash& hash);
};
struct StateView {
    std::optional<TrustedState> state;
    /// Set when the registry cannot be checked at all (state missing or damaged while the
    /// database holds data): every answer from it is reported as unverified.
    std::optional<std::string> problem;
    std::map<std::string, std::int64_t> bundle_ids;                   ///< state digest -> bundles.id present
    std::map<std::string, std::vector<std::string>> rolled_back;      ///< role -> accepted bundles missing from the file
    std::map<std::string, std::vector<std::int64_t>> unlisted;        ///< role -> bundle ids the state does not know
    std::map<std::string, std::uint64_t> counted;                     ///< station -> leaves [0, n) counted present
    std::shared_ptr<ProvenNodes> proven = std::make_shared<ProvenNodes>();  ///< kept across rebuilds
    /// Custody summaries whose signature verified (hash of message and signature): a fact about
    /// the bytes, true whatever the file holds later, so kept across rebuilds.
    std::shared_ptr<std::set<merkle::Hash>> verified_summaries = std::make_shared<std::set<merkle::Hash>>();
    /// TrustStore::pinned() and current() as answered for this view (outside write
    /// transactions only): the file and the state are unchanged while the view is.
    std::optional<TrustStore::Pinned> pinned;
    std::optional<std::optional<TrustDocument>> current_trust;

    std::string stamp;
    std::int64_t data_version = -1;
    /// held_log(): the stations whose accepted log (of this size) was found stored in sequence
    /// order, so a sync round that asks several times counts the rows once. Only rows above
    /// the accepted size are written while the view lives; another process's write makes a new view.
    std::map<std::string, std::uint64_t> logs_in_order;
};

/// The current view of `database` (cached in it).
[[nodiscard]] Result<std::shared_ptr<StateView>> state_view(Database& database);

/// Problems with the accepted sightings of every station log in the state: rows deleted, or the
/// file older than the state (rolled back). Counts each log once, then only what was added.
[[nodiscard]] Result<std::vector<std::string>> sighting_log_problems(Database& database, StateView& view);

/// True when the stored log `log_name` proves `leaf` is entry `index` of the tree of `size`
/// leaves with head `root`: an RFC 6962 inclusion proof from stored nodes, checked bottom-up
/// and stopped at the first subtree already proven for this head (ProvenNodes), so repeated
/// lookups in one tree read and hash only the lower levels.
/// `open_logs`: logs already opened in the caller's read snapshot (by name; filled as needed),
/// so the proofs of one lookup open each log once and share its tile cache.
[[nodiscard]] Result<bool> proves(Database& database, const std::string& log_name, std::uint64_t index, const merkle::Hash& leaf,
                                  std::uint64_t size, const merkle::Hash& root, std::map<std::string, Tlog>* open_logs = nullptr);

/// True when the database holds anything that needs a trusted state (roots, bundles, sightings).
[[nodiscard]] Result<bool> holds_trusted_data(Database& database);

}  // namespace dimmguard::db::detail
