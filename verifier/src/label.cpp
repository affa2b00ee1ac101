// SPDX-License-Identifier: GPL-3.0-or-later
// GS1 element strings (the AIs a memory module's label carries) and label normalisation.
#include "verifier/label.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace dimmguard::verifier {
namespace {

constexpr std::size_t max_label = 4096;

// The AIs seen on component and module labels, with their value lengths (GS1 General
// Specifications, section 3): fixed, or variable up to `max`.
struct AiSpec {
    std::string_view ai;
    std::size_t fixed;   ///< 0 = variable
    std::size_t max;
};
constexpr std::array<AiSpec, 20> ai_table = {{
    {"00", 18, 18}, {"01", 14, 14}, {"02", 14, 14}, {"10", 0, 20}, {"11", 6, 6}, {"12", 6, 6}, {"13", 6, 6}, {"15", 6, 6},
    {"16", 6, 6}, {"17", 6, 6}, {"20", 2, 2}, {"21", 0, 20}, {"22", 0, 20}, {"240", 0, 30}, {"241", 0, 30}, {"250", 0, 30},
    {"30", 0, 8}, {"37", 0, 8}, {"400", 0, 30}, {"90", 0, 30},
}};

const AiSpec* find_ai(std::string_view text) {
    // Three-digit AIs first: "240" must not read as "24" + "0...".
    for (std::size_t len : {std::size_t{3}, std::size_t{2}}) {
        if (text.size() < len) continue;
        for (const AiSpec& spec : ai_table) {
            if (spec.ai.size() == len && text.substr(0, len) == spec.ai) return &spec;
        }
    }
    return nullptr;
}

// Replace the typed stand-ins of the group separator by ASCII 29.
std::string with_gs(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        bool replaced = false;
        for (std::string_view stand_in : {std::string_view("<GS>"), std::string_view("{GS}"), std::string_view("^]")}) {
            if (text.substr(i, stand_in.size()) == stand_in) {
                out.push_back('\x1d');
                i += stand_in.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) out.push_back(text[i++]);
    }
    return out;
}

std::vector<Gs1Element> parse_element_string(std::string_view s) {
    std::vector<Gs1Element> out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '\x1d') {
            ++i;
            continue;
        }
        const AiSpec* spec = find_ai(s.substr(i));
        if (spec == nullptr) break;
        i += spec->ai.size();
        std::size_t end = i;
        if (spec->fixed != 0) {
            end = i + spec->fixed;
            if (end > s.size()) break;
            if (s.substr(i, spec->fixed).find('\x1d') != std::string_view::npos) break;
        } else {
            end = s.find('\x1d', i);
            if (end == std::string_view::npos) end = s.size();
            if (end - i > spec->max || end == i) break;
        }
        out.push_back({std::string(spec->ai), std::string(s.substr(i, end - i))});
        i = end;
    }
    return out;
}

std::vector<Gs1Element> parse_parenthesized(std::string_view s) {
    // "(01)04012345678901(21)3BF2A001(240)M321R4GA0BB0-CQK"
    std::vector<Gs1Element> out;
    std::size_t i = 0;
    while (i < s.size() && s[i] == '(') {
        const std::size_t close = s.find(')', i);
        if (close == std::string_view::npos || close - i - 1 < 2 || close - i - 1 > 4) break;
        const std::string_view ai = s.substr(i + 1, close - i - 1);
        const AiSpec* spec = find_ai(ai);
        if (spec == nullptr || spec->ai != ai) break;
        std::size_t end = s.find('(', close + 1);
        if (end == std::string_view::npos) end = s.size();
        std::string_view value = s.substr(close + 1, end - close - 1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\x1d')) value.remove_suffix(1);
        if (value.empty() || value.size() > spec->max || (spec->fixed != 0 && value.size() != spec->fixed)) break;
        out.push_back({std::string(ai), std::string(value)});
        i = end;
    }
    return out;
}

}  // namespace

std::vector<Gs1Element> parse_gs1(std::string_view text) {
    if (text.size() > max_label) text = text.substr(0, max_label);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\r' || text.front() == '\n')) text.remove_prefix(1);
    const std::string s = with_gs(text);
    std::string_view body = s;
    for (std::string_view symbology : {"]C1", "]d2", "]Q3", "]e0"}) {
        if (body.starts_with(symbology)) return parse_element_string(body.substr(symbology.size()));
    }
    if (body.starts_with('(')) return parse_parenthesized(body);
    // Without a symbology identifier only the unmistakable starts: an SSCC or a GTIN, whose
    // digits are checked, so free text ("0123 64GB") is never read as GS1.
    const auto digits = [&](std::size_t from, std::size_t n) {
        return body.size() >= from + n && std::all_of(body.begin() + static_cast<std::ptrdiff_t>(from), body.begin() + static_cast<std::ptrdiff_t>(from + n),
                                                      [](unsigned char c) { return std::isdigit(c) != 0; });
    };
    if ((body.starts_with("01") || body.starts_with("02")) && digits(2, 14) && body.size() > 16) return parse_element_string(body);
    if (body.starts_with("00") && digits(2, 18) && body.size() > 20) return parse_element_string(body);
    return {};
}

std::string label_words(std::string_view text) {
    if (text.size() > max_label) text = text.substr(0, max_label);
    const std::vector<Gs1Element> elements = parse_gs1(text);
    std::string out;
    if (!elements.empty()) {
        std::string part, customer_part, serial;
        for (const auto& e : elements) {
            if (e.ai == "240" && part.empty()) part = e.value;
            if (e.ai == "241" && customer_part.empty()) customer_part = e.value;
            if (e.ai == "21" && serial.empty()) serial = e.value;
        }
        if (part.empty()) part = customer_part;
        out = part;
        if (!serial.empty()) out += (out.empty() ? "" : " ") + std::string("S/N ") + serial;
    } else {
        out.assign(text);
    }
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') c = ' ';
    }
    return out;
}

}  // namespace dimmguard::verifier
