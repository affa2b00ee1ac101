// SPDX-License-Identifier: GPL-3.0-or-later
// Adoption: re-verify every signature in a registry file, rebuild its Merkle logs from what
// verifies, and make that the trusted state. Run once when a schema 2 registry is upgraded (it
// had no state), and by `dimmguard registry adopt` when the state was lost.
#include <algorithm>
#include <map>
#include <set>

#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/station_log.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"
#include "database_access.hpp"
#include "record_groups.hpp"
#include "tlog.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db {
namespace {

struct BundleRow {
    std::int64_t id = 0;
    std::string digest;
    std::string role;
    std::string header;
    std::string header_signature;
    std::string imported;
};

}  // namespace

Result<AdoptSummary> adopt_registry(Database& database) {
    if (detail::DatabaseAccess::read_only(database)) return fail(Errc::usage, "registry adopt needs a writable registry");
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    Connection& c = detail::connection_of(database);
    AdoptSummary summary;
    detail::TrustedState state;

    auto tx = Transaction::begin(c);
    if (!tx) return tl::unexpected(tx.error());
    if (auto r = c.exec("DELETE FROM tlog_tiles; DELETE FROM tlogs; UPDATE sightings SET leaf = NULL; "
                        "DELETE FROM custody_summaries;");  // folds of what was trusted before: made again on the next record
        !r) {
        return tl::unexpected(r.error());
    }

    // ---- publisher bundles: header signature, then every record by the header's key
    std::vector<BundleRow> bundles;
    {
        auto s = c.prepare("SELECT id, digest, role, header, header_signature, imported FROM bundles ORDER BY id");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            bundles.push_back({s->column_int64(0), s->column_text(1), s->column_text(2), s->column_text(3), s->column_text(4), s->column_text(5)});
        }
    }
    for (const BundleRow& b : bundles) {
        auto header = BundleHeader::parse(b.header);
        auto sig = signature_from_hex(b.header_signature);
        const std::string name = "bundle row " + std::to_string(b.id);
        if (!header || !sig || !header->public_key.verify(std::string(header_signing_prefix) + b.header, *sig) || header->digest != b.digest ||
            header->role != b.role || (b.role != "parts" && b.role != "serials" && b.role != "revocations")) {
            summary.problems.push_back(name + ": its signed header does not verify; not adopted");
            continue;
        }
        // Every stored record of the bundle, verified by the header's key, numbered again in key
        // order (then stored order) into fresh groups.
        auto stored = detail::read_bundle_records(c, b.role, b.id);
        if (!stored) return tl::unexpected(stored.error());
        if (stored->problem) summary.problems.push_back(name + ": " + *stored->problem + "; the records after it are not adopted");
        std::vector<detail::StoredRecord> kept;
        for (auto& record : stored->records) {
            auto rsig = signature_from_hex(record.signature);
            const std::optional<std::string> filed = detail::record_key(b.role, record.line);
            if (!rsig || !filed || !header->public_key.verify(record_signing_message(record.line), *rsig)) {
                summary.problems.push_back(name + " (" + header->publisher + "/" + b.role + "/v" + std::to_string(header->version) + "): the record at leaf " +
                                           std::to_string(record.leaf) + " does not verify; left out");
                continue;
            }
            record.key = *filed;
            kept.push_back(std::move(record));
        }
        stored->records.clear();
        std::stable_sort(kept.begin(), kept.end(), [](const detail::StoredRecord& x, const detail::StoredRecord& y) { return x.key < y.key; });
        auto drop = c.prepare(std::string("DELETE FROM record_groups WHERE ") + detail::groups_of_bundle_sql);
        if (!drop) return tl::unexpected(drop.error());
        drop->bind(1, b.id);
        if (auto r = drop->run(); !r) return tl::unexpected(r.error());
        auto writer = detail::GroupWriter::open(c, b.id);
        if (!writer) return tl::unexpected(writer.error());
        std::vector<merkle::Hash> leaves;
        std::set<std::string> makers;
        for (const auto& record : kept) {
            if (auto r = writer->add(leaves.size(), record.key, record.line, record.signature); !r) return tl::unexpected(r.error());
            leaves.push_back(detail::record_leaf(record.line, record.signature));
            if (b.role == "serials") makers.insert(record.key.substr(0, 4));
        }
        if (auto r = writer->finish(); !r) return tl::unexpected(r.error());
        if (leaves.size() != header->records) {
            summary.problems.push_back(name + " (" + header->publisher + "/" + b.role + "/v" + std::to_string(header->version) + "): holds " +
                                       std::to_string(leaves.size()) + " of its " + std::to_string(header->records) + " signed records");
        }
        auto log = detail::Tlog::open(c, detail::bundle_log_name(b.digest), true);
        if (!log) return tl::unexpected(log.error());
        if (auto r = log->append(leaves); !r) return tl::unexpected(r.error());
        auto root = log->root(log->size());
        if (!root) return tl::unexpected(root.error());
        detail::StateBundle entry;
        entry.role = b.role;
        entry.publisher = header->publisher;
        entry.version = header->version;
        entry.size = log->size();
        entry.root = *root;
        entry.makers.assign(makers.begin(), makers.end());
        entry.accepted = b.imported.empty() ? utc_now() : b.imported;
        state.bundles[b.digest] = std::move(entry);
        ++summary.bundles;
        summary.records += leaves.size();
    }

    // ---- sightings: per station, in storage order, by the station's own key
    std::map<std::string, std::optional<PublicKey>> keys;
    keys[station->id] = station->key.public_key();
    {
        auto s = c.prepare("SELECT key_id, public_key FROM stations");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            auto key = PublicKey::from_hex(s->column_text(1));
            if (key && key->id() == s->column_text(0) && keys.count(key->id()) == 0) keys[key->id()] = *key;
        }
    }
    std::map<std::string, std::vector<std::pair<std::int64_t, merkle::Hash>>> logs;
    {
        auto s = c.prepare("SELECT seq, station, line, signature FROM sightings ORDER BY seq");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            const std::string st = s->column_text(1);
            const std::string line = s->column_text(2);
            const std::string signature = s->column_text(3);
            auto key = keys.find(st);
            auto sig = signature_from_hex(signature);
            auto parsed = parse_sighting_line(line);
            if (key == keys.end() || !key->second || !sig || !parsed || parsed->station != st ||
                !key->second->verify(record_message(line), *sig)) {
                summary.problems.push_back("sighting seq " + std::to_string(s->column_int64(0)) + " of station " + st + " does not verify; left out");
                continue;
            }
            logs[st].emplace_back(s->column_int64(0), detail::record_leaf(line, signature));
        }
    }
    auto set = c.prepare("UPDATE sightings SET leaf = ? WHERE seq = ?");
    if (!set) return tl::unexpected(set.error());
    for (const auto& [st, entries] : logs) {
        std::vector<merkle::Hash> leaves;
        leaves.reserve(entries.size());
        for (const auto& [seq, leaf] : entries) {
            set->reset();
            set->bind(1, static_cast<std::int64_t>(leaves.size())).bind(2, seq);
            if (auto r = set->run(); !r) return tl::unexpected(r.error());
            leaves.push_back(leaf);
        }
        auto log = detail::Tlog::open(c, detail::station_log_name(st), true);
        if (!log) return tl::unexpected(log.error());
        if (auto r = log->append(leaves); !r) return tl::unexpected(r.error());
        auto root = log->root(log->size());
        if (!root) return tl::unexpected(root.error());
        state.logs[st] = detail::StateLog{log->size(), *root};
        summary.sightings += leaves.size();
    }

    // ---- trust: the pinned roots and the newest trust document as the file holds them; the
    // chain itself is verified on every use (TrustStore::current).
    {
        auto s = c.prepare("SELECT key_id, public_key FROM trust_roots ORDER BY key_id");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            state.roots.emplace_back(s->column_text(0), s->column_text(1));
        }
        std::sort(state.roots.begin(), state.roots.end());
        auto th = database.meta("trust.threshold");
        if (!th) return tl::unexpected(th.error());
        if (!state.roots.empty()) {
            const std::string t = th->value_or("1");
            state.threshold = t.size() == 1 && t[0] >= '1' && t[0] <= '9' ? t[0] - '0' : (t.size() == 2 && t[0] >= '1' && t[0] <= '9' && t[1] >= '0' && t[1] <= '9' ? (t[0] - '0') * 10 + (t[1] - '0') : 1);
            state.threshold = std::min<int>(state.threshold, static_cast<int>(state.roots.size()));
        }
        auto d = c.prepare("SELECT version, text FROM trust_documents ORDER BY version DESC LIMIT 1");
        if (!d) return tl::unexpected(d.error());
        auto row = d->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) {
            state.trust_version = d->column_int64(0);
            state.trust_hash = sha256_hex(d->column_text(1));
        }
    }
    if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
    if (auto r = detail::edit_trusted_state(database, [&](detail::TrustedState& st) -> Result<void> {
            st = state;
            return {};
        });
        !r) {
        return tl::unexpected(r.error());
    }
    TrustStore trust(database);
    if (auto cur = trust.current(); !cur) summary.problems.push_back(cur.error().message);
    return summary;
}

}  // namespace dimmguard::db
