// SPDX-License-Identifier: GPL-3.0-or-later
// The History search: pick the index that narrows the search most, read the newest matches
// through it, and check every row with the same check_row() as `dimmguard log show`.
#include "db/sighting_query.hpp"

#include <algorithm>
#include <map>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

#include "db/bundle.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "database_access.hpp"
#include "sighting_rows.hpp"
#include "tlog.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db {
namespace {

using detail::connection_of;

/// Index entries a probe counts at most. Below this a prefix match is sorted by time (cheap:
/// the index holds time and seq); at or above it, the search walks an index in time order.
constexpr std::int64_t probe_cap = 20'000;

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

/// SQL text with its parameters in order.
struct Sql {
    std::string text;
    std::vector<std::string> binds;

    Sql& add(std::string_view fragment) {
        text += fragment;
        return *this;
    }
    Sql& add(const Sql& other) {
        text += other.text;
        binds.insert(binds.end(), other.binds.begin(), other.binds.end());
        return *this;
    }
};

/// Distinct keys of a prefix range the search walks one by one at most (each in time order).
constexpr std::size_t max_walked_keys = 256;

/// One way into the table: an index and the condition it answers.
struct Arm {
    std::string index;
    Sql condition;
    bool ordered = false;   ///< the index yields the matches in time order (equality, or the time index)
    std::string column;     ///< the indexed column (empty: the time index)
    std::string low, high;  ///< a prefix range [low, high) of `column`; low alone: equality
};

/// One filter of the query: one arm, or several joined by OR (text: identity or serial prefix).
struct Candidate {
    std::vector<Arm> arms;
    std::int64_t estimate = 0;   ///< matching index entries, capped at probe_cap per arm

    [[nodiscard]] Sql filter() const {
        Sql sql;
        sql.add("(");
        for (std::size_t i = 0; i < arms.size(); ++i) {
            if (i > 0) sql.add(" OR ");
            sql.add("(").add(arms[i].condition).add(")");
        }
        return sql.add(")");
    }
    [[nodiscard]] bool ordered() const { return arms.size() == 1 && arms.front().ordered; }
};

/// column >= prefix AND column < prefix + 0xff: every text that starts with `prefix` in the
/// column's collation (0xff never occurs in UTF-8).
Sql prefix_condition(std::string_view column, const std::string& prefix) {
    Sql sql;
    sql.text = std::string(column) + " >= ? AND " + std::string(column) + " < ?";
    sql.binds = {prefix, prefix + '\xff'};
    return sql;
}

Sql equal_condition(std::string_view column, const std::string& value) {
    Sql sql;
    sql.text = std::string(column) + " = ?";
    sql.binds = {value};
    return sql;
}

Arm prefix_arm(std::string index, std::string column, const std::string& prefix) {
    return Arm{std::move(index), prefix_condition(column, prefix), false, column, prefix, prefix + '\xff'};
}

Arm equal_arm(std::string index, std::string column, const std::string& value) {
    return Arm{std::move(index), equal_condition(column, value), true, column, value, {}};
}

Result<Statement> prepare(Connection& c, const Sql& sql) {
    auto s = c.prepare(sql.text);
    if (!s) return tl::unexpected(s.error());
    int index = 1;
    for (const auto& value : sql.binds) s->bind(index++, value);
    return s;
}

/// Matching entries of one arm's index, counted up to probe_cap (the index alone answers).
Result<std::int64_t> probe(Connection& c, const Arm& arm, const Sql& time) {
    Sql sql;
    sql.add("SELECT count(*) FROM (SELECT 1 FROM sightings INDEXED BY " + arm.index + " WHERE ").add(arm.condition);
    if (!time.text.empty()) sql.add(" AND ").add(time);
    sql.add(" LIMIT " + std::to_string(probe_cap) + ")");
    auto s = prepare(c, sql);
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0);
}

