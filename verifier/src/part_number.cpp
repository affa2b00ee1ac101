// SPDX-License-Identifier: GPL-3.0-or-later
// Part-number decoders. Facts and their sources: shared/docs/counterfeit-tells.md section 5;
// every field was checked against the real dumps of the shared corpus (part_number_test.cpp).
#include "verifier/part_number.hpp"
#include "dimmguard/numbers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace dimmguard::verifier {
namespace {

constexpr std::uint64_t MiB = 1ULL << 20;
constexpr std::uint64_t GiB = 1ULL << 30;

template <class T>
Claim<T> claim(T v, Confidence c) {
    return Claim<T>{std::move(v), c};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '_')) s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

// Module depth codes shared by Samsung and SK hynix ("4G" = 4 G words of the data bus).
std::optional<std::uint64_t> depth_words(std::string_view code) {
    if (code.size() != 2) return std::nullopt;
    if (code == "28") return 128 * MiB;
    if (code == "56" || code == "25") return 256 * MiB;
    if (code == "51" || code == "52") return 512 * MiB;
    const char n = code[0];
    const char unit = code[1];
    if (unit != 'G' && unit != 'K') return std::nullopt;
    if (n == '1') return 1 * GiB;
    if (n == '2') return 2 * GiB;
    if (n == '4') return 4 * GiB;
    if (n == '8') return 8 * GiB;
    if (n == 'A') return 16 * GiB;
    if (n == 'B') return 32 * GiB;
    return std::nullopt;
}

// ---------------------------------------------------------------- Samsung
// M 3 93 A 4K 4 0 D B 3 - C WE  (DDR4)   M 3 21 R 8G A 0 B B 0 - C QK (DDR5)
std::optional<PartNumberInfo> samsung(const std::string& pn) {
    if (pn.size() < 12 || pn[0] != 'M' || !is_digit(pn[1]) || !is_digit(pn[2]) || !is_digit(pn[3])) return std::nullopt;
    PartNumberInfo info;
    info.maker = "Samsung";
    info.part_number = pn;
    const std::string form = pn.substr(1, 3);
    const char family = pn[4];
    Generation type = Generation::unknown;
    if (family == 'B') type = Generation::ddr3;
    else if (family == 'A') type = Generation::ddr4;
    else if (family == 'R') type = Generation::ddr5;
    else return std::nullopt;
    info.memory_type = claim(type, Confidence::high);
    struct Form { const char* code; const char* module; bool ecc; };
    static constexpr std::array<Form, 12> forms{{
        {"378", "UDIMM", false}, {"391", "UDIMM", true}, {"393", "RDIMM", true}, {"392", "RDIMM", true},
        {"386", "LRDIMM", true}, {"471", "SO-DIMM", false}, {"474", "SO-DIMM", true},
        {"321", "RDIMM", true}, {"329", "RDIMM", true}, {"323", "UDIMM", false}, {"324", "UDIMM", true},
        {"425", "SO-DIMM", false}}};
    for (const auto& f : forms) {
        if (form == f.code) {
            info.module_type = claim(std::string(f.module), Confidence::high);
            info.ecc = claim(f.ecc, Confidence::high);
        }
    }
    if (const auto words = depth_words(pn.substr(5, 2))) {
        info.capacity_bytes = claim(*words * 8, Confidence::high);  // 64-bit data bus
    }
    switch (pn[8]) {
    case '0': info.device_width = claim(4, Confidence::high); break;
    case '3': info.device_width = claim(8, Confidence::high); break;
    case '4': info.device_width = claim(16, Confidence::high); break;
    default: break;
    }
    if (std::isalpha(static_cast<unsigned char>(pn[9]))) info.die_generation = claim(pn[9], Confidence::medium);
    const auto dash = pn.find('-');
    if (dash != std::string::npos && pn.size() >= dash + 4) {
        const std::string speed = pn.substr(dash + 2, 2);
        struct Code { const char* code; int mts; };
        static constexpr std::array<Code, 15> codes{{
            {"F8", 1066}, {"H9", 1333}, {"K0", 1600}, {"MA", 1866}, {"NB", 2133},            // DDR3
            {"PB", 2133}, {"RC", 2400}, {"TD", 2666}, {"VF", 2933}, {"WE", 3200},            // DDR4
            {"QK", 4800}, {"WM", 5600}, {"CP", 6400}, {"XN", 6400}, {"YP", 7200}}};          // DDR5 (last two: low)
        for (const auto& c : codes) {
            if (speed == c.code) {
                const bool ddr5_guess = speed == "XN" || speed == "YP";
                const bool family_matches = (c.mts <= 2133 && type == Generation::ddr3 && speed != "PB") ||
                                            (c.mts >= 2133 && c.mts <= 3200 && type == Generation::ddr4) ||
                                            (c.mts >= 4800 && type == Generation::ddr5);
                if (family_matches) info.speed_mts = claim(c.mts, ddr5_guess ? Confidence::low : Confidence::high);
            }
        }
    }
    return info;
}

