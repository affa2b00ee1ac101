// SPDX-License-Identifier: GPL-3.0-or-later
#include "state_view.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <bit>

#include "database_access.hpp"
#include "tlog.hpp"

namespace dimmguard::db::detail {
namespace {

std::string file_stamp(Database& database) {
    if (database.data_dir().empty()) return "memory";
    struct stat st {};
    if (::stat(trusted_state_path(database.data_dir()).c_str(), &st) != 0) return "absent";
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
           std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

Result<std::int64_t> data_version(Connection& c) {
    auto s = c.cached("PRAGMA data_version");
    if (!s) return tl::unexpected(s.error());
    auto row = (*s)->step();
    if (!row) return tl::unexpected(row.error());
    return (*s)->column_int64(0);
}

std::string describe(const StateBundle& b) { return b.publisher + "/" + b.role + "/v" + std::to_string(b.version); }

}  // namespace

Result<bool> holds_trusted_data(Database& database) {
    auto s = connection_of(database).prepare(
        "SELECT EXISTS(SELECT 1 FROM trust_roots) OR EXISTS(SELECT 1 FROM bundles) OR EXISTS(SELECT 1 FROM sightings)");
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0) != 0;
}

Result<std::shared_ptr<StateView>> state_view(Database& database) {
    Connection& c = connection_of(database);
    auto& cached = DatabaseAccess::state_view(database);
    const std::string stamp = file_stamp(database);
    auto version = data_version(c);
    if (!version) return tl::unexpected(version.error());
    if (cached && cached->stamp == stamp && cached->data_version == *version) return cached;

    auto view = std::make_shared<StateView>();
    view->stamp = stamp;
    view->data_version = *version;
    // Sightings counted by this connection stay counted while no other connection wrote.
    if (cached && cached->data_version == *version) view->counted = cached->counted;
    if (cached) {
        view->proven = cached->proven;
        view->verified_summaries = cached->verified_summaries;
    }

    auto state = read_trusted_state(database);
    if (!state) {
        view->problem = state.error().message;
    } else if (!*state) {
        auto holds = holds_trusted_data(database);
        if (!holds) return tl::unexpected(holds.error());
        if (*holds) {
            view->problem = "the trusted state " + (database.data_dir().empty() ? std::string("(memory)") : trusted_state_path(database.data_dir()).string()) +
                            " is missing, so nothing in this registry can be checked against what was accepted "
                            "(restore it, or run 'dimmguard registry adopt' to re-verify every signature and trust this file)";
        }
    } else {
        view->state = std::move(**state);
    }

    auto s = c.prepare("SELECT id, digest, role FROM bundles");
    if (!s) return tl::unexpected(s.error());
    std::map<std::string, std::pair<std::int64_t, std::string>> in_file;
    for (;;) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        in_file.emplace(s->column_text(1), std::make_pair(s->column_int64(0), s->column_text(2)));
    }
    if (view->state) {
        for (const auto& [digest, b] : view->state->bundles) {
            auto it = in_file.find(digest);
            if (it == in_file.end()) {
                view->rolled_back[b.role].push_back("bundle " + describe(b) + " accepted on " + b.accepted +
                                                    " is missing from the registry (rows deleted, or the file replaced by an older copy)");
            } else {
                view->bundle_ids[digest] = it->second.first;
            }
        }
    }
    for (const auto& [digest, entry] : in_file) {
        if (!view->state || view->state->bundles.count(digest) == 0) view->unlisted[entry.second].push_back(entry.first);
    }
    cached = view;
    return view;
}

