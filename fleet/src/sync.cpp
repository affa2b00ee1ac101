// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/sync.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <span>

#include "db/keys.hpp"
#include "db/station_log.hpp"
#include "db/witness.hpp"
#include "dimmguard/error.hpp"
#include "fleet/online.hpp"
#include "fleet/server.hpp"

namespace dimmguard::fleet {

namespace {

/// Field `index` (0-based) of a TAB-separated line, as stored (still percent-encoded).
std::string field(std::string_view line, std::size_t index) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < index; ++i) {
        const std::size_t tab = line.find('\t', start);
        if (tab == std::string_view::npos) return {};
        start = tab + 1;
    }
    const std::size_t end = line.find('\t', start);
    return std::string(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
}

/// Send `records` (own, in order of n) with multi-row INSERTs; rows already there are left as
/// they are (ON CONFLICT DO NOTHING) and compared afterwards by the caller.
Result<void> push_rows(PgConnection& server, const std::string& station, std::span<const db::OwnRecord> records, const SyncOptions& o) {
    for (std::size_t first = 0; first < records.size(); first += o.batch) {
        const std::size_t last = std::min(records.size(), first + o.batch);
        std::string sql = "INSERT INTO dimmguard.sightings (station, n, identity, line, signature) VALUES ";
        std::vector<Param> params;
        params.reserve((last - first) * 5);
        for (std::size_t i = first; i < last; ++i) {
            const std::size_t p = params.size();
            sql += (i == first ? "" : ",") + std::string("($") + std::to_string(p + 1) + ",$" + std::to_string(p + 2) + ",$" + std::to_string(p + 3) +
                   ",$" + std::to_string(p + 4) + ",$" + std::to_string(p + 5) + ")";
            params.emplace_back(station);
            params.emplace_back(std::to_string(records[i].n));
            params.emplace_back(field(records[i].line, 2));
            params.emplace_back(records[i].line);
            params.emplace_back(db::signature_hex(records[i].signature));
        }
        sql += " ON CONFLICT (station, n) DO NOTHING";
        if (auto r = server.query(sql, params, o.timeout); !r) return tl::unexpected(r.error());
    }
    return {};
}

/// Push this station's sightings: what the server lacks above its highest n, and any it lost
/// below it (rows deleted on the server are sent again; they are this station's own, signed).
Result<void> push(db::Database& database, PgConnection& server, const std::string& station, const SyncOptions& o, SyncReport& report) {
    auto have = server.query("SELECT count(*), coalesce(max(n), 0) FROM dimmguard.sightings WHERE station = $1", {station}, o.timeout);
    if (!have) return tl::unexpected(have.error());
    const std::uint64_t count = std::stoull(have->text(0, 0));
    const std::uint64_t top = std::stoull(have->text(0, 1));
    auto own = db::own_log_records(database, count == top ? top : 0);
    if (!own) return tl::unexpected(own.error());
    std::vector<db::OwnRecord> send;
    if (count == top) {
        send = std::move(*own);
        report.pushed = send.size();
    } else {
        // Some rows below the top are gone: find which, and send those with the new ones.
        auto ns = server.query("SELECT n FROM dimmguard.sightings WHERE station = $1 ORDER BY n", {station}, o.timeout);
        if (!ns) return tl::unexpected(ns.error());
        std::vector<std::uint64_t> present;
        present.reserve(ns->rows.size());
        for (std::size_t r = 0; r < ns->rows.size(); ++r) present.push_back(std::stoull(ns->text(r, 0)));
        for (auto& rec : *own) {
            if (std::binary_search(present.begin(), present.end(), rec.n)) continue;
            if (rec.n <= top) ++report.repaired;
            else ++report.pushed;
            send.push_back(std::move(rec));
        }
        if (report.repaired > 0) {
            report.conflicts.push_back("the server had lost " + std::to_string(report.repaired) + " of this station's sightings below " +
                                       std::to_string(top) + " (rows deleted on the server); sent again");
        }
    }
    if (auto r = push_rows(server, station, send, o); !r) return r;
    report.sent_through = top;
    for (const auto& rec : send) report.sent_through = std::max(report.sent_through, rec.n);
    // Anything the server holds under this station's name above what it signed, or different
    // from what it signed, was not written by this station.
    auto own_log = db::held_log(database, station);
    if (!own_log) return tl::unexpected(own_log.error());
    const std::uint64_t signed_top = *own_log ? (*own_log)->size : 0;
    auto extra = server.query("SELECT count(*) FROM dimmguard.sightings WHERE station = $1 AND n > $2", {station, std::to_string(signed_top)}, o.timeout);
    if (!extra) return tl::unexpected(extra.error());
    if (extra->text(0, 0) != "0") {
        report.conflicts.push_back("the server holds " + extra->text(0, 0) + " sightings under this station's name above its last (" +
                                   std::to_string(signed_top) + "): not written by this station");
    }
    return {};
}

/// Pull one other station's sightings above what is held of it, page by page. A page that does
/// not import (a record that does not verify) is retried one record at a time, so everything
/// before the bad record goes in; the feed of that station stops at it.
Result<void> pull_station(db::Database& database, PgConnection& server, const ServerStation& st, const db::PublicKey& key, const SyncOptions& o,
                          SyncReport& report) {
    StationPull pull;
    pull.station = st.key_id;
    pull.login = st.login;
    const std::string name = "fleet server: station " + st.key_id;
    for (;;) {
        auto held = db::held_log(database, st.key_id);
        if (!held) return tl::unexpected(held.error());
        const std::uint64_t have = *held ? (*held)->size : 0;
        pull.held = static_cast<std::size_t>(have);
        auto rows = server.query("SELECT n, line, signature FROM dimmguard.sightings WHERE station = $1 AND n > $2 ORDER BY n LIMIT $3",
                                 {st.key_id, std::to_string(have), std::to_string(o.batch)}, o.timeout);
        if (!rows) return tl::unexpected(rows.error());
        if (rows->empty()) break;
        std::vector<db::StationRecord> records;
        std::optional<std::string> stop;
        for (std::size_t r = 0; r < rows->rows.size(); ++r) {
            const std::uint64_t n = std::stoull(rows->text(r, 0));
            if (n != have + 1 + records.size()) {
                stop = "the server has no sighting " + st.key_id + ":" + std::to_string(have + 1 + records.size()) +
                       " (rows deleted on the server?): later sightings of this station wait until it is back";
                break;
            }
            auto signature = db::signature_from_hex(rows->text(r, 2));
            if (!signature) {
                stop = "sighting " + st.key_id + ":" + std::to_string(n) + " on the server has a malformed signature";
                break;
            }
            records.push_back(db::StationRecord{rows->text(r, 1), *signature});
        }
        std::size_t done = 0;
        std::optional<std::string> refused;  // an import error (already names the station)
        auto imported = db::import_station_records(database, st.key_id, key, records, name, o.now);
        if (!imported && imported.error().code == Errc::untrusted_key &&
            imported.error().message.find("record ") == std::string::npos) {
            report.problems.push_back(imported.error().message + " (its sightings are not taken until the trust store names it for role station)");
            return {};
        }
        if (imported) {
            done = records.size();
            pull.added += imported->added;
            if (imported->cosigned_size > 0) pull.cosigned = imported->cosigned_size;
            for (auto& a : imported->alerts) report.alerts.push_back(std::move(a));
            for (auto& c : imported->conflicts) report.conflicts.push_back(name + ": " + c);
        } else {
            // One at a time up to the bad one.
            for (const auto& rec : records) {
                auto one = db::import_station_records(database, st.key_id, key, std::span<const db::StationRecord>(&rec, 1), name, o.now);
                if (!one) {
                    refused = one.error().message + ": the feed of this station stops there";
                    break;
                }
                pull.added += one->added;
                if (one->cosigned_size > 0) pull.cosigned = one->cosigned_size;
                for (auto& a : one->alerts) report.alerts.push_back(std::move(a));
                ++done;
            }
        }
        pull.held = static_cast<std::size_t>(have + done);
        if (refused) {
            report.problems.push_back(*refused);
            break;
        }
        if (stop) {
            report.problems.push_back(name + ": " + *stop);
            break;
        }
        if (rows->rows.size() < o.batch) break;
    }
    report.pulled.push_back(std::move(pull));
    return {};
}

}  // namespace

