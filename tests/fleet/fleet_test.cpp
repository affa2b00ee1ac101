// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet server (issue #17) against a real PostgreSQL 15 started for each test
// (tests/support/pg_cluster.hpp): three stations with their own registries and keys, one
// server, and what an operator or a dishonest station could do to it.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "../db/registry_fixture.hpp"
#include "../support/pg_cluster.hpp"
#include "db/alerts.hpp"
#include "db/sqlite.hpp"
#include "db/station_log.hpp"
#include "db/witness.hpp"
#include "db/sqlite_registry.hpp"
#include "engine/exit_status.hpp"
#include "engine/session.hpp"
#include "fleet/online.hpp"
#include "fleet/pg.hpp"
#include "fleet/server.hpp"
#include "fleet/sync.hpp"

using namespace registry_fixture;
using namespace std::chrono_literals;

namespace {

/// `n` stations that trust each other for role station, each with its own login on `pg`.
struct Stations {
    test_support::TempDir dir;
    db::KeyPair root = key();
    std::vector<std::optional<db::Database>> registries;
    std::vector<std::string> ids;
    std::vector<std::string> logins;

    Stations(test_support::PgCluster& pg, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            auto opened = db::Database::open(dir.path() / ("s" + std::to_string(i)));
            REQUIRE(opened);
            registries.emplace_back(std::move(*opened));
            auto s = registries.back()->station();
            REQUIRE(s);
            ids.push_back(s->id);
            REQUIRE(registries.back()->set_site("site " + std::to_string(i)));
        }
        db::TrustDocument d;
        d.version = 1;
        d.created = "2026-01-01T00:00:00Z";
        d.expires = "2027-01-01T00:00:00Z";
        d.roots = {{root.public_key().id(), root.public_key()}};
        for (auto& r : registries) {
            auto s = r->station();
            REQUIRE(s);
            d.publishers.push_back({s->id, s->key.public_key(), {"station"}, "2027-01-01T00:00:00Z"});
        }
        auto text = db::sign_trust_document(d, {root});
        REQUIRE(text);
        for (auto& r : registries) {
            db::TrustStore store(*r);
            REQUIRE(store.init({root.public_key()}, 1));
            REQUIRE(store.accept_document(*text, "2026-01-02T00:00:00Z"));
        }
        auto admin = fleet::PgConnection::open(pg.admin(), 10s);
        REQUIRE(admin);
        REQUIRE(fleet::init_server(*admin, 30s));
        for (std::size_t i = 0; i < n; ++i) {
            logins.push_back("station" + std::to_string(i));
            pg.create_login(logins.back(), "pw" + std::to_string(i));
            auto s = registries[i]->station();
            REQUIRE(s);
            auto added = fleet::add_station(*admin, logins.back(), s->key.public_key().hex(), 10s);
            INFO((added ? std::string() : added.error().message));
            REQUIRE(added);
        }
    }

    db::Database& at(std::size_t i) { return *registries[i]; }

    void record(std::size_t i, const std::string& serial, const std::string& time) {
        auto s = Fixture::sighting(genuine32(serial), EventKind::intake);
        auto r = db::record_sighting(at(i), s, time);
        INFO((r ? std::string() : r.error().message));
        REQUIRE(r);
    }

    fleet::SyncReport sync(test_support::PgCluster& pg, std::size_t i) {
        auto server = fleet::PgConnection::open(pg.tcp(logins[i], "pw" + std::to_string(i)), 10s);
        INFO((server ? std::string() : server.error().message));
        REQUIRE(server);
        fleet::SyncOptions o;
        o.now = now;
        o.batch = 7;  // several pages per station
        auto report = fleet::sync(at(i), *server, o);
        INFO((report ? std::string() : report.error().message));
        REQUIRE(report);
        return *report;
    }

    std::uint64_t held(std::size_t at_station, std::size_t of) {
        auto h = db::held_log(at(at_station), ids[of]);
        REQUIRE(h);
        return *h ? (*h)->size : 0;
    }
};

/// A socket that accepts connections but never says a word (a hung server, a black hole).
struct SilentServer {
    int fd = -1;
    int port = 0;
    SilentServer() {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(fd, 4) == 0);
        socklen_t len = sizeof a;
        REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port = ntohs(a.sin_port);
    }
    ~SilentServer() { ::close(fd); }
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;
    [[nodiscard]] std::string conninfo() const { return "host=127.0.0.1 port=" + std::to_string(port) + " user=x dbname=x sslmode=disable"; }
};

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

}  // namespace

