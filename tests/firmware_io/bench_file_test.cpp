// SPDX-License-Identifier: GPL-3.0-or-later
// Tests for bench files: the shipped examples load and serve their images byte for byte, the
// component registers follow the SPD unless overridden, and every malformed bench is refused
// with an error naming the field.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "firmware_io/bench_file.hpp"
#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/dump_file.hpp"
#include "verifier/spd_synth.hpp"

namespace fs = std::filesystem;
using dimmguard::Errc;
using dimmguard::Result;
using nlohmann::json;
using namespace dimmguard::firmware_io;

namespace {

fs::path source_dir() {
    const char* dir = std::getenv("DIMMGUARD_SOURCE_DIR");
    REQUIRE(dir != nullptr);  // set by ctest (tests/CMakeLists.txt)
    return fs::path(dir);
}

fs::path examples_dir() { return source_dir() / "examples" / "bench"; }

Result<std::vector<std::uint8_t>> synthesize(const json& description) {
    auto spec = dimmguard::verifier::synth_spec_from_json(description);
    if (!spec) return tl::unexpected(spec.error());
    return dimmguard::verifier::synthesize(*spec);
}

const ImageFactory synth_factory = synthesize;

std::vector<std::uint8_t> read_file_image(const fs::path& path) {
    auto dump = load_dump_file(path);
    REQUIRE(dump);
    return dump->bytes;
}

std::uint8_t read(SmbusBus& bus, Address address, std::uint8_t offset) {
    auto r = bus.read_byte_data(address, offset);
    INFO(bus.name() << " " << int{address} << " byte " << int{offset});
    REQUIRE(r);
    return *r;
}

// Reads offsets 0x00-0xff (or 0x80-0xff) of the current page, in block reads when the adapter has them.
void read_window(SmbusBus& bus, Address address, unsigned first, std::vector<std::uint8_t>& out) {
    std::array<std::uint8_t, 32> block{};
    for (unsigned offset = first; offset < 0x100; offset += 32) {
        if (bus.capabilities().read_i2c_block) {
            REQUIRE(bus.read_i2c_block(address, static_cast<std::uint8_t>(offset), block));
            out.insert(out.end(), block.begin(), block.end());
        } else {
            for (unsigned i = 0; i < 32; ++i) out.push_back(read(bus, address, static_cast<std::uint8_t>(offset + i)));
        }
    }
}

// The whole SPD image of one module through the guarded bus, leaving page 0 selected.
std::vector<std::uint8_t> read_image(SmbusBus& bus, Address address, std::uint8_t dram_type) {
    std::vector<std::uint8_t> image;
    if (dram_type == 0x0b) {
        read_window(bus, address, 0, image);
    } else if (dram_type == 0x0c) {
        REQUIRE(read(bus, address, 0x02) == 0x0c);
        REQUIRE(bus.select_ee1004_page(0));
        read_window(bus, address, 0, image);
        REQUIRE(bus.select_ee1004_page(1));
        read_window(bus, address, 0, image);
        REQUIRE(bus.select_ee1004_page(0));
    } else {
        REQUIRE(read(bus, address, 0x00) == 0x51);
        (void)read(bus, address, 0x01);
        (void)read(bus, address, 0x0b);
        for (int page = 0; page < 8; ++page) {
            REQUIRE(bus.select_spd5118_page(address, page));
            read_window(bus, address, 0x80, image);
        }
        REQUIRE(bus.select_spd5118_page(address, 0));
    }
    return image;
}

Result<EmulatedBench> parse(const std::string& text, const ImageFactory& factory = synth_factory) {
    return parse_bench(json::parse(text), examples_dir(), factory);
}

// A one-bus bench around the given slot objects.
std::string one_bus(const std::string& slots, const std::string& bus_extra = "") {
    return R"({"schema_version": 1, "buses": [{"name": "i2c-0", )" + bus_extra + R"("slots": [)" + slots + "]}]}";
}

const std::string ddr5_file = R"("spd": {"file": "../spd/ddr5-rdimm-micron-64g.bin"})";
const std::string ddr4_file = R"("spd": {"file": "../spd/ddr4-rdimm-samsung-32g.bin"})";

std::string error_of(const Result<EmulatedBench>& bench) {
    REQUIRE_FALSE(bench);
    return bench.error().message;
}

// Temporary folder removed at the end of a test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "dimmguard-bench-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

}  // namespace

