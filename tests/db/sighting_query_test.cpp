// SPDX-License-Identifier: GPL-3.0-or-later
// The History search (db::find_sightings) on real SQLite files: every filter, newest first,
// limit and "more", cancel; rows edited with the sqlite3 C API are never reported verified;
// a schema-1 file migrates to schema 2 and is searchable; open_existing never creates.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "db/database.hpp"
#include "db/keys.hpp"
#include "db/sighting_query.hpp"
#include "db/sqlite.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"

namespace {

using namespace dimmguard;
using test_support::TempDir;
namespace fs = std::filesystem;

verifier::Sighting make(const std::string& serial, const std::string& part, const std::string& verdict, const std::string& lot) {
    verifier::Sighting s;
    s.identity = {"802c", "06", "2243", serial};
    s.fingerprint = "9d0c2f5e";
    s.part_number = part;
    s.verdict = verdict;
    s.event = verifier::EventKind::intake;
    if (!lot.empty()) s.context = {{"lot", lot}};
    return s;
}

/// Five sightings on three days, recorded through the real log (seq = order listed).
void fill(db::Database& database) {
    struct Row {
        const char* serial;
        const char* part;
        const char* verdict;
        const char* lot;
        const char* time;
    };
    const Row rows[] = {
        {"3bf239f8", "MTC20F2085S1RC48BA1", "genuine", "PO-1", "2026-11-25T09:00:00Z"},
        {"3bf2a0b1", "MTC40F2046S1RC48BA1", "counterfeit", "PO-2", "2026-11-26T09:00:00Z"},
        {"77aa0001", "MTC40F2046S1RC48BA1", "genuine", "PO-2", "2026-11-26T18:30:00Z"},
        {"3bf239f8", "MTC20F2085S1RC48BA1", "suspect", "", "2026-11-27T08:00:00Z"},
        {"cafe0002", "HMCG88AGBRA191N", "genuine", "po-3", "2026-11-27T23:59:59Z"},
    };
    for (const Row& r : rows) {
        db::SqliteRegistry registry(database, r.time);
        REQUIRE(registry.record_sighting(make(r.serial, r.part, r.verdict, r.lot)));
    }
}

std::vector<std::string> serials(const db::SightingSearch& found) {
    std::vector<std::string> out;
    for (const auto& row : found.rows) out.push_back(row.sighting.identity.serial + "@" + row.sighting.time.substr(0, 10));
    return out;
}

db::SightingSearch search(db::Database& database, const db::SightingQuery& query, std::size_t limit = 100) {
    auto found = db::find_sightings(database, query, limit);
    REQUIRE(found);
    return *found;
}

/// Run SQL on the file with the sqlite3 C API, as someone editing the database by hand would.
void raw_sql(const fs::path& file, const std::string& sql) {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &handle) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
    INFO(sql << ": " << (message ? message : ""));
    sqlite3_free(message);
    sqlite3_close(handle);
    REQUIRE(rc == SQLITE_OK);
}

// The schema-1 text as released (db/src/database.cpp, migration 0 -> 1).
constexpr const char* schema_v1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Trust: pinned root keys, and the root-signed trust documents naming publisher keys.
CREATE TABLE trust_roots (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,          -- 64 hex digits
    added      TEXT NOT NULL
);
CREATE TABLE trust_documents (
    version  INTEGER PRIMARY KEY,      -- monotonic; the highest is current
    text     TEXT NOT NULL,            -- the whole signed document, re-verified on use
    imported TEXT NOT NULL
);

-- Imported bundles (header kept verbatim so it can be re-verified).
CREATE TABLE bundles (
    id               INTEGER PRIMARY KEY,
    publisher        TEXT NOT NULL,    -- key id
    role             TEXT NOT NULL,    -- parts | serials | revocations | station
    version          INTEGER NOT NULL,
    created          TEXT NOT NULL,
    expires          TEXT NOT NULL,
    record_count     INTEGER NOT NULL,
    digest           TEXT NOT NULL UNIQUE,
    header           TEXT NOT NULL,
    header_signature TEXT NOT NULL,
    imported         TEXT NOT NULL,
    UNIQUE (publisher, role, version)
);

