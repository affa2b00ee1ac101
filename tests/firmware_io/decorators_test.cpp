// SPDX-License-Identifier: GPL-3.0-or-later
// Recording and replay: a read recorded on the emulated bench replays byte for byte, and the
// replay fails on the first request that differs from the recording.
#include <catch2/catch.hpp>

#include <memory>

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
    CHECK(lines[0] == "i2c-3 rb 0x50 0x00 -> 0x23");
    CHECK(lines[2] == "i2c-3 rb 0x50 0x02 -> 0x0c");
    CHECK(lines[3] == "i2c-3 rx 0x36 -> ack");
    CHECK(lines[4].rfind("i2c-3 rblk 0x50 0x00 32 -> 23", 0) == 0);
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
    CHECK(wrong.error().message == "i2c-3: replay: expected 'rb 0x50 0x00', got 'rb 0x51 0x00' (transaction 1)");

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
