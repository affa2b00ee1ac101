// SPDX-License-Identifier: GPL-3.0-or-later
// The write guard: every dangerous address range of spd-reference.md 9 is refused before any
// back end sees it, and the two protocol page selects pass only in their exact context.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/emulated_bus.hpp"

using namespace dimmguard;
using namespace dimmguard::firmware_io;

namespace {

std::vector<std::uint8_t> image(std::size_t size, std::uint8_t type_byte) {
    std::vector<std::uint8_t> img(size, 0x00);
    img[0] = size == 256 ? 0x92 : size == 512 ? 0x23 : 0x30;
    img[1] = 0x11;
    img[2] = type_byte;
    for (std::size_t i = 3; i < size; ++i) img[i] = static_cast<std::uint8_t>(i * 7 + 1);
    return img;
}

struct Rig {
    std::shared_ptr<EmulatedBus> emulated = std::make_shared<EmulatedBus>("i2c-0");
    std::shared_ptr<RecordingBus> bus = std::make_shared<RecordingBus>(emulated);
};

Rig ddr3_rig() {
    Rig r;
    REQUIRE(r.emulated->attach(0x50, std::make_shared<At24Device>(image(256, 0x0b))));
    REQUIRE(r.emulated->attach(0x56, std::make_shared<At24Device>(image(256, 0x0b))));
    return r;
}

Rig ddr4_rig() {
    Rig r;
    for (Address a : {Address{0x50}, Address{0x51}}) {
        REQUIRE(r.emulated->attach(a, std::make_shared<Ee1004Device>(image(512, 0x0c), r.emulated->ee1004_segment())));
    }
    return r;
}

Rig ddr5_rig() {
    Rig r;
    REQUIRE(r.emulated->attach(0x50, std::make_shared<Spd5118Device>(image(1024, 0x12), Spd5118Config{})));
    REQUIRE(r.emulated->attach(0x48, std::make_shared<RegisterDevice>("pmic", std::map<std::uint8_t, std::uint8_t>{{0x3c, 0x80}, {0x3d, 0xb3}})));
    REQUIRE(r.emulated->attach(0x10, std::make_shared<RegisterDevice>("ts", std::map<std::uint8_t, std::uint8_t>{{0x00, 0x51}})));
    REQUIRE(r.emulated->attach(0x30, std::make_shared<RegisterDevice>("ts", std::map<std::uint8_t, std::uint8_t>{{0x00, 0x51}})));
    REQUIRE(r.emulated->attach(0x58, std::make_shared<RegisterDevice>("rcd", std::map<std::uint8_t, std::uint8_t>{})));
    return r;
}

void require_refused(Result<void> r) {
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::usage);
    CHECK(r.error().message.rfind("refused write: ", 0) == 0);
}

void require_untouched(const Rig& r) {
    CHECK(r.bus->write_lines().empty());
    CHECK(r.emulated->stats().writes == 0);
    CHECK(r.emulated->stray_writes() == 0);
}

}  // namespace

TEST_CASE("guard refuses every write to every dangerous range, on every generation", "[firmware_io][guard]") {
    for (auto make : {ddr3_rig, ddr4_rig, ddr5_rig}) {
        Rig r = make();
        // Let the guard learn as much as a reader would: identity bytes of every SPD address.
        for (Address a = 0x50; a <= 0x57; ++a) {
            for (std::uint8_t off : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{0x0b}}) (void)r.bus->read_byte_data(a, off);
        }
        std::uint64_t refused = 0;
        for (unsigned address = 0; address <= 0x7f; ++address) {
            const auto a = static_cast<Address>(address);
            for (unsigned reg : {0x00U, 0x01U, 0x0bU, 0x0cU, 0x12U, 0x21U, 0x80U, 0xffU}) {
                const auto value = static_cast<std::uint8_t>(reg == 0x0b ? 0x08 : 0x5a);  // MR11: tries to set 2-byte mode
                require_refused(r.bus->write_byte_data(a, static_cast<std::uint8_t>(reg), value));
                ++refused;
            }
            if (a != ee1004_spa0 && a != ee1004_spa1) {
                require_refused(r.bus->send_byte(a, 0x00));  // would be a PSWP / SWPn / CWP / TS / PMIC command
                ++refused;
            }
        }
        CHECK(r.bus->stats().refused_writes == refused);
        require_untouched(r);
    }
}

