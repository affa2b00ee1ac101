// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard adapters` and `dimmguard doctor` on the fake sysfs trees (tests/data/sysfs), a
// real demo registry, and as an unprivileged user (setpriv to nobody); and the CLI conventions
// every command shares: the program name in usage, --color / NO_COLOR, one exit-status text.
#include "cli_support.hpp"

#include <grp.h>
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <map>

using namespace cli_test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string tree(const char* name) { return (source_dir() / "tests" / "data" / "sysfs" / name).string(); }

/// `dimmguard ARGS` as user nobody with no supplementary groups (the tests run as root in CI).
RunResult run_as_nobody(const std::vector<std::string>& args, const TempDir& tmp) {
    std::vector<std::string> argv{"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", binary_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(std::move(argv), tmp);
}

std::string demo_registry(const TempDir& tmp) {
    const std::string data = tmp.file("demo-data");
    const auto script = (source_dir() / "examples" / "demo" / "make-demo-registry.sh").string();
    REQUIRE(std::system(("bash '" + script + "' '" + binary_path() + "' '" + data + "' > /dev/null").c_str()) == 0);
    return data;
}

/// The time `seconds` from now, as --now takes it.
std::string utc_in(long seconds) {
    const std::time_t t = std::time(nullptr) + seconds;
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::map<std::string, json> checks_by_name(const json& doc) {
    std::map<std::string, json> out;
    for (const auto& c : doc.at("checks")) out[c.at("check").get<std::string>()] = c;
    return out;
}

const json& adapter(const json& doc, const std::string& bus) {
    for (const auto& a : doc.at("adapters")) {
        if (a.at("bus") == bus) return a;
    }
    FAIL("no adapter " << bus << " in " << doc.dump());
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("cli: adapters lists every adapter with its driver and the SPDs the kernel owns", "[cli][adapters]") {
    TempDir tmp;
    const auto r = run_dimmguard({"adapters", "--json", "--sysfs-root", tree("intel-ddr4"), "--dev-root", tmp.file("no-dev")}, tmp);
    REQUIRE(r.status == 0);
    const json doc = parse_json(r);
    CHECK(doc.at("command") == "adapters");
    CHECK(doc.at("exit_status") == 0);
    REQUIRE(doc.at("adapters").size() == 3);
    const json& host = adapter(doc, "i2c-0");
    CHECK(host.at("driver") == "i801_smbus");
    CHECK(host.at("kind") == "motherboard");
    CHECK(host.at("node").at("access") == "missing");
    CHECK(host.at("node").at("present") == false);
    CHECK(host.at("probed") == false);
    REQUIRE(host.at("spd").size() == 2);
    CHECK(host.at("spd")[0].at("address") == "0x50");
    CHECK(host.at("spd")[0].at("owner") == "ee1004");
    CHECK(host.at("spd")[0].at("generation") == "DDR4");
    CHECK_THAT(host.at("spd")[0].at("eeprom").get<std::string>(), Catch::EndsWith("sys/bus/i2c/devices/0-0050/eeprom"));
    CHECK(host.at("spd")[1].at("address") == "0x51");
    // The graphics bus is listed but never probed or searched for SPDs.
    const json& gmbus = adapter(doc, "i2c-2");
    CHECK(gmbus.at("kind") == "other");
    CHECK(gmbus.at("spd").empty());
    CHECK_THAT(gmbus.at("not_probed").get<std::string>(), Catch::StartsWith("not a memory SMBus"));

    const auto text = run_dimmguard({"adapters", "--sysfs-root", tree("intel-ddr4"), "--dev-root", tmp.file("no-dev")}, tmp);
    CHECK(text.status == 0);
    CHECK_THAT(text.out, Catch::Contains("i2c-0   SMBus I801 adapter at efa0  [i801_smbus, SMBus host]\n"));
    CHECK_THAT(text.out, Catch::Contains("no " + tmp.file("no-dev") + "/i2c-0: load i2c-dev (sudo modprobe i2c-dev)"));
    CHECK_THAT(text.out, Catch::Contains("0x50  DDR4 SPD owned by ee1004: "));
    CHECK_THAT(text.out, Catch::Contains("[i915, not a memory bus]"));
}

TEST_CASE("cli: adapters names a declared SPD client whose driver is not loaded", "[cli][adapters]") {
    TempDir tmp;
    const auto r = run_dimmguard({"adapters", "--json", "--sysfs-root", tree("amd-ddr5"), "--dev-root", tmp.file("no-dev")}, tmp);
    REQUIRE(r.status == 0);
    const json doc = parse_json(r);
    const json& port = adapter(doc, "i2c-1");
    REQUIRE(port.at("spd").size() == 2);
    CHECK(port.at("spd")[0].at("owner") == "spd5118");
    CHECK(port.at("spd")[1].at("address") == "0x51");
    CHECK(port.at("spd")[1].at("owner").is_null());
    CHECK(port.at("spd")[1].at("unbound_client") == "spd5118");
    const auto text = run_dimmguard({"adapters", "--sysfs-root", tree("amd-ddr5"), "--dev-root", tmp.file("no-dev")}, tmp);
    CHECK_THAT(text.out, Catch::Contains("0x51  kernel client 'spd5118' without a driver (sudo modprobe spd5118)"));
}

TEST_CASE("cli: adapters says whether this user can open each node", "[cli][adapters][nobody]") {
    TempDir tmp;
    const fs::path dev = tmp.path() / "dev";
    fs::create_directories(dev);
    {
        std::ofstream node(dev / "i2c-1");   // a plain file: opens, but is no i2c-dev node
        node << "x";
    }
    ::chmod(dev.c_str(), 0755);
    ::chmod(tmp.path().c_str(), 0755);
    ::chmod((dev / "i2c-1").c_str(), 0600);
    const auto root = run_dimmguard({"adapters", "--json", "--sysfs-root", tree("amd-ddr5"), "--dev-root", dev.string()}, tmp);
    REQUIRE(root.status == 0);
    const json as_root = parse_json(root);
    const json& mine = adapter(as_root, "i2c-1");
    CHECK(mine.at("node").at("present") == true);
    CHECK(mine.at("node").at("mode") == "0600");
    CHECK(mine.at("node").at("owner") == "root:root");
    CHECK(mine.at("node").at("access") == "not-i2c-dev");
    CHECK(adapter(as_root, "i2c-2").at("node").at("access") == "missing");

    const auto nobody = run_as_nobody({"adapters", "--json", "--sysfs-root", tree("amd-ddr5"), "--dev-root", dev.string()}, tmp);
    REQUIRE(nobody.status == 0);
    const json as_nobody = parse_json(nobody);
    CHECK(adapter(as_nobody, "i2c-1").at("node").at("access") == "permission-denied");
    const auto text = run_as_nobody({"adapters", "--sysfs-root", tree("amd-ddr5"), "--dev-root", dev.string()}, tmp);
    CHECK_THAT(text.out, Catch::Contains("no access to " + (dev / "i2c-1").string() + " (root:root 0600): join the dimmguard group (dimmguard doctor)"));
}

TEST_CASE("cli: adapters without sysfs fails with one line and exit 2", "[cli][adapters]") {
    TempDir tmp;
    const auto r = run_dimmguard({"adapters", "--sysfs-root", tmp.file("empty")}, tmp);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    REQUIRE(r.err_lines().size() == 1);
    CHECK_THAT(r.err, Catch::StartsWith("dimmguard adapters: "));
}

TEST_CASE("cli: doctor says what is ready and how to fix the rest", "[cli][doctor]") {
    TempDir tmp;
    // One demo registry for every section (Catch runs the test case once per section); doctor
    // only reads it.
    static TempDir shared;
    static const std::string data = demo_registry(shared);
    // An hour after the demo registry was made (its documents are created "now").
    const std::string now = utc_in(3600);
    SECTION("intel: everything but the missing /dev node is ready") {
        const auto r = run_dimmguard({"doctor", "--json", "--data-dir", data, "--now", now, "--sysfs-root", tree("intel-ddr4"),
                                      "--dev-root", tmp.file("no-dev")}, tmp);
        CHECK(r.status == 2);   // the bus bit only: the registry is fine
        const json doc = parse_json(r);
        CHECK(doc.at("exit_status") == 2);
        auto c = checks_by_name(doc);
        CHECK(c.at("i2c-dev").at("status") == "ok");
        CHECK(c.at("smbus-host").at("status") == "ok");
        CHECK_THAT(c.at("smbus-host").at("message").get<std::string>(), Catch::Contains("i2c-0 SMBus I801 adapter at efa0 (i801_smbus)"));
        CHECK(c.at("group").at("status") == "ok");   // root
        CHECK(c.at("access i2c-0").at("status") == "fail");
        CHECK(c.at("access i2c-0").at("fix") == "sudo modprobe i2c-dev");
        CHECK(c.at("spd-drivers").at("status") == "ok");
        CHECK(c.at("spd-drivers").at("message") == "read through sysfs: 0-0050 ee1004, 0-0051 ee1004");
        CHECK(c.at("spd-write-disable i2c-0").at("status") == "ok");   // HOSTC 0x11 in the fixture
        CHECK(c.at("registry").at("status") == "ok");
        CHECK(c.at("trust").at("status") == "ok");
        CHECK(c.at("bundles").at("status") == "ok");
        CHECK(c.at("clock").at("status") == "ok");
        CHECK(c.count("access i2c-2") == 0);   // the graphics bus is not an SPD bus

        const auto text = run_dimmguard({"doctor", "--data-dir", data, "--now", now, "--sysfs-root", tree("intel-ddr4"),
                                         "--dev-root", tmp.file("no-dev")}, tmp);
        CHECK(text.status == 2);
        CHECK_THAT(text.out, Catch::Contains("fail  access i2c-0             no " + tmp.file("no-dev") + "/i2c-0\n"
                                             "                               fix: sudo modprobe i2c-dev\n"));
        CHECK_THAT(text.out, Catch::EndsWith("not ready: 1 check failed\n"));
    }
    SECTION("amd: i2c-dev missing, an unbound client, no write-disable report") {
        const auto r = run_dimmguard({"doctor", "--json", "--data-dir", data, "--now", now, "--sysfs-root", tree("amd-ddr5"),
                                      "--dev-root", tmp.file("no-dev")}, tmp);
        const json doc = parse_json(r);
        auto c = checks_by_name(doc);
        CHECK(c.at("i2c-dev").at("status") == "fail");
        CHECK_THAT(c.at("i2c-dev").at("fix").get<std::string>(), Catch::StartsWith("sudo modprobe i2c-dev"));
        CHECK(c.at("spd-drivers").at("status") == "warn");
        CHECK_THAT(c.at("spd-drivers").at("message").get<std::string>(), Catch::Contains("1-0051 spd5118"));
        CHECK(c.at("spd-write-disable i2c-1").at("status") == "info");
        CHECK(r.status == 2);
    }
    SECTION("a clock behind the registry, and bundles about to expire") {
        const auto behind = run_dimmguard({"doctor", "--json", "--data-dir", data, "--now", "2020-01-01T00:00:00Z",
                                           "--sysfs-root", tree("intel-ddr4"), "--dev-root", tmp.file("no-dev")}, tmp);
        CHECK(behind.status == (2 | 16));
        auto c = checks_by_name(parse_json(behind));
        CHECK(c.at("clock").at("status") == "fail");
        CHECK_THAT(c.at("clock").at("fix").get<std::string>(), Catch::Contains("timedatectl set-ntp true"));

        // The demo's documents expire 2027-12-31.
        const auto soon = run_dimmguard({"doctor", "--json", "--data-dir", data, "--now", "2027-12-20T00:00:00Z",
                                         "--sysfs-root", tree("intel-ddr4"), "--dev-root", tmp.file("no-dev")}, tmp);
        CHECK(soon.status == 2);
        auto s = checks_by_name(parse_json(soon));
        CHECK(s.at("trust").at("status") == "warn");
        CHECK_THAT(s.at("trust").at("message").get<std::string>(), Catch::Contains("(in 11 days)"));
        CHECK(s.at("bundles").at("status") == "warn");

        const auto expired = run_dimmguard({"doctor", "--json", "--data-dir", data, "--now", "2028-01-02T00:00:00Z",
                                            "--sysfs-root", tree("intel-ddr4"), "--dev-root", tmp.file("no-dev")}, tmp);
        CHECK(expired.status == (2 | 16));
        auto e = checks_by_name(parse_json(expired));
        CHECK(e.at("trust").at("status") == "fail");
        CHECK(e.at("bundles").at("status") == "fail");
    }
    SECTION("no registry: the fix is registry init, and the registry bit is set") {
        const auto r = run_dimmguard({"doctor", "--data-dir", tmp.file("nothing-here"), "--now", now, "--sysfs-root", tree("intel-ddr4"),
                                      "--dev-root", tmp.file("no-dev")}, tmp);
        CHECK(r.status == (2 | 16));
        CHECK_THAT(r.out, Catch::Contains("fail  registry                 no registry in " + tmp.file("nothing-here")));
        CHECK_THAT(r.out, Catch::Contains("fix: dimmguard registry init --root-key ROOT.pub --data-dir " + tmp.file("nothing-here")));
        CHECK_FALSE(fs::exists(tmp.file("nothing-here")));   // a look never creates a registry
    }
    SECTION("SPD write disable clear in the chipset is a warning with the firmware setting to change") {
        const fs::path copy = tmp.path() / "intel-copy";
        fs::copy(tree("intel-ddr4"), copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        const fs::path config = copy / "sys/class/i2c-adapter/i2c-0/device/config";
        std::string bytes = slurp(config);
        REQUIRE(bytes.size() == 256);
        bytes[0x40] = 0x01;   // host enabled, SPD write disable clear
        std::ofstream(config, std::ios::binary | std::ios::trunc) << bytes;
        const auto r = run_dimmguard({"doctor", "--json", "--data-dir", data, "--now", now, "--sysfs-root", copy.string(),
                                      "--dev-root", tmp.file("no-dev")}, tmp);
        auto c = checks_by_name(parse_json(r));
        CHECK(c.at("spd-write-disable i2c-0").at("status") == "warn");
        CHECK_THAT(c.at("spd-write-disable i2c-0").at("fix").get<std::string>(), Catch::Contains("SPD Write Disable"));
        CHECK(r.status == 2);   // a warning never fails doctor
    }
}

TEST_CASE("cli: doctor as an operator outside the dimmguard group says how to join it", "[cli][doctor][nobody]") {
    TempDir tmp;
    ::chmod(tmp.path().c_str(), 0755);
    const auto r = run_as_nobody({"doctor", "--json", "--data-dir", tmp.file("none"), "--now", "2026-12-05T12:00:00Z",
                                  "--sysfs-root", tree("intel-ddr4"), "--dev-root", tmp.file("no-dev")}, tmp);
    auto c = checks_by_name(parse_json(r));
    CHECK(c.at("group").at("status") == "fail");
    if (::getgrnam("dimmguard") != nullptr) {
        CHECK(c.at("group").at("message") == "you (nobody) are not in the dimmguard group");
        CHECK_THAT(c.at("group").at("fix").get<std::string>(), Catch::StartsWith("sudo usermod -aG dimmguard nobody"));
    } else {
        CHECK(c.at("group").at("message") == "there is no dimmguard group");
    }
    CHECK(r.status == (2 | 16));

    // In a container without /sys/class/i2c-adapter the group is still checked.
    const auto bare = run_as_nobody({"doctor", "--json", "--data-dir", tmp.file("none"), "--sysfs-root", tmp.file("no-sysfs"),
                                     "--dev-root", tmp.file("no-dev")}, tmp);
    auto b = checks_by_name(parse_json(bare));
    CHECK(b.at("group").at("status") == "fail");
    CHECK(b.at("smbus-host").at("status") == "fail");
    CHECK_THAT(b.at("smbus-host").at("message").get<std::string>(), Catch::StartsWith("cannot list I2C adapters: "));
}

TEST_CASE("cli: usage names the program and every help shows the same exit-status text", "[cli][help]") {
    TempDir tmp;
    // Run through a symlink with a long path: the usage still says "dimmguard".
    const fs::path link = tmp.path() / "some" / "deep" / "path" / "dg";
    fs::create_directories(link.parent_path());
    fs::create_symlink(binary_path(), link);
    const auto top = run_program({link.string(), "--help"}, tmp);
    CHECK(top.status == 0);
    CHECK_THAT(top.out, Catch::Contains("Usage: dimmguard [OPTIONS] SUBCOMMAND"));
    CHECK(top.out.find(link.string()) == std::string::npos);
    const std::string exit_text =
        "Exit status: 0 success; 1 usage error; 2 a file, bus or module could not be read (or a file\n"
        "written); 4 a suspect module; 8 a counterfeit module; 16 a registry or trust problem.\n";
    CHECK_THAT(top.out, Catch::Contains(exit_text));
    CHECK_THAT(top.out, Catch::Contains("Manual: man dimmguard"));
    for (const std::string sub : {"decode", "scan", "verify", "adapters", "doctor", "spd", "bundle", "registry", "log", "evidence", "sync", "fleet"}) {
        INFO(sub);
        const auto r = run_program({link.string(), sub, "--help"}, tmp);
        CHECK(r.status == 0);
        CHECK_THAT(r.out, Catch::Contains("Usage: dimmguard " + sub + " "));
        CHECK_THAT(r.out, Catch::Contains(exit_text));
        CHECK_THAT(r.out, Catch::Contains("Manual: man dimmguard-" + sub));
        CHECK(r.out.find("docs/") == std::string::npos);   // no repository paths in installed help
        CHECK(r.out.find("GiB") == std::string::npos);
    }
}

TEST_CASE("cli: --color and NO_COLOR decide whether the doctor report is coloured", "[cli][color]") {
    TempDir tmp;
    const std::vector<std::string> base{"doctor", "--data-dir", tmp.file("none"), "--now", "2026-12-05T12:00:00Z",
                                        "--sysfs-root", tree("intel-ddr4"), "--dev-root", tmp.file("no-dev")};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run_dimmguard(args, tmp);
    };
    CHECK(with({}).out.find('\033') == std::string::npos);                        // auto: not a terminal
    CHECK(with({"--color", "always"}).out.find("\033[1;31mfail\033[0m") != std::string::npos);
    CHECK(with({"--color=never"}).out.find('\033') == std::string::npos);
    const auto bad = with({"--color", "sometimes"});
    CHECK(bad.status == 1);
    CHECK_THAT(bad.err, Catch::Contains("--color"));
    // An explicit --color=always wins over NO_COLOR (no-color.org); auto honours it.
    ::setenv("NO_COLOR", "1", 1);
    const auto forced = with({"--color", "always"});
    ::unsetenv("NO_COLOR");
    CHECK(forced.out.find('\033') != std::string::npos);
}

TEST_CASE("cli: progress shows only on a terminal and is cleared before the results", "[cli][progress]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const auto bench = (source_dir() / "examples" / "demo" / "bench.json").string();
    // Under script(1) stdout and stderr are a terminal, as in an operator's shell.
    const std::string typescript = tmp.file("typescript");
    const std::string command = "script -qec \"'" + binary_path() + "' verify --bench '" + bench + "' --no-record --data-dir '" + data +
                                "' --color never\" /dev/null > '" + typescript + "' 2>&1";
    CHECK(WEXITSTATUS(std::system(command.c_str())) == (4 | 8));
    const std::string shown = slurp(typescript);
    REQUIRE_THAT(shown, Catch::Contains("checking "));          // progress was drawn on the terminal
    CHECK_THAT(shown, Catch::Contains("\r\033[K"));              // and erased
    // What the terminal shows of each line is the text after its last carriage return: no
    // result line may start after a progress text, and no progress text may remain.
    std::istringstream lines(shown);
    int results = 0;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();   // the terminal's CR LF
        const auto cr = line.rfind('\r');
        std::string visible = cr == std::string::npos ? line : line.substr(cr + 1);
        if (visible.rfind("\033[K", 0) == 0) visible.erase(0, 3);
        INFO(visible);
        CHECK(visible.find("checking ") == std::string::npos);
        CHECK(visible.find("reading ") == std::string::npos);
        if (visible.find("COUNTERFEIT") != std::string::npos || visible.find("GENUINE") != std::string::npos) ++results;
    }
    CHECK(results >= 4);
    // Not a terminal: no progress at all.
    const auto piped = run_dimmguard({"verify", "--bench", bench, "--no-record", "--data-dir", data}, tmp);
    CHECK(piped.err.find("checking ") == std::string::npos);
    CHECK(piped.err.find('\r') == std::string::npos);
}

TEST_CASE("cli: verify with an unreachable fleet server judges locally and says REGISTRY_OFFLINE", "[cli][fleet]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const auto bench = (source_dir() / "examples" / "demo" / "bench.json").string();
    const auto local = run_dimmguard({"verify", "--bench", bench, "--no-record", "--json", "--data-dir", data}, tmp);
    // Nothing listens on port 1: refused at once, judged locally.
    const auto online = run_dimmguard({"verify", "--bench", bench, "--no-record", "--json", "--data-dir", data, "--server",
                                       "host=127.0.0.1 port=1 user=x dbname=x connect_timeout=1"},
                                      tmp);
    INFO(online.err);
    CHECK(local.status == (4 | 8));
    CHECK(online.status == local.status);
    const json a = json::parse(local.out);
    const json b = json::parse(online.out);
    REQUIRE(a.at("modules").size() == b.at("modules").size());
    int offline = 0;
    for (std::size_t i = 0; i < a.at("modules").size(); ++i) {
        const json& m = b.at("modules")[i];
        CHECK(m.at("verdict") == a.at("modules")[i].at("verdict"));
        if (!m.contains("findings")) continue;
        for (const auto& f : a.at("modules")[i].at("findings")) CHECK(f.at("code") != "REGISTRY_OFFLINE");
        for (const auto& f : m.at("findings")) {
            if (f.at("code") != "REGISTRY_OFFLINE") continue;
            ++offline;
            CHECK(f.at("severity") == "info");
            CHECK(f.at("category") == "registry");
        }
    }
    CHECK(offline >= 4);  // every readable module with a serial says it
    // --offline and --server contradict each other.
    const auto both = run_dimmguard({"verify", "--bench", bench, "--no-record", "--data-dir", data, "--offline", "--server", "host=x"}, tmp);
    CHECK(both.status == 1);
    REQUIRE(both.err_lines().size() == 1);
    CHECK_THAT(both.err, Catch::Contains("--offline and --server"));
}

TEST_CASE("cli: sync --status says what the last round did, from the data directory alone", "[cli][fleet]") {
    TempDir tmp;
    const std::string data = demo_registry(tmp);
    const auto before = run_dimmguard({"sync", "--status", "--data-dir", data}, tmp);
    CHECK(before.status == 0);
    CHECK_THAT(before.out, Catch::Contains("not in a fleet"));
    // A round that cannot reach its server: exit 2, and the failure is noted for --status.
    const auto failed = run_dimmguard({"sync", "--server", "host=127.0.0.1 port=1 user=x dbname=x connect_timeout=1", "--data-dir", data}, tmp);
    CHECK(failed.status == 2);
    const auto after = run_dimmguard({"sync", "--status", "--data-dir", data}, tmp);
    INFO(after.out);
    CHECK(after.status == 16);
    CHECK_THAT(after.out, Catch::Contains("FAILED"));
    CHECK_THAT(after.out, Catch::Contains("last completed: never"));
    const auto doc = run_dimmguard({"sync", "--status", "--json", "--data-dir", data}, tmp);
    const json j = json::parse(doc.out);
    CHECK(j.at("last_ok") == "");
    CHECK(j.at("last_attempt").get<std::string>().size() == 20);
    CHECK_FALSE(j.at("error").get<std::string>().empty());
    CHECK(j.at("late_findings") == 0);
    CHECK(j.at("exit_status") == 16);
    // --status reads; it never talks to a server.
    CHECK(run_dimmguard({"sync", "--status", "--server", "host=x", "--data-dir", data}, tmp).status == 1);
}
