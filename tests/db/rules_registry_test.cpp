// SPDX-License-Identifier: GPL-3.0-or-later
// The verification rules that need the registry (docs/findings.md), each with a fixture that
// fires it and one that must not, against a real db::SqliteRegistry: a file-backed database in a
// temporary directory, a pinned root, a root-signed trust document, and signed parts / serials /
// revocations bundles imported through import_bundle; sightings of a second, trusted station
// arrive as a signed station bundle (export_sightings / import_sightings); tampering is done
// with the real sqlite3 shell. Verdicts come from verifier::Inspector, the flow the CLI uses.
#include <catch2/catch.hpp>

#include "record_edit.hpp"

#include "dimmguard/bytes.hpp"
#include "registry_fixture.hpp"

using namespace registry_fixture;

TEST_CASE("rules registry: a genuine module matches its signed part record", "[db][rules]") {
    Fixture f;
    const Checked c = inspect(f, genuine32());
    expect_genuine(c);
    REQUIRE(c.module.check.part);
    CHECK(c.module.check.part->signer == f.publisher.public_key().id());
    CHECK(c.module.check.part->source == f.publisher.public_key().id() + "/parts/v1");
    CHECK(c.module.reason == std::string("matches the registry record of ") + pn32);
    expect_genuine(inspect(f, genuine32("3bf239f1")));  // another unit: same fingerprint
    expect_genuine(inspect(f, genuine64()));
}

TEST_CASE("rules registry: FINGERPRINT_MISMATCH explains the difference, corruption only warns", "[db][rules]") {
    Fixture f;
    SECTION("a 32 GB 1R image relabelled as the 64 GB 2R part") {
        SynthSpec fake = genuine32("64000001");
        fake.part_number = pn64;
        const Checked c = inspect(f, fake);
        const auto& m = expect_one(c, FindingCode::fingerprint_mismatch, Severity::fail, Category::part);
        CHECK_THAT(m.message, Catch::Contains("part says 64 GB 2R x4; SPD says 32 GB 1R x4"));
        CHECK(c.has(FindingCode::part_attr_mismatch));  // the part number decoder agrees
        CHECK(c.verdict() == Verdict::counterfeit);
        CHECK_FALSE(c.module.check.compared_with_trusted_part);
        CHECK((c.exit_status & engine::exit_counterfeit) != 0);
    }
    SECTION("configuration bytes differ although the attributes agree") {
        SynthSpec other = genuine32();
        other.pmic_vendor = "Richtek Power";  // a BOM the publisher never accepted
        const Checked c = inspect(f, other);
        const auto& m = expect_one(c, FindingCode::fingerprint_mismatch, Severity::fail, Category::part);
        CHECK_THAT(m.message, Catch::Contains("the attributes agree"));
        // and the declared PMIC is not in the part's allowed bill of materials
        const auto& pmic = expect_one(c, FindingCode::pmic_vendor_mismatch, Severity::fail, Category::hardware);
        CHECK_THAT(pmic.message, Catch::Contains("Richtek"));
        CHECK(c.verdict() == Verdict::counterfeit);
    }
    SECTION("a bad CRC: the mismatch may be corruption, so warn (integrity)") {
        SynthSpec corrupted = genuine32();
        corrupted.damage = {{500, 0x01}};  // inside the CRC block and the fingerprint
        const Checked c = inspect(f, corrupted);
        expect_one(c, FindingCode::fingerprint_mismatch, Severity::warn, Category::integrity);
        expect_one(c, FindingCode::crc_bad, Severity::fail, Category::integrity);
        CHECK(c.verdict() == Verdict::suspect);
        CHECK(verifier::integrity_only(c.module.check.findings));
        CHECK_THAT(c.module.reason, Catch::StartsWith("SPD corrupted"));
    }
    SECTION("an accepted fingerprint") {
        const Checked c = inspect(f, genuine32());
        expect_none(c, FindingCode::fingerprint_mismatch);
        expect_genuine(c);
    }
}

TEST_CASE("rules registry: DATE_OUT_OF_WINDOW fires outside the part's production window", "[db][rules]") {
    Fixture f;
    SynthSpec late = genuine32("3bf239fe");
    late.year = 2026;
    late.week = 10;  // the window ends 2025-W52; the date is not part of the fingerprint
    const Checked c = inspect(f, late);
    const auto& m = expect_one(c, FindingCode::date_out_of_window, Severity::warn, Category::part);
    CHECK_THAT(m.message, Catch::Contains("2026-W10") && Catch::Contains("2023-W01 to 2025-W52"));
    expect_none(c, FindingCode::fingerprint_mismatch);
    CHECK(c.verdict() == Verdict::suspect);
    CHECK(c.exit_status == engine::exit_suspect);

    const Checked in_window = inspect(f, genuine32("3bf239fe"));
    expect_none(in_window, FindingCode::date_out_of_window);
    expect_genuine(in_window);
}

