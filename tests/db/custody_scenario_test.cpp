// SPDX-License-Identifier: GPL-3.0-or-later
// Custody scenarios (docs/custody.md): sequences of inspections, ships, returns, moves, burn-ins
// and signed dispositions against a real signed registry, asserting invariants rather than
// single outputs: a re-scan never improves an unresolved verdict; re-lotting a held identity is
// caught; burn-in repeats and same-lot rescans stay genuine; a release needs a qa key; and
// seeded fault-injected bus reads of genuine modules never give a counterfeit, never a genuine
// verdict from wrong bytes, and never leave a sighting of a wrong fingerprint behind.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>

#include "dimmguard/bytes.hpp"

#include "db/custody.hpp"
#include "db/disposition.hpp"
#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/emulated_bus.hpp"
#include "firmware_io/spd_reader.hpp"
#include "registry_fixture.hpp"
#include "verifier/custody.hpp"

using namespace registry_fixture;

namespace {

/// One recorded inspection at this station (B): the verdict and the findings.
struct Step {
    Checked checked;
    std::string time;
};

class Scenario {
public:
    Fixture f;
    int minute = 0;

    /// Inspect `spec` at this station with `event` in `lot` (and `server`), recording the sighting.
    Checked scan(const SynthSpec& spec, EventKind event, const std::string& lot, const std::string& server = {}) {
        const std::string at = tick();
        db::SqliteRegistry registry(*f.db, at);
        verifier::InspectOptions options;
        options.event = event;
        options.record = true;
        options.today_week = today;
        if (!lot.empty()) options.context["lot"] = lot;
        if (!server.empty()) options.context["server"] = server;
        verifier::Inspector inspector(verifier::Policy::builtin(), &registry, f.station, options);
        firmware_io::AcquiredModule m;
        m.location = "module.bin";
        m.via = "file (raw)";
        firmware_io::ModuleRead read;
        read.generation = dimmguard::Generation::ddr5;
        read.image = image_of(spec);
        m.read = read;
        std::vector<firmware_io::AcquiredModule> modules;
        modules.push_back(std::move(m));
        auto report = inspector.inspect(std::move(modules));
        REQUIRE(report.modules.size() == 1);
        INFO("registry problems: " << (report.registry_problems.empty() ? std::string() : report.registry_problems.front()));
        REQUIRE(report.registry_problems.empty());
        REQUIRE(report.modules.front().sighting);
        return Checked{std::move(report.modules.front()), engine::exit_status_of(report.modules, report.registry_problems, false)};
    }

    /// A custody event recorded without inspection (`log record`).
    void record(const SynthSpec& spec, EventKind event, std::map<std::string, std::string> context = {}) {
        auto s = Fixture::sighting(spec, event);
        s.context = std::move(context);
        s.verdict = "unknown";
        f.record_here(s, tick());
    }

    Result<verifier::Sighting> dispose(const SynthSpec& spec, EventKind action, const db::KeyPair* qa = nullptr) {
        db::Disposition d;
        d.identity = identity(spec);
        d.action = action;
        d.reason = "checked by QA";
        d.operator_name = "Li Wei";
        d.qa_key = qa;
        d.now = tick();
        return db::record_disposition(*f.db, d);
    }

    verifier::Custody custody(const SynthSpec& spec) {
        auto c = db::custody(*f.db, identity(spec));
        REQUIRE(c);
        return c->state;
    }

private:
    std::string tick() {
        char buf[32];
        ++minute;
        std::snprintf(buf, sizeof buf, "2026-06-01T%02d:%02d:00Z", minute / 60, minute % 60);
        return buf;
    }
};

int rank(Verdict v) { return v == Verdict::counterfeit ? 2 : v == Verdict::suspect ? 1 : 0; }

}  // namespace

