// SPDX-License-Identifier: GPL-3.0-or-later
// Text rendering of decoded SPD images for `dimmguard decode`.
#include "text_output.hpp"

#include <cstdio>
#include <ostream>
#include <sstream>

#include "dimmguard/bytes.hpp"

namespace dimmguard::cli {
namespace {

constexpr std::size_t label_width = 30;

void row(std::ostream& out, const std::string& label, const std::string& value) {
    static const std::string padding(label_width, ' ');
    out << "  " << label;
    if (label.size() < padding.size()) out.write(padding.data(), static_cast<std::streamsize>(padding.size() - label.size()));
    out << value << '\n';
}

void section(std::ostream& out, const char* title) { out << "  -- " << title << " --\n"; }

std::string ns(std::uint32_t ps) {
    if (ps == 0) return "unset";
    // ps / 1000 with three decimals, in integers (the same text as "%.3f", without printf).
    std::string text = std::to_string(ps / 1000);
    const std::uint32_t frac = ps % 1000;
    text += '.';
    text += static_cast<char>('0' + frac / 100);
    text += static_cast<char>('0' + frac / 10 % 10);
    text += static_cast<char>('0' + frac % 10);
    text += " ns";
    return text;
}

std::string maker_text(const verifier::Jep106Id& id) {
    if (!id.programmed) return "not programmed (" + id.hex() + ")";
    return id.display() + " (" + id.hex() + ")";
}

}  // namespace

std::string format_capacity(std::uint64_t bytes) {
    if (bytes == 0) return "unknown";
    constexpr std::uint64_t gib = 1ULL << 30;
    constexpr std::uint64_t mib = 1ULL << 20;
    // Decimal prefixes as module labels and vendors print them ("32GB" is 32 x 2^30 bytes).
    if (bytes % gib == 0) return std::to_string(bytes / gib) + " GB";
    if (bytes >= gib) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / gib);
        return buf;
    }
    return std::to_string(bytes / mib) + " MB";
}