-- Records: the canonical line and its signature are the truth; the other columns only index.
CREATE TABLE parts (
    id          INTEGER PRIMARY KEY,
    bundle_id   INTEGER NOT NULL REFERENCES bundles(id),
    part_number TEXT NOT NULL,
    line        TEXT NOT NULL,
    signature   TEXT NOT NULL
);
CREATE INDEX parts_by_number ON parts(part_number);
CREATE TABLE serials (
    id        INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    identity  TEXT NOT NULL,
    line      TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX serials_by_identity ON serials(identity);
CREATE TABLE serial_makers (           -- which makers a serials bundle covers
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    maker     TEXT NOT NULL,
    PRIMARY KEY (bundle_id, maker)
);
CREATE TABLE revocations (
    id        INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    identity  TEXT NOT NULL,
    line      TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX revocations_by_identity ON revocations(identity);

-- Sightings of every station (local ones are also the hash-chained inspection log).
CREATE TABLE sightings (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,   -- "<station id>:<sequence>"
    identity   TEXT NOT NULL,
    station    TEXT NOT NULL,
    line       TEXT NOT NULL,          -- canonical sighting record
    signature  TEXT NOT NULL,          -- by the station key
    prev_hash  TEXT,                   -- local log only: hash chain
    entry_hash TEXT,
    local      INTEGER NOT NULL
);
CREATE INDEX sightings_by_identity ON sightings(identity);
CREATE TABLE stations (                -- stations whose sightings were imported
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    site       TEXT NOT NULL
);
CREATE TABLE log_head (                -- signed head of the local inspection log
    station    TEXT PRIMARY KEY,
    count      INTEGER NOT NULL,
    entry_hash TEXT NOT NULL,
    signature  TEXT NOT NULL
);
)sql";

}  // namespace

TEST_CASE("sighting search: every filter, newest first, verified", "[db][sighting_query]") {
    TempDir dir;
    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    fill(*database);

    SECTION("no filter: all, newest first, all verified") {
        const auto found = search(*database, {});
        CHECK(serials(found) == std::vector<std::string>{"cafe0002@2026-11-27", "3bf239f8@2026-11-27", "77aa0001@2026-11-26",
                                                        "3bf2a0b1@2026-11-26", "3bf239f8@2026-11-25"});
        CHECK_FALSE(found.more);
        for (const auto& row : found.rows) {
            CHECK(row.verified);
            CHECK(row.problem.empty());
            CHECK(row.local);
        }
    }
    SECTION("serial prefix, any case; identity key and identity prefix") {
        db::SightingQuery q;
        q.text = " 3BF2 ";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf239f8@2026-11-27", "3bf2a0b1@2026-11-26", "3bf239f8@2026-11-25"});
        q.text = "802c-06-2243-3bf239f8";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf239f8@2026-11-27", "3bf239f8@2026-11-25"});
        q.text = "802c-06-2243-3bf2a";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf2a0b1@2026-11-26"});
        q.text = "802c";   // the maker: an identity prefix
        CHECK(search(*database, q).rows.size() == 5);
        q.text = "0000";
        CHECK(search(*database, q).rows.empty());
    }
    SECTION("part and lot prefixes without regard to case, verdict exactly") {
        db::SightingQuery q;
        q.part = "mtc40f";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"77aa0001@2026-11-26", "3bf2a0b1@2026-11-26"});
        q = {};
        q.lot = "PO-3";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"cafe0002@2026-11-27"});
        q = {};
        q.verdict = "counterfeit";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf2a0b1@2026-11-26"});
        q.verdict = "genu";   // not a prefix match
        CHECK(search(*database, q).rows.empty());
    }
    SECTION("time range by UTC day, inclusive at both ends; combined filters") {
        db::SightingQuery q;
        q.from_day = "2026-11-26";
        q.to_day = "2026-11-26";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"77aa0001@2026-11-26", "3bf2a0b1@2026-11-26"});
        q.from_day = "2026-11-27";
        q.to_day = "2026-11-27";
        CHECK(search(*database, q).rows.size() == 2);   // 23:59:59 is still that day
        q = {};
        q.to_day = "2026-11-25";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf239f8@2026-11-25"});
        q = {};
        q.part = "MTC40F2046S1RC48BA1";
        q.verdict = "genuine";
        q.lot = "po-2";
        CHECK(serials(search(*database, q)) == std::vector<std::string>{"77aa0001@2026-11-26"});
        q.from_day = "2026-11-27";
        CHECK(search(*database, q).rows.empty());
        q.from_day = "26.11.2026";
        auto bad = db::find_sightings(*database, q);
        REQUIRE_FALSE(bad);
        CHECK(bad.error().code == Errc::usage);
    }
    SECTION("station prefix") {
        auto station = database->station();
        REQUIRE(station);
        db::SightingQuery q;
        q.station = station->id.substr(0, 6);
        CHECK(search(*database, q).rows.size() == 5);
        q.station = station->id.front() == 'f' ? "0" : "f";
        CHECK(search(*database, q).rows.empty());
    }
    SECTION("limit keeps the newest and says there is more") {
        const auto found = search(*database, {}, 2);
        CHECK(serials(found) == std::vector<std::string>{"cafe0002@2026-11-27", "3bf239f8@2026-11-27"});
        CHECK(found.more);
        db::SightingQuery q;
        q.text = "3bf2";
        CHECK_FALSE(search(*database, q, 3).more);
        CHECK(search(*database, q, 2).more);
    }
    SECTION("a set cancel flag stops the search") {
        std::atomic<bool> cancel{true};
        auto found = db::find_sightings(*database, {}, 100, &cancel);
        REQUIRE_FALSE(found);
        CHECK(found.error().code == Errc::cancelled);
    }
}