/// The distinct keys of `arm`'s range in its index (its collation), at most `most`: nullopt when
/// there are more. One index seek per key.
Result<std::optional<std::vector<std::string>>> distinct_keys(Connection& c, const Arm& arm, std::size_t most) {
    if (arm.high.empty()) return std::optional<std::vector<std::string>>{std::vector<std::string>{arm.low}};
    std::vector<std::string> keys;
    auto first = c.prepare("SELECT " + arm.column + " FROM sightings INDEXED BY " + arm.index + " WHERE " + arm.column + " >= ? AND " +
                           arm.column + " < ? ORDER BY " + arm.column + " LIMIT 1");
    auto next = c.prepare("SELECT " + arm.column + " FROM sightings INDEXED BY " + arm.index + " WHERE " + arm.column + " > ? AND " +
                          arm.column + " < ? ORDER BY " + arm.column + " LIMIT 1");
    if (!first) return tl::unexpected(first.error());
    if (!next) return tl::unexpected(next.error());
    first->bind(1, arm.low).bind(2, arm.high);
    Statement* s = &*first;
    for (;;) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return std::optional<std::vector<std::string>>{std::move(keys)};
        if (keys.size() == most) return std::optional<std::vector<std::string>>{};
        keys.push_back(s->column_text(0));
        next->reset();
        next->bind(1, keys.back()).bind(2, arm.high);
        s = &*next;
    }
}

/// Stops SQLite's cancel checks when the search ends, however it ends.
class CancelScope {
public:
    CancelScope(Connection& c, const std::atomic<bool>* flag) : c_(c) { c_.cancel_when(flag); }
    ~CancelScope() { c_.cancel_when(nullptr); }
    CancelScope(const CancelScope&) = delete;
    CancelScope& operator=(const CancelScope&) = delete;

private:
    Connection& c_;
};

bool is_day(std::string_view day) { return day.size() == 10 && is_rfc3339_utc(std::string(day) + "T00:00:00Z"); }

/// What the index columns say, for a row whose line does not parse.
verifier::Sighting from_columns(const detail::SightingRowData& row) {
    verifier::Sighting s;
    s.id = row.id;
    if (auto identity = verifier::ModuleIdentity::parse(row.identity)) s.identity = *identity;
    s.station = row.station;
    s.part_number = row.columns.part_number;
    s.verdict = row.columns.verdict;
    s.time = row.columns.time;
    if (!row.columns.lot.empty()) s.context.emplace("lot", row.columns.lot);
    return s;
}

}  // namespace

bool SightingQuery::empty() const noexcept {
    return text.empty() && part.empty() && lot.empty() && station.empty() && verdict.empty() && from_day.empty() && to_day.empty();
}

