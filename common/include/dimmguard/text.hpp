// SPDX-License-Identifier: GPL-3.0-or-later
// Text that outsiders wrote (SPD part numbers, labels, lots, context from other stations,
// bundle fields): UTF-8 validation where it is stored, and escaping before it reaches a terminal
// so that no escape sequence from a counterfeiter's data can rewrite what the operator sees.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dimmguard {

namespace detail {
/// Length of the UTF-8 sequence at the start of `s` (1-4), or 0 when it is not valid UTF-8
/// (bad lead byte, missing or bad continuation, overlong form, surrogate, above U+10FFFF);
/// -1 when `s` ends inside an otherwise valid sequence.
[[nodiscard]] constexpr int utf8_sequence(std::string_view s) noexcept {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = b(0);
    if (lead < 0x80) return 1;
    int length = 0;
    unsigned char low = 0x80, high = 0xbf;   // allowed range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) low = 0xa0;
        if (lead == 0xed) high = 0x9f;   // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) low = 0x90;
        if (lead == 0xf4) high = 0x8f;
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (static_cast<std::size_t>(i) >= s.size()) return -1;
        const unsigned char c = b(static_cast<std::size_t>(i));
        if (i == 1 ? (c < low || c > high) : (c < 0x80 || c > 0xbf)) return 0;
    }
    return length;
}

/// The code point of a valid sequence of `length` bytes.
[[nodiscard]] constexpr std::uint32_t utf8_code_point(std::string_view s, int length) noexcept {
    const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
    switch (length) {
    case 1: return b(0);
    case 2: return (b(0) & 0x1f) << 6 | (b(1) & 0x3f);
    case 3: return (b(0) & 0x0f) << 12 | (b(1) & 0x3f) << 6 | (b(2) & 0x3f);
    default: return (b(0) & 0x07) << 18 | (b(1) & 0x3f) << 12 | (b(2) & 0x3f) << 6 | (b(3) & 0x3f);
    }
}
}  // namespace detail

/// Longest free text (a label, a lot, a context value, a reason) signed into a sighting: a label
/// or a purchase order is a line, and nothing an outsider types may grow the log without bound.
inline constexpr std::size_t max_field_bytes = 1024;