TEST_CASE("bench file: every example bench loads", "[firmware_io][bench]") {
    std::vector<fs::path> benches;
    for (const auto& entry : fs::directory_iterator(examples_dir())) {
        if (entry.path().extension() == ".json") benches.push_back(entry.path());
    }
    std::sort(benches.begin(), benches.end());
    REQUIRE(benches.size() >= 4);
    for (const auto& path : benches) {
        INFO(path.filename().string());
        auto bench = load_bench_file(path, synth_factory);
        if (!bench) FAIL(bench.error().message);
        REQUIRE(!bench->buses.empty());
        REQUIRE(bench->buses.size() == bench->emulated.size());
        REQUIRE(!bench->sockets.empty());
        for (const auto& slot : bench->sockets) {
            REQUIRE(slot.bus_index < bench->emulated.size());
            EmulatedBus& bus = *bench->emulated[slot.bus_index];
            CHECK(bus.name().rfind(slot.bus, 0) == 0);
            const auto image = read_image(bus, slot.address, slot.dram_type);
            CHECK(image[2] == slot.dram_type);
            if (slot.source.rfind("file:", 0) == 0) {
                CHECK(image == read_file_image(path.parent_path() / slot.source.substr(5)));
            } else {
                CHECK(slot.source == "synth");
            }
        }
        for (const auto& bus : bench->emulated) CHECK(bus->stray_writes() == 0);
    }
}

