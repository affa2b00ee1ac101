// SPDX-License-Identifier: GPL-3.0-or-later
// Bundle import: refusals (expired, rollback, wrong role, unknown key, truncated), idempotent
// re-import, a file changed between the passes, and SIGKILL at random points (all or nothing).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "record_edit.hpp"
#include "sql_scalar.hpp"
#include "../support/db_support.hpp"
#include "../support/temp_dir.hpp"
#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/trust.hpp"
#include "database_access.hpp"

extern char** environ;

using namespace dimmguard;
using namespace dimmguard::db;

using test_support::key;
using test_support::slurp;
using test_support::spit;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";

std::string serial_text(std::uint32_t i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "serial\t802c-06-2243-%08x\tM321R8GA0BB0-CQK", i);
    return buf;
}

void write_bundle(const std::filesystem::path& path, const KeyPair& k, std::string role, std::uint32_t n, std::int64_t version = 1,
                  std::string expires = "2027-01-01T00:00:00Z", std::uint32_t first = 0) {
    auto w = BundleWriter::create(k, {role, version, "2026-01-01T00:00:00Z", std::move(expires), 0});
    REQUIRE(w);
    std::vector<std::string> texts;
    for (std::uint32_t i = first; i < first + n; ++i) {
        if (role == "serials") texts.push_back(serial_text(i));
        else if (role == "revocations") texts.push_back(encode_revocation({{"802c", "06", "2243", "0000000" + std::to_string(i % 10)}, "clone"}));
    }
    REQUIRE(w->add_many(texts));
    REQUIRE(w->finish_file(path));
}

struct Fixture {
    test_support::TempDir dir;
    KeyPair root = key();
    KeyPair publisher = key();
    KeyPair parts_only = key();
    std::optional<Database> db;
    Fixture() {
        auto d = Database::open(dir.path() / "data");
        REQUIRE(d);
        db.emplace(std::move(*d));
        test_support::trust_publishers(*db, root, {{&publisher, {"serials", "revocations"}}, {&parts_only, {"parts"}}}, now);
    }
    std::filesystem::path file(const std::string& name) const { return dir.path() / name; }
    std::int64_t serials() { return sql_scalar(dimmguard::db::detail::connection_of(*db), record_edit::records_count_sql("serials")); }
};

}  // namespace

TEST_CASE("import: import inserts every record once, re-import is a no-op", "[db][import]") {
    Fixture f;
    write_bundle(f.file("s.bundle"), f.publisher, "serials", 50);
    auto r = import_bundle(*f.db, f.file("s.bundle"), now);
    REQUIRE(r);
    CHECK_FALSE(r->already_imported);
    CHECK(r->records == 50);
    CHECK(f.serials() == 50);
    CHECK(sql_scalar(dimmguard::db::detail::connection_of(*f.db), "SELECT COUNT(*) FROM serial_makers WHERE maker = '802c'") == 1);
    auto again = import_bundle(*f.db, f.file("s.bundle"), now);
    REQUIRE(again);
    CHECK(again->already_imported);
    CHECK(f.serials() == 50);
    CHECK(sql_scalar(dimmguard::db::detail::connection_of(*f.db), "SELECT COUNT(*) FROM bundles") == 1);

    write_bundle(f.file("r.bundle"), f.publisher, "revocations", 3);
    REQUIRE(import_bundle(*f.db, f.file("r.bundle"), now));
    CHECK(sql_scalar(dimmguard::db::detail::connection_of(*f.db), record_edit::records_count_sql("revocations")) == 3);
}

TEST_CASE("import: expired, rolled-back, wrong-role and unknown-key bundles are refused", "[db][import]") {
    Fixture f;
    SECTION("expired") {
        write_bundle(f.file("e.bundle"), f.publisher, "serials", 3, 1, "2026-05-01T00:00:00Z");
        auto r = import_bundle(*f.db, f.file("e.bundle"), now);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::untrusted_key);
        CHECK_THAT(r.error().message, Catch::Contains("expired on 2026-05-01"));
    }
    SECTION("rollback") {
        write_bundle(f.file("v2.bundle"), f.publisher, "serials", 3, 2);
        write_bundle(f.file("v1.bundle"), f.publisher, "serials", 3, 1, "2027-01-01T00:00:00Z", 100);
        write_bundle(f.file("v2b.bundle"), f.publisher, "serials", 4, 2, "2027-01-01T00:00:00Z", 200);
        REQUIRE(import_bundle(*f.db, f.file("v2.bundle"), now));
        for (const char* name : {"v1.bundle", "v2b.bundle"}) {
            auto r = import_bundle(*f.db, f.file(name), now);
            REQUIRE_FALSE(r);
            CHECK_THAT(r.error().message, Catch::Contains("rollback refused"));
        }
        CHECK(f.serials() == 3);
        write_bundle(f.file("v3.bundle"), f.publisher, "serials", 2, 3, "2027-01-01T00:00:00Z", 300);
        REQUIRE(import_bundle(*f.db, f.file("v3.bundle"), now));
        CHECK(f.serials() == 5);
    }
    SECTION("wrong role") {
        write_bundle(f.file("w.bundle"), f.parts_only, "serials", 3);
        auto r = import_bundle(*f.db, f.file("w.bundle"), now);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::untrusted_key);
        CHECK_THAT(r.error().message, Catch::Contains("not trusted for role serials"));
    }
    SECTION("unknown key") {
        const KeyPair stranger = key();
        write_bundle(f.file("u.bundle"), stranger, "serials", 3);
        auto r = import_bundle(*f.db, f.file("u.bundle"), now);
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message, Catch::Contains("unknown key"));
    }
    SECTION("missing file") {
        auto r = import_bundle(*f.db, f.file("none.bundle"), now);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::not_found);
    }
    CHECK(sql_scalar(dimmguard::db::detail::connection_of(*f.db), "SELECT COUNT(*) FROM bundles") <= 2);
}