TEST_CASE("EE1004 page select passes only on a confirmed DDR4 segment", "[firmware_io][guard]") {
    SECTION("DDR3 segment: 0x36/0x37 is the permanent write protect of the module at 0x56/0x57") {
        Rig r = ddr3_rig();
        REQUIRE(r.bus->read_byte_data(0x50, 2).value() == 0x0b);
        require_refused(r.bus->select_ee1004_page(1));
        require_refused(r.bus->select_ee1004_page(0));
        require_untouched(r);
    }
    SECTION("DDR5 segment: 0x30-0x37 is thermal sensor TS1") {
        Rig r = ddr5_rig();
        REQUIRE(r.bus->read_byte_data(0x50, 0).value() == 0x51);
        REQUIRE(r.bus->read_byte_data(0x50, 1).value() == 0x18);
        require_refused(r.bus->select_ee1004_page(1));
        require_untouched(r);
    }
    SECTION("unknown segment: nothing read yet") {
        Rig r = ddr4_rig();
        require_refused(r.bus->select_ee1004_page(1));
        require_untouched(r);
    }
    SECTION("DDR4 confirmed: the page select reaches the bus and switches every module") {
        Rig r = ddr4_rig();
        REQUIRE(r.bus->read_byte_data(0x50, 2).value() == 0x0c);
        require_refused(r.bus->send_byte(ee1004_spa1, 0x01));  // only the 0x00 data byte
        REQUIRE(r.bus->select_ee1004_page(1));
        CHECK(r.bus->ee1004_page_is_zero().value() == false);
        CHECK(r.bus->read_byte_data(0x51, 2).value() == image(512, 0x0c)[258]);
        REQUIRE(r.bus->select_ee1004_page(0));
        CHECK(r.bus->ee1004_page_is_zero().value() == true);
        CHECK(r.bus->write_lines() == std::vector<std::string>{"i2c-0 tx 0x37 0x00 -> ok", "i2c-0 tx 0x36 0x00 -> ok"});
        CHECK(r.emulated->stray_writes() == 0);
    }
}

TEST_CASE("SPD5118 page select passes only after the hub signature and keeps the addressing bit", "[firmware_io][guard]") {
    SECTION("no signature read yet") {
        Rig r = ddr5_rig();
        require_refused(r.bus->select_spd5118_page(0x50, 1));
        require_untouched(r);
    }
    SECTION("a DDR4 EEPROM at the same address: MR11 would be SPD byte 11") {
        Rig r = ddr4_rig();
        for (std::uint8_t off = 0; off < 16; ++off) (void)r.bus->read_byte_data(0x50, off);
        require_refused(r.bus->select_spd5118_page(0x50, 1));
        require_untouched(r);
    }
    SECTION("signature read but MR11 not read") {
        Rig r = ddr5_rig();
        (void)r.bus->read_byte_data(0x50, 0);
        (void)r.bus->read_byte_data(0x50, 1);
        require_refused(r.bus->write_byte_data(0x50, 0x0b, 0x01));
        require_untouched(r);
    }
    SECTION("confirmed hub: pages 0-7 pass, the addressing bit and reserved bits do not") {
        Rig r = ddr5_rig();
        std::array<std::uint8_t, 16> mr{};
        REQUIRE(r.bus->read_i2c_block(0x50, 0x00, mr));
        for (int page = 0; page < 8; ++page) REQUIRE(r.bus->select_spd5118_page(0x50, page));
        require_refused(r.bus->write_byte_data(0x50, 0x0b, 0x09));  // sets 2-byte mode
        require_refused(r.bus->write_byte_data(0x50, 0x0b, 0x11));  // reserved bit
        require_refused(r.bus->write_byte_data(0x51, 0x0b, 0x01));  // another, unconfirmed address
        CHECK(r.bus->write_lines().size() == 8);
        CHECK(r.emulated->stray_writes() == 0);
        CHECK(std::dynamic_pointer_cast<Spd5118Device>(r.emulated->device_at(0x50))->mr11() == 0x07);
    }
}