TEST_CASE("rules registry: PART_UNKNOWN when the part number is not in the registry", "[db][rules]") {
    Fixture f;
    SynthSpec kingston = genuine32("12345678");
    kingston.maker = "Kingston";
    kingston.dram_maker = "Micron Technology";
    kingston.part_number = "KSM48R40BS4TMM-32HMR";
    const Checked c = inspect(f, kingston);
    expect_one(c, FindingCode::part_unknown, Severity::info, Category::part);
    CHECK(c.verdict() == Verdict::unknown);
    CHECK_FALSE(c.module.check.part);
    CHECK(c.exit_status == 0);  // unknown sets no bit unless --strict

    expect_none(inspect(f, genuine32()), FindingCode::part_unknown);
}

TEST_CASE("rules registry: RCD_VENDOR_MISMATCH when the declared RCD is not in the part's rcd_vendors", "[db][rules]") {
    Fixture f;
    SynthSpec idt_rcd = genuine32();
    idt_rcd.rcd_vendor = "IDT";
    const Checked c = inspect(f, idt_rcd);
    const auto& m = expect_one(c, FindingCode::rcd_vendor_mismatch, Severity::fail, Category::hardware);
    CHECK_THAT(m.message, Catch::Contains("IDT") && Catch::Contains(pn32));
    expect_none(c, FindingCode::fingerprint_mismatch);  // the image itself is an accepted one
    expect_none(c, FindingCode::hub_vendor_mismatch);
    expect_none(c, FindingCode::pmic_vendor_mismatch);
    CHECK(c.verdict() == Verdict::counterfeit);

    const Checked montage = inspect(f, genuine32());
    expect_none(montage, FindingCode::rcd_vendor_mismatch);
    expect_genuine(montage);
}

TEST_CASE("rules registry: PMIC_VENDOR_MISMATCH for a declared PMIC1 or PMIC2 the part is not built with", "[db][rules]") {
    Fixture f;
    // DDR5 bytes 202-205 (PMIC1) and 206-209 (PMIC2): vendor bank, code, device type (bit 7 =
    // installed), revision. Declare a second PMIC, re-seal the CRC over bytes 0-509.
    const auto with_pmic = [](std::size_t at, std::uint8_t bank, std::uint8_t code) {
        auto image = image_of(genuine32());
        image[at] = bank;
        image[at + 1] = code;
        image[at + 2] = 0x80;   // installed, PMIC5000
        const auto crc = crc16_spd(std::span<const std::uint8_t>(image).subspan(0, 510));
        image[510] = static_cast<std::uint8_t>(crc & 0xff);
        image[511] = static_cast<std::uint8_t>(crc >> 8);
        return image;
    };
    for (std::size_t at : {std::size_t{202}, std::size_t{206}}) {
        INFO("PMIC at byte " << at);
        const Checked foreign = inspect_image(*f.db, f.station, with_pmic(at, 0x8a, 0x91));   // not IDT
        const auto& m = expect_one(foreign, FindingCode::pmic_vendor_mismatch, Severity::fail, Category::hardware);
        CHECK_THAT(m.message, Catch::Contains(at == 202 ? "pmic1" : "pmic2"));
        CHECK(foreign.verdict() == Verdict::counterfeit);
        const Checked idt = inspect_image(*f.db, f.station, with_pmic(at, 0x80, 0xb3));       // IDT, as the part record allows
        expect_none(idt, FindingCode::pmic_vendor_mismatch);
    }
}

TEST_CASE("rules registry: SERIAL_NOT_ISSUED only for makers that publish their serials", "[db][rules]") {
    Fixture f;
    SECTION("Samsung publishes; this serial is not among them") {
        const Checked c = inspect(f, genuine32("77777777"));
        const auto& m = expect_one(c, FindingCode::serial_not_issued, Severity::fail, Category::history);
        CHECK_THAT(m.message, Catch::Contains("80ce-01-2410-77777777"));
        CHECK(c.verdict() == Verdict::counterfeit);
    }
    SECTION("an issued serial") {
        const Checked c = inspect(f, genuine32("3bf239f3"));
        expect_none(c, FindingCode::serial_not_issued);
        expect_genuine(c);
    }
    SECTION("SK hynix publishes no serials bundle here") {
        const Checked c = inspect(f, hynix32("77777777"));
        expect_none(c, FindingCode::serial_not_issued);
        expect_genuine(c);
    }
    SECTION("a blank serial is never checked") {
        const Checked c = inspect(f, genuine32("00000000"));
        expect_none(c, FindingCode::serial_not_issued);
        CHECK(c.has(FindingCode::serial_blank));
    }
}

