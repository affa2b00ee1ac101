// SPDX-License-Identifier: GPL-3.0-or-later
// The verification rules that need no registry (docs/findings.md): for each rule a fixture
// that fires it and one that must not, on images made by the project's synthesizer (hand
// damage emulates edits and corruption) and hand-built live identity data. Also the severity
// -> verdict mapping. Rules that need the registry: tests/db/rules_registry_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "firmware_io/spd_reader.hpp"
#include "verifier/findings.hpp"
#include "verifier/inspection.hpp"
#include "verifier/jep106.hpp"
#include "verifier/policy.hpp"
#include "verifier/rules.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard;
using namespace dimmguard::verifier;

namespace {

constexpr std::uint64_t GiB = 1ULL << 30;
constexpr const char* today = "2026-W22";

// DDR5 manufacturing block offsets (JESD400-5): maker 512-513, date 515-516, part number 521-550.
constexpr std::size_t ddr5_maker = 512;
constexpr std::size_t ddr5_date = 515;
constexpr std::size_t ddr5_part = 521;

/// A genuine-looking Samsung DDR5 RDIMM: 32 GB 1R x4 (16 Gb dies), 4800, IDT hub and PMIC,
/// Montage RCD; its part number claims exactly that.
SynthSpec samsung_rdimm() {
    SynthSpec s;
    s.type = Generation::ddr5;
    s.module_type = "RDIMM";
    s.capacity_bytes = 32 * GiB;
    s.ranks = 1;
    s.device_width = 4;
    s.speed_mts = 4800;
    s.maker = "Samsung";
    s.part_number = "M321R4GA0BB0-CQK";
    s.serial_hex = "3bf239f8";
    s.year = 2024;
    s.week = 10;
    return s;
}

/// A Samsung DDR5 client UDIMM (M323R2GA3DB0-CWM: 16 GB 1R x8, 5600).
SynthSpec samsung_udimm() {
    SynthSpec s;
    s.type = Generation::ddr5;
    s.module_type = "UDIMM";
    s.capacity_bytes = 16 * GiB;
    s.ranks = 1;
    s.device_width = 8;
    s.speed_mts = 5600;
    s.maker = "Samsung";
    s.part_number = "M323R2GA3DB0-CWM";
    s.serial_hex = "05f9ec34";
    s.year = 2024;
    s.week = 20;
    return s;
}

std::vector<std::uint8_t> image_of(const SynthSpec& spec) {
    auto image = synthesize(spec);
    INFO((image ? std::string("ok") : image.error().message));
    REQUIRE(image);
    return *image;
}

DecodedSpd decode(const std::vector<std::uint8_t>& image) {
    auto d = decode_spd(image);
    REQUIRE(d);
    return *d;
}

DecodedSpd decoded(const SynthSpec& spec) { return decode(image_of(spec)); }

/// XOR `mask` into one byte after the CRCs were written.
SynthSpec damaged(SynthSpec spec, std::size_t offset, std::uint8_t mask) {
    spec.damage.emplace_back(offset, mask);
    return spec;
}

/// Damage that turns the stored byte at `offset` (value `from`) into `to`.
SynthSpec with_byte(SynthSpec spec, std::size_t offset, std::uint8_t from, std::uint8_t to) {
    return damaged(std::move(spec), offset, static_cast<std::uint8_t>(from ^ to));
}

struct Run {
    ModuleCheck check;
    [[nodiscard]] std::vector<const Finding*> all(FindingCode code) const {
        std::vector<const Finding*> out;
        for (const auto& f : check.findings) {
            if (f.code == code) out.push_back(&f);
        }
        return out;
    }
    [[nodiscard]] const Finding* find(FindingCode code) const {
        const auto found = all(code);
        return found.empty() ? nullptr : found.front();
    }
    [[nodiscard]] bool has(FindingCode code) const { return find(code) != nullptr; }
    [[nodiscard]] std::string codes() const {
        std::string out;
        for (const auto& f : check.findings) {
            out += std::string(finding_code_name(f.code)) + "(" + std::string(severity_name(f.severity)) + "/" +
                   std::string(category_name(f.category)) + ": " + f.message + ") ";
        }
        return out.empty() ? "(no findings)" : out;
    }
    [[nodiscard]] Verdict verdict() const { return verdict_from(check.findings, check.compared_with_trusted_part); }
};

struct Extra {
    const firmware_io::ModuleRead* read = nullptr;
    std::optional<std::string> label;
    std::optional<SmbiosDevice> smbios;
    const Policy* policy = nullptr;
    std::string today_week = today;
};

Extra with_live(const firmware_io::ModuleRead& read) {
    Extra e;
    e.read = &read;
    return e;
}

Extra labelled(const std::string& text) {
    Extra e;
    e.label = text;
    return e;
}

Extra in_slot(const SmbiosDevice& device) {
    Extra e;
    e.smbios = device;
    return e;
}

Extra on_week(const std::string& week) {
    Extra e;
    e.today_week = week;
    return e;
}

Run run(const DecodedSpd& spd, const Extra& extra = Extra{}) {
    ModuleEvidence ev;
    ev.spd = &spd;
    ev.read = extra.read;
    ev.label = extra.label;
    ev.smbios = extra.smbios;
    CheckContext ctx;
    ctx.policy = extra.policy ? extra.policy : &Policy::builtin();
    ctx.registry = nullptr;
    ctx.station = "test-station";
    ctx.today_week = extra.today_week;
    auto c = check_module(ev, ctx);
    INFO((c ? std::string("ok") : c.error().message));
    REQUIRE(c);
    return Run{*c};
}

/// Assert exactly one finding of `code` with this severity and category; returns it.
const Finding& expect_one(const Run& r, FindingCode code, Severity severity, Category category) {
    INFO("findings: " << r.codes());
    const auto found = r.all(code);
    REQUIRE(found.size() == 1);
    CHECK(found.front()->severity == severity);
    CHECK(found.front()->category == category);
    CHECK_FALSE(found.front()->message.empty());
    return *found.front();
}

void expect_none(const Run& r, FindingCode code) {
    INFO("findings: " << r.codes() << " (unexpected " << finding_code_name(code) << ")");
    CHECK_FALSE(r.has(code));
}

/// Live identity of a DDR5 module as the SPD reader returns it: hub and PMIC0 answering with
/// the vendors the SPD declares, hub type SPD5118, every NVM block write-protected.
firmware_io::ModuleRead live_read(const DecodedSpd& spd, const std::vector<std::uint8_t>& image) {
    firmware_io::ModuleRead m;
    m.bus = "i2c-0";
    m.address = 0x50;
    m.generation = dimmguard::Generation::ddr5;
    m.image = image;
    m.crc_ok = spd.crc_ok();
    for (const auto& comp : spd.components) {
        if (comp.role != "hub" && comp.role != "pmic0") continue;
        firmware_io::DeviceIdentity d;
        d.role = comp.role;
        d.address = comp.role == "hub" ? 0x50 : 0x48;
        d.present = true;
        d.vendor_bank = comp.vendor.bank_byte;
        d.vendor_code = comp.vendor.code_byte;
        if (comp.role == "hub") {
            d.device_type_msb = 0x51;
            d.device_type_lsb = 0x18;
        }
        m.devices.push_back(d);
    }
    firmware_io::HubState hub;
    hub.write_protect = 0xffff;
    m.hub = hub;
    return m;
}

firmware_io::DeviceIdentity* device(firmware_io::ModuleRead& m, const std::string& role) {
    for (auto& d : m.devices) {
        if (d.role == role) return &d;
    }
    FAIL("no live device " << role);
    return nullptr;
}

Jep106Id maker_named(const std::string& name) {
    auto found = jep106_lookup(name);
    REQUIRE(found.size() == 1);
    return found.front();
}

Finding finding(FindingCode code, Severity severity, Category category) { return Finding{code, severity, category, "x", {}}; }

}  // namespace

