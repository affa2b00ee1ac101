// SPDX-License-Identifier: GPL-3.0-or-later
// Bundle import: verify the whole file without writing, then insert everything in one
// transaction while re-hashing, so a file changed between the passes is rolled back.
#include "db/import.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <vector>

#include "db/sqlite_registry.hpp"
#include "database_access.hpp"
#include "tlog.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db {
namespace {

Result<std::int64_t> scalar(Connection& c, std::string_view sql, const std::vector<std::string>& args) {
    auto s = c.prepare(sql);
    if (!s) return tl::unexpected(s.error());
    for (std::size_t i = 0; i < args.size(); ++i) s->bind(static_cast<int>(i + 1), args[i]);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return *row && !s->column_is_null(0) ? s->column_int64(0) : -1;
}

void report(const ImportProgressFn& progress, std::string_view phase, std::uint64_t done, std::uint64_t total) {
    if (progress) progress(ImportProgress{phase, done, total});
}

struct RoleTable {
    std::string_view table;
    std::string_view key;
};

RoleTable role_table(std::string_view role) {
    if (role == "parts") return {"parts", "part_number"};
    if (role == "serials") return {"serials", "identity"};
    return {"revocations", "identity"};
}

/// Remove a stored bundle with its rows, makers and log (inside the caller's transaction).
Result<void> delete_bundle(Connection& c, std::int64_t id, std::string_view role, std::string_view digest) {
    const RoleTable table = role_table(role);
    const std::string log = detail::bundle_log_name(digest);
    for (const std::string& sql : {"DELETE FROM " + std::string(table.table) + " WHERE bundle_id = ?1", std::string("DELETE FROM serial_makers WHERE bundle_id = ?1"),
                                   std::string("DELETE FROM bundles WHERE id = ?1")}) {
        auto s = c.prepare(sql);
        if (!s) return tl::unexpected(s.error());
        s->bind(1, id);
        if (auto r = s->run(); !r) return r;
    }
    auto stored = detail::Tlog::open(c, log, false);
    if (!stored) return tl::unexpected(stored.error());
    if (stored->id() >= 0) {
        auto tiles = c.prepare("DELETE FROM tlog_tiles WHERE " + std::string(detail::tiles_of_log_sql));
        if (!tiles) return tl::unexpected(tiles.error());
        tiles->bind(1, stored->id());
        if (auto r = tiles->run(); !r) return r;
    }
    auto s = c.prepare("DELETE FROM tlogs WHERE name = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, log);
    return s->run();
}

/// A record's key as its table stores it: the second field (parts: percent-decoded into
/// `scratch`). nullopt when the field does not decode.
std::optional<std::string_view> key_of_record(std::string_view role, std::string_view text, std::string& scratch) {
    const std::size_t a = text.find('\t');
    const std::size_t b = text.find('\t', a + 1);
    const std::string_view key = text.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
    if (role != "parts") return key;
    auto pn = decode_field(key);
    if (!pn) return std::nullopt;
    scratch = std::move(*pn);
    return std::string_view(scratch);
}

/// Where each record goes in the bundle's log, which holds the records in key order (then
/// arrival order) so that a lookup can prove no record of a key is missing: leaf[i] for the
/// i-th record of the file; empty when the file is already in that order.
struct KeyOrder {
    std::string keys;                     ///< every key, back to back
    std::vector<std::uint32_t> ends;      ///< end of key i in `keys`
    bool sorted = true;

    void add(std::string_view key) {
        if (sorted && !ends.empty() && key < last()) sorted = false;
        keys.append(key);
        ends.push_back(static_cast<std::uint32_t>(keys.size()));
    }
    [[nodiscard]] std::string_view at(std::size_t i) const {
        const std::uint32_t begin = i == 0 ? 0 : ends[i - 1];
        return std::string_view(keys).substr(begin, ends[i] - begin);
    }
    [[nodiscard]] std::string_view last() const { return at(ends.size() - 1); }
    /// Leaf of each record (in memory: sorting rows inside SQLite and updating each row's leaf
    /// was two thirds of a 1 M-record import). Frees the keys.
    [[nodiscard]] std::vector<std::uint32_t> leaves() {
        std::vector<std::uint32_t> order;
        if (!sorted) {
            order.reserve(ends.size());
            for (std::uint32_t i = 0; i < ends.size(); ++i) order.push_back(i);
            // Keys compare as SQLite's BINARY collation does (bytes, then length); ties keep
            // the file's order, as the rows' ids do.
            std::stable_sort(order.begin(), order.end(), [this](std::uint32_t x, std::uint32_t y) { return at(x) < at(y); });
            // Invert: leaf[order[p]] = p.
            std::vector<std::uint32_t> leaf(order.size(), 0);
            for (std::uint32_t p = 0; p < order.size(); ++p) leaf[order[p]] = p;
            order.swap(leaf);
        }
        std::string().swap(keys);
        std::vector<std::uint32_t>().swap(ends);
        return order;
    }
};

/// Pass 1: everything but the database. Returns the header; `order` gets every record's key.
Result<BundleHeader> check_pass(const std::filesystem::path& path, Database& db, std::string_view now, const ImportProgressFn& progress,
                                Signature& header_signature, KeyOrder& order) {
    auto reader = BundleReader::open(path);
    if (!reader) return tl::unexpected(reader.error());
    const BundleHeader header = reader->header();
    const std::string name = path.string();
    if (header.role == "station") {
        return fail(Errc::usage, name + ": a station bundle holds sightings; merge it with 'dimmguard log import'");
    }
    TrustStore trust(db);
    auto key = trust.publisher_trusted(header.publisher, header.role, now);
    if (!key) return fail(key.error().code, name + ": " + key.error().message);
    if (!(*key == header.public_key)) return fail(Errc::untrusted_key, name + ": publisher key differs from the trusted key " + header.publisher);
    if (header.expires <= now) return fail(Errc::untrusted_key, name + ": bundle expired on " + header.expires);
    header_signature = reader->header_signature();
    if (header.records > std::numeric_limits<std::uint32_t>::max() - 1) return fail(Errc::bad_format, name + ": more records than one import takes");
    order.ends.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(header.records, 1u << 24)));
    std::string scratch;
    for (;;) {
        auto r = reader->next_raw();
        if (!r) return tl::unexpected(r.error());
        if (!*r) break;
        auto record_key = key_of_record(header.role, (*r)->signed_text, scratch);
        if (!record_key) return fail(Errc::bad_format, name + ": record " + std::to_string(reader->records_read()) + ": its key does not decode");
        if (order.keys.size() + record_key->size() > std::numeric_limits<std::uint32_t>::max()) return fail(Errc::bad_format, name + ": keys too long for one import");
        order.add(*record_key);
        if (reader->records_read() % import_progress_interval == 0) report(progress, "checking", reader->records_read(), header.records);
    }
    if (auto f = reader->finish(); !f) return tl::unexpected(f.error());
    report(progress, "checking", reader->records_read(), header.records);
    return header;
}

}  // namespace

