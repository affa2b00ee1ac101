// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end tests of `dimmguard scan` on the shipped example benches and fake sysfs trees.
#include "cli_support.hpp"

#include <set>

using namespace cli_test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string bench(const std::string& name) { return (source_dir() / "examples" / "bench" / name).string(); }

}  // namespace

TEST_CASE("cli: scan of the DDR5 server bench reads 8 modules with live identities", "[cli][scan]") {
    TempDir tmp;
    const auto r = run_dimmguard({"scan", "--bench", bench("server-ddr5.json"), "--json"}, tmp);
    CHECK(r.status == 0);
    const json doc = parse_json(r);
    CHECK(doc.at("schema_version") == 1);
    CHECK(doc.at("command") == "scan");
    CHECK(doc.at("exit_status") == 0);
    const auto& modules = doc.at("modules");
    REQUIRE(modules.size() == 8);
    std::set<std::string> serials;
    for (const auto& m : modules) {
        CHECK(m.at("ok") == true);
        CHECK(m.at("generation") == "DDR5");
        CHECK(m.at("source").at("kind") == "bus");
        CHECK(m.at("read").at("crc_ok") == true);
        CHECK(m.at("read").at("page_writes") == 16);  // pages 1-7 and back to page 0, twice (two reads agree)
        CHECK(m.at("read").at("wire_ms").get<double>() > 100.0);
        serials.insert(m.at("spd").at("manufacturing").at("serial").get<std::string>());
        // A genuine module: the live hub vendor is what the SPD declares.
        const auto& live = m.at("live").at("devices");
        REQUIRE(live.size() == 4);
        CHECK(live[0].at("role") == "hub");
        CHECK(live[0].at("vendor").at("raw") == m.at("spd").at("components")[0].at("vendor").at("raw"));
        CHECK(live[1].at("role") == "pmic0");
        CHECK(live[1].at("present") == true);
        CHECK(m.at("live").at("hub_state").at("temperature_c").is_number());
    }
    CHECK(serials.size() == 8);
}

TEST_CASE("cli: scan --save writes images that decode reads back byte for byte", "[cli][scan]") {
    TempDir tmp;
    const auto dir = tmp.file("dumps");
    const auto r = run_dimmguard({"scan", "--bench", bench("desk-ddr4.json"), "--save", dir}, tmp);
    REQUIRE(r.status == 0);
    CHECK(r.out.find("i2c-9   0x50  DDR4 RDIMM  32 GB  Samsung  M393A4K40DB3-CWE") != std::string::npos);
    CHECK(r.out.find("saved ") != std::string::npos);
    const auto saved = read_bytes(fs::path(dir) / "i2c-9-0x50.bin");
    CHECK(saved == read_bytes(source_dir() / "examples" / "spd" / "ddr4-rdimm-samsung-32g.bin"));
    const auto d = run_dimmguard({"decode", "--json", (fs::path(dir) / "i2c-9-0x50.bin").string()}, tmp);
    REQUIRE(d.status == 0);
    CHECK(parse_json(d).at("modules")[0].at("spd").at("manufacturing").at("part_number") == "M393A4K40DB3-CWE");
}

TEST_CASE("cli: scan reports an unstable bus and exits 2", "[cli][scan][faults]") {
    TempDir tmp;
    const auto r = run_dimmguard({"scan", "--bench", bench("faulty-bus.json"), "--json"}, tmp);
    CHECK(r.status == 2);
    const json doc = parse_json(r);
    CHECK(doc.at("exit_status") == 2);
    bool any_unstable = false;
    for (const auto& m : doc.at("modules")) {
        if (m.contains("read") && m.at("read").at("unstable") == true) {
            any_unstable = true;
            CHECK(m.at("ok") == false);
            CHECK_FALSE(m.at("read").at("problems").empty());
        }
    }
    CHECK(any_unstable);
}