// ------------------------------------------------------------------------------ baseline

TEST_CASE("rules: a clean synthesized module raises no warn or fail finding", "[verifier][rules]") {
    for (const SynthSpec& spec : {samsung_rdimm(), samsung_udimm()}) {
        const auto image = image_of(spec);
        const auto spd = decode(image);
        auto live = live_read(spd, image);
        Extra extra = with_live(live);
        extra.label = spec.part_number + " S/N " + spec.serial_hex;
        const Run r = run(spd, extra);
        INFO(spec.part_number << ": " << r.codes());
        CHECK(r.check.findings.empty());
        REQUIRE(r.check.identity);
        char date[8];
        std::snprintf(date, sizeof date, "%02d%02d", spec.year % 100, spec.week);  // BCD as stored reads as decimal
        CHECK(r.check.identity->key() == "80ce-01-" + std::string(date) + "-" + spec.serial_hex);
        CHECK_FALSE(r.check.compared_with_trusted_part);
        CHECK(r.verdict() == Verdict::unknown);  // nothing to compare with without a registry
    }
}

TEST_CASE("rules: a truncated image with a label and an SMBIOS record is judged, never thrown on", "[verifier][rules][hostile]") {
    // Found by fuzz/fuzz_spd (issue #13): a 262-byte DDR4 image has no manufacturing block, so no
    // serial; the label and SMBIOS serial checks took substrings of the empty serial and threw,
    // which ended the whole scan.
    auto image = image_of(samsung_rdimm());
    image.resize(262);
    const auto spd = decode(image);
    REQUIRE_FALSE(spd.manufacturing.present);
    Extra extra = labelled("M393A4K40DB3-CWE S/N 12345678 32GB");
    extra.smbios = SmbiosDevice{"CPU0_DIMM_A1", "Samsung", "12345678", "M393A4K40DB3-CWE"};
    Run r;
    REQUIRE_NOTHROW(r = run(spd, extra));
    CHECK(r.verdict() != Verdict::genuine);
}

// ------------------------------------------------------------------------------ image rules

TEST_CASE("rules: CRC_BAD fires per damaged block, not on a clean image", "[verifier][rules]") {
    SECTION("DDR5: one block") {
        const Run r = run(decoded(damaged(samsung_rdimm(), 500, 0x01)));
        const Finding& f = expect_one(r, FindingCode::crc_bad, Severity::fail, Category::integrity);
        CHECK_THAT(f.message, Catch::Contains("bytes 0-509"));
        CHECK(r.verdict() == Verdict::suspect);  // corruption is not fraud
        CHECK(integrity_only(r.check.findings));
    }
    SECTION("DDR4: both blocks, one finding each") {
        SynthSpec s;
        s.type = Generation::ddr4;
        s.module_type = "RDIMM";
        s.capacity_bytes = 32 * GiB;
        s.ranks = 2;
        s.device_width = 4;
        s.speed_mts = 2933;
        s.maker = "Micron Technology";
        s.part_number = "36ASF4G72PZ-2G9E2";
        s.damage = {{20, 0x01}, {200, 0x01}};
        const Run r = run(decoded(s));
        INFO(r.codes());
        CHECK(r.all(FindingCode::crc_bad).size() == 2);
        CHECK(r.verdict() == Verdict::suspect);
    }
    SECTION("clean") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::crc_bad);
    }
}