TEST_CASE("sighting search: edited rows are never reported verified", "[db][sighting_query][tamper]") {
    TempDir dir;
    {
        auto database = db::Database::open(dir.path());
        REQUIRE(database);
        fill(*database);
    }
    const fs::path file = db::registry_path(dir.path());
    // One byte of the signed line of seq 2 (its fingerprint; no search column changes).
    raw_sql(file, "UPDATE sightings SET line = replace(line, '9d0c2f5e', '9d0c2f5f') WHERE seq = 2");
    // A search column of seq 3 that disagrees with its signed line.
    raw_sql(file, "UPDATE sightings SET part_number = 'FORGED-PART' WHERE seq = 3");
    auto database = db::Database::open_existing(dir.path());
    REQUIRE(database);

    const auto all = search(*database, {});
    REQUIRE(all.rows.size() == 5);
    for (const auto& row : all.rows) {
        INFO("seq " << row.seq << ": " << row.problem);
        if (row.seq == 2) {
            CHECK_FALSE(row.verified);
            CHECK(row.problem == "signature does not verify");
            CHECK(row.sighting.fingerprint == "9d0c2f5f");   // shown as stored, flagged
        } else if (row.seq == 3) {
            CHECK_FALSE(row.verified);
            CHECK(row.problem.find("part_number column 'FORGED-PART' differs from the signed record") != std::string::npos);
        } else {
            CHECK(row.verified);
            CHECK(row.problem.empty());
        }
    }
    // Found by the forged column, but not vouched for.
    db::SightingQuery q;
    q.part = "FORGED";
    const auto forged = search(*database, q);
    REQUIRE(forged.rows.size() == 1);
    CHECK_FALSE(forged.rows[0].verified);
    CHECK(forged.rows[0].sighting.part_number == "MTC40F2046S1RC48BA1");   // what was signed
    // `log show` (recent_sightings) gives the same answer from the same check.
    auto listed = db::recent_sightings(*database, 10);
    REQUIRE(listed);
    for (const auto& row : *listed) CHECK(row.verified == (row.seq != 2 && row.seq != 3));
}