TEST_CASE("fleet: three stations exchange every sighting through one server", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 3);
    for (int k = 0; k < 10; ++k) f.record(0, "a00000" + std::to_string(10 + k), "2026-05-01T10:00:" + std::to_string(10 + k) + "Z");
    for (int k = 0; k < 4; ++k) f.record(1, "b00000" + std::to_string(10 + k), "2026-05-02T10:00:" + std::to_string(10 + k) + "Z");
    // Round 1: each pushes its own and pulls what is there so far; round 2: everyone has all.
    for (int round = 0; round < 2; ++round) {
        for (std::size_t i = 0; i < 3; ++i) {
            const auto r = f.sync(pg, i);
            INFO(joined(r.conflicts) << joined(r.problems));
            CHECK(r.ok());
        }
    }
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(f.held(i, 0) == 10);
        CHECK(f.held(i, 1) == 4);
    }
    // A third round moves nothing and changes nothing.
    const auto again = f.sync(pg, 2);
    CHECK(again.ok());
    CHECK(again.pushed == 0);
    for (const auto& p : again.pulled) CHECK(p.added == 0);
}

TEST_CASE("fleet: the server lets a station append only as itself, never update or delete", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(0, "a0000001", "2026-05-01T10:00:00Z");
    CHECK(f.sync(pg, 0).ok());
    auto as1 = fleet::PgConnection::open(pg.tcp("station1", "pw1"), 10s);
    REQUIRE(as1);
    // Station 1 writes a well-formed next record under station 0's name (its own line, renumbered
    // and with station 0's id, so every schema check passes): only row-level security stops it.
    auto row = as1->query("SELECT line, signature, identity FROM dimmguard.sightings WHERE station = $1", {f.ids[0]}, 10s);
    REQUIRE(row);
    REQUIRE(row->rows.size() == 1);
    std::string line = row->text(0, 0);
    const std::string id1 = f.ids[0] + ":1", id2 = f.ids[0] + ":2";
    line.replace(line.find(id1), id1.size(), id2);
    const auto refused = [](const Result<fleet::Rows>& r) {
        INFO((r ? std::string("accepted") : r.error().message));
        return !r && r.error().code == Errc::permission_denied;
    };
    CHECK(refused(as1->query("INSERT INTO dimmguard.sightings (station, n, identity, line, signature) VALUES ($1, 2, $2, $3, $4)",
                             {f.ids[0], row->text(0, 2), line, row->text(0, 1)}, 10s)));
    // The same row as its own is admitted by the policy (the schema's checks pass too): the
    // refusal above was the policy's. (Its signature is wrong: the stations refuse it, below.)
    std::string own_line = line;
    own_line.replace(own_line.find(id2), id2.size(), f.ids[1] + ":1");
    CHECK(as1->query("INSERT INTO dimmguard.sightings (station, n, identity, line, signature) VALUES ($1, 1, $2, $3, $4)",
                     {f.ids[1], row->text(0, 2), own_line, row->text(0, 1)}, 10s));
    CHECK(refused(as1->query("UPDATE dimmguard.sightings SET line = line", {}, 10s)));
    CHECK(refused(as1->query("DELETE FROM dimmguard.sightings", {}, 10s)));
    CHECK(refused(as1->query("DELETE FROM dimmguard.checkpoints", {}, 10s)));
    CHECK(refused(as1->query("INSERT INTO dimmguard.stations (key_id, login, public_key) VALUES ($1, 'station1', $2)",
                             {std::string(32, 'a'), std::string(64, 'b')}, 10s)));
    CHECK(refused(as1->query("TRUNCATE dimmguard.sightings", {}, 10s)));
    auto as1_again = fleet::PgConnection::open(pg.tcp("station1", "pw1"), 10s);
    REQUIRE(as1_again);
    // A row whose columns do not say what its signed line says is refused by the schema.
    auto own = as1_again->query("INSERT INTO dimmguard.sightings (station, n, identity, line, signature) VALUES ($1, 1, 'x', $2, $3)",
                                {f.ids[1], "sighting\t" + f.ids[1] + ":1\tother\t", std::string(128, '0')}, 10s);
    CHECK_FALSE(own);
    // Station 0's row is as it was; the copy station 1 filed as its own (a line of station 0)
    // is refused by station 0's sync: its feed from station 1 stops at that record.
    auto rows = as1_again->query("SELECT station, n, line FROM dimmguard.sightings ORDER BY station = $1 DESC, n", {f.ids[0]}, 10s);
    REQUIRE(rows);
    REQUIRE(rows->rows.size() == 2);
    CHECK(rows->text(0, 2) == row->text(0, 0));
    const auto r0 = f.sync(pg, 0);
    CHECK_FALSE(r0.ok());
    INFO(joined(r0.problems));
    CHECK(joined(r0.problems).find("sighting " + f.ids[1] + ":1 is of station " + f.ids[0]) != std::string::npos);
    CHECK(joined(r0.problems).find("the feed of this station stops there") != std::string::npos);
    CHECK(f.held(0, 1) == 0);
}

