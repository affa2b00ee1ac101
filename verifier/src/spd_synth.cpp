// SPDX-License-Identifier: GPL-3.0-or-later
// SPD synthesizer: writes DDR4 (Annex L) and DDR5 (JESD400-5) images with valid CRCs.
#include "verifier/spd_synth.hpp"

#include <algorithm>
#include <type_traits>
#include <limits>
#include <bit>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "dimmguard/bytes.hpp"

namespace dimmguard::verifier {
namespace {

using Image = std::vector<std::uint8_t>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

Result<Jep106Id> resolve_maker(const std::string& field, const std::string& query) {
    auto matches = jep106_lookup(query);
    if (matches.empty()) return fail(Errc::usage, field + " '" + query + "' is not a JEP106 manufacturer name or code");
    if (matches.size() > 1) {
        std::string names;
        for (std::size_t i = 0; i < matches.size() && i < 4; ++i) names += (i ? ", " : "") + matches[i].name;
        return fail(Errc::usage, field + " '" + query + "' is ambiguous (" + names + (matches.size() > 4 ? ", ..." : "") + ")");
    }
    return matches.front();
}

void put_maker(Image& img, std::size_t at, const Jep106Id& id) {
    img[at] = id.bank_byte;
    img[at + 1] = id.code_byte;
}

std::uint8_t to_bcd(int v) { return static_cast<std::uint8_t>(((v / 10) % 10) << 4 | (v % 10)); }

void put_le16(Image& img, std::size_t at, unsigned v) {
    img[at] = static_cast<std::uint8_t>(v & 0xff);
    img[at + 1] = static_cast<std::uint8_t>((v >> 8) & 0xff);
}

void put_crc(Image& img, std::size_t first, std::size_t last, std::size_t at) {
    put_le16(img, at, crc16_spd(std::span<const std::uint8_t>(img).subspan(first, last - first + 1)));
}

Result<std::array<std::uint8_t, 4>> parse_serial(const std::string& hex) {
    std::array<std::uint8_t, 4> out{};
    std::string s = hex;
    if (s.starts_with("0x") || s.starts_with("0X")) s = s.substr(2);
    if (s.size() != 8 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; })) {
        return fail(Errc::usage, "serial '" + hex + "' must be 8 hex digits");
    }
    for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(hex_digit(s[2 * i]) << 4 | hex_digit(s[2 * i + 1]));
    return out;
}

struct Common {
    Jep106Id maker, dram_maker;
    std::array<std::uint8_t, 4> serial{};
    std::uint64_t die_bits = 0;       ///< density per die in bits
    int width_code = 0;
    bool ecc = false;
    bool registered = false;
};