TEST_CASE("sighting search: a schema-1 registry migrates to schema 2 and is searchable", "[db][sighting_query][migration]") {
    TempDir dir;
    const fs::path file = db::registry_path(dir.path());
    auto key = db::KeyPair::generate();
    REQUIRE(key);
    REQUIRE(key->save_pem(dir.path() / "station.key"));
    const std::string station = key->public_key().id();
    {
        // The file as dimmguard with schema 1 wrote it: its schema text, its columns only.
        auto c = db::Connection::open(file);
        REQUIRE(c);
        REQUIRE(c->exec(schema_v1));
        REQUIRE(c->exec("PRAGMA user_version = 1"));
        auto insert = c->prepare(
            "INSERT INTO sightings(id, identity, station, line, signature, prev_hash, entry_hash, local) VALUES(?, ?, ?, ?, ?, ?, ?, 1)");
        REQUIRE(insert);
        std::string prev(db::log_genesis_hash);
        const char* parts[] = {"MTC20F2085S1RC48BA1", "MTC40F2046S1RC48BA1", "MTC40F2046S1RC48BA1"};
        const char* verdicts[] = {"genuine", "counterfeit", "genuine"};
        const char* lots[] = {"PO-1", "PO-2", ""};
        const char* serial_of[] = {"3bf239f8", "3bf2a0b1", "77aa0001"};
        for (int i = 0; i < 3; ++i) {
            verifier::Sighting s = make(serial_of[i], parts[i], verdicts[i], lots[i]);
            s.id = station + ":" + std::to_string(i + 1);
            s.station = station;
            s.site = "Old site";
            s.time = "2026-10-0" + std::to_string(i + 1) + "T12:00:00Z";
            const std::string line = db::sighting_line(s);
            auto signature = key->sign(db::record_message(line));
            REQUIRE(signature);
            const std::string signature_text = db::signature_hex(*signature);
            const std::string entry = db::log_entry_hash(prev, line, signature_text);
            insert->reset();
            insert->bind(1, s.id).bind(2, s.identity.key()).bind(3, station).bind(4, line).bind(5, signature_text).bind(6, prev).bind(7, entry);
            REQUIRE(insert->run());
            prev = entry;
        }
        auto head_signature = key->sign(db::log_head_message(station, 3, prev));
        REQUIRE(head_signature);
        auto head = c->prepare("INSERT INTO log_head(station, count, entry_hash, signature) VALUES(?, 3, ?, ?)");
        REQUIRE(head);
        head->bind(1, station).bind(2, prev).bind(3, db::signature_hex(*head_signature));
        REQUIRE(head->run());
    }

    auto database = db::Database::open_existing(dir.path());
    REQUIRE(database);
    {
        auto c = db::Connection::open(file, false);
        REQUIRE(c);
        CHECK(c->user_version().value() == db::schema_version);
        CHECK(db::schema_version == 10);
        CHECK(c->exec("SELECT place FROM sightings"));
        CHECK(c->exec("SELECT count(*) FROM record_groups"));
        CHECK(c->exec("SELECT count(*) FROM checkpoint_signatures"));
        CHECK(c->exec("SELECT count(*) FROM custody_summaries"));
        CHECK(c->exec("SELECT count(*) FROM alerts"));
    }
    // The migrated columns are right: every row verifies (check_row compares them), the log
    // still verifies, and each filter finds what the signed lines say.
    const auto all = search(*database, {});
    REQUIRE(all.rows.size() == 3);
    for (const auto& row : all.rows) CHECK(row.verified);
    auto log = db::verify_log(*database);
    REQUIRE(log);
    CHECK(log->ok());
    db::SightingQuery q;
    q.part = "MTC40F2046S1RC48BA1";
    CHECK(serials(search(*database, q)) == std::vector<std::string>{"77aa0001@2026-10-03", "3bf2a0b1@2026-10-02"});
    q = {};
    q.verdict = "counterfeit";
    CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf2a0b1@2026-10-02"});
    q = {};
    q.lot = "po-1";
    CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf239f8@2026-10-01"});
    q = {};
    q.text = "3bf2";
    q.from_day = "2026-10-02";
    CHECK(serials(search(*database, q)) == std::vector<std::string>{"3bf2a0b1@2026-10-02"});
    // New sightings go on the migrated log.
    db::SqliteRegistry registry(*database, "2026-11-01T00:00:00Z");
    REQUIRE(registry.record_sighting(make("cafe0002", "HMCG88AGBRA191N", "genuine", "PO-9")));
    q = {};
    q.lot = "PO-9";
    const auto fresh = search(*database, q);
    REQUIRE(fresh.rows.size() == 1);
    CHECK(fresh.rows[0].verified);
    CHECK(fresh.rows[0].sighting.id == station + ":4");
}

TEST_CASE("sighting search: bulk loader rows are searchable and verify", "[db][sighting_query]") {
    TempDir dir;
    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    auto station = database->station();
    REQUIRE(station);
    {
        auto loader = db::SightingBulkLoader::begin(*database);
        REQUIRE(loader);
        std::string prev(db::log_genesis_hash);
        for (int i = 1; i <= 50; ++i) {
            verifier::Sighting s = make(i % 2 == 0 ? "0000aaaa" : "0000bbbb", "P-" + std::to_string(i % 5),
                                        i % 10 == 0 ? "counterfeit" : "genuine", "L" + std::to_string(i / 10));
            s.id = station->id + ":" + std::to_string(i);
            s.station = station->id;
            s.site = station->site;
            s.time = "2026-11-01T00:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "Z";
            const std::string line = db::sighting_line(s);
            auto signature = station->key.sign(db::record_message(line));
            REQUIRE(signature);
            const std::string signature_text = db::signature_hex(*signature);
            const std::string entry = db::log_entry_hash(prev, line, signature_text);
            REQUIRE(loader->add(line, signature_text, true, prev, entry));
            prev = entry;
        }
        CHECK_FALSE(loader->add("not a sighting", std::string(128, '0'), true));
        REQUIRE(loader->set_log_head(50, prev));
        REQUIRE(loader->commit());
    }
    auto log = db::verify_log(*database);
    REQUIRE(log);
    CHECK(log->ok());
    db::SightingQuery q;
    q.verdict = "counterfeit";
    const auto found = search(*database, q);
    REQUIRE(found.rows.size() == 5);
    CHECK(found.rows.front().sighting.id == station->id + ":50");
    for (const auto& row : found.rows) CHECK(row.verified);
    q = {};
    q.part = "p-3";
    q.text = "0000aaaa";
    CHECK(search(*database, q).rows.size() == 5);   // i = 8, 18, 28, 38, 48
}