TEST_CASE("custody: a shipped module back at intake stays counterfeit on every rescan until QA releases it", "[db][custody]") {
    Scenario s;
    const SynthSpec module = genuine32();
    expect_genuine(s.scan(module, EventKind::intake, "PO-1"));
    s.record(module, EventKind::ship, {{"customer", "ACME Cloud"}});
    const Checked first = s.scan(module, EventKind::intake, "PO-2");
    CHECK(first.verdict() == Verdict::counterfeit);
    CHECK(first.module.fraud_kind == verifier::FraudKind::used_as_new);
    expect_one(first, FindingCode::dup_reentry, Severity::fail, Category::history);
    for (int i = 0; i < 3; ++i) {
        const Checked again = s.scan(module, EventKind::intake, "PO-2");
        INFO("rescan " << i << ": " << again.codes());
        CHECK(again.verdict() == Verdict::counterfeit);
        CHECK(again.has(FindingCode::prior_verdict));
        CHECK(again.has(FindingCode::dup_reentry));   // the fraudulent intake never became custody
        CHECK(again.module.fraud_kind == verifier::FraudKind::used_as_new);
    }
    CHECK(s.custody(module).state == verifier::CustodyState::shipped);

    // Quarantine changes where it is, not what it is.
    REQUIRE(s.dispose(module, EventKind::quarantine));
    CHECK(s.custody(module).state == verifier::CustodyState::quarantined);
    CHECK(s.scan(module, EventKind::intake, "PO-2").verdict() == Verdict::counterfeit);

    // A release needs a qa key: none, or a key without the role, is refused and writes nothing.
    const auto before = s.custody(module).sightings;
    auto no_key = s.dispose(module, EventKind::release);
    REQUIRE_FALSE(no_key);
    CHECK(no_key.error().code == Errc::usage);
    auto wrong_key = s.dispose(module, EventKind::release, &s.f.publisher);
    REQUIRE_FALSE(wrong_key);
    CHECK(wrong_key.error().code == Errc::untrusted_key);
    CHECK(s.custody(module).sightings == before);

    REQUIRE(s.dispose(module, EventKind::release, &s.f.qa));
    const verifier::Custody released = s.custody(module);
    CHECK(released.state == verifier::CustodyState::held);
    CHECK(released.released);
    CHECK_FALSE(released.unresolved);
    expect_genuine(s.scan(module, EventKind::intake, "PO-2"));
}

TEST_CASE("custody: a forged release (station-signed, no valid qa signature) resolves nothing", "[db][custody]") {
    Scenario s;
    const SynthSpec module = genuine32();
    expect_genuine(s.scan(module, EventKind::intake, "PO-1"));
    s.record(module, EventKind::ship, {{"customer", "ACME Cloud"}});
    CHECK(s.scan(module, EventKind::intake, "PO-2").verdict() == Verdict::counterfeit);
    // The operator signs a release with the station key and a qa signature made by a key that
    // has no qa role: the log accepts the line, every reader refuses it.
    auto forged = Fixture::sighting(module, EventKind::release);
    forged.verdict.clear();
    forged.fingerprint.clear();
    forged.part_number.clear();
    forged.context = {{"operator", "someone"}, {"reason", "looks fine"}, {"qa_key", s.f.publisher.public_key().id()}};
    forged.station = s.f.station;
    forged.time = "2026-06-01T05:00:00Z";
    auto sig = s.f.publisher.sign(db::release_approval_message(forged));
    REQUIRE(sig);
    forged.context["qa_signature"] = db::signature_hex(*sig);
    s.f.record_here(forged, forged.time);
    const Checked after = s.scan(module, EventKind::intake, "PO-2");
    INFO(after.codes());
    CHECK(after.verdict() == Verdict::counterfeit);
    CHECK(after.has(FindingCode::prior_verdict));
    CHECK(after.has(FindingCode::registry_tampered));
}

TEST_CASE("custody: a clone arriving in a second lot while the first is held here is caught", "[db][custody]") {
    Scenario s;
    const SynthSpec module = genuine32();
    expect_genuine(s.scan(module, EventKind::intake, "PO-1"));
    SECTION("byte-identical clone, second lot, same station") {
        const Checked clone = s.scan(module, EventKind::intake, "PO-2");
        const auto& m = expect_one(clone, FindingCode::dup_serial, Severity::fail, Category::history);
        CHECK_THAT(m.message, Catch::Contains("lot PO-1"));
        CHECK(clone.module.fraud_kind == verifier::FraudKind::cloned);
        // ... and custody stayed with the first: the module is still held in PO-1
        CHECK(s.custody(module).lot == "PO-1");
        CHECK(s.custody(module).conflicts.size() == 1);
    }
    SECTION("a signed move re-lots it; rescans in the new lot stay genuine") {
        expect_genuine(s.scan(module, EventKind::move, "PO-2"));
        CHECK(s.custody(module).lot == "PO-2");
        for (int i = 0; i < 3; ++i) expect_genuine(s.scan(module, EventKind::intake, "PO-2"));
        CHECK(s.scan(module, EventKind::intake, "PO-1").has(FindingCode::dup_serial));
    }
    SECTION("same-lot rescans stay genuine and never reset custody") {
        const std::string since = s.custody(module).since;
        for (int i = 0; i < 5; ++i) expect_genuine(s.scan(module, EventKind::intake, "PO-1"));
        CHECK(s.custody(module).since == since);
    }
}

