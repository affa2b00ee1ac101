// SPDX-License-Identifier: GPL-3.0-or-later
// Wire time of a full SPD read at 100 kHz on the emulated bench: dimmguard's reader against
// the block-read minimum of spd-reference.md 1.4 and against a byte-at-a-time reader.
// Deterministic (bits on the wire are counted, not timed), so one run is enough.
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "firmware_io/emulated_bus.hpp"
#include "firmware_io/smbus_bus.hpp"
#include "firmware_io/spd_reader.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard;
using namespace dimmguard::firmware_io;

namespace {

struct Case {
    const char* name;
    dimmguard::Generation type;
    std::uint64_t minimum_bits;  // block reads of 32 bytes + the protocol page selects
};

std::vector<std::uint8_t> image(dimmguard::Generation type) {
    verifier::SynthSpec s;
    s.type = type;
    s.capacity_bytes = 32ULL << 30;
    s.ranks = 2;
    s.speed_mts = type == dimmguard::Generation::ddr4 ? 3200 : 4800;
    s.part_number = "WIRE-BENCH";
    auto img = verifier::synthesize(s);
    if (!img) {
        std::fprintf(stderr, "wire_time_bench: %s\n", img.error().message.c_str());
        std::exit(1);
    }
    return *img;
}

std::uint64_t read_bits(dimmguard::Generation type, bool block_reads, std::uint64_t* transactions) {
    auto bus = std::make_shared<EmulatedBus>("i2c-0", 100'000, BusCapabilities{.read_i2c_block = block_reads});
    const auto img = image(type);
    Result<void> attached = type == dimmguard::Generation::ddr4
        ? bus->attach(0x50, std::make_shared<Ee1004Device>(img, bus->ee1004_segment()))
        : bus->attach(0x50, std::make_shared<Spd5118Device>(img, Spd5118Config{}));
    if (!attached) std::exit(1);
    ReadOptions options;
    options.read_identity = false;  // the image alone, as in the reference table
    options.max_reads = 1;          // one pass; dimmguard reads twice by default (docs/performance.md)
    auto m = SpdReader(*bus, options).read(0x50);
    if (!m || m->image != img) {
        std::fprintf(stderr, "wire_time_bench: read failed\n");
        std::exit(1);
    }
    *transactions = m->stats.transactions;
    return m->stats.wire_bits;
}

}  // namespace

int main() {
    const Case cases[] = {
        // DDR4: 16 x I2C-block-32 + 2 page selects (send byte) = 16 * 318 + 2 * 20
        {"DDR4 512 B", dimmguard::Generation::ddr4, 16 * wire_bits(TransactionKind::read_i2c_block, 32) + 2 * wire_bits(TransactionKind::send_byte)},
        // DDR5: 32 x I2C-block-32 + 8 MR11 writes = 32 * 318 + 8 * 29
        {"DDR5 1024 B", dimmguard::Generation::ddr5, 32 * wire_bits(TransactionKind::read_i2c_block, 32) + 8 * wire_bits(TransactionKind::write_byte_data)},
    };
    std::printf("| image | reader | transactions | bits | ms at 100 kHz | vs block-read minimum | bits vs byte reads |\n");
    std::printf("|---|---|---:|---:|---:|---:|---:|\n");
    for (const auto& c : cases) {
        std::uint64_t t_block = 0, t_byte = 0;
        const auto block = read_bits(c.type, true, &t_block);
        const auto bytes = read_bits(c.type, false, &t_byte);
        std::printf("| %s | block-read minimum (spd-reference 1.4) | | %llu | %.1f | 1.000x | |\n", c.name,
                    static_cast<unsigned long long>(c.minimum_bits), static_cast<double>(c.minimum_bits) / 100.0);
        std::printf("| %s | dimmguard, I2C block reads | %llu | %llu | %.1f | %.3fx | %.2fx fewer |\n", c.name,
                    static_cast<unsigned long long>(t_block), static_cast<unsigned long long>(block),
                    static_cast<double>(block) / 100.0, static_cast<double>(block) / static_cast<double>(c.minimum_bits),
                    static_cast<double>(bytes) / static_cast<double>(block));
        std::printf("| %s | dimmguard, byte reads (no block read, e.g. piix4) | %llu | %llu | %.1f | %.3fx | 1.00x |\n", c.name,
                    static_cast<unsigned long long>(t_byte), static_cast<unsigned long long>(bytes),
                    static_cast<double>(bytes) / 100.0, static_cast<double>(bytes) / static_cast<double>(c.minimum_bits));
    }
    return 0;
}