TEST_CASE("fleet: a registry cannot sync under another station's login", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(1, "b0000001", "2026-05-01T10:00:00Z");
    auto as0 = fleet::PgConnection::open(pg.tcp("station0", "pw0"), 10s);
    REQUIRE(as0);
    fleet::SyncOptions o;
    o.now = now;
    auto r = fleet::sync(f.at(1), *as0, o);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::untrusted_key);
    CHECK(r.error().message.find(f.ids[1]) != std::string::npos);
}

TEST_CASE("fleet: rows deleted on the server are seen by every station and sent again by their owner", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 3);
    for (int k = 0; k < 6; ++k) f.record(0, "a00000" + std::to_string(10 + k), "2026-05-01T10:00:" + std::to_string(10 + k) + "Z");
    CHECK(f.sync(pg, 0).ok());  // rows and station 0's signed head of 6
    CHECK(f.sync(pg, 1).ok());
    CHECK(f.held(1, 0) == 6);
    // The operator deletes sighting 3 of station 0 and the last one.
    REQUIRE(pg.psql("DELETE FROM dimmguard.sightings WHERE station = '" + f.ids[0] + "' AND n IN (3, 6)"));
    // Station 2, new to the fleet, gets 1..2, stops at the hole, and says why; the signed head of
    // 6 shows rows are missing.
    const auto r2 = f.sync(pg, 2);
    CHECK(f.held(2, 0) == 2);
    CHECK_FALSE(r2.ok());
    CHECK(joined(r2.problems).find(f.ids[0] + ":3") != std::string::npos);
    CHECK(joined(r2.conflicts).find("signed a head of 6") != std::string::npos);
    // Station 0 notices its rows are gone and sends them again; then station 2 catches up.
    const auto r0 = f.sync(pg, 0);
    CHECK(r0.repaired == 1);
    CHECK(r0.pushed == 1);
    CHECK(joined(r0.conflicts).find("lost 1") != std::string::npos);
    CHECK(f.sync(pg, 2).ok());
    CHECK(f.held(2, 0) == 6);
}

TEST_CASE("fleet: an edited row on the server stops that station's feed there, not the others'", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 3);
    for (int k = 0; k < 4; ++k) f.record(0, "a00000" + std::to_string(10 + k), "2026-05-01T10:00:" + std::to_string(10 + k) + "Z");
    for (int k = 0; k < 3; ++k) f.record(1, "b00000" + std::to_string(10 + k), "2026-05-02T10:00:" + std::to_string(10 + k) + "Z");
    CHECK(f.sync(pg, 0).ok());
    CHECK(f.sync(pg, 1).ok());
    // The operator changes the verdict inside sighting 2 of station 0 (the signature no longer fits).
    REQUIRE(pg.psql("UPDATE dimmguard.sightings SET line = replace(line, E'\\tgenuine\\t', E'\\tcounterfeit\\t') WHERE station = '" + f.ids[0] +
                    "' AND n = 2"));
    const auto r = f.sync(pg, 2);
    CHECK_FALSE(r.ok());
    CHECK(joined(r.problems).find("does not verify") != std::string::npos);
    CHECK(f.held(2, 0) == 1);  // sighting 1 went in; the feed stops at 2
    CHECK(f.held(2, 1) == 3);  // station 1's feed is whole
}

TEST_CASE("fleet: an unreachable or silent server answers within the timeout", "[fleet]") {
    // Nothing listens: refused at once.
    auto refused = fleet::PgConnection::open("host=127.0.0.1 port=1 user=x dbname=x", 200ms);
    CHECK_FALSE(refused);
    SilentServer hung;
    const auto t1 = std::chrono::steady_clock::now();
    auto silent = fleet::PgConnection::open(hung.conninfo(), 200ms);
    const auto waited = std::chrono::steady_clock::now() - t1;
    REQUIRE_FALSE(silent);
    CHECK(silent.error().code == Errc::timeout);
    CHECK(waited >= 150ms);
    CHECK(waited < 2s);
}