void print_decoded(std::ostream& out, const verifier::DecodedSpd& spd) {
    using dimmguard::Generation;
    row(out, "Memory type", spd.type_name + " (SPD revision " + spd.spd_revision + ")");
    if (spd.type == Generation::unknown) {
        for (const auto& n : spd.notes) out << "  ! " << n.message << '\n';
        return;
    }
    std::string module = spd.module_type;
    if (spd.hybrid) module += ", hybrid";
    if (spd.registered) module += " (registered)";
    row(out, "Module type", module);
    row(out, "SPD size", std::to_string(spd.image_size) + " bytes read, " + std::to_string(spd.spd_bytes_total) +
                             " declared" + (spd.truncated ? " (TRUNCATED)" : ""));

    section(out, "Memory characteristics");
    const auto& g = spd.geometry;
    row(out, "Capacity", format_capacity(g.capacity_bytes));
    std::string ranks = std::to_string(g.package_ranks) + " package rank" + (g.package_ranks == 1 ? "" : "s");
    if (g.logical_ranks != g.package_ranks) ranks += " (" + std::to_string(g.logical_ranks) + " logical)";
    if (spd.type == Generation::ddr5) ranks += " per sub-channel";
    row(out, "Ranks", ranks);
    row(out, "SDRAM", (g.device_width ? std::string("x").append(std::to_string(g.device_width)) : std::string("width reserved")) + ", " +
                          (g.die_density_mbit ? std::to_string(g.die_density_mbit / 1024) + " Gb" : std::string("density reserved")) +
                          " per die, " + g.package);
    std::string bus = (spd.type == Generation::ddr5 ? std::to_string(g.subchannels) + " x " : std::string()) +
                      std::to_string(g.primary_bus_width) + "-bit";
    bus += g.ecc_bus_width ? " + " + std::to_string(g.ecc_bus_width) + "-bit ECC" : std::string(", no ECC");
    row(out, "Bus width", bus);
    row(out, "Banks", std::to_string(g.bank_groups) + " bank groups x " + std::to_string(g.banks_per_group) +
                          " banks; " + std::to_string(g.row_bits) + " row / " + std::to_string(g.column_bits) +
                          " column bits");
    row(out, "Thermal sensor", spd.thermal_sensor ? "yes" : "no");

    section(out, "Timings");
    const auto& t = spd.timings;
    row(out, "Maximum speed", t.speed_name.empty() ? std::string("unknown") : t.speed_name);
    row(out, "tCK min / max", ns(t.tck_min_ps) + " / " + ns(t.tck_max_ps));
    std::string cls;
    for (int cl : t.cas_latencies) {
        if (!cls.empty()) cls += ' ';
        cls += std::to_string(cl);
    }
    row(out, "Supported CAS latencies", cls.empty() ? "none" : cls);
    if (t.cl) {
        row(out, "Timings at max speed", "CL" + std::to_string(t.cl) + "-" + std::to_string(t.trcd_clocks) + "-" +
                                             std::to_string(t.trp_clocks));
    }
    row(out, "tAA / tRCD / tRP", ns(t.taa_ps) + " / " + ns(t.trcd_ps) + " / " + ns(t.trp_ps));
    row(out, "tRAS / tRC", ns(t.tras_ps) + " / " + ns(t.trc_ps));

    section(out, "Manufacturing");
    const auto& m = spd.manufacturing;
    if (!m.present) {
        row(out, "Manufacturing block", "not in the image");
    } else {
        row(out, "Module manufacturer", maker_text(m.module_maker));
        row(out, "Location", hex_byte(m.location));
        row(out, "Date", m.date.to_string());
        row(out, "Serial number", m.serial_hex + (m.serial_blank ? " (blank)" : ""));
        row(out, "Part number", (m.part_number.empty() ? std::string("(blank)") : m.part_number) +
                                    (m.part_number_printable ? "" : " (NON-ASCII BYTES)"));
        char rev[16];
        std::snprintf(rev, sizeof rev, spd.type == Generation::ddr3 ? "0x%04x" : "0x%02x", unsigned{m.revision});
        row(out, "Revision", rev);
        row(out, "DRAM manufacturer", maker_text(m.dram_maker));
        if (spd.type != Generation::ddr3) row(out, "DRAM stepping", m.dram_stepping ? hex_byte(*m.dram_stepping) : "not specified");
    }

    if (!spd.components.empty()) {
        section(out, spd.type == Generation::ddr5 ? "Components declared by the SPD" : "Register");
        for (const auto& c : spd.components) {
            if (!c.present && !c.vendor.programmed) {
                row(out, c.role, "not fitted");
                continue;
            }
            std::string v = maker_text(c.vendor);
            if (!c.type_name.empty() && spd.type == Generation::ddr5) v += ", " + c.type_name;
            if (c.role == "ts") v += ", " + std::to_string(c.count) + " sensor" + (c.count == 1 ? "" : "s");
            v += ", revision " + hex_byte(c.revision);
            if (!c.present) v += " (marked absent)";
            row(out, c.role, v);
        }
    }

    section(out, "Integrity");
    for (const auto& b : spd.crc) {
        char label[64];
        std::snprintf(label, sizeof label, "CRC %s (bytes %u-%u)", b.name.c_str(), unsigned{b.first}, unsigned{b.last});
        char value[96];
        if (!b.present) std::snprintf(value, sizeof value, "MISSING (image truncated)");
        else if (b.ok()) std::snprintf(value, sizeof value, "OK (0x%04x)", unsigned{b.stored});
        else std::snprintf(value, sizeof value, "BAD (stored 0x%04x, computed 0x%04x)", unsigned{b.stored}, unsigned{b.computed});
        row(out, label, value);
    }
    row(out, "Fingerprint (v1)", spd.fingerprint.available ? "sha256:" + spd.fingerprint.sha256_hex : "unavailable");
    if (spd.hpe_smartmemory_offset) row(out, "HPE SmartMemory block", "at byte " + std::to_string(*spd.hpe_smartmemory_offset));

    if (!spd.profiles.empty()) {
        section(out, "Overclocking profiles");
        for (const auto& p : spd.profiles) {
            std::string v = "at byte " + std::to_string(p.offset) + ", version " + hex_byte(p.version);
            row(out, p.kind, v);
            for (const auto& e : p.profiles) {
                std::string pv = e.speed_mts ? std::to_string(e.speed_mts) + " MT/s (tCK " + std::to_string(e.tck_ps) + " ps)"
                                             : std::string("no speed set");
                if (!e.name.empty()) pv += " \"" + e.name + "\"";
                if (!e.enabled) pv += " (disabled)";
                row(out, "  profile " + std::to_string(e.index), pv);
            }
        }
    }

    if (!spd.notes.empty()) {
        section(out, "Notes");
        for (const auto& n : spd.notes) out << "  ! " << n.message << '\n';
    }
}

}  // namespace dimmguard::cli