TEST_CASE("rules: READ_UNSTABLE fires when two reads differed", "[verifier][rules]") {
    const auto image = image_of(samsung_rdimm());
    const auto spd = decode(image);
    auto live = live_read(spd, image);
    expect_none(run(spd, with_live(live)), FindingCode::read_unstable);
    live.unstable = true;
    live.problems = {"i2c-0 0x50: two reads of bytes 0-1023 differ at 17 offsets"};
    const Run r = run(spd, with_live(live));
    const Finding& f = expect_one(r, FindingCode::read_unstable, Severity::fail, Category::integrity);
    CHECK(f.evidence.at(0).second == live.problems.front());
    CHECK(r.verdict() == Verdict::suspect);
}

TEST_CASE("rules: JEP106_INVALID fires on a maker ID with bad parity", "[verifier][rules]") {
    // 0x80 0xce (Samsung) -> 0x80 0xcf: the code byte has even parity.
    const Run r = run(decoded(with_byte(samsung_rdimm(), ddr5_maker + 1, 0xce, 0xcf)));
    const Finding& f = expect_one(r, FindingCode::jep106_invalid, Severity::warn, Category::identity);
    CHECK(f.evidence.at(0).second == "80cf");
    expect_none(r, FindingCode::maker_unknown);
    CHECK(r.verdict() == Verdict::suspect);
    expect_none(run(decoded(samsung_rdimm())), FindingCode::jep106_invalid);
}

TEST_CASE("rules: MAKER_UNKNOWN warns on an unprogrammed maker, informs on one missing from the table", "[verifier][rules]") {
    SECTION("not programmed") {
        SynthSpec s = with_byte(samsung_rdimm(), ddr5_maker, 0x80, 0x00);
        s = with_byte(s, ddr5_maker + 1, 0xce, 0x00);
        const Run r = run(decoded(s));
        expect_one(r, FindingCode::maker_unknown, Severity::warn, Category::identity);
        expect_none(r, FindingCode::jep106_invalid);
        CHECK(r.verdict() == Verdict::suspect);
    }
    SECTION("valid parity, not in JEP106BO") {
        // bank 20 (0x13, odd parity), code 0x01: a well-formed ID no table revision lists yet
        REQUIRE_FALSE(jep106_name(20, 0x01));
        SynthSpec s = with_byte(samsung_rdimm(), ddr5_maker, 0x80, 0x13);
        s = with_byte(s, ddr5_maker + 1, 0xce, 0x01);
        const Run r = run(decoded(s));
        expect_one(r, FindingCode::maker_unknown, Severity::info, Category::identity);
        CHECK(r.verdict() == Verdict::unknown);  // info changes nothing
    }
    SECTION("known maker") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::maker_unknown);
    }
}

TEST_CASE("rules: PART_NUMBER_INVALID warns on non-ASCII bytes, informs on a blank part number", "[verifier][rules]") {
    SECTION("non-ASCII") {
        const Run r = run(decoded(with_byte(samsung_rdimm(), ddr5_part + 2, 0x32, 0xb2)));
        const Finding& f = expect_one(r, FindingCode::part_number_invalid, Severity::warn, Category::identity);
        CHECK_THAT(f.evidence.at(0).second, Catch::Contains("b2"));
        CHECK(r.verdict() == Verdict::suspect);
    }
    SECTION("blank") {
        SynthSpec s = samsung_rdimm();
        s.part_number = "";
        const Run r = run(decoded(s));
        expect_one(r, FindingCode::part_number_invalid, Severity::info, Category::identity);
        CHECK(r.verdict() == Verdict::unknown);
    }
    SECTION("printable") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::part_number_invalid);
    }
}

TEST_CASE("rules: DATE_INVALID fires when the date is neither BCD nor a binary year and week", "[verifier][rules]") {
    SECTION("non-BCD year that is no binary year either") {
        const Run r = run(decoded(with_byte(samsung_rdimm(), ddr5_date, 0x24, 0xa4)));
        const Finding& f = expect_one(r, FindingCode::date_invalid, Severity::warn, Category::identity);
        CHECK(f.evidence.at(0).second == "0xa4 0x10");
        expect_none(r, FindingCode::date_future);
    }
    SECTION("non-BCD but a plausible binary date: read as binary, informational for a maker not known to do so") {
        const Run r = run(decoded(with_byte(samsung_rdimm(), ddr5_date, 0x24, 0x1a)));   // 0x1a 0x10 = 2026-W16
        const Finding& f = expect_one(r, FindingCode::date_invalid, Severity::info, Category::identity);
        CHECK_THAT(f.message, Catch::Contains("2026-W16"));
        CHECK(verifier::verdict_from(r.check.findings, true) == Verdict::genuine);
    }
    SECTION("week 54") {
        const Run r = run(decoded(with_byte(samsung_rdimm(), ddr5_date + 1, 0x10, 0x54)));
        expect_one(r, FindingCode::date_invalid, Severity::warn, Category::identity);
    }
    SECTION("not programmed is not invalid") {
        SynthSpec s = with_byte(samsung_rdimm(), ddr5_date, 0x24, 0x00);
        s = with_byte(s, ddr5_date + 1, 0x10, 0x00);
        expect_none(run(decoded(s)), FindingCode::date_invalid);
    }
    SECTION("valid") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::date_invalid);
    }
}