// ---------------------------------------------------------------- online lookups

namespace {

/// Station `at` inspects `spec` through the fleet server at `conninfo` (nothing recorded).
Checked inspect_online(Stations& f, std::size_t at, const SynthSpec& spec, const std::string& conninfo) {
    db::SqliteRegistry local(f.at(at), now);
    fleet::OnlineRegistry online(f.at(at), local, conninfo, 200ms, now);
    return inspect_through(online, f.ids[at], image_of(spec));
}

std::filesystem::path write_image(const std::filesystem::path& dir, const SynthSpec& spec) {
    const auto path = dir / ("module-" + spec.serial_hex + ".bin");
    const auto image = image_of(spec);
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
    return path;
}

/// `verify` at station `at` as the CLI and the desk app run it: one engine::InspectionSession.
engine::InspectionReport verify_at(Stations& f, std::size_t at, const SynthSpec& spec, const std::string& server, bool offline = false) {
    engine::SessionOptions o;
    o.data_dir = f.at(at).data_dir();
    o.source.kind = firmware_io::AcquireSource::Kind::files;
    o.source.files = {write_image(f.dir.path(), spec)};
    o.fleet_server = server;
    o.offline = offline;
    o.now = now;
    o.today_week = today;
    auto session = engine::InspectionSession::prepare(o);
    REQUIRE(session);
    auto report = session->run();
    INFO((report ? std::string() : report.error().message));
    REQUIRE(report);
    REQUIRE(report->modules.size() == 1);
    return *report;
}

bool has(const verifier::ModuleReport& m, FindingCode code) {
    return std::any_of(m.check.findings.begin(), m.check.findings.end(), [&](const verifier::Finding& x) { return x.code == code; });
}

}  // namespace

TEST_CASE("fleet: a clone taken in at another station is caught at inspection time, before any sync", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(0, "3bf239f8", "2026-05-01T10:00:00Z");
    REQUIRE(f.sync(pg, 0).ok());  // station 0's intake is on the server; station 1 never synced
    const std::string as1 = pg.tcp(f.logins[1], "pw1");

    const Checked alone = inspect(f.at(1), f.ids[1], genuine32("3bf239f8"));
    INFO(alone.codes());
    CHECK_FALSE(alone.has(FindingCode::dup_serial));  // station 1 alone cannot know

    const Checked online = inspect_online(f, 1, genuine32("3bf239f8"), as1);
    INFO(online.codes());
    CHECK(online.has(FindingCode::dup_serial));
    CHECK(online.verdict() == Verdict::counterfeit);
    CHECK_FALSE(online.has(FindingCode::registry_offline));
    CHECK_FALSE(online.has(FindingCode::registry_tampered));
    CHECK(f.held(1, 0) == 0);  // read for this verdict, never stored: the next sync brings it

    // Another identity the server has no row of: judged as locally.
    const Checked other = inspect_online(f, 1, genuine32("3bf239f7"), as1);
    INFO(other.codes());
    CHECK_FALSE(other.has(FindingCode::dup_serial));
    CHECK_FALSE(other.has(FindingCode::registry_offline));

    // Once synced, the row is held here and counted once (no DUP from seeing it twice).
    REQUIRE(f.sync(pg, 1).ok());
    CHECK(f.held(1, 0) == 1);
    const Checked after = inspect_online(f, 1, genuine32("3bf239f8"), as1);
    INFO(after.codes());
    CHECK(after.all(FindingCode::dup_serial).size() == online.all(FindingCode::dup_serial).size());

    // The whole session path (CLI verify and the desk app): caught, and recorded.
    const auto report = verify_at(f, 1, genuine32("3bf239f8"), as1);
    CHECK(has(report.modules.front(), FindingCode::dup_serial));
}