TEST_CASE("custody: burn-in repeats on one server stay genuine, an installed identity at intake is a clone", "[db][custody]") {
    Scenario s;
    const SynthSpec module = genuine32();
    expect_genuine(s.scan(module, EventKind::intake, "PO-1"));
    for (int i = 0; i < 3; ++i) expect_genuine(s.scan(module, EventKind::burn_in, "PO-1", "SRV-0042"));
    const verifier::Custody installed = s.custody(module);
    CHECK(installed.state == verifier::CustodyState::installed);
    CHECK(installed.server == "SRV-0042");
    const Checked intake = s.scan(module, EventKind::intake, "PO-9");
    const auto& m = expect_one(intake, FindingCode::dup_serial, Severity::fail, Category::history);
    CHECK_THAT(m.message, Catch::Contains("SRV-0042"));
}

TEST_CASE("custody: a scrapped identity can never come back", "[db][custody]") {
    Scenario s;
    const SynthSpec module = genuine32();
    expect_genuine(s.scan(module, EventKind::intake, "PO-1"));
    REQUIRE(s.dispose(module, EventKind::scrap));
    CHECK(s.custody(module).state == verifier::CustodyState::scrapped);
    for (EventKind e : {EventKind::intake, EventKind::return_}) {
        const Checked back = s.scan(module, e, "PO-5");
        INFO(back.codes());
        CHECK(back.has(FindingCode::dup_reentry));
        CHECK(back.verdict() == Verdict::counterfeit);
    }
}

TEST_CASE("custody: random sequences never let a rescan improve an unresolved verdict", "[db][custody]") {
    // Seeded walks over events (intake in one of two lots, rescan, move, ship, return, burn-in,
    // quarantine, release) with a genuine module and, now and then, a re-flashed copy of its
    // identity. Invariant: every inspection's verdict is at least as bad as the worst verdict
    // recorded for the identity since the last release.
    SynthSpec genuine = genuine32();
    SynthSpec reflashed = genuine32();
    reflashed.capacity_bytes = 64ULL << 30;
    reflashed.ranks = 2;   // claims pn32 but is built like the 64 GB part: another fingerprint
    for (std::uint32_t seed = 1; seed <= 3; ++seed) {
        Scenario s;
        std::mt19937 rng(seed);
        int unresolved = 0;
        for (int step = 0; step < 24; ++step) {
            const auto pick = rng() % 9;
            INFO("seed " << seed << " step " << step << " action " << pick);
            const std::string lot = rng() % 2 ? "PO-A" : "PO-B";
            if (pick <= 3) {
                const EventKind e = pick == 0 ? EventKind::intake : pick == 1 ? EventKind::bench : pick == 2 ? EventKind::move : EventKind::return_;
                const bool fake = rng() % 5 == 0;
                const Checked c = s.scan(fake ? reflashed : genuine, e, lot);
                INFO(c.codes());
                CHECK(rank(c.verdict()) >= unresolved);
                unresolved = std::max(unresolved, rank(c.verdict()));
            } else if (pick == 4) {
                s.record(genuine, EventKind::ship, {{"customer", "ACME"}});
            } else if (pick == 5) {
                const Checked c = s.scan(genuine, EventKind::burn_in, lot, "SRV-1");
                CHECK(rank(c.verdict()) >= unresolved);
                unresolved = std::max(unresolved, rank(c.verdict()));
            } else if (pick == 6) {
                REQUIRE(s.dispose(genuine, EventKind::quarantine));
            } else if (pick == 7) {
                REQUIRE(s.dispose(genuine, EventKind::release, &s.f.qa));
                unresolved = 0;
            } else {
                const Checked c = s.scan(genuine, EventKind::intake, lot);
                CHECK(rank(c.verdict()) >= unresolved);
                unresolved = std::max(unresolved, rank(c.verdict()));
            }
            CHECK((s.custody(genuine).unresolved.has_value() == (unresolved > 0)));
        }
    }
}

