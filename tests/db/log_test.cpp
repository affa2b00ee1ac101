// SPDX-License-Identifier: GPL-3.0-or-later
// The inspection log: canonical sighting records, the hash chain and signed head (edits,
// deletions, reorders and truncation made with the real sqlite3 shell are all detected),
// station bundles between two stations, custody, and three concurrent writer processes.
#include <catch2/catch.hpp>

#include "../support/temp_dir.hpp"
#include "database_access.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/custody.hpp"
#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"

extern char** environ;

namespace {

using namespace dimmguard;
using db::LogProblemKind;
using test_support::TempDir;
namespace fs = std::filesystem;

verifier::ModuleIdentity identity(const std::string& serial = "3bf239f8") { return {"802c", "06", "2243", serial}; }

verifier::Sighting sighting(verifier::EventKind event, const std::string& serial = "3bf239f8") {
    verifier::Sighting s;
    s.identity = identity(serial);
    s.fingerprint = "9d0c2f5e";
    s.part_number = "MTC20F2085S1RC48BA1";
    s.verdict = "genuine";
    s.event = event;
    s.context = {{"lot", "L-2026-11"}, {"bench", "B1"}};
    return s;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Spawned {
    pid_t pid = 0;
    fs::path out;
    fs::path err;
};

Spawned spawn(const std::vector<std::string>& args, const fs::path& scratch, const std::string& tag) {
    Spawned p;
    p.out = scratch / (".out-" + tag);
    p.err = scratch / (".err-" + tag);
    std::vector<std::string> storage = args;
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    REQUIRE(posix_spawn_file_actions_init(&actions) == 0);
    REQUIRE(posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0) == 0);
    REQUIRE(posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600) == 0);
    REQUIRE(posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600) == 0);
    const int rc = posix_spawnp(&p.pid, storage[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) FAIL("cannot run " << storage[0] << ": " << std::strerror(rc));
    return p;
}