TEST_CASE("bench file: server-ddr5 example", "[firmware_io][bench][ddr5]") {
    const fs::path path = examples_dir() / "server-ddr5.json";
    auto bench = load_bench_file(path, synth_factory);
    if (!bench) FAIL(bench.error().message);
    REQUIRE(bench->buses.size() == 1);
    REQUIRE(bench->sockets.size() == 8);
    EmulatedBus& bus = *bench->emulated[0];
    CHECK(bench->buses[0] == bench->emulated[0]);  // no faults: readers get the segment itself
    CHECK(bus.name() == "i2c-0 (SMBus I801 adapter at efa0)");
    CHECK(bus.clock_hz() == 100'000);
    CHECK(bus.capabilities().read_i2c_block);

    // Byte-exact images: the file slots equal their files, the synth slots what the synthesizer
    // makes from the embedded description.
    std::ifstream in(path);
    const json doc = json::parse(in);
    std::set<std::vector<std::uint8_t>> serials;
    std::set<std::string> parts;
    for (std::size_t i = 0; i < 8; ++i) {
        const BenchSlot& slot = bench->sockets[i];
        INFO("slot " << i);
        CHECK(static_cast<std::size_t>(slot.address) == 0x50 + i);
        CHECK(slot.bus == "i2c-0");
        CHECK(slot.dram_type == 0x12);
        const json& spd = doc["buses"][0]["slots"][i]["spd"];
        const auto expected = spd.contains("file") ? read_file_image(examples_dir() / spd["file"].get<std::string>())
                                                   : *synthesize(spd["synth"]);
        const auto image = read_image(bus, slot.address, slot.dram_type);
        REQUIRE(image == expected);
        serials.insert(std::vector<std::uint8_t>(image.begin() + 517, image.begin() + 521));
        parts.insert(std::string(image.begin() + 521, image.begin() + 551));

        // Components report what the SPD declares.
        const Address hid = slot.address & 0x07;
        CHECK(read(bus, slot.address, 0x03) == image[194]);     // hub MR3/MR4 = SPD 194-195
        CHECK(read(bus, slot.address, 0x04) == image[195]);
        CHECK(read(bus, slot.address, 0x02) == image[197]);
        CHECK(read(bus, slot.address, 0x0c) == 0xff);            // write_protect 0x03ff
        CHECK(read(bus, slot.address, 0x0d) == 0x03);
        CHECK(read(bus, 0x48 | hid, 0x3c) == image[198]);        // PMIC0 R3C/R3D = SPD 198-199
        CHECK(read(bus, 0x48 | hid, 0x3d) == image[199]);
        CHECK(read(bus, 0x48 | hid, 0x3b) == image[201]);
        REQUIRE(image[212] == 0xc0);                             // TS0 and TS1 declared
        for (const Address ts : {Address(0x10 | hid), Address(0x30 | hid)}) {
            CHECK(read(bus, ts, 0x00) == 0x51);
            CHECK(read(bus, ts, 0x01) == 0x11);
            CHECK(read(bus, ts, 0x03) == image[210]);
            CHECK(read(bus, ts, 0x04) == image[211]);
        }
        CHECK(read(bus, 0x58 | hid, 0x00) == image[240]);        // RCD vendor = SPD 240-241
        CHECK(read(bus, 0x58 | hid, 0x01) == image[241]);
        CHECK(read(bus, 0x58 | hid, 0x03) == image[243]);
    }
    CHECK(serials.size() == 8);
    CHECK(parts.size() == 3);
    CHECK(bus.stray_writes() == 0);
}

TEST_CASE("bench file: desk-ddr4 example shares one EE1004 page", "[firmware_io][bench][ddr4]") {
    auto bench = load_bench_file(examples_dir() / "desk-ddr4.json", synth_factory);
    if (!bench) FAIL(bench.error().message);
    REQUIRE(bench->sockets.size() == 4);
    EmulatedBus& bus = *bench->emulated[0];
    CHECK(bus.name() == "i2c-9 (MCP2221 usb-i2c bridge)");
    std::vector<std::vector<std::uint8_t>> expected;
    for (const auto& slot : bench->sockets) {
        CHECK(slot.dram_type == 0x0c);
        CHECK(bus.device_at(slot.address)->model() == "ee1004");
        if (slot.source.rfind("file:", 0) == 0) {
            expected.push_back(read_file_image(examples_dir() / slot.source.substr(5)));
        } else {
            expected.push_back(read_image(bus, slot.address, 0x0c));
        }
    }
    REQUIRE(read(bus, 0x50, 0x02) == 0x0c);
    REQUIRE(bus.select_ee1004_page(1));
    for (std::size_t i = 0; i < bench->sockets.size(); ++i) {
        CHECK(read(bus, bench->sockets[i].address, 0x45) == expected[i][256 + 0x45]);  // serial, page 1
    }
    REQUIRE(bus.select_ee1004_page(0));
    // No DDR5 side-band devices on a DDR4 bench.
    for (const Address a : {Address{0x48}, Address{0x10}, Address{0x58}}) CHECK(bus.device_at(a) == nullptr);
}

TEST_CASE("bench file: mixed example has a DDR4 and a DDR5 segment", "[firmware_io][bench]") {
    auto bench = load_bench_file(examples_dir() / "mixed.json", synth_factory);
    if (!bench) FAIL(bench.error().message);
    REQUIRE(bench->buses.size() == 2);
    CHECK(bench->buses[0]->name() == "i2c-0 (SMBus I801 adapter at efa0)");
    CHECK(bench->buses[1]->name() == "i2c-1 (CP2112 SMBus Bridge on hidraw0)");
    CHECK(bench->buses[0]->clock_hz() == 100'000);
    CHECK(bench->buses[1]->clock_hz() == 400'000);
    for (const auto& slot : bench->sockets) CHECK(slot.dram_type == (slot.bus_index == 0 ? 0x0c : 0x12));

    EmulatedBus& ddr5 = *bench->emulated[1];
    const auto image = read_file_image(examples_dir() / "../spd/ddr5-udimm-kingston-16g-xmp.bin");
    CHECK(read_image(ddr5, 0x50, 0x12) == image);
    // A client UDIMM: PMIC0 as declared (Richtek), no discrete thermal sensors, no RCD.
    CHECK(read(ddr5, 0x48, 0x3c) == 0x8a);
    CHECK(read(ddr5, 0x48, 0x3d) == 0x8c);
    CHECK(ddr5.device_at(0x10) == nullptr);
    CHECK(ddr5.device_at(0x30) == nullptr);
    CHECK(ddr5.device_at(0x58) == nullptr);
    CHECK(read(ddr5, 0x50, 0x0c) == 0xff);
    CHECK(read(ddr5, 0x50, 0x0d) == 0x00);
}

TEST_CASE("bench file: faults wrap the segment in a FaultyBus", "[firmware_io][bench][faults]") {
    const auto load = [] {
        auto bench = load_bench_file(examples_dir() / "faulty-bus.json", synth_factory);
        if (!bench) FAIL(bench.error().message);
        return std::move(*bench);
    };
    EmulatedBench first = load();
    REQUIRE(first.buses.size() == 1);
    const auto faulty = std::dynamic_pointer_cast<FaultyBus>(first.buses[0]);
    REQUIRE(faulty);
    CHECK(first.buses[0] != first.emulated[0]);
    CHECK(faulty->name() == first.emulated[0]->name());
    CHECK_FALSE(faulty->capabilities().read_i2c_block);

    // Same seed, same faults: two loads of the bench fail the same reads the same way.
    EmulatedBench second = load();
    const auto run = [](SmbusBus& bus) {
        std::vector<std::string> outcome;
        for (unsigned i = 0; i < 600; ++i) {
            auto r = bus.read_byte_data(static_cast<Address>(0x50 + i % 3), static_cast<std::uint8_t>(0x80 + i % 128));
            outcome.push_back(r ? std::to_string(*r) : r.error().message);
        }
        return outcome;
    };
    const auto a = run(*first.buses[0]);
    const auto b = run(*second.buses[0]);
    CHECK(a == b);
    CHECK(faulty->injected() > 0);
    CHECK(std::count_if(a.begin(), a.end(), [](const std::string& s) { return s.find("nack") != std::string::npos; }) > 0);
    CHECK(first.emulated[0]->stray_writes() == 0);

    SECTION("an inline faults block, and none") {
        auto with = parse(one_bus("{\"address\": \"0x50\", " + ddr5_file + "}",
                                  R"("faults": {"seed": 7, "timeout_rate": 0.5, "vanish_after": 10}, )"));
        REQUIRE(with);
        CHECK(std::dynamic_pointer_cast<FaultyBus>(with->buses[0]));
        auto without = parse(one_bus("{\"address\": \"0x50\", " + ddr5_file + "}"));
        REQUIRE(without);
        CHECK(without->buses[0] == without->emulated[0]);
        CHECK_FALSE(std::dynamic_pointer_cast<FaultyBus>(without->buses[0]));
    }
}

TEST_CASE("bench file: DDR5 component registers follow the SPD unless overridden", "[firmware_io][bench][ddr5]") {
    const auto image = read_file_image(examples_dir() / "../spd/ddr5-rdimm-micron-64g.bin");

    SECTION("overrides emulate counterfeit hardware") {
        auto bench = parse(one_bus(R"({"address": "0x53", )" + ddr5_file + R"(,
            "hub": {"vendor": "8632", "revision": "0x15", "device_type": "0x08", "write_protect": "0x00ff",
                    "mr11": "0x02", "hide_registers_off_page0": false, "temperature_c": 38.5},
            "pmic": {"vendor": "8a8c", "revision": "0x21", "registers": {"0x3b": "0x22", "0x23": "0x05"}},
            "ts": {"ts1": false, "vendor": "0423", "device_type": "0x10", "temperature_c": -4.0},
            "rcd": {"vendor": "0423", "revision": 17}})"));
        if (!bench) FAIL(bench.error().message);
        EmulatedBus& bus = *bench->emulated[0];
        CHECK(read(bus, 0x53, 0x0b) == 0x02);  // power-on page 2
        CHECK(read(bus, 0x53, 0x80) == image[2 * 128]);
        CHECK(read(bus, 0x53, 0x01) == 0x08);
        CHECK(read(bus, 0x53, 0x03) == 0x86);
        CHECK(read(bus, 0x53, 0x04) == 0x32);
        CHECK(read(bus, 0x53, 0x05) == 0x01);
        CHECK(read(bus, 0x53, 0x0c) == 0xff);
        CHECK(read(bus, 0x53, 0x0d) == 0x00);
        CHECK(read(bus, 0x53, 0x31) == 0x68);
        CHECK(read(bus, 0x4b, 0x3c) == 0x8a);
        CHECK(read(bus, 0x4b, 0x3d) == 0x8c);
        CHECK(read(bus, 0x4b, 0x3b) == 0x22);  // "registers" wins over "revision"
        CHECK(read(bus, 0x4b, 0x23) == 0x05);
        CHECK(read(bus, 0x13, 0x01) == 0x10);
        CHECK(read(bus, 0x13, 0x03) == 0x04);
        CHECK(read(bus, 0x13, 0x04) == 0x23);
        CHECK(read(bus, 0x13, 0x32) == 0x1f);  // -4.0 degC = 0x1fc0
        CHECK(bus.device_at(0x33) == nullptr);  // TS1 absent although the SPD declares it
        CHECK(read(bus, 0x5b, 0x00) == 0x04);
        CHECK(read(bus, 0x5b, 0x03) == 0x11);
        CHECK(read(bus, 0x5b, 0x02) == (image[242] & 0x0f));
    }

    SECTION("absent PMIC and RCD") {
        auto bench = parse(one_bus(R"({"address": "0x57", )" + ddr5_file +
                                   R"(, "pmic": {"present": false}, "rcd": {"present": false}, "ts": {"ts0": false, "ts1": false}})"));
        if (!bench) FAIL(bench.error().message);
        EmulatedBus& bus = *bench->emulated[0];
        for (const Address a : {Address{0x4f}, Address{0x5f}, Address{0x17}, Address{0x37}}) CHECK(bus.device_at(a) == nullptr);
        CHECK(read(bus, 0x57, 0x00) == 0x51);
    }

    SECTION("TS1 at 0x36/0x37 on HID 6 and 7") {
        auto bench = parse(one_bus(R"({"address": "0x56", )" + ddr5_file + R"(}, {"address": "0x57", )" + ddr5_file + "}"));
        if (!bench) FAIL(bench.error().message);
        CHECK(bench->emulated[0]->device_at(0x36)->model() == "ts");
        CHECK(bench->emulated[0]->device_at(0x37)->model() == "ts");
    }
}

TEST_CASE("bench file: DDR3 images become AT24 devices", "[firmware_io][bench][ddr3]") {
    std::vector<std::uint8_t> ddr3(256, 0x00);
    ddr3[0] = 0x92;
    ddr3[2] = 0x0b;
    const ImageFactory fake = [&](const json&) -> Result<std::vector<std::uint8_t>> { return ddr3; };
    auto bench = parse(one_bus(R"({"address": "0x51", "label": "DIMM0", "spd": {"synth": {}}})"), fake);
    if (!bench) FAIL(bench.error().message);
    CHECK(bench->emulated[0]->device_at(0x51)->model() == "at24");
    CHECK(bench->sockets[0].label == "DIMM0");
    CHECK(bench->sockets[0].source == "synth");
    CHECK(read_image(*bench->emulated[0], 0x51, 0x0b) == ddr3);
}

TEST_CASE("bench file: malformed benches name the field", "[firmware_io][bench][errors]") {
    struct Case {
        std::string text;
        std::string message;
        Errc code = Errc::bad_format;
    };
    const std::string slot50 = "{\"address\": \"0x50\", " + ddr5_file + "}";
    const Case cases[] = {
        {one_bus(slot50 + ", {\"address\": \"0x51\", " + ddr5_file + "}, {\"address\": \"0x48\", " + ddr5_file + "}"),
         "buses[0].slots[2].address: 0x48 is not an SPD address (0x50-0x57)"},
        {one_bus(slot50 + R"(, {"address": "0x51", "spd": {"file": "../x.bin"}})"),
         "buses[0].slots[1].spd.file: ../x.bin: no such file", Errc::not_found},
        {one_bus(slot50 + ", " + slot50), "buses[0].slots[1].address: 0x50 is already used by buses[0].slots[0]"},
        {one_bus(slot50 + ", {\"address\": 81, " + ddr4_file + "}"), "buses[0]: DDR4 and DDR5 modules cannot share a segment"},
        {one_bus("{\"address\": \"0x52\", " + ddr4_file + "}, {\"address\": 83, " + ddr5_file + "}"),
         "buses[0]: DDR4 and DDR5 modules cannot share a segment"},
        // unknown keys, at every level
        {R"({"schema_version": 1, "bus": []})", "bus: unknown field"},
        {one_bus(slot50, R"("clock": 100000, )"), "buses[0].clock: unknown field"},
        {one_bus("{\"address\": \"0x50\", \"lable\": \"A1\", " + ddr5_file + "}"), "buses[0].slots[0].lable: unknown field"},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"hub\": {\"vendr\": \"80b3\"}}"),
         "buses[0].slots[0].hub.vendr: unknown field"},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"ts\": {\"present\": true}}"),
         "buses[0].slots[0].ts.present: unknown field"},
        {one_bus(slot50, R"("capabilities": {"block_read": true}, )"), "buses[0].capabilities.block_read: unknown field"},
        {one_bus(slot50, R"("faults": {"seed": 1, "flip_rate": 0.1}, )"), "buses[0].faults.flip_rate: unknown field"},
        {one_bus(R"({"address": "0x50", "spd": {"path": "a.bin"}})"), "buses[0].slots[0].spd.path: unknown field"},
        // structure and values
        {R"({"buses": []})", "schema_version: missing"},
        {R"({"schema_version": 2, "buses": []})", "schema_version: 2 is not supported (expected 1)"},
        {R"({"schema_version": 1, "buses": []})", "buses: a bench needs at least one bus"},
        {R"({"schema_version": 1, "buses": [{"slots": []}]})", "buses[0].name: missing"},
        {R"({"schema_version": 1, "buses": [{"name": "i2c-0", "slots": []}, {"name": "i2c-0", "slots": []}]})",
         "buses[1].name: bus \"i2c-0\" is defined twice"},
        {one_bus(slot50, R"("clock_hz": 5000000, )"), "buses[0].clock_hz: 5000000 is larger than 3400000"},
        {one_bus(slot50, R"("capabilities": {"i2c_block_read": "yes"}, )"),
         "buses[0].capabilities.i2c_block_read: expected true or false, got \"yes\""},
        {one_bus(slot50, R"("capabilities": {"read_word_data": 0}, )"),
         "buses[0].capabilities.read_word_data: expected true or false, got 0"},
        {one_bus(slot50, R"("capabilities": {"word_read": false}, )"), "buses[0].capabilities.word_read: unknown field"},
        {one_bus(slot50, R"("faults": {"nack_rate": 1.5}, )"), "buses[0].faults.nack_rate: 1.5 is outside 0.0 to 1.0"},
        {one_bus(slot50, R"("faults": {"seed": -1}, )"), "buses[0].faults.seed: expected a non-negative integer, got -1"},
        {one_bus(slot50, R"("faults": {"nack_rate": 0.6, "bitflip_rate": 0.6}, )"),
         "buses[0].faults: nack_rate + timeout_rate + bitflip_rate exceed 1"},
        {one_bus(slot50, R"("faults": {"vanish_after": -2}, )"), "buses[0].faults.vanish_after: -2 is less than -1"},
        {one_bus("{" + ddr5_file + "}"), "buses[0].slots[0].address: missing"},
        {one_bus(R"({"address": "0x50"})"), "buses[0].slots[0].spd: missing"},
        {one_bus(R"({"address": "0x5g", "spd": {}})"),
         "buses[0].slots[0].address: expected a byte such as \"0x12\" or a number 0-255, got \"0x5g\""},
        {one_bus(R"({"address": "0x50", "spd": {}})"), "buses[0].slots[0].spd: needs exactly one of 'file' or 'synth'"},
        {one_bus(R"({"address": "0x50", "spd": {"file": "../spd/ddr5-rdimm-micron-64g.bin", "synth": {}}})"),
         "buses[0].slots[0].spd: needs exactly one of 'file' or 'synth'"},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"hub\": {\"revision\": \"12\"}}"),
         "buses[0].slots[0].hub.revision: expected a byte such as \"0x12\" or a number 0-255, got \"12\""},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"hub\": {\"vendor\": \"IDT\"}}"),
         "buses[0].slots[0].hub.vendor: expected the JEP106 ID as stored, 4 hex digits bank byte first (\"80b3\"), got \"IDT\""},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"hub\": {\"mr11\": \"0x10\"}}"),
         "buses[0].slots[0].hub.mr11: 0x10 sets reserved bits (MR11 holds bits [3:0] only)"},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"hub\": {\"write_protect\": 70000}}"),
         "buses[0].slots[0].hub.write_protect: 70000 is larger than 65535"},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"hub\": {\"temperature_c\": 300}}"),
         "buses[0].slots[0].hub.temperature_c: 300 is outside -256.0 to 255.75"},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"pmic\": {\"registers\": {\"3b\": \"0x12\"}}}"),
         "buses[0].slots[0].pmic.registers.3b: register names are written \"0x3b\""},
        {one_bus("{\"address\": \"0x50\", " + ddr5_file + ", \"pmic\": {\"registers\": {\"0x3b\": 256}}}"),
         "buses[0].slots[0].pmic.registers.0x3b: 256 is larger than 255"},
        {one_bus("{\"address\": \"0x50\", " + ddr4_file + ", \"hub\": {}}"),
         "buses[0].slots[0].hub: only DDR5 slots take a 'hub' block (this image is DDR4)"},
        {one_bus("{\"address\": \"0x50\", " + ddr4_file + ", \"pmic\": {}}"),
         "buses[0].slots[0].pmic: only DDR5 slots take a 'pmic' block (this image is DDR4)"},
        {one_bus(R"({"address": "0x50", "spd": {"synth": {"type": "ddr5", "capacity": "64G"}}})"),
         "buses[0].slots[0].spd.synth: speed is required (e.g. 3200 or 4800)", Errc::usage},
        {one_bus(R"({"address": "0x50", "spd": {"synth": {"type": "ddr5", "capacity": "64G", "sped": 4800}}})"),
         "buses[0].slots[0].spd.synth: unknown field 'sped'"},
        {one_bus(R"({"address": "0x50", "spd": {"synth": "ddr5"}})"),
         "buses[0].slots[0].spd.synth: expected a synth description object, got \"ddr5\""},
        {R"([1, 2])", "a bench file is a JSON object, got [1,2]"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        auto bench = parse(c.text);
        REQUIRE_FALSE(bench);
        CHECK(bench.error().message == c.message);
        CHECK(bench.error().code == c.code);
    }
}