Result<std::vector<std::string>> sighting_log_problems(Database& database, StateView& view) {
    std::vector<std::string> out;
    if (view.problem) {
        out.push_back(*view.problem);
        return out;
    }
    if (!view.state) return out;
    Connection& c = connection_of(database);
    for (const auto& [station, log] : view.state->logs) {
        std::uint64_t& done = view.counted[station];
        if (done > log.size) done = 0;
        if (done == log.size) continue;
        auto count = c.cached("SELECT COUNT(*) FROM sightings WHERE station = ? AND leaf >= ? AND leaf < ?");
        if (!count) return tl::unexpected(count.error());
        (*count)->bind(1, station).bind(2, static_cast<std::int64_t>(done)).bind(3, static_cast<std::int64_t>(log.size));
        auto row = (*count)->step();
        if (!row) return tl::unexpected(row.error());
        const auto present = static_cast<std::uint64_t>((*count)->column_int64(0));
        // (station, leaf) is unique: as many rows as leaves means every leaf is there.
        if (present == log.size - done) {
            done = log.size;
            continue;
        }
        out.push_back(std::to_string(log.size - done - present) + " of the " + std::to_string(log.size) + " accepted sightings of station " +
                      station + " are missing from the registry (rows deleted, or the file replaced by an older copy)");
    }
    return out;
}

namespace {

/// The level of `range` when it is a perfect aligned subtree.
std::optional<unsigned> perfect_level(const ProvenNodes::Range& range) {
    const std::uint64_t width = range.second - range.first;
    if (!std::has_single_bit(width) || range.first % width != 0) return std::nullopt;
    return static_cast<unsigned>(std::countr_zero(width));
}

unsigned cutoff_for(std::uint64_t size) {
    const auto bits = static_cast<unsigned>(std::bit_width(size));
    return std::max(bits > ProvenNodes::dense_bits ? bits - ProvenNodes::dense_bits : 0U, tlog_tile_height);
}

}  // namespace

const merkle::Hash* ProvenNodes::Tree::find(const Range& range) const {
    if (auto level = perfect_level(range); level && *level >= cutoff) {
        if (*level - cutoff >= levels.size()) return nullptr;
        const Level& l = levels[*level - cutoff];
        const std::uint64_t idx = range.first >> *level;
        return idx < l.known.size() && l.known[idx] ? &l.hash[idx] : nullptr;
    }
    auto it = edge.find(range);
    return it == edge.end() ? nullptr : &it->second;
}

ProvenNodes::Tree& ProvenNodes::at(const std::string& name, std::uint64_t size, const merkle::Hash& root, bool extends) {
    Tree& tree = logs[name];
    if (tree.size == size && tree.root == root) return tree;
    if (!extends || cutoff_for(size) != tree.cutoff) {
        for (const Level& l : tree.levels) slots -= l.hash.size();
        tree.levels.clear();
        tree.cutoff = cutoff_for(size);
    }
    tree.edge.clear();
    tree.size = size;
    tree.root = root;
    return tree;
}

void ProvenNodes::remember(Tree& tree, const Range& range, const merkle::Hash& hash) {
    const auto level = perfect_level(range);
    if (!level || (*level < tree.cutoff && range == Range{0, tree.size})) {
        // Not a perfect subtree, or the head of a tree smaller than the cutoff's nodes: every
        // proof ends there at the latest.
        tree.edge.emplace(range, hash);
        return;
    }
    if (*level < tree.cutoff) return;
    const std::size_t row = *level - tree.cutoff;
    if (tree.levels.size() <= row) tree.levels.resize(row + 1);
    Level& l = tree.levels[row];
    const std::uint64_t idx = range.first >> *level;
    if (idx >= l.hash.size()) {
        // Room for every perfect subtree of this level in the current tree.
        const std::size_t want = static_cast<std::size_t>(std::max<std::uint64_t>(tree.size >> *level, idx + 1));
        if (slots + (want - l.hash.size()) > limit) {
            // Over budget: start over (every tree, this one included, then only this node).
            for (auto& [name, t] : logs) t.levels.clear();
            slots = 0;
            if (want > limit) return;
            tree.levels.resize(row + 1);
        }
        Level& fresh = tree.levels[row];
        slots += want - fresh.hash.size();
        fresh.hash.resize(want);
        fresh.known.resize(want, false);
    }
    Level& target = tree.levels[row];
    target.hash[idx] = hash;
    target.known[idx] = true;
}