TEST_CASE("rules: DATE_FUTURE fires for a date after today's ISO week", "[verifier][rules]") {
    SynthSpec s = samsung_rdimm();
    s.year = 2026;
    s.week = 23;
    const auto spd = decoded(s);
    const Run r = run(spd, on_week("2026-W22"));
    const Finding& f = expect_one(r, FindingCode::date_future, Severity::warn, Category::identity);
    CHECK_THAT(f.message, Catch::Contains("2026-W23") && Catch::Contains("2026-W22"));
    CHECK(r.verdict() == Verdict::suspect);
    expect_none(run(spd, on_week("2026-W23")), FindingCode::date_future);  // this week
    expect_none(run(spd, on_week("2027-W01")), FindingCode::date_future);
}

TEST_CASE("rules: SERIAL_BLANK is informational, worded by the policy's blank_serials_expected", "[verifier][rules]") {
    SECTION("a maker that programs serials") {
        for (const char* blank : {"00000000", "ffffffff", "20202020"}) {
            SynthSpec s = samsung_rdimm();
            s.serial_hex = blank;
            const Run r = run(decoded(s));
            const Finding& f = expect_one(r, FindingCode::serial_blank, Severity::info, Category::identity);
            CHECK_THAT(f.message, Catch::Contains("duplicate checks are skipped"));
            CHECK(r.verdict() == Verdict::unknown);
            REQUIRE(r.check.identity);
            CHECK(r.check.identity->serial_blank());
        }
    }
    SECTION("a maker the policy lists as shipping blank serials (Corsair)") {
        REQUIRE(Policy::builtin().blank_serials_expected.count("029e") == 1);
        SynthSpec s = samsung_udimm();
        s.maker = "029e";
        s.dram_maker = "Samsung";
        s.part_number = "CMK32GX5M2B5600C36";
        s.serial_hex = "00000000";
        const Run r = run(decoded(s));
        const Finding& f = expect_one(r, FindingCode::serial_blank, Severity::info, Category::identity);
        CHECK_THAT(f.message, Catch::Contains("this maker ships modules without serials"));
        CHECK(r.verdict() == Verdict::unknown);
    }
    SECTION("programmed serial") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::serial_blank);
    }
}

// ------------------------------------------------------------------------------ claimed part

TEST_CASE("rules: PART_ATTR_MISMATCH: high confidence fails, medium warns, low is never compared", "[verifier][rules]") {
    SECTION("high: Samsung M321R8GA0BB0-CQK (64 GB) on a 32 GB image") {
        SynthSpec s = samsung_rdimm();
        s.part_number = "M321R8GA0BB0-CQK";
        const Run r = run(decoded(s));
        const Finding& f = expect_one(r, FindingCode::part_attr_mismatch, Severity::fail, Category::part);
        CHECK_THAT(f.message, Catch::Contains("capacity 64 GB") && Catch::Contains("32 GB 1R x4"));
        CHECK(f.evidence.at(0).second == "capacity");
        CHECK(f.evidence.at(3).second == "high");
        CHECK(r.verdict() == Verdict::counterfeit);
    }
    SECTION("high: a DDR4 Samsung part number on a DDR5 image") {
        SynthSpec s = samsung_rdimm();
        s.part_number = "M393A4K40DB3-CWE";
        const Run r = run(decoded(s));
        INFO(r.codes());
        const auto found = r.all(FindingCode::part_attr_mismatch);
        REQUIRE_FALSE(found.empty());
        CHECK(found.front()->evidence.at(0).second == "generation");
        CHECK(found.front()->severity == Severity::fail);
    }
    SECTION("medium: Micron MTC40F2046S1RC48BA1 (64 GB 2R) on a 32 GB 1R image") {
        SynthSpec s = samsung_rdimm();
        s.maker = "Micron Technology";
        s.part_number = "MTC40F2046S1RC48BA1";
        const Run r = run(decoded(s));
        INFO(r.codes());
        const auto found = r.all(FindingCode::part_attr_mismatch);
        REQUIRE(found.size() == 2);  // capacity and ranks, both medium-confidence fields
        for (const Finding* f : found) {
            CHECK(f->severity == Severity::warn);
            CHECK(f->category == Category::part);
            CHECK(f->evidence.at(3).second == "medium");
        }
        CHECK(r.verdict() == Verdict::suspect);
    }
    SECTION("low: SK hynix DDR5 HMCG88... claims 32 GB at low confidence; a 16 GB image is not flagged") {
        SynthSpec s = samsung_rdimm();
        s.maker = "SK Hynix";
        s.capacity_bytes = 16 * GiB;
        s.device_width = 8;
        s.part_number = "HMCG88AEBRA181N";
        const Run r = run(decoded(s));
        expect_none(r, FindingCode::part_attr_mismatch);
        CHECK(r.verdict() == Verdict::unknown);
    }
    SECTION("a part number that agrees") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::part_attr_mismatch);
        expect_none(run(decoded(samsung_udimm())), FindingCode::part_attr_mismatch);
    }
    SECTION("an undecodable part number is never evidence") {
        SynthSpec s = samsung_rdimm();
        s.maker = "Kingston";
        s.dram_maker = "Samsung";
        s.part_number = "KF552C40-16";
        expect_none(run(decoded(s)), FindingCode::part_attr_mismatch);
    }
}

// ------------------------------------------------------------------------------ hardware

