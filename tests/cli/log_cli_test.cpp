// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard log ...` end to end with the real binary: record, verify (exit 16 on tampering
// made with the sqlite3 shell), show (custody), export and import.
#include "cli_support.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace {

using namespace cli_test;

const std::string identity_key = "802c-06-2243-3bf239f8";

std::vector<std::string> with_dir(std::vector<std::string> args, const fs::path& dir) {
    args.push_back("--data-dir");
    args.push_back(dir.string());
    return args;
}

/// Run the sqlite3 shell on a data dir's registry, as a person editing the file would.
void sqlite3_shell(const fs::path& dir, const std::string& sql, const TempDir& scratch) {
    const fs::path out = scratch.path() / ".sqlite3-out";
    std::vector<std::string> storage{"sqlite3", (dir / "registry.sqlite").string(), sql};
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    REQUIRE(posix_spawn_file_actions_init(&actions) == 0);
    REQUIRE(posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600) == 0);
    REQUIRE(posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO) == 0);
    pid_t pid = 0;
    REQUIRE(posix_spawnp(&pid, "sqlite3", &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    INFO("sqlite3: " << slurp(out));
    REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

/// A station in `dir` with an intake and a ship to ACME Cloud of identity_key.
void record_intake_and_ship(const fs::path& dir, const TempDir& scratch) {
    auto site = run_dimmguard(with_dir({"log", "site", "Shenzhen DC2 intake"}, dir), scratch);
    REQUIRE(site.status == 0);
    auto intake = run_dimmguard(with_dir({"log", "record", "--identity", identity_key, "--event", "intake", "--context", "lot=L-7",
                                          "--part-number", "MTC20F2085S1RC48BA1", "--fingerprint", "9d0c2f5e", "--verdict", "genuine"},
                                         dir),
                                scratch);
    INFO(intake.err);
    REQUIRE(intake.status == 0);
    auto ship = run_dimmguard(with_dir({"log", "record", "--identity", identity_key, "--event", "ship", "--customer", "ACME Cloud", "--json"}, dir), scratch);
    REQUIRE(ship.status == 0);
    const json doc = parse_json(ship);
    CHECK(doc["sighting"]["event"] == "ship");
    CHECK(doc["sighting"]["context"]["customer"] == "ACME Cloud");
    CHECK(doc["sighting"]["site"] == "Shenzhen DC2 intake");
}

/// Make the registry in `at` trust the station key of `of` for role station (a root-signed
/// trust document, as an administrator would).
void trust_station_key(const fs::path& of, const fs::path& at, const TempDir& scratch) {
    const std::string root = scratch.file("root");
    REQUIRE(run_dimmguard({"bundle", "keygen", "-o", root}, scratch).status == 0);
    const std::string trust_doc = scratch.file("trust.doc");
    auto authored = run_dimmguard({"bundle", "trust", "--root-key", root + ".key", "--publisher", (of / "station.pub").string() + ":station:2099-12-31",
                                   "--version", "1", "--expires", "2099-12-31", "-o", trust_doc},
                                  scratch);
    INFO(authored.err);
    REQUIRE(authored.status == 0);
    REQUIRE(run_dimmguard(with_dir({"registry", "init", "--root-key", root + ".pub"}, at), scratch).status == 0);
    REQUIRE(run_dimmguard(with_dir({"registry", "trust", trust_doc}, at), scratch).status == 0);
}

}  // namespace

TEST_CASE("log cli: record, verify and show the custody of an identity", "[cli][log]") {
    TempDir scratch;
    const fs::path dir = scratch.path() / "station";
    // Reading the log of a station that has no registry yet reports it and creates nothing.
    auto empty = run_dimmguard(with_dir({"log", "verify"}, dir), scratch);
    CHECK(empty.status == 2);
    CHECK(empty.err == "dimmguard: no registry at " + (dir / "registry.sqlite").string() + "\n");
    CHECK_FALSE(fs::exists(dir / "registry.sqlite"));

    record_intake_and_ship(dir, scratch);
    auto verify = run_dimmguard(with_dir({"log", "verify", "--json"}, dir), scratch);
    CHECK(verify.status == 0);
    json doc = parse_json(verify);
    CHECK(doc["schema_version"] == 1);
    CHECK(doc["ok"] == true);
    CHECK(doc["entries"] == 2);
    CHECK(doc["head_count"] == 2);
    CHECK(doc["problems"].empty());
    CHECK(doc["exit_status"] == 0);

    auto show = run_dimmguard(with_dir({"log", "show", "--identity", identity_key, "--json"}, dir), scratch);
    CHECK(show.status == 0);
    doc = parse_json(show);
    REQUIRE(doc["history"].size() == 2);
    CHECK(doc["history"][0]["event"] == "intake");
    CHECK(doc["history"][0]["context"]["lot"] == "L-7");
    CHECK(doc["history"][1]["event"] == "ship");
    CHECK(doc["customer"] == "ACME Cloud");
    CHECK(doc["holders"].empty());
    REQUIRE(doc["stations"].size() == 1);
    CHECK(doc["stations"][0]["released"] == true);
    CHECK(doc["fingerprints"] == json::array({"9d0c2f5e"}));

    auto recent = run_dimmguard(with_dir({"log", "show", "--json", "--limit", "1"}, dir), scratch);
    CHECK(recent.status == 0);
    doc = parse_json(recent);
    REQUIRE(doc["sightings"].size() == 1);
    CHECK(doc["sightings"][0]["event"] == "ship");
    CHECK(doc["sightings"][0]["verified"] == true);

    auto text = run_dimmguard(with_dir({"log", "show", "--identity", identity_key}, dir), scratch);
    CHECK(text.status == 0);
    CHECK(text.out.find("released to ACME Cloud") != std::string::npos);

    SECTION("usage errors") {
        CHECK(run_dimmguard(with_dir({"log", "record", "--identity", identity_key, "--event", "teleport"}, dir), scratch).status == 1);
        CHECK(run_dimmguard(with_dir({"log", "record", "--identity", "not-an-identity", "--event", "ship"}, dir), scratch).status == 1);
        CHECK(run_dimmguard(with_dir({"log", "export", "-o", scratch.file("x.bundle"), "--since", "last week"}, dir), scratch).status == 1);
        CHECK(run_dimmguard({"log"}, scratch).status == 1);
    }
}

TEST_CASE("log cli: tampering made with the sqlite3 shell exits 16", "[cli][log]") {
    TempDir scratch;
    const fs::path dir = scratch.path() / "station";
    record_intake_and_ship(dir, scratch);
    sqlite3_shell(dir, "UPDATE sightings SET line = replace(line, 'ACME Cloud', 'Nobody') WHERE seq = 2;", scratch);

    auto verify = run_dimmguard(with_dir({"log", "verify", "--json"}, dir), scratch);
    CHECK(verify.status == 16);
    const json doc = parse_json(verify);
    CHECK(doc["ok"] == false);
    CHECK(doc["exit_status"] == 16);
    REQUIRE(doc["problems"].size() == 1);
    CHECK(doc["problems"][0]["kind"] == "edited");
    CHECK(doc["problems"][0]["seq"] == 2);

    auto text = run_dimmguard(with_dir({"log", "verify"}, dir), scratch);
    CHECK(text.status == 16);
    CHECK(text.out.find("TAMPERED edited") != std::string::npos);

    auto show = run_dimmguard(with_dir({"log", "show", "--identity", identity_key, "--json"}, dir), scratch);
    CHECK(show.status == 16);
    const json shown = parse_json(show);
    CHECK(shown["history"].size() == 1);
    CHECK(shown["tampered"].size() == 1);

    // An edited log is not exported: re-signing would launder the edit.
    CHECK(run_dimmguard(with_dir({"log", "export", "-o", scratch.file("out.bundle")}, dir), scratch).status == 16);
    CHECK_FALSE(fs::exists(scratch.path() / "out.bundle"));

    SECTION("a deleted last entry") {
        sqlite3_shell(dir, "DELETE FROM sightings WHERE seq = 2;", scratch);
        auto again = run_dimmguard(with_dir({"log", "verify", "--json"}, dir), scratch);
        CHECK(again.status == 16);
        const json d = parse_json(again);
        REQUIRE(d["problems"].size() == 1);
        CHECK(d["problems"][0]["kind"] == "truncated");
    }
}

TEST_CASE("log cli: a bundle that shows an earlier intake to be a re-entry raises a late finding", "[cli][log]") {
    TempDir scratch;
    const fs::path a = scratch.path() / "a";
    const fs::path b = scratch.path() / "b";
    record_intake_and_ship(a, scratch);  // A took it in and shipped it to ACME Cloud
    // B takes in a module with the same identity, not knowing A's history, a second later
    // (sightings carry whole seconds: one in the same second as A's ship could sort before it).
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    REQUIRE(run_dimmguard(with_dir({"log", "record", "--identity", identity_key, "--event", "intake", "--fingerprint", "9d0c2f5e", "--verdict", "genuine"}, b),
                          scratch)
                .status == 0);
    auto none = run_dimmguard(with_dir({"log", "alerts"}, b), scratch);
    CHECK(none.status == 0);
    CHECK(none.out.find("no late findings") != std::string::npos);

    const std::string bundle = scratch.file("a.sightings");
    REQUIRE(run_dimmguard(with_dir({"log", "export", "-o", bundle}, a), scratch).status == 0);
    trust_station_key(a, b, scratch);
    auto imported = run_dimmguard(with_dir({"log", "import", bundle}, b), scratch);
    INFO(imported.err);
    CHECK(imported.status == 0);
    CHECK(imported.out.find("LATE FINDING DUP_REENTRY on sighting") != std::string::npos);

    auto listed = run_dimmguard(with_dir({"log", "alerts"}, b), scratch);
    INFO(listed.out);
    CHECK(listed.status == 8);  // a module judged genuine is a duplicate: counterfeit evidence
    CHECK(listed.out.find("DUP_REENTRY  identity " + identity_key) != std::string::npos);
    CHECK(listed.out.find("was judged genuine") != std::string::npos);
    CHECK(listed.out.find("shipped to ACME Cloud") != std::string::npos);
    auto doc = parse_json(run_dimmguard(with_dir({"log", "alerts", "--json"}, b), scratch));
    REQUIRE(doc["alerts"].size() == 1);
    CHECK(doc["alerts"][0]["verified"] == true);
    CHECK(doc["alerts"][0]["code"] == "DUP_REENTRY");
    CHECK(doc["alerts"][0]["other_site"] == "Shenzhen DC2 intake");
    CHECK(doc["exit_status"] == 8);
    CHECK(run_dimmguard(with_dir({"log", "alerts", "--since", "2099-01-01"}, b), scratch).status == 0);
    CHECK(run_dimmguard(with_dir({"log", "alerts", "--since", "yesterday"}, b), scratch).status == 1);
    // Importing again raises nothing new.
    CHECK(run_dimmguard(with_dir({"log", "import", bundle}, b), scratch).out.find("LATE FINDING") == std::string::npos);

    // An alert edited with the sqlite3 shell is reported, not shown as true; deleted ones come back.
    sqlite3_shell(b, "UPDATE alerts SET line = replace(line, 'ACME', 'ACNE');", scratch);
    auto edited = run_dimmguard(with_dir({"log", "alerts"}, b), scratch);
    CHECK(edited.status == 16);
    CHECK(edited.out.find("TAMPERED alert 1: not signed by this station's key") != std::string::npos);
    sqlite3_shell(b, "DELETE FROM alerts;", scratch);
    auto rechecked = run_dimmguard(with_dir({"log", "alerts", "--recheck", "--json"}, b), scratch);
    CHECK(rechecked.status == 8);
    CHECK(parse_json(rechecked)["raised"] == 1);
}

TEST_CASE("log cli: export and import of station bundles", "[cli][log]") {
    TempDir scratch;
    const fs::path a = scratch.path() / "a";
    const fs::path b = scratch.path() / "b";
    record_intake_and_ship(a, scratch);
    const std::string bundle = scratch.file("a.sightings");
    auto exported = run_dimmguard(with_dir({"log", "export", "-o", bundle}, a), scratch);
    INFO(exported.err);
    REQUIRE(exported.status == 0);
    CHECK(exported.err.find("exported 2 sightings") != std::string::npos);
    CHECK(slurp(bundle).rfind("dimmguard-bundle 1\n", 0) == 0);

    // A station's own bundle is trusted (its own key) and already present: idempotent.
    auto own = run_dimmguard(with_dir({"log", "import", bundle}, a), scratch);
    CHECK(own.status == 0);
    CHECK(own.out.find("imported 0 new sightings") != std::string::npos);
    CHECK(own.out.find("2 already present") != std::string::npos);

    // Another station that does not trust A's key refuses the bundle and stores nothing.
    auto refused = run_dimmguard(with_dir({"log", "import", bundle}, b), scratch);
    CHECK(refused.status == 16);
    CHECK(refused.err.find("station") != std::string::npos);
    auto show = run_dimmguard(with_dir({"log", "show", "--json"}, b), scratch);
    CHECK(parse_json(show)["sightings"].empty());

    // B trusts A's station key through the registry's trust store (root-signed trust document).
    trust_station_key(a, b, scratch);
    auto imported = run_dimmguard(with_dir({"log", "import", bundle}, b), scratch);
    INFO(imported.err);
    CHECK(imported.status == 0);
    CHECK(imported.out.find("imported 2 new sightings") != std::string::npos);
    CHECK(imported.out.find("(Shenzhen DC2 intake)") != std::string::npos);
    CHECK(imported.out.find("witnessed: cosigned the log of station") != std::string::npos);
    CHECK(imported.out.find("at 2 sightings") != std::string::npos);
    auto again = run_dimmguard(with_dir({"log", "import", bundle}, b), scratch);
    CHECK(again.status == 0);
    CHECK(again.out.find("imported 0 new sightings") != std::string::npos);
    CHECK(again.out.find("2 already present") != std::string::npos);
    auto custody = run_dimmguard(with_dir({"log", "show", "--identity", identity_key, "--json"}, b), scratch);
    CHECK(custody.status == 0);
    const json held = parse_json(custody);
    CHECK(held["history"].size() == 2);
    CHECK(held["customer"] == "ACME Cloud");
    CHECK(held["holders"].empty());
    CHECK(held["history"][0]["source"].get<std::string>().rfind("station ", 0) == 0);
    // B's own log is untouched by imports.
    auto b_log = run_dimmguard(with_dir({"log", "verify", "--json"}, b), scratch);
    CHECK(b_log.status == 0);
    const json b_doc = parse_json(b_log);
    CHECK(b_doc["entries"] == 0);
    // ... but B witnessed A's log: its cosignature of A's head is listed, with no split view.
    REQUIRE(b_doc["witnessed_heads"].size() == 1);
    CHECK(b_doc["witnessed_heads"][0]["size"] == 2);
    CHECK(b_doc["witnessed_heads"][0]["kind"] == "cosignature");
    CHECK(b_doc["split_views"].empty());
    auto b_text = run_dimmguard(with_dir({"log", "verify"}, b), scratch);
    CHECK(b_text.status == 0);
    CHECK(b_text.out.find("at 2 sightings cosigned by") != std::string::npos);
    // The cosignature travels in a checkpoints file; A does not trust B's key, so it ignores it.
    const std::string heads = scratch.file("b.heads");
    auto written = run_dimmguard(with_dir({"log", "checkpoint", "-o", heads}, b), scratch);
    INFO(written.err);
    REQUIRE(written.status == 0);
    CHECK(written.err.find("wrote 1 signed log heads with 1 signatures") != std::string::npos);
    auto heard = run_dimmguard(with_dir({"log", "witness", heads}, a), scratch);
    INFO(heard.err);
    CHECK(heard.status == 0);
    CHECK(heard.out.find("0 new signatures stored, 1 by keys not trusted for role station ignored") != std::string::npos);
    CHECK(run_dimmguard(with_dir({"log", "witness", bundle}, a), scratch).status != 0);  // a bundle is not a checkpoints file

    // A changed byte is refused before anything is looked up or written.
    std::string text = slurp(bundle);
    const auto at = text.find("ACME Cloud");
    REQUIRE(at != std::string::npos);
    text[at] = 'X';
    const std::string edited = scratch.file("edited.sightings");
    write_bytes(edited, std::vector<std::uint8_t>(text.begin(), text.end()));
    CHECK(run_dimmguard(with_dir({"log", "import", edited}, a), scratch).status == 16);
    CHECK(run_dimmguard(with_dir({"log", "import", scratch.file("missing.sightings")}, a), scratch).status == 2);
    auto still = run_dimmguard(with_dir({"log", "verify", "--json"}, a), scratch);
    CHECK(still.status == 0);
    CHECK(parse_json(still)["entries"] == 2);
}
