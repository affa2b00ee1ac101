// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end tests of `dimmguard verify` on the demo bench and demo registry, run as the user
// would: the real binary, the real demo script, a real SQLite registry.
#include "cli_support.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

using namespace cli_test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Run a shell command (the demo script); true on exit status 0.
bool run_shell(const std::string& command) { return std::system(command.c_str()) == 0; }

struct Demo {
    TempDir tmp;
    std::string data;
    Demo() : data(tmp.file("demo-data")) {
        const auto script = (source_dir() / "examples" / "demo" / "make-demo-registry.sh").string();
        REQUIRE(run_shell("bash '" + script + "' '" + binary_path() + "' '" + data + "' > /dev/null"));
    }
    [[nodiscard]] std::vector<std::string> verify_args(std::vector<std::string> extra) const {
        std::vector<std::string> args{"verify", "--bench", (source_dir() / "examples" / "demo" / "bench.json").string(),
                                      "--labels", (source_dir() / "examples" / "demo" / "labels.csv").string(),
                                      "--lot", "PO-2026-1127", "--data-dir", data};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }
};

std::set<std::string> codes(const json& module, const char* min_severity = "warn") {
    std::set<std::string> out;
    for (const auto& f : module.at("findings")) {
        const auto sev = f.at("severity").get<std::string>();
        if (std::string(min_severity) == "warn" && sev == "info") continue;
        out.insert(f.at("code").get<std::string>());
    }
    return out;
}

}  // namespace

TEST_CASE("cli: verify catches each counterfeit of the demo bench for its documented reason", "[cli][verify][demo]") {
    Demo demo;
    const auto r = run_dimmguard(demo.verify_args({"--json", "--junit", demo.tmp.file("junit.xml")}), demo.tmp);
    CHECK(r.status == (4 | 8));
    const json doc = parse_json(r);
    CHECK(doc.at("schema_version") == 1);
    CHECK(doc.at("command") == "verify");
    CHECK(doc.at("exit_status") == 12);
    CHECK(doc.at("event") == "intake");
    CHECK(doc.at("context").at("lot") == "PO-2026-1127");
    CHECK(doc.at("registry").at("problems").empty());
    std::map<std::string, json> by_slot;
    for (const auto& m : doc.at("modules")) by_slot[m.at("source").at("slot").get<std::string>()] = m;
    REQUIRE(by_slot.size() == 16);

    // slot -> (verdict, the finding codes that must be there)
    const std::map<std::string, std::pair<std::string, std::set<std::string>>> expected{
        {"A1", {"genuine", {}}},
        {"A2", {"genuine", {}}},
        {"A3", {"genuine", {}}},
        {"A4", {"counterfeit", {"FINGERPRINT_MISMATCH", "PART_ATTR_MISMATCH"}}},
        {"A5", {"counterfeit", {"HUB_VENDOR_MISMATCH", "PMIC_VENDOR_MISMATCH"}}},
        {"A6", {"counterfeit", {"SERIAL_NOT_ISSUED"}}},
        {"A7", {"counterfeit", {"SERIAL_REVOKED"}}},
        {"A8", {"counterfeit", {"DUP_SERIAL"}}},
        {"B1", {"counterfeit", {"DUP_REENTRY"}}},
        {"B2", {"counterfeit", {"CONSUMER_PROFILE_ON_SERVER_PART"}}},
        {"B3", {"counterfeit", {"DRAM_MAKER_IMPLAUSIBLE", "FINGERPRINT_MISMATCH"}}},
        {"B4", {"suspect", {"CRC_BAD", "FINGERPRINT_MISMATCH"}}},
        {"B5", {"counterfeit", {"DUP_IN_SCAN", "LOT_CLONE"}}},
        {"B6", {"counterfeit", {"DUP_IN_SCAN", "LOT_CLONE"}}},
        {"B7", {"counterfeit", {"DUP_IN_SCAN", "LOT_CLONE"}}},
        {"B8", {"counterfeit", {"LABEL_MISMATCH"}}},
    };
    for (const auto& [slot, want] : expected) {
        INFO("slot " << slot);
        const json& m = by_slot.at(slot);
        CHECK(m.at("verdict") == want.first);
        CHECK(codes(m) == want.second);
        CHECK(m.at("sighting").is_string());
        CHECK(m.at("spd").at("memory_type") == "DDR5");
        if (want.first == "genuine") {
            CHECK(m.at("registry_part").is_object());
            CHECK(m.at("reason").get<std::string>().find("matches the registry record") != std::string::npos);
        }
    }
    CHECK(by_slot.at("B4").at("corrupted") == true);  // shown as "SPD corrupted", not counterfeit
    CHECK(by_slot.at("A4").at("reason").get<std::string>().find("part says 64 GB 2R x4; SPD says 32 GB 1R x4") != std::string::npos);

    // JUnit: well-formed, one test case per module, a failure for every non-genuine one.
    const auto junit = slurp(demo.tmp.path() / "junit.xml");
    CHECK(junit.find("<testsuite name=\"dimmguard verify\" tests=\"16\" failures=\"13\" errors=\"0\">") != std::string::npos);
    const std::string check_xml = "python3 -c \"import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); "
                                  "sys.exit(0 if len(r.findall('.//testcase')) == 16 and len(r.findall('.//failure')) == 13 else 1)\" '" +
                                  (demo.tmp.path() / "junit.xml").string() + "'";
    CHECK(run_shell(check_xml));
}

