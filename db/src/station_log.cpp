// SPDX-License-Identifier: GPL-3.0-or-later
// Sightings: canonical signed records, the hash-chained inspection log with its signed head,
// log verification, and station bundles for exchanging sightings between stations.
#include "db/station_log.hpp"
#include "db/witness.hpp"
#include "dimmguard/numbers.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <utility>

#include <unistd.h>

#include "db/bundle.hpp"
#include "db/disposition.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"
#include "text.hpp"
#include "custody_summary.hpp"
#include "database_access.hpp"
#include "sighting_rows.hpp"
#include "state_view.hpp"
#include "tlog.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db {
namespace {

constexpr std::string_view head_signature_prefix = "dimmguard-log-head-v1\n";
constexpr std::string_view station_role = "station";
constexpr std::size_t sighting_field_count = 11;
static_assert(record_signature_prefix == record_signing_prefix, "sightings are signed like every bundle record");

// How long a writer keeps retrying a busy database. SQLite's own busy handler already waits up
// to busy_timeout_ms per lock; this loop covers the cases where SQLite returns SQLITE_BUSY at
// once (a lock upgrade that could deadlock, WAL recovery) and very long contention.
constexpr auto busy_retry_deadline = std::chrono::minutes(2);
constexpr auto busy_retry_first_delay = std::chrono::milliseconds(2);
constexpr auto busy_retry_max_delay = std::chrono::milliseconds(250);

using detail::split;
using detail::check_row;
using detail::RowCheck;
using detail::StationKeys;
using detail::id_sequence;

bool is_lower_hex(std::string_view s, std::size_t n) {
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool is_decimal(std::string_view s) {
    return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
           (s.size() == 1 || s[0] != '0');
}

std::int64_t to_int64(std::string_view s) {
    std::int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

std::string sequence_id(std::string_view station, std::int64_t n) { return std::string(station) + ":" + std::to_string(n); }

/// A lower-case signature hex that round-trips (one byte form per signature).
Result<Signature> canonical_signature(std::string_view hex) {
    if (!is_lower_hex(hex, 128)) return fail(Errc::bad_format, "signature must be 128 lower-case hex digits");
    return signature_from_hex(hex);
}

template <class F>
auto retry_busy(F&& attempt) -> decltype(attempt()) {
    thread_local std::minstd_rand random(static_cast<std::minstd_rand::result_type>(
        static_cast<unsigned long>(::getpid()) * 7919UL + static_cast<unsigned long>(std::chrono::steady_clock::now().time_since_epoch().count())));
    const auto deadline = std::chrono::steady_clock::now() + busy_retry_deadline;
    auto delay = busy_retry_first_delay;
    for (;;) {
        auto result = attempt();
        if (result || result.error().code != Errc::busy || std::chrono::steady_clock::now() >= deadline) return result;
        std::uniform_int_distribution<long> jitter(0, static_cast<long>(delay.count()));
        std::this_thread::sleep_for(delay + std::chrono::milliseconds(jitter(random)));
        delay = std::min(delay * 2, busy_retry_max_delay);
    }
}

std::string describe_row(std::int64_t seq, std::string_view id) {
    return "sighting " + std::string(id) + " (seq " + std::to_string(seq) + ")";
}

/// created + days, RFC 3339 UTC.
std::string add_days(const std::string& time, int days) {
    std::tm tm{};
    // `time` is RFC 3339 UTC (checked by the caller); a malformed one reads as zeros, never throws.
    const auto field = [&](std::size_t at, std::size_t length) { return time.size() >= at + length ? parse_small(std::string_view(time).substr(at, length), 9999).value_or(0) : 0; };
    tm.tm_year = field(0, 4) - 1900;
    tm.tm_mon = field(5, 2) - 1;
    tm.tm_mday = field(8, 2) + days;
    tm.tm_hour = field(11, 2);
    tm.tm_min = field(14, 2);
    tm.tm_sec = field(17, 2);
    const std::time_t t = timegm(&tm);
    std::tm out{};
    gmtime_r(&t, &out);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &out);
    return buffer;
}

}  // namespace

namespace detail {

std::int64_t id_sequence(std::string_view id, std::string_view station) {
    if (id.size() <= station.size() + 1 || id.substr(0, station.size()) != station || id[station.size()] != ':') return 0;
    const std::string_view n = id.substr(station.size() + 1);
    return is_decimal(n) ? to_int64(n) : 0;
}

SightingIndexColumns index_columns_of(const verifier::Sighting& sighting) {
    SightingIndexColumns columns;
    columns.serial = sighting.identity.serial;
    columns.part_number = sighting.part_number;
    columns.verdict = sighting.verdict;
    if (const auto lot = sighting.context.find("lot"); lot != sighting.context.end()) columns.lot = lot->second;
    columns.time = sighting.time;
    return columns;
}

Result<std::int64_t> bind_sighting_row(Connection& connection, Statement& insert, const verifier::Sighting& sighting, std::string_view line,
                                       std::string_view signature, std::string_view prev_hash, std::string_view entry_hash, bool local) {
    const SightingIndexColumns columns = index_columns_of(sighting);
    insert.bind(1, sighting.id).bind(2, sighting.identity.key()).bind(3, sighting.station).bind(4, line).bind(5, signature);
    if (prev_hash.empty()) insert.bind_null(6);
    else insert.bind(6, prev_hash);
    if (entry_hash.empty()) insert.bind_null(7);
    else insert.bind(7, entry_hash);
    insert.bind(8, std::int64_t{local ? 1 : 0});
    insert.bind(9, columns.serial).bind(10, columns.part_number).bind(11, columns.verdict).bind(12, columns.lot).bind(13, columns.time);
    return place_sighting_row(connection, insert, sighting.identity.key());
}

SightingRowData read_sighting_row(const Statement& s) {
    SightingRowData row;
    row.seq = s.column_int64(0);
    row.id = s.column_text(1);
    row.identity = s.column_text(2);
    row.station = s.column_text(3);
    row.line = s.column_text(4);
    row.signature = s.column_text(5);
    row.local = s.column_int64(6) != 0;
    row.columns.serial = s.column_text(7);
    row.columns.part_number = s.column_text(8);
    row.columns.verdict = s.column_text(9);
    row.columns.lot = s.column_text(10);
    row.columns.time = s.column_text(11);
    return row;
}

StationKeys::StationKeys(Database& database, const Station& self, std::string now)
    : trust_(database), self_(self), now_(now.empty() ? utc_now() : std::move(now)) {}

Result<PublicKey> StationKeys::key_of(const std::string& station) {
    if (station == self_.id) return self_.key.public_key();
    auto it = cache_.find(station);
    if (it == cache_.end()) {
        auto key = trust_.publisher_trusted(station, station_role, now_);
        if (!key && key.error().code != Errc::untrusted_key) return tl::unexpected(key.error());
        it = cache_.emplace(station, key ? Result<PublicKey>(*key) : Result<PublicKey>(fail(Errc::untrusted_key, "station " + station + ": " + key.error().message))).first;
    }
    return it->second;
}

Result<PublicKey> StationKeys::qa_key_of(const std::string& key_id) {
    auto key = trust_.publisher_trusted(key_id, qa_role, now_);
    if (!key) return fail(key.error().code, "qa key " + key_id + ": " + key.error().message);
    return *key;
}

RowCheck check_row(StationKeys& keys, const SightingRowData& row, bool proven) {
    RowCheck check;
    auto parsed = parse_sighting_line(row.line);
    if (!parsed) {
        check.problem = "record does not parse (" + parsed.error().message + ")";
        return check;
    }
    check.sighting = std::move(*parsed);
    const verifier::Sighting& sighting = *check.sighting;
    // The columns only index the signed line: any column that says something else is an edit
    // (a search by that column would otherwise find, or miss, the row on the edited value).
    const SightingIndexColumns expected = index_columns_of(sighting);
    const auto differs = [](std::string_view column, const std::string& value) {
        return std::string(column) + " column '" + value + "' differs from the signed record";
    };
    if (sighting.id != row.id) {
        check.problem = differs("id", row.id);
    } else if (sighting.identity.key() != row.identity) {
        check.problem = differs("identity", row.identity);
    } else if (sighting.station != row.station) {
        check.problem = "station column differs from the signed record";
    } else if (expected.serial != row.columns.serial) {
        check.problem = differs("serial", row.columns.serial);
    } else if (expected.part_number != row.columns.part_number) {
        check.problem = differs("part_number", row.columns.part_number);
    } else if (expected.verdict != row.columns.verdict) {
        check.problem = differs("verdict", row.columns.verdict);
    } else if (expected.lot != row.columns.lot) {
        check.problem = differs("lot", row.columns.lot);
    } else if (expected.time != row.columns.time) {
        check.problem = differs("time", row.columns.time);
    } else if (auto key = keys.key_of(sighting.station); !key) {
        check.problem = key.error().message;
    } else if (!proven) {
        // (A proven row's bytes, its signature among them, are the leaf accepted into its
        // station's log, whose signature was checked then.)
        if (auto sig = canonical_signature(row.signature); !sig) {
            check.problem = sig.error().message;
        } else if (!key->verify(record_message(row.line), *sig)) {
            check.problem = "signature does not verify";
        }
    }
    if (check.problem.empty() && sighting.event == verifier::EventKind::release) {
        // A release clears earlier verdicts: the station's signature is not enough, a key
        // trusted for role qa must have approved it.
        if (auto approval = check_release_approval(sighting, [&](const std::string& key_id) { return keys.qa_key_of(key_id); }); !approval) {
            check.problem = "release without a valid qa approval (" + approval.error().message + ")";
        }
    }
    return check;
}


Result<void> append_to_station_log(Database& database, const std::string& station, const std::vector<std::int64_t>& seqs) {
    if (seqs.empty()) return {};
    Connection& c = connection_of(database);
    auto log = Tlog::open(c, station_log_name(station), true);
    if (!log) return tl::unexpected(log.error());
    auto state = read_trusted_state(database);
    if (!state) return tl::unexpected(state.error());
    if (*state) {
        if (auto it = (*state)->logs.find(station); it != (*state)->logs.end()) {
            const StateLog& accepted = it->second;
            const std::string what = "the registry's log of station " + station;
            if (log->size() < accepted.size) {
                return fail(Errc::signature_invalid, what + " holds " + std::to_string(log->size()) + " of the " + std::to_string(accepted.size) +
                                                         " sightings accepted (the registry was rolled back or edited); nothing recorded");
            }
            auto root = log->root(accepted.size);
            if (!root || *root != accepted.root) {
                return fail(Errc::signature_invalid, what + " no longer has the accepted head (the registry was edited); nothing recorded");
            }
        }
    }
    auto read = c.prepare("SELECT line, signature FROM sightings WHERE seq = ?");
    auto set = c.prepare("UPDATE sightings SET leaf = ? WHERE seq = ?");
    if (!read) return tl::unexpected(read.error());
    if (!set) return tl::unexpected(set.error());
    std::vector<merkle::Hash> leaves;
    leaves.reserve(seqs.size());
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        read->reset();
        read->bind(1, seqs[i]);
        auto row = read->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return fail(Errc::internal, "sighting seq " + std::to_string(seqs[i]) + " vanished during its insert");
        leaves.push_back(record_leaf(read->column_text(0), read->column_text(1)));
        set->reset();
        set->bind(1, static_cast<std::int64_t>(log->size() + i)).bind(2, seqs[i]);
        if (auto r = set->run(); !r) return r;
    }
    return log->append(leaves);
}

Result<void> accept_station_log(Database& database, const std::string& station, const PublicKey& key) {
    return edit_trusted_state(database, [&](TrustedState& st) -> Result<void> {
        Connection& c = connection_of(database);
        auto snapshot = ReadTransaction::begin(c);
        if (!snapshot) return tl::unexpected(snapshot.error());
        auto log = Tlog::open(c, station_log_name(station), false);
        if (!log) return tl::unexpected(log.error());
        StateLog accepted = st.logs.count(station) != 0 ? st.logs[station] : StateLog{0, merkle::empty_root()};
        const std::string what = "the log of station " + station;
        if (log->size() < accepted.size) {
            return fail(Errc::signature_invalid, what + " is shorter than the accepted " + std::to_string(accepted.size) + " sightings (rolled back or edited)");
        }
        if (log->size() == accepted.size && st.logs.count(station) != 0) return {};
        if (accepted.size > 0) {
            auto old_root = log->root(accepted.size);
            if (!old_root || *old_root != accepted.root) return fail(Errc::signature_invalid, what + " no longer extends its accepted head (edited)");
        }
        auto rows = c.prepare("SELECT line, signature, leaf FROM sightings WHERE station = ? AND leaf >= ? AND leaf < ? ORDER BY leaf");
        if (!rows) return tl::unexpected(rows.error());
        rows->bind(1, station).bind(2, static_cast<std::int64_t>(accepted.size)).bind(3, static_cast<std::int64_t>(log->size()));
        std::uint64_t next = accepted.size;
        for (;;) {
            auto row = rows->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            const std::string line = rows->column_text(0);
            const std::string signature = rows->column_text(1);
            auto sig = canonical_signature(signature);
            auto node = log->source()(0, next);
            if (rows->column_int64(2) != static_cast<std::int64_t>(next) || !sig || !key.verify(record_message(line), *sig) || !node ||
                *node != record_leaf(line, signature)) {
                return fail(Errc::signature_invalid, what + ": leaf " + std::to_string(next) + " does not verify (edited)");
            }
            ++next;
        }
        if (next != log->size()) return fail(Errc::signature_invalid, what + ": leaf " + std::to_string(next) + " is missing (deleted)");
        auto root = log->root(log->size());
        if (!root) return tl::unexpected(root.error());
        st.logs[station] = StateLog{log->size(), *root};
        return {};
    });
}

}  // namespace detail

