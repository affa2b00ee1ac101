// SPDX-License-Identifier: GPL-3.0-or-later
// Checked number parsing for text that outsiders write (SPD part numbers, labels, bundles, trust
// documents, traces). Never throws: std::stoi and friends throw on bad or huge input, and one
// such exception used to end a whole scan (issue #13).
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>

namespace dimmguard {

/// Unsigned number in `base` (10 or 16): every character a digit of that base, at least one, no
/// sign, no spaces, value at most `max`. nullopt for anything else.
[[nodiscard]] inline std::optional<std::uint64_t> parse_unsigned(std::string_view text,
                                                                 std::uint64_t max = std::numeric_limits<std::uint64_t>::max(),
                                                                 int base = 10) noexcept {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}

/// Decimal number as an int, at most `max` (a small count or field: dies, width, speed, year).
[[nodiscard]] inline std::optional<int> parse_small(std::string_view text, int max = std::numeric_limits<int>::max()) noexcept {
    const auto v = parse_unsigned(text, static_cast<std::uint64_t>(max));
    if (!v) return std::nullopt;
    return static_cast<int>(*v);
}

}  // namespace dimmguard
