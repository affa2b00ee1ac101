// SPDX-License-Identifier: GPL-3.0-or-later
// SPD decoding entry point and the pieces every generation shares.
#include "verifier/spd.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "dimmguard/bytes.hpp"
#include "sha256.hpp"
#include "spd_internal.hpp"
#include "verifier/spd_layout.hpp"

namespace dimmguard::verifier {

bool DecodedSpd::crc_ok() const noexcept {
    return std::all_of(crc.begin(), crc.end(), [](const CrcBlock& b) { return !b.present || b.ok(); });
}

std::string DateCode::to_string() const {
    if (!programmed) return "not programmed";
    if (!valid) return "invalid (" + hex_byte(year_raw) + " " + hex_byte(week_raw) + ")";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", year, week);
    return buf;
}

namespace detail {

std::string reserved_value(std::uint8_t value) { return "reserved (" + hex_byte(value) + ")"; }

void decode_module_type(DecodedSpd& spd, std::uint8_t byte3, const std::array<const char*, 16>& names,
                        std::initializer_list<unsigned> registered_codes) {
    spd.module_type_raw = byte3 & 0x0f;
    spd.hybrid = (byte3 & 0x80) != 0;
    if (const char* name = names[spd.module_type_raw]) {
        spd.module_type = name;
    } else {
        spd.module_type = reserved_value(spd.module_type_raw);
        add_note(spd, "module_type", "byte 0x03: " + spd.module_type + " module type");
    }
    spd.registered = std::find(registered_codes.begin(), registered_codes.end(), spd.module_type_raw) != registered_codes.end();
}

void decode_bus_width(DecodedSpd& spd, std::uint8_t value, std::size_t offset) {
    Geometry& g = spd.geometry;
    const unsigned bus_code = value & 0x07;
    g.primary_bus_width = bus_code <= 3 ? (8 << bus_code) : 0;
    if (g.primary_bus_width == 0) {
        add_note(spd, "bus_width", byte_label(offset) + ": reserved bus width code " + hex_byte(static_cast<std::uint8_t>(bus_code)));
    }
    const unsigned ext_code = (value >> 3) & 0x03;
    g.ecc_bus_width = ext_code == 1 ? 8 : 0;
    if (ext_code > 1) {
        add_note(spd, "bus_width", byte_label(offset) + ": reserved bus width extension code " + hex_byte(static_cast<std::uint8_t>(ext_code)));
    }
}

std::string byte_label(std::size_t offset) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "byte 0x%02zx", offset);
    return buf;
}

void add_note(DecodedSpd& spd, std::string field, std::string message) {
    spd.notes.push_back(DecodeNote{std::move(field), std::move(message)});
}

namespace {
void add_crc_block(DecodedSpd& spd, const SpdView& view, std::string name, std::uint16_t first,
                   std::uint16_t last, std::uint16_t stored_at) {
    CrcBlock block;
    block.name = std::move(name);
    block.first = first;
    block.last = last;
    block.stored_at = stored_at;
    block.present = view.has(stored_at, 2) && view.has(first, static_cast<std::size_t>(last - first) + 1);
    if (block.present) {
        block.stored = view.le16(stored_at);
        block.computed = crc16_spd(view.slice(first, static_cast<std::size_t>(last - first) + 1));
        if (!block.ok()) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "crc of bytes %u-%u: stored 0x%04x, computed 0x%04x",
                          unsigned{first}, unsigned{last}, unsigned{block.stored}, unsigned{block.computed});
            add_note(spd, "crc", buf);
        }
    } else {
        add_note(spd, "crc", "crc of bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                 ": not in the image (truncated)");
    }
    spd.crc.push_back(std::move(block));
}
}  // namespace

void add_crc_blocks(DecodedSpd& spd, const SpdView& view) {
    const std::uint8_t byte0 = view.has(0, 1) ? view.at(0) : std::uint8_t{0};
    for (const CrcSpan& span : crc_spans(spd.type, byte0)) add_crc_block(spd, view, std::string(span.name), span.first, span.last, span.stored_at);
}

namespace {
bool valid_bcd(std::uint8_t b) { return (b >> 4) <= 9 && (b & 0x0f) <= 9; }
int from_bcd(std::uint8_t b) { return (b >> 4) * 10 + (b & 0x0f); }
}  // namespace