TEST_CASE("rules: HUB_VENDOR_MISMATCH / PMIC_VENDOR_MISMATCH compare live and declared vendors", "[verifier][rules]") {
    const auto image = image_of(samsung_rdimm());
    const auto spd = decode(image);
    const Jep106Id montage = maker_named("Montage Technology Group");
    SECTION("agree") {
        auto live = live_read(spd, image);
        const Run r = run(spd, with_live(live));
        expect_none(r, FindingCode::hub_vendor_mismatch);
        expect_none(r, FindingCode::pmic_vendor_mismatch);
    }
    SECTION("hub by another maker") {
        auto live = live_read(spd, image);
        device(live, "hub")->vendor_bank = montage.bank_byte;
        device(live, "hub")->vendor_code = montage.code_byte;
        const Run r = run(spd, with_live(live));
        const Finding& f = expect_one(r, FindingCode::hub_vendor_mismatch, Severity::fail, Category::hardware);
        CHECK_THAT(f.message, Catch::Contains("Montage"));
        expect_none(r, FindingCode::pmic_vendor_mismatch);
        CHECK(r.verdict() == Verdict::counterfeit);
    }
    SECTION("PMIC by another maker") {
        auto live = live_read(spd, image);
        device(live, "pmic0")->vendor_bank = montage.bank_byte;
        device(live, "pmic0")->vendor_code = montage.code_byte;
        const Run r = run(spd, with_live(live));
        expect_one(r, FindingCode::pmic_vendor_mismatch, Severity::fail, Category::hardware);
        expect_none(r, FindingCode::hub_vendor_mismatch);
        CHECK(r.verdict() == Verdict::counterfeit);
    }
    SECTION("declared devices that do not answer: warn") {
        auto live = live_read(spd, image);
        device(live, "pmic0")->present = false;
        device(live, "pmic0")->vendor_bank = 0;
        device(live, "pmic0")->vendor_code = 0;
        Run r = run(spd, with_live(live));
        expect_one(r, FindingCode::pmic_vendor_mismatch, Severity::warn, Category::hardware);
        CHECK(r.verdict() == Verdict::suspect);
        device(live, "hub")->present = false;
        r = run(spd, with_live(live));
        expect_one(r, FindingCode::hub_vendor_mismatch, Severity::warn, Category::hardware);
    }
    SECTION("files carry no live data: nothing to compare") {
        const Run r = run(spd);
        expect_none(r, FindingCode::hub_vendor_mismatch);
        expect_none(r, FindingCode::pmic_vendor_mismatch);
    }
}

TEST_CASE("rules: HUB_TYPE_MISMATCH fires when the declared SPD5118 reports another device type", "[verifier][rules]") {
    const auto image = image_of(samsung_rdimm());
    const auto spd = decode(image);
    auto live = live_read(spd, image);
    expect_none(run(spd, with_live(live)), FindingCode::hub_type_mismatch);
    device(live, "hub")->device_type_lsb = 0x08;  // SPD5108: same family, accepted
    expect_none(run(spd, with_live(live)), FindingCode::hub_type_mismatch);
    device(live, "hub")->device_type_msb = 0x00;
    device(live, "hub")->device_type_lsb = 0x00;  // a plain EEPROM pretending to be a hub
    const Run r = run(spd, with_live(live));
    expect_one(r, FindingCode::hub_type_mismatch, Severity::fail, Category::hardware);
    CHECK(r.verdict() == Verdict::counterfeit);
}

TEST_CASE("rules: WRITE_PROTECT_OFF follows the policy: first-party server modules only", "[verifier][rules]") {
    SECTION("Samsung RDIMM with no protected block") {
        const auto image = image_of(samsung_rdimm());
        const auto spd = decode(image);
        auto live = live_read(spd, image);
        live.hub->write_protect = 0;
        const Run r = run(spd, with_live(live));
        expect_one(r, FindingCode::write_protect_off, Severity::warn, Category::hardware);
        CHECK(r.verdict() == Verdict::suspect);
        SECTION("a policy without the rule") {
            Policy relaxed = Policy::builtin();
            relaxed.write_protect_makers.clear();
            Extra extra = with_live(live);
            extra.policy = &relaxed;
            expect_none(run(spd, extra), FindingCode::write_protect_off);
        }
    }
    SECTION("protected RDIMM") {
        const auto image = image_of(samsung_rdimm());
        const auto spd = decode(image);
        auto live = live_read(spd, image);
        live.hub->write_protect = 0x0001;  // one block is enough
        expect_none(run(spd, with_live(live)), FindingCode::write_protect_off);
    }
    SECTION("client module") {
        const auto image = image_of(samsung_udimm());
        const auto spd = decode(image);
        auto live = live_read(spd, image);
        live.hub->write_protect = 0;
        expect_none(run(spd, with_live(live)), FindingCode::write_protect_off);
    }
    SECTION("a maker the policy does not list") {
        SynthSpec s = samsung_rdimm();
        s.maker = "Kingston";
        s.part_number = "KSM48R40BS4TMM-32HMR";
        const auto image = image_of(s);
        const auto spd = decode(image);
        auto live = live_read(spd, image);
        live.hub->write_protect = 0;
        expect_none(run(spd, with_live(live)), FindingCode::write_protect_off);
    }
}

TEST_CASE("rules: CONSUMER_PROFILE_ON_SERVER_PART: XMP on an RDIMM, not on a UDIMM", "[verifier][rules]") {
    SECTION("RDIMM with XMP 3.0") {
        SynthSpec s = samsung_rdimm();
        s.xmp_speeds = {5600};
        const Run r = run(decoded(s));
        const Finding& f = expect_one(r, FindingCode::consumer_profile_on_server_part, Severity::fail, Category::part);
        CHECK_THAT(f.message, Catch::Contains("XMP"));
        CHECK(r.verdict() == Verdict::counterfeit);
    }
    SECTION("UDIMM with XMP 3.0") {
        SynthSpec s = samsung_udimm();
        s.xmp_speeds = {6000, 6400};
        const Run r = run(decoded(s));
        expect_none(r, FindingCode::consumer_profile_on_server_part);
        CHECK(r.verdict() == Verdict::unknown);
    }
    SECTION("RDIMM without profiles") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::consumer_profile_on_server_part);
    }
}