int wait_for(const Spawned& p) {
    int status = 0;
    while (::waitpid(p.pid, &status, 0) < 0) {
        if (errno != EINTR) FAIL("waitpid: " << std::strerror(errno));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Run SQL through the real sqlite3 shell, as someone editing the database by hand would.
void sqlite3_shell(const fs::path& database, const std::string& sql, const TempDir& scratch) {
    static int counter = 0;
    const Spawned p = spawn({"sqlite3", database.string(), sql}, scratch.path(), "sqlite3-" + std::to_string(++counter));
    const int status = wait_for(p);
    INFO("sqlite3 stderr: " << slurp(p.err));
    REQUIRE(status == 0);
}

/// A file-backed station database in `dir` with `count` intake sightings (fixed times).
void make_log(const TempDir& dir, int count) {
    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    for (int i = 1; i <= count; ++i) {
        db::SqliteRegistry registry(*database, "2026-11-27T10:00:0" + std::to_string(i) + "Z");
        REQUIRE(registry.record_sighting(sighting(verifier::EventKind::intake)));
    }
}

db::LogReport verify_dir(const TempDir& dir) {
    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    auto report = db::verify_log(*database);
    REQUIRE(report);
    return *report;
}

bool has_problem(const db::LogReport& report, LogProblemKind kind, std::int64_t seq) {
    return std::any_of(report.problems.begin(), report.problems.end(),
                       [&](const db::LogProblem& p) { return p.kind == kind && p.seq == seq; });
}

std::string describe(const db::LogReport& report) {
    std::string out;
    for (const auto& p : report.problems) out += std::string(db::log_problem_name(p.kind)) + " seq " + std::to_string(p.seq) + ": " + p.message + "\n";
    return out;
}

/// Every sighting row as text: "database unchanged" means this is equal before and after.
std::string sightings_dump(db::Database& database) {
    auto s = dimmguard::db::detail::connection_of(database).prepare("SELECT seq, id, line, signature, local FROM sightings ORDER BY seq");
    REQUIRE(s);
    std::string dump;
    for (;;) {
        auto row = s->step();
        REQUIRE(row);
        if (!*row) break;
        dump += std::to_string(s->column_int64(0)) + "|" + s->column_text(1) + "|" + s->column_text(2) + "|" + s->column_text(3) + "|" +
                std::to_string(s->column_int64(4)) + "\n";
    }
    return dump;
}

std::int64_t scalar(db::Database& database, const std::string& sql) {
    auto s = dimmguard::db::detail::connection_of(database).prepare(sql);
    REQUIRE(s);
    auto row = s->step();
    REQUIRE(row);
    REQUIRE(*row);
    return s->column_int64(0);
}

/// Pin a fresh root in `database` and accept a root-signed trust document naming `stations`
/// with `roles` (role `station` by default) until `expires`.
void trust_stations(db::Database& database, const std::vector<db::PublicKey>& stations, const std::string& expires = "2099-01-01T00:00:00Z",
                    const std::vector<std::string>& roles = {"station"}) {
    auto root = db::KeyPair::generate();
    REQUIRE(root);
    db::TrustStore store(database);
    REQUIRE(store.init({root->public_key()}, 1, /*force=*/true));
    db::TrustDocument doc;
    doc.version = 1;
    doc.created = "2026-01-01T00:00:00Z";
    doc.expires = "2099-01-01T00:00:00Z";
    doc.threshold = 1;
    doc.roots = {db::TrustRoot{root->public_key().id(), root->public_key()}};
    for (const auto& key : stations) doc.publishers.push_back(db::TrustedPublisher{key.id(), key, roles, expires});
    auto text = db::sign_trust_document(doc, {*root});
    REQUIRE(text);
    auto accepted = store.accept_document(*text, "2026-11-01T00:00:00Z");
    INFO((accepted ? std::string() : accepted.error().message));
    REQUIRE(accepted);
}

fs::path helper_path(const std::string& name) {
    if (const char* env = std::getenv("DIMMGUARD_LOG_WRITER"); env != nullptr && *env != '\0') return env;
    return fs::read_symlink("/proc/self/exe").parent_path() / name;
}

}  // namespace

TEST_CASE("sighting record: canonical line, percent-encoding, round trip", "[db][log]") {
    verifier::Sighting s = sighting(verifier::EventKind::burn_in);
    s.id = "00112233445566778899aabbccddeeff:7";
    s.station = "00112233445566778899aabbccddeeff";
    s.site = "Shenzhen DC2\tintake; 100%";
    s.context = {{"slot", "A1=DIMM0"}, {"server", "SRV-7;8"}, {"lot", "L\n1"}};
    s.time = "2026-11-27T10:00:00Z";
    const std::string line = db::sighting_line(s);
    CHECK(line ==
          "sighting\t00112233445566778899aabbccddeeff:7\t802c-06-2243-3bf239f8\t9d0c2f5e\tMTC20F2085S1RC48BA1\tgenuine\t"
          "00112233445566778899aabbccddeeff\tShenzhen DC2%09intake%3B 100%25\tburn-in\tlot=L%0A1;server=SRV-7%3B8;slot=A1%3DDIMM0\t"
          "2026-11-27T10:00:00Z");
    auto parsed = db::parse_sighting_line(line);
    REQUIRE(parsed);
    CHECK(parsed->site == s.site);
    CHECK(parsed->context == s.context);
    CHECK(parsed->event == verifier::EventKind::burn_in);
    CHECK(db::sighting_line(*parsed) == line);

    SECTION("non-canonical forms are refused") {
        auto replace = [&](const std::string& from, const std::string& to) {
            std::string l = line;
            l.replace(l.find(from), from.size(), to);
            return l;
        };
        CHECK_FALSE(db::parse_sighting_line(replace("lot=L%0A1;server=SRV-7%3B8", "server=SRV-7%3B8;lot=L%0A1")));  // unsorted
        CHECK_FALSE(db::parse_sighting_line(replace("%0A", "%0a")));                // lower-case escape
        CHECK_FALSE(db::parse_sighting_line(replace("genuine", "%67enuine")));      // needless escape
        CHECK_FALSE(db::parse_sighting_line(replace("burn-in", "burnin")));         // unknown event
        CHECK_FALSE(db::parse_sighting_line(replace("2026-11-27T10:00:00Z", "2026-11-27 10:00:00")));
        CHECK_FALSE(db::parse_sighting_line(line + "\textra"));
        CHECK_FALSE(db::parse_sighting_line(replace("802c-06", "802C-06")));
    }
    CHECK(db::percent_decode("a%3Db%25") == std::string("a=b%"));
    CHECK_FALSE(db::percent_decode("100%"));
}

TEST_CASE("log: append fills id, station, site and time, verify is ok", "[db][log]") {
    auto database = db::Database::open_in_memory();
    REQUIRE(database);
    REQUIRE(database->set_site("Shenzhen DC2 intake"));
    auto station = database->station();
    REQUIRE(station);
    db::SqliteRegistry registry(*database, "2026-11-27T10:00:00Z");
    for (int i = 1; i <= 5; ++i) {
        auto stored = registry.record_sighting(sighting(verifier::EventKind::intake, i == 5 ? "00000005" : "3bf239f8"));
        REQUIRE(stored);
        CHECK(stored->id == station->id + ":" + std::to_string(i));
        CHECK(stored->station == station->id);
        CHECK(stored->site == "Shenzhen DC2 intake");
        CHECK(stored->time == "2026-11-27T10:00:00Z");
    }
    auto report = db::verify_log(*database);
    REQUIRE(report);
    INFO(describe(*report));
    CHECK(report->ok());
    CHECK(report->entries == 5);
    CHECK(report->head_count == 5);

    auto found = registry.sightings(identity());
    REQUIRE(found);
    CHECK(found->trusted.size() == 4);
    CHECK(found->tampered.empty());
    CHECK(found->trusted.front().record.id == station->id + ":1");
    CHECK(found->trusted.front().source == "local log");
    CHECK(found->trusted.front().signer == station->id);

    SECTION("a caller-supplied id, station or time must make sense") {
        auto s = sighting(verifier::EventKind::bench);
        s.station = "ffffffffffffffffffffffffffffffff";
        CHECK(registry.record_sighting(s).error().code == Errc::usage);
        s = sighting(verifier::EventKind::bench);
        s.id = station->id + ":99";
        CHECK(registry.record_sighting(s).error().code == Errc::usage);
        s = sighting(verifier::EventKind::bench);
        s.time = "yesterday";
        CHECK(registry.record_sighting(s).error().code == Errc::usage);
        auto after = db::verify_log(*database);
        REQUIRE(after);
        CHECK(after->ok());
        CHECK(after->entries == 5);
    }
    SECTION("an empty log verifies") {
        auto empty = db::Database::open_in_memory();
        REQUIRE(empty);
        auto r = db::verify_log(*empty);
        REQUIRE(r);
        CHECK(r->ok());
        CHECK(r->entries == 0);
    }
}

TEST_CASE("log verify: a line edited with the sqlite3 shell is detected at its seq", "[db][log]") {
    TempDir dir;
    make_log(dir, 5);
    sqlite3_shell(dir.path() / "registry.sqlite", "UPDATE sightings SET line = replace(line, 'genuine', 'counterfeit') WHERE seq = 3;", dir);
    const auto report = verify_dir(dir);
    INFO(describe(report));
    CHECK_FALSE(report.ok());
    CHECK(has_problem(report, LogProblemKind::edited, 3));
    CHECK(report.problems.size() == 1);

    // The edited record is never used as evidence: lookups report it as tampered.
    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    db::SqliteRegistry registry(*database);
    auto found = registry.sightings(identity());
    REQUIRE(found);
    CHECK(found->trusted.size() == 4);
    REQUIRE(found->tampered.size() == 1);
    CHECK(found->tampered[0].find("seq 3") != std::string::npos);
}

TEST_CASE("log verify: an edited index column or a recomputed entry hash is detected", "[db][log]") {
    TempDir dir;
    make_log(dir, 4);
    SECTION("identity column moved to another module") {
        sqlite3_shell(dir.path() / "registry.sqlite", "UPDATE sightings SET identity = '802c-06-2243-00000000' WHERE seq = 2;", dir);
        const auto report = verify_dir(dir);
        INFO(describe(report));
        CHECK(has_problem(report, LogProblemKind::edited, 2));
    }
    SECTION("signature replaced by another entry's") {
        sqlite3_shell(dir.path() / "registry.sqlite",
                      "UPDATE sightings SET signature = (SELECT signature FROM sightings WHERE seq = 1) WHERE seq = 2;", dir);
        const auto report = verify_dir(dir);
        INFO(describe(report));
        CHECK(has_problem(report, LogProblemKind::edited, 2));
    }
    SECTION("entry hash column changed") {
        sqlite3_shell(dir.path() / "registry.sqlite", "UPDATE sightings SET entry_hash = prev_hash WHERE seq = 4;", dir);
        const auto report = verify_dir(dir);
        INFO(describe(report));
        CHECK(has_problem(report, LogProblemKind::edited, 4));
    }
}

TEST_CASE("log verify: a deleted middle row is detected", "[db][log]") {
    TempDir dir;
    make_log(dir, 5);
    sqlite3_shell(dir.path() / "registry.sqlite", "DELETE FROM sightings WHERE seq = 3;", dir);
    const auto report = verify_dir(dir);
    INFO(describe(report));
    CHECK_FALSE(report.ok());
    CHECK(has_problem(report, LogProblemKind::deleted, 4));  // reported at the entry after the gap
    const auto deleted = std::find_if(report.problems.begin(), report.problems.end(),
                                      [](const db::LogProblem& p) { return p.kind == LogProblemKind::deleted; });
    REQUIRE(deleted != report.problems.end());
    CHECK(deleted->sequence == 3);
    CHECK(deleted->message.find("entry 3 is missing") != std::string::npos);
}

TEST_CASE("log verify: a deleted last row is detected through the signed head count", "[db][log]") {
    TempDir dir;
    make_log(dir, 5);
    sqlite3_shell(dir.path() / "registry.sqlite", "DELETE FROM sightings WHERE seq = 5;", dir);
    const auto report = verify_dir(dir);
    INFO(describe(report));
    CHECK_FALSE(report.ok());
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].kind == LogProblemKind::truncated);
    CHECK(report.problems[0].sequence == 5);
    CHECK(report.head_count == 5);
    CHECK(report.entries == 4);

    SECTION("appending after a truncation does not hide it") {
        auto database = db::Database::open(dir.path());
        REQUIRE(database);
        REQUIRE(db::record_sighting(*database, sighting(verifier::EventKind::bench), "2026-11-28T00:00:00Z"));
        auto after = db::verify_log(*database);
        REQUIRE(after);
        INFO(describe(*after));
        CHECK_FALSE(after->ok());
        CHECK(std::any_of(after->problems.begin(), after->problems.end(),
                          [](const db::LogProblem& p) { return p.kind == LogProblemKind::deleted && p.sequence == 5; }));
    }
}