Result<SyncReport> sync(db::Database& database, PgConnection& server, const SyncOptions& o) {
    SyncReport report;
    report.server = server.where();
    auto self = database.station();
    if (!self) return tl::unexpected(self.error());
    report.station = self->id;
    if (auto v = server_version(server, o.timeout); !v) return tl::unexpected(v.error());
    // A streaming replica answers the reads but refuses every write: say so before pushing.
    auto recovery = server.query("SELECT pg_is_in_recovery()", {}, o.timeout);
    if (!recovery) return tl::unexpected(recovery.error());
    if (recovery->text(0, 0) == "t") {
        return fail(Errc::unsupported, "fleet server " + report.server +
                                           " is a read-only standby: sync writes, so it needs the primary (sync --lookup-server may name a standby)");
    }
    auto stations = server_stations(server, o.timeout);
    if (!stations) return tl::unexpected(stations.error());
    const std::string login = server.user();
    const auto mine = std::find_if(stations->begin(), stations->end(), [&](const ServerStation& s) { return s.login == login; });
    if (mine == stations->end()) {
        return fail(Errc::permission_denied, "fleet server " + report.server + ": login '" + login +
                                                 "' is not a station there (the administrator adds it with 'dimmguard fleet add-station')");
    }
    if (mine->key_id != self->id) {
        return fail(Errc::untrusted_key, "fleet server " + report.server + ": login '" + login + "' writes as station " + mine->key_id +
                                             ", but this registry's station key is " + self->id);
    }

    if (auto r = push(database, server, self->id, o, report); !r) return tl::unexpected(r.error());
    for (const auto& st : *stations) {
        if (st.key_id == self->id) continue;
        auto key = db::PublicKey::from_hex(st.public_key_hex);
        if (!key || key->id() != st.key_id) {
            report.problems.push_back("fleet server: station " + st.key_id + " is listed with a key that is not its own (skipped)");
            continue;
        }
        if (auto r = pull_station(database, server, st, *key, o, report); !r) return tl::unexpected(r.error());
    }

    // Checkpoints: this station's signed head and its cosignatures of what it now holds ...
    auto text = db::checkpoints_text(database, o.now);
    if (!text) return tl::unexpected(text.error());
    auto last = server.query("SELECT body FROM dimmguard.checkpoints WHERE station = $1 ORDER BY id DESC LIMIT 1", {self->id}, o.timeout);
    if (!last) return tl::unexpected(last.error());
    if (text->second.notes > 0 && (last->empty() || last->text(0, 0) != text->first)) {
        if (auto r = server.query("INSERT INTO dimmguard.checkpoints (station, body) VALUES ($1, $2)", {self->id, text->first}, o.timeout); !r) {
            return tl::unexpected(r.error());
        }
        report.checkpoint_pushed = true;
    }
    // ... and every other station's latest, checked like a checkpoints file: split views are
    // conflicts, and a head a station signed beyond the rows the server gave is rows withheld.
    auto bodies = server.query("SELECT DISTINCT ON (station) station, body FROM dimmguard.checkpoints WHERE station <> $1 ORDER BY station, id DESC",
                               {self->id}, o.timeout);
    if (!bodies) return tl::unexpected(bodies.error());
    for (std::size_t r = 0; r < bodies->rows.size(); ++r) {
        const std::string station = bodies->text(r, 0);
        const std::string name = "fleet server: checkpoints of station " + station;
        auto imported = db::import_checkpoints_text(database, bodies->text(r, 1), name, o.now);
        if (!imported) {
            report.problems.push_back(imported.error().message);
            continue;
        }
        for (auto& c : imported->conflicts) report.conflicts.push_back(name + ": " + c);
        auto notes = db::parse_checkpoints(bodies->text(r, 1), name);
        if (!notes) continue;
        auto held = db::held_log(database, station);
        if (!held) return tl::unexpected(held.error());
        const std::uint64_t have = *held ? (*held)->size : 0;
        for (const auto& n : *notes) {
            if (n.station != station || n.checkpoint.size <= have) continue;
            const bool own = std::any_of(n.note.signatures.begin(), n.note.signatures.end(),
                                         [&](const auto& s) { return s.name == db::station_note_name(station); });
            if (!own) continue;
            // The station may have sent more rows and a newer head since this round pulled its
            // rows (stations sync concurrently): behind is not withheld while the server holds
            // every row up to the signed size; the next round takes them.
            auto present = server.query("SELECT count(*) FROM dimmguard.sightings WHERE station = $1 AND n <= $2",
                                        {station, std::to_string(n.checkpoint.size)}, o.timeout);
            if (!present) return tl::unexpected(present.error());
            if (const std::uint64_t count = std::stoull(present->text(0, 0)); count < n.checkpoint.size) {
                report.conflicts.push_back(name + ": the station signed a head of " + std::to_string(n.checkpoint.size) +
                                           " sightings, but the server holds only " + std::to_string(count) +
                                           " of them (rows withheld or deleted on the server)");
            }
        }
    }
    return report;
}

