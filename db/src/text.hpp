// SPDX-License-Identifier: GPL-3.0-or-later
// Text helpers shared by the db sources (not part of the public API).
#pragma once

#include <string_view>
#include <vector>

namespace dimmguard::db::detail {

/// Every field of `text` between `separator`s, empty ones included ("a,,b" -> a, "", b).
inline std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

}  // namespace dimmguard::db::detail