TEST_CASE("bench file: images of the wrong size or type are refused", "[firmware_io][bench][errors]") {
    std::vector<std::uint8_t> image;
    const ImageFactory fake = [&](const json&) -> Result<std::vector<std::uint8_t>> { return image; };
    const std::string text = one_bus(R"({"address": "0x50", "spd": {"synth": {}}})");

    image.assign(512, 0x00);
    image[2] = 0x12;
    CHECK(error_of(parse(text, fake)) == "buses[0].slots[0].spd.synth: 512-byte image, but a DDR5 SPD is 1024 bytes");
    image.assign(1024, 0x00);
    image[2] = 0x0c;
    CHECK(error_of(parse(text, fake)) == "buses[0].slots[0].spd.synth: 1024-byte image, but a DDR4 SPD is 512 bytes");
    image.assign(512, 0x00);
    image[2] = 0x0b;
    CHECK(error_of(parse(text, fake)) == "buses[0].slots[0].spd.synth: 512-byte image, but a DDR3 SPD is 256 bytes");
    image.assign(1024, 0x00);
    image[2] = 0x13;
    CHECK(error_of(parse(text, fake)) ==
          "buses[0].slots[0].spd.synth: DRAM type 0x13 (byte 2) cannot be emulated (0x0b DDR3, 0x0c DDR4, 0x12 DDR5)");
    image.clear();
    CHECK(error_of(parse(text, fake)) == "buses[0].slots[0].spd.synth: 0-byte image is too short for an SPD");

    SECTION("a file of the wrong size, relative to the bench file's folder") {
        TempDir dir;
        fs::create_directories(dir.path / "images");
        auto ddr5 = read_file_image(examples_dir() / "../spd/ddr5-rdimm-micron-64g.bin");
        ddr5.resize(512);
        REQUIRE(write_raw_dump(dir.path / "images" / "half.bin", ddr5));
        write_text(dir.path / "bench.json", one_bus(R"({"address": "0x50", "spd": {"file": "images/half.bin"}})"));
        auto bench = load_bench_file(dir.path / "bench.json", synth_factory);
        CHECK(error_of(bench) == (dir.path / "bench.json").string() +
                                     ": buses[0].slots[0].spd.file: 512-byte image, but a DDR5 SPD is 1024 bytes");
    }

    SECTION("no synthesizer available") {
        auto bench = parse(text, ImageFactory{});
        REQUIRE_FALSE(bench);
        CHECK(bench.error().code == Errc::unsupported);
        CHECK(bench.error().message == "buses[0].slots[0].spd.synth: synthesized images are not available here");
    }
}