// ---- canonical record

std::string percent_encode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '\t': out += "%09"; break;
        case '\n': out += "%0A"; break;
        case '\r': out += "%0D"; break;
        case ';': out += "%3B"; break;
        case '=': out += "%3D"; break;
        case '%': out += "%25"; break;
        default: out += c;
        }
    }
    return out;
}

Result<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '=') return fail(Errc::bad_format, "unescaped separator in a field");
        if (c != '%') {
            out += c;
            continue;
        }
        const std::string_view escape = text.substr(i, 3);
        if (escape == "%09") out += '\t';
        else if (escape == "%0A") out += '\n';
        else if (escape == "%0D") out += '\r';
        else if (escape == "%3B") out += ';';
        else if (escape == "%3D") out += '=';
        else if (escape == "%25") out += '%';
        else return fail(Errc::bad_format, "bad escape '" + std::string(escape) + "' (only %09 %0A %0D %3B %3D %25)");
        i += 2;
    }
    return out;
}

std::string sighting_line(const verifier::Sighting& s) {
    std::string context;
    for (const auto& [key, value] : s.context) {  // std::map: sorted by key, byte order
        if (!context.empty()) context += ';';
        context += percent_encode(key);
        context += '=';
        context += percent_encode(value);
    }
    std::string line = "sighting";
    for (const std::string& field : {percent_encode(s.id), percent_encode(s.identity.key()), percent_encode(s.fingerprint),
                                     percent_encode(s.part_number), percent_encode(s.verdict), percent_encode(s.station),
                                     percent_encode(s.site), std::string(verifier::event_kind_name(s.event)), context,
                                     percent_encode(s.time)}) {
        line += '\t';
        line += field;
    }
    return line;
}