TEST_CASE("cli: verify text output shows the verdict table and the findings", "[cli][verify][demo]") {
    Demo demo;
    const auto r = run_dimmguard(demo.verify_args({"--no-record"}), demo.tmp);
    CHECK(r.status == 12);
    CHECK(r.out.find("A1        GENUINE      MTC40F2046S1RC48BA1") != std::string::npos);
    CHECK(r.out.find("B4        SUSPECT      HMCG94AGBRA181N       7a1c0034  SPD corrupted: ") != std::string::npos);
    CHECK(r.out.find("\nFindings\n") != std::string::npos);
    CHECK(r.out.find("    HUB_VENDOR_MISMATCH [fail]") != std::string::npos);
    CHECK(r.out.find("16 modules: 3 genuine, 1 suspect, 12 counterfeit, 0 unknown, 0 unreadable") != std::string::npos);
    CHECK(r.out.find("\033[") == std::string::npos);  // no colour when stdout is not a terminal
    // --no-record: nothing was added to the log
    const auto show = run_dimmguard({"log", "show", "--json", "--data-dir", demo.data}, demo.tmp);
    REQUIRE(show.status == 0);
    CHECK(parse_json(show).dump().find("PO-2026-1127") == std::string::npos);
}

TEST_CASE("cli: verify on dump files, without a registry, and usage errors", "[cli][verify]") {
    TempDir tmp;
    const auto image = (source_dir() / "examples" / "spd" / "ddr4-rdimm-samsung-32g.bin").string();
    const auto none = run_dimmguard({"verify", image, "--data-dir", tmp.file("empty"), "--json"}, tmp);
    CHECK(none.status == 16);  // no registry: a registry problem, and the module is only "unknown"
    const json doc = parse_json(none);
    CHECK(doc.at("modules")[0].at("verdict") == "unknown");
    CHECK(doc.at("registry").at("problems")[0].get<std::string>().find("no registry at") != std::string::npos);
    CHECK(run_dimmguard({"verify", image, "--data-dir", tmp.file("empty"), "--strict"}, tmp).status == (16 | 4));

    const auto missing = run_dimmguard({"verify", tmp.file("nope.bin"), "--data-dir", tmp.file("empty"), "--no-record"}, tmp);
    CHECK((missing.status & 2) == 2);
    CHECK(run_dimmguard({"verify"}, tmp).status == 1);
    CHECK(run_dimmguard({"verify", image, "--bench", "x.json"}, tmp).status == 1);
    CHECK(run_dimmguard({"verify", image, "--event", "party"}, tmp).status == 1);
    CHECK(run_dimmguard({"verify", image, "--context", "novalue"}, tmp).status == 1);
}