TEST_CASE("import: truncated bundles are refused wherever they are cut", "[db][import]") {
    Fixture f;
    write_bundle(f.file("t.bundle"), f.publisher, "serials", 5);
    const std::string good = slurp(f.file("t.bundle"));
    for (std::size_t cut = 0; cut < good.size(); cut += 23) {
        spit(f.file("cut.bundle"), good.substr(0, cut));
        auto r = import_bundle(*f.db, f.file("cut.bundle"), now);
        INFO("cut at " << cut);
        REQUIRE_FALSE(r);
    }
    // cut exactly at a record boundary: the count gives it away
    const std::size_t last_record = good.rfind('\n', good.size() - 2) + 1;
    spit(f.file("cut.bundle"), good.substr(0, last_record));
    auto r = import_bundle(*f.db, f.file("cut.bundle"), now);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("holds 4 records, the header says 5"));
    CHECK(f.serials() == 0);
}

TEST_CASE("import: a file changed between the two passes is rolled back", "[db][import]") {
    Fixture f;
    write_bundle(f.file("c.bundle"), f.publisher, "serials", 20);
    const std::string good = slurp(f.file("c.bundle"));
    std::string changed = good;
    const std::size_t sig = changed.rfind('\t');
    changed[sig + 1] = changed[sig + 1] == '0' ? '1' : '0';
    auto r = import_bundle(*f.db, f.file("c.bundle"), now, [&](const ImportProgress& p) {
        if (p.phase == "checking" && p.done == p.total) spit(f.file("c.bundle"), changed);
    });
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("changed during the import"));
    CHECK(f.serials() == 0);
    CHECK(sql_scalar(dimmguard::db::detail::connection_of(*f.db), "SELECT COUNT(*) FROM bundles") == 0);
}

TEST_CASE("import: SIGKILL at random points leaves all or nothing", "[db][import][kill]") {
    const char* binary = std::getenv("DIMMGUARD_BINARY");
    if (binary == nullptr || !std::filesystem::exists(binary)) FAIL("DIMMGUARD_BINARY is not set: run through ctest");
    test_support::TempDir dir;
    const KeyPair root = key(), publisher = key();
    constexpr std::uint32_t records = 100'000;
    const auto bundle = dir.path() / "big.bundle";
    write_bundle(bundle, publisher, "serials", records);
    const auto base = dir.path() / "base";
    {
        auto db = Database::open(base);
        REQUIRE(db);
        test_support::trust_publishers(*db, root, {{&publisher, {"serials"}}}, now);
    }

    auto spawn = [&](const std::filesystem::path& data, const std::filesystem::path& err) {
        std::vector<std::string> args{binary, "registry", "import", bundle.string(), "--data-dir", data.string(), "--now", now};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        pid_t pid = 0;
        const int rc = posix_spawn(&pid, binary, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        REQUIRE(rc == 0);
        return pid;
    };
    auto fresh = [&](int i) {
        const auto d = dir.path() / ("run" + std::to_string(i));
        std::filesystem::copy(base, d, std::filesystem::copy_options::recursive);
        return d;
    };
    auto check = [&](const std::filesystem::path& d) {
        auto c = Connection::open(d / "registry.sqlite", false);
        REQUIRE(c);
        CHECK(c->integrity_ok().value());
        const auto n = sql_scalar(*c, record_edit::records_count_sql("serials"));
        const auto b = sql_scalar(*c, "SELECT COUNT(*) FROM bundles");
        INFO("serials " << n << ", bundles " << b);
        CHECK(((n == 0 && b == 0) || (n == records && b == 1)));
        return n == records;
    };

    // One full run: how long an import takes, and that the progress lines appear.
    const auto full = fresh(0);
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = spawn(full, dir.path() / "err0");
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    const auto elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    INFO(slurp(dir.path() / "err0"));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK_THAT(slurp(dir.path() / "err0"), Catch::Contains("importing 100000/100000"));
    CHECK(check(full));

    std::mt19937 rng(std::random_device{}());
    std::uniform_int_distribution<long> delay(0, elapsed_ms + elapsed_ms / 5);
    int complete = 0, empty = 0;
    for (int i = 1; i <= 8; ++i) {
        const auto d = fresh(i);
        const pid_t child = spawn(d, dir.path() / "err");
        std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
        ::kill(child, SIGKILL);
        int st = 0;
        REQUIRE(::waitpid(child, &st, 0) == child);
        if (check(d)) ++complete;
        else ++empty;
        std::filesystem::remove_all(d);
    }
    WARN("SIGKILL runs: " << complete << " complete, " << empty << " empty; a full import took " << elapsed_ms << " ms");
}
