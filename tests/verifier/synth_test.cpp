// SPDX-License-Identifier: GPL-3.0-or-later
// Synthesizer -> decoder round trips over many parameter combinations, and refusals.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "dimmguard/bytes.hpp"
#include "verifier/spd.hpp"
#include "verifier/policy.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard::verifier;

namespace {

constexpr std::uint64_t GiB = 1ULL << 30;

DecodedSpd round_trip(const SynthSpec& spec) {
    auto image = synthesize(spec);
    INFO((image ? std::string("ok") : image.error().message));
    REQUIRE(image);
    REQUIRE(image->size() == full_image_size(spec.type));
    auto decoded = decode_spd(*image);
    REQUIRE(decoded);
    return *decoded;
}

}  // namespace

TEST_CASE("synth DDR4 round trips over module types, widths, ranks and speeds", "[verifier][synth][ddr4]") {
    const char* modules[] = {"RDIMM", "UDIMM", "SO-DIMM", "LRDIMM"};
    const int widths[] = {4, 8, 16};
    const int ranks[] = {1, 2, 4};
    const int speeds[] = {1600, 1866, 2133, 2400, 2666, 2933, 3200};
    const std::uint64_t die_gbit[] = {4, 8, 16};
    int checked = 0;
    for (const char* module : modules) {
        for (int width : widths) {
            for (int rank : ranks) {
                for (int speed : speeds) {
                    for (std::uint64_t die : die_gbit) {
                        SynthSpec s;
                        s.type = Generation::ddr4;
                        s.module_type = module;
                        s.device_width = width;
                        s.ranks = rank;
                        s.speed_mts = speed;
                        s.capacity_bytes = die * GiB / 8 * static_cast<std::uint64_t>(64 / width * rank);
                        s.maker = "SK Hynix";
                        s.part_number = "HMA-TEST-" + std::to_string(checked);
                        s.serial_hex = "0a0b0c0d";
                        s.year = 2021;
                        s.week = 7;
                        const auto d = round_trip(s);
                        CHECK(d.type == Generation::ddr4);
                        CHECK(d.module_type == module);
                        CHECK(d.geometry.capacity_bytes == s.capacity_bytes);
                        CHECK(d.geometry.package_ranks == rank);
                        CHECK(d.geometry.device_width == width);
                        CHECK(d.geometry.die_density_mbit == static_cast<int>(die * 1024));
                        CHECK(d.timings.speed_grade_mts == speed);
                        CHECK(d.geometry.ecc_bus_width == (d.registered ? 8 : 0));
                        CHECK(d.crc_ok());
                        CHECK(d.crc.size() == 2);
                        CHECK(d.manufacturing.module_maker.name == "SK Hynix");
                        CHECK(d.manufacturing.part_number == s.part_number);
                        CHECK(d.manufacturing.serial_hex == "0a0b0c0d");
                        CHECK(d.manufacturing.date.valid);
                        CHECK(d.manufacturing.date.year == 2021);
                        CHECK(d.manufacturing.date.week == 7);
                        CHECK(d.notes.empty());
                        CHECK(d.fingerprint.available);
                        ++checked;
                    }
                }
            }
        }
    }
    CHECK(checked == 4 * 3 * 3 * 7 * 3);
}