TEST_CASE("cli: running the demo again changes no verdict: genuine stays genuine, every judged module stays judged", "[cli][verify][demo]") {
    Demo demo;
    const auto first = run_dimmguard(demo.verify_args({"--json"}), demo.tmp);
    const auto second = run_dimmguard(demo.verify_args({"--json"}), demo.tmp);
    CHECK(first.status == 12);
    CHECK(second.status == 12);
    const json a = parse_json(first);
    const json b = parse_json(second);
    REQUIRE(a.at("modules").size() == b.at("modules").size());
    for (std::size_t i = 0; i < a.at("modules").size(); ++i) {
        const json& m1 = a.at("modules")[i];
        const json& m2 = b.at("modules")[i];
        const std::string slot = m2.at("source").at("slot");
        INFO(slot);
        CHECK(m1.at("verdict") == m2.at("verdict"));
        CHECK(m1.at("fraud_kind") == m2.at("fraud_kind"));
        if (m2.at("verdict") == "genuine") {
            CHECK_FALSE(codes(m2).count("PRIOR_VERDICT"));
            CHECK(m2.at("custody").at("state") == "held");   // custody from the first intake, not reset
        } else {
            CHECK(codes(m2).count("PRIOR_VERDICT") == 1);     // sticky until a QA release
        }
        if (slot == "B1") {
            CHECK(codes(m2).count("DUP_REENTRY") == 1);      // the fraudulent intake never became custody
            CHECK(m2.at("custody").at("state") == "shipped");
            CHECK(m2.at("fraud_kind") == "used_as_new");
        }
    }
    const auto log = run_dimmguard({"log", "verify", "--data-dir", demo.data}, demo.tmp);
    CHECK(log.status == 0);  // 32 signed, hash-chained sightings, nothing tampered
}

namespace {

/// The demo bench with its image files made absolute, to be edited and written elsewhere.
json demo_bench() {
    const fs::path dir = source_dir() / "examples" / "demo";
    json bench = json::parse(slurp(dir / "bench.json"));
    for (auto& bus : bench.at("buses")) {
        for (auto& slot : bus.at("slots")) {
            if (slot.at("spd").contains("file")) slot["spd"]["file"] = (dir / slot["spd"]["file"].get<std::string>()).lexically_normal().string();
        }
    }
    return bench;
}

json& slot_of(json& bench, const std::string& label) {
    for (auto& bus : bench.at("buses")) {
        for (auto& slot : bus.at("slots")) {
            if (slot.at("label") == label) return slot;
        }
    }
    FAIL("no slot " << label);
    throw std::logic_error("unreachable");
}

const json* finding(const json& module, const std::string& code) {
    for (const auto& f : module.at("findings")) {
        if (f.at("code") == code) return &f;
    }
    return nullptr;
}

}  // namespace