// ---------------------------------------------------------------- SK hynix
// H M A 8 4G R 7 C J R 4 N - XN  (DDR3 "HMT", DDR4 "HMA", DDR5 "HMC")
std::optional<PartNumberInfo> skhynix(const std::string& pn) {
    if (pn.size() < 11 || pn[0] != 'H' || pn[1] != 'M') return std::nullopt;
    PartNumberInfo info;
    info.maker = "SK hynix";
    info.part_number = pn;
    const char family = pn[2];
    if (family == 'T') info.memory_type = claim(Generation::ddr3, Confidence::high);
    else if (family == 'A') info.memory_type = claim(Generation::ddr4, Confidence::high);
    else if (family == 'C') info.memory_type = claim(Generation::ddr5, Confidence::high);
    else return std::nullopt;
    if (family == 'C') {
        // DDR5: HMCG94AGBRA181N — only the capacity class and width are consistent enough.
        if (pn.size() >= 6) {
            if (pn[4] == '7') info.capacity_bytes = claim(16 * GiB, Confidence::low);
            if (pn[4] == '8') info.capacity_bytes = claim(32 * GiB, Confidence::low);
            if (pn[4] == '9') info.capacity_bytes = claim(64 * GiB, Confidence::low);
            if (pn[5] == '4') info.device_width = claim(4, Confidence::low);
            if (pn[5] == '8') info.device_width = claim(8, Confidence::low);
        }
        return info;
    }
    if (const auto words = depth_words(pn.substr(4, 2))) info.capacity_bytes = claim(*words * 8, Confidence::high);
    switch (pn[6]) {
    case 'R': info.module_type = claim(std::string("RDIMM"), Confidence::high); break;
    case 'U': info.module_type = claim(std::string("UDIMM"), Confidence::high); break;
    case 'S': info.module_type = claim(std::string("SO-DIMM"), Confidence::high); break;
    case 'L': info.module_type = claim(std::string("LRDIMM"), Confidence::medium); break;
    default: break;
    }
    if (pn[7] == '7') info.ecc = claim(true, Confidence::high);
    if (pn[7] == '6') info.ecc = claim(false, Confidence::high);
    if (std::isalpha(static_cast<unsigned char>(pn[8]))) info.die_generation = claim(pn[8], Confidence::medium);
    switch (pn[11]) {
    case '4': info.device_width = claim(4, Confidence::medium); break;
    case '8': info.device_width = claim(8, Confidence::medium); break;
    case '6': info.device_width = claim(16, Confidence::medium); break;
    default: break;
    }
    const auto dash = pn.find('-');
    if (dash != std::string::npos && pn.size() >= dash + 3) {
        const std::string speed = pn.substr(dash + 1, 2);
        struct Code { const char* code; int mts; };
        static constexpr std::array<Code, 9> codes{{{"G7", 1066}, {"H9", 1333}, {"PB", 1600}, {"RD", 1866},
                                                    {"TF", 2133}, {"UH", 2400}, {"VK", 2666}, {"WM", 2933}, {"XN", 3200}}};
        for (const auto& c : codes) {
            if (speed == c.code) info.speed_mts = claim(c.mts, Confidence::high);
        }
    }
    return info;
}

