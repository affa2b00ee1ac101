// SPDX-License-Identifier: GPL-3.0-or-later
// The fleet commands as a station runs them (issue #17): whole `dimmguard` processes against a
// real PostgreSQL 15 (tests/support/pg_cluster.hpp), configured the way PostgreSQL users
// configure clients: a service file (PGSERVICEFILE) names the server, the password is in a
// password file (PGPASSFILE, 0600), and the command line carries only "service=NAME".
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "../cli/cli_support.hpp"
#include "../support/pg_cluster.hpp"

using namespace cli_test;

namespace {

struct Fleet {
    TempDir tmp;
    test_support::PgCluster pg;
    fs::path a = tmp.path() / "a";
    fs::path b = tmp.path() / "b";

    RunResult run(const std::vector<std::string>& args) { return run_dimmguard(args, tmp); }
    void ok(const std::vector<std::string>& args) {
        const auto r = run(args);
        INFO(args.front() << ": " << r.out << r.err);
        REQUIRE(r.status == 0);
    }

    Fleet() {
        // Two stations that trust each other's station keys through a root-signed trust document.
        ok({"log", "site", "Shanghai intake", "--data-dir", a.string()});
        ok({"log", "site", "Shenzhen intake", "--data-dir", b.string()});
        const std::string root = (tmp.path() / "root").string();
        ok({"bundle", "keygen", "-o", root});
        ok({"bundle", "trust", "--root-key", root + ".key", "--publisher", (a / "station.pub").string() + ":station:2099-12-31", "--publisher",
            (b / "station.pub").string() + ":station:2099-12-31", "--version", "1", "--expires", "2099-12-31", "-o",
            (tmp.path() / "trust.doc").string()});
        for (const auto& d : {a, b}) {
            ok({"registry", "init", "--root-key", root + ".pub", "--data-dir", d.string()});
            ok({"registry", "trust", (tmp.path() / "trust.doc").string(), "--data-dir", d.string()});
        }
        // The administrator sets up the server; each station gets a login with a password.
        ok({"fleet", "init", "--server", pg.admin()});
        pg.create_login("station_a", "Secret-A-1");
        pg.create_login("station_b", "Secret-B-2");
        ok({"fleet", "add-station", "--server", pg.admin(), "--login", "station_a", "--station-pub", (a / "station.pub").string()});
        ok({"fleet", "add-station", "--server", pg.admin(), "--login", "station_b", "--station-pub", (b / "station.pub").string()});

        // The client side, as PostgreSQL documents it: a service file and a 0600 password file.
        const fs::path services = tmp.path() / "pg_service.conf";
        const fs::path passwords = tmp.path() / "pgpass";
        {
            std::ofstream s(services);
            for (const char* who : {"a", "b"}) {
                s << "[fleet_" << who << "]\nhost=127.0.0.1\nport=" << pg.port() << "\ndbname=postgres\nuser=station_" << who
                  << "\nsslmode=disable\n\n";
            }
            std::ofstream p(passwords);
            p << "127.0.0.1:" << pg.port() << ":postgres:station_a:Secret-A-1\n";
            p << "127.0.0.1:" << pg.port() << ":postgres:station_b:Secret-B-2\n";
        }
        REQUIRE(::chmod(passwords.c_str(), 0600) == 0);
        REQUIRE(::setenv("PGSERVICEFILE", services.c_str(), 1) == 0);
        REQUIRE(::setenv("PGPASSFILE", passwords.c_str(), 1) == 0);
        REQUIRE(::setenv("PGCONNECT_TIMEOUT", "10", 1) == 0);
    }
    ~Fleet() {
        ::unsetenv("PGSERVICEFILE");
        ::unsetenv("PGPASSFILE");
        ::unsetenv("PGCONNECT_TIMEOUT");
    }