Result<verifier::Sighting> parse_sighting_line(std::string_view line) {
    const auto fields = split(line, '\t');
    if (fields.size() != sighting_field_count || fields[0] != "sighting") {
        return fail(Errc::bad_format, "not a sighting record (" + std::to_string(sighting_field_count) + " tab-separated fields)");
    }
    verifier::Sighting s;
    std::array<std::string, 11> decoded;
    for (std::size_t i = 1; i < fields.size(); ++i) {
        if (i == 9) continue;  // context: decoded per key and value below
        auto d = percent_decode(fields[i]);
        if (!d) return fail(Errc::bad_format, "field " + std::to_string(i + 1) + ": " + d.error().message);
        decoded[i] = std::move(*d);
    }
    auto identity = verifier::ModuleIdentity::parse(decoded[2]);
    if (!identity) return tl::unexpected(identity.error());
    auto event = verifier::event_kind_from_name(decoded[8]);
    if (!event) return fail(Errc::bad_format, "unknown event kind '" + decoded[8] + "'");
    if (!is_rfc3339_utc(decoded[10])) return fail(Errc::bad_format, "time '" + decoded[10] + "' is not RFC 3339 UTC (2026-11-27T10:00:00Z)");
    if (decoded[1].empty() || decoded[6].empty()) return fail(Errc::bad_format, "empty id or station");
    if (!fields[9].empty()) {
        for (std::string_view pair : split(fields[9], ';')) {
            const auto kv = split(pair, '=');
            if (kv.size() != 2) return fail(Errc::bad_format, "context entry '" + std::string(pair) + "' is not key=value");
            auto key = percent_decode(kv[0]);
            auto value = percent_decode(kv[1]);
            if (!key || !value) return fail(Errc::bad_format, "context entry '" + std::string(pair) + "': bad escape");
            if (key->empty()) return fail(Errc::bad_format, "context entry with an empty key");
            if (!s.context.empty() && !(s.context.rbegin()->first < *key)) {
                return fail(Errc::bad_format, "context keys are not sorted and unique");
            }
            s.context.emplace(std::move(*key), std::move(*value));
        }
    }
    s.id = std::move(decoded[1]);
    s.identity = *identity;
    s.fingerprint = std::move(decoded[3]);
    s.part_number = std::move(decoded[4]);
    s.verdict = std::move(decoded[5]);
    s.station = std::move(decoded[6]);
    s.site = std::move(decoded[7]);
    s.event = *event;
    s.time = std::move(decoded[10]);
    // One sighting, one byte form: anything the encoder would have written differently
    // (a needless escape, a different key order) is not canonical.
    if (sighting_line(s) != line) return fail(Errc::bad_format, "sighting record is not in canonical form");
    return s;
}

std::string record_message(std::string_view line) { return std::string(record_signature_prefix) + std::string(line); }

std::string log_entry_hash(std::string_view prev_hash, std::string_view line, std::string_view signature_hex) {
    std::string data;
    data.reserve(prev_hash.size() + line.size() + signature_hex.size() + 2);
    data.append(prev_hash).append("\n").append(line).append("\t").append(signature_hex);
    return sha256_hex(data);
}