Result<Common> common_checks(const SynthSpec& s, int bus_bits, int subchannels) {
    Common c;
    if (s.capacity_bytes == 0) return fail(Errc::usage, "capacity is required");
    if (s.speed_mts <= 0) return fail(Errc::usage, "speed is required (e.g. 3200 or 4800)");
    if (s.ranks < 1 || s.ranks > 8) return fail(Errc::usage, "ranks must be 1-8");
    switch (s.device_width) {
    case 4: c.width_code = 0; break;
    case 8: c.width_code = 1; break;
    case 16: c.width_code = 2; break;
    default: return fail(Errc::usage, "width must be x4, x8 or x16");
    }
    if (s.dies < 1 || !std::has_single_bit(static_cast<unsigned>(s.dies)) || s.dies > (s.three_ds ? 16 : 2)) {
        return fail(Errc::usage, s.three_ds ? "3DS dies must be 2, 4, 8 or 16" : "dies must be 1 (monolithic) or 2 (DDP)");
    }
    if (s.three_ds && s.dies < 2) return fail(Errc::usage, "a 3DS package needs at least 2 dies");
    const int stacked = s.three_ds ? s.dies : 1;
    const std::uint64_t devices = std::uint64_t(subchannels) * std::uint64_t(bus_bits / s.device_width) *
                                  std::uint64_t(s.ranks) * std::uint64_t(stacked);
    const std::uint64_t bits = s.capacity_bytes * 8;
    if (bits % devices != 0) return fail(Errc::usage, "capacity does not divide evenly over the ranks and devices");
    c.die_bits = bits / devices;
    auto maker = resolve_maker("maker", s.maker);
    if (!maker) return tl::unexpected(maker.error());
    c.maker = *maker;
    auto dram = resolve_maker("dram maker", s.dram_maker.empty() ? s.maker : s.dram_maker);
    if (!dram) return tl::unexpected(dram.error());
    c.dram_maker = *dram;
    auto serial = parse_serial(s.serial_hex);
    if (!serial) return tl::unexpected(serial.error());
    c.serial = *serial;
    if (s.year < 2000 || s.year > 2099 || s.week < 1 || s.week > 53) return fail(Errc::usage, "date must be 2000-2099, week 1-53");
    if (s.part_number.size() > (s.type == Generation::ddr5 ? 30U : 20U)) {
        return fail(Errc::usage, "part number '" + s.part_number + "' is longer than the SPD field");
    }
    if (!std::all_of(s.part_number.begin(), s.part_number.end(), [](unsigned char ch) { return ch >= 0x20 && ch < 0x7f; })) {
        return fail(Errc::usage, "part number must be printable ASCII");
    }
    return c;
}

void put_part(Image& img, std::size_t at, std::size_t len, const std::string& pn) {
    for (std::size_t i = 0; i < len; ++i) img[at + i] = i < pn.size() ? static_cast<std::uint8_t>(pn[i]) : 0x20;
}

int log2_ceil(std::uint64_t v) { return static_cast<int>(std::bit_width(v - 1)); }

