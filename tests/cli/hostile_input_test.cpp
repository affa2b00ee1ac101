// SPDX-License-Identifier: GPL-3.0-or-later
// Hostile and broken input through the real binary (issue #13): what a counterfeiter can write
// (labels, lots, context) and what a careless operator can pass (directories, read-only data)
// gives one clear line and a documented exit status, never an internal error, and never reaches
// the terminal raw.
#include "cli_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

using namespace cli_test;

namespace {

fs::path source() {
    const char* dir = std::getenv("DIMMGUARD_SOURCE_DIR");
    if (dir == nullptr || *dir == '\0') FAIL("DIMMGUARD_SOURCE_DIR is not set: run these tests through ctest");
    return dir;
}

std::string demo_registry(const TempDir& tmp) {
    const std::string data = tmp.file("data");
    const auto script = (source() / "examples" / "demo" / "make-demo-registry.sh").string();
    REQUIRE(std::system(("bash '" + script + "' '" + binary_path() + "' '" + data + "' > /dev/null").c_str()) == 0);
    return data;
}

std::string example(const char* name) { return (source() / "examples" / "spd" / name).string(); }

bool has_raw_control(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7f;
    });
}

}  // namespace

TEST_CASE("hostile input: a label the Micron decoder cannot read is judged, not an internal error", "[cli][hostile]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    for (const char* label : {"4AgggggR", "MT99999999999999999999ASF4G72PZ", "MTC99999999999999999999F2046S1RC48BA1", "64GGGGGGGGGGG"}) {
        auto r = run_dimmguard({"verify", "--data-dir", data, "--no-record", "--label", label, example("ddr5-rdimm-micron-64g.bin")}, tmp);
        INFO(label << "\n" << r.out << r.err);
        CHECK(r.err.find("internal error") == std::string::npos);
        CHECK(r.out.find("ddr5-rdimm-micron-64g.bin") != std::string::npos);   // the module was judged and reported
        CHECK((r.status == 0 || (r.status & ~(4 | 8)) == 0));
    }
}