TEST_CASE("synth DDR5 round trips including 3DS stacks and declared components", "[verifier][synth][ddr5]") {
    const char* modules[] = {"RDIMM", "UDIMM", "SODIMM", "LRDIMM", "CUDIMM", "CSODIMM"};
    const int widths[] = {4, 8, 16};
    const int speeds[] = {4800, 5200, 5600, 6400, 8000};
    const std::uint64_t die_gbit[] = {16, 24, 32};
    int checked = 0;
    for (const char* module : modules) {
        for (int width : widths) {
            for (int rank : {1, 2}) {
                for (int speed : speeds) {
                    for (std::uint64_t die : die_gbit) {
                        SynthSpec s;
                        s.type = Generation::ddr5;
                        s.module_type = module;
                        s.device_width = width;
                        s.ranks = rank;
                        s.speed_mts = speed;
                        s.capacity_bytes = 2 * (32 / static_cast<std::uint64_t>(width)) * die * GiB / 8 * static_cast<std::uint64_t>(rank);
                        s.maker = "Samsung";
                        s.part_number = "M321R-TEST-" + std::to_string(checked);
                        s.serial_hex = "deadbeef";
                        s.hub_vendor = "Montage Technology Group";
                        const auto d = round_trip(s);
                        CHECK(d.module_type == module);
                        CHECK(d.geometry.capacity_bytes == s.capacity_bytes);
                        CHECK(d.geometry.subchannels == 2);
                        CHECK(d.timings.speed_grade_mts == speed);
                        CHECK(d.crc_ok());
                        REQUIRE_FALSE(d.components.empty());
                        CHECK(d.components[0].role == "hub");
                        CHECK(d.components[0].vendor.name == "Montage Technology Group");
                        CHECK(d.components[1].vendor.name == (d.registered ? "IDT" : "Richtek Power"));
                        if (d.registered) {
                            const auto rcd = std::find_if(d.components.begin(), d.components.end(),
                                                          [](const Component& c) { return c.role == "rcd"; });
                            REQUIRE(rcd != d.components.end());
                            CHECK(rcd->present);
                            CHECK(rcd->vendor.name == "Montage Technology Group");
                            CHECK(d.geometry.ecc_bus_width == 8);
                        }
                        CHECK(d.notes.empty());
                        ++checked;
                    }
                }
            }
        }
    }
    CHECK(checked == 6 * 3 * 2 * 5 * 3);

    SynthSpec stack;
    stack.type = Generation::ddr5;
    stack.capacity_bytes = 256 * GiB;
    stack.ranks = 2;
    stack.device_width = 4;
    stack.dies = 4;
    stack.three_ds = true;
    stack.speed_mts = 4800;
    stack.part_number = "3DS-TEST";
    const auto d = round_trip(stack);
    CHECK(d.geometry.three_ds);
    CHECK(d.geometry.die_count == 4);
    CHECK(d.geometry.logical_ranks == 8);
    CHECK(d.geometry.package == "3DS 4H");
    CHECK(d.geometry.die_density_mbit == 16 * 1024);
}

TEST_CASE("synth: only per-module fields change between units of one part", "[verifier][synth][fingerprint]") {
    SynthSpec a;
    a.type = Generation::ddr5;
    a.capacity_bytes = 64 * GiB;
    a.ranks = 2;
    a.device_width = 4;
    a.speed_mts = 4800;
    a.maker = "Micron Technology";
    a.part_number = "MTC40F2046S1RC48BA1";
    a.serial_hex = "3bf239f8";
    SynthSpec b = a;
    b.serial_hex = "3bf239f9";
    b.year = 2023;
    b.week = 12;
    b.location = 0x07;
    const auto da = round_trip(a);
    const auto db = round_trip(b);
    CHECK(da.fingerprint.sha256_hex == db.fingerprint.sha256_hex);
    SynthSpec relabelled = a;
    relabelled.capacity_bytes = 32 * GiB;  // the classic relabel: 32 GB image claiming the 64 GB part
    relabelled.ranks = 1;
    const auto dr = round_trip(relabelled);
    CHECK(dr.manufacturing.part_number == da.manufacturing.part_number);
    CHECK(dr.fingerprint.sha256_hex != da.fingerprint.sha256_hex);
}

TEST_CASE("synth XMP profiles decode back", "[verifier][synth][xmp]") {
    SynthSpec s;
    s.type = Generation::ddr5;
    s.module_type = "UDIMM";
    s.capacity_bytes = 16 * GiB;
    s.speed_mts = 4800;
    s.xmp_speeds = {6000, 5600};
    auto d = round_trip(s);
    REQUIRE(d.profiles.size() == 1);
    CHECK(d.profiles[0].kind == "XMP 3.0");
    REQUIRE(d.profiles[0].profiles.size() == 2);
    CHECK(d.profiles[0].profiles[0].speed_mts == 6006);  // 333 ps
    CHECK(d.profiles[0].profiles[1].speed_mts == 5602);  // 357 ps

    s.type = Generation::ddr4;
    s.speed_mts = 2400;
    s.xmp_speeds = {3200};
    d = round_trip(s);
    REQUIRE(d.profiles.size() == 1);
    CHECK(d.profiles[0].kind == "XMP 2.0");
    CHECK(d.profiles[0].profiles.at(0).tck_ps == 625);
}

