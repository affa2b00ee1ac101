// SPDX-License-Identifier: GPL-3.0-or-later
// Tests for the emulated device models (AT24, EE1004, SPD5118, register devices) through the
// guarded EmulatedBus: what they serve, how pages switch, and that no guarded write lands.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "firmware_io/emulated_bus.hpp"
#include "verifier/spd_synth.hpp"

using dimmguard::Errc;
using namespace dimmguard::firmware_io;

namespace {

// A recognisable image: byte i = (i * 7 + salt) mod 256, with SPD byte 2 set to `type`.
std::vector<std::uint8_t> pattern(std::size_t size, std::uint8_t type, unsigned salt) {
    std::vector<std::uint8_t> image(size);
    for (std::size_t i = 0; i < size; ++i) image[i] = static_cast<std::uint8_t>((i * 7 + salt) & 0xffU);
    image[2] = type;
    return image;
}

std::uint8_t read(SmbusBus& bus, Address address, std::uint8_t offset) {
    auto r = bus.read_byte_data(address, offset);
    REQUIRE(r);
    return *r;
}

// Reads the hub's MR0, MR1 and MR11 so the guard allows the MR11 page select (W2).
void identify_hub(SmbusBus& bus, Address hub) {
    REQUIRE(read(bus, hub, 0x00) == 0x51);
    const std::uint8_t mr1 = read(bus, hub, 0x01);
    REQUIRE((mr1 == 0x18 || mr1 == 0x08));
    (void)read(bus, hub, 0x0b);
}

// Signed 0.25 degC reading of MR49/MR50 (bits [12:2] two's complement).
double temperature(std::uint8_t lsb, std::uint8_t msb) {
    const unsigned raw = (((static_cast<unsigned>(msb) << 8) | lsb) >> 2) & 0x7ffU;
    const int value = (raw & 0x400U) != 0 ? static_cast<int>(raw) - 0x800 : static_cast<int>(raw);
    return value * 0.25;
}

}  // namespace

TEST_CASE("emulated bus: AT24 serves 256 flat bytes", "[firmware_io][emulated][ddr3]") {
    const auto image = pattern(256, 0x0b, 3);
    EmulatedBus bus("i2c-0");
    REQUIRE(bus.attach(0x50, std::make_shared<At24Device>(image)));

    for (unsigned offset = 0; offset < 256; ++offset) {
        CHECK(read(bus, 0x50, static_cast<std::uint8_t>(offset)) == image[offset]);
    }
    // Block reads see the same flat bytes, in windows that never cross 0x7f->0x80.
    std::array<std::uint8_t, 32> block{};
    for (unsigned offset = 0; offset < 256; offset += 32) {
        REQUIRE(bus.read_i2c_block(0x50, static_cast<std::uint8_t>(offset), block));
        CHECK(std::equal(block.begin(), block.end(), image.begin() + offset));
    }
    CHECK(bus.stats().transactions == 256 + 8);
    CHECK(bus.stats().bytes_read == 512);
    CHECK(bus.stats().wire_bits == 256 * 39 + 8 * (30 + 9 * 32));
    CHECK(bus.stray_writes() == 0);

    SECTION("a short image reads as erased cells (0xff) past its end") {
        EmulatedBus short_bus("i2c-0");
        REQUIRE(short_bus.attach(0x51, std::make_shared<At24Device>(std::vector<std::uint8_t>(128, 0x00))));
        CHECK(read(short_bus, 0x51, 0x7f) == 0x00);
        CHECK(read(short_bus, 0x51, 0x80) == 0xff);
    }
}

