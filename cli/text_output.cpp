// SPDX-License-Identifier: GPL-3.0-or-later
// Text rendering of decoded SPD images for `dimmguard decode`.
#include "text_output.hpp"

#include <cstdio>
#include <charconv>
#include <string_view>
#include <type_traits>

#include "dimmguard/bytes.hpp"

namespace dimmguard::cli {
namespace {

constexpr std::size_t label_width = 30;

// The text is appended to one string: a batch decode prints tens of rows per module, and
// ostream insertion cost more than the decoding itself.
class Rows {
public:
    explicit Rows(std::string& out) : out_(out) {}

    /// "  LABEL" padded to the value column; the caller appends the value, then end().
    Rows& begin(std::string_view label) {
        out_ += "  ";
        out_ += label;
        if (label.size() < label_width) out_.append(label_width - label.size(), ' ');
        return *this;
    }
    Rows& operator<<(std::string_view text) {
        out_ += text;
        return *this;
    }
    Rows& operator<<(const std::string& text) {
        out_ += text;
        return *this;
    }
    Rows& operator<<(const char* text) {
        out_ += text;
        return *this;
    }
    Rows& operator<<(char c) {
        out_ += c;
        return *this;
    }
    template <class Integer>
        requires std::is_integral_v<Integer>
    Rows& operator<<(Integer v) {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        out_.append(buf, r.ptr);
        return *this;
    }
    void end() { out_ += '\n'; }
    void row(std::string_view label, std::string_view value) {
        begin(label) << value;
        end();
    }
    void section(std::string_view title) {
        out_ += "  -- ";
        out_ += title;
        out_ += " --\n";
    }
    void note(const std::string& message) {
        out_ += "  ! ";
        out_ += message;
        out_ += '\n';
    }