std::string log_head_message(std::string_view station, std::int64_t count, std::string_view entry_hash) {
    return std::string(head_signature_prefix) + std::string(station) + "\n" + std::to_string(count) + "\n" + std::string(entry_hash);
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

// ---- recording

Result<verifier::Sighting> record_sighting(Database& database, verifier::Sighting sighting, const std::string& now) {
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    if (auto id = verifier::ModuleIdentity::parse(sighting.identity.key()); !id) return tl::unexpected(id.error());
    if (!sighting.station.empty() && sighting.station != station->id) {
        return fail(Errc::usage, "sighting of station " + sighting.station + " cannot be recorded by station " + station->id);
    }
    sighting.station = station->id;
    if (sighting.site.empty()) sighting.site = station->site;
    if (sighting.time.empty()) sighting.time = now.empty() ? utc_now() : now;
    if (!is_rfc3339_utc(sighting.time)) return fail(Errc::usage, "time '" + sighting.time + "' is not RFC 3339 UTC (2026-11-27T10:00:00Z)");
    for (const auto& entry : sighting.context) {
        if (entry.first.empty()) return fail(Errc::usage, "context keys must not be empty");
    }
    const std::string requested_id = sighting.id;
    Connection& c = detail::connection_of(database);

    auto attempt = [&]() -> Result<verifier::Sighting> {
        auto tx = Transaction::begin(c);
        if (!tx) return tl::unexpected(tx.error());
        std::int64_t count = 0;
        std::string prev(log_genesis_hash);
        {
            auto head = c.prepare("SELECT count, entry_hash, signature FROM log_head WHERE station = ?");
            if (!head) return tl::unexpected(head.error());
            head->bind(1, station->id);
            auto row = head->step();
            if (!row) return tl::unexpected(row.error());
            if (*row) {
                count = head->column_int64(0);
                prev = head->column_text(1);
                auto sig = canonical_signature(head->column_text(2));
                // Appending would re-sign whatever the stored head says: refuse a head this
                // station did not sign rather than launder a tampered log.
                if (!sig || !station->key.public_key().verify(log_head_message(station->id, count, prev), *sig)) {
                    return fail(Errc::signature_invalid, c.path() + ": the inspection log head signature does not verify; "
                                                                    "run 'dimmguard log verify'");
                }
            }
        }
        verifier::Sighting s = sighting;
        s.id = sequence_id(station->id, count + 1);
        if (!requested_id.empty() && requested_id != s.id) {
            return fail(Errc::usage, "sighting id '" + requested_id + "' is not the next id of this station's log (" + s.id + ")");
        }
        const std::string line = sighting_line(s);
        auto signature = station->key.sign(record_message(line));
        if (!signature) return tl::unexpected(signature.error());
        const std::string signature_text = signature_hex(*signature);
        const std::string entry_hash = log_entry_hash(prev, line, signature_text);
        {
            auto insert = c.prepare(detail::sighting_insert_sql);
            if (!insert) return tl::unexpected(insert.error());
            auto seq = detail::bind_sighting_row(c, *insert, s, line, signature_text, prev, entry_hash, /*local=*/true);
            if (!seq) return tl::unexpected(seq.error());
            if (auto r = insert->run(); !r) {
                if (r.error().code == Errc::busy) return tl::unexpected(r.error());
                return fail(Errc::db, "sighting " + s.id + ": " + r.error().message +
                                          " (the log head is behind its entries? run 'dimmguard log verify')");
            }
            if (auto r = detail::append_to_station_log(database, station->id, {*seq}); !r) return tl::unexpected(r.error());
        }
        auto head_signature = station->key.sign(log_head_message(station->id, count + 1, entry_hash));
        if (!head_signature) return tl::unexpected(head_signature.error());
        {
            auto head = c.prepare(
                "INSERT INTO log_head(station, count, entry_hash, signature) VALUES(?, ?, ?, ?) "
                "ON CONFLICT(station) DO UPDATE SET count = excluded.count, entry_hash = excluded.entry_hash, signature = excluded.signature");
            if (!head) return tl::unexpected(head.error());
            head->bind(1, station->id).bind(2, count + 1).bind(3, entry_hash).bind(4, signature_hex(*head_signature));
            if (auto r = head->run(); !r) return tl::unexpected(r.error());
        }
        if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
        return s;
    };
    auto recorded = with_context(retry_busy(attempt), "inspection log");
    if (!recorded) return recorded;
    if (auto accepted = detail::accept_station_log(database, station->id, station->key.public_key()); !accepted) {
        return fail(accepted.error().code, "inspection log: sighting " + recorded->id + " was stored, but the trusted state was not updated (" +
                                               accepted.error().message + ")");
    }
    // The identity's custody summary, so the next look at it reads only what comes after. Derived
    // data: when it cannot be written (busy, disk full) the next look reads every sighting instead.
    (void)detail::store_custody_summary(database, recorded->identity, now);
    return recorded;
}

// ---- reading

namespace detail {

Result<IdentityRows> identity_rows(Database& database, StationKeys& keys, const TrustedState* accepted, const verifier::ModuleIdentity& identity,
                                   std::int64_t after_seq) {
    IdentityRows out;
    out.max_seq = after_seq;
    auto lease = connection_of(database).cached("SELECT " + std::string(sighting_columns_sql) + ", leaf FROM sightings WHERE " +
                                                std::string(sighting_line_identity_sql) + " = ? AND seq > ? ORDER BY seq");
    if (!lease) return tl::unexpected(lease.error());
    Statement* s = &**lease;
    s->bind(1, identity.key()).bind(2, after_seq);
    std::map<std::string, Tlog> logs;  // each station's log, opened once for this lookup
    for (;;) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const SightingRowData stored = read_sighting_row(*s);
        const std::int64_t seq = stored.seq;
        out.max_seq = std::max(out.max_seq, seq);
        // A leaf inside the accepted log is proven against the trusted state (its signature was
        // checked when it was accepted); one past it (an append whose state update was
        // interrupted) is checked by its signature.
        bool proven = false;
        if (accepted != nullptr && !s->column_is_null(sighting_column_count)) {
            const std::int64_t leaf = s->column_int64(sighting_column_count);
            auto log = accepted->logs.find(stored.station);
            if (log != accepted->logs.end() && leaf >= 0 && static_cast<std::uint64_t>(leaf) < log->second.size) {
                auto ok = proves(database, station_log_name(stored.station), static_cast<std::uint64_t>(leaf),
                                 record_leaf(stored.line, stored.signature), log->second.size, log->second.root, &logs);
                if (!ok) return tl::unexpected(ok.error());
                if (!*ok) {
                    out.tampered.push_back(describe_row(seq, stored.id) + ": not the sighting accepted at leaf " + std::to_string(leaf) +
                                           " of its station's log (the row was edited)");
                    continue;
                }
                proven = true;
            }
        }
        RowCheck check = check_row(keys, stored, proven);
        if (!check.problem.empty()) {
            out.tampered.push_back(describe_row(seq, stored.id) + ": " + check.problem);
            continue;
        }
        verifier::Signed<verifier::Sighting> item;
        item.signer = check.sighting->station;
        item.source = stored.local ? "local log" : "station " + check.sighting->station;
        item.record = std::move(*check.sighting);
        out.trusted.push_back({seq, std::move(item)});
    }
    std::stable_sort(out.trusted.begin(), out.trusted.end(), [](const IdentityRows::Row& a, const IdentityRows::Row& b) {
        if (a.item.record.time != b.item.record.time) return a.item.record.time < b.item.record.time;
        return a.seq < b.seq;
    });
    return out;
}

Result<SightingsScope> SightingsScope::open(Database& database, const std::string& now) {
    // One snapshot for the station, the rows, their proofs and the counts (and one file lock,
    // not one per statement).
    auto snapshot = ReadTransaction::begin_unless_open(connection_of(database));
    if (!snapshot) return tl::unexpected(snapshot.error());
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    auto view = state_view(database);
    if (!view) return tl::unexpected(view.error());
    auto missing = sighting_log_problems(database, **view);
    if (!missing) return tl::unexpected(missing.error());
    SightingsScope scope(std::move(*station), std::move(*snapshot), std::move(*view), database, now);
    for (auto& m : *missing) (scope.view->problem ? scope.tampered : scope.rolled_back).push_back(std::move(m));
    return scope;
}

}  // namespace detail