TEST_CASE("emulated bus: EE1004 page select is bus-global", "[firmware_io][emulated][ddr4][ee1004]") {
    EmulatedBus bus("i2c-0");
    std::vector<std::vector<std::uint8_t>> images;
    for (Address a = 0x50; a <= 0x52; ++a) {
        images.push_back(pattern(512, 0x0c, a));
        REQUIRE(bus.attach(a, std::make_shared<Ee1004Device>(images.back(), bus.ee1004_segment())));
    }

    SECTION("the guard refuses the page select until a DDR4 SPD was read") {
        auto r = bus.select_ee1004_page(1);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::usage);
        CHECK(bus.ee1004_segment()->page == 0);
        CHECK(bus.stats().refused_writes == 1);
    }

    SECTION("one SPA1 switches every module to page 1, SPA0 back") {
        REQUIRE(read(bus, 0x50, 0x02) == 0x0c);
        auto page0 = bus.ee1004_page_is_zero();
        REQUIRE(page0);
        CHECK(*page0);

        REQUIRE(bus.select_ee1004_page(1));
        CHECK(bus.ee1004_segment()->page == 1);
        auto rpa = bus.ee1004_page_is_zero();  // RPA: NACK while page 1 is selected
        REQUIRE(rpa);
        CHECK_FALSE(*rpa);
        for (std::size_t m = 0; m < images.size(); ++m) {
            const auto address = static_cast<Address>(0x50 + m);
            for (unsigned offset = 0; offset < 256; offset += 5) {
                INFO("module " << m << " offset " << offset);
                CHECK(read(bus, address, static_cast<std::uint8_t>(offset)) == images[m][256 + offset]);
            }
        }

        REQUIRE(bus.select_ee1004_page(0));
        rpa = bus.ee1004_page_is_zero();
        REQUIRE(rpa);
        CHECK(*rpa);
        for (std::size_t m = 0; m < images.size(); ++m) {
            CHECK(read(bus, static_cast<Address>(0x50 + m), 0x40) == images[m][0x40]);
        }
        CHECK(bus.stats().writes == 2);
        CHECK(bus.stray_writes() == 0);
    }

    SECTION("the page is state of the segment, not of one device") {
        REQUIRE(read(bus, 0x52, 0x02) == 0x0c);
        REQUIRE(bus.select_ee1004_page(1));
        // A module attached later on the same segment is on page 1 as well.
        const auto late = pattern(512, 0x0c, 0x77);
        REQUIRE(bus.attach(0x53, std::make_shared<Ee1004Device>(late, bus.ee1004_segment())));
        CHECK(read(bus, 0x53, 0x10) == late[256 + 0x10]);
        REQUIRE(bus.select_ee1004_page(0));
    }
}

TEST_CASE("emulated bus: read page address NACKs where no EE1004 answers", "[firmware_io][emulated][ee1004]") {
    EmulatedBus bus("i2c-0");
    auto r = bus.ee1004_page_is_zero();
    REQUIRE(r);
    CHECK_FALSE(*r);  // indistinguishable from page 1: the generation must be known first
    CHECK(bus.stats().errors == 1);
}

TEST_CASE("emulated bus: SPD5118 mode registers", "[firmware_io][emulated][ddr5][spd5118]") {
    Spd5118Config config;
    config.revision = 0x14;
    config.vendor_bank = 0x80;
    config.vendor_code = 0xb3;
    config.write_protect = 0x03ff;
    EmulatedBus bus("i2c-0");
    REQUIRE(bus.attach(0x52, std::make_shared<Spd5118Device>(pattern(1024, 0x12, 9), config)));

    CHECK(read(bus, 0x52, 0x00) == 0x51);  // MR0 device type MSB
    CHECK(read(bus, 0x52, 0x01) == 0x18);  // MR1 SPD5118 (with thermal sensor)
    CHECK(read(bus, 0x52, 0x02) == 0x14);  // MR2 revision
    CHECK(read(bus, 0x52, 0x03) == 0x80);  // MR3 JEP106 bank
    CHECK(read(bus, 0x52, 0x04) == 0xb3);  // MR4 JEP106 code (IDT)
    CHECK(read(bus, 0x52, 0x05) == 0x03);  // MR5 hub + TS supported
    CHECK(read(bus, 0x52, 0x0b) == 0x00);  // MR11 1-byte mode, page 0
    CHECK(read(bus, 0x52, 0x0c) == 0xff);  // MR12 blocks 7-0 protected
    CHECK(read(bus, 0x52, 0x0d) == 0x03);  // MR13 blocks 9-8 protected
    CHECK(read(bus, 0x52, 0x13) == 0x00);  // MR19 clear-TS command reads 0
    CHECK(read(bus, 0x52, 0x30) == 0x00);  // MR48 status: no write in progress

    SECTION("SPD5108 without a thermal sensor") {
        Spd5118Config no_ts;
        no_ts.device_type_lsb = 0x08;
        EmulatedBus other("i2c-1");
        REQUIRE(other.attach(0x50, std::make_shared<Spd5118Device>(pattern(1024, 0x12, 1), no_ts)));
        CHECK(read(other, 0x50, 0x01) == 0x08);
        CHECK(read(other, 0x50, 0x05) == 0x01);  // hub function only
    }
}