TEST_CASE("rules: DRAM_MAKER_IMPLAUSIBLE: a first-party module with another maker's DRAM", "[verifier][rules]") {
    SECTION("Samsung module, Micron DRAM") {
        SynthSpec s = samsung_rdimm();
        s.dram_maker = "Micron Technology";
        const Run r = run(decoded(s));
        const Finding& f = expect_one(r, FindingCode::dram_maker_implausible, Severity::fail, Category::part);
        CHECK_THAT(f.message, Catch::Contains("Samsung") && Catch::Contains("Micron"));
        CHECK(r.verdict() == Verdict::counterfeit);
    }
    SECTION("Kingston module, Micron DRAM (not first-party)") {
        SynthSpec s = samsung_rdimm();
        s.maker = "Kingston";
        s.dram_maker = "Micron Technology";
        s.part_number = "KSM48R40BS4TMM-32HMR";
        expect_none(run(decoded(s)), FindingCode::dram_maker_implausible);
    }
    SECTION("Samsung module, Samsung DRAM") {
        expect_none(run(decoded(samsung_rdimm())), FindingCode::dram_maker_implausible);
    }
}

// ------------------------------------------------------------------------------ context

TEST_CASE("rules: LABEL_MISMATCH compares the label's part number, serial and capacity", "[verifier][rules]") {
    const auto spd = decoded(samsung_rdimm());  // M321R4GA0BB0-CQK, serial 3bf239f8, 32 GB
    const auto label = [&](const std::string& text) { return run(spd, labelled(text)); };
    SECTION("matching labels") {
        for (const char* text : {"M321R4GA0BB0-CQK", "M321R4GA0BB0-CQKZJ 2410 S/N 3BF239F8 32GB",  // customer suffix
                                 "SAMSUNG 32GB 1Rx4 PC5-4800B-RC0-1010-XT M321R4GA0BB0-CQK S/N F839F23B",  // reversed serial
                                 "m321r4ga0bb0-cqk 32 GB", "free text without anything to compare"}) {
            INFO(text);
            expect_none(label(text), FindingCode::label_mismatch);
        }
    }
    SECTION("part number") {
        const Run r = label("M321R8GA0BB0-CQK S/N 3BF239F8");
        const Finding& f = expect_one(r, FindingCode::label_mismatch, Severity::fail, Category::context);
        CHECK(f.evidence.at(0).second == "M321R8GA0BB0-CQK");
        CHECK(r.verdict() == Verdict::counterfeit);
    }
    SECTION("serial") {
        const Run r = label("M321R4GA0BB0-CQK S/N 3BF239F9");
        const Finding& f = expect_one(r, FindingCode::label_mismatch, Severity::fail, Category::context);
        CHECK(f.evidence.at(0).second == "3BF239F9");
    }
    SECTION("capacity") {
        const Run r = label("M321R4GA0BB0-CQK 64 GB");
        const Finding& f = expect_one(r, FindingCode::label_mismatch, Severity::fail, Category::context);
        CHECK_THAT(f.message, Catch::Contains("64 GB") && Catch::Contains("32 GB"));
    }
    SECTION("Micron: the label's MTA prefix and the SPD without it") {
        SynthSpec s;
        s.type = Generation::ddr4;
        s.module_type = "RDIMM";
        s.capacity_bytes = 32 * GiB;
        s.ranks = 2;
        s.device_width = 4;
        s.speed_mts = 2933;
        s.maker = "Micron Technology";
        s.part_number = "36ASF4G72PZ-2G9E2";
        s.serial_hex = "1e2d3c4b";
        const auto micron = decoded(s);
        const Run ok = run(micron, labelled("32GB 2Rx4 PC4-2933Y-RB2-12 MTA36ASF4G72PZ-2G9E2 S/N 1E2D3C4B"));
        INFO(ok.codes());
        CHECK(ok.check.findings.empty());
        const Run bad = run(micron, labelled("MTA36ASF8G72PZ-2G9E1"));
        expect_one(bad, FindingCode::label_mismatch, Severity::fail, Category::context);
    }
    SECTION("no label") {
        expect_none(run(spd), FindingCode::label_mismatch);
    }
    SECTION("a GS1 DataMatrix payload as the scanner typed it") {
        expect_none(label("]d20108801234567897213BF239F8\x1d" "240M321R4GA0BB0-CQK"), FindingCode::label_mismatch);
        const Run part = label("]d20108801234567897213BF239F8\x1d" "240M321R8GA0BB0-CQK");
        CHECK(expect_one(part, FindingCode::label_mismatch, Severity::fail, Category::context).evidence.at(0).second == "M321R8GA0BB0-CQK");
        const Run serial = label("(01)08801234567897(21)3BF239F9(240)M321R4GA0BB0-CQK");
        CHECK(expect_one(serial, FindingCode::label_mismatch, Severity::fail, Category::context).evidence.at(0).second == "3BF239F9");
        // The GTIN's 14 digits are not read as anything (no false mismatch from them).
        expect_none(label("]d20108801234567897"), FindingCode::label_mismatch);
    }
}

