// SPDX-License-Identifier: GPL-3.0-or-later
// The SPD reader on emulated benches: right images, fewest transactions, pages restored, only
// the allowed writes on the wire, and every fault kind reported (never a silently wrong image).
#include <catch2/catch.hpp>

#include <memory>

#include "dimmguard/bytes.hpp"
#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/emulated_bus.hpp"
#include "firmware_io/spd_reader.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard;
using namespace dimmguard::firmware_io;

namespace {

std::vector<std::uint8_t> synth(dimmguard::Generation type, const std::string& serial) {
    verifier::SynthSpec s;
    s.type = type;
    s.capacity_bytes = 32ULL << 30;
    s.ranks = 2;
    s.device_width = type == dimmguard::Generation::ddr4 ? 4 : 8;
    s.speed_mts = type == dimmguard::Generation::ddr4 ? 3200 : 4800;
    s.maker = "Samsung";
    s.part_number = "TEST";
    s.serial_hex = serial;
    auto img = verifier::synthesize(s);
    REQUIRE(img);
    return *img;
}

std::vector<std::uint8_t> ddr3_image(std::uint8_t serial) {
    std::vector<std::uint8_t> img(256, 0x00);
    img[0] = 0x92;
    img[1] = 0x11;
    img[2] = 0x0b;
    img[3] = 0x02;
    for (std::size_t i = 4; i < 117; ++i) img[i] = static_cast<std::uint8_t>(i);
    img[117] = 0x80;
    img[118] = 0xce;
    img[125] = serial;
    const auto crc = crc16_spd(std::span<const std::uint8_t>(img).subspan(0, 117));
    img[126] = static_cast<std::uint8_t>(crc & 0xff);
    img[127] = static_cast<std::uint8_t>(crc >> 8);
    return img;
}

struct Rig {
    std::shared_ptr<EmulatedBus> emulated;
    std::shared_ptr<RecordingBus> bus;
    explicit Rig(BusCapabilities caps = {}) : emulated(std::make_shared<EmulatedBus>("i2c-0", 100'000, caps)),
                                              bus(std::make_shared<RecordingBus>(emulated)) {}
};

void add_ddr5(Rig& r, Address a, const std::vector<std::uint8_t>& img, Spd5118Config config = {}) {
    REQUIRE(r.emulated->attach(a, std::make_shared<Spd5118Device>(img, config)));
    const Address hid = a & 7;
    REQUIRE(r.emulated->attach(static_cast<Address>(0x48 | hid), std::make_shared<RegisterDevice>(
        "pmic", std::map<std::uint8_t, std::uint8_t>{{0x3b, 0x12}, {0x3c, 0x80}, {0x3d, 0xb3}})));
}

std::size_t count_lines(const RecordingBus& bus, const std::string& needle) {
    return static_cast<std::size_t>(std::count_if(bus.lines().begin(), bus.lines().end(),
                                                  [&](const std::string& l) { return l.find(needle) != std::string::npos; }));
}

}  // namespace

TEST_CASE("reader: DDR3 in eight block reads, no writes", "[firmware_io][reader]") {
    Rig r;
    const auto img = ddr3_image(7);
    REQUIRE(r.emulated->attach(0x52, std::make_shared<At24Device>(img)));
    SpdReader reader(*r.bus);
    auto m = reader.read(0x52);
    REQUIRE(m);
    CHECK(m->generation == Generation::ddr3);
    CHECK(m->image == img);
    CHECK(m->crc_ok);
    CHECK(m->problems.empty());
    CHECK(m->reads == 2);                   // read until two reads agree: two on a good bus
    CHECK(m->stats.transactions == 1 + 2 * 8);  // identify (one block, bytes 0-13) + twice 8 x 32-byte blocks
    CHECK(r.bus->write_lines().empty());
    CHECK(m->stats.wire_bits == (30 + 14 * 9) + 2 * 8 * 318);
    CHECK(m->wire_ms == Approx(((30 + 14 * 9) + 2 * 8 * 318) / 100.0));
    SECTION("max_reads = 1 reads once") {
        ReadOptions once;
        once.max_reads = 1;
        auto single = SpdReader(*r.bus, once).read(0x52);
        REQUIRE(single);
        CHECK(single->reads == 1);
        CHECK(single->stats.transactions == 1 + 8);
        CHECK(single->stats.wire_bits == (30 + 14 * 9) + 8 * 318);
    }
}

TEST_CASE("reader: several DDR4 modules on one EE1004 segment", "[firmware_io][reader][ddr4]") {
    Rig r;
    std::map<Address, std::vector<std::uint8_t>> images;
    for (Address a : {Address{0x50}, Address{0x51}, Address{0x53}}) {
        images[a] = synth(dimmguard::Generation::ddr4, "0000000" + std::to_string(a - 0x50));
        REQUIRE(r.emulated->attach(a, std::make_shared<Ee1004Device>(images[a], r.emulated->ee1004_segment())));
    }
    SpdReader reader(*r.bus);
    auto all = reader.read_all();
    REQUIRE(all.size() == 3);
    for (const auto& m : all) {
        REQUIRE(m);
        CHECK(m->generation == Generation::ddr4);
        CHECK(m->image == images.at(m->address));
        CHECK(m->crc_ok);
        // identify 1 block, then twice: page probe + 16 blocks + select page 1 + restore page 0
        CHECK(m->stats.transactions == 1 + 2 * (1 + 16 + 2));
        CHECK(m->stats.writes == 2 * 2);
    }
    CHECK(r.emulated->ee1004_segment()->page == 0);
    for (const auto& line : r.bus->write_lines()) {
        CHECK((line == "i2c-0 tx 0x37 0x00 -> ok" || line == "i2c-0 tx 0x36 0x00 -> ok"));
    }
    CHECK(r.bus->write_lines().size() == 3 * 2 * 2);
    CHECK(r.emulated->stray_writes() == 0);
}

TEST_CASE("reader: DDR5 paging, identity registers and page 0 restored", "[firmware_io][reader][ddr5]") {
    Rig r;
    const auto img = synth(dimmguard::Generation::ddr5, "deadbeef");
    Spd5118Config config;
    config.vendor_bank = 0x86;
    config.vendor_code = 0x32;
    config.write_protect = 0x00ff;
    config.temperature_c = 41.25;
    add_ddr5(r, 0x53, img, config);
    REQUIRE(r.emulated->attach(0x13, std::make_shared<RegisterDevice>("ts", std::map<std::uint8_t, std::uint8_t>{
        {0x00, 0x51}, {0x01, 0x11}, {0x02, 0x10}, {0x03, 0x80}, {0x04, 0xb3}})));
    SpdReader reader(*r.bus);
    auto m = reader.read(0x53);
    REQUIRE(m);
    CHECK(m->generation == Generation::ddr5);
    CHECK(m->image == img);
    CHECK(m->crc_ok);
    REQUIRE(m->hub);
    CHECK(m->hub->write_protect == 0x00ff);
    CHECK(m->hub->mr11 == 0x00);
    REQUIRE(m->hub->temperature_c);
    CHECK(*m->hub->temperature_c == Approx(41.25));
    REQUIRE(m->devices.size() == 4);
    CHECK(m->devices[0].role == "hub");
    CHECK(m->devices[0].vendor_bank == 0x86);
    CHECK(m->devices[0].vendor_code == 0x32);
    CHECK(m->devices[1].role == "pmic0");
    CHECK(m->devices[1].present);
    CHECK(m->devices[1].address == 0x4b);
    CHECK(m->devices[1].vendor_code == 0xb3);
    CHECK(m->devices[2].present);   // ts0 at 0x13
    CHECK_FALSE(m->devices[3].present);  // no ts1 at 0x33
    // 7 page selects and one back to page 0 per read, two reads: exactly what W2 allows.
    const auto writes = r.bus->write_lines();
    REQUIRE(writes.size() == 2 * 8);
    for (int p = 1; p < 8; ++p) CHECK(writes[static_cast<std::size_t>(p - 1)] == "i2c-0 wb 0x53 0x0b 0x0" + std::to_string(p) + " -> ok");
    CHECK(writes[7] == "i2c-0 wb 0x53 0x0b 0x00 -> ok");
    CHECK(std::dynamic_pointer_cast<Spd5118Device>(r.emulated->device_at(0x53))->mr11() == 0x00);
    CHECK(r.emulated->stray_writes() == 0);
    // Twice: 32 NVM blocks + MR0-MR13 + MR48-MR50; the first MR0-MR13 read is the one that
    // identified the hub (it also brought MR11), so no byte read is left.
    CHECK(count_lines(*r.bus, " rblk 0x53 0x") == 2 * (32 + 2));
    CHECK(count_lines(*r.bus, " rblk 0x53 0x00 14 -> ") == 2);
    CHECK(count_lines(*r.bus, " rb 0x53 ") == 1);  // MR11 before the second image read
}

namespace {

// Every line of a reader's transaction log is a read or one of the two protocol page selects.
void require_reads_and_page_selects(const RecordingBus& bus) {
    for (const auto& line : bus.lines()) {
        const bool read = line.find(" rb ") != std::string::npos || line.find(" rw ") != std::string::npos ||
                          line.find(" rblk ") != std::string::npos || line.find(" rx 0x36 ") != std::string::npos;
        const bool ee1004 = line == "i2c-0 tx 0x36 0x00 -> ok" || line == "i2c-0 tx 0x37 0x00 -> ok";
        const bool mr11 = line.find(" wb 0x5") != std::string::npos && line.find(" 0x0b 0x0") != std::string::npos;
        INFO(line);
        CHECK((read || ee1004 || mr11));
    }
}

}  // namespace

TEST_CASE("reader: picks I2C block reads over word reads over byte reads", "[firmware_io][reader][word]") {
    const auto ddr4 = synth(dimmguard::Generation::ddr4, "00000004");
    const auto ddr5 = synth(dimmguard::Generation::ddr5, "00000005");
    struct Adapter {
        const char* name;
        BusCapabilities caps;
        const char* used;
        std::vector<const char*> unused;
    };
    const Adapter adapters[] = {
        {"block", BusCapabilities{}, " rblk ", {" rw "}},
        {"word", BusCapabilities{.read_i2c_block = false}, " rw ", {" rblk "}},
        {"byte", BusCapabilities{.read_i2c_block = false, .read_word_data = false}, " rb ", {" rblk ", " rw "}},
    };
    for (const auto& adapter : adapters) {
        for (auto generation : {dimmguard::Generation::ddr4, dimmguard::Generation::ddr5}) {
            INFO(adapter.name << " adapter, " << (generation == dimmguard::Generation::ddr4 ? "DDR4" : "DDR5"));
            Rig r(adapter.caps);
            const auto& img = generation == dimmguard::Generation::ddr4 ? ddr4 : ddr5;
            if (generation == dimmguard::Generation::ddr4) {
                REQUIRE(r.emulated->attach(0x51, std::make_shared<Ee1004Device>(img, r.emulated->ee1004_segment())));
            } else {
                add_ddr5(r, 0x51, img);
            }
            auto m = SpdReader(*r.bus).read(0x51);
            REQUIRE(m);
            CHECK(m->image == img);
            CHECK(m->crc_ok);
            CHECK(m->problems.empty());
            CHECK(count_lines(*r.bus, adapter.used) > 0);
            for (const char* unused : adapter.unused) CHECK(count_lines(*r.bus, unused) == 0);
            require_reads_and_page_selects(*r.bus);
            CHECK(r.emulated->stray_writes() == 0);
            CHECK(r.emulated->ee1004_segment()->page == 0);
            if (generation == dimmguard::Generation::ddr5) {
                CHECK(std::dynamic_pointer_cast<Spd5118Device>(r.emulated->device_at(0x51))->mr11() == 0x00);
                REQUIRE(m->devices.size() == 4);
                CHECK(m->devices[1].present);  // PMIC read the same way
                CHECK(m->devices[1].vendor_code == 0xb3);
            }
            // Word reads never cross 0x7f -> 0x80 (the guard would refuse them with Errc::usage and
            // the image would not be whole); the only failures are the absent thermal sensors
            // of this rig (0x11, 0x31), which NACK.
            for (const auto& line : r.bus->lines()) {
                if (line.find(" -> error") == std::string::npos) continue;
                INFO(line);
                CHECK(line.find(" -> error nack") != std::string::npos);
                CHECK((line.find(" 0x11 ") != std::string::npos || line.find(" 0x31 ") != std::string::npos));
            }
            if (generation == dimmguard::Generation::ddr4) CHECK(m->stats.errors == 0);
        }
    }
}

TEST_CASE("reader: word reads on a piix4-class adapter come within 5 percent of the word-read minimum", "[firmware_io][reader][word][wire]") {
    ReadOptions once;
    once.max_reads = 1;
    once.read_identity = false;
    {
        Rig r(BusCapabilities{.read_i2c_block = false});
        const auto img = synth(dimmguard::Generation::ddr4, "00000006");
        REQUIRE(r.emulated->attach(0x50, std::make_shared<Ee1004Device>(img, r.emulated->ee1004_segment())));
        auto m = SpdReader(*r.bus, once).read(0x50);
        REQUIRE(m);
        CHECK(m->image == img);
        // identify: 2 words; page probe; 256 words; select page 1 and back to page 0
        CHECK(m->stats.transactions == 2 + 1 + 256 + 2);
        CHECK(m->stats.wire_bits == 2 * 48 + 20 + 256 * 48 + 2 * 20);
        CHECK(static_cast<double>(m->stats.wire_bits) <= 1.05 * (256 * 48 + 2 * 20));
        CHECK(count_lines(*r.bus, " rb ") == 0);
    }
    {
        Rig r(BusCapabilities{.read_i2c_block = false});
        const auto img = synth(dimmguard::Generation::ddr5, "00000007");
        add_ddr5(r, 0x50, img);
        auto m = SpdReader(*r.bus, once).read(0x50);
        REQUIRE(m);
        CHECK(m->image == img);
        // identify: bytes 0-3 in 2 words, then the rest of MR0-MR13 (MR11 included) in 5 more;
        // 512 words; 7 page selects and back to page 0
        CHECK(m->stats.transactions == 7 + 512 + 8);
        CHECK(m->stats.wire_bits == 7 * 48 + 512 * 48 + 8 * 29);
        CHECK(count_lines(*r.bus, " rb ") == 0);
        CHECK(static_cast<double>(m->stats.wire_bits) <= 1.05 * (512 * 48 + 8 * 29));
    }
}

TEST_CASE("reader: byte reads when the adapter has neither block nor word reads", "[firmware_io][reader]") {
    Rig r(BusCapabilities{.read_i2c_block = false, .read_word_data = false});
    const auto img = synth(dimmguard::Generation::ddr5, "00c0ffee");
    add_ddr5(r, 0x50, img);
    SpdReader reader(*r.bus);
    auto m = reader.read(0x50);
    REQUIRE(m);
    CHECK(m->image == img);
    CHECK(count_lines(*r.bus, " rblk ") == 0);
    CHECK(count_lines(*r.bus, " rw ") == 0);
    CHECK(m->devices[1].present);  // PMIC read byte by byte too
    require_reads_and_page_selects(*r.bus);
}

TEST_CASE("reader: hubs left in a state it must not change are reported, not touched", "[firmware_io][reader]") {
    const auto img = synth(dimmguard::Generation::ddr5, "00000001");
    SECTION("2-byte addressing mode") {
        Rig r;
        Spd5118Config c;
        c.mr11 = 0x08;
        add_ddr5(r, 0x50, img, c);
        auto m = SpdReader(*r.bus).read(0x50);
        REQUIRE_FALSE(m);
        CHECK(m.error().code == Errc::unsupported);
        CHECK(m.error().message.find("2-byte addressing mode") != std::string::npos);
        CHECK(r.bus->write_lines().empty());
    }
    SECTION("Renesas-style hub hiding its registers on page 3") {
        Rig r;
        Spd5118Config c;
        c.mr11 = 0x03;
        c.hide_registers_off_page0 = true;
        add_ddr5(r, 0x50, img, c);
        auto m = SpdReader(*r.bus).read(0x50);
        REQUIRE_FALSE(m);
        CHECK(m.error().message.find("left off page 0") != std::string::npos);
        CHECK(r.bus->write_lines().empty());
    }
    SECTION("a non-hidden hub found on page 5 is read and put back on page 0") {
        Rig r;
        Spd5118Config c;
        c.mr11 = 0x05;
        add_ddr5(r, 0x50, img, c);
        auto m = SpdReader(*r.bus).read(0x50);
        REQUIRE(m);
        CHECK(m->image == img);
        CHECK(std::dynamic_pointer_cast<Spd5118Device>(r.emulated->device_at(0x50))->mr11() == 0x00);
    }
    SECTION("EE1004 segment left on page 1") {
        Rig r;
        REQUIRE(r.emulated->attach(0x50, std::make_shared<Ee1004Device>(synth(dimmguard::Generation::ddr4, "00000002"),
                                                                         r.emulated->ee1004_segment())));
        r.emulated->ee1004_segment()->page = 1;
        auto m = SpdReader(*r.bus).read(0x50);
        REQUIRE_FALSE(m);
        CHECK(m.error().message.find("page 1 is selected") != std::string::npos);
        CHECK(r.bus->write_lines().empty());
    }
}

TEST_CASE("reader: empty slots and probing", "[firmware_io][reader]") {
    Rig r;
    add_ddr5(r, 0x51, synth(dimmguard::Generation::ddr5, "00000003"));
    SpdReader reader(*r.bus);
    auto probes = reader.probe();
    REQUIRE(probes);
    REQUIRE(probes->size() == 8);
    for (const auto& p : *probes) CHECK(p.present == (p.address == 0x51));
    auto empty = reader.read(0x57);
    REQUIRE_FALSE(empty);
    CHECK(empty.error().code == Errc::nack);
    CHECK(empty.error().message == "i2c-0 0x57: nack at byte 0x00");
    CHECK(r.bus->write_lines().empty());
}

TEST_CASE("reader: an image stored with a bad CRC is told apart from an unstable bus", "[firmware_io][reader][faults]") {
    auto img = synth(dimmguard::Generation::ddr5, "0000000a");
    img[100] ^= 0x10;  // stored that way: both reads agree
    Rig r;
    add_ddr5(r, 0x50, img);
    auto m = SpdReader(*r.bus).read(0x50);
    REQUIRE(m);
    CHECK_FALSE(m->crc_ok);
    CHECK(m->crc_bad_stable);
    CHECK_FALSE(m->unstable);
    CHECK(m->image == img);
    REQUIRE_FALSE(m->problems.empty());
    CHECK(m->problems[0].find("identical on a second read") != std::string::npos);
}

TEST_CASE("reader: every injected fault kind ends in a clear error or a flagged read", "[firmware_io][reader][faults]") {
    const auto img = synth(dimmguard::Generation::ddr5, "0000000b");
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        auto emulated = std::make_shared<EmulatedBus>("i2c-0");
        REQUIRE(emulated->attach(0x50, std::make_shared<Spd5118Device>(img, Spd5118Config{})));
        FaultPlan plan;
        plan.seed = seed;
        plan.nack_rate = 0.05;
        plan.timeout_rate = 0.02;
        plan.bitflip_rate = 0.05;
        auto faulty = std::make_shared<FaultyBus>(emulated, plan);
        RecordingBus bus(faulty);
        auto m = SpdReader(bus).read(0x50);  // the default reads until two agree: a flip outside the CRC is caught too
        INFO("seed " << seed);
        if (m) {
            const bool exact = m->image == img;
            // Either the image is exactly right, or the read is flagged unstable.
            CHECK((exact || m->unstable));
            if (m->unstable) CHECK_FALSE(m->problems.empty());
        } else {
            CHECK_FALSE(m.error().message.empty());
        }
        CHECK(emulated->stray_writes() == 0);
        for (const auto& line : bus.write_lines()) CHECK(line.find(" wb 0x50 0x0b 0x0") != std::string::npos);
    }
}

TEST_CASE("reader: a device vanishing mid-read gives a clear error", "[firmware_io][reader][faults]") {
    auto emulated = std::make_shared<EmulatedBus>("i2c-0");
    REQUIRE(emulated->attach(0x50, std::make_shared<Spd5118Device>(synth(dimmguard::Generation::ddr5, "0000000c"), Spd5118Config{})));
    FaultPlan plan;
    plan.vanish_after = 12;
    FaultyBus bus(emulated, plan);
    auto m = SpdReader(bus).read(0x50);
    REQUIRE_FALSE(m);
    CHECK(m.error().code == Errc::nack);
    CHECK(m.error().message.find("vanished") != std::string::npos);
}

TEST_CASE("faulty bus: the same seed gives the same faults", "[firmware_io][faults]") {
    const auto img = synth(dimmguard::Generation::ddr5, "0000000d");
    std::vector<std::string> first;
    for (int run = 0; run < 2; ++run) {
        auto emulated = std::make_shared<EmulatedBus>("i2c-0");
        REQUIRE(emulated->attach(0x50, std::make_shared<Spd5118Device>(img, Spd5118Config{})));
        auto faulty = std::make_shared<FaultyBus>(emulated, FaultPlan{.seed = 99, .nack_rate = 0.1, .timeout_rate = 0.05, .bitflip_rate = 0.1});
        RecordingBus bus(faulty);
        (void)SpdReader(bus).read(0x50);
        if (run == 0) first = bus.lines();
        else CHECK(bus.lines() == first);
        CHECK(faulty->injected() > 0);
    }
}

TEST_CASE("reader: a hub hiding its registers is brought to page 0 only on a known DDR5 segment", "[firmware_io][reader][guard]") {
    const auto img = synth(dimmguard::Generation::ddr5, "0000000e");
    Rig r;
    add_ddr5(r, 0x50, img);  // an ordinary hub: the segment is now known to be DDR5
    Spd5118Config hidden;
    hidden.mr11 = 0x03;
    hidden.hide_registers_off_page0 = true;
    add_ddr5(r, 0x51, img, hidden);
    SpdReader reader(*r.bus);
    auto all = reader.read_all();
    REQUIRE(all.size() == 2);
    REQUIRE(all[1]);
    CHECK(all[1]->image == img);
    const auto writes = r.bus->write_lines();
    REQUIRE_FALSE(writes.empty());
    CHECK(writes.front() == "i2c-0 wb 0x51 0x0b 0x00 -> ok");  // the probe brings the hidden hub back first
    CHECK(std::count(writes.begin(), writes.end(), "i2c-0 wb 0x51 0x0b 0x00 -> ok") == 1 + 2);  // probe + after each of two reads
    CHECK(r.emulated->stray_writes() == 0);

    // The exception allows page 0 only, and only for an address that really looks hidden.
    Rig g;
    add_ddr5(g, 0x50, img);
    add_ddr5(g, 0x51, img, hidden);
    for (Address a : {Address{0x50}, Address{0x51}}) {
        for (std::uint8_t off : {std::uint8_t{0}, std::uint8_t{1}, std::uint8_t{2}, std::uint8_t{0x0b}}) (void)g.bus->read_byte_data(a, off);
    }
    CHECK_FALSE(g.bus->write_byte_data(0x51, 0x0b, 0x02));
    CHECK_FALSE(g.bus->write_byte_data(0x52, 0x0b, 0x00));  // nothing there, nothing read
    CHECK(g.bus->write_byte_data(0x51, 0x0b, 0x00));
}
