// SPDX-License-Identifier: GPL-3.0-or-later
// dmidecode type 17 text parser (tab-indented "Key: Value" lines under "Memory Device").
#include "verifier/smbios.hpp"

#include <string>

namespace dimmguard::verifier {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::vector<SmbiosDevice> parse_dmidecode_type17(std::string_view text) {
    std::vector<SmbiosDevice> out;
    SmbiosDevice current;
    bool in_device = false, populated = false;
    const auto flush = [&] {
        if (in_device && populated) out.push_back(current);
        current = SmbiosDevice{};
        in_device = populated = false;
    };
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        const std::string_view line = trim(raw);
        if (line == "Memory Device") {
            flush();
            in_device = true;
            continue;
        }
        if (!in_device) continue;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            if (line.empty()) flush();
            continue;
        }
        const auto key = trim(line.substr(0, colon));
        const auto value = std::string(trim(line.substr(colon + 1)));
        if (key == "Locator") current.locator = value;
        else if (key == "Manufacturer") current.manufacturer = value;
        else if (key == "Serial Number") current.serial = value;
        else if (key == "Part Number") current.part_number = value;
        else if (key == "Size") populated = value.find("No Module") == std::string::npos && value != "0";
    }
    flush();
    return out;
}

}  // namespace dimmguard::verifier