TEST_CASE("log verify: two rows swapped are detected as reordering", "[db][log]") {
    TempDir dir;
    make_log(dir, 5);
    SECTION("seq values swapped") {
        sqlite3_shell(dir.path() / "registry.sqlite",
                      "UPDATE sightings SET seq = 100 WHERE seq = 2; UPDATE sightings SET seq = 2 WHERE seq = 4;"
                      "UPDATE sightings SET seq = 4 WHERE seq = 100;",
                      dir);
        const auto report = verify_dir(dir);
        INFO(describe(report));
        CHECK_FALSE(report.ok());
        CHECK(std::any_of(report.problems.begin(), report.problems.end(), [](const db::LogProblem& p) { return p.kind == LogProblemKind::reordered; }));
        CHECK_FALSE(std::any_of(report.problems.begin(), report.problems.end(), [](const db::LogProblem& p) {
            return p.kind == LogProblemKind::deleted || p.kind == LogProblemKind::edited;
        }));
    }
    SECTION("contents swapped between two rows") {
        sqlite3_shell(dir.path() / "registry.sqlite",
                      "CREATE TEMP TABLE t AS SELECT * FROM sightings WHERE seq IN (2, 3);"
                      "UPDATE sightings SET id = id || 'x' WHERE seq IN (2, 3);"
                      "UPDATE sightings SET (id, identity, station, line, signature, prev_hash, entry_hash) = "
                      "(SELECT id, identity, station, line, signature, prev_hash, entry_hash FROM t WHERE t.seq = 5 - sightings.seq) "
                      "WHERE seq IN (2, 3);",
                      dir);
        const auto report = verify_dir(dir);
        INFO(describe(report));
        CHECK(has_problem(report, LogProblemKind::reordered, 3));
    }
}