TEST_CASE("rules: SMBIOS_MISMATCH compares the firmware's type 17 part and serial, ignoring placeholders", "[verifier][rules]") {
    const auto spd = decoded(samsung_rdimm());
    const auto with = [&](const std::string& part, const std::string& serial) {
        return run(spd, in_slot(SmbiosDevice{"CPU0_DIMM_A1", "Samsung", serial, part}));
    };
    SECTION("agree (either serial byte order, customer suffix)") {
        expect_none(with("M321R4GA0BB0-CQK", "3BF239F8"), FindingCode::smbios_mismatch);
        expect_none(with("M321R4GA0BB0-CQKZJ", "F839F23B"), FindingCode::smbios_mismatch);
    }
    SECTION("placeholders") {
        for (const char* p : {"Not Specified", "Unknown", "NO DIMM", "", "00000000"}) {
            INFO(p);
            expect_none(with(p, p), FindingCode::smbios_mismatch);
        }
    }
    SECTION("part differs") {
        const Run r = with("M321R8GA0BB0-CQK", "3BF239F8");
        const Finding& f = expect_one(r, FindingCode::smbios_mismatch, Severity::warn, Category::context);
        CHECK_THAT(f.message, Catch::Contains("CPU0_DIMM_A1"));
        CHECK(r.verdict() == Verdict::suspect);
    }
    SECTION("serial differs") {
        expect_one(with("M321R4GA0BB0-CQK", "DEADBEEF"), FindingCode::smbios_mismatch, Severity::warn, Category::context);
    }
}

// ------------------------------------------------------------------------------ scan rules

namespace {

struct ScanModule {
    std::vector<std::uint8_t> image;
    DecodedSpd spd;
    ModuleCheck check;
};

std::vector<ScanModule> scan_of(const std::vector<SynthSpec>& specs) {
    std::vector<ScanModule> modules;
    for (const auto& s : specs) {
        ScanModule m;
        m.image = image_of(s);
        m.spd = decode(m.image);
        m.check = run(m.spd).check;
        modules.push_back(std::move(m));
    }
    return modules;
}

void check(std::vector<ScanModule>& modules, const std::vector<std::string>& lots) {
    std::vector<ScanMember> members;
    for (std::size_t i = 0; i < modules.size(); ++i) {
        members.push_back(ScanMember{&modules[i].check, &modules[i].spd, modules[i].image, i < lots.size() ? lots[i] : std::string()});
    }
    check_scan(members);
}

std::size_t count(const ScanModule& m, FindingCode code) {
    return static_cast<std::size_t>(std::count_if(m.check.findings.begin(), m.check.findings.end(), [&](const Finding& f) { return f.code == code; }));
}

}  // namespace

TEST_CASE("rules: DUP_IN_SCAN and LOT_CLONE across the modules of one scan", "[verifier][rules]") {
    SynthSpec other = samsung_rdimm();
    other.serial_hex = "3bf239f9";
    SECTION("distinct identities") {
        auto modules = scan_of({samsung_rdimm(), other, samsung_udimm()});
        check(modules, {"L1", "L1", "L1"});
        for (const auto& m : modules) {
            CHECK(count(m, FindingCode::dup_in_scan) == 0);
            CHECK(count(m, FindingCode::lot_clone) == 0);
        }
    }
    SECTION("two identical images: DUP_IN_SCAN, not LOT_CLONE") {
        auto modules = scan_of({samsung_rdimm(), samsung_rdimm(), other});
        check(modules, {"L1", "L1", "L1"});
        for (std::size_t i = 0; i < 2; ++i) {
            CHECK(count(modules[i], FindingCode::dup_in_scan) == 1);
            CHECK(count(modules[i], FindingCode::lot_clone) == 0);
            const Finding& f = *std::find_if(modules[i].check.findings.begin(), modules[i].check.findings.end(),
                                             [](const Finding& x) { return x.code == FindingCode::dup_in_scan; });
            CHECK(f.severity == Severity::fail);
            CHECK(f.category == Category::history);
            CHECK(verdict_from(modules[i].check.findings, false) == Verdict::counterfeit);
        }
        CHECK(count(modules[2], FindingCode::dup_in_scan) == 0);
    }
    SECTION("same identity, different images (one re-flashed): DUP_IN_SCAN") {
        SynthSpec reflashed = samsung_rdimm();
        reflashed.part_number = "M321R4GA0BB0-CQKZJ";
        auto modules = scan_of({samsung_rdimm(), reflashed});
        check(modules, {});
        CHECK(count(modules[0], FindingCode::dup_in_scan) == 1);
        CHECK(count(modules[1], FindingCode::dup_in_scan) == 1);
    }
    SECTION("three identical images in one lot: DUP_IN_SCAN and LOT_CLONE") {
        auto modules = scan_of({samsung_rdimm(), samsung_rdimm(), samsung_rdimm(), other});
        check(modules, {"L7", "L7", "L7", "L7"});
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(count(modules[i], FindingCode::dup_in_scan) == 1);
            CHECK(count(modules[i], FindingCode::lot_clone) == 1);
            const Finding& f = *std::find_if(modules[i].check.findings.begin(), modules[i].check.findings.end(),
                                             [](const Finding& x) { return x.code == FindingCode::lot_clone; });
            CHECK(f.severity == Severity::fail);
            CHECK(f.category == Category::history);
            CHECK_THAT(f.message, Catch::Contains("lot L7"));
        }
        CHECK(count(modules[3], FindingCode::lot_clone) == 0);
    }
    SECTION("three identical images spread over three lots: no LOT_CLONE") {
        auto modules = scan_of({samsung_rdimm(), samsung_rdimm(), samsung_rdimm()});
        check(modules, {"L1", "L2", "L3"});
        for (const auto& m : modules) {
            CHECK(count(m, FindingCode::dup_in_scan) == 1);
            CHECK(count(m, FindingCode::lot_clone) == 0);
        }
    }
    SECTION("blank serials never duplicate") {
        SynthSpec a = samsung_udimm();
        a.serial_hex = "00000000";
        SynthSpec b = a;
        b.year = 2023;  // a different unit of the same part, also without a serial
        auto modules = scan_of({a, a, b});
        check(modules, {"L1", "L1", "L1"});
        for (const auto& m : modules) CHECK(count(m, FindingCode::dup_in_scan) == 0);
    }
}

