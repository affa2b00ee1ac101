// SPDX-License-Identifier: GPL-3.0-or-later
// The inspection session on real inputs: the example benches, recorded traces under
// tests/data/traces, real SQLite registries in temporary directories.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include <fstream>
#include <set>

#include "../support/temp_dir.hpp"
#include "db/database.hpp"
#include "db/station_log.hpp"
#include "engine/exit_status.hpp"
#include "engine/render.hpp"
#include "engine/session.hpp"

using namespace dimmguard;
using namespace dimmguard::engine;
namespace fs = std::filesystem;
using Kind = firmware_io::AcquireSource::Kind;

namespace {

fs::path source_dir() {
    const char* dir = std::getenv("DIMMGUARD_SOURCE_DIR");
    if (dir == nullptr || *dir == '\0') FAIL("DIMMGUARD_SOURCE_DIR is not set: run these tests through ctest");
    return dir;
}

SessionOptions bench_options(const fs::path& data_dir, const std::string& bench = "examples/demo/bench.json") {
    SessionOptions o;
    o.data_dir = data_dir;
    o.source.kind = Kind::bench;
    o.source.bench = source_dir() / bench;
    o.today_week = "2026-W48";
    return o;
}

SessionOptions replay_options(const fs::path& data_dir, const fs::path& trace) {
    SessionOptions o;
    o.data_dir = data_dir;
    o.source.kind = Kind::replay;
    o.source.trace = trace;
    o.today_week = "2026-W48";
    return o;
}

InspectionSession prepared(SessionOptions o) {
    auto s = InspectionSession::prepare(std::move(o));
    if (!s) FAIL("prepare: " << s.error().message);
    return std::move(*s);
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Number of sightings stored in the registry at `dir`.
std::size_t sightings_in(const fs::path& dir) {
    auto database = db::Database::open(dir);
    REQUIRE(database);
    auto rows = db::recent_sightings(*database, 1000);
    REQUIRE(rows);
    return rows->size();
}

}  // namespace

TEST_CASE("session: options are checked before anything is read", "[engine][session]") {
    test_support::TempDir tmp;
    SessionOptions o = bench_options(tmp.path());
    SECTION("a directory as the labels file") {
        o.labels_file = tmp.path();
        auto s = InspectionSession::prepare(o);
        REQUIRE_FALSE(s);
        CHECK(s.error().code == Errc::io);   // an unreadable input: exit status 2
        CHECK(s.error().message == "--labels: " + tmp.path().string() + ": is a directory, expected a file");
    }
    SECTION("a labels line without a label") {
        write_text(tmp.path() / "labels.csv", "slot,label\nA1\n");
        o.labels_file = tmp.path() / "labels.csv";
        auto s = InspectionSession::prepare(o);
        REQUIRE_FALSE(s);
        CHECK(s.error().message == "--labels: " + (tmp.path() / "labels.csv").string() + " line 2: expected LOCATION,LABEL");
    }
    SECTION("a directory as the policy") {
        o.policy_file = tmp.path();
        auto s = InspectionSession::prepare(o);
        REQUIRE_FALSE(s);
        CHECK(s.error().code == Errc::io);
        CHECK(s.error().message.starts_with("--policy: "));
    }
    SECTION("a policy that is not JSON") {
        write_text(tmp.path() / "p.json", "{not json");
        o.policy_file = tmp.path() / "p.json";
        auto s = InspectionSession::prepare(o);
        REQUIRE_FALSE(s);
        CHECK(s.error().message == "--policy: " + (tmp.path() / "p.json").string() + ": not valid JSON");
    }
    SECTION("random bytes as dmidecode output") {
        write_text(tmp.path() / "dmi.bin", std::string("\x7f\x45\x4c\x46\x02\x01\x01\x00 random", 16));
        o.smbios_file = tmp.path() / "dmi.bin";
        auto s = InspectionSession::prepare(o);
        REQUIRE_FALSE(s);
        CHECK(s.error().message.find("not `dmidecode -t 17` output") != std::string::npos);
    }
    SECTION("a missing SMBIOS file") {
        o.smbios_file = tmp.path() / "nope.txt";
        auto s = InspectionSession::prepare(o);
        REQUIRE_FALSE(s);
        CHECK(s.error().code == Errc::usage);
        CHECK(s.error().message == "--smbios: " + (tmp.path() / "nope.txt").string() + ": no such file");
    }
    SECTION("labels file rows are merged over labels given directly") {
        write_text(tmp.path() / "labels.csv", "# intake sheet\nslot,label\nA1,\"MTC40F2046S1RC48BA1, 64GB\"\nA2,M321R4GA3BB6-CQKET 32GB\n");
        o.labels_file = tmp.path() / "labels.csv";
        o.labels["A2"] = "replaced";
        o.labels["A3"] = "kept";
        auto s = InspectionSession::prepare(o);
        REQUIRE(s);
        CHECK(s->options().labels.at("A1") == "MTC40F2046S1RC48BA1, 64GB");
        CHECK(s->options().labels.at("A2") == "M321R4GA3BB6-CQKET 32GB");
        CHECK(s->options().labels.at("A3") == "kept");
    }
}

TEST_CASE("session: the slot filter reads only the chosen module", "[engine][session]") {
    test_support::TempDir tmp;
    const std::vector<std::pair<std::string, std::set<std::string>>> cases = {
        {"A4", {"A4"}}, {"a4", {"A4"}}, {"0x53", {"A4", "B4"}}, {"i2c-1 0x53", {"B4"}}, {"", {}}};
    for (const auto& [slot, expected] : cases) {
        INFO("slot filter '" << slot << "'");
        SessionOptions o = bench_options(tmp.path() / "none");
        o.slot = slot;
        int reads = 0;
        auto acquired = prepared(o).acquire({}, [&](const ProgressEvent& e) {
            if (e.phase == ProgressEvent::Phase::reading && !e.slot.empty()) ++reads;
        });
        REQUIRE(acquired);
        std::set<std::string> got;
        for (const auto& m : acquired->modules) got.insert(m.label);
        if (slot.empty()) {
            CHECK(got.size() == 16);
            CHECK(reads == 16);
        } else {
            CHECK(got == expected);
            CHECK(reads == static_cast<int>(expected.size()));  // the others were probed, never read
        }
    }
    SessionOptions o = bench_options(tmp.path() / "none");
    o.slot = "Z9";
    auto none = prepared(o).run();
    REQUIRE_FALSE(none);
    CHECK(none.error().code == Errc::not_found);
    CHECK(none.error().message == "no module in slot Z9");
}

TEST_CASE("session: without a registry verdicts are at best unknown and the exit status says why", "[engine][session]") {
    test_support::TempDir tmp;
    SessionOptions o = bench_options(tmp.path() / "empty", "examples/bench/server-ddr5.json");
    std::vector<ProgressEvent> events;
    auto report = prepared(o).run({}, [&](const ProgressEvent& e) { events.push_back(e); });
    REQUIRE(report);
    REQUIRE(report->modules.size() == 8);
    for (const auto& m : report->modules) CHECK(m.verdict == verifier::Verdict::unknown);
    REQUIRE(report->registry_problems.size() == 1);
    CHECK(report->registry_problems[0].starts_with("no registry at "));
    CHECK(report->exit_status == exit_registry);
    CHECK_FALSE(report->recorded);
    CHECK(report->station.empty());
    CHECK_FALSE(fs::exists(tmp.path() / "empty"));  // an inspection never creates a registry
    // Progress: the registry, then every module read (with its slot label), then every check.
    REQUIRE_FALSE(events.empty());
    CHECK(events.front().phase == ProgressEvent::Phase::opening_registry);
    int checking = 0;
    for (const auto& e : events) {
        if (e.phase != ProgressEvent::Phase::checking) continue;
        CHECK(e.total == 8);
        CHECK(e.done == checking);
        CHECK_FALSE(e.slot.empty());
        ++checking;
    }
    CHECK(checking == 8);

    o.strict = true;
    auto strict = prepared(o).run();
    REQUIRE(strict);
    CHECK(strict->exit_status == (exit_registry | exit_suspect));
}

TEST_CASE("session: a cancel stops before the next module is read and records nothing", "[engine][session]") {
    test_support::TempDir tmp;
    REQUIRE(db::Database::open(tmp.path()));  // a registry without a trust root still records sightings
    SessionOptions o = bench_options(tmp.path());
    SECTION("cancelled while reading") {
        CancelToken cancel;
        int reads = 0;
        auto report = prepared(o).run(cancel, [&](const ProgressEvent& e) {
            if (e.phase == ProgressEvent::Phase::reading && !e.slot.empty() && ++reads == 3) cancel.cancel();
        });
        REQUIRE_FALSE(report);
        CHECK(report.error().code == Errc::cancelled);
        CHECK(reads == 3);
        CHECK(sightings_in(tmp.path()) == 0);
    }
    SECTION("cancelled before the run") {
        CancelToken cancel;
        cancel.cancel();
        auto report = prepared(o).run(cancel);
        REQUIRE_FALSE(report);
        CHECK(report.error().code == Errc::cancelled);
        CHECK(sightings_in(tmp.path()) == 0);
    }
    SECTION("cancelled from another thread while the session runs (the desk app's Cancel)") {
        // The session runs on this thread; a second thread presses Cancel once reading began.
        // Under the tsan preset this is the cross-thread cancel path the desk app uses.
        CancelToken cancel;
        std::atomic<int> reads{0};
        std::thread presser([&] {
            while (reads.load() < 2) std::this_thread::yield();
            cancel.cancel();
        });
        auto report = prepared(o).run(cancel, [&](const ProgressEvent& e) {
            if (e.phase == ProgressEvent::Phase::reading) reads.fetch_add(1);
        });
        presser.join();
        if (report) {
            // The whole bench was read before the cancel landed: then everything was judged and recorded.
            CHECK(sightings_in(tmp.path()) == 16);
        } else {
            CHECK(report.error().code == Errc::cancelled);
            CHECK(sightings_in(tmp.path()) == 0);   // a cancelled inspection records nothing
        }
    }
    SECTION("not cancelled: one sighting per module") {
        auto report = prepared(o).run();
        REQUIRE(report);
        CHECK(report->recorded);
        CHECK(sightings_in(tmp.path()) == 16);
    }
}

TEST_CASE("session: a recorded trace replays as the bus and gives the same report", "[engine][session][replay]") {
    test_support::TempDir tmp;
    const fs::path traces = source_dir() / "tests" / "data" / "traces";
    const std::vector<std::pair<std::string, std::string>> recordings = {
        {"demo", "examples/demo/bench.json"},           {"server-ddr5", "examples/bench/server-ddr5.json"},
        {"desk-ddr4", "examples/bench/desk-ddr4.json"}, {"mixed", "examples/bench/mixed.json"},
        {"faulty-bus", "examples/bench/faulty-bus.json"}};
    for (const auto& [name, bench] : recordings) {
        INFO(name);
        SessionOptions live = bench_options(tmp.path() / "none", bench);
        live.record = false;
        SessionOptions replayed = replay_options(tmp.path() / "none", traces / (name + ".trace"));
        replayed.record = false;
        auto a = prepared(live).run();
        auto b = prepared(replayed).run();
        REQUIRE(a);
        REQUIRE(b);
        REQUIRE(a->modules.size() == b->modules.size());
        for (std::size_t i = 0; i < a->modules.size(); ++i) {
            const auto& x = a->modules[i];
            const auto& y = b->modules[i];
            INFO(x.location);
            CHECK(x.location == y.location);
            CHECK(x.slot == y.slot);
            CHECK(x.verdict == y.verdict);
            CHECK(x.reason == y.reason);
            REQUIRE(x.read.has_value() == y.read.has_value());
            if (x.read) {
                CHECK(x.read->image == y.read->image);
                CHECK(x.read->stats.transactions == y.read->stats.transactions);
                CHECK(x.read->wire_ms == Approx(y.read->wire_ms));
            }
        }
        CHECK(a->exit_status == b->exit_status);
    }
}

TEST_CASE("session: a trace recorded before word reads existed still replays", "[engine][session][replay][word]") {
    // tests/data/traces-v1/desk-ddr4-piix4.trace: the desk-ddr4 modules on a piix4-class
    // adapter, in the trace format from before word reads: its header has no word= field, and
    // its reader read bytes wherever no I2C block read was offered. Replaying it must take that
    // byte path again (a reader that issued word reads would not find them in the recording).
    test_support::TempDir tmp;
    const fs::path trace = source_dir() / "tests" / "data" / "traces-v1" / "desk-ddr4-piix4.trace";
    const std::string text = slurp(trace);
    REQUIRE(text.find(" word=") == std::string::npos);
    REQUIRE(text.find(" block=0 ") != std::string::npos);
    SessionOptions replayed = replay_options(tmp.path() / "none", trace);
    replayed.record = false;
    SessionOptions live = bench_options(tmp.path() / "none", "examples/bench/desk-ddr4.json");
    live.record = false;
    auto a = prepared(live).run();
    auto b = prepared(replayed).run();
    REQUIRE(a);
    REQUIRE(b);  // a trace with transactions nobody asked for is refused (bad_format)
    REQUIRE(b->modules.size() == 4);
    REQUIRE(a->modules.size() == b->modules.size());
    for (std::size_t i = 0; i < b->modules.size(); ++i) {
        INFO(b->modules[i].location << ": " << b->modules[i].reason);
        REQUIRE(b->modules[i].read.has_value());
        CHECK_FALSE(b->modules[i].read->unstable);
        CHECK(b->modules[i].read->image == a->modules[i].read->image);
        CHECK(b->modules[i].verdict == a->modules[i].verdict);
    }
}

TEST_CASE("session: a trace that does not match the reader is refused, never half-believed", "[engine][session][replay]") {
    test_support::TempDir tmp;
    const std::string recorded = slurp(source_dir() / "tests" / "data" / "traces" / "desk-ddr4.trace");
    const auto lines_of = [](const std::string& text) {
        std::vector<std::string> lines;
        std::istringstream in(text);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    };
    const auto join = [](const std::vector<std::string>& lines) {
        std::string out;
        for (const auto& l : lines) out += l + "\n";
        return out;
    };
    auto lines = lines_of(recorded);
    REQUIRE(lines.size() > 100);
    SECTION("cut short: the modules it no longer covers are unreadable") {
        lines.resize(lines.size() - 40);
        write_text(tmp.path() / "t.trace", join(lines));
        auto report = prepared(replay_options(tmp.path() / "none", tmp.path() / "t.trace")).run();
        REQUIRE(report);
        bool unreadable = false;
        for (const auto& m : report->modules) {
            if (m.verdict == verifier::Verdict::unreadable) {
                unreadable = true;
                CHECK(m.reason.find("after the end of the recording") != std::string::npos);
            }
        }
        CHECK(unreadable);
        CHECK((report->exit_status & exit_unreadable) != 0);
    }
    SECTION("extra transactions nobody asked for") {
        lines.push_back("i2c-9 rb 0x50 0x00 -> 0x23");
        write_text(tmp.path() / "t.trace", join(lines));
        auto report = prepared(replay_options(tmp.path() / "none", tmp.path() / "t.trace")).run();
        REQUIRE_FALSE(report);
        CHECK(report.error().code == Errc::bad_format);
        CHECK(report.error().message.find("1 recorded transactions on i2c-9 were never requested") != std::string::npos);
    }
    SECTION("an edited answer breaks the CRC, and the re-read the reader then asks for is not there") {
        bool edited = false;
        for (auto& l : lines) {
            // An image block (32 bytes), not the 14-byte identification read.
            if (!edited && l.find(" rblk ") != std::string::npos && l.find(" 32 -> ") != std::string::npos) {
                l[l.size() - 3] = l[l.size() - 3] == '0' ? '1' : '0';
                edited = true;
            }
        }
        REQUIRE(edited);
        write_text(tmp.path() / "t.trace", join(lines));
        auto report = prepared(replay_options(tmp.path() / "none", tmp.path() / "t.trace")).run();
        REQUIRE(report);
        int unstable = 0;
        for (const auto& m : report->modules) {
            if (m.read && m.read->unstable) ++unstable;
        }
        CHECK(unstable == 1);
        CHECK(report->exit_status != exit_ok);
    }
    SECTION("not a trace at all") {
        write_text(tmp.path() / "t.trace", "hello world\n");
        auto report = prepared(replay_options(tmp.path() / "none", tmp.path() / "t.trace")).run();
        REQUIRE_FALSE(report);
        CHECK(report.error().code == Errc::bad_format);
    }
    SECTION("an empty file") {
        write_text(tmp.path() / "t.trace", "");
        auto report = prepared(replay_options(tmp.path() / "none", tmp.path() / "t.trace")).run();
        REQUIRE_FALSE(report);
        CHECK(report.error().message.find("not a dimmguard trace") != std::string::npos);
    }
    SECTION("a trace cannot make the reader write: a recorded write nobody requests is refused") {
        lines.insert(lines.begin() + 2, "i2c-9 wb 0x50 0x12 0x34 -> ok");
        write_text(tmp.path() / "t.trace", join(lines));
        auto report = prepared(replay_options(tmp.path() / "none", tmp.path() / "t.trace")).run();
        REQUIRE_FALSE(report);
        CHECK(report.error().code == Errc::bad_format);
        CHECK(report.error().message.find("were never requested") != std::string::npos);
    }
}

TEST_CASE("render: text, JSON and JUnit survive hostile SPD text", "[engine][render]") {
    InspectionReport report;
    verifier::ModuleReport m;
    m.location = "i2c-0 0x50";
    m.slot = "A<1>&";
    m.verdict = verifier::Verdict::counterfeit;
    m.reason = std::string("bad \x01 byte and \xff\xfe invalid UTF-8");
    m.label = "=cmd|' /C calc'!A0";
    report.modules.push_back(m);
    report.exit_status = exit_counterfeit;
    const std::string json = render_json(report);
    CHECK(json.find("\"exit_status\": 8") != std::string::npos);
    const std::string xml = render_junit(report);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find("A&lt;1&gt;&amp;") != std::string::npos);
    CHECK(xml.find("failures=\"1\"") != std::string::npos);
    const std::string csv = render_csv(std::vector<std::shared_ptr<const InspectionReport>>{std::make_shared<InspectionReport>(report)});
    CHECK(csv.find(",\"'=cmd|' /C calc'!A0\",") == std::string::npos);   // never as a formula ...
    CHECK(csv.find(",'=cmd|' /C calc'!A0,") != std::string::npos);      // ... but as text
    const std::string text = render_text(report);
    CHECK(text.find("COUNTERFEIT") != std::string::npos);
    CHECK(text.find("1 module: 0 genuine, 0 suspect, 1 counterfeit") != std::string::npos);
}