DateCode decode_date(DecodedSpd& spd, std::uint8_t year_raw, std::uint8_t week_raw, std::size_t offset) {
    DateCode date;
    date.year_raw = year_raw;
    date.week_raw = week_raw;
    date.programmed = !((year_raw == 0 && week_raw == 0) || (year_raw == 0xff && week_raw == 0xff));
    if (!date.programmed) return date;
    if (!valid_bcd(year_raw) || !valid_bcd(week_raw)) {
        // Not BCD: some makers store the year and week in binary (Corsair DDR3: 0x0c 0x2a is
        // 2012-W42). Plausible as binary is a year 0-99 and a week 1-53.
        if (year_raw <= 99 && week_raw >= 1 && week_raw <= 53) {
            date.valid = true;
            date.binary = true;
            date.year = 2000 + year_raw;
            date.week = week_raw;
            add_note(spd, "date", byte_label(offset) + ": manufacturing date " + hex_byte(year_raw) + " " + hex_byte(week_raw) +
                                      " is not BCD; read as binary: " + date.to_string());
            return date;
        }
        add_note(spd, "date", byte_label(offset) + ": manufacturing date " + hex_byte(year_raw) + " " +
                                  hex_byte(week_raw) + " is neither BCD nor a binary year and week");
        return date;
    }
    const int week = from_bcd(week_raw);
    if (week < 1 || week > 53) {
        add_note(spd, "date", byte_label(offset + 1) + ": manufacturing week " + std::to_string(week) +
                                  " is outside 1-53");
        return date;
    }
    date.valid = true;
    date.year = 2000 + from_bcd(year_raw);
    date.week = week;
    return date;
}