TEST_CASE("emulated bus: SPD5118 NVM paging through MR11", "[firmware_io][emulated][ddr5][spd5118]") {
    const auto nvm = pattern(1024, 0x12, 5);
    EmulatedBus bus("i2c-0");
    REQUIRE(bus.attach(0x50, std::make_shared<Spd5118Device>(nvm, Spd5118Config{})));
    identify_hub(bus, 0x50);

    std::array<std::uint8_t, 32> block{};
    for (int page = 0; page < 8; ++page) {
        INFO("page " << page);
        REQUIRE(bus.select_spd5118_page(0x50, page));
        CHECK(read(bus, 0x50, 0x0b) == page);
        for (unsigned offset = 0x80; offset < 0x100; offset += 32) {
            REQUIRE(bus.read_i2c_block(0x50, static_cast<std::uint8_t>(offset), block));
            const std::size_t at = static_cast<std::size_t>(page) * 128 + (offset - 0x80);
            CHECK(std::equal(block.begin(), block.end(), nvm.begin() + static_cast<std::ptrdiff_t>(at)));
        }
        // Registers stay visible on every page on a hub that does not hide them.
        CHECK(read(bus, 0x50, 0x00) == 0x51);
    }
    REQUIRE(bus.select_spd5118_page(0x50, 0));
    CHECK(bus.stats().writes == 9);
    CHECK(bus.stray_writes() == 0);

    SECTION("a hub left in 2-byte mode keeps it through page selects") {
        Spd5118Config two_byte;
        two_byte.mr11 = 0x08;
        EmulatedBus other("i2c-1");
        REQUIRE(other.attach(0x51, std::make_shared<Spd5118Device>(nvm, two_byte)));
        identify_hub(other, 0x51);
        REQUIRE(other.select_spd5118_page(0x51, 2));
        CHECK(read(other, 0x51, 0x0b) == 0x0a);
        REQUIRE(other.select_spd5118_page(0x51, 0));
        CHECK(other.stray_writes() == 0);  // the mode bit never changed
    }
}

TEST_CASE("emulated bus: Renesas-style hub hides registers off page 0", "[firmware_io][emulated][ddr5][spd5118]") {
    const auto nvm = pattern(1024, 0x12, 11);
    Spd5118Config config;
    config.hide_registers_off_page0 = true;
    config.vendor_bank = 0x04;
    config.vendor_code = 0x23;
    EmulatedBus bus("i2c-0");
    REQUIRE(bus.attach(0x50, std::make_shared<Spd5118Device>(nvm, config)));
    const auto hub = bus.device_at(0x50);
    REQUIRE(hub);
    identify_hub(bus, 0x50);
    CHECK(read(bus, 0x50, 0x03) == 0x04);

    REQUIRE(bus.select_spd5118_page(0x50, 3));
    // MR0-MR127 read 0 (the Linux driver's detection case) but MR11 and the NVM window answer.
    for (const std::uint8_t mr : std::initializer_list<std::uint8_t>{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x0c, 0x31}) {
        INFO("MR offset " << int{mr});
        auto value = hub->read_byte_data(mr);
        REQUIRE(value);
        CHECK(*value == 0x00);
    }
    CHECK(read(bus, 0x50, 0x0b) == 0x03);
    CHECK(read(bus, 0x50, 0x80) == nvm[3 * 128]);

    REQUIRE(bus.select_spd5118_page(0x50, 0));
    CHECK(read(bus, 0x50, 0x00) == 0x51);
    CHECK(read(bus, 0x50, 0x04) == 0x23);
    CHECK(bus.stray_writes() == 0);
}

TEST_CASE("emulated bus: SPD5118 temperature registers", "[firmware_io][emulated][ddr5][spd5118]") {
    const auto make = [](double celsius) {
        Spd5118Config config;
        config.temperature_c = celsius;
        auto bus = std::make_unique<EmulatedBus>("i2c-0");
        REQUIRE(bus->attach(0x50, std::make_shared<Spd5118Device>(pattern(1024, 0x12, 0), config)));
        return bus;
    };
    auto warm = make(38.5);  // 154 quarter degrees << 2 = 0x268
    CHECK(read(*warm, 0x50, 0x31) == 0x68);
    CHECK(read(*warm, 0x50, 0x32) == 0x02);
    CHECK(temperature(read(*warm, 0x50, 0x31), read(*warm, 0x50, 0x32)) == Approx(38.5));

    auto cold = make(-5.5);  // -22 quarter degrees, 13-bit two's complement 0x1fa8
    CHECK(read(*cold, 0x50, 0x31) == 0xa8);
    CHECK(read(*cold, 0x50, 0x32) == 0x1f);
    CHECK(temperature(read(*cold, 0x50, 0x31), read(*cold, 0x50, 0x32)) == Approx(-5.5));

    auto odd = make(41.3);  // rounds to the nearest quarter degree
    CHECK(temperature(read(*odd, 0x50, 0x31), read(*odd, 0x50, 0x32)) == Approx(41.25));
}

