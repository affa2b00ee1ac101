// SPDX-License-Identifier: GPL-3.0-or-later
// Recording and replay: a read recorded on the emulated bench replays byte for byte, and the
// replay fails on the first request that differs from the recording.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>

#include "dimmguard/bytes.hpp"

#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/emulated_bus.hpp"
#include "firmware_io/spd_reader.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard;
using namespace dimmguard::firmware_io;

namespace {

std::vector<std::uint8_t> ddr4_image() {
    verifier::SynthSpec s;
    s.type = dimmguard::Generation::ddr4;
    s.capacity_bytes = 16ULL << 30;
    s.speed_mts = 2666;
    s.maker = "SK Hynix";
    s.part_number = "REPLAY";
    auto img = verifier::synthesize(s);
    REQUIRE(img);
    return *img;
}

std::vector<std::string> record_read(std::shared_ptr<EmulatedBus> emulated, ModuleRead& out) {
    RecordingBus bus(std::move(emulated));
    auto m = SpdReader(bus).read(0x50);
    REQUIRE(m);
    out = *m;
    return bus.lines();
}

}  // namespace

TEST_CASE("recording: one line per transaction, in the documented format", "[firmware_io][decorators]") {
    auto emulated = std::make_shared<EmulatedBus>("i2c-3");
    REQUIRE(emulated->attach(0x50, std::make_shared<Ee1004Device>(ddr4_image(), emulated->ee1004_segment())));
    ModuleRead m;
    const auto lines = record_read(emulated, m);
    REQUIRE(lines.size() == m.stats.transactions);
    CHECK(lines[0].rfind("i2c-3 rblk 0x50 0x00 14 -> 23", 0) == 0);  // identify: bytes 0-13 in one read
    CHECK(lines[1] == "i2c-3 rx 0x36 -> ack");
    CHECK(lines[2].rfind("i2c-3 rblk 0x50 0x00 32 -> 23", 0) == 0);
    CHECK(std::count(lines.begin(), lines.end(), "i2c-3 tx 0x37 0x00 -> ok") == 2);  // page 1, once per read (two reads agree)
    CHECK(lines.back() == "i2c-3 tx 0x36 0x00 -> ok");
}

TEST_CASE("replay: a recording serves the same read on a bus without devices", "[firmware_io][decorators]") {
    auto emulated = std::make_shared<EmulatedBus>("i2c-3");
    const auto img = ddr4_image();
    REQUIRE(emulated->attach(0x50, std::make_shared<Ee1004Device>(img, emulated->ee1004_segment())));
    ModuleRead recorded;
    const auto lines = record_read(emulated, recorded);

    auto replay = ReplayBus::load(lines, "i2c-9");
    REQUIRE(replay);
    auto m = SpdReader(**replay).read(0x50);
    REQUIRE(m);
    CHECK(m->image == img);
    CHECK(m->bus == "i2c-9");
    CHECK((*replay)->remaining() == 0);
    CHECK(m->stats.wire_bits == recorded.stats.wire_bits);
}

TEST_CASE("replay: the first unexpected request fails, naming both", "[firmware_io][decorators]") {
    auto emulated = std::make_shared<EmulatedBus>("i2c-3");
    REQUIRE(emulated->attach(0x50, std::make_shared<Ee1004Device>(ddr4_image(), emulated->ee1004_segment())));
    ModuleRead recorded;
    const auto lines = record_read(emulated, recorded);
    auto replay = ReplayBus::load(lines, "i2c-3");
    REQUIRE(replay);
    auto wrong = (*replay)->read_byte_data(0x51, 0x00);  // the recording starts with 0x50
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == Errc::io);
    CHECK(wrong.error().message == "i2c-3: replay: expected 'rblk 0x50 0x00 14', got 'rb 0x51 0x00' (transaction 1)");

    auto short_replay = ReplayBus::load({"i2c-3 rb 0x50 0x00 -> 0x23"}, "i2c-3");
    REQUIRE(short_replay);
    REQUIRE((*short_replay)->read_byte_data(0x50, 0x00));
    auto past_end = (*short_replay)->read_byte_data(0x50, 0x01);
    REQUIRE_FALSE(past_end);
    CHECK(past_end.error().message.find("after the end of the recording") != std::string::npos);

    auto nack = ReplayBus::load({"i2c-0 rb 0x57 0x00 -> error nack"}, "i2c-0");
    REQUIRE(nack);
    CHECK((*nack)->read_byte_data(0x57, 0).error().code == Errc::nack);

    auto bad = ReplayBus::load({"i2c-0 rb 0x50 0x00 -> zz"}, "i2c-0");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "recording line 1: bad data 'zz'");
}

