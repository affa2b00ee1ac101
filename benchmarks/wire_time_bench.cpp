// SPDX-License-Identifier: GPL-3.0-or-later
// Wire time of an SPD inspection at 100 kHz on the emulated bench, as the CLI does it: the bench
// is built by the bench-file loader (so a DDR5 RDIMM has its PMIC, thermal sensors and RCD
// attached), the reader probes 0x50-0x57 and reads the module with identity reads included.
// Three adapter classes: I2C block reads (i801), word reads only (piix4), byte reads only.
// Each one-pass figure is compared with the minimum for that adapter class (spd-reference.md
// 1.4: the image in the adapter's largest read + the protocol page selects). An inspection
// reads until two passes agree, so the default read is also shown against twice the minimum.
// Deterministic (bits on the wire are counted, not timed), so one run is enough.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "firmware_io/bench_file.hpp"
#include "firmware_io/emulated_bus.hpp"
#include "firmware_io/smbus_bus.hpp"
#include "firmware_io/spd_reader.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard;
using namespace dimmguard::firmware_io;

namespace {

struct Module {
    const char* name;
    const char* synth;       // bench-file synth description
    std::size_t image_bytes;
    std::uint64_t page_select_bits;  // DDR4: 2 EE1004 send-bytes; DDR5: 7 MR11 selects + back to page 0
};

struct Adapter {
    const char* name;
    const char* capabilities;  // bench-file capabilities object
    TransactionKind read;
};

// The image read in the adapter's largest read, plus the page selects.
std::uint64_t minimum_bits(const Module& m, const Adapter& a) {
    std::uint64_t reads = 0;
    switch (a.read) {
    case TransactionKind::read_i2c_block: reads = m.image_bytes / 32 * wire_bits(TransactionKind::read_i2c_block, 32); break;
    case TransactionKind::read_word_data: reads = m.image_bytes / 2 * wire_bits(TransactionKind::read_word_data); break;
    default: reads = m.image_bytes * wire_bits(TransactionKind::read_byte_data); break;
    }
    return reads + m.page_select_bits;
}

struct Measured {
    std::uint64_t probe_bits = 0, probe_transactions = 0;
    BusStats one_pass;
    BusStats inspection;
    int reads = 0;
    int devices_present = 0;
};

std::shared_ptr<EmulatedBus> bench(const Module& m, const Adapter& a) {
    const std::string text = std::string(R"({"schema_version": 1, "buses": [{"name": "i2c-0", "capabilities": )") + a.capabilities +
                             R"(, "slots": [{"address": "0x50", "spd": {"synth": )" + m.synth + "}}]}]}";
    auto b = parse_bench(nlohmann::json::parse(text), ".", verifier::synthesize_from_json);
    if (!b) {
        std::fprintf(stderr, "wire_time_bench: %s\n", b.error().message.c_str());
        std::exit(1);
    }
    return b->emulated.at(0);
}

Measured measure(const Module& m, const Adapter& a) {
    Measured out;
    {
        // One pass, as the CLI reads (probe, then read), identity registers included.
        auto bus = bench(m, a);
        ReadOptions once;
        once.max_reads = 1;
        SpdReader reader(*bus, once);
        auto probes = reader.probe();
        if (!probes) std::exit(1);
        out.probe_bits = bus->stats().wire_bits;
        out.probe_transactions = bus->stats().transactions;
        auto r = reader.read(0x50);
        if (!r || r->unstable || !r->crc_ok || bus->stray_writes() != 0) {
            std::fprintf(stderr, "wire_time_bench: %s / %s: read failed\n", m.name, a.name);
            std::exit(1);
        }
        out.one_pass = r->stats;
        for (const auto& d : r->devices) out.devices_present += d.present ? 1 : 0;
    }
    {
        // The default inspection: read until two passes agree.
        auto bus = bench(m, a);
        SpdReader reader(*bus);
        auto r = reader.read(0x50);
        if (!r || r->unstable || !r->crc_ok) std::exit(1);
        out.inspection = r->stats;
        out.reads = r->reads;
    }
    return out;
}

double ms(std::uint64_t bits) { return static_cast<double>(bits) / 100.0; }  // 100 kHz: 100 bits per ms

}  // namespace

int main() {
    const Module modules[] = {
        {"DDR4 512 B", R"({"type": "ddr4", "module_type": "RDIMM", "capacity": "32G", "ranks": 2, "width": "x4", "speed": 3200})", 512,
         2 * wire_bits(TransactionKind::send_byte)},
        {"DDR5 1024 B", R"({"type": "ddr5", "module_type": "RDIMM", "capacity": "64G", "ranks": 2, "width": "x4", "speed": 4800})", 1024,
         8 * wire_bits(TransactionKind::write_byte_data)},
    };
    const Adapter adapters[] = {
        {"I2C block reads (i801)", R"({"i2c_block_read": true, "read_word_data": true})", TransactionKind::read_i2c_block},
        {"word reads only (piix4)", R"({"i2c_block_read": false, "read_word_data": true})", TransactionKind::read_word_data},
        {"byte reads only", R"({"i2c_block_read": false, "read_word_data": false})", TransactionKind::read_byte_data},
    };
    std::printf("| image | adapter | minimum bits (ms) | one pass: transactions | bits | ms | vs minimum | "
                "inspection (%s): bits | vs 2 x minimum | probe 0x50-0x57: bits |\n", "reads until two agree");
    std::printf("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& m : modules) {
        for (const auto& a : adapters) {
            const Measured r = measure(m, a);
            const std::uint64_t minimum = minimum_bits(m, a);
            std::printf("| %s | %s | %llu (%.1f) | %llu | %llu | %.1f | %.3fx | %llu (%d reads) | %.3fx | %llu |\n", m.name, a.name,
                        static_cast<unsigned long long>(minimum), ms(minimum),
                        static_cast<unsigned long long>(r.one_pass.transactions),
                        static_cast<unsigned long long>(r.one_pass.wire_bits), ms(r.one_pass.wire_bits),
                        static_cast<double>(r.one_pass.wire_bits) / static_cast<double>(minimum),
                        static_cast<unsigned long long>(r.inspection.wire_bits), r.reads,
                        static_cast<double>(r.inspection.wire_bits) / (2.0 * static_cast<double>(minimum)),
                        static_cast<unsigned long long>(r.probe_bits));
            if (m.image_bytes == 1024 && a.read == TransactionKind::read_i2c_block) {
                std::fprintf(stderr, "DDR5 identity devices answering: %d of 4 (hub, pmic0, ts0, ts1)\n", r.devices_present);
            }
        }
    }
    return 0;
}