    fs::path image(const std::string& serial) {
        const fs::path f = tmp.path() / (serial + ".bin");
        ok({"spd", "synth", "--type", "ddr5", "--capacity", "32G", "--speed", "4800", "--maker", "Samsung", "--part", "M321R4GA3BB6-CQK", "--serial",
            serial, "--date", "2026-W10", "-o", f.string()});
        return f;
    }
};

bool has_code(const json& doc, const std::string& code) {
    for (const auto& m : doc.at("modules")) {
        if (!m.contains("findings")) continue;
        for (const auto& f : m.at("findings")) {
            if (f.at("code") == code) return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("fleet cli: stations named by a service file with passwords in a pgpass file sync and catch a clone at intake", "[fleet][cli]") {
    Fleet f;
    // First rounds name the service; each station remembers it.
    for (const auto& [dir, service] : {std::pair{f.a, "service=fleet_a"}, std::pair{f.b, "service=fleet_b"}}) {
        const auto first = f.run({"sync", "--server", service, "--data-dir", dir.string()});
        INFO(first.out << first.err);
        REQUIRE(first.status == 0);
        CHECK_THAT(first.out, Catch::Contains("synced station"));
    }

    // Station A takes the module in and syncs (remembered server, no --server).
    const fs::path module = f.image("7e57c10e");
    const auto intake = f.run({"verify", "--json", "--data-dir", f.a.string(), module.string()});
    const json at_a = parse_json(intake);
    CHECK_FALSE(has_code(at_a, "DUP_SERIAL"));
    CHECK_FALSE(has_code(at_a, "REGISTRY_OFFLINE"));
    const auto pushed = f.run({"sync", "--data-dir", f.a.string()});
    INFO(pushed.out << pushed.err);
    REQUIRE(pushed.status == 0);
    CHECK_THAT(pushed.out, Catch::Contains("1 sightings sent"));

    // Station B, which has not synced since, is shown the same identity: caught at inspection.
    const auto clone = f.run({"verify", "--json", "--data-dir", f.b.string(), module.string()});
    const json at_b = parse_json(clone);
    CHECK(has_code(at_b, "DUP_SERIAL"));
    CHECK_FALSE(has_code(at_b, "REGISTRY_OFFLINE"));
    CHECK(at_b.at("modules")[0].at("verdict") == "counterfeit");

    // Status names the service; nothing printed anywhere carries a password.
    const auto status = f.run({"sync", "--status", "--data-dir", f.a.string()});
    CHECK(status.status == 0);
    CHECK_THAT(status.out, Catch::Contains("server: service=fleet_a"));
    for (const RunResult* r : {&intake, &pushed, &clone, &status}) CHECK((r->out + r->err).find("Secret-") == std::string::npos);
}

TEST_CASE("fleet cli: a password given on the command line is used once and never shown again", "[fleet][cli]") {
    Fleet f;
    ::unsetenv("PGPASSFILE");  // no password file: the connection string carries it
    const std::string uri = "postgresql://station_b:Secret-B-2@127.0.0.1:" + std::to_string(f.pg.port()) + "/postgres?sslmode=disable";
    const auto round = f.run({"sync", "--server", uri, "--data-dir", f.b.string()});
    INFO(round.out << round.err);
    REQUIRE(round.status == 0);
    CHECK(round.out.find("Secret-B-2") == std::string::npos);
    const auto status = f.run({"sync", "--status", "--data-dir", f.b.string()});
    INFO(status.out);
    CHECK(status.status == 0);
    CHECK_THAT(status.out, Catch::Contains("postgresql://station_b:***@127.0.0.1"));
    CHECK(status.out.find("Secret-B-2") == std::string::npos);
    const json doc = parse_json(f.run({"sync", "--status", "--json", "--data-dir", f.b.string()}));
    CHECK(doc.at("server").get<std::string>().find("Secret-B-2") == std::string::npos);
    // The remembered server (0600, like a password file) still works for the next round.
    struct stat st {};
    REQUIRE(::stat((f.b / "fleet-server").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const auto again = f.run({"sync", "--data-dir", f.b.string()});
    INFO(again.err);
    CHECK(again.status == 0);
}

TEST_CASE("fleet cli: sync refuses a read-only standby but online lookups may be sent to one with --lookup-server", "[fleet][cli]") {
    Fleet f;
    test_support::PgCluster replica(f.pg, test_support::PgCluster::Standby{});
    const std::string standby = "host=127.0.0.1 port=" + std::to_string(replica.port()) + " dbname=postgres user=station_a password=Secret-A-1 sslmode=disable";
    const auto r = f.run({"sync", "--server", standby, "--data-dir", f.a.string()});
    CHECK(r.status == 16);
    REQUIRE(r.err_lines().size() == 1);
    CHECK_THAT(r.err, Catch::Contains("read-only standby"));
    // Nothing was remembered from a failed round; the status says it failed.
    CHECK_FALSE(fs::exists(f.a / "fleet-server"));
    const auto status = f.run({"sync", "--status", "--data-dir", f.a.string()});
    CHECK(status.status == 16);
    CHECK_THAT(status.out, Catch::Contains("read-only standby"));
    CHECK(status.out.find("Secret-A-1") == std::string::npos);

    // B syncs with the primary and sends its online lookups to the standby.
    const std::string standby_b = "host=127.0.0.1 port=" + std::to_string(replica.port()) + " dbname=postgres user=station_b password=Secret-B-2 sslmode=disable";
    const auto b_round = f.run({"sync", "--server", "service=fleet_b", "--lookup-server", standby_b, "--data-dir", f.b.string()});
    INFO(b_round.out << b_round.err);
    REQUIRE(b_round.status == 0);
    const auto b_status = f.run({"sync", "--status", "--data-dir", f.b.string()});
    CHECK_THAT(b_status.out, Catch::Contains("online lookups ask: host=127.0.0.1 port=" + std::to_string(replica.port())));
    CHECK_THAT(b_status.out, Catch::Contains("password=***"));
    CHECK(b_status.out.find("Secret-B-2") == std::string::npos);

    // A takes the module in and syncs with the primary.
    REQUIRE(f.run({"sync", "--server", "service=fleet_a", "--data-dir", f.a.string()}).status == 0);
    const fs::path module = f.image("5ca1ab1e");
    (void)f.run({"verify", "--data-dir", f.a.string(), module.string()});
    REQUIRE(f.run({"sync", "--data-dir", f.a.string()}).status == 0);
    // Once the standby has replayed A's row, B (which has not synced since) is shown the clone.
    bool seen = false;
    for (int i = 0; i < 100 && !seen; ++i) {
        seen = has_code(parse_json(f.run({"verify", "--json", "--no-record", "--data-dir", f.b.string(), module.string()})), "DUP_SERIAL");
        if (!seen) ::usleep(100'000);
    }
    REQUIRE(seen);
    // With the primary down, B's lookups still get their answer: they go to the standby.
    f.pg.stop();
    const json at_b = parse_json(f.run({"verify", "--json", "--data-dir", f.b.string(), module.string()}));
    CHECK(has_code(at_b, "DUP_SERIAL"));
    CHECK_FALSE(has_code(at_b, "REGISTRY_OFFLINE"));
    f.pg.start();

    // A lookup server that does not answer is not remembered; '' forgets the remembered one.
    const auto unreachable = f.run({"sync", "--lookup-server", "host=127.0.0.1 port=1 user=x dbname=x", "--data-dir", f.b.string()});
    CHECK(unreachable.status == 2);
    CHECK_THAT(unreachable.err, Catch::Contains("lookup server was not remembered"));
    CHECK_THAT(f.run({"sync", "--status", "--data-dir", f.b.string()}).out, Catch::Contains("online lookups ask: host=127.0.0.1 port=" + std::to_string(replica.port())));
    REQUIRE(f.run({"sync", "--lookup-server", "", "--data-dir", f.b.string()}).status == 0);
    CHECK(f.run({"sync", "--status", "--data-dir", f.b.string()}).out.find("online lookups ask") == std::string::npos);
    // --status only reads.
    CHECK(f.run({"sync", "--status", "--lookup-server", standby_b, "--data-dir", f.b.string()}).status == 1);
}
