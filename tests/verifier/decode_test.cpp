// SPDX-License-Identifier: GPL-3.0-or-later
// Decoder edge cases: invalid, reserved and truncated input is reported, never guessed or crashed on.
#include <catch2/catch.hpp>

#include <random>

#include "dimmguard/bytes.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard::verifier;

namespace {

std::vector<std::uint8_t> synth(Generation type) {
    SynthSpec s;
    s.type = type;
    s.capacity_bytes = 32ULL << 30;
    s.ranks = 2;
    s.device_width = type == Generation::ddr4 ? 4 : 8;
    s.speed_mts = type == Generation::ddr4 ? 3200 : 5600;
    s.maker = "Samsung";
    s.part_number = "TEST-PART";
    s.serial_hex = "01020304";
    auto image = synthesize(s);
    REQUIRE(image);
    return *image;
}

void fix_crc(std::vector<std::uint8_t>& img, std::size_t first, std::size_t last, std::size_t at) {
    const auto crc = dimmguard::crc16_spd(std::span<const std::uint8_t>(img).subspan(first, last - first + 1));
    img[at] = static_cast<std::uint8_t>(crc & 0xff);
    img[at + 1] = static_cast<std::uint8_t>(crc >> 8);
}

bool has_note(const DecodedSpd& d, const std::string& field, const std::string& text) {
    return std::any_of(d.notes.begin(), d.notes.end(), [&](const DecodeNote& n) {
        return n.field == field && n.message.find(text) != std::string::npos;
    });
}

}  // namespace

TEST_CASE("decode refuses only images too short to hold a type byte", "[verifier][decode]") {
    CHECK_FALSE(decode_spd(std::vector<std::uint8_t>{}));
    const auto r = decode_spd(std::vector<std::uint8_t>{0x23, 0x11, 0x0c});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == dimmguard::Errc::bad_format);
    CHECK(r.error().message.find("too short") != std::string::npos);
}

TEST_CASE("decode reports generations it does not decode", "[verifier][decode]") {
    std::vector<std::uint8_t> img(512, 0);
    img[2] = 0x10;  // LPDDR4
    auto d = decode_spd(img);
    REQUIRE(d);
    CHECK(d->type == Generation::unknown);
    CHECK(d->type_name == "LPDDR4 SDRAM");
    CHECK(has_note(*d, "type", "not decoded"));
    CHECK_FALSE(d->fingerprint.available);

    std::vector<std::uint8_t> blank(256, 0xff);  // an erased EEPROM
    d = decode_spd(blank);
    REQUIRE(d);
    CHECK(d->type == Generation::unknown);
    CHECK(d->type_name == "reserved (0xff)");
}

TEST_CASE("decode flags a bad CRC but still decodes everything", "[verifier][decode][crc]") {
    auto img = synth(Generation::ddr5);
    img[20] ^= 0x01;  // tCKmin changed without fixing the CRC: an edited image
    auto d = decode_spd(img);
    REQUIRE(d);
    CHECK_FALSE(d->crc_ok());
    CHECK_FALSE(d->crc[0].ok());
    CHECK(d->crc[0].stored != d->crc[0].computed);
    CHECK(has_note(*d, "crc", "crc of bytes 0-509: stored 0x"));
    CHECK(d->geometry.capacity_bytes == 32ULL << 30);  // still decoded

    auto ddr4 = synth(Generation::ddr4);
    ddr4[200] ^= 0x40;  // block 1 only
    d = decode_spd(ddr4);
    REQUIRE(d);
    CHECK(d->crc[0].ok());
    CHECK_FALSE(d->crc[1].ok());
}

TEST_CASE("decode reports truncated images and leaves the fingerprint unset", "[verifier][decode]") {
    auto img = synth(Generation::ddr5);
    img.resize(512);
    auto d = decode_spd(img);
    REQUIRE(d);
    CHECK(d->truncated);
    CHECK(d->crc_ok());  // 0-511 is all there
    CHECK_FALSE(d->manufacturing.present);
    CHECK_FALSE(d->fingerprint.available);
    CHECK(has_note(*d, "size", "holds 512 of 1024 bytes"));

    auto ddr4 = synth(Generation::ddr4);
    ddr4.resize(256);  // one EE1004 page, as a plain i2cdump gives
    d = decode_spd(ddr4);
    REQUIRE(d);
    CHECK(d->truncated);
    CHECK(d->crc.size() == 2);
    CHECK(d->crc_ok());
    CHECK_FALSE(d->manufacturing.present);
}