Result<SightingSearch> find_sightings(Database& database, const SightingQuery& query, std::size_t limit, const std::atomic<bool>* cancel,
                                      const std::string& now) {
    const std::string from_day = trimmed(query.from_day), to_day = trimmed(query.to_day);
    if (!from_day.empty() && !is_day(from_day)) return fail(Errc::usage, "from day '" + from_day + "' is not YYYY-MM-DD");
    if (!to_day.empty() && !is_day(to_day)) return fail(Errc::usage, "to day '" + to_day + "' is not YYYY-MM-DD");

    // Every filter becomes a candidate way in; the time range is also one (the time index).
    std::vector<Candidate> candidates;
    Sql time;
    if (!from_day.empty() || !to_day.empty()) {
        if (!from_day.empty()) {
            time.add("time >= ?");
            time.binds.push_back(from_day + "T00:00:00Z");
        }
        if (!to_day.empty()) {
            if (!time.text.empty()) time.add(" AND ");
            time.add("time < ?");   // "T24" sorts after every time of that day
            time.binds.push_back(to_day + "T24");
        }
        candidates.push_back(Candidate{{Arm{"sightings_by_time", time, true, {}, {}, {}}}});
    }
    if (const std::string text = lower(trimmed(query.text)); !text.empty()) {
        if (verifier::ModuleIdentity::parse(text)) {
            candidates.push_back(Candidate{{equal_arm("sightings_by_identity", "identity", text)}});
        } else if (text.find('-') != std::string::npos) {
            candidates.push_back(Candidate{{prefix_arm("sightings_by_identity", "identity", text)}});
        } else {
            candidates.push_back(Candidate{{prefix_arm("sightings_by_identity", "identity", text), prefix_arm("sightings_by_serial", "serial", text)}});
        }
    }
    if (const std::string part = trimmed(query.part); !part.empty()) {
        candidates.push_back(Candidate{{prefix_arm("sightings_by_part", "part_number", part)}});
    }
    if (const std::string lot = trimmed(query.lot); !lot.empty()) {
        candidates.push_back(Candidate{{prefix_arm("sightings_by_lot", "lot", lot)}});
    }
    if (const std::string station = lower(trimmed(query.station)); !station.empty()) {
        candidates.push_back(Candidate{{prefix_arm("sightings_by_station", "station", station)}});
    }
    if (const std::string verdict = lower(trimmed(query.verdict)); !verdict.empty()) {
        candidates.push_back(Candidate{{equal_arm("sightings_by_verdict", "verdict", verdict)}});
    }

    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    detail::StationKeys keys(database, *station, now);
    Connection& c = connection_of(database);
    CancelScope cancel_scope(c, cancel);
    // One snapshot for the plan, the matches and the rows.
    auto snapshot = ReadTransaction::begin(c);
    if (!snapshot) return tl::unexpected(snapshot.error());

    // Choose the way in: the candidate with the fewest matches when one has few (its matches
    // are sorted by time); else one whose index is in time order (walked newest first until
    // the limit is reached); else the time index with every filter applied to each row.
    for (auto& candidate : candidates) {
        for (const Arm& arm : candidate.arms) {
            auto n = probe(c, arm, time);
            if (!n) return tl::unexpected(n.error());
            candidate.estimate += *n;
        }
    }
    const Candidate* driver = nullptr;
    for (const auto& candidate : candidates) {
        if (candidate.estimate < probe_cap && (driver == nullptr || candidate.estimate < driver->estimate)) driver = &candidate;
    }
    // Every filter matches many rows. A prefix whose range holds few distinct keys (a lot, a part
    // number, a station, an exact verdict) is walked key by key, each newest first up to the
    // limit, and the walks merged: matches clustered in time (a lot from two years ago) then cost
    // no more than recent ones.
    const Candidate* keyed = nullptr;
    std::vector<std::string> keyed_values;
    if (driver == nullptr) {
        for (const auto& candidate : candidates) {
            if (candidate.arms.size() != 1 || candidate.arms.front().column.empty()) continue;
            auto found_keys = distinct_keys(c, candidate.arms.front(), max_walked_keys);
            if (!found_keys) return tl::unexpected(found_keys.error());
            if (*found_keys && (keyed == nullptr || (*found_keys)->size() < keyed_values.size())) {
                keyed = &candidate;
                keyed_values = std::move(**found_keys);
            }
        }
    }
    if (driver == nullptr && keyed == nullptr) {
        for (const auto& candidate : candidates) {
            if (candidate.ordered()) {
                driver = &candidate;
                break;
            }
        }
    }
    const Candidate scan_all{{Arm{"sightings_by_time", Sql{"1", {}}, true, {}, {}, {}}}};
    if (driver == nullptr && keyed == nullptr) driver = &scan_all;

    const Candidate* skipped = keyed != nullptr ? keyed : driver;
    Sql others;
    for (const auto& candidate : candidates) {
        if (&candidate == skipped) continue;
        others.add(" AND ").add(candidate.filter());
    }
    if (query.before_seq != 0) {   // the next page: strictly after the cursor row, newest first
        // "time <= ?" first: an index on (column, time) narrows to the cursor's range.
        others.add(" AND time <= ? AND (time < ? OR seq < CAST(? AS INTEGER))");
        others.binds.insert(others.binds.end(), {query.before_time, query.before_time, std::to_string(query.before_seq)});
    }
    const std::size_t wanted = std::min<std::size_t>(limit, 1'000'000'000) + 1;   // one more says "more"
    const std::string order = " ORDER BY time DESC, seq DESC LIMIT " + std::to_string(wanted);
    std::vector<std::int64_t> seqs;
    const auto collect = [&](const Sql& sql, std::vector<std::pair<std::string, std::int64_t>>* into) -> Result<void> {
        auto s = prepare(c, sql);
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) return {};
            if (into != nullptr) into->emplace_back(s->column_text(1), s->column_int64(0));
            else seqs.push_back(s->column_int64(0));
        }
    };
    if (keyed != nullptr) {
        const Arm& arm = keyed->arms.front();
        std::vector<std::pair<std::string, std::int64_t>> merged;
        for (const auto& key : keyed_values) {
            if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return fail(Errc::cancelled, "sighting search cancelled");
            Sql walk;
            walk.add("SELECT seq, time FROM sightings INDEXED BY " + arm.index + " WHERE ").add(equal_condition(arm.column, key)).add(others).add(order);
            if (auto r = collect(walk, &merged); !r) return tl::unexpected(r.error());
        }
        std::sort(merged.begin(), merged.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second > b.second; });
        if (merged.size() > wanted) merged.resize(wanted);
        for (const auto& m : merged) seqs.push_back(m.second);
    } else {
        const auto arm_select = [&](const Arm& arm) {
            Sql sql;
            sql.add("SELECT seq, time FROM sightings INDEXED BY " + arm.index + " WHERE ").add(arm.condition).add(others);
            return sql;
        };
        Sql matches;
        if (driver->arms.size() == 1) {
            matches.add(arm_select(driver->arms.front()));
        } else {
            matches.add("SELECT seq, time FROM (");
            for (std::size_t i = 0; i < driver->arms.size(); ++i) {
                if (i > 0) matches.add(" UNION ");
                matches.add(arm_select(driver->arms[i]));
            }
            matches.add(")");
        }
        matches.add(order);
        if (auto r = collect(matches, nullptr); !r) return tl::unexpected(r.error());
    }

    SightingSearch result;
    result.more = seqs.size() > limit;
    if (result.more) seqs.resize(limit);
    auto fetch = c.prepare("SELECT " + std::string(detail::sighting_columns_sql) + " FROM sightings WHERE seq = ?");
    if (!fetch) return tl::unexpected(fetch.error());
    result.rows.reserve(seqs.size());
    for (const std::int64_t seq : seqs) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return fail(Errc::cancelled, "sighting search cancelled");
        fetch->reset();
        fetch->bind(1, seq);
        auto row = fetch->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) continue;   // cannot happen inside the snapshot
        const detail::SightingRowData stored = detail::read_sighting_row(*fetch);
        detail::RowCheck check = detail::check_row(keys, stored);
        SightingMatch match;
        match.seq = stored.seq;
        match.order_time = stored.columns.time;
        match.local = stored.local;
        match.problem = std::move(check.problem);
        match.verified = match.problem.empty();
        match.sighting = check.sighting ? std::move(*check.sighting) : from_columns(stored);
        result.rows.push_back(std::move(match));
    }
    return result;
}