Result<ImportResult> import_bundle(Database& db, const std::filesystem::path& path, std::string_view now_in, const ImportProgressFn& progress) {
    const std::string now = now_in.empty() ? utc_now() : std::string(now_in);
    const std::string name = path.string();
    Signature header_signature{};
    KeyOrder order;
    auto header = check_pass(path, db, now, progress, header_signature, order);
    if (!header) return tl::unexpected(header.error());
    const std::vector<std::uint32_t> leaf_of = order.leaves();   // empty: the file is in key order

    ImportResult result;
    result.header = *header;
    auto& c = detail::connection_of(db);
    // A 128 MB page cache for this connection keeps the identity index B-tree in memory
    // during a bulk load (random-order inserts into it are the largest SQLite cost). Dropping
    // the index and re-creating it after the load was measured too: no gain unless the sorter
    // runs in memory (temp_store = MEMORY), and then peak RSS grows with the bundle size.
    (void)c.exec("PRAGMA cache_size = -131072;");
    auto tx = Transaction::begin(c);
    if (!tx) return tl::unexpected(tx.error());

    // Decided inside the write transaction, so two concurrent imports cannot both pass.
    auto state = detail::read_trusted_state(db);
    if (!state) return tl::unexpected(state.error());
    const detail::TrustedState accepted = state->value_or(detail::TrustedState{});
    const auto listed = accepted.bundles.find(header->digest);
    auto existing = scalar(c, "SELECT id FROM bundles WHERE digest = ?", {header->digest});
    if (!existing) return tl::unexpected(existing.error());
    if (*existing >= 0) {
        if (listed != accepted.bundles.end()) {
            result.already_imported = true;
            return result;  // the transaction rolls back: nothing was written
        }
        // Stored but never entered in the trusted state (an import interrupted between its
        // commit and the state write, or rows inserted by hand): replace it with this verified copy.
        if (auto r = delete_bundle(c, *existing, header->role, header->digest); !r) return tl::unexpected(r.error());
    }
    auto last = scalar(c, "SELECT MAX(version) FROM bundles WHERE publisher = ? AND role = ?", {header->publisher, header->role});
    if (!last) return tl::unexpected(last.error());
    const std::int64_t last_accepted = std::max<std::int64_t>(*last, listed != accepted.bundles.end() ? 0 : accepted.latest_version(header->publisher, header->role));
    if (last_accepted >= header->version) {
        return fail(Errc::untrusted_key, name + ": version " + std::to_string(header->version) + " is not above v" + std::to_string(last_accepted) +
                                             " already imported from publisher " + header->publisher + " for " + header->role +
                                             " (rollback refused)");
    }

    auto bundle = c.prepare(
        "INSERT INTO bundles(publisher, role, version, created, expires, record_count, digest, header, header_signature, imported) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!bundle) return tl::unexpected(bundle.error());
    bundle->bind(1, header->publisher).bind(2, header->role).bind(3, header->version).bind(4, header->created).bind(5, header->expires);
    bundle->bind(6, static_cast<std::int64_t>(header->records)).bind(7, header->digest).bind(8, header->line());
    bundle->bind(9, signature_hex(header_signature)).bind(10, now);
    if (auto r = bundle->run(); !r) return tl::unexpected(r.error());
    const std::int64_t bundle_id = c.last_insert_rowid();

    const RoleTable table = role_table(header->role);
    auto insert = c.prepare("INSERT INTO " + std::string(table.table) + "(bundle_id, " + std::string(table.key) + ", line, signature, leaf) VALUES(?, ?, ?, ?, ?)");
    if (!insert) return tl::unexpected(insert.error());

    // Pass 2: the same file again, re-hashed by the reader; finish() compares with the header
    // that pass 1 checked, and the header itself must be the one pass 1 saw.
    auto reader = BundleReader::open(path);
    if (!reader) return tl::unexpected(reader.error());
    if (reader->header().line() != header->line()) return fail(Errc::bad_format, name + ": the file changed during the import (nothing imported)");
    // Pass 1 validated these exact lines (same digest, compared by finish() before commit).
    reader->skip_record_checks();
    std::set<std::string> makers;
    std::string last_maker;
    // The log's leaves in key order: as the records stream in when the file is in key order,
    // else at the places pass 1 worked out. The file cannot have changed in between without
    // finish() refusing it (digest) before anything is committed.
    std::vector<merkle::Hash> leaves;
    if (leaf_of.empty()) leaves.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(header->records, 1u << 24)));
    else leaves.resize(leaf_of.size());
    std::string scratch;
    for (;;) {
        auto r = reader->next_raw();
        if (!r) return fail(r.error().code, r.error().message + " (the file changed during the import; nothing imported)");
        if (!*r) break;
        const std::string_view text = (*r)->signed_text;
        const auto key = key_of_record(header->role, text, scratch);
        if (!key) return fail(Errc::bad_format, name + ": the file changed during the import (nothing imported)");
        if (header->role == "serials") {
            const std::string_view maker = key->substr(0, 4);
            if (maker != last_maker) {
                last_maker = std::string(maker);
                makers.insert(last_maker);
            }
        }
        const std::uint64_t i = reader->records_read() - 1;
        if (!leaf_of.empty() && i >= leaf_of.size()) return fail(Errc::bad_format, name + ": the file changed during the import (nothing imported)");
        const std::uint64_t leaf = leaf_of.empty() ? i : leaf_of[i];
        insert->reset();
        insert->bind(1, bundle_id).bind(2, *key).bind(3, text).bind(4, (*r)->signature_hex).bind(5, static_cast<std::int64_t>(leaf));
        if (auto ins = insert->run(); !ins) return tl::unexpected(ins.error());
        const merkle::Hash hash = detail::record_leaf(text, (*r)->signature_hex);
        if (leaf_of.empty()) leaves.push_back(hash);
        else leaves[leaf] = hash;
        if (reader->records_read() % import_progress_interval == 0) report(progress, "importing", reader->records_read(), header->records);
    }
    if (auto f = reader->finish(); !f) return fail(f.error().code, f.error().message + " (the file changed during the import; nothing imported)");
    result.records = reader->records_read();
    if (!leaf_of.empty() && result.records != leaf_of.size()) return fail(Errc::bad_format, name + ": the file changed during the import (nothing imported)");
    auto log = detail::Tlog::open(c, detail::bundle_log_name(header->digest), true);
    if (!log) return tl::unexpected(log.error());
    if (auto r = log->append(leaves); !r) return tl::unexpected(r.error());
    auto root = log->root(log->size());
    if (!root) return tl::unexpected(root.error());
    if (listed != accepted.bundles.end() && (listed->second.root != *root || listed->second.size != log->size())) {
        return fail(Errc::signature_invalid, name + ": the records differ from the copy accepted on " + listed->second.accepted + " (nothing imported)");
    }
    if (!makers.empty()) {
        auto m = c.prepare("INSERT INTO serial_makers(bundle_id, maker) VALUES(?, ?)");
        if (!m) return tl::unexpected(m.error());
        for (const auto& maker : makers) {
            m->reset();
            m->bind(1, bundle_id).bind(2, maker);
            if (auto r = m->run(); !r) return tl::unexpected(r.error());
        }
    }
    detail::StateBundle entry;
    entry.role = header->role;
    entry.publisher = header->publisher;
    entry.version = header->version;
    entry.size = log->size();
    entry.root = *root;
    entry.makers.assign(makers.begin(), makers.end());
    entry.accepted = now;
    if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
    // After the commit: a crash here leaves the bundle stored but not accepted; lookups report
    // it, and importing the same file again replaces it and accepts it.
    auto accepted_now = detail::edit_trusted_state(db, [&](detail::TrustedState& st) -> Result<void> {
        st.bundles[header->digest] = entry;
        return {};
    });
    if (!accepted_now) {
        return fail(accepted_now.error().code, name + ": stored, but the trusted state could not be written (" + accepted_now.error().message +
                                                   "); import the file again once that is fixed");
    }
    report(progress, "importing", result.records, header->records);
    return result;
}

}  // namespace dimmguard::db