Result<Image> ddr4(const SynthSpec& s) {
    auto c = common_checks(s, 64, 1);
    if (!c) return tl::unexpected(c.error());
    const std::string mt = lower(s.module_type);
    int type_code = 0;
    if (mt == "rdimm") type_code = 1;
    else if (mt == "udimm") type_code = 2;
    else if (mt == "so-dimm" || mt == "sodimm") type_code = 3;
    else if (mt == "lrdimm") type_code = 4;
    else return fail(Errc::usage, "DDR4 module type '" + s.module_type + "' is not one of RDIMM, UDIMM, SO-DIMM, LRDIMM");
    c->registered = type_code == 1 || type_code == 4;
    c->ecc = s.ecc.value_or(c->registered);

    int density_code = -1;
    constexpr std::array<std::uint64_t, 10> gbits{0, 0, 1, 2, 4, 8, 16, 32, 12, 24};
    const std::uint64_t gb = c->die_bits >> 30;
    if ((c->die_bits & ((1ULL << 30) - 1)) == 0) {
        for (int i = 2; i < 10; ++i) if (gbits[static_cast<std::size_t>(i)] == gb) density_code = i;
    }
    if (density_code < 0) {
        return fail(Errc::usage, "capacity " + std::to_string(static_cast<unsigned long>(s.capacity_bytes >> 30)) + " GB with " + std::to_string(s.ranks) +
                                     " ranks x" + std::to_string(s.device_width) + " needs a die DDR4 cannot encode (" +
                                     std::to_string(static_cast<unsigned long>(c->die_bits >> 20)) + " Mb)");
    }
    const int tck_ps = static_cast<int>(2'000'000 / s.speed_mts);
    if (s.speed_mts < 1600 || s.speed_mts > 3200) return fail(Errc::usage, "DDR4 speed must be 1600-3200");

    Image img(512, 0);
    img[0] = 0x23;  // 384 bytes used, 512 total
    img[1] = 0x11;  // SPD revision 1.1
    img[2] = 0x0c;
    img[3] = static_cast<std::uint8_t>(type_code);
    const int bank_groups = s.device_width == 16 ? 2 : 4;
    img[4] = static_cast<std::uint8_t>((bank_groups == 4 ? 0x80 : 0x40) | density_code);  // 4 banks per group
    const int cols = 10;
    const std::uint64_t bits_per_row = (std::uint64_t{1} << cols) * static_cast<std::uint64_t>(bank_groups) * 4U *
                                       static_cast<std::uint64_t>(s.device_width);
    const int rows = log2_ceil(c->die_bits / bits_per_row);
    img[5] = static_cast<std::uint8_t>(((rows - 12) << 3) | (cols - 9));
    if (s.three_ds) img[6] = static_cast<std::uint8_t>(0x80 | ((s.dies - 1) << 4) | 0x02);
    else if (s.dies == 2) img[6] = 0x80 | 0x10 | 0x01;
    img[7] = 0x08;  // tMAW 8192 x tREFI, unlimited MAC
    img[9] = 0x60;  // post package repair supported
    img[11] = 0x03; // VDD 1.2 V operable and endurant
    img[12] = static_cast<std::uint8_t>(c->width_code | ((s.ranks - 1) << 3));
    img[13] = static_cast<std::uint8_t>(0x03 | (c->ecc ? 0x08 : 0x00));
    img[14] = (s.thermal_sensor && c->registered) ? 0x80 : 0x00;
    // tCKmin as MTB (125 ps) rounded up plus a negative fine correction; tCKmax 1.6 ns.
    const int mtb = (tck_ps + 124) / 125;
    img[18] = static_cast<std::uint8_t>(mtb);
    img[125] = static_cast<std::uint8_t>(static_cast<std::int8_t>(tck_ps - mtb * 125));
    img[19] = 0x0d;
    img[124] = static_cast<std::uint8_t>(static_cast<std::int8_t>(-25));
    // tAA = tRCD = tRP = 13.75 ns (the JEDEC 2400R / 3200AA class), tRAS 32 ns, tRC 45.75 ns.
    const int taa_ps = 13750;
    const int cl = static_cast<int>((std::int64_t{taa_ps} * 1000 / tck_ps + 974) / 1000);
    std::uint32_t cas = 0;
    for (int x = 10; x <= cl && x <= 36; ++x) cas |= 1U << (x - 7);
    for (int i = 0; i < 4; ++i) img[20 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>((cas >> (8 * i)) & 0xff);
    img[24] = img[25] = img[26] = static_cast<std::uint8_t>(taa_ps / 125);
    const int tras = 32000 / 125, trc = 45750 / 125;
    img[27] = static_cast<std::uint8_t>(((trc >> 8) << 4) | (tras >> 8));
    img[28] = static_cast<std::uint8_t>(tras & 0xff);
    img[29] = static_cast<std::uint8_t>(trc & 0xff);
    const unsigned trfc1_ns = gb <= 4 ? 260 : gb <= 8 ? 350 : 550;
    put_le16(img, 30, trfc1_ns * 8);
    put_le16(img, 32, (trfc1_ns * 8 * 3) / 4);
    put_le16(img, 34, (trfc1_ns * 8) / 2);
    img[36] = 0x00; img[37] = s.device_width == 16 ? 0xf0 : 0xa8;   // tFAW 30 / 21 ns
    img[38] = 0x1b; img[39] = 0x28; img[40] = 0x28;                 // tRRD_S, tRRD_L, tCCD_L
    img[41] = 0x00; img[42] = 0x78;                                 // tWR 15 ns
    img[43] = 0x00; img[44] = 0x14; img[45] = 0x3c;                 // tWTR_S 2.5 ns, tWTR_L 7.5 ns

    // Module-specific area (bytes 128-191).
    img[128] = 0x11;                       // nominal height 31-32 mm
    img[129] = 0x11;                       // max thickness 1-2 mm front/back
    img[130] = c->registered ? 0x03 : 0x01;  // reference raw card
    if (c->registered) {
        img[131] = 0x11;                   // 1 register, 1 row of DRAMs
        img[132] = 0x80;                   // heat spreader
        auto rcd = resolve_maker("rcd vendor", s.rcd_vendor);
        if (!rcd) return tl::unexpected(rcd.error());
        put_maker(img, 133, *rcd);
        img[135] = 0xb1;                   // register revision
        img[136] = 0x00;                   // standard address mapping
        img[137] = 0x05;
        img[138] = 0x00;
    }
    put_crc(img, 0, 125, 126);
    put_crc(img, 128, 253, 254);

    put_maker(img, 320, c->maker);
    img[322] = s.location;
    img[323] = to_bcd(s.year % 100);
    img[324] = to_bcd(s.week);
    std::copy(c->serial.begin(), c->serial.end(), img.begin() + 325);
    put_part(img, 329, 20, s.part_number);
    img[349] = s.revision;
    put_maker(img, 350, c->dram_maker);
    img[352] = s.dram_stepping.value_or(0xff);

    if (!s.xmp_speeds.empty()) {
        if (s.xmp_speeds.size() > 2) return fail(Errc::usage, "XMP 2.0 holds at most 2 profiles");
        img[384] = 0x0c;
        img[385] = 0x4a;
        img[387] = 0x20;
        for (std::size_t i = 0; i < s.xmp_speeds.size(); ++i) {
            if (s.xmp_speeds[i] <= 0) return fail(Errc::usage, "xmp speed must be positive");
            img[386] = static_cast<std::uint8_t>(img[386] | (1U << i));
            const int ps = static_cast<int>(2'000'000 / s.xmp_speeds[i]);
            const int m = (ps + 124) / 125;
            const std::size_t base = 393 + 47 * i;
            img[base + 3] = static_cast<std::uint8_t>(m);
            img[base + 38] = static_cast<std::uint8_t>(static_cast<std::int8_t>(ps - m * 125));
        }
    }
    return img;
}

Result<Image> ddr5(const SynthSpec& s) {
    const std::string mt = lower(s.module_type);
    int type_code = 0;
    if (mt == "rdimm") type_code = 1;
    else if (mt == "udimm") type_code = 2;
    else if (mt == "sodimm" || mt == "so-dimm") type_code = 3;
    else if (mt == "lrdimm") type_code = 4;
    else if (mt == "cudimm") type_code = 5;
    else if (mt == "csodimm") type_code = 6;
    else return fail(Errc::usage, "DDR5 module type '" + s.module_type + "' is not one of RDIMM, UDIMM, SODIMM, LRDIMM, CUDIMM, CSODIMM");
    auto c = common_checks(s, 32, 2);
    if (!c) return tl::unexpected(c.error());
    c->registered = type_code == 1 || type_code == 4;
    c->ecc = s.ecc.value_or(c->registered);

    int density_code = -1;
    constexpr std::array<std::uint64_t, 9> gbits{0, 4, 8, 12, 16, 24, 32, 48, 64};
    const std::uint64_t gb = c->die_bits >> 30;
    if ((c->die_bits & ((1ULL << 30) - 1)) == 0) {
        for (int i = 1; i < 9; ++i) if (gbits[static_cast<std::size_t>(i)] == gb) density_code = i;
    }
    if (density_code < 0) {
        return fail(Errc::usage, "capacity " + std::to_string(static_cast<unsigned long>(s.capacity_bytes >> 30)) + " GB with " + std::to_string(s.ranks) +
                                     " ranks x" + std::to_string(s.device_width) + " needs a die DDR5 cannot encode (" +
                                     std::to_string(static_cast<unsigned long>(c->die_bits >> 20)) + " Mb)");
    }
    if (s.speed_mts < 3200 || s.speed_mts > 8800) return fail(Errc::usage, "DDR5 speed must be 3200-8800");
    const unsigned tck_ps = static_cast<unsigned>(2'000'000 / s.speed_mts);

    Image img(1024, 0);
    img[0] = 0x30;  // 1024 bytes
    img[1] = 0x10;  // SPD revision 1.0
    img[2] = 0x12;
    img[3] = static_cast<std::uint8_t>(type_code);
    int die_code = 0;
    if (s.three_ds) die_code = 1 + std::countr_zero(static_cast<unsigned>(s.dies));  // 2H=2 .. 16H=5
    else if (s.dies == 2) die_code = 1;
    img[4] = static_cast<std::uint8_t>((die_code << 5) | density_code);
    const int cols = s.device_width == 4 ? 11 : 10;  // 1 KB page for x4/x8, 2 KB for x16
    const int bank_groups = (gb <= 8 ? 4 : 8) / (s.device_width == 16 ? 2 : 1);
    const std::uint64_t bits_per_row = (std::uint64_t{1} << cols) * static_cast<std::uint64_t>(bank_groups) * 4U *
                                       static_cast<std::uint64_t>(s.device_width);
    const int rows = log2_ceil(c->die_bits / bits_per_row);
    img[5] = static_cast<std::uint8_t>(((cols - 10) << 5) | (rows - 16));
    img[6] = static_cast<std::uint8_t>(c->width_code << 5);
    img[7] = static_cast<std::uint8_t>((std::countr_zero(static_cast<unsigned>(bank_groups)) << 5) | 2);
    put_le16(img, 20, tck_ps);
    put_le16(img, 22, 1600);  // tCKAVGmax 1.6 ns
    // tAA = tRCD = tRP = 16 ns (JEDEC "B" bins); CLs 22..CL(speed), even only.
    const unsigned taa_ps = 16000;
    const int cl = static_cast<int>((std::uint64_t{taa_ps} * 1000 / tck_ps + 974) / 1000);
    for (int x = 22; x <= cl + 1 && x <= 98; x += 2) {
        const int bit = (x - 20) / 2;
        img[24 + static_cast<std::size_t>(bit / 8)] = static_cast<std::uint8_t>(img[24 + static_cast<std::size_t>(bit / 8)] | (1U << (bit % 8)));
    }
    put_le16(img, 30, taa_ps);
    put_le16(img, 32, taa_ps);
    put_le16(img, 34, taa_ps);
    put_le16(img, 36, 32000);   // tRAS
    put_le16(img, 38, 48000);   // tRC
    put_le16(img, 40, 30000);   // tWR
    put_le16(img, 42, gb <= 16 ? 295 : 410);  // tRFC1 (ns)
    put_le16(img, 44, gb <= 16 ? 160 : 220);  // tRFC2 (ns)
    put_le16(img, 46, gb <= 16 ? 130 : 190);  // tRFCsb (ns)

    img[192] = 0x10;
    auto hub = resolve_maker("hub vendor", s.hub_vendor);
    if (!hub) return tl::unexpected(hub.error());
    put_maker(img, 194, *hub);
    img[196] = 0x80;  // SPD5118 fitted
    img[197] = 0x12;
    const std::string pmic_query = !s.pmic_vendor.empty() ? s.pmic_vendor : (c->registered ? "IDT" : "Richtek Power");
    auto pmic = resolve_maker("pmic vendor", pmic_query);
    if (!pmic) return tl::unexpected(pmic.error());
    put_maker(img, 198, *pmic);
    img[200] = c->registered ? 0x80 : 0x82;  // PMIC5000 on server modules, PMIC5100 on client
    img[201] = 0x12;
    if (s.thermal_sensor && c->registered) {
        auto ts = resolve_maker("ts vendor", s.ts_vendor);
        if (!ts) return tl::unexpected(ts.error());
        put_maker(img, 210, *ts);
        img[212] = 0xc0;  // TS0 and TS1 fitted, TS5111
        img[213] = 0x12;
    }
    img[230] = 0x0f;  // 30 mm
    img[231] = 0x11;
    img[232] = c->registered ? 0x01 : 0x00;
    img[233] = c->registered ? 0x15 : 0x01;
    img[234] = static_cast<std::uint8_t>((s.ranks - 1) << 3);
    img[235] = static_cast<std::uint8_t>(0x20 | (c->ecc ? (c->registered ? 0x10 : 0x08) : 0x00) | 0x02);
    if (c->registered) {
        auto rcd = resolve_maker("rcd vendor", s.rcd_vendor);
        if (!rcd) return tl::unexpected(rcd.error());
        put_maker(img, 240, *rcd);
        img[242] = 0x80;  // RCD01 fitted
        img[243] = 0x22;
        if (type_code == 4) {
            put_maker(img, 244, *rcd);
            img[246] = 0x80;  // DB01
            img[247] = 0x22;
        }
    } else if (type_code == 5 || type_code == 6) {
        auto ckd = resolve_maker("rcd vendor", s.rcd_vendor);
        if (!ckd) return tl::unexpected(ckd.error());
        put_maker(img, 240, *ckd);
        img[242] = 0x80;  // CKD01 fitted
        img[243] = 0x10;
    }
    put_crc(img, 0, 509, 510);

    put_maker(img, 512, c->maker);
    img[514] = s.location;
    img[515] = to_bcd(s.year % 100);
    img[516] = to_bcd(s.week);
    std::copy(c->serial.begin(), c->serial.end(), img.begin() + 517);
    put_part(img, 521, 30, s.part_number);
    img[551] = s.revision;
    put_maker(img, 552, c->dram_maker);
    img[554] = s.dram_stepping.value_or(0xff);

    if (!s.xmp_speeds.empty()) {
        if (s.xmp_speeds.size() > 3) return fail(Errc::usage, "XMP 3.0 holds at most 3 vendor profiles");
        img[640] = 0x0c;
        img[641] = 0x4a;
        img[642] = 0x30;
        for (std::size_t i = 0; i < s.xmp_speeds.size(); ++i) {
            if (s.xmp_speeds[i] <= 0) return fail(Errc::usage, "xmp speed must be positive");
            img[643] = static_cast<std::uint8_t>(img[643] | (1U << i));
            put_le16(img, 704 + 64 * i + 5, static_cast<unsigned>(2'000'000 / s.xmp_speeds[i]));
        }
    }
    return img;
}

// The synthesizer promises its output decodes to what was asked; check before handing it out.
Result<void> self_check(const SynthSpec& s, const Image& img) {
    auto d = decode_spd(img);
    if (!d) return fail(Errc::internal, "synthesized image does not decode: " + d.error().message);
    const auto mismatch = [](const std::string& what) { return fail(Errc::internal, "synthesized image decodes with a different " + what); };
    if (d->type != s.type) return mismatch("memory type");
    if (d->geometry.capacity_bytes != s.capacity_bytes) return mismatch("capacity");
    if (d->geometry.package_ranks != s.ranks) return mismatch("rank count");
    if (d->geometry.device_width != s.device_width) return mismatch("device width");
    if (d->timings.speed_grade_mts != s.speed_mts && d->timings.speed_mts != s.speed_mts) return mismatch("speed");
    if (!d->crc_ok()) return mismatch("crc");
    if (d->manufacturing.part_number != s.part_number.substr(0, s.part_number.find_last_not_of(' ') + 1)) return mismatch("part number");
    if (!d->notes.empty()) return fail(Errc::internal, "synthesized image decodes with a note: " + d->notes.front().message);
    return {};
}

// JSON field helpers that name the field in errors.

/// Whether `v` converts to T without loss: nlohmann's get<int>() on 8e80 or -1 for an unsigned
/// is undefined or wraps (found by fuzz_bench), so numbers must be integers in T's range.
template <class T>
bool fits(const nlohmann::json& v) {
    if constexpr (std::is_same_v<T, bool>) {
        return v.is_boolean();
    } else if constexpr (std::is_integral_v<T>) {
        if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
        if (!v.is_number_integer()) return false;
        const auto x = v.get<std::int64_t>();
        if (x < 0) return std::is_signed_v<T> && x >= static_cast<std::int64_t>(std::numeric_limits<T>::min());
        return static_cast<std::uint64_t>(x) <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
    } else if constexpr (std::is_floating_point_v<T>) {
        return v.is_number();
    } else if constexpr (requires(T t) { typename T::value_type; t.push_back(typename T::value_type{}); } &&
                         !std::is_same_v<T, std::string>) {
        if (!v.is_array()) return false;
        for (const auto& item : v) {
            if (!fits<typename T::value_type>(item)) return false;
        }
        return true;
    } else {
        return true;   // strings and the like: a wrong type throws type_error, caught below
    }
}

template <class T>
Result<void> get(const nlohmann::json& j, const char* key, T& out) {
    if (!j.contains(key)) return {};
    if (!fits<T>(j.at(key))) return fail(Errc::bad_format, std::string("field '") + key + "': wrong type or out of range");
    try {
        out = j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        return fail(Errc::bad_format, std::string("field '") + key + "': wrong type");
    }
    return {};
}

}  // namespace