TEST_CASE("bench file: loading from disk", "[firmware_io][bench]") {
    TempDir dir;

    SECTION("relative image paths resolve against the bench file's folder") {
        fs::create_directories(dir.path / "benches" / "spd");
        fs::copy_file(examples_dir() / "../spd/ddr4-sodimm-micron-16g.bin", dir.path / "benches" / "spd" / "m.bin");
        fs::copy_file(examples_dir() / "../spd/ddr4-rdimm-samsung-32g.hex", dir.path / "benches" / "s.hex");
        write_text(dir.path / "benches" / "b.json",
                   one_bus(R"({"address": "0x50", "spd": {"file": "spd/m.bin"}}, {"address": "0x51", "spd": {"file": "s.hex"}})"));
        auto bench = load_bench_file(dir.path / "benches" / "b.json", synth_factory);
        if (!bench) FAIL(bench.error().message);
        CHECK(bench->sockets[0].source == "file:spd/m.bin");
        CHECK(read_image(*bench->emulated[0], 0x50, 0x0c) == read_file_image(dir.path / "benches" / "spd" / "m.bin"));
        CHECK(read_image(*bench->emulated[0], 0x51, 0x0c) ==
              read_file_image(examples_dir() / "../spd/ddr4-rdimm-samsung-32g.bin"));  // hex text dumps work too
    }

    SECTION("missing file, invalid JSON, directory") {
        auto missing = load_bench_file(dir.path / "nope.json", synth_factory);
        REQUIRE_FALSE(missing);
        CHECK(missing.error().code == Errc::not_found);
        CHECK(missing.error().message == (dir.path / "nope.json").string() + ": no such file");

        write_text(dir.path / "bad.json", "{\"schema_version\": 1,\n \"buses\": [}\n");
        auto invalid = load_bench_file(dir.path / "bad.json", synth_factory);
        REQUIRE_FALSE(invalid);
        CHECK(invalid.error().code == Errc::bad_format);
        CHECK_THAT(invalid.error().message,
                   Catch::StartsWith((dir.path / "bad.json").string() + ": not valid JSON: parse error at line 2, column"));

        auto folder = load_bench_file(dir.path, synth_factory);
        REQUIRE_FALSE(folder);
        CHECK(folder.error().code == Errc::io);
        CHECK(folder.error().message == dir.path.string() + ": is a directory, expected a bench file");
    }

    SECTION("errors are prefixed with the bench path") {
        write_text(dir.path / "b.json", one_bus(R"({"address": "0x50", "spd": {"file": "../x.bin"}})"));
        auto bench = load_bench_file(dir.path / "b.json", synth_factory);
        CHECK(error_of(bench) == (dir.path / "b.json").string() + ": buses[0].slots[0].spd.file: ../x.bin: no such file");
    }
}