TEST_CASE("emulated bus: empty addresses NACK naming bus, address and byte", "[firmware_io][emulated]") {
    EmulatedBus bus("i2c-3");
    REQUIRE(bus.attach(0x50, std::make_shared<At24Device>(pattern(256, 0x0b, 0))));

    auto r = bus.read_byte_data(0x53, 0x7e);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::nack);
    CHECK(r.error().message == "i2c-3 0x53: nack at byte 0x7e");

    std::array<std::uint8_t, 16> block{};
    auto b = bus.read_i2c_block(0x57, 0x20, block);
    REQUIRE_FALSE(b);
    CHECK(b.error().code == Errc::nack);
    CHECK(b.error().message == "i2c-3 0x57: nack at byte 0x20");

    auto pmic = bus.read_byte_data(0x48, 0x3c);
    REQUIRE_FALSE(pmic);
    CHECK(pmic.error().message == "i2c-3 0x48: nack at byte 0x3c");
    CHECK(bus.stats().errors == 3);
    CHECK(bus.stats().bytes_read == 0);
}

TEST_CASE("emulated bus: PMIC, thermal sensor and RCD register devices", "[firmware_io][emulated][ddr5]") {
    EmulatedBus bus("i2c-0");
    REQUIRE(bus.attach(0x4a, std::make_shared<RegisterDevice>("pmic", std::map<std::uint8_t, std::uint8_t>{
                                                                          {0x3b, 0x12}, {0x3c, 0x8a}, {0x3d, 0x8c}})));
    REQUIRE(bus.attach(0x12, std::make_shared<RegisterDevice>("ts", std::map<std::uint8_t, std::uint8_t>{
                                                                        {0x00, 0x51}, {0x01, 0x11}, {0x03, 0x80}, {0x04, 0xb3}})));
    REQUIRE(bus.attach(0x36, std::make_shared<RegisterDevice>("ts", std::map<std::uint8_t, std::uint8_t>{{0x00, 0x51}})));
    CHECK(read(bus, 0x4a, 0x3b) == 0x12);
    CHECK(read(bus, 0x4a, 0x3c) == 0x8a);
    CHECK(read(bus, 0x4a, 0x3d) == 0x8c);
    CHECK(read(bus, 0x4a, 0x21) == 0x00);  // unlisted registers read 0
    CHECK(read(bus, 0x12, 0x01) == 0x11);
    CHECK(read(bus, 0x36, 0x00) == 0x51);  // TS1 at 0x30|6: a DDR5 segment has no EE1004 here
    CHECK(bus.device_at(0x4a)->model() == "pmic");
    CHECK(bus.device_at(0x12)->model() == "ts");
    CHECK(bus.device_at(0x40) == nullptr);

    // The DDR5 segment is not DDR4: nothing answers RPA as an EE1004 would and SPA is refused.
    auto spa = bus.send_byte(0x36, 0x00);
    REQUIRE_FALSE(spa);
    CHECK(spa.error().code == Errc::usage);
    CHECK(bus.stray_writes() == 0);
}

TEST_CASE("emulated bus: attach refuses taken and reserved addresses", "[firmware_io][emulated]") {
    EmulatedBus bus("i2c-0");
    REQUIRE(bus.attach(0x50, std::make_shared<At24Device>(pattern(256, 0x0b, 0))));
    auto twice = bus.attach(0x50, std::make_shared<At24Device>(pattern(256, 0x0b, 1)));
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == Errc::usage);
    CHECK(twice.error().message == "i2c-0: two devices at 0x50");
    auto wide = bus.attach(0x80, std::make_shared<At24Device>(pattern(256, 0x0b, 1)));
    REQUIRE_FALSE(wide);
    CHECK(wide.error().message == "i2c-0: 0x80 is not a 7-bit address");
    auto spa = bus.attach(0x37, std::make_shared<RegisterDevice>("pmic", std::map<std::uint8_t, std::uint8_t>{}));
    REQUIRE_FALSE(spa);
    CHECK(spa.error().message == "i2c-0: 0x37 is reserved for EE1004 page commands");
}