TEST_CASE("log verify: a forged head is detected, and appending onto it is refused", "[db][log]") {
    TempDir dir;
    make_log(dir, 3);
    SECTION("count lowered to hide the last entry") {
        sqlite3_shell(dir.path() / "registry.sqlite",
                      "UPDATE log_head SET count = 2, entry_hash = (SELECT entry_hash FROM sightings WHERE seq = 2);"
                      "DELETE FROM sightings WHERE seq = 3;",
                      dir);
    }
    SECTION("head row deleted") { sqlite3_shell(dir.path() / "registry.sqlite", "DELETE FROM log_head;", dir); }
    SECTION("signature of another head") {
        sqlite3_shell(dir.path() / "registry.sqlite", "UPDATE log_head SET signature = (SELECT signature FROM sightings WHERE seq = 1);", dir);
    }
    const auto report = verify_dir(dir);
    INFO(describe(report));
    CHECK(std::any_of(report.problems.begin(), report.problems.end(), [](const db::LogProblem& p) { return p.kind == LogProblemKind::head_invalid; }));

    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    const std::string before = sightings_dump(*database);
    auto appended = db::record_sighting(*database, sighting(verifier::EventKind::bench));
    if (scalar(*database, "SELECT count(*) FROM log_head") == 1) {
        REQUIRE_FALSE(appended);
        CHECK(appended.error().code == Errc::signature_invalid);
        CHECK(sightings_dump(*database) == before);
    } else {
        // Without a head the next id collides with entry 1: refused as well, nothing written.
        REQUIRE_FALSE(appended);
        CHECK(sightings_dump(*database) == before);
    }
}