// ---------------------------------------------------------------- Micron
// [MT]A 36 A SF 4G 72 PZ -3G2 E1   (DDR4/DDR3: "A" = DDR4, "K"/"J" = DDR3)
// MT C 40 F 2 04 6 S1 R C 48B A1   (DDR5)
std::optional<PartNumberInfo> micron(std::string pn) {
    PartNumberInfo info;
    info.maker = "Micron";
    info.part_number = pn;
    if (pn.starts_with("MTC")) {
        // DDR5: MTC + dies + F + ranks + width(2) + capacity code + S1 + form + C + speed(2) + bin ...
        std::size_t i = 3;
        std::size_t digits = 0;
        while (i + digits < pn.size() && is_digit(pn[i + digits])) ++digits;
        if (digits == 0 || i + digits + 9 > pn.size() || pn[i + digits] != 'F') return std::nullopt;
        info.memory_type = claim(Generation::ddr5, Confidence::high);
        if (const auto dies = parse_small(std::string_view(pn).substr(i, digits), 999)) info.die_count = claim(*dies, Confidence::medium);
        i += digits + 1;
        const std::string code = pn.substr(i, 4);
        if (!std::all_of(code.begin(), code.end(), [](char c) { return is_digit(c); })) return info;
        info.ranks = claim(code[0] - '0', Confidence::medium);
        const int width = (code[1] - '0') * 10 + (code[2] - '0');   // two digits, checked above
        if (width == 4 || width == 8 || width == 16) info.device_width = claim(width, Confidence::medium);
        static constexpr std::array<std::uint64_t, 8> capacity{0, 0, 0, 8, 16, 32, 64, 128};
        const int cap = code[3] - '0';
        if (cap >= 3 && cap <= 7) info.capacity_bytes = claim(capacity[static_cast<std::size_t>(cap)] * GiB, Confidence::medium);
        i += 4;
        if (pn.compare(i, 2, "S1") == 0 && pn.size() > i + 2) {
            const char form = pn[i + 2];
            if (form == 'R') info.module_type = claim(std::string("RDIMM"), Confidence::medium);
            if (form == 'U') info.module_type = claim(std::string("UDIMM"), Confidence::low);
            i += 3;
        }
        if (pn.size() >= i + 3 && pn[i] == 'C' && is_digit(pn[i + 1]) && is_digit(pn[i + 2])) {
            info.speed_mts = claim(((pn[i + 1] - '0') * 10 + (pn[i + 2] - '0')) * 100, Confidence::medium);
        }
        return info;
    }
    if (pn.starts_with("MTA")) pn = pn.substr(3);
    else if (pn.starts_with("MT")) pn = pn.substr(2);
    // dies + family + option(2) + depth + width(2) + form
    std::size_t i = 0;
    while (i < pn.size() && is_digit(pn[i])) ++i;
    if (i == 0 || i + 3 > pn.size()) return std::nullopt;
    // Module numbers carry a two-letter option after the family ("ASF", "KTF"); component numbers
    // such as MT40A1G16KD do not, and are not decoded as modules.
    if (!std::isalpha(static_cast<unsigned char>(pn[i + 1])) || !std::isalpha(static_cast<unsigned char>(pn[i + 2]))) return std::nullopt;
    const auto die_digits = parse_small(std::string_view(pn).substr(0, i), 999);
    if (!die_digits) return std::nullopt;   // "4" dies, never "99999999999"
    const int dies = *die_digits;
    const char family = pn[i];
    if (family == 'A') info.memory_type = claim(Generation::ddr4, Confidence::high);
    else if (family == 'K' || family == 'J') info.memory_type = claim(Generation::ddr3, Confidence::high);
    else return std::nullopt;
    info.die_count = claim(dies, Confidence::high);
    std::size_t j = i + 3;  // skip family + 2-letter option (SF, TF, TS, SZ, SQ)
    std::size_t k = j;
    while (k < pn.size() && (is_digit(pn[k]) || pn[k] == 'G' || pn[k] == 'M')) ++k;
    const std::string depth_width = pn.substr(j, k - j);  // "4G72", "51272", "1G64", "16G72"
    if (depth_width.size() >= 3) {
        const std::string width = depth_width.substr(depth_width.size() - 2);
        const std::string depth = depth_width.substr(0, depth_width.size() - 2);
        std::uint64_t words = 0;
        // Depth in words: "4G" (GiB) or "512" (MiB); anything else ("GG", 30 digits) is no claim.
        if (!depth.empty() && depth.back() == 'G') {
            if (const auto g = parse_unsigned(std::string_view(depth).substr(0, depth.size() - 1), 1024)) words = *g * GiB;
        } else if (const auto m = parse_unsigned(depth, 1024 * 1024)) {
            words = *m * MiB;
        }
        if (words != 0 && (width == "64" || width == "72")) {
            info.capacity_bytes = claim(words * 8, Confidence::high);
            info.ecc = claim(width == "72", Confidence::high);
        }
    }
    if (k < pn.size()) {
        switch (pn[k]) {
        case 'P': info.module_type = claim(std::string("RDIMM"), Confidence::high); break;
        case 'H': info.module_type = claim(std::string("SO-DIMM"), Confidence::high); break;
        case 'A': info.module_type = claim(std::string("UDIMM"), Confidence::high); break;
        case 'L': info.module_type = claim(std::string("LRDIMM"), Confidence::high); break;
        default: break;
        }
    }
    const auto dash = pn.find('-');
    if (dash != std::string::npos && pn.size() >= dash + 4) {
        const std::string speed = pn.substr(dash + 1, 3);
        struct Code { const char* code; int mts; };
        static constexpr std::array<Code, 10> codes{{{"1G1", 1066}, {"1G4", 1333}, {"1G6", 1600}, {"1G9", 1866},
                                                     {"2G1", 2133}, {"2G3", 2400}, {"2G6", 2666}, {"2G9", 2933},
                                                     {"2S9", 2933}, {"3G2", 3200}}};
        for (const auto& c : codes) {
            if (speed == c.code) info.speed_mts = claim(c.mts, Confidence::high);
        }
    }
    return info;
}

}  // namespace

std::string_view confidence_name(Confidence c) noexcept {
    switch (c) {
    case Confidence::high: return "high";
    case Confidence::medium: return "medium";
    case Confidence::low: return "low";
    }
    return "low";
}

std::optional<PartNumberInfo> decode_part_number(std::string_view part_number) {
    const std::string pn = trim(part_number);
    if (pn.size() < 8) return std::nullopt;
    if (pn[0] == 'M' && is_digit(pn[1])) return samsung(pn);
    if (pn.starts_with("HM")) return skhynix(pn);
    if (pn.starts_with("MT") || is_digit(pn[0])) return micron(pn);
    return std::nullopt;
}

bool same_module_type(std::string_view a, std::string_view b) noexcept {
    const auto norm = [](std::string_view s) {
        std::string out;
        for (char c : s) {
            if (c != '-') out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
        return out;
    };
    return norm(a) == norm(b);
}

}  // namespace dimmguard::verifier