TEST_CASE("rules registry: SERIAL_PART_MISMATCH when the serial was issued for another part", "[db][rules]") {
    Fixture f;
    const Checked c = inspect(f, genuine32("0000aaaa"));
    const auto& m = expect_one(c, FindingCode::serial_part_mismatch, Severity::fail, Category::history);
    CHECK_THAT(m.message, Catch::Contains(std::string("issued for ") + pn64));
    expect_none(c, FindingCode::serial_not_issued);
    CHECK(c.verdict() == Verdict::counterfeit);

    const Checked ok = inspect(f, genuine32());
    expect_none(ok, FindingCode::serial_part_mismatch);
    expect_genuine(ok);
}

TEST_CASE("rules registry: SERIAL_REVOKED when a trusted revocation names the identity", "[db][rules]") {
    Fixture f;
    const Checked c = inspect(f, genuine32("3bf239f6"));
    const auto& m = expect_one(c, FindingCode::serial_revoked, Severity::fail, Category::history);
    CHECK_THAT(m.message, Catch::Contains("cloned: one image on 40 sticks of lot 7"));
    CHECK(c.verdict() == Verdict::counterfeit);

    const Checked ok = inspect(f, genuine32("3bf239f7"));
    expect_none(ok, FindingCode::serial_revoked);
    expect_genuine(ok);
}

TEST_CASE("rules registry: DUP_SERIAL: seen with another fingerprint or part, or held at another station", "[db][rules]") {
    Fixture f;
    const SynthSpec module = genuine32();
    SECTION("seen here before with another SPD image") {
        f.record_here(Fixture::sighting(module, EventKind::intake, std::string(64, 'e')), "2026-05-01T08:00:00Z");
        const Checked c = inspect(f, module, EventKind::bench);
        const auto& m = expect_one(c, FindingCode::dup_serial, Severity::fail, Category::history);
        CHECK_THAT(m.message, Catch::Contains("a different SPD image"));
        CHECK(c.verdict() == Verdict::counterfeit);
    }
    SECTION("seen here before with another part number") {
        auto s = Fixture::sighting(module, EventKind::intake);
        s.part_number = pn64;
        f.record_here(s, "2026-05-01T08:00:00Z");
        const Checked c = inspect(f, module, EventKind::bench);
        const auto& m = expect_one(c, FindingCode::dup_serial, Severity::fail, Category::history);
        CHECK_THAT(m.message, Catch::Contains(std::string("part number ") + pn64));
    }
    SECTION("seen here before, same image: the same module") {
        f.record_here(Fixture::sighting(module, EventKind::intake), "2026-05-01T08:00:00Z");
        const Checked c = inspect(f, module, EventKind::bench);
        expect_none(c, FindingCode::dup_serial);
        expect_genuine(c);
    }
    SECTION("still held at another trusted station") {
        f.record_there(Fixture::sighting(module, EventKind::intake), "2026-05-01T08:00:00Z");
        f.exchange();
        const Checked c = inspect(f, module, EventKind::intake);
        const auto& m = expect_one(c, FindingCode::dup_serial, Severity::fail, Category::history);
        CHECK_THAT(m.message, Catch::Contains("still held at station DC2 intake"));
        CHECK(m.evidence.at(1).second == f.other_station);
        CHECK(c.verdict() == Verdict::counterfeit);
        SECTION("a return is not a duplicate") {
            const Checked back = inspect(f, module, EventKind::return_);
            expect_none(back, FindingCode::dup_serial);
        }
    }
    SECTION("shipped by the other station") {
        f.record_there(Fixture::sighting(module, EventKind::intake), "2026-05-01T08:00:00Z");
        auto ship = Fixture::sighting(module, EventKind::ship);
        ship.context = {{"customer", "ACME Cloud"}};
        f.record_there(ship, "2026-05-03T08:00:00Z");
        f.exchange();
        const Checked bench = inspect(f, module, EventKind::bench);
        expect_none(bench, FindingCode::dup_serial);
        expect_none(bench, FindingCode::dup_reentry);
        expect_genuine(bench);
        // at intake it is a re-entry (shipped to a customer, no return), still not a duplicate
        const Checked intake = inspect(f, module, EventKind::intake);
        expect_none(intake, FindingCode::dup_serial);
        const auto& m = expect_one(intake, FindingCode::dup_reentry, Severity::fail, Category::history);
        CHECK_THAT(m.message, Catch::Contains("ACME Cloud"));
    }
    SECTION("another station's sightings of another identity") {
        f.record_there(Fixture::sighting(genuine32("3bf239f5"), EventKind::intake), "2026-05-01T08:00:00Z");
        f.exchange();
        expect_genuine(inspect(f, module, EventKind::intake));
    }
}