TEST_CASE("hostile input: a directory where a file is expected is exit 2 with one line", "[cli][hostile]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const std::string dir = tmp.file("adir");
    fs::create_directories(dir);
    const std::string spd = example("ddr5-rdimm-micron-64g.bin");
    const std::vector<std::vector<std::string>> commands = {
        {"verify", "--data-dir", data, "--no-record", "--policy", dir, spd},
        {"verify", "--data-dir", data, "--no-record", "--labels", dir, spd},
        {"verify", "--data-dir", data, "--no-record", "--smbios", dir, spd},
        {"verify", "--data-dir", data, "--no-record", "--bench", dir},
        {"registry", "trust", "--data-dir", data, dir},
        {"bundle", "sign", "--key", dir, "--version", "2", "--expires", "2030-01-01", "-o", tmp.file("x.bundle"), dir},
        {"bundle", "build", "--role", "serials", "--csv", dir, "-o", tmp.file("x.unsigned")},
        {"registry", "init", "--data-dir", tmp.file("fresh"), "--root-key", dir},
    };
    for (const auto& args : commands) {
        auto r = run_dimmguard(args, tmp);
        INFO(args[0] << " " << args[1] << " " << args[2] << "\n" << r.err);
        CHECK(r.status == 2);
        CHECK(r.err.find("is a directory") != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
}

TEST_CASE("hostile input: escape sequences in lots and labels never reach the terminal raw", "[cli][hostile]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const std::string lot = "PO\x1b]0;pwned\x07\x1b[2J\xe2\x80\xae";   // retitle, clear screen, right-to-left override
    auto recorded = run_dimmguard({"verify", "--data-dir", data, "--lot", lot, example("ddr5-rdimm-micron-64g.bin")}, tmp);
    CHECK(recorded.status == 0);
    auto again = run_dimmguard({"verify", "--data-dir", data, "--no-record", "--lot", "PO-OTHER", "--label", "\x1b[8mhidden",
                                example("ddr5-rdimm-micron-64g.bin")},
                               tmp);
    CHECK_FALSE(has_raw_control(again.out));
    CHECK_FALSE(has_raw_control(again.err));
    CHECK(again.out.find("PO\\x1b]0;pwned\\x07\\x1b[2J\\u202e") != std::string::npos);   // the other lot, shown escaped
    auto shown = run_dimmguard({"log", "show", "--data-dir", data, "--limit", "3"}, tmp);
    CHECK(shown.status == 0);
    CHECK_FALSE(has_raw_control(shown.out));
    CHECK(shown.out.find("\\x1b[2J") != std::string::npos);
    CHECK(shown.out.find("\xe2\x80\xae") == std::string::npos);
}

TEST_CASE("hostile input: text that is not UTF-8 is refused before anything is signed", "[cli][hostile]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    auto before = run_dimmguard({"log", "show", "--data-dir", data, "--limit", "1000", "--json"}, tmp);
    auto lot = run_dimmguard({"verify", "--data-dir", data, "--lot", "PO-\xff\xfe", example("ddr5-rdimm-micron-64g.bin")}, tmp);
    CHECK(lot.status == 1);
    CHECK(lot.err == "dimmguard verify: --context lot: not valid UTF-8 text (PO-\\xff\\xfe)\n");
    auto site = run_dimmguard({"log", "site", "--data-dir", data, "Intake \xc3"}, tmp);
    CHECK(site.status == 1);
    auto record = run_dimmguard({"log", "record", "--data-dir", data, "--identity", "802c-06-2418-3bf2a001", "--event", "ship",
                                 "--customer", "ACME \xed\xa0\x80"},   // an encoded surrogate
                                tmp);
    CHECK(record.status == 1);
    auto after = run_dimmguard({"log", "show", "--data-dir", data, "--limit", "1000", "--json"}, tmp);
    CHECK(after.out == before.out);   // nothing was recorded
}

TEST_CASE("hostile input: a bundle version the parser would refuse is refused when signing", "[cli][hostile]") {
    TempDir tmp;
    auto keygen = run_dimmguard({"bundle", "keygen", "-o", tmp.file("pub")}, tmp);
    REQUIRE(keygen.status == 0);
    auto build = run_dimmguard({"bundle", "build", "--role", "parts", "--spd", example("ddr5-rdimm-micron-64g.bin"), "-o", tmp.file("p.unsigned")}, tmp);
    REQUIRE(build.status == 0);
    auto sign = run_dimmguard({"bundle", "sign", "--key", tmp.file("pub.key"), "--version", "1000000000000000000", "--expires", "2030-01-01",
                               "-o", tmp.file("p.bundle"), tmp.file("p.unsigned")},
                              tmp);
    CHECK(sign.status == 1);
    CHECK(sign.err.find("between 1 and 999999999999999999") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.file("p.bundle")));
    auto ok = run_dimmguard({"bundle", "sign", "--key", tmp.file("pub.key"), "--version", "999999999999999999", "--expires", "2030-01-01",
                             "-o", tmp.file("p.bundle"), tmp.file("p.unsigned")},
                            tmp);
    CHECK(ok.status == 0);
    // The highest version parses (its publisher is not trusted anywhere here, which is all verify says).
    auto verified = run_dimmguard({"bundle", "verify", "--data-dir", tmp.file("none"), tmp.file("p.bundle")}, tmp);
    INFO(verified.out << verified.err);
    CHECK(verified.err.find("version") == std::string::npos);
    CHECK(verified.out.find("signatures and digest ok") != std::string::npos);
}

TEST_CASE("hostile input: a read-only data directory still answers every command that only looks", "[cli][hostile]") {
    if (::geteuid() != 0) {
        WARN("not root: cannot hand the data directory to another user; skipped");
        return;
    }
    // The registry belongs to nobody and is read-only; the commands run as nobody (setpriv).
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const std::string shared = "/tmp/dimmguard-ro-" + std::to_string(::getpid());
    fs::remove_all(shared);
    fs::create_directories(shared);
    fs::copy(data, shared + "/data", fs::copy_options::recursive);
    fs::copy_file(binary_path(), shared + "/dimmguard");
    // Every command line but --version and a plain decode runs in dimmguard-commands, found next to the executable.
    fs::copy_file(fs::path(binary_path()).parent_path() / "dimmguard-commands", shared + "/dimmguard-commands");
    fs::copy_file(example("ddr5-rdimm-micron-64g.bin"), shared + "/module.bin");
    REQUIRE(std::system(("chown -R 65534:65534 '" + shared + "/data' && chmod -R a-w '" + shared + "/data' && chmod 755 '" + shared +
                         "' '" + shared + "/dimmguard' '" + shared + "/dimmguard-commands' && chmod 644 '" + shared + "/module.bin'")
                            .c_str()) == 0);
    const auto as_nobody = [&](const std::string& args) {
        const std::string out = shared + "/out.txt";
        const int rc = std::system(("cd / && setpriv --reuid=65534 --regid=65534 --clear-groups " + shared + "/dimmguard " + args + " > " + out +
                                    " 2>&1")
                                       .c_str());
        return std::pair<int, std::string>{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, slurp(out)};
    };
    const std::string dir = " --data-dir " + shared + "/data";
    auto look = as_nobody("verify --no-record" + dir + " " + shared + "/module.bin");
    INFO(look.second);
    CHECK(look.first == 0);
    CHECK(look.second.find("GENUINE") != std::string::npos);
    CHECK(as_nobody("registry status" + dir).first == 0);
    CHECK(as_nobody("log verify" + dir).first == 0);
    CHECK(as_nobody("log show" + dir).first == 0);
    auto write = as_nobody("verify" + dir + " " + shared + "/module.bin");
    INFO(write.second);
    // Recording was asked and cannot happen: a registry problem (16), said in one line, and no
    // module is judged genuine without the registry.
    CHECK(write.first == 16);
    CHECK(write.second.find("read-only here; inspect with --no-record") != std::string::npos);
    CHECK(write.second.find("GENUINE") == std::string::npos);
    std::system(("chmod -R u+w '" + shared + "' && rm -rf '" + shared + "'").c_str());
}

namespace {

/// One row of the bad-input table: how a command ended on one bad file.
struct Outcome {
    int status = -1;
    std::string err;
    std::string out;
};

std::string random_bytes(std::size_t size, unsigned seed) {
    std::string bytes(size, '\0');
    std::uint64_t x = 0x9e3779b97f4a7c15ULL ^ seed;
    for (auto& b : bytes) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b = static_cast<char>(x & 0xff);
    }
    return bytes;
}

}  // namespace