Result<std::uint64_t> parse_capacity(const std::string& text) {
    std::size_t pos = 0;
    unsigned long long value = 0;
    try {
        value = std::stoull(text, &pos);
    } catch (const std::exception&) {
        return fail(Errc::usage, "capacity '" + text + "' is not a number with an optional unit (e.g. 64G)");
    }
    std::string unit = lower(text.substr(pos));
    std::uint64_t scale = 1;
    if (unit == "g" || unit == "gb" || unit == "gib") scale = 1ULL << 30;
    else if (unit == "m" || unit == "mb" || unit == "mib") scale = 1ULL << 20;
    else if (!unit.empty() && unit != "b") return fail(Errc::usage, "capacity '" + text + "' has an unknown unit");
    if (value == 0 || value > (1ULL << 44) / scale) return fail(Errc::usage, "capacity '" + text + "' is out of range");
    return value * scale;
}

Result<std::vector<std::uint8_t>> synthesize(const SynthSpec& spec) {
    Result<Image> img = fail(Errc::usage, "only DDR4 and DDR5 images can be synthesized");
    if (spec.type == Generation::ddr4) img = ddr4(spec);
    else if (spec.type == Generation::ddr5) img = ddr5(spec);
    if (!img) return img;
    if (auto ok = self_check(spec, *img); !ok) return tl::unexpected(ok.error());
    for (const auto& [offset, mask] : spec.damage) {
        if (offset >= img->size()) return fail(Errc::usage, "damage offset " + std::to_string(offset) + " is outside the image");
        (*img)[offset] = static_cast<std::uint8_t>((*img)[offset] ^ mask);
    }
    return img;
}