// The three demo clones (one donor image, serial included, in B5-B7) scanned one slot at a
// time, as at a desk that takes a lot label by label: the first is all a registry can know;
// the second and third are caught because the slot where this station last saw the identity
// still holds a module with it. A re-scan in the same slot, a module moved to an empty slot,
// and a clone that does not read stable in the other slot are never called copies.
TEST_CASE("cli: clones scanned one slot at a time are caught by the slot that still holds the first", "[cli][verify][demo][custody]") {
    Demo demo;
    auto one = [&](const std::string& bench, const std::string& slot, const std::string& lot) {
        const auto r = run_dimmguard({"verify", "--bench", bench, "--slot", slot, "--lot", lot, "--data-dir", demo.data, "--json"}, demo.tmp);
        INFO(slot << ": " << r.err);
        const json doc = parse_json(r);
        REQUIRE(doc.at("modules").size() == 1);
        return doc.at("modules")[0];
    };
    const std::string bench = (source_dir() / "examples" / "demo" / "bench.json").string();

    const json b5 = one(bench, "B5", "PO-ONE-BY-ONE");
    CHECK(b5.at("verdict") == "genuine");
    CHECK(finding(b5, "DUP_IN_SCAN") == nullptr);
    const json again = one(bench, "B5", "PO-ONE-BY-ONE");   // a re-scan in its slot
    CHECK(again.at("verdict") == "genuine");
    CHECK(finding(again, "DUP_IN_SCAN") == nullptr);

    for (const std::string slot : {"B6", "B7"}) {
        const json m = one(bench, slot, "PO-ONE-BY-ONE");
        INFO(slot);
        CHECK(m.at("verdict") == "counterfeit");
        const json* dup = finding(m, "DUP_IN_SCAN");
        REQUIRE(dup != nullptr);
        CHECK(dup->at("evidence").at("identity") == b5.at("identity"));
        // The slot the identity was last seen in: B5 for B6, B6 for B7.
        CHECK(dup->at("evidence").at("other_location") == (slot == "B6" ? "i2c-1 0x54" : "i2c-1 0x55"));
    }

    // A1's module moved to A2's socket (A1 left empty): the same module, not a copy.
    const std::string moved = demo.tmp.file("moved.json");
    {
        json b = demo_bench();
        json a1 = slot_of(b, "A1");
        slot_of(b, "A2")["spd"] = a1.at("spd");
        for (auto& bus : b.at("buses")) {
            auto& slots = bus.at("slots");
            slots.erase(std::remove_if(slots.begin(), slots.end(), [](const json& x) { return x.at("label") == "A1"; }), slots.end());
        }
        std::ofstream(moved) << b.dump(1);
    }
    CHECK(one(bench, "A1", "PO-MOVE").at("verdict") == "genuine");
    const json a2 = one(moved, "A2", "PO-MOVE");
    CHECK(a2.at("verdict") == "genuine");
    CHECK(finding(a2, "DUP_IN_SCAN") == nullptr);

    // A copy of A3 in a socket on a third segment. While that segment corrupts every read, its
    // module is no evidence; once it reads stable, it is.
    auto with_copy = [&](const std::string& name, double bitflips) {
        json b = demo_bench();
        json segment = b.at("buses")[0];
        segment["name"] = "i2c-7";
        segment["slots"] = json::array({slot_of(b, "A3")});
        segment["slots"][0]["label"] = "C1";
        segment["faults"] = {{"seed", 7}, {"bitflip_rate", bitflips}};
        b.at("buses").push_back(segment);
        const std::string path = demo.tmp.file(name);
        std::ofstream(path) << b.dump(1);
        return path;
    };
    const std::string stable = with_copy("copy-stable.json", 0.0);
    const std::string flaky = with_copy("copy-flaky.json", 0.2);
    CHECK(one(stable, "C1", "PO-FLAKY").at("verdict") == "genuine");   // the copy first: all that is known
    const json a3_flaky = one(flaky, "A3", "PO-FLAKY");
    CHECK(a3_flaky.at("verdict") == "genuine");
    CHECK(finding(a3_flaky, "DUP_IN_SCAN") == nullptr);
    const json a3 = one(stable, "A3", "PO-FLAKY");
    CHECK(a3.at("verdict") == "counterfeit");
    REQUIRE(finding(a3, "DUP_IN_SCAN") != nullptr);
    CHECK(finding(a3, "DUP_IN_SCAN")->at("evidence").at("other_location") == "i2c-7 0x52");

    const auto log = run_dimmguard({"log", "verify", "--data-dir", demo.data}, demo.tmp);
    CHECK(log.status == 0);
}

TEST_CASE("cli: one --label with several modules is a usage error naming --slot and --labels", "[cli][verify][demo]") {
    Demo demo;
    const auto bench = (source_dir() / "examples" / "demo" / "bench.json").string();
    const auto r = run_dimmguard({"verify", "--bench", bench, "--label", "MTC40F2046S1RC48BA1 64GB", "--data-dir", demo.data}, demo.tmp);
    CHECK(r.status == 1);
    CHECK_THAT(r.err, Catch::Contains("--slot") && Catch::Contains("--labels FILE"));
    CHECK(r.out.empty());
    // nothing was recorded
    const auto shown = run_dimmguard({"log", "show", "--json", "--data-dir", demo.data}, demo.tmp);
    const json doc = parse_json(shown);
    for (const auto& s : doc.at("sightings")) CHECK(s.at("context").value("lot", "") != "PO-2026-1127");
    const auto one = run_dimmguard({"verify", "--bench", bench, "--slot", "A1", "--label", "MTC40F2046S1RC48BA1 64GB", "--data-dir", demo.data, "--json"}, demo.tmp);
    CHECK(one.status == 0);
}