// ---- bulk loading (benchmarks, tests)

struct SightingBulkLoader::Impl {
    Database* database = nullptr;
    Connection* connection = nullptr;
    std::optional<Transaction> transaction;
    std::optional<Statement> insert;
    bool committed = false;
    std::map<std::string, std::uint64_t> base;                   ///< station -> its log's size before
    std::map<std::string, std::vector<merkle::Hash>> leaves;     ///< station -> leaves added
};

SightingBulkLoader::SightingBulkLoader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SightingBulkLoader::SightingBulkLoader(SightingBulkLoader&&) noexcept = default;

SightingBulkLoader::~SightingBulkLoader() {
    if (!impl_ || impl_->committed) return;
    impl_->insert.reset();
    impl_->transaction.reset();   // rolls back
    (void)impl_->connection->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
}

Result<SightingBulkLoader> SightingBulkLoader::begin(Database& database) {
    auto impl = std::make_unique<Impl>();
    impl->database = &database;
    impl->connection = &connection_of(database);
    Connection& c = *impl->connection;
    // One big transaction: a rollback journal instead of the WAL (which would hold every page
    // twice), no fsync, a large cache; the search indexes are rebuilt once at commit, sorting
    // instead of inserting into seven B-trees row by row. Restored by commit().
    if (auto r = c.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;"); !r) {
        return tl::unexpected(r.error());
    }
    auto tx = Transaction::begin(c);
    if (!tx) return tl::unexpected(tx.error());
    impl->transaction.emplace(std::move(*tx));
    if (auto r = c.exec(detail::drop_sighting_indexes_sql); !r) return tl::unexpected(r.error());
    auto insert = c.prepare(detail::sighting_insert_sql);
    if (!insert) return tl::unexpected(insert.error());
    impl->insert.emplace(std::move(*insert));
    return SightingBulkLoader(std::move(impl));
}