TEST_CASE("fleet: online lookups may ask a streaming replica and sync refuses one naming the primary", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    test_support::PgCluster replica(pg, test_support::PgCluster::Standby{});
    f.record(0, "5ca1ab1e", "2026-05-01T10:00:00Z");
    REQUIRE(f.sync(pg, 0).ok());  // written on the primary only

    // Wait until the replica has replayed station 0's row (streaming: milliseconds; the test
    // server commits asynchronously, so the primary's WAL position is not a safe mark).
    auto standby = fleet::PgConnection::open(replica.admin(), 10s);
    REQUIRE(standby);
    bool replayed = false;
    for (int i = 0; i < 300 && !replayed; ++i) {
        auto r = standby->query("SELECT count(*) FROM dimmguard.sightings WHERE station = $1", {f.ids[0]}, 10s);
        REQUIRE(r);
        replayed = r->text(0, 0) == "1";
        if (!replayed) std::this_thread::sleep_for(100ms);
    }
    REQUIRE(replayed);

    // Station 1 asks the replica at inspection time: the clone is caught there as on the primary.
    const std::string replica_as1 = "host=127.0.0.1 port=" + std::to_string(replica.port()) + " user=" + f.logins[1] + " password=pw1 dbname=postgres";
    const Checked online = inspect_online(f, 1, genuine32("5ca1ab1e"), replica_as1);
    INFO(online.codes());
    CHECK(online.has(FindingCode::dup_serial));
    CHECK_FALSE(online.has(FindingCode::registry_offline));

    // A sync writes: against the replica it stops before sending anything, naming the reason.
    auto to_replica = fleet::PgConnection::open(replica_as1, 10s);
    REQUIRE(to_replica);
    f.record(1, "5ca1ab1f", "2026-05-01T11:00:00Z");
    auto refused = fleet::sync(f.at(1), *to_replica);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Errc::unsupported);
    CHECK_THAT(refused.error().message, Catch::Contains("read-only standby") && Catch::Contains("primary"));
    // The primary takes the same round.
    CHECK(f.sync(pg, 1).ok());
}

TEST_CASE("fleet: a connection string is shown without its password", "[fleet][conninfo]") {
    using fleet::conninfo_for_display;
    CHECK(conninfo_for_display("service=dimmguard") == "service=dimmguard");
    CHECK(conninfo_for_display("host=db1 port=5432 user=s1 password=hunter2 dbname=fleet") == "host=db1 port=5432 user=s1 password=*** dbname=fleet");
    CHECK(conninfo_for_display("host=db1 password = 'a b\\' c' user=s1") == "host=db1 password = *** user=s1");
    CHECK(conninfo_for_display("password=x") == "password=***");
    CHECK(conninfo_for_display("passwordfile=/etc/x user=s1") == "passwordfile=/etc/x user=s1");
    CHECK(conninfo_for_display("postgresql://s1:hunter2@db1:5432/fleet?sslmode=verify-full") == "postgresql://s1:***@db1:5432/fleet?sslmode=verify-full");
    CHECK(conninfo_for_display("postgres://s1@db1/fleet?password=hunter2&sslmode=require") == "postgres://s1@db1/fleet?password=***&sslmode=require");
    CHECK(conninfo_for_display("postgresql://db1/fleet?sslmode=require") == "postgresql://db1/fleet?sslmode=require");
    CHECK(conninfo_for_display("") == "");
    // Whatever the form, the secret never survives.
    for (const char* c : {"host=a password=hunter2", "postgresql://u:hunter2@h/d", "postgresql://u@h/d?password=hunter2",
                                 "user=u\tpassword=hunter2\n", "password='hunter2'"}) {
        INFO(c);
        CHECK(conninfo_for_display(c).find("hunter2") == std::string::npos);
    }
}

TEST_CASE("fleet: a server row that does not verify is reported and never counts", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(0, "3bf239f8", "2026-05-01T10:00:00Z");
    REQUIRE(f.sync(pg, 0).ok());
    // The operator edits station 0's row (its signature no longer fits the line).
    REQUIRE(pg.psql("UPDATE dimmguard.sightings SET line = replace(line, E'\\tintake\\t', E'\\tship\\t') WHERE station = '" + f.ids[0] + "'"));
    const Checked c = inspect_online(f, 1, genuine32("3bf239f8"), pg.tcp(f.logins[1], "pw1"));
    INFO(c.codes());
    CHECK(c.has(FindingCode::registry_tampered));
    CHECK_FALSE(c.has(FindingCode::dup_serial));
    CHECK(c.verdict() != Verdict::genuine);
}