TEST_CASE("custody: 10,000 fault-injected bus reads of genuine modules: no counterfeit, no wrong bytes judged, no wrong fingerprint recorded",
          "[db][custody][faults]") {
    Scenario s;
    // Eight genuine SK hynix modules per run on one DDR5 segment, as on a server bench, each run
    // with new serials (SK hynix publishes none here), so every identity has its own history.
    const std::string genuine_fingerprint = fingerprint(hynix32());
    firmware_io::Spd5118Config hub;
    hub.write_protect = 0xffff;
    int reads = 0, unreadable = 0, genuine = 0, counterfeit = 0, suspect = 0, wrong_bytes_judged = 0;
    std::vector<SynthSpec> specs;
    const char* wanted = std::getenv("DIMMGUARD_FAULT_READS");   // a quicker local run; CI runs 10,000
    const int target = wanted != nullptr ? std::atoi(wanted) : 10'000;
    for (std::uint64_t seed = 1; reads < target; ++seed) {
        std::vector<std::vector<std::uint8_t>> images;
        auto emulated = std::make_shared<firmware_io::EmulatedBus>("i2c-0");
        for (unsigned i = 0; i < 8; ++i) {
            char serial[9];
            std::snprintf(serial, sizeof serial, "%08llx", static_cast<unsigned long long>(seed * 8 + i));
            specs.push_back(hynix32(serial));
            images.push_back(image_of(specs.back()));
            const auto a = static_cast<firmware_io::Address>(0x50 + i);
            REQUIRE(emulated->attach(a, std::make_shared<firmware_io::Spd5118Device>(images[i], hub)));
            REQUIRE(emulated->attach(static_cast<firmware_io::Address>(0x48 | i), std::make_shared<firmware_io::RegisterDevice>(
                "pmic", std::map<std::uint8_t, std::uint8_t>{{0x3b, 0x12}, {0x3c, 0x80}, {0x3d, 0xb3}})));
        }
        firmware_io::FaultPlan plan;
        plan.seed = seed;
        plan.nack_rate = 0.01;       // four times examples/bench/faulty-bus.json's flips, plus timeouts:
        plan.timeout_rate = 0.005;   // about one read in three fails to settle
        plan.bitflip_rate = 0.02;
        auto faulty = std::make_shared<firmware_io::FaultyBus>(emulated, plan);
        firmware_io::SpdReader reader(*faulty);
        std::vector<firmware_io::AcquiredModule> modules;
        std::map<std::string, std::size_t> truth;   // location -> index of the module really there
        for (auto& r : reader.read_all()) {
            firmware_io::AcquiredModule m;
            m.bus = "i2c-0";
            m.via = "bus";
            if (r) {
                m.address = r->address;
                m.location = "i2c-0 " + hex_byte(r->address);
                truth[m.location] = r->address - 0x50U;
            } else {
                m.location = "i2c-0 ?" + std::to_string(modules.size());
            }
            m.read = std::move(r);
            modules.push_back(std::move(m));
        }
        db::SqliteRegistry registry(*s.f.db, now);
        verifier::InspectOptions options;
        options.event = EventKind::bench;
        options.record = true;
        options.today_week = today;
        verifier::Inspector inspector(verifier::Policy::builtin(), &registry, s.f.station, options);
        auto report = inspector.inspect(std::move(modules));
        for (const auto& m : report.modules) {
            ++reads;
            const Checked shown{m, 0};
            INFO("seed " << seed << " " << m.location << ": " << shown.codes());
            switch (m.verdict) {
            case Verdict::unreadable: ++unreadable; break;
            case Verdict::genuine: ++genuine; break;
            case Verdict::counterfeit: ++counterfeit; break;
            case Verdict::suspect: ++suspect; break;
            case Verdict::unknown: break;
            }
            CHECK(m.verdict != Verdict::counterfeit);
            CHECK(m.verdict != Verdict::suspect);   // a bad contact is no reason to doubt a genuine module
            if (m.verdict != Verdict::unreadable && m.read) {
                const auto it = truth.find(m.location);
                REQUIRE(it != truth.end());
                if (m.read->image != images[it->second]) {
                    ++wrong_bytes_judged;
                    std::size_t diff = 0;
                    for (std::size_t k = 0; k < m.read->image.size() && k < images[it->second].size(); ++k) {
                        if (m.read->image[k] != images[it->second][k]) {
                            UNSCOPED_INFO("byte " << k << ": read " << int{m.read->image[k]} << ", stored " << int{images[it->second][k]});
                            if (++diff > 4) break;
                        }
                    }
                    UNSCOPED_INFO("reads " << m.read->reads << ", problems: " << (m.read->problems.empty() ? std::string() : m.read->problems.front()));
                }
                CHECK(m.read->image == images[it->second]);
            }
        }
    }
    // Every stored sighting of every identity names only the genuine fingerprints.
    std::size_t fingerprint_sightings = 0;
    for (const auto& spec : specs) {
        auto c = db::custody(*s.f.db, identity(spec));
        REQUIRE(c);
        CHECK(c->tampered.empty());
        for (const auto& item : c->history) {
            if (item.record.fingerprint.empty()) continue;
            ++fingerprint_sightings;
            CHECK(item.record.fingerprint == genuine_fingerprint);
        }
    }
    WARN("fault-injected reads: " << reads << " (" << genuine << " genuine, " << suspect << " suspect, " << unreadable
                                  << " unreadable, " << counterfeit << " counterfeit); " << fingerprint_sightings << " fingerprint sightings");
    CHECK(counterfeit == 0);
    CHECK(wrong_bytes_judged == 0);
    CHECK(genuine > reads / 2);
    CHECK(unreadable > 0);        // the plan is harsh enough to matter   // most reads still succeed: the faults are retried, not fatal
}