TEST_CASE("log export/import: sightings move between two stations, idempotently", "[db][log]") {
    TempDir dir;
    auto a = db::Database::open_in_memory();
    auto b = db::Database::open_in_memory();
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->set_site("Shenzhen DC2 intake"));
    auto station_a = a->station();
    auto station_b = b->station();
    REQUIRE(station_a);
    REQUIRE(station_b);
    REQUIRE(station_a->id != station_b->id);
    for (int i = 1; i <= 3; ++i) {
        REQUIRE(db::record_sighting(*a, sighting(verifier::EventKind::intake), "2026-11-2" + std::to_string(i) + "T08:00:00Z"));
    }
    REQUIRE(db::record_sighting(*b, sighting(verifier::EventKind::bench), "2026-11-25T08:00:00Z"));
    const fs::path bundle = dir.path() / "a.sightings";
    auto exported = db::export_sightings(*a, bundle);
    REQUIRE(exported);
    CHECK(exported->records == 3);
    CHECK(exported->station == station_a->id);

    // Not trusted yet: refused, nothing stored.
    const std::string before = sightings_dump(*b);
    auto refused = db::import_sightings(*b, bundle);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Errc::untrusted_key);
    CHECK(sightings_dump(*b) == before);

    SECTION("a station key trusted only for another role is refused") {
        trust_stations(*b, {station_a->key.public_key()}, "2099-01-01T00:00:00Z", {"parts"});
        CHECK(db::import_sightings(*b, bundle).error().code == Errc::untrusted_key);
        CHECK(sightings_dump(*b) == before);
        return;
    }
    trust_stations(*b, {station_a->key.public_key()});
    auto imported = db::import_sightings(*b, bundle);
    REQUIRE(imported);
    CHECK(imported->station == station_a->id);
    CHECK(imported->site == "Shenzhen DC2 intake");
    CHECK(imported->added == 3);
    CHECK(imported->already_present == 0);

    auto again = db::import_sightings(*b, bundle);
    REQUIRE(again);
    CHECK(again->added == 0);
    CHECK(again->already_present == 3);
    CHECK(scalar(*b, "SELECT count(*) FROM sightings") == 4);

    auto found = db::load_sightings(*b, identity());
    REQUIRE(found);
    REQUIRE(found->trusted.size() == 4);
    CHECK(found->tampered.empty());
    CHECK(found->trusted[0].record.time == "2026-11-21T08:00:00Z");
    CHECK(found->trusted[0].source == "station " + station_a->id);
    CHECK(found->trusted[3].record.station == station_b->id);  // oldest first across stations
    // Imported sightings are not part of B's own log.
    auto report = db::verify_log(*b);
    REQUIRE(report);
    CHECK(report->ok());
    CHECK(report->entries == 1);

    SECTION("--since exports only the later sightings") {
        const fs::path later = dir.path() / "later.sightings";
        auto partial = db::export_sightings(*a, later, std::string("2026-11-22T00:00:00Z"));
        REQUIRE(partial);
        CHECK(partial->records == 2);
        CHECK(db::export_sightings(*a, later, std::string("last week")).error().code == Errc::usage);
        auto by_day = db::export_sightings(*a, later, std::string("2026-11-23"));
        REQUIRE(by_day);
        CHECK(by_day->records == 1);
    }
    SECTION("a station's own bundle imports as already present") {
        const fs::path own = dir.path() / "b.sightings";
        REQUIRE(db::export_sightings(*b, own));
        auto self = db::import_sightings(*b, own);
        REQUIRE(self);
        CHECK(self->added == 0);
        CHECK(self->already_present == 1);
    }
    SECTION("a station whose key expires is no longer trusted at lookup") {
        trust_stations(*b, {station_a->key.public_key()}, "2030-01-01T00:00:00Z");
        auto later = db::load_sightings(*b, identity(), "2031-01-01T00:00:00Z");
        REQUIRE(later);
        CHECK(later->trusted.size() == 1);  // B's own sighting only
        REQUIRE(later->tampered.size() == 3);
        CHECK(later->tampered[0].find("expired") != std::string::npos);
        CHECK(db::import_sightings(*b, bundle, "2031-01-01T00:00:00Z").error().code == Errc::untrusted_key);
    }
    SECTION("a record edited in the database is no longer trusted after import") {
        REQUIRE(dimmguard::db::detail::connection_of(*b).exec("UPDATE sightings SET line = replace(line, 'intake', 'return') WHERE local = 0 AND seq = 3"));
        auto after = db::load_sightings(*b, identity());
        REQUIRE(after);
        CHECK(after->trusted.size() == 3);
        CHECK(after->tampered.size() == 1);
    }
}