TEST_CASE("rules registry: DUP_REENTRY: shipped, now back at intake without a return", "[db][rules]") {
    Fixture f;
    const SynthSpec module = genuine32();
    f.record_here(Fixture::sighting(module, EventKind::intake), "2026-05-01T08:00:00Z");
    auto ship = Fixture::sighting(module, EventKind::ship);
    ship.context = {{"customer", "ACME Cloud"}, {"order", "SO-1182"}};
    f.record_here(ship, "2026-05-02T08:00:00Z");
    SECTION("intake after ship") {
        const Checked c = inspect(f, module, EventKind::intake);
        const auto& m = expect_one(c, FindingCode::dup_reentry, Severity::fail, Category::history);
        CHECK_THAT(m.message, Catch::Contains("shipped to ACME Cloud on 2026-05-02T08:00:00Z"));
        expect_none(c, FindingCode::dup_serial);
        CHECK(c.verdict() == Verdict::counterfeit);
    }
    SECTION("intake after a return") {
        f.record_here(Fixture::sighting(module, EventKind::return_), "2026-05-20T08:00:00Z");
        const Checked c = inspect(f, module, EventKind::intake);
        expect_none(c, FindingCode::dup_reentry);
        expect_genuine(c);
    }
    SECTION("the return itself, or a bench check") {
        expect_none(inspect(f, module, EventKind::return_), FindingCode::dup_reentry);
        expect_none(inspect(f, module, EventKind::bench), FindingCode::dup_reentry);
    }
}

TEST_CASE("rules registry: REGISTRY_TAMPERED: records edited with the sqlite3 shell are never trusted or genuine", "[db][rules]") {
    Fixture f;
    const SynthSpec module = genuine32();
    expect_none(inspect(f, module), FindingCode::registry_tampered);
    SECTION("the part record") {
        record_edit::replace_in_records(f.file, "parts", "2025-W52", "2029-W52");
        const Checked c = inspect(f, module);
        const auto& m = expect_one(c, FindingCode::registry_tampered, Severity::warn, Category::registry);
        CHECK_THAT(m.message, Catch::Contains(pn32));
        expect_one(c, FindingCode::part_unknown, Severity::info, Category::part);  // nothing trusted is left
        CHECK(c.verdict() == Verdict::unknown);
        CHECK((c.exit_status & engine::exit_registry) != 0);
    }
    SECTION("an issued-serial record: the fingerprint still matches, but the verdict is not genuine") {
        record_edit::edit_records(f.file, "serials", [&](std::vector<std::string>& records) {
            for (auto& r : records) {
                if (r.find(identity(module).key()) == std::string::npos) continue;
                r.replace(r.find(pn32), std::string_view(pn32).size(), pn64);
            }
        });
        const Checked c = inspect(f, module);
        expect_one(c, FindingCode::registry_tampered, Severity::warn, Category::registry);
        CHECK(c.module.check.compared_with_trusted_part);
        expect_none(c, FindingCode::serial_not_issued);      // a tampered answer is no evidence either way
        expect_none(c, FindingCode::serial_part_mismatch);
        CHECK(c.verdict() == Verdict::unknown);
        CHECK((c.exit_status & engine::exit_registry) != 0);
    }
    SECTION("a revocation deleted by pointing it at another identity") {
        record_edit::replace_in_records(f.file, "revocations", identity(genuine32("3bf239f6")).key(), identity(genuine32("3bf239f5")).key());
        const Checked revoked = inspect(f, genuine32("3bf239f6"));
        expect_none(revoked, FindingCode::serial_revoked);
        const Checked c = inspect(f, genuine32("3bf239f5"));
        expect_one(c, FindingCode::registry_tampered, Severity::warn, Category::registry);
        CHECK(c.verdict() == Verdict::unknown);
    }
}

TEST_CASE("rules registry: REGISTRY_STALE when the part data has expired", "[db][rules]") {
    Fixture f("2026-03-01T00:00:00Z", "2026-02-01T00:00:00Z");
    const Checked fresh = inspect(*f.db, f.station, genuine32(), EventKind::intake, "2026-02-15T00:00:00Z");
    expect_none(fresh, FindingCode::registry_stale);
    expect_genuine(fresh);

    const Checked stale = inspect(*f.db, f.station, genuine32(), EventKind::intake, now);
    expect_one(stale, FindingCode::registry_stale, Severity::warn, Category::registry);
    CHECK(stale.module.check.compared_with_trusted_part);  // compared, but expired data vouches for nothing
    CHECK(stale.verdict() == Verdict::unknown);
    CHECK((stale.exit_status & engine::exit_registry) != 0);
}
