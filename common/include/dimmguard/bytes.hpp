// SPDX-License-Identifier: GPL-3.0-or-later
// Byte helpers shared by the bus, decoder and synthesizer: hex, little-endian, CRC-16.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dimmguard {

using Bytes = std::span<const std::uint8_t>;

/// Lower-case hex without separators: {0x3b, 0xf2} -> "3bf2".
[[nodiscard]] inline std::string to_hex(Bytes bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0x0f]);
    }
    return out;
}

/// The value of one hex digit (either case), -1 for anything else. The project's one hex parser:
/// from_hex below, key and signature text (db), register values in bench files (firmware_io).
[[nodiscard]] constexpr int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Inverse of to_hex: an even number of hex digits (either case, nothing else) to bytes;
/// nullopt for anything else.
[[nodiscard]] inline std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex) {
    const auto digit = hex_digit;
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
    }
    return out;
}

/// "0x2c" style, as the house style writes single bytes and addresses.
[[nodiscard]] inline std::string hex_byte(std::uint8_t value) {
    static constexpr char digits[] = "0123456789abcdef";
    return std::string{'0', 'x', digits[value >> 4], digits[value & 0x0f]};
}

/// Little-endian 16-bit value at `offset` (caller checks bounds).
[[nodiscard]] constexpr std::uint16_t le16(Bytes bytes, std::size_t offset) {
    return static_cast<std::uint16_t>(bytes[offset] | (bytes[offset + 1] << 8));
}

namespace detail {
constexpr std::array<std::uint16_t, 256> make_crc16_table() {
    std::array<std::uint16_t, 256> table{};
    for (unsigned i = 0; i < 256; ++i) {
        unsigned crc = i << 8;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 0x8000U) ? ((crc << 1) ^ 0x1021U) : (crc << 1);
        }
        table[i] = static_cast<std::uint16_t>(crc & 0xffffU);
    }
    return table;
}
inline constexpr std::array<std::uint16_t, 256> crc16_table = make_crc16_table();
}  // namespace detail

/// JEDEC SPD CRC-16: polynomial 0x1021, init 0, MSB first, no reflection, no final XOR
/// (CRC-16/XMODEM; "123456789" -> 0x31c3). Stored little-endian in the SPD.
[[nodiscard]] constexpr std::uint16_t crc16_spd(Bytes bytes) {
    std::uint16_t crc = 0;
    for (std::uint8_t b : bytes) {
        crc = static_cast<std::uint16_t>((crc << 8) ^ detail::crc16_table[((crc >> 8) ^ b) & 0xffU]);
    }
    return crc;
}

}  // namespace dimmguard