// ---- status

namespace {

constexpr std::string_view status_setting = "fleet-status";

}  // namespace

Result<SyncStatus> load_sync_status(const std::filesystem::path& data_dir) {
    auto text = db::read_setting(data_dir, status_setting);
    if (!text) return tl::unexpected(text.error());
    SyncStatus s;
    if (text->empty()) return s;
    // TAB-separated: last_attempt, last_ok, error (percent-encoded), conflicts, problems, sent_through.
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = text->find('\t', start);
        f.push_back(text->substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    auto error = f.size() == 6 ? db::percent_decode(f[2]) : Result<std::string>(fail(Errc::bad_format, ""));
    const auto number = [](const std::string& t) -> std::optional<std::uint64_t> {
        if (t.empty() || t.size() > 19 || t.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        return std::stoull(t);
    };
    if (!error || !number(f[3]) || !number(f[4]) || !number(f[5])) {
        return fail(Errc::bad_format, (data_dir / status_setting).string() + ": not a sync status line");
    }
    s.last_attempt = f[0];
    s.last_ok = f[1];
    s.error = *error;
    s.conflicts = static_cast<std::size_t>(*number(f[3]));
    s.problems = static_cast<std::size_t>(*number(f[4]));
    s.sent_through = *number(f[5]);
    return s;
}

Result<void> note_sync_round(const std::filesystem::path& data_dir, const Result<SyncReport>& round, const std::string& now) {
    auto before = load_sync_status(data_dir);
    SyncStatus s = before ? *before : SyncStatus{};  // an unreadable status is replaced
    s.last_attempt = now;
    if (round) {
        s.last_ok = now;
        s.error.clear();
        s.conflicts = round->conflicts.size();
        s.problems = round->problems.size();
        s.sent_through = round->sent_through;
    } else {
        s.error = round.error().message;
    }
    const std::string line = s.last_attempt + "\t" + s.last_ok + "\t" + db::percent_encode(s.error) + "\t" + std::to_string(s.conflicts) + "\t" +
                             std::to_string(s.problems) + "\t" + std::to_string(s.sent_through);
    return db::write_setting(data_dir, status_setting, line);
}

Result<FleetState> fleet_state(db::Database& database) {
    FleetState state;
    const std::filesystem::path& dir = database.data_dir();
    if (!dir.empty()) {
        auto server = remembered_server(dir);
        if (!server) return tl::unexpected(server.error());
        state.server = conninfo_for_display(*server);  // shown: never a password
        auto lookup = remembered_lookup_server(dir);
        if (!lookup) return tl::unexpected(lookup.error());
        state.lookup_server = conninfo_for_display(*lookup);
        auto status = load_sync_status(dir);
        if (!status) return tl::unexpected(status.error());
        state.status = *status;
    }
    auto self = database.station();
    if (!self) return tl::unexpected(self.error());
    // The size the trusted state accepted: the desk app asks every 30 s, and held_log's
    // stored-in-order check reads the whole log (70 s for millions of sightings).
    auto own = db::accepted_log_size(database, self->id);
    if (!own) return tl::unexpected(own.error());
    state.own_sightings = *own;
    state.pending = state.own_sightings > state.status.sent_through ? state.own_sightings - state.status.sent_through : 0;
    auto alerts = db::count_alerts(database);
    if (!alerts) return tl::unexpected(alerts.error());
    state.alerts = *alerts;
    return state;
}

}  // namespace dimmguard::fleet