TEST_CASE("synth refuses what cannot be encoded, naming the field", "[verifier][synth]") {
    SynthSpec s;
    s.type = Generation::ddr4;
    s.capacity_bytes = 24 * GiB;  // 24 GiB, 1 rank x4 -> 12 Gb dies: encodable (code 8)
    s.ranks = 1;
    s.device_width = 4;
    s.speed_mts = 3200;
    CHECK(synthesize(s));
    s.capacity_bytes = 40 * GiB;  // 20 Gb dies: no DDR4 code
    auto r = synthesize(s);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == dimmguard::Errc::usage);
    CHECK(r.error().message.find("cannot encode") != std::string::npos);

    s.capacity_bytes = 32 * GiB;
    s.maker = "NoSuchVendor";
    r = synthesize(s);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("NoSuchVendor") != std::string::npos);

    s.maker = "Micron";  // ambiguous prefix: refuse rather than guess
    r = synthesize(s);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("ambiguous") != std::string::npos);

    s.maker = "Samsung";
    s.serial_hex = "12345";
    CHECK_FALSE(synthesize(s));
    s.serial_hex = "00000001";
    s.part_number = std::string(21, 'A');
    CHECK_FALSE(synthesize(s));
    s.part_number = "OK";
    s.speed_mts = 4800;  // not a DDR4 rate
    CHECK_FALSE(synthesize(s));
    s.type = Generation::ddr3;
    s.speed_mts = 1600;
    CHECK_FALSE(synthesize(s));
}

TEST_CASE("synth spec JSON parsing names the bad field", "[verifier][synth][json]") {
    auto ok = synth_spec_from_json(nlohmann::json::parse(
        R"({"type":"ddr4","module_type":"RDIMM","capacity":"32G","ranks":2,"width":"x4","speed":3200,
            "maker":"Samsung","part_number":"M393A4K40DB3-CWE","serial":"01020304","date":"2022-W05"})"));
    REQUIRE(ok);
    CHECK(ok->capacity_bytes == 32 * GiB);
    CHECK(ok->device_width == 4);
    CHECK(ok->year == 2022);
    CHECK(ok->week == 5);
    CHECK(synthesize(*ok));

    auto bad_type = synth_spec_from_json(nlohmann::json::parse(R"({"speed":"fast"})"));
    REQUIRE_FALSE(bad_type);
    CHECK(bad_type.error().message == "field 'speed': wrong type or out of range");
    // Found by fuzz_bench (issue #13): nlohmann converts 8e80 to int with undefined behaviour and
    // wraps -1 into an unsigned; numbers must be integers in the field's range.
    for (const char* text : {R"({"xmp":[8e80]})", R"({"speed":4800.5})", R"({"speed":1e300})",
                             R"({"speed":99999999999999999999})", R"({"damage":[{"offset":1,"xor":4294967297}]})"}) {
        INFO(text);
        auto refused = synth_spec_from_json(nlohmann::json::parse(text));
        CHECK_FALSE(refused);
    }
    auto unknown = synth_spec_from_json(nlohmann::json::parse(R"({"sped":3200})"));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message == "unknown field 'sped'");
    auto width = synth_spec_from_json(nlohmann::json::parse(R"({"width":"x5"})"));
    REQUIRE_FALSE(width);
    CHECK(width.error().message.find("field 'width'") == 0);
    CHECK_FALSE(synth_spec_from_json(nlohmann::json::parse("[1,2]")));
    // Found by fuzz_text_formats: a policy whose schema_version is not a number threw type_error.
    for (const char* text : {R"({"schema_version":["RDIMM"]})", R"({"schema_version":"1"})", R"({"schema_version":1,"first_party":[{"maker":7}]})",
                             R"({"schema_version":1,"server_module_types":[1]})", R"({"schema_version":1,"write_protect_expected":{"makers":[{}]}})"}) {
        INFO(text);
        dimmguard::Result<Policy> policy = dimmguard::fail(dimmguard::Errc::internal, "not run");
        REQUIRE_NOTHROW(policy = Policy::from_json(nlohmann::json::parse(text)));
        CHECK_FALSE(policy);
    }
    CHECK(parse_capacity("512M").value() == 512ULL << 20);
    CHECK_FALSE(parse_capacity("12X"));
    CHECK_FALSE(parse_capacity("0G"));
}