TEST_CASE("cli: log dispose quarantines, refuses a release without a qa key, and log show prints custody", "[cli][log][custody]") {
    Demo demo;
    (void)run_dimmguard(demo.verify_args({}), demo.tmp);
    const std::string b1 = "80ce-01-2407-41c0e600";
    const auto q = run_dimmguard({"log", "dispose", "--identity", b1, "--action", "quarantine", "--reason", "back without a return",
                                  "--operator", "Li Wei", "--data-dir", demo.data, "--json"}, demo.tmp);
    CHECK(q.status == 0);
    CHECK(parse_json(q).at("custody").at("state") == "quarantined");
    const auto release = run_dimmguard({"log", "dispose", "--identity", b1, "--action", "release", "--reason", "looks fine",
                                        "--operator", "Li Wei", "--data-dir", demo.data}, demo.tmp);
    CHECK(release.status == 1);
    CHECK_THAT(release.err, Catch::Contains("qa"));
    const auto bad = run_dimmguard({"log", "dispose", "--identity", b1, "--action", "ship", "--reason", "x", "--operator", "y",
                                    "--data-dir", demo.data}, demo.tmp);
    CHECK(bad.status == 1);
    const auto record = run_dimmguard({"log", "record", "--identity", b1, "--event", "release", "--data-dir", demo.data}, demo.tmp);
    CHECK(record.status == 1);   // dispositions only through log dispose
    CHECK_THAT(record.err, Catch::Contains("log dispose"));
    const auto show = run_dimmguard({"log", "show", "--identity", b1, "--data-dir", demo.data}, demo.tmp);
    CHECK_THAT(show.out, Catch::Contains("custody: quarantined at") && Catch::Contains("unresolved: judged counterfeit"));
    // still counterfeit after the quarantine
    const json again = parse_json(run_dimmguard(demo.verify_args({"--json", "--slot", "B1"}), demo.tmp));
    CHECK(again.at("modules")[0].at("verdict") == "counterfeit");
}

TEST_CASE("cli: burn-in compares the SPD with the firmware's SMBIOS type 17 records", "[cli][verify][smbios]") {
    Demo demo;
    {
        std::ofstream dmi(demo.tmp.file("dmi.txt"));
        dmi << "Handle 0x0040, DMI type 17, 92 bytes\nMemory Device\n\tSize: 32 GB\n\tLocator: A2\n\tSerial Number: 41C0E512\n"
               "\tPart Number: M321R4GA3BB6-CQKET\n\nHandle 0x0041, DMI type 17, 92 bytes\nMemory Device\n\tSize: 64 GB\n"
               "\tLocator: A3\n\tSerial Number: 7A1C0099\n\tPart Number: HMCG94AGBRA181N\n\nMemory Device\n"
               "\tSize: No Module Installed\n\tLocator: A9\n";
    }
    const auto r = run_dimmguard(demo.verify_args({"--json", "--no-record", "--event", "burn-in", "--smbios", demo.tmp.file("dmi.txt")}), demo.tmp);
    const json doc = parse_json(r);
    CHECK(doc.at("event") == "burn-in");
    for (const auto& m : doc.at("modules")) {
        const auto slot = m.at("source").at("slot").get<std::string>();
        if (slot == "A2") CHECK(codes(m).empty());  // serial and part agree (SMBIOS prints the serial upper-case)
        if (slot == "A3") CHECK(codes(m) == std::set<std::string>{"SMBIOS_MISMATCH"});
    }
}

TEST_CASE("cli: verify --replay of a recorded demo trace reproduces the demo's verdicts", "[cli][verify][replay][demo]") {
    Demo demo;
    const auto trace = (source_dir() / "tests" / "data" / "traces" / "demo.trace").string();
    const auto live = run_dimmguard(demo.verify_args({"--json", "--no-record"}), demo.tmp);
    std::vector<std::string> replay_args{"verify", "--replay", trace, "--labels", (source_dir() / "examples" / "demo" / "labels.csv").string(),
                                         "--lot", "PO-2026-1127", "--data-dir", demo.data, "--json", "--no-record"};
    const auto replayed = run_dimmguard(replay_args, demo.tmp);
    CHECK(replayed.status == live.status);
    CHECK(replayed.status == 12);
    const json a = parse_json(live), b = parse_json(replayed);
    REQUIRE(a.at("modules").size() == 16);
    REQUIRE(b.at("modules").size() == 16);
    for (std::size_t i = 0; i < 16; ++i) {
        const json& x = a.at("modules")[i];
        const json& y = b.at("modules")[i];
        INFO(x.at("source").at("slot"));
        CHECK(x.at("source") == y.at("source"));
        CHECK(x.at("verdict") == y.at("verdict"));
        CHECK(codes(x) == codes(y));
        CHECK(x.at("fingerprint") == y.at("fingerprint"));
        CHECK(x.at("identity") == y.at("identity"));
    }
    // scan --replay prints what scan --bench printed when the trace was recorded.
    const auto scanned = run_dimmguard({"scan", "--bench", (source_dir() / "examples" / "demo" / "bench.json").string(), "--json"}, demo.tmp);
    const auto rescanned = run_dimmguard({"scan", "--replay", trace, "--json"}, demo.tmp);
    CHECK(scanned.status == rescanned.status);
    CHECK(parse_json(scanned).at("modules") == parse_json(rescanned).at("modules"));
}