TEST_CASE("replay: writes in a recording are still guarded when replayed", "[firmware_io][decorators][guard]") {
    // A hand-made recording that tries to write SPD byte 0 of a DDR4 module: the replay bus's
    // own guard refuses it before the recording is even consulted.
    auto replay = ReplayBus::load({"i2c-0 rb 0x50 0x02 -> 0x0c", "i2c-0 wb 0x50 0x00 0xff -> ok"}, "i2c-0");
    REQUIRE(replay);
    REQUIRE((*replay)->read_byte_data(0x50, 0x02));
    auto w = (*replay)->write_byte_data(0x50, 0x00, 0xff);
    REQUIRE_FALSE(w);
    CHECK(w.error().code == Errc::usage);
    CHECK((*replay)->remaining() == 1);
}

TEST_CASE("recording and replay of word reads", "[firmware_io][decorators][word]") {
    // A piix4-class adapter: no I2C block read, word reads.
    auto emulated = std::make_shared<EmulatedBus>("i2c-3", 100'000, BusCapabilities{.read_i2c_block = false});
    const auto img = ddr4_image();
    REQUIRE(emulated->attach(0x50, std::make_shared<Ee1004Device>(img, emulated->ee1004_segment())));
    ModuleRead recorded;
    const auto lines = record_read(emulated, recorded);
    REQUIRE(lines.size() == recorded.stats.transactions);
    // Bus order: the byte at the offset (SMBus low byte) first.
    const auto hex = [&img](std::size_t at) { return dimmguard::to_hex(std::span<const std::uint8_t>(img).subspan(at, 2)); };
    CHECK(lines[0] == "i2c-3 rw 0x50 0x00 -> " + hex(0));
    CHECK(lines[1] == "i2c-3 rw 0x50 0x02 -> " + hex(2));
    CHECK(hex(2).rfind("0c", 0) == 0);
    CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.find(" rb ") != std::string::npos; }) == 0);

    auto replay = ReplayBus::load(lines, "i2c-9", BusCapabilities{.read_i2c_block = false});
    REQUIRE(replay);
    auto m = SpdReader(**replay).read(0x50);
    REQUIRE(m);
    CHECK(m->image == img);
    CHECK((*replay)->remaining() == 0);
    CHECK(m->stats.wire_bits == recorded.stats.wire_bits);

    auto wrong_length = ReplayBus::load({"i2c-0 rw 0x50 0x00 -> 23"}, "i2c-0");
    REQUIRE(wrong_length);
    auto w = (*wrong_length)->read_word_data(0x50, 0x00);
    REQUIRE_FALSE(w);
    CHECK(w.error().code == Errc::bad_format);

    auto nack = ReplayBus::load({"i2c-0 rw 0x57 0x00 -> error nack"}, "i2c-0");
    REQUIRE(nack);
    CHECK((*nack)->read_word_data(0x57, 0).error().code == Errc::nack);
}

TEST_CASE("faulty bus: word reads get the same fault kinds as other reads", "[firmware_io][decorators][faults][word]") {
    auto emulated = std::make_shared<EmulatedBus>("i2c-3");
    REQUIRE(emulated->attach(0x50, std::make_shared<Ee1004Device>(ddr4_image(), emulated->ee1004_segment())));
    FaultyBus vanished(emulated, FaultPlan{.vanish_after = 0});
    auto gone = vanished.read_word_data(0x50, 0x00);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == Errc::nack);
    const auto clean = emulated->read_word_data(0x50, 0x00);
    REQUIRE(clean);
    FaultyBus flipping(emulated, FaultPlan{.bitflip_rate = 1.0});
    auto flipped = flipping.read_word_data(0x50, 0x00);
    REQUIRE(flipped);
    CHECK(((*flipped)[0] != (*clean)[0]) != ((*flipped)[1] != (*clean)[1]));  // exactly one of the two bytes changed
    CHECK(flipping.injected() == 1);
    // The guard still refuses a crossing word before the fault layer is asked.
    CHECK(flipping.read_word_data(0x50, 0x7f).error().code == Errc::usage);
    CHECK(flipping.injected() == 1);
}