TEST_CASE("cli: scan --all reads kernel-driver SPDs through fake sysfs trees", "[cli][scan][sysfs]") {
    TempDir tmp;
    const auto root = (source_dir() / "tests" / "data" / "sysfs" / "intel-ddr4").string();
    const auto r = run_dimmguard({"scan", "--all", "--sysfs-root", root, "--dev-root", tmp.file("no-dev"), "--json"}, tmp);
    CHECK(r.status == 0);  // the i801 segment is driven by ee1004: no /dev/i2c-0 needed
    const json doc = parse_json(r);
    REQUIRE(doc.at("modules").size() == 2);
    for (const auto& m : doc.at("modules")) {
        CHECK(m.at("source").at("via") == "sysfs (ee1004)");
        CHECK(m.at("spd").at("memory_type") == "DDR4");
        CHECK(m.at("read").at("crc_ok") == true);
    }
}

TEST_CASE("cli: scan usage and source errors", "[cli][scan]") {
    TempDir tmp;
    auto none = run_dimmguard({"scan"}, tmp);
    CHECK(none.status == 1);
    CHECK(none.err.find("choose exactly one of --bus N, --all, --bench FILE or --replay TRACE") != std::string::npos);
    CHECK(run_dimmguard({"scan", "--bus", "0", "--all"}, tmp).status == 1);

    auto no_adapter = run_dimmguard({"scan", "--bus", "7", "--dev-root", tmp.file("dev")}, tmp);
    CHECK(no_adapter.status == 2);
    REQUIRE(no_adapter.err_lines().size() == 1);
    CHECK(no_adapter.err_lines()[0].find("i2c-7: no such adapter (is i2c-dev loaded? modprobe i2c-dev)") != std::string::npos);

    auto missing = run_dimmguard({"scan", "--bench", tmp.file("nope.json"), "--json"}, tmp);
    CHECK(missing.status == 2);
    const json doc = parse_json(missing);
    CHECK(doc.at("modules").empty());
    CHECK(doc.at("error").at("code") == "not_found");

    {
        std::ofstream bad(tmp.file("bad.json"));
        bad << R"({"schema_version":1,"buses":[{"name":"i2c-0","slots":[{"address":"0x48","spd":{"file":"x.bin"}}]}]})";
    }
    auto malformed = run_dimmguard({"scan", "--bench", tmp.file("bad.json")}, tmp);
    CHECK(malformed.status == 2);
    REQUIRE(malformed.err_lines().size() == 1);
    CHECK(malformed.err_lines()[0].find("buses[0].slots[0].address") != std::string::npos);
}

TEST_CASE("cli: scan --trace shows only reads and the protocol page selects on every example bench", "[cli][scan][guard]") {
    TempDir tmp;
    for (const char* name : {"server-ddr5.json", "desk-ddr4.json", "mixed.json", "faulty-bus.json"}) {
        const auto trace = tmp.file(std::string(name) + ".trace");
        const auto r = run_dimmguard({"scan", "--bench", bench(name), "--trace", trace}, tmp);
        INFO(name);
        CHECK((r.status == 0 || r.status == 2));
        std::ifstream in(trace);
        std::size_t lines = 0, writes = 0;
        for (std::string line; std::getline(in, line);) {
            if (line.starts_with("#")) continue;  // header: trace version, bus capabilities, slot labels
            ++lines;
            std::istringstream words(line);
            std::string bus, kind, address, reg, value;
            words >> bus >> kind >> address >> reg >> value;
            CHECK((kind == "rb" || kind == "rw" || kind == "rblk" || kind == "rx" || kind == "tx" || kind == "wb"));
            if (kind == "tx") {
                ++writes;
                CHECK((address == "0x36" || address == "0x37"));
                CHECK(reg == "0x00");  // send byte's data: always 0x00
            }
            if (kind == "wb") {
                ++writes;
                CHECK(address.rfind("0x5", 0) == 0);
                CHECK(reg == "0x0b");
                CHECK((value.size() == 4 && value.rfind("0x0", 0) == 0 && value[3] >= '0' && value[3] <= '7'));
            }
        }
        CHECK(lines > 0);
        CHECK(writes > 0);
    }
}