Result<verifier::Lookup<verifier::Sighting>> load_sightings(Database& database, const verifier::ModuleIdentity& identity,
                                                          const std::string& now) {
    auto scope = detail::SightingsScope::open(database, now);
    if (!scope) return tl::unexpected(scope.error());
    verifier::Lookup<verifier::Sighting> lookup;
    lookup.tampered = std::move(scope->tampered);
    lookup.rolled_back = std::move(scope->rolled_back);
    auto rows = detail::identity_rows(database, *scope->keys, scope->accepted(), identity, 0);
    if (!rows) return tl::unexpected(rows.error());
    for (auto& t : rows->tampered) lookup.tampered.push_back(std::move(t));
    for (auto& r : rows->trusted) lookup.trusted.push_back(std::move(r.item));
    return lookup;
}

Result<OutsideSightings> check_outside_sightings(Database& database, const verifier::ModuleIdentity& identity,
                                                std::span<const OutsideRecord> records, const std::string& source, const std::string& now) {
    OutsideSightings out;
    if (records.empty()) return out;
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    StationKeys keys(database, *station, now.empty() ? utc_now() : now);
    auto held = detail::connection_of(database).prepare("SELECT 1 FROM sightings WHERE id = ?");
    if (!held) return tl::unexpected(held.error());
    std::set<std::string> taken;  // one id once, even when the server lists it twice
    for (const OutsideRecord& record : records) {
        const std::string where = source + ": sighting of station " + record.station;
        auto parsed = parse_sighting_line(record.line);
        if (!parsed) {
            out.tampered.push_back(where + ": record does not parse (" + parsed.error().message + ")");
            continue;
        }
        if (parsed->station != record.station || parsed->identity.key() != identity.key() ||
            id_sequence(parsed->id, parsed->station) == 0) {
            out.tampered.push_back(where + ": " + parsed->id + " is not a sighting of that station and identity " + identity.key());
            continue;
        }
        if (parsed->station == station->id) continue;  // this station's own rows are read from its own log
        if (auto key = keys.key_of(parsed->station); !key) {
            out.untrusted.push_back(record.station);
            continue;
        }
        held->reset();
        held->bind(1, parsed->id);
        auto stored = held->step();
        if (!stored) return tl::unexpected(stored.error());
        if (*stored || !taken.insert(parsed->id).second) continue;  // checked when it was stored here
        detail::SightingRowData row;
        row.id = parsed->id;
        row.identity = parsed->identity.key();
        row.station = parsed->station;
        row.line = record.line;
        row.signature = record.signature;
        row.columns = detail::index_columns_of(*parsed);
        RowCheck check = check_row(keys, row);
        if (!check.problem.empty()) {
            out.tampered.push_back(where + ": " + parsed->id + ": " + check.problem);
            continue;
        }
        verifier::Signed<verifier::Sighting> item;
        item.signer = check.sighting->station;
        item.source = source;
        item.record = std::move(*check.sighting);
        out.trusted.push_back(std::move(item));
    }
    std::sort(out.untrusted.begin(), out.untrusted.end());
    out.untrusted.erase(std::unique(out.untrusted.begin(), out.untrusted.end()), out.untrusted.end());
    std::stable_sort(out.trusted.begin(), out.trusted.end(), [](const auto& a, const auto& b) { return a.record.time < b.record.time; });
    return out;
}

