// SPDX-License-Identifier: GPL-3.0-or-later
// History search over the sightings table and its CSV export.
#include "sighting_query.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"

namespace dimmguard::gui {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool contains_folded(std::string_view haystack, const std::string& needle_lower) {
    if (needle_lower.empty()) return true;
    return lower(haystack).find(needle_lower) != std::string::npos;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

/// Who may vouch for a sighting: mirrors `dimmguard log show` (db/src/station_log.cpp): this
/// station's own key, else the key the trust store names for role "station" at `now`.
class StationKeyCache {
public:
    StationKeyCache(db::Database& database, db::Station self) : trust_(database), self_(std::move(self)), now_(db::utc_now()) {}

    Result<db::PublicKey> key_of(const std::string& station) {
        if (station == self_.id) return self_.key.public_key();
        auto it = cache_.find(station);
        if (it == cache_.end()) {
            auto key = trust_.publisher_trusted(station, "station", now_);
            if (!key && key.error().code != Errc::untrusted_key) return tl::unexpected(key.error());
            if (key) {
                it = cache_.emplace(station, Result<db::PublicKey>(*key)).first;
            } else {
                std::string message = "station ";
                message += station;
                message += ": ";
                message += key.error().message;
                it = cache_.emplace(station, Result<db::PublicKey>(fail(Errc::untrusted_key, std::move(message)))).first;
            }
        }
        return it->second;
    }

private:
    db::TrustStore trust_;
    db::Station self_;
    std::string now_;
    std::map<std::string, Result<db::PublicKey>> cache_;
};

}  // namespace

bool SightingFilter::empty() const noexcept {
    return text.empty() && part.empty() && verdict.empty() && lot.empty() && from_day.empty() && to_day.empty();
}

bool SightingFilter::matches(const verifier::Sighting& s) const {
    const std::string t = lower(trimmed(text));
    if (!t.empty() && !contains_folded(s.identity.key(), t) && !contains_folded(s.identity.serial, t)) return false;
    if (!contains_folded(s.part_number, lower(trimmed(part)))) return false;
    if (!verdict.empty() && s.verdict != verdict) return false;
    if (!lot.empty()) {
        const auto it = s.context.find("lot");
        if (it == s.context.end() || !contains_folded(it->second, lower(trimmed(lot)))) return false;
    }
    const std::string day = s.time.substr(0, std::min<std::size_t>(10, s.time.size()));
    if (!from_day.empty() && day < from_day) return false;
    if (!to_day.empty() && day > to_day) return false;
    return true;
}

Result<SightingQueryResult> query_sightings(const std::filesystem::path& data_dir, const SightingFilter& filter, std::size_t limit,
                                            const std::atomic<bool>* cancel) {
    std::error_code ec;
    if (!std::filesystem::exists(data_dir / "registry.sqlite", ec)) {
        return fail(Errc::not_found, "no registry at " + data_dir.string());
    }
    auto database = db::Database::open(data_dir);
    if (!database) return tl::unexpected(database.error());
    auto station = database->station();
    if (!station) return tl::unexpected(station.error());
    StationKeyCache keys(*database, *station);

    auto snapshot = db::ReadTransaction::begin(database->connection());
    if (!snapshot) return tl::unexpected(snapshot.error());
    // A whole identity key uses the identity index; anything else scans newest first.
    const auto identity = verifier::ModuleIdentity::parse(lower(trimmed(filter.text)));
    auto statement = database->connection().prepare(
        identity ? "SELECT seq, line, signature, local FROM sightings WHERE identity = ? ORDER BY seq DESC"
                 : "SELECT seq, line, signature, local FROM sightings ORDER BY seq DESC");
    if (!statement) return tl::unexpected(statement.error());
    if (identity) statement->bind(1, identity->key());

    SightingQueryResult result;
    for (;;) {
        if (cancel && cancel->load(std::memory_order_relaxed)) break;
        auto row = statement->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        ++result.scanned;
        const std::string line = statement->column_text(1);
        auto parsed = db::parse_sighting_line(line);
        if (!parsed) continue;   // not a sighting we can show or filter; `dimmguard log show` lists it
        if (!filter.matches(*parsed)) continue;
        if (result.rows.size() == limit) {
            result.more = true;
            break;
        }
        SightingRow r;
        r.seq = statement->column_int64(0);
        r.local = statement->column_int64(3) != 0;
        r.sighting = std::move(*parsed);
        auto key = keys.key_of(r.sighting.station);
        if (!key) {
            r.problem = key.error().message;
        } else if (auto signature = db::signature_from_hex(statement->column_text(2)); !signature) {
            r.problem = signature.error().message;
        } else if (!key->verify(db::record_message(line), *signature)) {
            r.problem = "signature does not verify";
        }
        r.verified = r.problem.empty();
        result.rows.push_back(std::move(r));
    }
    return result;
}

std::string csv_field(std::string_view text) {
    std::string value(text);
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) value.insert(0, 1, '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string sightings_csv(const std::vector<SightingRow>& rows) {
    std::string out = "time,verdict,part_number,identity,serial,event,lot,site,station,fingerprint,source,verified,context\r\n";
    for (const auto& row : rows) {
        const auto& s = row.sighting;
        std::string context;
        for (const auto& [key, value] : s.context) {
            if (!context.empty()) context += ';';
            context += key;
            context += '=';
            context += value;
        }
        const auto lot = s.context.find("lot");
        const std::string fields[] = {s.time,
                                      s.verdict,
                                      s.part_number,
                                      s.identity.key(),
                                      s.identity.serial,
                                      std::string(verifier::event_kind_name(s.event)),
                                      lot == s.context.end() ? std::string() : lot->second,
                                      s.site,
                                      s.station,
                                      s.fingerprint,
                                      row.local ? "local" : "imported",
                                      row.verified ? "yes" : "no",
                                      context};
        bool first = true;
        for (const auto& field : fields) {
            if (!first) out += ',';
            first = false;
            out += csv_field(field);
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace dimmguard::gui