TEST_CASE("fleet: with the server stopped or silent, intake goes on and says REGISTRY_OFFLINE", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(0, "3bf239f8", "2026-05-01T10:00:00Z");
    REQUIRE(f.sync(pg, 0).ok());
    const std::string as1 = pg.tcp(f.logins[1], "pw1");

    SECTION("a silent server costs one timeout per process, not one per module") {
        SilentServer hung;
        db::SqliteRegistry local(f.at(1), now);
        fleet::OnlineRegistry online(f.at(1), local, hung.conninfo(), 200ms, now);
        const auto t0 = std::chrono::steady_clock::now();
        const Checked first = inspect_through(online, f.ids[1], image_of(genuine32("3bf239f8")));
        const auto t1 = std::chrono::steady_clock::now();
        const Checked second = inspect_through(online, f.ids[1], image_of(genuine32("3bf239f7")));
        const auto t2 = std::chrono::steady_clock::now();
        INFO(first.codes());
        CHECK(first.has(FindingCode::registry_offline));
        CHECK(second.has(FindingCode::registry_offline));
        CHECK_FALSE(first.has(FindingCode::dup_serial));
        CHECK(online.offline_reason().find("200 ms") != std::string::npos);
        CHECK(t1 - t0 >= 150ms);
        CHECK(t1 - t0 < 2s);
        CHECK(t2 - t1 < 150ms);  // not asked again
        // Info only: the verdict is the one the local registry gives.
        const Checked alone = inspect(f.at(1), f.ids[1], genuine32("3bf239f8"));
        CHECK(first.verdict() == alone.verdict());
    }
    SECTION("a stopped server: the inspection is recorded, and the next sync catches up") {
        pg.stop();
        const auto report = verify_at(f, 1, genuine32("3bf239f8"), as1);
        const auto& m = report.modules.front();
        CHECK(has(m, FindingCode::registry_offline));
        CHECK_FALSE(has(m, FindingCode::dup_serial));
        CHECK(report.recorded);
        CHECK(report.exit_status == engine::exit_status_of(report.modules, report.registry_problems, false));
        pg.start();
        REQUIRE(f.sync(pg, 1).ok());
        CHECK(f.held(1, 0) == 1);  // station 0's sighting is here now, for every later inspection
    }
}

TEST_CASE("fleet: a duplicate the server could not show at intake raises a signed late finding at both stations", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(0, "3bf239f8", "2026-05-01T10:00:00Z");
    REQUIRE(f.sync(pg, 0).ok());
    const std::string as1 = pg.tcp(f.logins[1], "pw1");
    // A module no other station ever saw: it must never raise anything.
    f.record(1, "3bf239f7", "2026-05-02T09:00:00Z");

    // The server is down while station 1 takes in a module carrying station 0's identity.
    pg.stop();
    const auto offline = verify_at(f, 1, genuine32("3bf239f8"), as1);
    REQUIRE(offline.recorded);
    const auto& m = offline.modules.front();
    CHECK(has(m, FindingCode::registry_offline));
    CHECK_FALSE(has(m, FindingCode::dup_serial));
    const std::string intake1 = m.sighting.value_or("");
    REQUIRE_FALSE(intake1.empty());
    pg.start();

    // The next sync brings station 0's sighting in and flags station 1's earlier inspection.
    const fleet::SyncReport r1 = f.sync(pg, 1);
    CHECK(r1.ok());
    REQUIRE(r1.alerts.size() == 1);
    CHECK(r1.alerts[0].sighting == intake1);
    CHECK(r1.alerts[0].other == f.ids[0] + ":1");
    CHECK(r1.alerts[0].code == "DUP_SERIAL");
    CHECK(r1.alerts[0].verdict == std::string(verifier::verdict_name(m.verdict)));  // what was judged then
    CHECK(r1.alerts[0].explanation.find("held at") != std::string::npos);
    auto stored1 = db::load_alerts(f.at(1));
    REQUIRE(stored1);
    REQUIRE(stored1->size() == 1);
    CHECK(stored1->front().verified);
    CHECK(stored1->front().alert.sighting == intake1);
    // A second round finds nothing new: one alert per pair, whatever the number of syncs.
    CHECK(f.sync(pg, 1).alerts.empty());

    // Station 0 learns that a second module with the identity of the one it holds turned up.
    const fleet::SyncReport r0 = f.sync(pg, 0);
    REQUIRE(r0.alerts.size() == 1);
    CHECK(r0.alerts[0].sighting == f.ids[0] + ":1");
    CHECK(r0.alerts[0].other == intake1);
    CHECK(r0.alerts[0].explanation.find("intake of identity") == 0);

    // An edited alert no longer verifies; deleted alerts come back with a recheck.
    {
        auto c = db::Connection::open(db::registry_path(f.at(1).data_dir()), false);
        REQUIRE(c);
        REQUIRE(c->exec("UPDATE alerts SET line = replace(line, 'DUP_SERIAL', 'DUP_REENTRY')"));
    }
    auto edited = db::load_alerts(f.at(1));
    REQUIRE(edited);
    REQUIRE(edited->size() == 1);
    CHECK_FALSE(edited->front().verified);
    {
        auto c = db::Connection::open(db::registry_path(f.at(1).data_dir()), false);
        REQUIRE(c);
        REQUIRE(c->exec("DELETE FROM alerts"));
    }
    auto again = db::recheck_late_findings(f.at(1), now);
    REQUIRE(again);
    REQUIRE(again->size() == 1);
    CHECK(again->front().sighting == intake1);

    // The status a desk app shows: the last round, nothing pending, one late finding.
    REQUIRE(fleet::note_sync_round(f.at(1).data_dir(), fleet::SyncReport{}, "2026-05-03T00:00:00Z"));
    auto state = fleet::fleet_state(f.at(1));
    REQUIRE(state);
    CHECK(state->status.last_ok == "2026-05-03T00:00:00Z");
    CHECK(state->alerts == 1);
    CHECK(state->own_sightings == 2);
}