TEST_CASE("decode reports reserved and invalid values instead of guessing", "[verifier][decode]") {
    auto img = synth(Generation::ddr4);
    img[3] = 0x0f;   // reserved module type
    img[4] = 0x8f;   // reserved density code
    img[12] = 0x0f;  // reserved width
    fix_crc(img, 0, 125, 126);
    img[323] = 0x1a;  // not BCD
    img[324] = 0x66;
    img[330] = 0x9c;  // non-ASCII in the part number
    auto d = decode_spd(img);
    REQUIRE(d);
    CHECK(d->crc_ok());
    CHECK(d->module_type == "reserved (0x0f)");
    CHECK(has_note(*d, "module_type", "byte 0x03"));
    CHECK(d->geometry.die_density_mbit == 0);
    CHECK(d->geometry.device_width == 0);
    CHECK(d->geometry.capacity_bytes == 0);
    CHECK(has_note(*d, "density", "byte 0x04"));
    CHECK_FALSE(d->manufacturing.date.valid);
    CHECK(d->manufacturing.date.programmed);
    CHECK(d->manufacturing.date.to_string() == "invalid (0x1a 0x66)");
    CHECK(has_note(*d, "date", "neither BCD nor a binary year and week"));
    CHECK_FALSE(d->manufacturing.part_number_printable);
    CHECK(has_note(*d, "part_number", "non-ASCII"));

    img[323] = 0x22;
    img[324] = 0x54;  // week 54
    d = decode_spd(img);
    REQUIRE(d);
    CHECK_FALSE(d->manufacturing.date.valid);
    CHECK(has_note(*d, "date", "outside 1-53"));
}

TEST_CASE("decode recognises blank serials in all three forms", "[verifier][decode]") {
    auto img = synth(Generation::ddr5);
    for (std::uint8_t fill : {std::uint8_t{0x00}, std::uint8_t{0xff}, std::uint8_t{0x20}}) {
        std::fill(img.begin() + 517, img.begin() + 521, fill);
        auto d = decode_spd(img);
        REQUIRE(d);
        CHECK(d->manufacturing.serial_blank);
    }
    img[517] = 0x01;
    CHECK_FALSE(decode_spd(img)->manufacturing.serial_blank);
}

TEST_CASE("fingerprint ignores per-module bytes and the end-user area only", "[verifier][fingerprint]") {
    const auto base = synth(Generation::ddr4);
    const auto fp = decode_spd(base)->fingerprint.sha256_hex;
    for (std::size_t offset : {322u, 323u, 324u, 325u, 328u, 353u, 383u, 384u, 511u}) {
        auto copy = base;
        copy[offset] ^= 0x5a;
        INFO("byte " << offset);
        CHECK(decode_spd(copy)->fingerprint.sha256_hex == fp);
    }
    for (std::size_t offset : {0u, 18u, 126u, 200u, 300u, 320u, 321u, 329u, 348u, 349u, 350u, 352u}) {
        auto copy = base;
        copy[offset] ^= 0x5a;
        INFO("byte " << offset);
        CHECK(decode_spd(copy)->fingerprint.sha256_hex != fp);
    }
}

TEST_CASE("decode survives random images of every size and generation", "[verifier][decode][fuzz]") {
    std::mt19937 rng(20261127);
    std::uniform_int_distribution<int> byte(0, 255);
    const std::uint8_t types[] = {0x0b, 0x0c, 0x12, 0x10, 0x00};
    const std::size_t sizes[] = {4, 100, 256, 384, 512, 1000, 1024};
    int decoded = 0;
    for (int i = 0; i < 3000; ++i) {
        std::vector<std::uint8_t> img(sizes[static_cast<std::size_t>(i) % std::size(sizes)]);
        for (auto& b : img) b = static_cast<std::uint8_t>(byte(rng));
        img[2] = types[static_cast<std::size_t>(i) % std::size(types)];
        auto d = decode_spd(img);
        REQUIRE(d);
        ++decoded;
    }
    CHECK(decoded == 3000);
}