TEST_CASE("emulated bus: guarded writes never change NVM", "[firmware_io][emulated][guard]") {
    const auto nvm = pattern(1024, 0x12, 21);
    Spd5118Config config;
    config.write_protect = 0x00ff;  // blocks 0-7 (NVM bytes 0-511) protected
    EmulatedBus bus("i2c-0");
    REQUIRE(bus.attach(0x50, std::make_shared<Spd5118Device>(nvm, config)));
    REQUIRE(bus.attach(0x48, std::make_shared<RegisterDevice>("pmic", std::map<std::uint8_t, std::uint8_t>{{0x3b, 0x12}})));
    REQUIRE(bus.attach(0x10, std::make_shared<RegisterDevice>("ts", std::map<std::uint8_t, std::uint8_t>{{0x00, 0x51}})));
    identify_hub(bus, 0x50);

    struct Attempt {
        Address device;
        std::uint8_t reg;
        std::uint8_t value;
    };
    const Attempt writes[] = {
        {0x50, 0x80, 0x00},  // NVM byte through the window
        {0x50, 0xff, 0x00},
        {0x50, 0x0c, 0x00},  // MR12 write protection
        {0x50, 0x0d, 0x00},  // MR13
        {0x50, 0x12, 0x20},  // MR18: switch to I3C
        {0x50, 0x1a, 0x01},  // MR26: TS disable
        {0x50, 0x0b, 0x08},  // MR11 addressing mode
        {0x50, 0x0b, 0x11},  // MR11 reserved bits
        {0x48, 0x32, 0x00},  // PMIC VR enable
        {0x10, 0x1c, 0x00},  // TS limit
        {0x58, 0x00, 0x00},  // RCD
    };
    for (const auto& w : writes) {
        INFO("write " << int{w.device} << " reg " << int{w.reg});
        auto r = bus.write_byte_data(w.device, w.reg, w.value);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::usage);
    }
    for (Address a : {Address{0x30}, Address{0x31}, Address{0x33}, Address{0x34}, Address{0x35}, Address{0x36}, Address{0x37}}) {
        auto r = bus.send_byte(a, 0x00);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == Errc::usage);
    }
    CHECK(bus.stats().refused_writes == std::size(writes) + 7);
    CHECK(bus.stats().writes == 0);
    CHECK(bus.stray_writes() == 0);
    CHECK(read(bus, 0x50, 0x80) == nvm[0]);
    CHECK(read(bus, 0x50, 0x0c) == 0xff);
    CHECK(read(bus, 0x50, 0x0b) == 0x00);

    SECTION("a direct device write bypasses the guard and is counted") {
        const auto hub = bus.device_at(0x50);
        // Page 4 (NVM 512-639, block 8) is not protected: the byte changes.
        REQUIRE(bus.select_spd5118_page(0x50, 4));
        REQUIRE(hub->write_byte_data(0x80, 0x5a));
        CHECK(hub->stray_writes() == 1);
        CHECK(read(bus, 0x50, 0x80) == 0x5a);
        // Page 0 (block 0) is protected: the write is ignored but still counted.
        REQUIRE(bus.select_spd5118_page(0x50, 0));
        REQUIRE(hub->write_byte_data(0x80, 0x5a));
        CHECK(hub->stray_writes() == 2);
        CHECK(read(bus, 0x50, 0x80) == nvm[0]);
        // Register devices ignore the write, but it is counted all the same.
        REQUIRE(bus.device_at(0x48)->write_byte_data(0x3b, 0x00));
        CHECK(read(bus, 0x48, 0x3b) == 0x12);
        CHECK(bus.stray_writes() == 3);
    }

    SECTION("DDR3 and DDR4 EEPROMs store a direct write") {
        EmulatedBus ddr4("i2c-1");
        const auto image = pattern(512, 0x0c, 2);
        REQUIRE(ddr4.attach(0x50, std::make_shared<Ee1004Device>(image, ddr4.ee1004_segment())));
        REQUIRE(ddr4.attach(0x51, std::make_shared<At24Device>(pattern(256, 0x0b, 2))));
        REQUIRE_FALSE(ddr4.write_byte_data(0x50, 0x0b, 0x00));  // would be SPD byte 11 on DDR4
        REQUIRE_FALSE(ddr4.write_byte_data(0x51, 0x0b, 0x00));
        CHECK(ddr4.stray_writes() == 0);
        REQUIRE(ddr4.device_at(0x50)->write_byte_data(0x0b, 0x00));
        REQUIRE(ddr4.device_at(0x51)->write_byte_data(0x0b, 0x00));
        CHECK(ddr4.stray_writes() == 2);
        CHECK(read(ddr4, 0x50, 0x0b) == 0x00);
        CHECK(read(ddr4, 0x51, 0x0b) == 0x00);
    }
}

