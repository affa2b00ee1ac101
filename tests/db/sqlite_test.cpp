// SPDX-License-Identifier: GPL-3.0-or-later
// SQLite RAII: transactions roll back unless committed; migrations are idempotent.
#include <catch2/catch.hpp>

#include <fstream>

#include "sql_scalar.hpp"
#include "../support/temp_dir.hpp"
#include "db/database.hpp"
#include "db/sqlite.hpp"
#include "database_access.hpp"

using namespace dimmguard;
using namespace dimmguard::db;

TEST_CASE("sqlite: a transaction rolls back when destroyed without commit", "[db][sqlite]") {
    auto c = Connection::open(":memory:");
    REQUIRE(c);
    REQUIRE(c->exec("CREATE TABLE t(x INTEGER)"));
    {
        auto tx = Transaction::begin(*c);
        REQUIRE(tx);
        REQUIRE(c->exec("INSERT INTO t VALUES(1)"));
        CHECK(sql_scalar(*c, "SELECT COUNT(*) FROM t") == 1);
    }
    CHECK(sql_scalar(*c, "SELECT COUNT(*) FROM t") == 0);
    {
        auto tx = Transaction::begin(*c);
        REQUIRE(tx);
        REQUIRE(c->exec("INSERT INTO t VALUES(2)"));
        REQUIRE(tx->commit());
        CHECK_FALSE(tx->commit());  // already finished
    }
    CHECK(sql_scalar(*c, "SELECT COUNT(*) FROM t") == 1);
}

TEST_CASE("sqlite: prepared statements bind, step and reset", "[db][sqlite]") {
    auto c = Connection::open(":memory:");
    REQUIRE(c);
    REQUIRE(c->exec("CREATE TABLE t(a TEXT, b INTEGER)"));
    auto ins = c->prepare("INSERT INTO t VALUES(?, ?)");
    REQUIRE(ins);
    for (int i = 0; i < 3; ++i) {
        ins->reset();
        ins->bind(1, std::string_view("row")).bind(2, std::int64_t{i});
        REQUIRE(ins->run());
    }
    CHECK(sql_scalar(*c, "SELECT SUM(b) FROM t") == 3);
    CHECK_FALSE(c->prepare("SELECT nonsense FROM"));
}

TEST_CASE("sqlite: migrations set user_version and are idempotent", "[db][sqlite]") {
    test_support::TempDir dir;
    {
        auto d = Database::open(dir.path());
        REQUIRE(d);
        CHECK(dimmguard::db::detail::connection_of(*d).user_version().value() == schema_version);
        REQUIRE(d->set_meta("k", "v"));
        REQUIRE(migrate(dimmguard::db::detail::connection_of(*d)));  // nothing left to do
        CHECK(dimmguard::db::detail::connection_of(*d).user_version().value() == schema_version);
        CHECK(dimmguard::db::detail::connection_of(*d).integrity_ok().value());
    }
    auto again = Database::open(dir.path());
    REQUIRE(again);
    CHECK(dimmguard::db::detail::connection_of(*again).user_version().value() == schema_version);
    CHECK(again->meta("k").value() == std::optional<std::string>("v"));

    auto c = Connection::open(dir.path() / "registry.sqlite");
    REQUIRE(c);
    REQUIRE(c->exec("PRAGMA user_version = 99"));
    auto newer = migrate(*c);
    REQUIRE_FALSE(newer);
    CHECK_THAT(newer.error().message, Catch::Contains("newer"));
}

TEST_CASE("sqlite: a file that is not a database is refused at open with one clear line", "[db][sqlite]") {
    test_support::TempDir dir;
    {
        std::ofstream junk(dir.path() / "registry.sqlite", std::ios::binary);
        junk << std::string(4096, 'x');
    }
    auto opened = dimmguard::db::Database::open(dir.path());
    REQUIRE_FALSE(opened);
    CHECK(opened.error().code == dimmguard::Errc::db);
    CHECK(opened.error().message.find("registry.sqlite: not a usable dimmguard registry") != std::string::npos);
    CHECK(opened.error().message.find('\n') == std::string::npos);
}