TEST_CASE("log import: every one-byte change of a bundle is refused and the database is unchanged", "[db][log]") {
    TempDir dir;
    auto a = db::Database::open_in_memory();
    auto b = db::Database::open_in_memory();
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(db::record_sighting(*a, sighting(verifier::EventKind::ship), "2026-11-21T08:00:00Z"));
    auto station_a = a->station();
    REQUIRE(station_a);
    trust_stations(*b, {station_a->key.public_key()});
    const fs::path bundle = dir.path() / "a.sightings";
    REQUIRE(db::export_sightings(*a, bundle));
    const std::string original = slurp(bundle);
    const std::string before = sightings_dump(*b);
    const fs::path variant = dir.path() / "variant.sightings";
    for (std::size_t i = 0; i < original.size(); ++i) {
        std::string changed = original;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        {
            std::ofstream out(variant, std::ios::binary | std::ios::trunc);
            out << changed;
        }
        auto r = db::import_sightings(*b, variant);
        INFO("byte " << i << " ('" << original[i] << "')");
        REQUIRE_FALSE(r);
        CHECK_FALSE(r.error().message.empty());
    }
    SECTION("truncated and extended bundles") {
        std::ofstream(variant, std::ios::binary | std::ios::trunc) << original.substr(0, original.size() - 10);
        CHECK_FALSE(db::import_sightings(*b, variant));
        std::ofstream(variant, std::ios::binary | std::ios::trunc) << original << original.substr(original.find('\n') + 1);
        CHECK_FALSE(db::import_sightings(*b, variant));
        CHECK(db::import_sightings(*b, dir.path() / "missing.sightings").error().code == Errc::not_found);
    }
    CHECK(sightings_dump(*b) == before);
    REQUIRE(db::import_sightings(*b, bundle));
    CHECK(sightings_dump(*b) != before);
}