// ------------------------------------------------------------------------------ verdicts

TEST_CASE("rules: verdict_from maps severities and categories to verdicts", "[verifier][rules][verdict]") {
    const Finding crc = finding(FindingCode::crc_bad, Severity::fail, Category::integrity);
    const Finding unstable = finding(FindingCode::read_unstable, Severity::fail, Category::integrity);
    const Finding stale = finding(FindingCode::registry_stale, Severity::warn, Category::registry);
    const Finding tampered = finding(FindingCode::registry_tampered, Severity::warn, Category::registry);
    const Finding dup = finding(FindingCode::dup_serial, Severity::fail, Category::history);
    const Finding date = finding(FindingCode::date_invalid, Severity::warn, Category::identity);
    const Finding unknown_part = finding(FindingCode::part_unknown, Severity::info, Category::part);
    const Finding blank = finding(FindingCode::serial_blank, Severity::info, Category::identity);

    // integrity only -> suspect ("SPD corrupted"), even against a trusted record
    CHECK(verdict_from({crc}, false) == Verdict::suspect);
    CHECK(verdict_from({crc, unstable}, true) == Verdict::suspect);
    CHECK(integrity_only({crc, unstable, blank}));
    CHECK_FALSE(integrity_only({crc, date}));
    // registry problems only -> unknown, never genuine
    CHECK(verdict_from({stale}, true) == Verdict::unknown);
    CHECK(verdict_from({tampered, unknown_part}, false) == Verdict::unknown);
    // any fail outside integrity/registry -> counterfeit, whatever else
    CHECK(verdict_from({dup}, true) == Verdict::counterfeit);
    CHECK(verdict_from({crc, stale, dup}, false) == Verdict::counterfeit);
    // warn -> suspect
    CHECK(verdict_from({date}, true) == Verdict::suspect);
    CHECK(verdict_from({date, stale}, true) == Verdict::suspect);
    // clean: genuine only when compared with a trusted part record
    CHECK(verdict_from({}, true) == Verdict::genuine);
    CHECK(verdict_from({blank}, true) == Verdict::genuine);
    CHECK(verdict_from({}, false) == Verdict::unknown);
    CHECK(verdict_from({unknown_part, blank}, false) == Verdict::unknown);
}

namespace {

/// A registry whose lookups for one part number throw (a bug or a broken back end reached by
/// one module's bytes); everything else answers "nothing known".
class ThrowingRegistry final : public RegistryInterface {
public:
    explicit ThrowingRegistry(std::string poisoned) : poisoned_(std::move(poisoned)) {}
    Result<Lookup<PartRecord>> part(std::string_view part_number) override {
        if (part_number == poisoned_) throw std::runtime_error("lookup exploded");
        return Lookup<PartRecord>{};
    }
    Result<Lookup<SerialRecord>> issued_serial(const ModuleIdentity&) override { return Lookup<SerialRecord>{}; }
    Result<bool> publishes_serials(std::string_view) override { return false; }
    Result<Lookup<Revocation>> revocations(const ModuleIdentity&) override { return Lookup<Revocation>{}; }
    Result<Lookup<Sighting>> sightings(const ModuleIdentity&) override { return Lookup<Sighting>{}; }
    Result<Sighting> record_sighting(Sighting) override { throw std::runtime_error("disk on fire"); }

private:
    std::string poisoned_;
};

firmware_io::AcquiredModule acquired(const std::string& location, std::vector<std::uint8_t> image) {
    firmware_io::AcquiredModule a;
    a.location = location;
    a.via = "file (raw)";
    firmware_io::ModuleRead read;
    read.image = std::move(image);
    read.crc_ok = true;
    a.read = std::move(read);
    return a;
}

}  // namespace

TEST_CASE("inspector: one module that throws is reported, every other module is still judged", "[verifier][inspection][hostile]") {
    SynthSpec other = samsung_rdimm();
    other.part_number = "M393A4K40DB3-CWEGY";
    ThrowingRegistry registry(samsung_rdimm().part_number);
    InspectOptions options;
    options.today_week = today;
    options.record = true;
    Inspector inspector(Policy::builtin(), &registry, "station", options);
    std::vector<firmware_io::AcquiredModule> modules;
    modules.push_back(acquired("first.bin", image_of(other)));
    modules.push_back(acquired("poisoned.bin", image_of(samsung_rdimm())));
    modules.push_back(acquired("last.bin", image_of(samsung_udimm())));
    InspectionResult result;
    REQUIRE_NOTHROW(result = inspector.inspect(std::move(modules)));
    REQUIRE(result.modules.size() == 3);
    CHECK(result.modules[1].verdict == Verdict::unreadable);
    CHECK(result.modules[1].reason.find("internal error while judging this module: lookup exploded") != std::string::npos);
    for (const std::size_t i : {std::size_t{0}, std::size_t{2}}) {
        INFO(result.modules[i].location << ": " << result.modules[i].reason);
        CHECK(result.modules[i].spd.has_value());          // decoded and judged
        CHECK(result.modules[i].verdict != Verdict::unreadable);
    }
    // Recording threw too: said once per module, never a crash.
    CHECK(std::count_if(result.registry_problems.begin(), result.registry_problems.end(),
                        [](const std::string& p) { return p.find("disk on fire") != std::string::npos; }) == 2);
}