TEST_CASE("database: open_existing never creates a registry", "[db][sqlite]") {
    TempDir dir;
    const fs::path data = dir.path() / "data";
    auto missing = db::Database::open_existing(data);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::not_found);
    CHECK(missing.error().message == "no registry at " + db::registry_path(data).string());
    CHECK_FALSE(fs::exists(data));
    fs::create_directories(data);
    CHECK_FALSE(db::Database::open_existing(data));
    CHECK_FALSE(fs::exists(db::registry_path(data)));
    REQUIRE(db::Database::open(data));
    CHECK(db::registry_exists(data));
    CHECK(db::Database::open_existing(data));
    CHECK(db::registry_path(data).filename() == "registry.sqlite");
}

TEST_CASE("sighting search: a prefix matching many rows is walked key by key, newest first", "[db][sighting_query]") {
    // 25,000 rows (more than the search's probe cap): five lots of 5,000 consecutive rows, so a
    // lot prefix matches rows clustered in time and the search merges one walk per lot.
    TempDir dir;
    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    auto station = database->station();
    REQUIRE(station);
    constexpr int rows = 25'000;
    {
        auto loader = db::SightingBulkLoader::begin(*database);
        REQUIRE(loader);
        const std::string signature(128, '0');   // never verified here: only the order is checked
        for (int i = 1; i <= rows; ++i) {
            verifier::Sighting s = make("0000aaaa", "P-1", i % 1000 == 7 ? "counterfeit" : "genuine", "LOT-" + std::to_string((i - 1) / 5000));
            s.id = station->id + ":" + std::to_string(i);
            s.station = station->id;
            s.site = station->site;
            char time[32];
            std::snprintf(time, sizeof time, "2026-11-01T%02d:%02d:%02dZ", i / 3600, i / 60 % 60, i % 60);
            s.time = time;
            REQUIRE(loader->add(db::sighting_line(s), signature, false));
        }
        REQUIRE(loader->commit());
    }
    const auto ids = [&](const db::SightingSearch& found) {
        std::vector<std::string> out;
        for (const auto& row : found.rows) out.push_back(row.sighting.id.substr(station->id.size() + 1));
        return out;
    };
    db::SightingQuery q;
    q.lot = "lot-";   // five keys, 25,000 rows
    auto found = search(*database, q, 3);
    CHECK(ids(found) == std::vector<std::string>{"25000", "24999", "24998"});
    CHECK(found.more);
    q.verdict = "counterfeit";
    q.lot = "LOT-0";   // the oldest lot: 5 counterfeit rows, far from the newest
    found = search(*database, q, 10);
    CHECK(ids(found) == std::vector<std::string>{"4007", "3007", "2007", "1007", "7"});
    CHECK_FALSE(found.more);
    // Paging through the walk: the page after row 24998 starts at 24997; after 5001 (the newest
    // of LOT-1 is 10000, the oldest 5001), the lot LOT-1 page goes on in LOT-0 for "lot-".
    q = {};
    q.lot = "lot-";
    q.before_time = "2026-11-01T06:56:38Z";   // row 24998
    q.before_seq = 24998;
    found = search(*database, q, 2);
    CHECK(ids(found) == std::vector<std::string>{"24997", "24996"});
    q.before_time = "2026-11-01T01:23:21Z";   // row 5001
    q.before_seq = 5001;
    found = search(*database, q, 2);
    CHECK(ids(found) == std::vector<std::string>{"5000", "4999"});
    q.verdict = "counterfeit";
    found = search(*database, q, 10);
    CHECK(ids(found) == std::vector<std::string>{"4007", "3007", "2007", "1007", "7"});
    q = {};
    q.part = "P-";     // one key, 25,000 rows, with a lot prefix filter
    q.lot = "LOT-";
    found = search(*database, q, 2);
    CHECK(ids(found) == std::vector<std::string>{"25000", "24999"});
    for (const auto& row : found.rows) CHECK_FALSE(row.verified);   // dummy signatures are never verified
}