TEST_CASE("sqlite: a refused bind fails the statement with Errc::db naming the parameter", "[db][sqlite]") {
    auto c = Connection::open(":memory:");
    REQUIRE(c);
    REQUIRE(c->exec("CREATE TABLE t(a TEXT NOT NULL)"));
    auto ins = c->prepare("INSERT INTO t VALUES(:a)");
    REQUIRE(ins);
    ins->bind(1, std::string_view("kept")).bind(3, std::string_view("no such parameter"));
    auto run = ins->run();
    REQUIRE_FALSE(run);
    CHECK(run.error().code == Errc::db);
    CHECK(run.error().message.find("cannot bind parameter 3") != std::string::npos);
    CHECK(sql_scalar(*c, "SELECT COUNT(*) FROM t") == 0);   // nothing ran with a missing value
    // reset() forgets the refused bind; a good bind runs.
    ins->reset();
    ins->bind(1, std::string_view("ok"));
    REQUIRE(ins->run());
    CHECK(sql_scalar(*c, "SELECT COUNT(*) FROM t") == 1);
    // A named parameter is named in the message.
    auto sel = c->prepare("SELECT :first");
    REQUIRE(sel);
    sel->bind(1, std::int64_t{1}).bind(2, std::int64_t{2});
    auto step = sel->step();
    REQUIRE_FALSE(step);
    CHECK(step.error().message.find("cannot bind parameter 2") != std::string::npos);
}

TEST_CASE("sqlite: kept statements are reused, reset after each lease, and a nested lease gets its own", "[db][sqlite]") {
    test_support::TempDir dir;
    auto c = Connection::open(dir.path() / "t.sqlite");
    REQUIRE(c);
    REQUIRE(c->exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES(1), (2), (3);"));
    const char* sql = "SELECT x FROM t WHERE x >= ? ORDER BY x";
    Statement* first = nullptr;
    {
        auto s = c->cached(sql);
        REQUIRE(s);
        first = &**s;
        (*s)->bind(1, std::int64_t{2});
        REQUIRE((*s)->step().value_or(false));
        CHECK((*s)->column_int64(0) == 2);
        // Still stepping the outer one: the same text nested is another statement.
        auto inner = c->cached(sql);
        REQUIRE(inner);
        CHECK(&**inner != first);
        (*inner)->bind(1, std::int64_t{3});
        REQUIRE((*inner)->step().value_or(false));
        CHECK((*inner)->column_int64(0) == 3);
        REQUIRE((*s)->step().value_or(false));
        CHECK((*s)->column_int64(0) == 3);  // the outer cursor was not disturbed
    }
    {
        auto again = c->cached(sql);
        REQUIRE(again);
        CHECK(&**again == first);  // kept and reused
        // Reset on release: the old binding is gone (NULL matches nothing) and no cursor is open.
        CHECK_FALSE((*again)->step().value_or(true));
    }
    // The lease ended its read: another connection can write and this one sees it at once.
    auto writer = Connection::open(dir.path() / "t.sqlite");
    REQUIRE(writer);
    REQUIRE(writer->exec("INSERT INTO t VALUES(4)"));
    auto s = c->cached("SELECT COUNT(*) FROM t");
    REQUIRE(s);
    REQUIRE((*s)->step().value_or(false));
    CHECK((*s)->column_int64(0) == 4);
    CHECK_FALSE(c->cached("SELECT nonsense FROM"));
}

TEST_CASE("sqlite: begin_unless_open shares an open transaction and ends only its own", "[db][sqlite]") {
    auto c = Connection::open(":memory:");
    REQUIRE(c);
    REQUIRE(c->exec("CREATE TABLE t(x INTEGER)"));
    CHECK_FALSE(c->in_transaction());
    {
        auto tx = Transaction::begin(*c);
        REQUIRE(tx);
        CHECK(c->in_write_transaction());
        {
            auto inner = ReadTransaction::begin_unless_open(*c);
            REQUIRE(inner);
        }
        CHECK(c->in_transaction());  // the inner one did not commit the outer
        REQUIRE(tx->commit());
    }
    {
        auto own = ReadTransaction::begin_unless_open(*c);
        REQUIRE(own);
        CHECK(c->in_transaction());
        CHECK_FALSE(c->in_write_transaction());
    }
    CHECK_FALSE(c->in_transaction());
}