TEST_CASE("cli: verify --context takes one value per flag, a dump file after it stays a file", "[cli][verify]") {
    TempDir tmp;
    const auto image = (source_dir() / "examples" / "spd" / "ddr4-rdimm-samsung-32g.bin").string();
    const auto r = run_dimmguard({"verify", "--context", "server=SN1", image, "--context", "rack=R2", "--data-dir", tmp.file("empty"), "--json"}, tmp);
    CHECK(r.status == 16);
    const json doc = parse_json(r);
    REQUIRE(doc.at("modules").size() == 1);
    CHECK(doc.at("modules")[0].at("source").at("location") == image);
    CHECK(doc.at("context").at("server") == "SN1");
    CHECK(doc.at("context").at("rack") == "R2");
}

TEST_CASE("cli: the evidence of a counterfeit verdict verifies elsewhere with the root key alone", "[cli][verify][demo][evidence]") {
    Demo demo;
    const auto r = run_dimmguard(demo.verify_args({"--json"}), demo.tmp);
    const json doc = parse_json(r);
    std::string id, fail_code;
    for (const auto& m : doc.at("modules")) {
        if (m.at("verdict") == "counterfeit" && m.at("sighting").is_string()) {
            id = m.at("sighting").get<std::string>();
            for (const auto& f : m.at("findings")) {
                if (f.at("severity") == "fail") fail_code = f.at("code").get<std::string>();
            }
            break;
        }
    }
    REQUIRE_FALSE(id.empty());
    REQUIRE_FALSE(fail_code.empty());
    const std::string file = demo.tmp.file("case.evidence");
    const auto exported = run_dimmguard({"evidence", "export", "--inspection", id, "-o", file, "--data-dir", demo.data}, demo.tmp);
    INFO(exported.err);
    REQUIRE(exported.status == 0);
    // verified without any registry: only the evidence file and the root public key
    const auto verified = run_dimmguard({"evidence", "verify", file, "--root-key", demo.data + "/demo-keys/root.pub"}, demo.tmp);
    INFO(verified.out);
    CHECK(verified.status == 0);
    CHECK_THAT(verified.out, Catch::Contains("inspection " + id + ": counterfeit") && Catch::Contains("evidence verifies from the root key"));
    // the warn / fail codes the inspection signed, listed by the CLI export without words
    CHECK_THAT(verified.out, Catch::Contains("findings signed by the inspection: "));
    CHECK_THAT(verified.out, Catch::Contains("\n  -  " + fail_code + "\n"));
    // a forged root: nothing verifies
    const auto forged = run_dimmguard({"bundle", "keygen", "-o", demo.tmp.file("other")}, demo.tmp);
    REQUIRE(forged.status == 0);
    const auto refused = run_dimmguard({"evidence", "verify", file, "--root-key", demo.tmp.file("other.pub")}, demo.tmp);
    CHECK(refused.status == 16);
    CHECK_THAT(refused.out, Catch::Contains("does NOT verify"));
}