Result<std::vector<StoredSighting>> recent_sightings(Database& database, std::size_t limit) {
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    StationKeys keys(database, *station, {});
    auto s = detail::connection_of(database).prepare("SELECT " + std::string(detail::sighting_columns_sql) +
                                                     " FROM sightings ORDER BY seq DESC LIMIT ?");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, static_cast<std::int64_t>(std::min<std::size_t>(limit, 1'000'000'000)));
    std::vector<StoredSighting> rows;
    for (;;) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const detail::SightingRowData stored = detail::read_sighting_row(*s);
        StoredSighting r;
        r.seq = stored.seq;
        r.line = stored.line;
        r.signature = stored.signature;
        r.local = stored.local;
        RowCheck check = check_row(keys, stored);
        r.sighting = std::move(check.sighting);
        r.problem = std::move(check.problem);
        r.verified = r.problem.empty();
        rows.push_back(std::move(r));
    }
    std::reverse(rows.begin(), rows.end());
    return rows;
}

// ---- verification

std::string_view log_problem_name(LogProblemKind kind) noexcept {
    switch (kind) {
    case LogProblemKind::edited: return "edited";
    case LogProblemKind::deleted: return "deleted";
    case LogProblemKind::reordered: return "reordered";
    case LogProblemKind::chain_broken: return "chain-broken";
    case LogProblemKind::head_invalid: return "head-invalid";
    case LogProblemKind::truncated: return "truncated";
    case LogProblemKind::foreign: return "foreign";
    case LogProblemKind::rolled_back: return "rolled-back";
    case LogProblemKind::summary: return "summary";
    }
    return "edited";
}

Result<LogReport> verify_log(Database& database) {
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    Connection& c = detail::connection_of(database);
    LogReport report;
    report.station = station->id;
    StationKeys keys(database, *station, {});

    struct Entry {
        std::int64_t seq = 0;
        std::int64_t n = 0;          ///< sequence number from the signed id (0: unknown)
        std::string prev_hash;
        std::string entry_hash;      ///< as stored
        bool edited = false;
    };
    std::vector<Entry> entries;
    const auto add = [&](LogProblemKind kind, std::int64_t seq, std::int64_t n, std::string message) {
        report.problems.push_back(LogProblem{kind, seq, n, std::move(message)});
    };
    const auto where = [](std::int64_t seq, std::int64_t n) {
        return "seq " + std::to_string(seq) + (n > 0 ? " (entry " + std::to_string(n) + ")" : std::string());
    };

    // One read transaction, so a concurrent append cannot show a head newer than the rows.
    auto snapshot = ReadTransaction::begin(c);
    if (!snapshot) return tl::unexpected(snapshot.error());

    {
        auto s = c.prepare("SELECT " + std::string(detail::sighting_columns_sql) + ", prev_hash, entry_hash FROM sightings WHERE local = 1 ORDER BY seq");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            const detail::SightingRowData stored = detail::read_sighting_row(*s);
            Entry e;
            e.seq = stored.seq;
            const std::string& id = stored.id;
            const std::string& row_station = stored.station;
            const std::string& line = stored.line;
            const std::string& signature = stored.signature;
            constexpr int prev_column = detail::sighting_column_count;
            e.prev_hash = s->column_is_null(prev_column) ? std::string() : s->column_text(prev_column);
            e.entry_hash = s->column_is_null(prev_column + 1) ? std::string() : s->column_text(prev_column + 1);
            RowCheck check = check_row(keys, stored);
            const std::string signed_station = check.sighting ? check.sighting->station : row_station;
            if (signed_station != station->id) {
                add(LogProblemKind::foreign, e.seq, 0,
                    where(e.seq, 0) + ": entry " + id + " of station " + signed_station + " is not this station's (" + station->id + ")");
                continue;
            }
            e.n = id_sequence(check.sighting ? check.sighting->id : id, station->id);
            if (!check.problem.empty()) {
                e.edited = true;
                add(LogProblemKind::edited, e.seq, e.n, where(e.seq, e.n) + ": " + check.problem);
            } else if (log_entry_hash(e.prev_hash, line, signature) != e.entry_hash) {
                e.edited = true;
                add(LogProblemKind::edited, e.seq, e.n, where(e.seq, e.n) + ": entry hash does not match its content");
            }
            entries.push_back(std::move(e));
        }
    }
    report.entries = static_cast<std::int64_t>(entries.size());

    // Sequence numbers come from the signed ids, so they cannot be rewritten to hide a gap.
    std::set<std::int64_t> present;
    std::int64_t max_n = 0;
    for (const Entry& e : entries) {
        if (e.n > 0) {
            present.insert(e.n);
            max_n = std::max(max_n, e.n);
        }
    }
    std::set<std::size_t> explained;  // entries whose broken link a reorder or gap explains
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (e.n == 0) continue;
        if (i > 0 && entries[i - 1].n > 0 && e.n <= entries[i - 1].n) {
            add(LogProblemKind::reordered, e.seq, e.n,
                where(e.seq, e.n) + ": comes after entry " + std::to_string(entries[i - 1].n) + " (seq " + std::to_string(entries[i - 1].seq) + ")");
            explained.insert(i);
            if (i + 1 < entries.size()) explained.insert(i + 1);
        }
    }
    // Gaps: numbers missing between 1 and the highest present, reported at the entry that follows.
    for (std::int64_t n = 1; n <= max_n; ++n) {
        if (present.count(n) != 0) continue;
        std::int64_t last = n;
        while (last + 1 <= max_n && present.count(last + 1) == 0) ++last;
        std::int64_t next_seq = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].n == last + 1) {
                next_seq = entries[i].seq;
                explained.insert(i);
            }
        }
        add(LogProblemKind::deleted, next_seq, n,
            (n == last ? "entry " + std::to_string(n) + " is" : "entries " + std::to_string(n) + "-" + std::to_string(last) + " are") +
                " missing (before seq " + std::to_string(next_seq) + ")");
        n = last;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string expected = i == 0 ? std::string(log_genesis_hash) : entries[i - 1].entry_hash;
        if (entries[i].prev_hash == expected || explained.count(i) != 0) continue;
        if (i == 0 && entries[i].n > 1) continue;  // reported as deleted entries 1..n-1
        add(LogProblemKind::chain_broken, entries[i].seq, entries[i].n,
            where(entries[i].seq, entries[i].n) + ": prev_hash does not name the previous entry");
    }

    // The signed head: count and last hash. Without it, truncation of the tail is invisible.
    auto head = c.prepare("SELECT count, entry_hash, signature FROM log_head WHERE station = ?");
    if (!head) return tl::unexpected(head.error());
    head->bind(1, station->id);
    auto head_row = head->step();
    if (!head_row) return tl::unexpected(head_row.error());
    if (!*head_row) {
        if (!entries.empty()) add(LogProblemKind::head_invalid, 0, 0, "the log has " + std::to_string(entries.size()) + " entries but no signed head");
    } else {
        report.head_count = head->column_int64(0);
        report.head_hash = head->column_text(1);
        auto sig = canonical_signature(head->column_text(2));
        if (!sig || !station->key.public_key().verify(log_head_message(station->id, report.head_count, report.head_hash), *sig)) {
            add(LogProblemKind::head_invalid, 0, 0, "the log head signature does not verify (count " + std::to_string(report.head_count) + ")");
        } else if (report.head_count > max_n) {
            add(LogProblemKind::truncated, 0, max_n + 1,
                "the signed head counts " + std::to_string(report.head_count) + " entries; " +
                    (max_n + 1 == report.head_count ? "entry " + std::to_string(report.head_count) + " is"
                                                    : "entries " + std::to_string(max_n + 1) + "-" + std::to_string(report.head_count) + " are") +
                    " missing from the tail");
        } else if (report.head_count < max_n) {
            add(LogProblemKind::head_invalid, 0, report.head_count + 1,
                "the signed head counts " + std::to_string(report.head_count) + " entries but entry " + std::to_string(max_n) + " is present");
        } else {
            for (const Entry& e : entries) {
                if (e.n == report.head_count && !e.edited && e.entry_hash != report.head_hash) {
                    add(LogProblemKind::edited, e.seq, e.n, where(e.seq, e.n) + ": entry hash does not match the signed head");
                }
            }
        }
    }
    // The signed head travels with the file: an older copy of the whole file carries an older,
    // valid head. The trusted state beside it remembers how far this log was accepted.
    {
        auto view = detail::state_view(database);
        if (!view) return tl::unexpected(view.error());
        if ((*view)->problem) {
            add(LogProblemKind::rolled_back, 0, 0, *(*view)->problem);
        } else if ((*view)->state) {
            auto accepted = (*view)->state->logs.find(station->id);
            if (accepted != (*view)->state->logs.end()) {
                auto log = detail::Tlog::open(c, detail::station_log_name(station->id), false);
                if (!log) return tl::unexpected(log.error());
                auto root = log->root(accepted->second.size);
                if (log->size() < accepted->second.size) {
                    add(LogProblemKind::rolled_back, 0, 0,
                        "the log holds " + std::to_string(log->size()) + " of the " + std::to_string(accepted->second.size) +
                            " entries the trusted state accepted (an older copy of the registry, or entries deleted)");
                } else if (!root || *root != accepted->second.root) {
                    add(LogProblemKind::rolled_back, 0, 0, "the log's first " + std::to_string(accepted->second.size) +
                                                               " entries are not the ones the trusted state accepted (another history)");
                }
            }
        }
    }
    // Custody summaries: derived data a lookup trusts by this station's signature, so each must
    // be signed and be exactly the fold of the sightings it says it covers.
    if (auto problems = detail::custody_summary_problems(database); !problems) {
        return tl::unexpected(problems.error());
    } else {
        for (auto& p : *problems) add(LogProblemKind::summary, 0, 0, std::move(p));
    }
    std::stable_sort(report.problems.begin(), report.problems.end(), [](const LogProblem& a, const LogProblem& b) {
        const auto key = [](const LogProblem& p) { return p.seq == 0 ? std::numeric_limits<std::int64_t>::max() : p.seq; };
        return key(a) < key(b);
    });
    return report;
}