TEST_CASE("hostile input: the bad-input table (missing, empty, 1 byte, 100 MB random, very long)", "[cli][hostile]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const std::string spd = example("ddr5-rdimm-micron-64g.bin");
    {
        std::ofstream(tmp.file("empty"));
        std::ofstream(tmp.file("one"), std::ios::binary) << 'x';
        std::ofstream(tmp.file("random"), std::ios::binary) << random_bytes(64 * 1024, 1);
        std::ofstream big(tmp.file("big"), std::ios::binary);
        const std::string block = random_bytes(1 << 20, 2);
        for (int i = 0; i < 100; ++i) big << block;   // 100 MB
    }
    // Every command that reads a file named by the user, with the file in place of `@`.
    const std::vector<std::vector<std::string>> commands = {
        {"decode", "@"},
        {"verify", "--data-dir", data, "--no-record", "@"},
        {"verify", "--data-dir", data, "--no-record", "--policy", "@", spd},
        {"verify", "--data-dir", data, "--no-record", "--labels", "@", spd},
        {"verify", "--data-dir", data, "--no-record", "--smbios", "@", spd},
        {"verify", "--data-dir", data, "--no-record", "--bench", "@"},
        {"verify", "--data-dir", data, "--no-record", "--replay", "@"},
        {"registry", "trust", "--data-dir", data, "@"},
        {"registry", "import", "--data-dir", data, "@"},
        {"log", "import", "--data-dir", data, "@"},
        {"log", "witness", "--data-dir", data, "@"},
        {"bundle", "verify", "--data-dir", data, "@"},
        {"bundle", "sign", "--key", "@", "--version", "9", "--expires", "2030-01-01", "-o", tmp.file("out.bundle"), spd},
    };
    const auto before = run_dimmguard({"log", "show", "--data-dir", data, "--limit", "1000", "--json"}, tmp);
    for (const char* file : {"missing", "empty", "one", "random", "big"}) {
        for (auto args : commands) {
            std::replace(args.begin(), args.end(), std::string("@"), tmp.file(file));
            auto r = run_dimmguard(args, tmp);
            std::string shown;
            for (const auto& a : args) shown += a + " ";
            INFO(file << ": " << shown << "-> " << r.status << "\n" << r.err << r.out.substr(0, 400));
            if (std::string(file) == "empty" && std::find(args.begin(), args.end(), "--labels") != args.end()) {   // no labels at all is a valid labels file
                CHECK(r.status == 0);
                continue;
            }
            CHECK(r.status > 0);
            CHECK(r.status < 32);                                           // a documented status, never a signal
            CHECK((r.status == 1 || (r.status & (2 | 16)) != 0));          // usage, unreadable or registry
            CHECK(r.err.find("internal error") == std::string::npos);
            CHECK_FALSE((r.err.empty() && r.out.empty()));                 // it says what went wrong
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') <= 2);
        }
    }
    CHECK_FALSE(fs::exists(tmp.file("out.bundle")));
    // Very long text: refused with one line, nothing signed; a very long path is just not found.
    const std::string long_text(100'000, 'A');   // Linux passes at most 128 KiB per argument
    auto lot = run_dimmguard({"verify", "--data-dir", data, "--lot", long_text, spd}, tmp);
    CHECK(lot.status == 1);
    CHECK(lot.err == "dimmguard verify: --context lot: longer than 1024 bytes\n");
    auto label = run_dimmguard({"verify", "--data-dir", data, "--label", long_text, spd}, tmp);
    CHECK(label.status == 1);
    auto reason = run_dimmguard({"log", "dispose", "--data-dir", data, "--identity", "802c-06-2418-3bf2a001", "--action", "quarantine",
                                 "--reason", long_text, "--operator", "QA"},
                                tmp);
    CHECK(reason.status == 1);
    auto path = run_dimmguard({"decode", "/tmp/" + std::string(5000, 'p')}, tmp);
    CHECK(path.status == 2);
    CHECK(std::count(path.err.begin(), path.err.end(), '\n') == 1);
    const auto after = run_dimmguard({"log", "show", "--data-dir", data, "--limit", "1000", "--json"}, tmp);
    CHECK(after.out == before.out);   // nothing of the above reached the log
}

TEST_CASE("hostile input: a full disk is a clear error and leaves the registry consistent", "[cli][hostile]") {
    if (::geteuid() != 0) {
        WARN("not root: cannot mount a small tmpfs; skipped");
        return;
    }
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const std::string mount_point = tmp.file("small");
    fs::create_directories(mount_point);
    if (std::system(("mount -t tmpfs -o size=4m tmpfs '" + mount_point + "' 2>/dev/null").c_str()) != 0) {
        WARN("mount -t tmpfs is not permitted here; skipped");
        return;
    }
    struct Unmount {
        std::string path;
        ~Unmount() { (void)std::system(("umount '" + path + "'").c_str()); }
    } unmount{mount_point};
    const std::string full = mount_point + "/data";
    fs::copy(data, full, fs::copy_options::recursive);
    const auto before = run_dimmguard({"log", "verify", "--data-dir", full, "--json"}, tmp);
    INFO(before.out << before.err);
    REQUIRE(before.status == 0);
    // Fill what is left.
    (void)std::system(("dd if=/dev/zero of='" + mount_point + "/filler' bs=64k 2>/dev/null; sync").c_str());
    // A whole bench of sightings does not fit.
    auto r = run_dimmguard({"verify", "--data-dir", full, "--lot", "PO-FULL", "--bench", (source() / "examples" / "demo" / "bench.json").string()}, tmp);
    INFO(r.status << "\n" << r.err << r.out);
    CHECK((r.status & 16) != 0);
    CHECK(r.err.find("internal error") == std::string::npos);
    CHECK((r.out + r.err).find("full") != std::string::npos);   // "the disk holding the registry is full"
    // The registry could be read, so the modules are judged, but every one says its sighting
    // was not recorded, and the registry bit is set: the run is not a clean intake.
    CHECK(r.err.find("sighting not recorded") != std::string::npos);
    CHECK(r.out.find("sightings recorded") == std::string::npos);
    fs::remove(mount_point + "/filler");
    auto after = run_dimmguard({"log", "verify", "--data-dir", full}, tmp);
    INFO(after.out << after.err);
    CHECK(after.status == 0);   // the log and its signed head are consistent
}

TEST_CASE("hostile input: looking at a registry that never recorded creates nothing in it", "[cli][hostile]") {
    // `registry init` makes no station key; the commands that only look open the registry
    // read-only and must neither fail for the missing key nor create one.
    TempDir tmp;
    REQUIRE(run_dimmguard({"bundle", "keygen", "-o", tmp.file("root")}, tmp).status == 0);
    const std::string data = tmp.file("data");
    REQUIRE(run_dimmguard({"registry", "init", "--root-key", tmp.file("root.pub"), "--data-dir", data}, tmp).status == 0);
    REQUIRE_FALSE(fs::exists(fs::path(data) / "station.key"));
    CHECK(run_dimmguard({"log", "show", "--data-dir", data}, tmp).status == 0);
    CHECK(run_dimmguard({"log", "verify", "--data-dir", data}, tmp).status == 0);
    auto look = run_dimmguard({"verify", "--no-record", "--data-dir", data, example("ddr5-rdimm-micron-64g.bin")}, tmp);
    CHECK(look.out.find("UNKNOWN") != std::string::npos);   // no trust document, no part records: unknown, never genuine
    CHECK_FALSE(fs::exists(fs::path(data) / "station.key"));
}