    /// ps / 1000 with three decimals and " ns" (the text of "%.3f ns"), or "unset".
    Rows& ns(std::uint32_t ps) {
        if (ps == 0) return *this << "unset";
        const std::uint32_t frac = ps % 1000;
        return *this << ps / 1000 << '.' << static_cast<char>('0' + frac / 100)
                     << static_cast<char>('0' + frac / 10 % 10) << static_cast<char>('0' + frac % 10) << " ns";
    }
    Rows& maker(const verifier::Jep106Id& id) {
        if (!id.programmed) return *this << "not programmed (" << id.hex() << ')';
        return *this << id.display() << " (" << id.hex() << ')';
    }
    /// "0x" and at least `digits` lowercase hex digits (the text of "0x%0Nx").
    Rows& hex(unsigned value, int digits) {
        static constexpr char digit[] = "0123456789abcdef";
        while (digits < 8 && (value >> (digits * 4)) != 0) ++digits;
        *this << "0x";
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) *this << digit[(value >> shift) & 0xf];
        return *this;
    }

private:
    std::string& out_;
};

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

void print_decoded(std::string& text, const verifier::DecodedSpd& spd) {
    using dimmguard::Generation;
    Rows out(text);
    out.begin("Memory type") << spd.type_name << " (SPD revision " << spd.spd_revision << ')';
    out.end();
    if (spd.type == Generation::unknown) {
        for (const auto& n : spd.notes) out.note(n.message);
        return;
    }
    out.begin("Module type") << spd.module_type << (spd.hybrid ? ", hybrid" : "") << (spd.registered ? " (registered)" : "");
    out.end();
    out.begin("SPD size") << spd.image_size << " bytes read, " << spd.spd_bytes_total << " declared"
                          << (spd.truncated ? " (TRUNCATED)" : "");
    out.end();

    out.section("Memory characteristics");
    const auto& g = spd.geometry;
    out.row("Capacity", format_capacity(g.capacity_bytes));
    out.begin("Ranks") << g.package_ranks << " package rank" << (g.package_ranks == 1 ? "" : "s");
    if (g.logical_ranks != g.package_ranks) out << " (" << g.logical_ranks << " logical)";
    if (spd.type == Generation::ddr5) out << " per sub-channel";
    out.end();
    out.begin("SDRAM");
    if (g.device_width) out << 'x' << g.device_width;
    else out << "width reserved";
    out << ", ";
    if (g.die_density_mbit) out << g.die_density_mbit / 1024 << " Gb";
    else out << "density reserved";
    out << " per die, " << g.package;
    out.end();
    out.begin("Bus width");
    if (spd.type == Generation::ddr5) out << g.subchannels << " x ";
    out << g.primary_bus_width << "-bit";
    if (g.ecc_bus_width) out << " + " << g.ecc_bus_width << "-bit ECC";
    else out << ", no ECC";
    out.end();
    out.begin("Banks") << g.bank_groups << " bank groups x " << g.banks_per_group << " banks; " << g.row_bits
                       << " row / " << g.column_bits << " column bits";
    out.end();
    out.row("Thermal sensor", spd.thermal_sensor ? "yes" : "no");

    out.section("Timings");
    const auto& t = spd.timings;
    out.row("Maximum speed", t.speed_name.empty() ? std::string_view("unknown") : std::string_view(t.speed_name));
    out.begin("tCK min / max").ns(t.tck_min_ps) << " / ";
    out.ns(t.tck_max_ps).end();
    out.begin("Supported CAS latencies");
    if (t.cas_latencies.empty()) out << "none";
    for (std::size_t i = 0; i < t.cas_latencies.size(); ++i) {
        if (i != 0) out << ' ';
        out << t.cas_latencies[i];
    }
    out.end();
    if (t.cl) {
        out.begin("Timings at max speed") << "CL" << t.cl << '-' << t.trcd_clocks << '-' << t.trp_clocks;
        out.end();
    }
    out.begin("tAA / tRCD / tRP").ns(t.taa_ps) << " / ";
    out.ns(t.trcd_ps) << " / ";
    out.ns(t.trp_ps).end();
    out.begin("tRAS / tRC").ns(t.tras_ps) << " / ";
    out.ns(t.trc_ps).end();

    out.section("Manufacturing");
    const auto& m = spd.manufacturing;
    if (!m.present) {
        out.row("Manufacturing block", "not in the image");
    } else {
        out.begin("Module manufacturer").maker(m.module_maker).end();
        out.begin("Location").hex(m.location, 2).end();
        out.row("Date", m.date.to_string());
        out.begin("Serial number") << m.serial_hex << (m.serial_blank ? " (blank)" : "");
        out.end();
        out.begin("Part number") << (m.part_number.empty() ? std::string_view("(blank)") : std::string_view(m.part_number))
                                 << (m.part_number_printable ? "" : " (NON-ASCII BYTES)");
        out.end();
        out.begin("Revision").hex(m.revision, spd.type == Generation::ddr3 ? 4 : 2).end();
        out.begin("DRAM manufacturer").maker(m.dram_maker).end();
        if (spd.type != Generation::ddr3) {
            out.begin("DRAM stepping");
            if (m.dram_stepping) out.hex(*m.dram_stepping, 2);
            else out << "not specified";
            out.end();
        }
    }

    if (!spd.components.empty()) {
        out.section(spd.type == Generation::ddr5 ? "Components declared by the SPD" : "Register");
        for (const auto& c : spd.components) {
            if (!c.present && !c.vendor.programmed) {
                out.row(c.role, "not fitted");
                continue;
            }
            out.begin(c.role).maker(c.vendor);
            if (!c.type_name.empty() && spd.type == Generation::ddr5) out << ", " << c.type_name;
            if (c.role == "ts") out << ", " << c.count << " sensor" << (c.count == 1 ? "" : "s");
            out << ", revision ";
            out.hex(c.revision, 2);
            if (!c.present) out << " (marked absent)";
            out.end();
        }
    }

    out.section("Integrity");
    for (const auto& b : spd.crc) {
        // The label is padded as one piece, so it is built first.
        char label[64];
        std::snprintf(label, sizeof label, "CRC %s (bytes %u-%u)", b.name.c_str(), unsigned{b.first}, unsigned{b.last});
        out.begin(label);
        if (!b.present) {
            out << "MISSING (image truncated)";
        } else if (b.ok()) {
            out << "OK (";
            out.hex(b.stored, 4) << ')';
        } else {
            out << "BAD (stored ";
            out.hex(b.stored, 4) << ", computed ";
            out.hex(b.computed, 4) << ')';
        }
        out.end();
    }
    out.begin("Fingerprint (v1)");
    if (spd.fingerprint.available) out << "sha256:" << spd.fingerprint.sha256_hex;
    else out << "unavailable";
    out.end();
    if (spd.hpe_smartmemory_offset) {
        out.begin("HPE SmartMemory block") << "at byte " << *spd.hpe_smartmemory_offset;
        out.end();
    }

    if (!spd.profiles.empty()) {
        out.section("Overclocking profiles");
        for (const auto& p : spd.profiles) {
            out.begin(p.kind) << "at byte " << p.offset << ", version ";
            out.hex(p.version, 2).end();
            for (const auto& e : p.profiles) {
                char label[32];
                std::snprintf(label, sizeof label, "  profile %d", e.index);
                out.begin(label);
                if (e.speed_mts) out << e.speed_mts << " MT/s (tCK " << e.tck_ps << " ps)";
                else out << "no speed set";
                if (!e.name.empty()) out << " \"" << e.name << '"';
                if (!e.enabled) out << " (disabled)";
                out.end();
            }
        }
    }

    if (!spd.notes.empty()) {
        out.section("Notes");
        for (const auto& n : spd.notes) out.note(n.message);
    }
}

}  // namespace dimmguard::cli