void decode_manufacturing(DecodedSpd& spd, const SpdView& view) {
    Manufacturing& m = spd.manufacturing;
    const auto table = manufacturing_layout(spd.type);
    if (!table) return;
    const ManufacturingLayout& layout = *table;
    const std::size_t end = layout.end();
    m.present = view.has(layout.maker, end - layout.maker);
    if (!m.present) {
        add_note(spd, "manufacturing", "manufacturing block (bytes " + std::to_string(layout.maker) + "-" +
                                           std::to_string(end - 1) + ") is not in the image");
        return;
    }
    m.module_maker = decode_jep106(view.at(layout.maker), view.at(layout.maker + 1));
    if (m.module_maker.programmed && !m.module_maker.parity_ok) {
        add_note(spd, "module_maker", byte_label(layout.maker) + ": module manufacturer " + m.module_maker.hex() +
                                          " fails JEP106 odd parity");
    }
    m.location = view.at(layout.location);
    m.date = decode_date(spd, view.at(layout.date), view.at(layout.date + 1), layout.date);
    for (std::size_t i = 0; i < 4; ++i) m.serial[i] = view.at(layout.serial + i);
    m.serial_hex = to_hex(m.serial);
    const auto all_of = [&](std::uint8_t v) {
        return std::all_of(m.serial.begin(), m.serial.end(), [v](std::uint8_t b) { return b == v; });
    };
    m.serial_blank = all_of(0x00) || all_of(0xff) || all_of(0x20);

    const auto raw = view.slice(layout.part, layout.part_len);
    m.part_number_raw_hex = to_hex(raw);
    std::string text;
    for (std::uint8_t b : raw) {
        if (b >= 0x20 && b < 0x7f) {
            text.push_back(static_cast<char>(b));
        } else if (b == 0x00 || b == 0xff) {
            text.push_back(' ');  // unprogrammed padding
        } else {
            m.part_number_printable = false;
            text.push_back('?');
        }
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    while (!text.empty() && text.front() == ' ') text.erase(text.begin());
    m.part_number = text;
    if (!m.part_number_printable) {
        add_note(spd, "part_number", byte_label(layout.part) + ": part number holds non-ASCII bytes");
    }
    m.revision = layout.revision_len == 2
        ? static_cast<std::uint16_t>((view.at(layout.revision) << 8) | view.at(layout.revision + 1))
        : view.at(layout.revision);
    m.dram_maker = decode_jep106(view.at(layout.dram_maker), view.at(layout.dram_maker + 1));
    if (m.dram_maker.programmed && !m.dram_maker.parity_ok) {
        add_note(spd, "dram_maker", byte_label(layout.dram_maker) + ": DRAM manufacturer " + m.dram_maker.hex() +
                                        " fails JEP106 odd parity");
    }
    if (layout.stepping && view.at(*layout.stepping) != 0xff) m.dram_stepping = view.at(*layout.stepping);
}

namespace {
constexpr std::array<int, 6> ddr3_bins{800, 1066, 1333, 1600, 1866, 2133};
constexpr std::array<int, 7> ddr4_bins{1600, 1866, 2133, 2400, 2666, 2933, 3200};
constexpr std::array<int, 15> ddr5_bins{3200, 3600, 4000, 4400, 4800, 5200, 5600, 6000,
                                        6400, 6800, 7200, 7600, 8000, 8400, 8800};
}  // namespace

void set_speed(DecodedSpd& spd) {
    Timings& t = spd.timings;
    if (t.tck_min_ps == 0) {
        add_note(spd, "tck", "tCKmin is zero: speed cannot be derived");
        return;
    }
    const double exact = 2'000'000.0 / t.tck_min_ps;
    t.speed_mts = static_cast<int>(std::lround(exact));
    std::span<const int> bins;
    switch (spd.type) {
    case Generation::ddr3: bins = ddr3_bins; break;
    case Generation::ddr4: bins = ddr4_bins; break;
    case Generation::ddr5: bins = ddr5_bins; break;
    case Generation::unknown: break;
    }
    for (int bin : bins) {
        if (std::abs(exact - bin) <= bin * 0.005) t.speed_grade_mts = bin;  // JEDEC tCK values land within 0.5 %
    }
    const int rate = t.speed_grade_mts != 0 ? t.speed_grade_mts : t.speed_mts;
    t.speed_name = std::string(generation_name(spd.type)) + "-" + std::to_string(rate);
    if (t.speed_grade_mts == 0) t.speed_name += " (non-standard)";
    const int bus_bytes = 8;  // PC module names count a 64-bit data bus
    if (spd.type == Generation::ddr3 || spd.type == Generation::ddr4) {
        const int pc = rate * bus_bytes / 100 * 100;
        t.speed_name += std::string(" (PC") + (spd.type == Generation::ddr3 ? "3" : "4") + "-" + std::to_string(pc) + ")";
    } else if (spd.type == Generation::ddr5) {
        const int pc = rate * bus_bytes / 100 * 100;
        t.speed_name += " (PC5-" + std::to_string(pc) + ")";
    }
}

int clocks_for(std::uint32_t time_ps, std::uint32_t tck_ps) {
    if (tck_ps == 0 || time_ps == 0) return 0;
    // JEDEC rounding: scale by 1000, apply the 0.974 guard band, truncate.
    const std::uint64_t scaled = std::uint64_t{time_ps} * 1000U / tck_ps;
    return static_cast<int>((scaled + 974U) / 1000U);
}

int cas_latency_at_tck(const Timings& t) {
    const int wanted = clocks_for(t.taa_ps, t.tck_min_ps);
    if (wanted == 0) return 0;
    for (int cl : t.cas_latencies) {
        if (cl >= wanted) return cl;
    }
    return wanted;
}

void compute_fingerprint(DecodedSpd& spd, const SpdView& view, std::vector<ByteRange> ranges) {
    Fingerprint fp;
    fp.ranges = std::move(ranges);
    for (const auto& r : fp.ranges) {
        if (!view.has(r.first, static_cast<std::size_t>(r.last - r.first) + 1)) {
            spd.fingerprint = fp;
            add_note(spd, "fingerprint", "fingerprint needs bytes " + std::to_string(r.first) + "-" +
                                             std::to_string(r.last) + ", which the image does not hold");
            return;
        }
    }
    Sha256 hash;
    for (const auto& r : fp.ranges) hash.update(view.slice(r.first, static_cast<std::size_t>(r.last - r.first) + 1));
    const auto digest = hash.finish();
    fp.available = true;
    fp.sha256_hex = to_hex(digest);
    spd.fingerprint = std::move(fp);
}

namespace {

int rate_from_tck(std::uint32_t tck_ps) {
    return tck_ps == 0 ? 0 : static_cast<int>(std::lround(2'000'000.0 / tck_ps));
}

std::string printable_name(std::span<const std::uint8_t> raw) {
    std::string s;
    for (std::uint8_t b : raw) {
        if (b == 0) break;
        if (b < 0x20 || b >= 0x7f) return {};
        s.push_back(static_cast<char>(b));
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// Intel XMP 1.x (DDR3): header at 176; MTB per profile at 180/181 and 182/183; tCK at 186 / 221.
void ddr3_xmp(DecodedSpd& spd, const SpdView& v) {
    if (!(v.has(176, 80) && v.at(176) == 0x0c && v.at(177) == 0x4a)) return;
    ProfileBlock block{"XMP 1.x", 176, v.at(179), {}};
    const std::array<std::size_t, 2> tck_at{186, 221};
    for (int i = 0; i < 2; ++i) {
        ProfileEntry p;
        p.index = i + 1;
        p.enabled = (v.at(178) >> i) & 1;
        const unsigned dividend = v.at(180 + 2 * static_cast<std::size_t>(i));
        const unsigned divisor = v.at(181 + 2 * static_cast<std::size_t>(i));
        const double mtb_ps = (dividend != 0 && divisor != 0) ? 1000.0 * dividend / divisor : 125.0;
        p.tck_ps = static_cast<std::uint32_t>(std::lround(v.at(tck_at[static_cast<std::size_t>(i)]) * mtb_ps));
        p.speed_mts = rate_from_tck(p.tck_ps);
        if (p.enabled || p.tck_ps != 0) block.profiles.push_back(p);
    }
    spd.profiles.push_back(std::move(block));
}

// Intel XMP 2.0 (DDR4): header at 384; profiles at 393 and 440, tCK (MTB) at +3, fine at +38.
void ddr4_xmp(DecodedSpd& spd, const SpdView& v) {
    if (!(v.has(384, 128) && v.at(384) == 0x0c && v.at(385) == 0x4a)) return;
    ProfileBlock block{"XMP 2.0", 384, v.at(387), {}};
    const std::array<std::size_t, 2> base{393, 440};
    for (int i = 0; i < 2; ++i) {
        const std::size_t b = base[static_cast<std::size_t>(i)];
        ProfileEntry p;
        p.index = i + 1;
        p.enabled = (v.at(386) >> i) & 1;
        const int tck = v.at(b + 3) * 125 + static_cast<std::int8_t>(v.at(b + 38));
        p.tck_ps = tck > 0 ? static_cast<std::uint32_t>(tck) : 0;
        p.speed_mts = rate_from_tck(p.tck_ps);
        if (p.enabled || p.tck_ps != 0) block.profiles.push_back(p);
    }
    spd.profiles.push_back(std::move(block));
}

// Intel XMP 3.0 (DDR5): header at 640 (enable bits 643, names at 654/670/686), five 64-byte
// profiles from 704 with tCK (ps, LE) at +5. AMD EXPO: "EXPO" header anywhere in 640-1023
// on a 64-byte boundary, enable bits at +5 (bit 0, bit 4), 40-byte profiles at +10 / +50 with
// tCK at +4.
void ddr5_profiles(DecodedSpd& spd, const SpdView& v) {
    std::optional<std::size_t> expo_at;
    for (std::size_t off = 640; off + 128 <= v.size() && off + 128 <= 1024; off += 64) {
        if (v.at(off) == 'E' && v.at(off + 1) == 'X' && v.at(off + 2) == 'P' && v.at(off + 3) == 'O') {
            expo_at = off;
            break;
        }
    }
    if (v.has(640, 384) && v.at(640) == 0x0c && v.at(641) == 0x4a) {
        ProfileBlock block{"XMP 3.0", 640, v.at(642), {}};
        for (std::size_t i = 0; i < 5; ++i) {
            const std::size_t b = 704 + 64 * i;
            if (expo_at && b >= *expo_at && b < *expo_at + 128) continue;  // hybrid: EXPO sits in slot 3
            ProfileEntry p;
            p.index = static_cast<int>(i) + 1;
            p.enabled = i < 3 ? ((v.at(643) >> i) & 1) != 0 : false;
            p.tck_ps = v.le16(b + 5);
            p.speed_mts = rate_from_tck(p.tck_ps);
            if (i < 3) p.name = printable_name(v.slice(654 + 16 * i, 16));
            if (p.enabled || p.tck_ps != 0) block.profiles.push_back(p);
        }
        spd.profiles.push_back(std::move(block));
    }
    if (expo_at) {
        const std::size_t e = *expo_at;
        ProfileBlock block{"EXPO", static_cast<std::uint16_t>(e), v.at(e + 4), {}};
        for (std::size_t i = 0; i < 2; ++i) {
            const std::size_t b = e + 10 + 40 * i;
            ProfileEntry p;
            p.index = static_cast<int>(i) + 1;
            p.enabled = ((v.at(e + 5) >> (4 * i)) & 1) != 0;
            p.tck_ps = v.le16(b + 4);
            p.speed_mts = rate_from_tck(p.tck_ps);
            if (p.enabled || p.tck_ps != 0) block.profiles.push_back(p);
        }
        spd.profiles.push_back(std::move(block));
    }
}

}  // namespace

void decode_profiles(DecodedSpd& spd, const SpdView& view) {
    std::size_t user_area = 0;
    switch (spd.type) {
    case Generation::ddr3: ddr3_xmp(spd, view); user_area = 176; break;
    case Generation::ddr4: ddr4_xmp(spd, view); user_area = 384; break;
    case Generation::ddr5: ddr5_profiles(spd, view); user_area = 640; break;
    case Generation::unknown: return;
    }
    // HPE SmartMemory: vendor block whose header is ASCII "HPT" at the start of the end-user area.
    if (view.has(user_area, 4) && view.at(user_area) == 'H' && view.at(user_area + 1) == 'P' &&
        view.at(user_area + 2) == 'T') {
        spd.hpe_smartmemory_offset = static_cast<std::uint16_t>(user_area);
    }
}

}  // namespace detail

Result<DecodedSpd> decode_spd(std::span<const std::uint8_t> image) {
    if (image.size() < 4) {
        return fail(Errc::bad_format, "image of " + std::to_string(image.size()) +
                                          " bytes is too short to be an SPD (need at least 4)");
    }
    DecodedSpd spd;
    detail::SpdView view(image);
    spd.image_size = image.size();
    spd.type_byte = view.at(2);
    spd.type = generation_from_type_byte(spd.type_byte);
    switch (spd.type_byte) {
    case 0x01: spd.type_name = "FPM DRAM"; break;
    case 0x02: spd.type_name = "EDO"; break;
    case 0x04: spd.type_name = "SDR SDRAM"; break;
    case 0x07: spd.type_name = "DDR SDRAM"; break;
    case 0x08: spd.type_name = "DDR2 SDRAM"; break;
    case 0x09: spd.type_name = "DDR2 FB-DIMM"; break;
    case 0x0b: spd.type_name = "DDR3 SDRAM"; break;
    case 0x0c: spd.type_name = "DDR4 SDRAM"; break;
    case 0x0e: spd.type_name = "DDR4E SDRAM"; break;
    case 0x0f: spd.type_name = "LPDDR3 SDRAM"; break;
    case 0x10: spd.type_name = "LPDDR4 SDRAM"; break;
    case 0x11: spd.type_name = "LPDDR4X SDRAM"; break;
    case 0x12: spd.type_name = "DDR5 SDRAM"; break;
    case 0x13: spd.type_name = "LPDDR5 SDRAM"; break;
    case 0x14: spd.type_name = "DDR5 NVDIMM-P"; break;
    case 0x15: spd.type_name = "LPDDR5X SDRAM"; break;
    default: spd.type_name = detail::reserved_value(spd.type_byte); break;
    }
    const std::uint8_t rev = view.at(1);
    spd.spd_revision = std::to_string(rev >> 4) + "." + std::to_string(rev & 0x0f);

    switch (spd.type) {
    case Generation::ddr3: detail::decode_ddr3(spd, view); break;
    case Generation::ddr4: detail::decode_ddr4(spd, view); break;
    case Generation::ddr5: detail::decode_ddr5(spd, view); break;
    case Generation::unknown:
        detail::add_note(spd, "type", "byte 0x02: memory type " + spd.type_name + " is not decoded by dimmguard");
        return spd;
    }
    const std::size_t full = full_image_size(spd.type);
    if (image.size() < full) {
        spd.truncated = true;
        detail::add_note(spd, "size", std::string(generation_name(spd.type)) + " image holds " +
                                          std::to_string(image.size()) + " of " + std::to_string(full) + " bytes");
    }
    detail::decode_profiles(spd, view);
    return spd;
}

}  // namespace dimmguard::verifier