// ---- station bundles

Result<ExportSummary> export_sightings(Database& database, const std::filesystem::path& path, const std::optional<std::string>& since_in) {
    std::optional<std::string> since;
    if (since_in) {
        auto t = normalize_time(*since_in, "--since");
        if (!t) return tl::unexpected(t.error());
        since = *t;
    }
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    StationKeys keys(database, *station, {});
    Connection& c = detail::connection_of(database);
    std::vector<std::string> lines;
    std::int64_t version = 1;
    {
        // One read transaction: the rows and the head count come from one snapshot.
        auto snapshot = ReadTransaction::begin(c);
        if (!snapshot) return tl::unexpected(snapshot.error());
        auto s = c.prepare("SELECT " + std::string(detail::sighting_columns_sql) + " FROM sightings WHERE local = 1 AND station = ? ORDER BY seq");
        if (!s) return tl::unexpected(s.error());
        s->bind(1, station->id);
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            const detail::SightingRowData stored = detail::read_sighting_row(*s);
            const std::int64_t seq = stored.seq;
            const std::string& id = stored.id;
            RowCheck check = check_row(keys, stored);
            // Re-signing an edited record would launder it: refuse, where it can be looked into.
            if (!check.problem.empty()) {
                return fail(Errc::signature_invalid, describe_row(seq, id) + ": " + check.problem + "; run 'dimmguard log verify'");
            }
            if (since && check.sighting->time < *since) continue;
            lines.push_back(stored.line);
        }
        auto head = c.prepare("SELECT count FROM log_head WHERE station = ?");
        if (!head) return tl::unexpected(head.error());
        head->bind(1, station->id);
        auto row = head->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) version = std::max<std::int64_t>(1, head->column_int64(0));
    }
    BundleWriter::Options options;
    options.role = std::string(station_role);
    options.version = version;  // the log length: grows with every export that has news
    options.created = utc_now();
    options.expires = add_days(options.created, station_bundle_lifetime_days);
    auto writer = BundleWriter::create(station->key, options);
    if (!writer) return tl::unexpected(writer.error());
    // Ed25519 is deterministic: re-signing a verified line reproduces its stored signature.
    if (auto r = writer->add_many(lines); !r) return tl::unexpected(r.error());
    if (auto r = writer->finish_file(path); !r) return tl::unexpected(r.error());
    return ExportSummary{station->id, lines.size()};
}

Result<std::vector<OwnRecord>> own_log_records(Database& database, std::uint64_t after) {
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    StationKeys keys(database, *station, {});
    Connection& c = detail::connection_of(database);
    auto snapshot = ReadTransaction::begin_unless_open(c);
    if (!snapshot) return tl::unexpected(snapshot.error());
    // Entry n of the log is leaf n - 1 (append_to_station_log): the rows above `after` come
    // from the (station, leaf) index instead of a scan of the whole log at every sync round.
    auto s = c.prepare("SELECT " + std::string(detail::sighting_columns_sql) +
                       " FROM sightings WHERE local = 1 AND station = ? AND leaf >= ? ORDER BY seq");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, station->id).bind(2, static_cast<std::int64_t>(after));
    std::vector<OwnRecord> out;
    for (;;) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const detail::SightingRowData stored = detail::read_sighting_row(*s);
        const std::int64_t n = detail::id_sequence(stored.id, station->id);
        if (n <= 0 || static_cast<std::uint64_t>(n) <= after) continue;
        // An edited record is never sent on: it stays here, where log verify reports it.
        RowCheck check = check_row(keys, stored);
        if (!check.problem.empty()) {
            return fail(Errc::signature_invalid, describe_row(stored.seq, stored.id) + ": " + check.problem + "; run 'dimmguard log verify'");
        }
        auto signature = signature_from_hex(stored.signature);
        if (!signature) return fail(Errc::signature_invalid, describe_row(stored.seq, stored.id) + ": " + signature.error().message);
        out.push_back(OwnRecord{static_cast<std::uint64_t>(n), stored.line, *signature});
    }
    std::sort(out.begin(), out.end(), [](const OwnRecord& a, const OwnRecord& b) { return a.n < b.n; });
    return out;
}