Result<void> SightingBulkLoader::add(std::string_view line, std::string_view signature, bool local, std::string_view prev_hash,
                                     std::string_view entry_hash) {
    auto sighting = parse_sighting_line(line);
    if (!sighting) return tl::unexpected(sighting.error());
    impl_->insert->reset();
    if (auto seq = detail::bind_sighting_row(*impl_->connection, *impl_->insert, *sighting, line, signature, prev_hash, entry_hash, local); !seq) {
        return tl::unexpected(seq.error());
    }
    auto base = impl_->base.find(sighting->station);
    if (base == impl_->base.end()) {
        auto log = detail::Tlog::open(*impl_->connection, detail::station_log_name(sighting->station), true);
        if (!log) return tl::unexpected(log.error());
        base = impl_->base.emplace(sighting->station, log->size()).first;
    }
    auto& leaves = impl_->leaves[sighting->station];
    impl_->insert->bind(detail::sighting_insert_leaf_parameter, static_cast<std::int64_t>(base->second + leaves.size()));
    leaves.push_back(detail::record_leaf(line, signature));
    return impl_->insert->run();
}

Result<void> SightingBulkLoader::set_log_head(std::int64_t count, std::string_view entry_hash) {
    auto station = impl_->database->station();
    if (!station) return tl::unexpected(station.error());
    auto signature = station->key.sign(log_head_message(station->id, count, entry_hash));
    if (!signature) return tl::unexpected(signature.error());
    auto head = impl_->connection->prepare(
        "INSERT INTO log_head(station, count, entry_hash, signature) VALUES(?, ?, ?, ?) "
        "ON CONFLICT(station) DO UPDATE SET count = excluded.count, entry_hash = excluded.entry_hash, signature = excluded.signature");
    if (!head) return tl::unexpected(head.error());
    head->bind(1, station->id).bind(2, count).bind(3, entry_hash).bind(4, signature_hex(*signature));
    return head->run();
}

Result<void> SightingBulkLoader::note_station(const PublicKey& key, std::string_view site) {
    auto note = impl_->connection->prepare(
        "INSERT INTO stations(key_id, public_key, site) VALUES(?, ?, ?) "
        "ON CONFLICT(key_id) DO UPDATE SET public_key = excluded.public_key, site = excluded.site");
    if (!note) return tl::unexpected(note.error());
    note->bind(1, key.id()).bind(2, key.hex()).bind(3, site);
    return note->run();
}

Result<void> SightingBulkLoader::commit(bool analyze) {
    Connection& c = *impl_->connection;
    impl_->insert.reset();
    if (auto r = c.exec(detail::sighting_indexes_v9_sql); !r) return tl::unexpected(r.error());
    std::map<std::string, detail::StateLog> heads;
    for (auto& [station, leaves] : impl_->leaves) {
        auto log = detail::Tlog::open(c, detail::station_log_name(station), true);
        if (!log) return tl::unexpected(log.error());
        if (auto r = log->append(leaves); !r) return tl::unexpected(r.error());
        auto root = log->root(log->size());
        if (!root) return tl::unexpected(root.error());
        heads[station] = detail::StateLog{log->size(), *root};
        leaves.clear();
        leaves.shrink_to_fit();
    }
    if (auto r = impl_->transaction->commit(); !r) return tl::unexpected(r.error());
    impl_->committed = true;
    // The caller signed what it loaded: accept it (each log grew from the size it had).
    auto accepted = detail::edit_trusted_state(*impl_->database, [&](detail::TrustedState& st) -> Result<void> {
        for (const auto& [station, head] : heads) {
            auto it = st.logs.find(station);
            if (it != st.logs.end() && it->second.size != impl_->base[station]) {
                return fail(Errc::signature_invalid, "bulk load: the log of station " + station + " moved during the load");
            }
            st.logs[station] = head;
        }
        return {};
    });
    if (!accepted) return accepted;
    if (auto r = c.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"); !r) return tl::unexpected(r.error());
    if (analyze) return c.exec("ANALYZE");
    return {};
}

}  // namespace dimmguard::db
