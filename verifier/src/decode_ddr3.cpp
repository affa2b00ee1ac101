// SPDX-License-Identifier: GPL-3.0-or-later
// DDR3 SPD (JESD21-C Annex K layout, 256 bytes): geometry, timings, identity, CRC.
#include <array>

#include "dimmguard/bytes.hpp"
#include "spd_internal.hpp"

namespace dimmguard::verifier::detail {
namespace {

// Byte 3 [3:0]. 8/9 follow decode-dimms (72b-SO-UDIMM / 72b-SO-RDIMM); illumos swaps them,
// see docs/fingerprint.md for why this never changes a fingerprint.
constexpr std::array<const char*, 16> module_types{
    nullptr, "RDIMM", "UDIMM", "SO-DIMM", "Micro-DIMM", "Mini-RDIMM", "Mini-UDIMM", "Mini-CDIMM",
    "72b-SO-UDIMM", "72b-SO-RDIMM", "72b-SO-CDIMM", "LRDIMM", "16b-SO-DIMM", "32b-SO-DIMM", nullptr, nullptr};

// Byte 4 [3:0] in Mbit per die.
constexpr std::array<int, 16> die_density_mbit{256, 512, 1024, 2048, 4096, 8192, 16384, 0,
                                               0, 0, 0, 0, 0, 0, 0, 0};

}  // namespace

void decode_ddr3(DecodedSpd& spd, const SpdView& v) {
    const std::uint8_t b0 = v.at(0);
    const unsigned total_code = (b0 >> 4) & 0x07;
    spd.spd_bytes_total = total_code == 1 ? 256 : 0;
    if (total_code != 1) add_note(spd, "size", "byte 0x00: " + reserved_value(static_cast<std::uint8_t>(total_code)) + " total size");
    switch (b0 & 0x0f) {
    case 1: spd.spd_bytes_used = 128; break;
    case 2: spd.spd_bytes_used = 176; break;
    case 3: spd.spd_bytes_used = 256; break;
    default: add_note(spd, "size", "byte 0x00: reserved bytes-used code " + hex_byte(b0 & 0x0f)); break;
    }

    decode_module_type(spd, v.at(3) & 0x0f, module_types, {1, 5, 9, 11});  // DDR3 has no hybrid bit

    Geometry& g = spd.geometry;
    const std::uint8_t b4 = v.at(4);
    g.die_density_mbit = die_density_mbit[b4 & 0x0f];
    if (g.die_density_mbit == 0) add_note(spd, "density", "byte 0x04: reserved die density code " + hex_byte(b4 & 0x0f));
    const unsigned bank_code = (b4 >> 4) & 0x07;
    if (bank_code <= 3) g.banks_per_group = 8 << bank_code;
    else add_note(spd, "banks", "byte 0x04: reserved bank count code " + hex_byte(static_cast<std::uint8_t>(bank_code)));
    g.bank_groups = 1;
    g.row_bits = ((v.at(5) >> 3) & 0x07) + 12;
    g.column_bits = (v.at(5) & 0x07) + 9;
    if (g.row_bits > 16 || g.column_bits > 12 || (v.at(5) & 0xc0) != 0) {
        add_note(spd, "addressing", "byte 0x05: reserved addressing code " + hex_byte(v.at(5)));
    }

    const std::uint8_t b7 = v.at(7);
    const unsigned width_code = b7 & 0x07;
    g.device_width = width_code <= 3 ? (4 << width_code) : 0;
    if (g.device_width == 0) add_note(spd, "width", "byte 0x07: reserved device width code " + hex_byte(static_cast<std::uint8_t>(width_code)));
    const unsigned rank_code = (b7 >> 3) & 0x07;
    constexpr std::array<int, 8> ranks{1, 2, 3, 4, 8, 0, 0, 0};
    g.package_ranks = ranks[rank_code];
    if (g.package_ranks == 0) add_note(spd, "ranks", "byte 0x07: reserved rank count code " + hex_byte(static_cast<std::uint8_t>(rank_code)));
    g.logical_ranks = g.package_ranks;
    // Byte 33: [7] non-standard package, [6:4] die count (0 = not specified, n = 2^(n-1)).
    const std::uint8_t b33 = v.at(33);
    const unsigned dies = (b33 >> 4) & 0x07;
    g.die_count = (dies >= 1 && dies <= 4) ? (1 << (dies - 1)) : 1;
    g.package = (b33 & 0x80) ? "non-standard" : "monolithic";
    if (g.die_count > 1) g.package += ", " + std::to_string(g.die_count) + " dies";

    decode_bus_width(spd, v.at(8), 8);
    if (g.die_density_mbit != 0 && g.device_width != 0 && g.primary_bus_width != 0 && g.package_ranks != 0) {
        g.capacity_bytes = std::uint64_t(g.die_density_mbit) * 1024 * 1024 / 8 *
                           std::uint64_t(g.primary_bus_width / g.device_width) * std::uint64_t(g.package_ranks);
    }
    spd.thermal_sensor = (v.at(32) & 0x80) != 0;

    // Time bases: FTB = dividend/divisor ps (byte 9), MTB = dividend/divisor ns (bytes 10/11).
    Timings& t = spd.timings;
    const unsigned ftb_dividend = v.at(9) >> 4, ftb_divisor = v.at(9) & 0x0f;
    const unsigned mtb_dividend = v.at(10), mtb_divisor = v.at(11);
    if (ftb_divisor == 0 || mtb_divisor == 0 || mtb_dividend == 0) {
        add_note(spd, "timebase", "bytes 0x09-0x0b: invalid time base (ftb " + hex_byte(v.at(9)) + ", mtb " +
                                      hex_byte(v.at(10)) + "/" + hex_byte(v.at(11)) + ")");
    } else {
        const double mtb_ps = 1000.0 * mtb_dividend / mtb_divisor;
        const double ftb_ps = static_cast<double>(ftb_dividend) / ftb_divisor;
        const auto time = [&](std::size_t mtb_at, std::optional<std::size_t> fine_at, unsigned high = 0) {
            double ps = (v.at(mtb_at) + high * 256.0) * mtb_ps;
            if (fine_at) ps += static_cast<std::int8_t>(v.at(*fine_at)) * ftb_ps;
            return ps <= 0 ? 0U : static_cast<std::uint32_t>(ps + 0.5);
        };
        t.tck_min_ps = time(12, 34);
        t.taa_ps = time(16, 35);
        t.trcd_ps = time(18, 36);
        t.trp_ps = time(20, 37);
        t.tras_ps = time(22, std::nullopt, v.at(21) & 0x0fU);
        t.trc_ps = time(23, 38, v.at(21) >> 4);
    }
    const unsigned cas_mask = v.le16(14);
    for (int bit = 0; bit < 15; ++bit) {
        if (cas_mask & (1U << bit)) t.cas_latencies.push_back(bit + 4);
    }
    set_speed(spd);
    t.cl = cas_latency_at_tck(t);
    t.trcd_clocks = clocks_for(t.trcd_ps, t.tck_min_ps);
    t.trp_clocks = clocks_for(t.trp_ps, t.tck_min_ps);

    if (spd.registered && v.has(65, 3)) {
        Component reg;
        reg.role = spd.module_type_raw == 11 ? "memory buffer" : "register";
        reg.vendor = decode_jep106(v.at(65), v.at(66));
        reg.present = reg.vendor.programmed;
        reg.revision = spd.module_type_raw == 11 ? v.at(64) : v.at(67);
        spd.components.push_back(reg);
    }

    // CRC: byte 0 bit 7 selects coverage 0-116 (1) or 0-125 (0); stored at 126/127.
    add_crc_blocks(spd, v);
    const bool short_crc = (b0 & ddr3_short_crc_bit) != 0;

    decode_manufacturing(spd, v);

    // Part-invariant bytes: configuration 0-116, module maker 117-118, the CRC only when it
    // covers 0-116, part number / revision / DRAM maker 128-149. Location, date and serial
    // (119-125) and the vendor / end-user areas (150-255) are per module.
    std::vector<ByteRange> ranges{{0, 118}};
    if (short_crc) ranges.push_back({126, 127});
    ranges.push_back({128, 149});
    compute_fingerprint(spd, v, std::move(ranges));
}

}  // namespace dimmguard::verifier::detail