Result<bool> proves(Database& database, const std::string& log_name, std::uint64_t index, const merkle::Hash& leaf, std::uint64_t size,
                    const merkle::Hash& root, std::map<std::string, Tlog>* open_logs) {
    if (index >= size) return false;
    auto& view = DatabaseAccess::state_view(database);
    if (!view) view = std::make_shared<StateView>();
    ProvenNodes& proven = *view->proven;
    std::map<std::string, Tlog> this_proof;  // when the caller keeps none
    std::map<std::string, Tlog>& logs = open_logs != nullptr ? *open_logs : this_proof;
    const Tlog* log = nullptr;
    const auto open_log = [&]() -> Result<bool> {
        if (log == nullptr) {
            auto it = logs.find(log_name);
            if (it == logs.end()) {
                auto opened = Tlog::open(connection_of(database), log_name, false);
                if (!opened) return tl::unexpected(opened.error());
                it = logs.emplace(log_name, std::move(*opened)).first;
            }
            log = &it->second;
        }
        return log->id() >= 0;
    };
    bool extends = false;
    if (auto kept = proven.logs.find(log_name); kept != proven.logs.end() && (kept->second.size != size || kept->second.root != root)) {
        const ProvenNodes::Tree& old = kept->second;
        if (old.size > 0 && old.size < size) {
            auto opened = open_log();
            if (!opened) return tl::unexpected(opened.error());
            if (*opened) {
                auto proof = merkle::consistency_proof(log->source(), old.size, size);
                extends = proof && merkle::verify_consistency(old.size, size, old.root, root, *proof);
            }
        }
    }
    ProvenNodes::Tree& tree = proven.at(log_name, size, root, extends);
    proven.remember(tree, ProvenNodes::Range{0, size}, root);
    // The RFC 6962 path from the head down to the leaf: node ranges and their siblings.
    std::vector<ProvenNodes::Range> path{{0, size}};
    std::vector<ProvenNodes::Range> siblings;
    for (std::uint64_t begin = 0, end = size; end - begin > 1;) {
        const std::uint64_t middle = begin + std::bit_floor(end - begin - 1);
        if (index < middle) {
            siblings.push_back({middle, end});
            end = middle;
        } else {
            siblings.push_back({begin, middle});
            begin = middle;
        }
        path.push_back({begin, end});
    }
    merkle::Hash hash = leaf;
    std::vector<std::pair<ProvenNodes::Range, merkle::Hash>> learned;
    for (std::size_t i = path.size() - 1;; --i) {
        if (const merkle::Hash* known = tree.find(path[i])) {
            if (*known != hash) return false;
            break;
        }
        if (i == 0) return false;  // (not reached: the head was remembered above)
        learned.emplace_back(path[i], hash);
        const ProvenNodes::Range sibling = siblings[i - 1];
        merkle::Hash other{};
        if (const merkle::Hash* known = tree.find(sibling)) {
            other = *known;
        } else {
            auto opened = open_log();
            if (!opened) return tl::unexpected(opened.error());
            if (!*opened) return false;
            auto read = merkle::subtree_hash(log->source(), sibling.first, sibling.second);
            if (!read) {
                if (read.error().code == Errc::signature_invalid) return false;
                return tl::unexpected(read.error());
            }
            other = *read;
            learned.emplace_back(sibling, other);
        }
        hash = sibling.first < path[i].first ? merkle::node_hash(other, hash) : merkle::node_hash(hash, other);
    }
    // Everything on the way hashed up to a proven node: each is now proven too.
    for (const auto& [range, h] : learned) proven.remember(tree, range, h);
    return true;
}

}  // namespace dimmguard::db::detail