Result<std::vector<std::uint8_t>> synthesize_from_json(const nlohmann::json& description) {
    auto spec = synth_spec_from_json(description);
    if (!spec) return tl::unexpected(spec.error());
    return synthesize(*spec);
}

Result<SynthSpec> synth_spec_from_json(const nlohmann::json& j) {
    if (!j.is_object()) return fail(Errc::bad_format, "synth description must be a JSON object");
    static const char* known[] = {"type", "module_type", "capacity", "ranks", "width", "dies", "three_ds", "speed",
                                  "ecc", "maker", "dram_maker", "part_number", "serial", "date", "location",
                                  "revision", "dram_stepping", "thermal_sensor", "hub_vendor", "pmic_vendor",
                                  "rcd_vendor", "ts_vendor", "xmp", "damage"};
    for (const auto& item : j.items()) {
        if (std::find_if(std::begin(known), std::end(known), [&](const char* k) { return item.key() == k; }) == std::end(known)) {
            return fail(Errc::bad_format, "unknown field '" + item.key() + "'");
        }
    }
    SynthSpec s;
    std::string type = "ddr5", capacity, width, date;
    Result<void> r;
    const auto chain = [&](Result<void> next) { if (r && !next) r = next; };
    chain(get(j, "type", type));
    chain(get(j, "module_type", s.module_type));
    if (j.contains("capacity") && j["capacity"].is_number_unsigned()) {
        s.capacity_bytes = j["capacity"].get<std::uint64_t>();
    } else {
        chain(get(j, "capacity", capacity));
    }
    chain(get(j, "ranks", s.ranks));
    if (j.contains("width") && j["width"].is_number_integer()) s.device_width = j["width"].get<int>();
    else chain(get(j, "width", width));
    chain(get(j, "dies", s.dies));
    chain(get(j, "three_ds", s.three_ds));
    chain(get(j, "speed", s.speed_mts));
    if (j.contains("ecc")) { bool e = false; chain(get(j, "ecc", e)); s.ecc = e; }
    chain(get(j, "maker", s.maker));
    chain(get(j, "dram_maker", s.dram_maker));
    chain(get(j, "part_number", s.part_number));
    chain(get(j, "serial", s.serial_hex));
    chain(get(j, "date", date));
    int location = s.location, revision = s.revision;
    chain(get(j, "location", location));
    chain(get(j, "revision", revision));
    if (j.contains("dram_stepping")) { int st = 0; chain(get(j, "dram_stepping", st)); s.dram_stepping = static_cast<std::uint8_t>(st); }
    chain(get(j, "thermal_sensor", s.thermal_sensor));
    chain(get(j, "hub_vendor", s.hub_vendor));
    chain(get(j, "pmic_vendor", s.pmic_vendor));
    chain(get(j, "rcd_vendor", s.rcd_vendor));
    chain(get(j, "ts_vendor", s.ts_vendor));
    chain(get(j, "xmp", s.xmp_speeds));
    if (j.contains("damage")) {
        const auto& d = j.at("damage");
        if (!d.is_array()) return fail(Errc::bad_format, "field 'damage': expected [{\"offset\": N, \"xor\": N}, ...]");
        for (const auto& item : d) {
            if (!item.is_object() || !item.contains("offset") || !item.at("offset").is_number_unsigned() ||
                !item.contains("xor") || !item.at("xor").is_number_unsigned() || item.at("xor").get<std::uint64_t>() == 0 ||
                item.at("xor").get<std::uint64_t>() > 255) {
                return fail(Errc::bad_format, "field 'damage': each entry needs an offset and a non-zero xor byte");
            }
            s.damage.emplace_back(item.at("offset").get<std::size_t>(), static_cast<std::uint8_t>(item.at("xor").get<std::uint64_t>()));
        }
    }
    if (!r) return tl::unexpected(r.error());
    if (location < 0 || location > 255) return fail(Errc::bad_format, "field 'location': must be 0-255");
    if (revision < 0 || revision > 255) return fail(Errc::bad_format, "field 'revision': must be 0-255");
    s.location = static_cast<std::uint8_t>(location);
    s.revision = static_cast<std::uint8_t>(revision);
    type = lower(type);
    if (type == "ddr4") s.type = Generation::ddr4;
    else if (type == "ddr5") s.type = Generation::ddr5;
    else return fail(Errc::bad_format, "field 'type': '" + type + "' is not ddr4 or ddr5");
    if (!capacity.empty()) {
        auto c = parse_capacity(capacity);
        if (!c) return fail(Errc::bad_format, "field 'capacity': " + c.error().message);
        s.capacity_bytes = *c;
    }
    if (!width.empty()) {
        const std::string w = lower(width);
        if (w == "x4" || w == "4") s.device_width = 4;
        else if (w == "x8" || w == "8") s.device_width = 8;
        else if (w == "x16" || w == "16") s.device_width = 16;
        else return fail(Errc::bad_format, "field 'width': '" + width + "' is not x4, x8 or x16");
    }
    if (!date.empty()) {
        int y = 0, w = 0;
        if (std::sscanf(date.c_str(), "%d-W%d", &y, &w) != 2 && std::sscanf(date.c_str(), "%d-%d", &y, &w) != 2) {
            return fail(Errc::bad_format, "field 'date': '" + date + "' is not YYYY-Www");
        }
        s.year = y;
        s.week = w;
    }
    return s;
}

}  // namespace dimmguard::verifier