TEST_CASE("custody: ship then intake elsewhere shows who released it and to whom", "[db][log]") {
    TempDir dir;
    auto a = db::Database::open_in_memory();
    auto b = db::Database::open_in_memory();
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->set_site("DC2 intake"));
    REQUIRE(b->set_site("Reseller bench"));
    auto station_a = a->station();
    auto station_b = b->station();
    REQUIRE(station_a);
    REQUIRE(station_b);

    REQUIRE(db::record_sighting(*a, sighting(verifier::EventKind::intake), "2026-11-01T08:00:00Z"));
    auto ship = sighting(verifier::EventKind::ship);
    ship.context = {{"customer", "ACME Cloud"}, {"order", "SO-1182"}};
    REQUIRE(db::record_sighting(*a, ship, "2026-11-03T08:00:00Z"));
    auto reentry = sighting(verifier::EventKind::intake);
    reentry.fingerprint = "deadbeef";           // re-flashed SPD
    reentry.part_number = "MTC40F2046S1RC48BA1";
    REQUIRE(db::record_sighting(*b, reentry, "2026-11-20T08:00:00Z"));

    REQUIRE(db::export_sightings(*a, dir.path() / "a.sightings"));
    trust_stations(*b, {station_a->key.public_key()});
    REQUIRE(db::import_sightings(*b, dir.path() / "a.sightings"));

    auto c = db::custody(*b, identity());
    REQUIRE(c);
    REQUIRE(c->history.size() == 3);
    CHECK(c->history[0].record.event == verifier::EventKind::intake);
    CHECK(c->history[1].record.event == verifier::EventKind::ship);
    CHECK(c->history[2].record.station == station_b->id);
    CHECK(c->tampered.empty());
    REQUIRE(c->stations.size() == 2);
    CHECK(c->stations[0].station == station_a->id);
    CHECK(c->stations[0].site == "DC2 intake");
    CHECK(c->stations[0].released);
    CHECK(c->stations[0].customer == "ACME Cloud");
    CHECK_FALSE(c->stations[1].released);
    CHECK(c->holders == std::vector<std::string>{station_b->id});
    REQUIRE(c->shipped);
    CHECK(c->customer() == "ACME Cloud");
    CHECK(c->fingerprints == std::set<std::string>{"9d0c2f5e", "deadbeef"});
    CHECK(c->part_numbers == std::set<std::string>{"MTC20F2085S1RC48BA1", "MTC40F2046S1RC48BA1"});
    REQUIRE(c->last() != nullptr);
    CHECK(c->last()->station == station_b->id);

    SECTION("a return ends the shipment") {
        REQUIRE(db::record_sighting(*b, sighting(verifier::EventKind::return_), "2026-11-21T08:00:00Z"));
        auto after = db::custody(*b, identity());
        REQUIRE(after);
        CHECK_FALSE(after->shipped);
        CHECK(after->customer().empty());
    }
    SECTION("two stations that both still hold it") {
        REQUIRE(db::record_sighting(*a, sighting(verifier::EventKind::return_), "2026-11-10T08:00:00Z"));
        REQUIRE(db::export_sightings(*a, dir.path() / "a2.sightings"));
        REQUIRE(db::import_sightings(*b, dir.path() / "a2.sightings"));
        auto after = db::custody(*b, identity());
        REQUIRE(after);
        CHECK(after->holders.size() == 2);
    }
    SECTION("an unknown identity has no custody") {
        auto none = db::custody(*b, identity("00000001"));
        REQUIRE(none);
        CHECK(none->history.empty());
        CHECK(none->holders.empty());
        CHECK(none->last() == nullptr);
    }
}