TEST_CASE("fleet: an inspection that caught the clone online gets no late finding, the holder does", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(0, "3bf239f8", "2026-05-01T10:00:00Z");
    REQUIRE(f.sync(pg, 0).ok());
    const auto online = verify_at(f, 1, genuine32("3bf239f8"), pg.tcp(f.logins[1], "pw1"));
    REQUIRE(has(online.modules.front(), FindingCode::dup_serial));
    CHECK(f.sync(pg, 1).alerts.empty());  // its DUP_SERIAL is already on record
    CHECK(f.sync(pg, 0).alerts.size() == 1);
}

TEST_CASE("fleet: verify asks the server sync last reached, unless told --offline", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    f.record(0, "3bf239f8", "2026-05-01T10:00:00Z");
    REQUIRE(f.sync(pg, 0).ok());
    const auto dir = f.at(1).data_dir();
    REQUIRE(fleet::remember_server(dir, pg.tcp(f.logins[1], "pw1")));
    auto back = fleet::remembered_server(dir);
    REQUIRE(back);
    CHECK(*back == pg.tcp(f.logins[1], "pw1"));
    CHECK((std::filesystem::status(dir / fleet::server_setting).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(has(verify_at(f, 1, genuine32("3bf239f8"), "").modules.front(), FindingCode::dup_serial));
    const auto offline = verify_at(f, 1, genuine32("3bf239f8"), "", true);
    CHECK_FALSE(has(offline.modules.front(), FindingCode::dup_serial));
    CHECK_FALSE(has(offline.modules.front(), FindingCode::registry_offline));
    // A setting that is not one line is refused, never half-used.
    CHECK_FALSE(fleet::remember_server(dir, "host=a\nhost=b"));
}

// ---------------------------------------------------------------- TLS and concurrency

TEST_CASE("fleet: stations reach the server over TLS with sslmode=verify-full and refuse one they cannot verify", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 2);
    const auto ca = pg.enable_tls();
    const std::string login = "port=" + std::to_string(pg.port()) + " user=" + f.logins[0] + " password=pw0 dbname=postgres";

    // The name in the certificate (localhost), the CA the station was given: connected, encrypted.
    auto tls = fleet::PgConnection::open("host=localhost hostaddr=127.0.0.1 " + login + " sslmode=verify-full sslrootcert=" + ca.string(), 10s);
    INFO((tls ? std::string() : tls.error().message));
    REQUIRE(tls);
    auto ssl = tls->query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", {}, 10s);
    REQUIRE(ssl);
    CHECK(ssl->text(0, 0) == "t");
    f.record(0, "3bf239f8", "2026-05-01T10:00:00Z");
    auto report = fleet::sync(f.at(0), *tls, fleet::SyncOptions{.timeout = 10s, .now = now});
    REQUIRE(report);
    CHECK(report->ok());
    CHECK(report->pushed == 1);

    // Without TLS: the server refuses (hostnossl ... reject).
    auto plain = fleet::PgConnection::open("host=127.0.0.1 " + login + " sslmode=disable", 10s);
    REQUIRE_FALSE(plain);
    CHECK(plain.error().message.find("no encryption") != std::string::npos);

    // A server whose certificate another CA signed (a man in the middle): the station refuses.
    test_support::TempDir other;
    test_support::PgCluster::make_ca(other.path(), "someone else");
    auto forged = fleet::PgConnection::open("host=localhost hostaddr=127.0.0.1 " + login + " sslmode=verify-full sslrootcert=" +
                                                (other.path() / "ca.crt").string(),
                                            10s);
    REQUIRE_FALSE(forged);
    CHECK(forged.error().message.find("certificate verify failed") != std::string::npos);

    // The right CA but a name the certificate does not carry.
    auto wrong_name = fleet::PgConnection::open("host=127.0.0.1 " + login + " sslmode=verify-full sslrootcert=" + ca.string(), 10s);
    REQUIRE_FALSE(wrong_name);
    CHECK(wrong_name.error().message.find("does not match host name") != std::string::npos);
}

namespace {

/// "2026-05-01T10:00:00Z" plus `seconds` (under a day).
std::string may_first_plus(int seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "2026-05-01T%02d:%02d:%02dZ", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return text;
}

}  // namespace

TEST_CASE("fleet: three stations recording and syncing at the same time for 60 s lose nothing", "[fleet]") {
    test_support::PgCluster pg;
    Stations f(pg, 3);
    constexpr auto run_for = 60s;
    std::array<int, 3> recorded{};
    std::array<int, 3> rounds{};
    std::mutex mutex;
    std::vector<std::string> errors;  // Catch's macros are not for other threads: collected here
    const auto note = [&](const std::string& what) {
        const std::lock_guard lock(mutex);
        errors.push_back(what);
    };
    // Built here: the fixture's helpers use Catch's macros, which are for this thread only. The
    // threads change only the serial, so each sighting is of its own identity.
    const verifier::Sighting model = Fixture::sighting(genuine32("a0000000"), EventKind::intake);
    const auto deadline = std::chrono::steady_clock::now() + run_for;
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < 3; ++i) {
        threads.emplace_back([&, i] {
            auto server = fleet::PgConnection::open(pg.tcp(f.logins[i], "pw" + std::to_string(i)), 10s);
            if (!server) return note("station " + std::to_string(i) + ": " + server.error().message);
            while (std::chrono::steady_clock::now() < deadline) {
                // Each station takes in modules of its own (serial "a<i>nnnnnn") ...
                char serial[16];
                std::snprintf(serial, sizeof serial, "a%u%06x", static_cast<unsigned>(i), static_cast<unsigned>(recorded[i]));
                verifier::Sighting s = model;
                s.identity.serial = serial;
                auto r = db::record_sighting(f.at(i), s, may_first_plus(recorded[i]));
                if (!r) return note("station " + std::to_string(i) + " record: " + r.error().message);
                ++recorded[i];
                // ... and syncs after every few, while the others do the same.
                if (recorded[i] % 5 != 0) continue;
                fleet::SyncOptions o;
                o.now = now;
                o.batch = 50;
                auto report = fleet::sync(f.at(i), *server, o);
                if (!report) return note("station " + std::to_string(i) + " sync: " + report.error().message);
                ++rounds[i];
                for (const auto& c : report->conflicts) note("station " + std::to_string(i) + " conflict: " + c);
                for (const auto& p : report->problems) note("station " + std::to_string(i) + " problem: " + p);
            }
        });
    }
    for (auto& t : threads) t.join();
    INFO(joined(errors));
    CHECK(errors.empty());
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("station " << i << ": " << recorded[i] << " sightings, " << rounds[i] << " sync rounds");
        CHECK(recorded[i] >= 20);
        CHECK(rounds[i] >= 4);
    }
    // Two more rounds each, one station after the other: every station holds every sighting.
    for (int round = 0; round < 2; ++round) {
        for (std::size_t i = 0; i < 3; ++i) {
            const auto r = f.sync(pg, i);
            INFO(joined(r.conflicts) << joined(r.problems));
            CHECK(r.ok());
        }
    }
    for (std::size_t at = 0; at < 3; ++at) {
        for (std::size_t of = 0; of < 3; ++of) {
            if (at != of) CHECK(f.held(at, of) == static_cast<std::uint64_t>(recorded[of]));
        }
    }
    auto admin = fleet::PgConnection::open(pg.admin(), 10s);
    REQUIRE(admin);
    for (std::size_t i = 0; i < 3; ++i) {
        auto count = admin->query("SELECT count(*), max(n) FROM dimmguard.sightings WHERE station = $1", {f.ids[i]}, 10s);
        REQUIRE(count);
        CHECK(count->text(0, 0) == std::to_string(recorded[i]));
        CHECK(count->text(0, 1) == std::to_string(recorded[i]));
    }
}
