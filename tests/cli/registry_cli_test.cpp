// SPDX-License-Identifier: GPL-3.0-or-later
// End to end with the real binary: keygen -> build -> sign -> init -> trust -> import -> status.
#include "cli_support.hpp"

#include <cstdlib>
#include <filesystem>

#include <sys/stat.h>

using namespace cli_test;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.good());
}

}  // namespace

TEST_CASE("registry: author, trust, import and show bundles", "[cli][registry]") {
    TempDir t;
    const std::string data = t.file("data");
    auto ok = [&](const std::vector<std::string>& args) {
        auto r = run_dimmguard(args, t);
        INFO("dimmguard " << args[0] << ' ' << args[1] << "\nstdout: " << r.out << "\nstderr: " << r.err);
        REQUIRE(r.status == 0);
        return r;
    };
    ok({"bundle", "keygen", "--out", t.file("root")});
    ok({"bundle", "keygen", "--out", t.file("acme")});
    struct stat st{};
    REQUIRE(::stat(t.file("root.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    // parts from a synthesized SPD dump, serials from CSV
    ok({"spd", "synth", "--type", "ddr5", "--capacity", "32G", "--speed", "4800", "--part", "M321R4GA0BB0-CQK", "--serial", "3bf239f8", "--maker", "802c", "-o", t.file("a.bin")});
    ok({"bundle", "build", "--role", "parts", "--spd", t.file("a.bin"), "--out", t.file("parts.unsigned")});
    write_text(t.path() / "serials.csv",
               "maker,location,date,serial,part_number\n"
               "0x80 0x2C,06,2243,3BF239F8,M321R4GA0BB0-CQK\n"
               "802c,06,2243,3bf239f9,\"M321R4GA0BB0-CQK\"\n");
    ok({"bundle", "build", "--role", "serials", "--csv", t.file("serials.csv"), "--out", t.file("serials.unsigned")});
    CHECK_THAT(slurp(t.path() / "serials.unsigned"), Catch::Contains("serial\t802c-06-2243-3bf239f8\tM321R4GA0BB0-CQK\n"));
    ok({"bundle", "sign", "--key", t.file("acme.key"), "--version", "1", "--created", "2026-01-01", "--expires", "2027-01-01",
        t.file("parts.unsigned"), "-o", t.file("parts.bundle")});
    ok({"bundle", "sign", "--key", t.file("acme.key"), "--version", "1", "--created", "2026-01-01", "--expires", "2027-01-01",
        t.file("serials.unsigned"), "-o", t.file("serials.bundle")});
    auto v = ok({"bundle", "verify", t.file("serials.bundle"), "--data-dir", data, "--now", now});
    CHECK_THAT(v.out, Catch::Contains("signatures and digest ok") && Catch::Contains("records    2") && Catch::Contains("not checked"));

    // import before any trust: refused with the registry exit bit
    auto untrusted = run_dimmguard({"registry", "import", t.file("serials.bundle"), "--data-dir", data, "--now", now}, t);
    CHECK(untrusted.status == 16);
    CHECK(untrusted.err_lines().size() == 1);

    ok({"registry", "init", "--root-key", t.file("root.pub"), "--data-dir", data});
    auto reinit = run_dimmguard({"registry", "init", "--root-key", t.file("root.pub"), "--data-dir", data}, t);
    CHECK(reinit.status == 1);
    CHECK_THAT(reinit.err, Catch::Contains("already initialised"));
    ok({"bundle", "trust", "--root-key", t.file("root.key"), "--publisher", t.file("acme.pub") + ":parts,serials:2027-01-01", "--version",
        "1", "--created", "2026-01-01", "--expires", "2027-01-01", "-o", t.file("trust1.doc")});
    ok({"registry", "trust", t.file("trust1.doc"), "--data-dir", data, "--now", now});
    auto verified = ok({"bundle", "verify", t.file("parts.bundle"), "--data-dir", data, "--now", now});
    CHECK_THAT(verified.out, Catch::Contains("trusted by the registry"));
    auto against_doc = ok({"bundle", "verify", t.file("parts.bundle"), "--trust", t.file("trust1.doc"), "--now", now});
    CHECK_THAT(against_doc.out, Catch::Contains("trusted by"));

    auto imported = ok({"registry", "import", t.file("serials.bundle"), "--data-dir", data, "--now", now});
    CHECK_THAT(imported.out, Catch::Contains("imported 2 serials records"));
    CHECK_THAT(imported.err, Catch::Contains("importing 2/2 records"));
    ok({"registry", "import", t.file("parts.bundle"), "--data-dir", data, "--now", now});
    auto again = ok({"registry", "import", t.file("serials.bundle"), "--data-dir", data, "--now", now});
    CHECK_THAT(again.out, Catch::Contains("already imported"));

    auto status = ok({"registry", "status", "--json", "--data-dir", data, "--now", now});
    const json doc = parse_json(status);
    CHECK(doc["initialised"] == true);
    CHECK(doc["trust_document"]["version"] == 1);
    CHECK(doc["trust_document"]["publishers"].size() == 1);
    REQUIRE(doc["bundles"].size() == 2);
    CHECK(doc["records"]["serials"] == 2);
    CHECK(doc["records"]["parts"] == 1);
    for (const auto& b : doc["bundles"]) {
        CHECK(b["problem"].is_null());
        CHECK(b["expired"] == false);
    }
    auto text = ok({"registry", "status", "--data-dir", data, "--now", now});
    CHECK_THAT(text.out, Catch::Contains("serials v1") && Catch::Contains("2 serials"));
    CHECK_THAT(text.out, Catch::Contains("integrity against the trusted state: ok"));

    // rows deleted by hand: status names it and exits with the registry bit
    {
        const std::string backup = t.file("before-edit.sqlite");
        REQUIRE(std::system(("sqlite3 '" + data + "/registry.sqlite' \".backup '" + backup + "'\"").c_str()) == 0);
        REQUIRE(std::system(("sqlite3 '" + data + "/registry.sqlite' 'DELETE FROM record_groups WHERE leaf = 0 AND bundle_id = (SELECT id FROM bundles WHERE role = '\"'\"'serials'\"'\"')'").c_str()) == 0);
        auto edited = run_dimmguard({"registry", "status", "--data-dir", data, "--now", now}, t);
        CHECK(edited.status == 16);
        CHECK_THAT(edited.out, Catch::Contains("integrity against the trusted state: PROBLEMS"));
        std::filesystem::copy_file(backup, data + "/registry.sqlite", std::filesystem::copy_options::overwrite_existing);
        std::filesystem::remove(data + "/registry.sqlite-wal");
        std::filesystem::remove(data + "/registry.sqlite-shm");
        ok({"registry", "status", "--data-dir", data, "--now", now});
    }
    // the trusted state lost: reported until the registry is adopted again, deliberately
    std::filesystem::remove_all(data + "/state");
    auto lost = run_dimmguard({"registry", "status", "--data-dir", data, "--now", now}, t);
    CHECK(lost.status == 16);
    CHECK_THAT(lost.out, Catch::Contains("registry adopt"));
    auto adopted = ok({"registry", "adopt", "--data-dir", data});
    CHECK_THAT(adopted.out, Catch::Contains("adopted 2 bundles (3 records)"));
    ok({"registry", "status", "--data-dir", data, "--now", now});

    // after expiry the status marks the bundles and exits with the registry bit
    auto later = run_dimmguard({"registry", "status", "--data-dir", data, "--now", "2027-06-01T00:00:00Z"}, t);
    CHECK(later.status == 16);
    CHECK_THAT(later.out, Catch::Contains("EXPIRED"));

    // a corrupted bundle: one clear line, exit 16
    std::string bad = slurp(t.path() / "serials.bundle");
    bad[bad.size() - 5] = bad[bad.size() - 5] == '0' ? '1' : '0';
    write_text(t.path() / "bad.bundle", bad);
    auto corrupt = run_dimmguard({"bundle", "verify", t.file("bad.bundle"), "--data-dir", data, "--now", now}, t);
    CHECK(corrupt.status == 16);
    REQUIRE(corrupt.err_lines().size() == 1);
    CHECK_THAT(corrupt.err, Catch::Contains("bad.bundle"));

    // a readable private key is refused
    REQUIRE(::chmod(t.file("acme.key").c_str(), 0644) == 0);
    auto loose = run_dimmguard({"bundle", "sign", "--key", t.file("acme.key"), "--version", "2", "--expires", "2027-01-01",
                                t.file("serials.unsigned"), "-o", t.file("x.bundle")},
                               t);
    CHECK(loose.status == 2);
    CHECK_THAT(loose.err, Catch::Contains("chmod 600"));

    auto missing = run_dimmguard({"registry", "import", t.file("none.bundle"), "--data-dir", data}, t);
    CHECK(missing.status == 2);
    auto usage = run_dimmguard({"bundle", "build", "--role", "nonsense", "--out", t.file("x")}, t);
    CHECK(usage.status == 1);
}