Result<ImportSummary> import_sightings(Database& database, const std::filesystem::path& path, const std::string& now_in) {
    const std::string name = path.string();
    const std::string now = now_in.empty() ? utc_now() : now_in;
    auto bundle = parse_bundle_file(path, /*verify_records=*/true);
    if (!bundle) return tl::unexpected(bundle.error());
    const BundleHeader& header = bundle->header;
    if (header.role != station_role) {
        return fail(Errc::untrusted_key, name + ": a " + header.role + " bundle carries no sightings (role station needed; use 'dimmguard registry import')");
    }
    if (header.expires <= now) return fail(Errc::untrusted_key, name + ": the bundle expired at " + header.expires);
    std::vector<StationRecord> records;
    records.reserve(bundle->records.size());
    for (const BundleRecord& record : bundle->records) records.push_back(StationRecord{record.signed_text, record.signature});
    return import_station_records(database, header.publisher, header.public_key, records, name, now);
}

Result<ImportSummary> import_station_records(Database& database, const std::string& publisher, const PublicKey& public_key,
                                             std::span<const StationRecord> input, const std::string& name, const std::string& now_in) {
    const std::string now = now_in.empty() ? utc_now() : now_in;
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    StationKeys keys(database, *station, now);
    auto trusted = keys.key_of(publisher);
    if (!trusted) return fail(Errc::untrusted_key, name + ": " + trusted.error().message);
    if (!(*trusted == public_key)) {
        return fail(Errc::untrusted_key, name + ": the key is not the trusted key of station " + publisher);
    }

    struct Record {
        verifier::Sighting sighting;
        std::string line;
        std::string signature;
    };
    std::vector<Record> records;
    std::map<std::string, std::string> seen;  // id -> line
    std::string site;
    for (std::size_t i = 0; i < input.size(); ++i) {
        const StationRecord& record = input[i];
        const std::string where = name + ": record " + std::to_string(i + 1);
        auto s = parse_sighting_line(record.line);
        if (!s) return fail(Errc::bad_format, where + ": " + s.error().message);
        if (s->station != publisher) {
            return fail(Errc::untrusted_key, where + ": sighting " + s->id + " is of station " + s->station + ", not of station " + publisher);
        }
        if (id_sequence(s->id, s->station) == 0) return fail(Errc::bad_format, where + ": id '" + s->id + "' is not '<station>:<n>'");
        if (!public_key.verify(record_message(record.line), record.signature)) {
            return fail(Errc::signature_invalid, where + ": signature of sighting " + s->id + " does not verify");
        }
        if (auto [it, inserted] = seen.emplace(s->id, record.line); !inserted) {
            if (it->second != record.line) return fail(Errc::bad_format, where + ": two different records carry id " + s->id);
            continue;
        }
        site = s->site;
        records.push_back(Record{*s, record.line, signature_hex(record.signature)});
    }

    Connection& c = detail::connection_of(database);
    std::vector<verifier::ModuleIdentity> new_identities;
    auto attempt = [&]() -> Result<ImportSummary> {
        ImportSummary summary;
        summary.station = publisher;
        summary.records = input.size();
        summary.site = publisher == station->id ? station->site : site;
        auto tx = Transaction::begin(c);
        if (!tx) return tl::unexpected(tx.error());
        {
            auto find = c.prepare("SELECT line FROM sightings WHERE id = ?");
            if (!find) return tl::unexpected(find.error());
            auto insert = c.prepare(detail::sighting_insert_sql);
            if (!insert) return tl::unexpected(insert.error());
            std::vector<std::int64_t> added;
            new_identities.clear();
            for (const Record& r : records) {
                find->reset();
                find->bind(1, r.sighting.id);
                auto row = find->step();
                if (!row) return tl::unexpected(row.error());
                if (*row) {
                    if (find->column_text(0) != r.line) {
                        return fail(Errc::bad_format, name + ": sighting " + r.sighting.id + " differs from the stored record with the same id");
                    }
                    ++summary.already_present;
                    continue;
                }
                insert->reset();
                auto seq = detail::bind_sighting_row(c, *insert, r.sighting, r.line, r.signature, {}, {}, /*local=*/false);
                if (!seq) return tl::unexpected(seq.error());
                if (auto w = insert->run(); !w) return tl::unexpected(w.error());
                added.push_back(*seq);
                new_identities.push_back(r.sighting.identity);
                ++summary.added;
            }
            if (auto w = detail::append_to_station_log(database, publisher, added); !w) return fail(w.error().code, name + ": " + w.error().message);
            // Which stations' sightings are here, and under which key and site (for display;
            // trust is always asked of the trust store).
            if (publisher != station->id && !records.empty()) {
                auto note = c.prepare(
                    "INSERT INTO stations(key_id, public_key, site) VALUES(?, ?, ?) "
                    "ON CONFLICT(key_id) DO UPDATE SET public_key = excluded.public_key, site = excluded.site");
                if (!note) return tl::unexpected(note.error());
                note->bind(1, publisher).bind(2, public_key.hex()).bind(3, site);
                if (auto w = note->run(); !w) return tl::unexpected(w.error());
            }
        }
        if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
        return summary;
    };
    auto imported = with_context(retry_busy(attempt), name);
    if (!imported) return imported;
    if (auto accepted = detail::accept_station_log(database, publisher, public_key); !accepted) {
        return fail(accepted.error().code, name + ": stored, but the trusted state was not updated (" + accepted.error().message + ")");
    }
    // The sightings are in: witnessing what is now held cannot undo that, so its failure is
    // reported with the conflicts, not as a failed import.
    if (auto witnessed = witness_station(database, publisher, now); !witnessed) {
        imported->conflicts.push_back("not witnessed: " + witnessed.error().message);
    } else {
        if (witnessed->cosigned) imported->cosigned_size = witnessed->cosigned->size;
        imported->conflicts = std::move(witnessed->conflicts);
    }
    // Likewise late findings: the sightings stay stored when they cannot be derived now, and
    // `log alerts --recheck` derives them later.
    if (publisher != station->id) {
        if (auto late = raise_late_findings(database, new_identities, now); !late) {
            imported->conflicts.push_back("late findings not checked: " + late.error().message);
        } else {
            imported->alerts = std::move(*late);
        }
    }
    return imported;
}

// ---- SqliteRegistry: station data

Result<verifier::Lookup<verifier::Sighting>> SqliteRegistry::sightings(const verifier::ModuleIdentity& identity) {
    return load_sightings(db_, identity, now_);
}

Result<verifier::History> SqliteRegistry::history(const verifier::ModuleIdentity& identity) {
    return load_history(db_, identity, now_);
}

Result<verifier::Sighting> SqliteRegistry::record_sighting(verifier::Sighting sighting) {
    return db::record_sighting(db_, std::move(sighting), now_);
}

}  // namespace dimmguard::db
