// SPDX-License-Identifier: GPL-3.0-or-later
// DDR5 SPD (JESD400-5 layout, 1024 bytes): geometry, timings, declared components, identity, CRC.
#include <array>

#include "dimmguard/bytes.hpp"
#include "spd_internal.hpp"

namespace dimmguard::verifier::detail {
namespace {

// Byte 3 [3:0].
constexpr std::array<const char*, 16> module_types{
    nullptr, "RDIMM", "UDIMM", "SODIMM", "LRDIMM", "CUDIMM", "CSODIMM", "MRDIMM",
    "CAMM2", nullptr, "DDIMM", "solder-down", nullptr, nullptr, nullptr, nullptr};

// Byte 4 [4:0] in Mbit per die (0 = no second SDRAM / not set).
int density_mbit(unsigned code) {
    constexpr std::array<int, 9> table{0, 4096, 8192, 12288, 16384, 24576, 32768, 49152, 65536};
    return code < table.size() ? table[code] : 0;
}

std::string component_type_name(const std::string& role, std::uint8_t type_raw) {
    const unsigned code = type_raw & 0x0f;
    if (role == "hub") {
        if (code == 0) return "SPD5118";
        if (code == 1) return "ESPD5216";
    } else if (role.starts_with("pmic")) {
        constexpr std::array<const char*, 7> names{"PMIC5000", "PMIC5010", "PMIC5100", "PMIC5020",
                                                   "PMIC5120", "PMIC5200", "PMIC5030"};
        if (code < names.size()) return names[code];
    } else if (role == "ts") {
        if (code == 0) return "TS5111";
        if (code == 1) return "TS5110";
    } else if (role == "rcd") {
        constexpr std::array<const char*, 3> names{"RCD01", "RCD02", "RCD03"};
        if (code < names.size()) return names[code];
    } else {
        // CKD, DB, MRCD, MDB, DMB: no public code table was available to us, so the code is
        // shown as stored rather than named (and not called reserved).
        return "type code " + hex_byte(static_cast<std::uint8_t>(code));
    }
    return reserved_value(static_cast<std::uint8_t>(code));
}

Component read_component(DecodedSpd& spd, const SpdView& v, std::string role, std::size_t at) {
    Component c;
    c.role = std::move(role);
    c.vendor = decode_jep106(v.at(at), v.at(at + 1));
    c.type_raw = v.at(at + 2);
    c.revision = v.at(at + 3);
    if (c.role == "ts") {
        // Byte 212: [7] TS0 fitted, [6] TS1 fitted.
        c.count = ((c.type_raw >> 7) & 1) + ((c.type_raw >> 6) & 1);
        c.present = c.count > 0;
    } else {
        c.present = (c.type_raw & 0x80) != 0;
    }
    c.type_name = component_type_name(c.role, c.type_raw);
    if (c.present && c.type_name.starts_with("reserved")) {
        add_note(spd, c.role, byte_label(at + 2) + ": " + c.role + " device type " + c.type_name);
    }
    if (c.present && c.vendor.programmed && !c.vendor.parity_ok) {
        add_note(spd, c.role, byte_label(at) + ": " + c.role + " manufacturer " + c.vendor.hex() + " fails JEP106 odd parity");
    }
    if (c.present && !c.vendor.programmed) {
        add_note(spd, c.role, byte_label(at) + ": " + c.role + " is marked present but its manufacturer is not programmed");
    }
    return c;
}

}  // namespace

void decode_ddr5(DecodedSpd& spd, const SpdView& v) {
    const std::uint8_t b0 = v.at(0);
    switch ((b0 >> 4) & 0x07) {
    case 1: spd.spd_bytes_total = 256; break;
    case 2: spd.spd_bytes_total = 512; break;
    case 3: spd.spd_bytes_total = 1024; break;
    case 4: spd.spd_bytes_total = 2048; break;
    default: add_note(spd, "size", "byte 0x00: reserved total size code " + hex_byte((b0 >> 4) & 0x07)); break;
    }
    spd.spd_bytes_used = spd.spd_bytes_total;

    decode_module_type(spd, v.at(3), module_types, {1, 4, 7});

    Geometry& g = spd.geometry;
    const std::uint8_t b4 = v.at(4);
    g.die_density_mbit = density_mbit(b4 & 0x1f);
    if (g.die_density_mbit == 0) add_note(spd, "density", "byte 0x04: reserved die density code " + hex_byte(b4 & 0x1f));
    const unsigned die_code = b4 >> 5;
    constexpr std::array<int, 8> dies{1, 2, 2, 4, 8, 16, 0, 0};
    constexpr std::array<const char*, 8> packages{"monolithic", "DDP", "3DS 2H", "3DS 4H", "3DS 8H", "3DS 16H", nullptr, nullptr};
    g.die_count = dies[die_code];
    if (g.die_count == 0) {
        g.die_count = 1;
        g.package = reserved_value(static_cast<std::uint8_t>(die_code));
        add_note(spd, "package", "byte 0x04: reserved die-per-package code " + hex_byte(static_cast<std::uint8_t>(die_code)));
    } else {
        g.package = packages[die_code];
    }
    g.three_ds = die_code >= 2 && die_code <= 5;
    g.column_bits = ((v.at(5) >> 5) & 0x07) + 10;
    g.row_bits = (v.at(5) & 0x1f) + 16;
    if (g.column_bits > 11 || g.row_bits > 18) {
        add_note(spd, "addressing", "byte 0x05: reserved addressing code " + hex_byte(v.at(5)));
    }
    const unsigned width_code = (v.at(6) >> 5) & 0x07;
    g.device_width = width_code <= 3 ? (4 << width_code) : 0;
    if (g.device_width == 0) add_note(spd, "width", "byte 0x06: reserved device width code " + hex_byte(static_cast<std::uint8_t>(width_code)));
    g.bank_groups = 1 << ((v.at(7) >> 5) & 0x07);
    g.banks_per_group = 1 << (v.at(7) & 0x07);

    // Bytes 234/235: module organisation and channel bus width.
    const std::uint8_t b234 = v.at(234);
    const std::uint8_t b235 = v.at(235);
    g.package_ranks = ((b234 >> 3) & 0x07) + 1;
    g.asymmetric = (b234 & 0x40) != 0;
    g.logical_ranks = g.three_ds ? g.package_ranks * g.die_count : g.package_ranks;
    g.subchannels = ((b235 >> 5) & 0x03) + 1;
    if (((b235 >> 5) & 0x03) > 1) add_note(spd, "bus_width", "byte 0xeb: reserved sub-channel count code");
    const unsigned bus_code = b235 & 0x07;
    g.primary_bus_width = bus_code <= 3 ? (8 << bus_code) : 0;
    if (g.primary_bus_width == 0) add_note(spd, "bus_width", "byte 0xeb: reserved bus width code " + hex_byte(static_cast<std::uint8_t>(bus_code)));
    const unsigned ecc_code = (b235 >> 3) & 0x03;
    constexpr std::array<int, 4> ecc_bits{0, 4, 8, 0};
    g.ecc_bus_width = ecc_bits[ecc_code];
    if (ecc_code == 3) add_note(spd, "bus_width", "byte 0xeb: reserved ECC extension code 0x03");
    if (g.die_density_mbit != 0 && g.device_width != 0 && g.primary_bus_width != 0) {
        // Mono and DDP dies are already counted as ranks; only 3DS stacks multiply.
        g.capacity_bytes = std::uint64_t(g.subchannels) * std::uint64_t(g.primary_bus_width / g.device_width) *
                           std::uint64_t(g.die_density_mbit) * 1024 * 1024 / 8 * std::uint64_t(g.logical_ranks);
    }
    if (g.asymmetric) add_note(spd, "geometry", "byte 0xea: asymmetric module; capacity uses the first SDRAM description only");

    Timings& t = spd.timings;
    t.tck_min_ps = v.le16(20);
    t.tck_max_ps = v.le16(22);
    t.taa_ps = v.le16(30);
    t.trcd_ps = v.le16(32);
    t.trp_ps = v.le16(34);
    t.tras_ps = v.le16(36);
    t.trc_ps = v.le16(38);
    for (int bit = 0; bit < 40; ++bit) {
        if (v.at(24 + static_cast<std::size_t>(bit / 8)) & (1U << (bit % 8))) t.cas_latencies.push_back(20 + 2 * bit);
    }
    set_speed(spd);
    t.cl = cas_latency_at_tck(t);
    t.trcd_clocks = clocks_for(t.trcd_ps, t.tck_min_ps);
    t.trp_clocks = clocks_for(t.trp_ps, t.tck_min_ps);

    // Declared components: hub 194, PMIC0-2 198/202/206, TS 210; module-type specific 240/244.
    spd.components.push_back(read_component(spd, v, "hub", 194));
    spd.components.push_back(read_component(spd, v, "pmic0", 198));
    spd.components.push_back(read_component(spd, v, "pmic1", 202));
    spd.components.push_back(read_component(spd, v, "pmic2", 206));
    spd.components.push_back(read_component(spd, v, "ts", 210));
    spd.thermal_sensor = spd.components.back().present;
    switch (spd.module_type_raw) {
    case 1: spd.components.push_back(read_component(spd, v, "rcd", 240)); break;
    case 4:
        spd.components.push_back(read_component(spd, v, "rcd", 240));
        spd.components.push_back(read_component(spd, v, "db", 244));
        break;
    case 7:
        spd.components.push_back(read_component(spd, v, "mrcd", 240));
        spd.components.push_back(read_component(spd, v, "mdb", 244));
        break;
    case 10: spd.components.push_back(read_component(spd, v, "dmb", 240)); break;
    case 2: case 3: case 5: case 6: spd.components.push_back(read_component(spd, v, "ckd", 240)); break;
    default: break;
    }
    if (!spd.components.front().present) add_note(spd, "hub", "byte 0xc4: the SPD does not declare an SPD hub");

    add_crc_blocks(spd, v);

    decode_manufacturing(spd, v);

    // Part-invariant: everything CRC-protected (0-509) and the CRC, module maker 512-513,
    // part number / revision / DRAM maker / stepping 521-554. Per module: location, date,
    // serial 514-520, vendor data 555-639, end-user area (XMP / EXPO) 640-1023.
    compute_fingerprint(spd, v, {{0, 511}, {512, 513}, {521, 554}});
}

}  // namespace dimmguard::verifier::detail