TEST_CASE("log concurrency: three processes record at once, nothing lost, never locked", "[db][log][concurrency]") {
    // The issue asks for a minute; 20 s keeps ctest usable (DIMMGUARD_LOG_STRESS_SECONDS overrides).
    double seconds = 20;
    if (const char* env = std::getenv("DIMMGUARD_LOG_STRESS_SECONDS"); env != nullptr && *env != '\0') seconds = std::strtod(env, nullptr);
    const fs::path writer = helper_path("log_writer");
    if (!fs::exists(writer)) FAIL("test helper " << writer << " not found (set DIMMGUARD_LOG_WRITER)");

    TempDir dir;
    make_log(dir, 1);  // creates the file, the station key and the head before the writers start
    std::vector<Spawned> workers;
    const auto started = std::chrono::steady_clock::now();
    for (int w = 1; w <= 3; ++w) {
        workers.push_back(spawn({writer.string(), dir.path().string(), std::to_string(w), std::to_string(seconds)}, dir.path(), "w" + std::to_string(w)));
    }
    std::int64_t total = 1;
    std::vector<std::int64_t> counts;
    for (const auto& p : workers) {
        const int status = wait_for(p);
        const std::string out = slurp(p.out);
        const std::string err = slurp(p.err);
        INFO("worker stdout: " << out << "\nworker stderr: " << err);
        CHECK(status == 0);
        CHECK(err.find("locked") == std::string::npos);
        REQUIRE(out.rfind("recorded ", 0) == 0);
        counts.push_back(std::stoll(out.substr(9)));
        total += counts.back();
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    WARN("3 writers, " << seconds << " s: recorded " << counts[0] << " + " << counts[1] << " + " << counts[2] << " sightings in " << elapsed
                       << " s (" << static_cast<double>(total - 1) / elapsed << " appends/s)");
    for (auto c : counts) CHECK(c > 0);

    auto database = db::Database::open(dir.path());
    REQUIRE(database);
    CHECK(scalar(*database, "SELECT count(*) FROM sightings") == total);
    for (int w = 1; w <= 3; ++w) {
        const std::string prefix = std::string("802c-06-2243-0") + std::to_string(w);
        CHECK(scalar(*database, "SELECT count(*) FROM sightings WHERE identity LIKE '" + prefix + "%'") == counts[static_cast<std::size_t>(w - 1)]);
    }
    auto report = db::verify_log(*database);
    REQUIRE(report);
    INFO(describe(*report));
    CHECK(report->ok());
    CHECK(report->entries == total);
    CHECK(report->head_count == total);
    auto ok = dimmguard::db::detail::connection_of(*database).integrity_ok();
    REQUIRE(ok);
    CHECK(*ok);
}