TEST_CASE("emulated bus: word reads equal byte reads on every page of synthesized images", "[firmware_io][emulated][word]") {
    const auto synth = [](dimmguard::Generation type, int speed, const char* serial) {
        dimmguard::verifier::SynthSpec s;
        s.type = type;
        s.capacity_bytes = 16ULL << 30;
        s.ranks = 1;
        s.speed_mts = speed;
        s.maker = "Micron Technology";
        s.part_number = "WORDS";
        s.serial_hex = serial;
        auto img = dimmguard::verifier::synthesize(s);
        REQUIRE(img);
        return *img;
    };
    // Compare every even offset of the current 256-byte view: bytes at o and o + 1 through one
    // word read, through two byte reads (0x7e/0xfe are the last words of each half).
    const auto compare_view = [](SmbusBus& bus, Address a) {
        for (unsigned o = 0; o < 256; o += 2) {
            const auto at = static_cast<std::uint8_t>(o);
            auto w = bus.read_word_data(a, at);
            REQUIRE(w);
            CHECK((*w)[0] == read(bus, a, at));
            CHECK((*w)[1] == read(bus, a, static_cast<std::uint8_t>(at + 1)));
        }
        // Odd offsets inside a half read as words too.
        auto odd = bus.read_word_data(a, 0x81);
        REQUIRE(odd);
        CHECK((*odd)[0] == read(bus, a, 0x81));
        CHECK((*odd)[1] == read(bus, a, 0x82));
    };
    SECTION("DDR3 on an AT24") {
        EmulatedBus bus("i2c-0");
        REQUIRE(bus.attach(0x50, std::make_shared<At24Device>(pattern(256, 0x0b, 5))));
        compare_view(bus, 0x50);
        CHECK(bus.stray_writes() == 0);
    }
    SECTION("DDR4 on an EE1004, both pages") {
        EmulatedBus bus("i2c-0");
        const auto img = synth(dimmguard::Generation::ddr4, 3200, "01020304");
        REQUIRE(bus.attach(0x51, std::make_shared<Ee1004Device>(img, bus.ee1004_segment())));
        REQUIRE(read(bus, 0x51, 2) == 0x0c);
        compare_view(bus, 0x51);
        REQUIRE(bus.select_ee1004_page(1));
        compare_view(bus, 0x51);
        auto w = bus.read_word_data(0x51, 0x40);  // SPD bytes 320-321 on page 1
        REQUIRE(w);
        CHECK((*w)[0] == img[320]);
        CHECK((*w)[1] == img[321]);
        REQUIRE(bus.select_ee1004_page(0));
        CHECK(bus.stray_writes() == 0);
    }
    SECTION("DDR5 on an SPD5118, registers and all eight NVM pages") {
        EmulatedBus bus("i2c-0");
        const auto img = synth(dimmguard::Generation::ddr5, 4800, "05060708");
        REQUIRE(bus.attach(0x52, std::make_shared<Spd5118Device>(img, Spd5118Config{})));
        identify_hub(bus, 0x52);
        for (int page = 0; page < 8; ++page) {
            INFO("page " << page);
            REQUIRE(bus.select_spd5118_page(0x52, page));
            compare_view(bus, 0x52);
            for (unsigned o = 0x80; o < 0x100; o += 2) {
                auto w = bus.read_word_data(0x52, static_cast<std::uint8_t>(o));
                REQUIRE(w);
                CHECK((*w)[0] == img[static_cast<std::size_t>(page) * 128 + (o - 0x80)]);
                CHECK((*w)[1] == img[static_cast<std::size_t>(page) * 128 + (o - 0x80) + 1]);
            }
        }
        REQUIRE(bus.select_spd5118_page(0x52, 0));
        CHECK(bus.stray_writes() == 0);
    }
}
