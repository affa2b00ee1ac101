// SPDX-License-Identifier: GPL-3.0-or-later
// Late findings: signed alerts on earlier inspections that other stations' sightings, arriving
// later, show to be of a duplicated identity (db/alerts.hpp, docs/fleet.md).
#include "db/alerts.hpp"

#include <array>
#include <set>

#include "db/bundle.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "database_access.hpp"
#include "dimmguard/error.hpp"
#include "text.hpp"
#include "verifier/custody.hpp"

namespace dimmguard::db {
namespace {

constexpr std::size_t alert_field_count = 12;

std::string alert_message(std::string_view line) { return std::string(alert_signature_prefix) + std::string(line); }

Alert alert_of(const verifier::LateDuplicate& d, const std::string& raised) {
    Alert a;
    a.sighting = d.own.id;
    a.other = d.other.id;
    a.identity = d.own.identity.key();
    a.code = d.code;
    a.verdict = d.own.verdict;
    a.own_time = d.own.time;
    a.other_station = d.other.station;
    a.other_site = d.other.site;
    a.other_time = d.other.time;
    a.explanation = d.explanation;
    a.raised = raised;
    return a;
}

}  // namespace

std::string alert_line(const Alert& a) {
    std::string line = "alert";
    for (const std::string* field : {&a.sighting, &a.other, &a.identity, &a.code, &a.verdict, &a.own_time, &a.other_station, &a.other_site,
                                     &a.other_time, &a.explanation, &a.raised}) {
        line += '\t';
        line += percent_encode(*field);
    }
    return line;
}

Result<Alert> parse_alert_line(std::string_view line) {
    const auto fields = detail::split(line, '\t');
    if (fields.size() != alert_field_count || fields[0] != "alert") {
        return fail(Errc::bad_format, "not an alert record (" + std::to_string(alert_field_count) + " tab-separated fields)");
    }
    std::array<std::string, alert_field_count> d;
    for (std::size_t i = 1; i < fields.size(); ++i) {
        auto v = percent_decode(fields[i]);
        if (!v) return fail(Errc::bad_format, "alert field " + std::to_string(i + 1) + ": " + v.error().message);
        d[i] = std::move(*v);
    }
    Alert a{d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]};
    if (a.sighting.empty() || a.other.empty() || !is_rfc3339_utc(a.raised)) return fail(Errc::bad_format, "alert record without its sightings or time");
    if (alert_line(a) != line) return fail(Errc::bad_format, "alert record is not in canonical form");
    return a;
}

Result<std::vector<Alert>> raise_late_findings(Database& database, std::span<const verifier::ModuleIdentity> identities, const std::string& now_in) {
    std::vector<Alert> raised;
    if (identities.empty()) return raised;
    const std::string now = now_in.empty() ? utc_now() : now_in;
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    Connection& c = detail::connection_of(database);
    auto mine = c.prepare("SELECT 1 FROM sightings WHERE identity = ? AND local = 1 LIMIT 1");
    if (!mine) return tl::unexpected(mine.error());
    std::set<std::string> done;
    for (const auto& identity : identities) {
        const std::string key = identity.key();
        if (!done.insert(key).second) continue;
        mine->reset();
        mine->bind(1, key);
        auto row = mine->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) continue;  // never recorded here: nothing of ours to revisit
        auto seen = load_sightings(database, identity, now);
        if (!seen) return tl::unexpected(seen.error());
        for (const auto& d : verifier::late_duplicates(seen->trusted, station->id)) {
            Alert a = alert_of(d, now);
            auto stored = store_alert(database, a);
            if (!stored) return tl::unexpected(stored.error());
            if (*stored) raised.push_back(std::move(a));
        }
    }
    return raised;
}

Result<bool> store_alert(Database& database, const Alert& a) {
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    const std::string line = alert_line(a);
    auto signature = station->key.sign(alert_message(line));
    if (!signature) return tl::unexpected(signature.error());
    Connection& c = detail::connection_of(database);
    auto insert = c.cached("INSERT OR IGNORE INTO alerts(sighting, other, identity, line, signature) VALUES(?, ?, ?, ?, ?)");
    if (!insert) return tl::unexpected(insert.error());
    (*insert)->bind(1, a.sighting).bind(2, a.other).bind(3, a.identity).bind(4, line).bind(5, signature_hex(*signature));
    if (auto w = (*insert)->run(); !w) return tl::unexpected(w.error());
    return c.changes() == 1;
}

Result<std::vector<Alert>> recheck_late_findings(Database& database, const std::string& now) {
    Connection& c = detail::connection_of(database);
    auto select = c.prepare("SELECT identity FROM sightings GROUP BY identity HAVING max(local) = 1 AND min(local) = 0");
    if (!select) return tl::unexpected(select.error());
    std::vector<verifier::ModuleIdentity> identities;
    for (;;) {
        auto row = select->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        // A row whose identity column does not parse never verifies: nothing to derive from it.
        if (auto id = verifier::ModuleIdentity::parse(select->column_text(0))) identities.push_back(*id);
    }
    return raise_late_findings(database, identities, now);
}

Result<std::vector<StoredAlert>> load_alerts(Database& database, const std::string& since_in) {
    std::string since;
    if (!since_in.empty()) {
        auto t = normalize_time(since_in, "--since");
        if (!t) return tl::unexpected(t.error());
        since = *t;
    }
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    Connection& c = detail::connection_of(database);
    auto select = c.prepare("SELECT seq, sighting, other, line, signature FROM alerts ORDER BY seq");
    if (!select) return tl::unexpected(select.error());
    std::vector<StoredAlert> out;
    for (;;) {
        auto row = select->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        StoredAlert s;
        s.seq = select->column_int64(0);
        const std::string line = select->column_text(3);
        auto parsed = parse_alert_line(line);
        auto signature = signature_from_hex(select->column_text(4));
        if (!parsed) {
            s.problem = "alert " + std::to_string(s.seq) + ": " + parsed.error().message;
        } else if (parsed->sighting != select->column_text(1) || parsed->other != select->column_text(2)) {
            s.problem = "alert " + std::to_string(s.seq) + ": its columns do not match the signed line";
        } else if (!signature || !station->key.public_key().verify(alert_message(line), *signature)) {
            s.problem = "alert " + std::to_string(s.seq) + ": not signed by this station's key (edited?)";
        } else {
            s.verified = true;
        }
        if (parsed) s.alert = std::move(*parsed);
        if (s.verified && !since.empty() && s.alert.raised < since) continue;
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::size_t> count_alerts(Database& database) {
    auto select = detail::connection_of(database).prepare("SELECT count(*) FROM alerts");
    if (!select) return tl::unexpected(select.error());
    auto row = select->step();
    if (!row) return tl::unexpected(row.error());
    return static_cast<std::size_t>(select->column_int64(0));
}

}  // namespace dimmguard::db