TEST_CASE("cli: evidence export --spd explains the signed findings in verify's words, and a changed finding line is refused", "[cli][verify][demo][evidence]") {
    Demo demo;
    // A4 of the demo bench (a 32 GB module re-flashed to claim the 64 GB part) saved as a dump,
    // then inspected from that file as a desk would: the sighting records the codes.
    const auto saved = run_dimmguard({"scan", "--bench", (source_dir() / "examples" / "demo" / "bench.json").string(), "--slot", "A4", "--save",
                                      demo.tmp.file("dumps")},
                                     demo.tmp);
    REQUIRE(saved.status == 0);
    const std::string image = demo.tmp.file("dumps") + "/i2c-0-0x53.bin";
    REQUIRE(fs::exists(image));
    const json doc = parse_json(run_dimmguard({"verify", image, "--json", "--data-dir", demo.data}, demo.tmp));
    const json& module = doc.at("modules").at(0);
    REQUIRE(module.at("verdict") == "counterfeit");
    const std::string id = module.at("sighting").get<std::string>();
    const std::set<std::string> signed_codes = codes(module);
    REQUIRE(signed_codes.count("FINGERPRINT_MISMATCH") == 1);
    std::string fail_message;
    for (const auto& f : module.at("findings")) {
        if (f.at("code") == "FINGERPRINT_MISMATCH") fail_message = f.at("message").get<std::string>();
    }
    REQUIRE_FALSE(fail_message.empty());

    const std::string file = demo.tmp.file("case.evidence");
    const auto exported = run_dimmguard({"evidence", "export", "--inspection", id, "--spd", image, "-o", file, "--data-dir", demo.data}, demo.tmp);
    INFO(exported.out << exported.err);
    REQUIRE(exported.status == 0);
    CHECK_THAT(exported.out, Catch::Contains("findings explained from the SPD image: "));
    const std::string text = slurp(file);
    std::vector<std::string> finding_lines;
    std::string without_findings;
    for (std::size_t p = 0, q; p < text.size(); p = q + 1) {
        q = text.find('\n', p);
        const std::string line = text.substr(p, q - p);
        if (line.rfind("finding ", 0) == 0) finding_lines.push_back(line);
        else without_findings += line + "\n";
    }
    REQUIRE(finding_lines.size() == signed_codes.size());
    for (const auto& line : finding_lines) CHECK_FALSE(line.ends_with(" -"));   // every signed code found again, with words

    const std::string root = demo.data + "/demo-keys/root.pub";
    const auto check = [&](const std::string& name, const std::string& content) {
        const std::string path = demo.tmp.file(name);
        write_bytes(path, std::vector<std::uint8_t>(content.begin(), content.end()));
        return run_dimmguard({"evidence", "verify", path, "--root-key", root}, demo.tmp);
    };
    const auto verified = check("same.evidence", text);
    INFO(verified.out);
    CHECK(verified.status == 0);
    CHECK_THAT(verified.out, Catch::Contains("the words and severities are not signed"));
    CHECK_THAT(verified.out, Catch::Contains("  fail  FINGERPRINT_MISMATCH: " + fail_message + "\n"));
    CHECK_THAT(verified.out, Catch::Contains("evidence verifies from the root key"));

    const auto refused = [&](const std::string& name, const std::string& content) {
        const auto r = check(name, content);
        INFO(name << ":\n" << r.out);
        CHECK(r.status == 16);
        CHECK_THAT(r.out, Catch::Contains("PROBLEM: the findings listed (") && Catch::Contains("are not the ones the inspection signed") &&
                              Catch::Contains("evidence does NOT verify"));
    };
    const std::size_t first = text.find("\nfinding ") + 1;
    const std::size_t first_end = text.find('\n', first) + 1;
    // a finding removed, its code changed, a finding added, a fail made info
    refused("removed.evidence", text.substr(0, first) + text.substr(first_end));
    refused("renamed.evidence", text.substr(0, first) + "finding LABEL_MISMATCH" + text.substr(text.find(' ', first + 8)));
    refused("added.evidence", text.substr(0, first) + "finding SERIAL_REVOKED fail -\n" + text.substr(first));
    std::string demoted = text;
    demoted.replace(demoted.find("finding FINGERPRINT_MISMATCH fail "), 34, "finding FINGERPRINT_MISMATCH info ");
    refused("demoted.evidence", demoted);

    // written before finding lines existed: still verifies, with the signed codes listed
    const auto old = check("old.evidence", without_findings);
    INFO(old.out);
    CHECK(old.status == 0);
    CHECK_THAT(old.out, Catch::Contains("findings signed by the inspection: ") && Catch::Contains("no finding lines in this file"));

    // another module's image is not this inspection's
    const auto wrong = run_dimmguard({"evidence", "export", "--inspection", id, "--spd", (source_dir() / "examples" / "spd" / "ddr5-rdimm-micron-64g.bin").string(),
                                      "-o", demo.tmp.file("wrong.evidence"), "--data-dir", demo.data},
                                     demo.tmp);
    CHECK(wrong.status == 1);
    CHECK_THAT(wrong.err, Catch::Contains("is not the one sighting " + id + " fingerprinted"));
    CHECK_FALSE(fs::exists(demo.tmp.file("wrong.evidence")));
}