TEST_CASE("block reads are limited to 32 bytes inside one 128-byte window", "[firmware_io][guard]") {
    Rig r = ddr3_rig();
    std::array<std::uint8_t, 33> big{};
    CHECK(r.bus->read_i2c_block(0x50, 0, big).error().code == Errc::usage);
    std::array<std::uint8_t, 16> small{};
    CHECK(r.bus->read_i2c_block(0x50, 0x78, small).error().code == Errc::usage);  // crosses 0x7f -> 0x80
    CHECK(r.bus->read_i2c_block(0x50, 0xf8, small).error().code == Errc::usage);  // wraps past 0xff
    CHECK(r.bus->read_i2c_block(0x50, 0x70, small));
    CHECK(r.emulated->stats().transactions == 1);

    EmulatedBus piix4("i2c-1", 100'000, BusCapabilities{.read_i2c_block = false});
    REQUIRE(piix4.attach(0x50, std::make_shared<At24Device>(image(256, 0x0b))));
    auto unsupported = piix4.read_i2c_block(0x50, 0, small);
    REQUIRE_FALSE(unsupported);
    CHECK(unsupported.error().code == Errc::unsupported);
    CHECK(piix4.stats().transactions == 0);
}

TEST_CASE("wire-time accounting counts the bits of each transaction", "[firmware_io][wire]") {
    CHECK(wire_bits(TransactionKind::read_byte_data) == 39);
    CHECK(wire_bits(TransactionKind::read_word_data) == 48);  // S + addr/W 9 + cmd 9 + Sr + addr/R 9 + 2 x 9 + P
    CHECK(wire_bits(TransactionKind::read_i2c_block, 32) == 318);
    CHECK(wire_bits(TransactionKind::send_byte) == 20);
    CHECK(wire_bits(TransactionKind::write_byte_data) == 29);
    Rig r = ddr4_rig();
    std::array<std::uint8_t, 32> block{};
    REQUIRE(r.bus->read_byte_data(0x50, 2));
    REQUIRE(r.bus->read_i2c_block(0x50, 0, block));
    REQUIRE(r.bus->select_ee1004_page(1));
    CHECK(r.bus->stats().wire_bits == 39 + 318 + 20);
    CHECK(r.bus->stats().wire_us(100'000) == Approx(3770.0));
    auto miss = r.bus->read_byte_data(0x57, 0);
    REQUIRE_FALSE(miss);
    CHECK(miss.error().code == Errc::nack);
    CHECK(miss.error().message == "i2c-0 0x57: nack at byte 0x00");
    CHECK(r.bus->stats().errors == 1);
}

TEST_CASE("word reads that cross 0x7f to 0x80 or wrap past 0xff are refused before the back end", "[firmware_io][guard][word]") {
    Rig r = ddr5_rig();
    for (std::uint8_t bad : {std::uint8_t{0x7f}, std::uint8_t{0xff}}) {
        auto w = r.bus->read_word_data(0x50, bad);
        REQUIRE_FALSE(w);
        CHECK(w.error().code == Errc::usage);
        CHECK(w.error().message.find("cross a 128-byte window boundary") != std::string::npos);
    }
    CHECK(r.bus->lines().empty());                // the recorder (the back end) never saw them
    CHECK(r.emulated->stats().transactions == 0);
    CHECK(r.bus->stats().transactions == 0);
    for (std::uint8_t good : {std::uint8_t{0x00}, std::uint8_t{0x7e}, std::uint8_t{0x80}, std::uint8_t{0xfe}}) {
        CHECK(r.bus->read_word_data(0x50, good));
    }
    CHECK(r.emulated->stats().transactions == 4);
    CHECK(r.emulated->stats().bytes_read == 8);
    CHECK(r.bus->stats().wire_bits == 4 * 48);

    EmulatedBus byte_only("i2c-1", 100'000, BusCapabilities{.read_i2c_block = false, .read_word_data = false});
    REQUIRE(byte_only.attach(0x50, std::make_shared<At24Device>(image(256, 0x0b))));
    auto unsupported = byte_only.read_word_data(0x50, 0);
    REQUIRE_FALSE(unsupported);
    CHECK(unsupported.error().code == Errc::unsupported);
    CHECK(byte_only.stats().transactions == 0);
}

TEST_CASE("a DDR4 SPD seen through word reads enables the EE1004 page select", "[firmware_io][guard][word]") {
    Rig r = ddr4_rig();
    require_refused(r.bus->select_ee1004_page(1));  // nothing seen yet
    auto w = r.bus->read_word_data(0x50, 0x02);       // byte 2 = 0x0c arrives as the low byte
    REQUIRE(w);
    CHECK((*w)[0] == 0x0c);
    CHECK((*w)[1] == image(512, 0x0c)[3]);
    REQUIRE(r.bus->select_ee1004_page(1));
    // On page 1 offsets 0x00-0x7f are SPD bytes 256-383: a 0x0c there teaches nothing.
    REQUIRE(r.bus->read_word_data(0x51, 0x02));
    REQUIRE(r.bus->select_ee1004_page(0));
    CHECK(r.bus->write_lines().size() == 2);
    CHECK(r.emulated->stray_writes() == 0);

    // The same bytes seen as the high byte of a word at 0x01 teach the guard just as much.
    Rig odd = ddr4_rig();
    REQUIRE(odd.bus->read_word_data(0x50, 0x01));
    CHECK(odd.bus->select_ee1004_page(1));
}

TEST_CASE("a DDR3 SPD seen through word reads never enables the EE1004 page select", "[firmware_io][guard][word]") {
    Rig r = ddr3_rig();
    for (std::uint8_t off = 0; off < 0x7e; off += 2) REQUIRE(r.bus->read_word_data(0x50, off));
    require_refused(r.bus->select_ee1004_page(0));
    require_refused(r.bus->select_ee1004_page(1));
    require_untouched(r);
}

TEST_CASE("a hub signature seen through word reads enables MR11 page selects", "[firmware_io][guard][word]") {
    Rig r = ddr5_rig();
    require_refused(r.bus->select_spd5118_page(0x50, 1));  // MR11 not read, no signature
    REQUIRE(r.bus->read_word_data(0x50, 0x00));             // MR0 = 0x51, MR1 = 0x18
    require_refused(r.bus->select_spd5118_page(0x50, 1));  // MR11 still unread
    auto w = r.bus->read_word_data(0x50, 0x0a);             // MR10, MR11 (MR11 is the high byte)
    REQUIRE(w);
    CHECK((*w)[1] == 0x00);
    REQUIRE(r.bus->select_spd5118_page(0x50, 1));
    REQUIRE(r.bus->select_spd5118_page(0x50, 0));
    // A hub signature anywhere on the segment blocks the EE1004 page select (0x36/0x37 is TS1 there).
    require_refused(r.bus->select_ee1004_page(0));
    CHECK(r.bus->write_lines().size() == 2);
    CHECK(r.emulated->stray_writes() == 0);
}