TEST_CASE("bench file: the example in docs/bench-format.md loads", "[firmware_io][bench][docs]") {
    std::ifstream in(source_dir() / "docs" / "bench-format.md");
    REQUIRE(in);
    const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto start = doc.find("```json\n");
    REQUIRE(start != std::string::npos);
    const auto end = doc.find("```", start + 8);
    REQUIRE(end != std::string::npos);
    auto bench = parse_bench(json::parse(doc.substr(start + 8, end - start - 8)), examples_dir(), synth_factory);
    if (!bench) FAIL(bench.error().message);
    REQUIRE(bench->sockets.size() == 2);
    EmulatedBus& bus = *bench->emulated[0];
    CHECK(bus.name() == "i2c-0 (SMBus I801 adapter at efa0)");
    CHECK(std::dynamic_pointer_cast<FaultyBus>(bench->buses[0]));
    CHECK(bench->sockets[0].label == "DIMM A1");
    CHECK(bench->sockets[0].source == "file:../spd/ddr5-rdimm-micron-64g.bin");
    CHECK(read(bus, 0x50, 0x0c) == 0xff);
    CHECK(read(bus, 0x58, 0x00) == 0x86);
    CHECK(read(bus, 0x59, 0x00) == 0x86);  // slot 0x51: RCD vendor as its SPD declares (Montage)
}

TEST_CASE("bench file: read_word_data capability defaults to true and can be switched off", "[firmware_io][bench][word]") {
    const std::string slot50 = "{\"address\": \"0x50\", " + ddr5_file + "}";
    struct Case {
        std::string capabilities;
        bool block, word;
    };
    const Case cases[] = {
        {"", true, true},
        {R"("capabilities": {"i2c_block_read": false}, )", false, true},   // piix4: word reads, no block reads
        {R"("capabilities": {"i2c_block_read": false, "read_word_data": false}, )", false, false},
        {R"("capabilities": {"read_word_data": false}, )", true, false},
    };
    for (const auto& c : cases) {
        INFO(c.capabilities);
        auto bench = parse(one_bus(slot50, c.capabilities));
        if (!bench) FAIL(bench.error().message);
        const BusCapabilities caps = bench->emulated[0]->capabilities();
        CHECK(caps.read_i2c_block == c.block);
        CHECK(caps.read_word_data == c.word);
        // The emulated adapter does what it declares: a word read is refused without word reads.
        auto w = bench->emulated[0]->read_word_data(0x50, 0x00);
        CHECK(static_cast<bool>(w) == c.word);
        if (!w) CHECK(w.error().code == Errc::unsupported);
    }
}