/// Whether `s` is valid UTF-8 throughout.
[[nodiscard]] constexpr bool valid_utf8(std::string_view s) noexcept {
    while (!s.empty()) {
        const int n = detail::utf8_sequence(s);
        if (n <= 0) return false;
        s.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

/// Code points a terminal must never receive raw from data: C0 controls except TAB and LF,
/// DEL, C1 controls, and the bidirectional overrides and isolates that reorder what is shown.
[[nodiscard]] constexpr bool unsafe_on_terminal(std::uint32_t cp) noexcept {
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

namespace detail {

// Tests on eight bytes at once (a 64-bit word): each returns the high bit of every byte of the
// word for which the test holds. Each is exact per byte (no carry or borrow crosses a byte), so
// a zero result answers for all eight bytes.
inline constexpr std::uint64_t word_ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t word_highs = 0x8080808080808080ULL;
inline constexpr std::uint64_t word_lows = 0x7f7f7f7f7f7f7f7fULL;

[[nodiscard]] inline std::uint64_t load8(const void* p) noexcept {
    std::uint64_t x;
    std::memcpy(&x, p, sizeof x);
    return x;
}
/// Bytes below 0x20 (C0 controls).
[[nodiscard]] constexpr std::uint64_t control_bytes(std::uint64_t x) noexcept {
    return ~((x | word_highs) - word_ones * 0x20) & ~x & word_highs;
}
/// Bytes 0x7f and up (DEL, and everything that is not ASCII).
[[nodiscard]] constexpr std::uint64_t bytes_above_tilde(std::uint64_t x) noexcept {
    return (((x & word_lows) + word_ones) | x) & word_highs;
}
/// Bytes equal to `c`.
[[nodiscard]] constexpr std::uint64_t bytes_equal(std::uint64_t x, unsigned char c) noexcept {
    const std::uint64_t y = x ^ (word_ones * c);
    return ~(((y & word_lows) + word_lows) | y) & word_highs;
}

}  // namespace detail

/// Streaming filter for everything the CLI prints: unsafe code points and bytes that are not
/// UTF-8 become visible escapes ("\x1b", "\xff", "\u202e"); everything else passes unchanged.
/// feed() may split a sequence across calls; finish() flushes an incomplete tail as escapes.
class TerminalFilter {
public:
    /// `single_line`: also escape TAB and LF (a field inside one line of a table).
    explicit TerminalFilter(bool single_line = false) : single_line_(single_line) {}

    [[nodiscard]] std::string feed(std::string_view chunk) {
        std::string joined;
        std::string_view s = chunk;
        if (!pending_.empty()) {
            joined = std::move(pending_);
            joined.append(chunk);
            s = joined;
        }
        std::string out;
        out.reserve(s.size());
        while (!s.empty()) {
            // Runs of printable ASCII (most of what is printed) pass in one append, checked
            // eight bytes at a time.
            std::size_t run = 0;
            for (;;) {
                while (run + 8 <= s.size() && plain8(s.data() + run)) run += 8;
                if (run < s.size() && plain(s[run])) {
                    ++run;
                    continue;
                }
                break;
            }
            if (run > 0) {
                out.append(s.data(), run);
                s.remove_prefix(run);
                continue;
            }
            const int n = detail::utf8_sequence(s);
            if (n < 0) break;   // wait for the rest of the sequence
            if (n == 0) {
                escape_byte(out, static_cast<unsigned char>(s[0]));
                s.remove_prefix(1);
                continue;
            }
            const std::uint32_t cp = detail::utf8_code_point(s, n);
            if (unsafe_on_terminal(cp) || (single_line_ && (cp == '\n' || cp == '\t'))) escape_code_point(out, cp);
            else out.append(s.substr(0, static_cast<std::size_t>(n)));
            s.remove_prefix(static_cast<std::size_t>(n));
        }
        pending_ = std::string(s);
        return out;
    }
    [[nodiscard]] std::string finish() {
        std::string out;
        for (const char c : pending_) escape_byte(out, static_cast<unsigned char>(c));
        pending_.clear();
        return out;
    }

private:
    // Whether all eight bytes at `p` pass as they are, as plain() says byte by byte: printable
    // ASCII (0x20-0x7e), and TAB and LF unless single_line_.
    [[nodiscard]] bool plain8(const char* p) const noexcept {
        const std::uint64_t x = detail::load8(p);
        std::uint64_t allowed = 0;
        if (!single_line_) allowed = detail::bytes_equal(x, '\n') | detail::bytes_equal(x, '\t');
        return ((detail::control_bytes(x) & ~allowed) | detail::bytes_above_tilde(x)) == 0;
    }
    [[nodiscard]] bool plain(char c) const noexcept {
        return (c >= 0x20 && c < 0x7f) || (!single_line_ && (c == '\n' || c == '\t'));
    }
    static void escape_byte(std::string& out, unsigned char byte) {
        static constexpr char digits[] = "0123456789abcdef";
        out += "\\x";
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
    static void escape_code_point(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) return escape_byte(out, static_cast<unsigned char>(cp));
        static constexpr char digits[] = "0123456789abcdef";
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += digits[(cp >> shift) & 15];
    }
    std::string pending_;
    bool single_line_ = false;
};

/// The whole of `s` as the terminal filter prints it; `single_line` also escapes TAB and LF.
[[nodiscard]] inline std::string terminal_safe(std::string_view s, bool single_line = false) {
    TerminalFilter filter(single_line);
    std::string out = filter.feed(s);
    out += filter.finish();
    return out;
}

}  // namespace dimmguard
