// SPDX-License-Identifier: GPL-3.0-or-later
// DDR4 SPD (JESD21-C Annex L layout, 512 bytes): geometry, timings, identity, CRCs.
#include <array>

#include "dimmguard/bytes.hpp"
#include "spd_internal.hpp"

namespace dimmguard::verifier::detail {
namespace {

// Byte 3 [3:0].
constexpr std::array<const char*, 16> module_types{
    "extended", "RDIMM", "UDIMM", "SO-DIMM", "LRDIMM", "Mini-RDIMM", "Mini-UDIMM", nullptr,
    "72b-SO-RDIMM", "72b-SO-UDIMM", nullptr, nullptr, "16b-SO-DIMM", "32b-SO-DIMM", nullptr, nullptr};

// Byte 4 [3:0] in Mbit per die; codes 8 and 9 are 12 Gb and 24 Gb (not a power-of-two run).
constexpr std::array<int, 16> die_density_mbit{256, 512, 1024, 2048, 4096, 8192, 16384, 32768,
                                               12288, 24576, 0, 0, 0, 0, 0, 0};

}  // namespace

void decode_ddr4(DecodedSpd& spd, const SpdView& v) {
    const std::uint8_t b0 = v.at(0);
    switch ((b0 >> 4) & 0x07) {
    case 1: spd.spd_bytes_total = 256; break;
    case 2: spd.spd_bytes_total = 512; break;
    default: add_note(spd, "size", "byte 0x00: reserved total size code " + hex_byte((b0 >> 4) & 0x07)); break;
    }
    switch (b0 & 0x0f) {
    case 1: spd.spd_bytes_used = 128; break;
    case 2: spd.spd_bytes_used = 256; break;
    case 3: spd.spd_bytes_used = 384; break;
    case 4: spd.spd_bytes_used = 512; break;
    default: add_note(spd, "size", "byte 0x00: reserved bytes-used code " + hex_byte(b0 & 0x0f)); break;
    }

    decode_module_type(spd, v.at(3), module_types, {1, 4, 5, 8});

    Geometry& g = spd.geometry;
    const std::uint8_t b4 = v.at(4);
    g.die_density_mbit = die_density_mbit[b4 & 0x0f];
    if (g.die_density_mbit == 0) add_note(spd, "density", "byte 0x04: reserved die density code " + hex_byte(b4 & 0x0f));
    const unsigned bank_bits = (b4 >> 4) & 0x03;
    const unsigned group_bits = (b4 >> 6) & 0x03;
    g.banks_per_group = bank_bits <= 1 ? (4 << bank_bits) : 0;
    g.bank_groups = group_bits <= 2 ? (1 << group_bits) : 0;
    if (g.banks_per_group == 0 || g.bank_groups == 0) add_note(spd, "banks", "byte 0x04: reserved bank or bank-group code");
    g.row_bits = ((v.at(5) >> 3) & 0x07) + 12;
    g.column_bits = (v.at(5) & 0x07) + 9;
    if (g.row_bits > 18 || g.column_bits > 12 || (v.at(5) & 0xc0) != 0) {
        add_note(spd, "addressing", "byte 0x05: reserved addressing code " + hex_byte(v.at(5)));
    }

    // Byte 6: [7] non-monolithic, [6:4] die count - 1, [1:0] signal loading (2 = 3DS).
    const std::uint8_t b6 = v.at(6);
    g.die_count = ((b6 >> 4) & 0x07) + 1;
    const unsigned loading = b6 & 0x03;
    g.three_ds = (b6 & 0x80) != 0 && loading == 2;
    if ((b6 & 0x80) == 0) {
        g.package = "monolithic";
        if (g.die_count != 1) add_note(spd, "package", "byte 0x06: monolithic package with die count " + std::to_string(g.die_count));
    } else if (g.three_ds) {
        g.package = "3DS " + std::to_string(g.die_count) + "H";
    } else {
        g.package = g.die_count == 2 ? "DDP" : (std::to_string(g.die_count) + "-die package");
    }

    const std::uint8_t b12 = v.at(12);
    const unsigned width_code = b12 & 0x07;
    g.device_width = width_code <= 3 ? (4 << width_code) : 0;
    if (g.device_width == 0) add_note(spd, "width", "byte 0x0c: reserved device width code " + hex_byte(static_cast<std::uint8_t>(width_code)));
    g.package_ranks = ((b12 >> 3) & 0x07) + 1;
    g.asymmetric = (b12 & 0x40) != 0;
    // Logical ranks multiply by the die count only for 3DS stacks (what decode-dimms does).
    g.logical_ranks = g.three_ds ? g.package_ranks * g.die_count : g.package_ranks;

    decode_bus_width(spd, v.at(13), 13);
    if (g.die_density_mbit != 0 && g.device_width != 0 && g.primary_bus_width != 0) {
        g.capacity_bytes = std::uint64_t(g.die_density_mbit) * 1024 * 1024 / 8 *
                           std::uint64_t(g.primary_bus_width / g.device_width) * std::uint64_t(g.logical_ranks);
    }
    if (g.asymmetric) add_note(spd, "geometry", "byte 0x0c: asymmetric module; capacity uses the primary die description only");
    spd.thermal_sensor = (v.at(14) & 0x80) != 0;

    // Byte 17: only MTB = 125 ps and FTB = 1 ps are defined.
    Timings& t = spd.timings;
    if (v.at(17) != 0x00) add_note(spd, "timebase", "byte 0x11: reserved time base " + hex_byte(v.at(17)) + " (decoded as 125 ps / 1 ps)");
    const auto time = [&](std::size_t mtb_at, std::optional<std::size_t> fine_at, unsigned high = 0) {
        long ps = (long{v.at(mtb_at)} + long{high} * 256) * 125;
        if (fine_at) ps += static_cast<std::int8_t>(v.at(*fine_at));
        return ps <= 0 ? 0U : static_cast<std::uint32_t>(ps);
    };
    t.tck_min_ps = time(18, 125);
    t.tck_max_ps = time(19, 124);
    t.taa_ps = time(24, 123);
    t.trcd_ps = time(25, 122);
    t.trp_ps = time(26, 121);
    t.tras_ps = time(28, std::nullopt, v.at(27) & 0x0fU);
    t.trc_ps = time(29, 120, v.at(27) >> 4);
    // Bytes 20-23: CL 7..36 (bit 7 of byte 23 selects the high range 23..52).
    const bool high_range = (v.at(23) & 0x80) != 0;
    const int base_cl = high_range ? 23 : 7;
    for (int bit = 0; bit < 30; ++bit) {
        const std::uint8_t byte = v.at(20 + static_cast<std::size_t>(bit / 8));
        if (byte & (1U << (bit % 8))) t.cas_latencies.push_back(base_cl + bit);
    }
    set_speed(spd);
    t.cl = cas_latency_at_tck(t);
    t.trcd_clocks = clocks_for(t.trcd_ps, t.tck_min_ps);
    t.trp_clocks = clocks_for(t.trp_ps, t.tck_min_ps);

    if (spd.registered && v.has(133, 3)) {
        Component reg;
        reg.role = "register";
        reg.vendor = decode_jep106(v.at(133), v.at(134));
        reg.present = reg.vendor.programmed;
        reg.revision = v.at(135);
        spd.components.push_back(reg);
    }

    add_crc_blocks(spd, v);

    decode_manufacturing(spd, v);

    // Part-invariant: the CRC-protected configuration 0-255 with both CRCs, reserved 256-319,
    // module maker 320-321, part number / revision / DRAM maker / stepping 329-352.
    // Per module: location, date, serial 322-328, vendor data 353-383, end-user area 384-511.
    compute_fingerprint(spd, v, {{0, 255}, {256, 319}, {320, 321}, {329, 352}});
}

}  // namespace dimmguard::verifier::detail
