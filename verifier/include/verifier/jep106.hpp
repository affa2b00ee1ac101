// SPDX-License-Identifier: GPL-3.0-or-later
// JEP106 manufacturer IDs: the two-byte SPD form, parity, and names (table rev. JEP106BO).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dimmguard::verifier {

/// A manufacturer ID as stored in SPD / DDR5 device registers: byte 0 = continuation
/// count with odd parity in bit 7, byte 1 = code with odd parity in bit 7.
struct Jep106Id {
    std::uint8_t bank_byte = 0;
    std::uint8_t code_byte = 0;
    bool programmed = false;      ///< false when both bytes are 0x00 or both 0xff
    bool parity_ok = false;       ///< both bytes have odd parity and the code is not 0/0x7f
    int bank = 0;                 ///< 1-based: (bank_byte & 0x7f) + 1
    int code = 0;                 ///< code_byte & 0x7f
    std::string name;             ///< table name; empty when the (bank, code) is not listed
    [[nodiscard]] std::string hex() const;        ///< "802c"
    [[nodiscard]] std::string display() const;    ///< "Micron Technology", "unknown (bank 25, 0x18)", "not programmed"
};

/// Revision of the JEP106 table compiled in.
[[nodiscard]] std::string_view jep106_table_revision() noexcept;

/// Decode two stored bytes (parity, bank, table name).
[[nodiscard]] Jep106Id decode_jep106(std::uint8_t bank_byte, std::uint8_t code_byte);

/// Table name for a 1-based bank and 7-bit code, if listed.
[[nodiscard]] std::optional<std::string_view> jep106_name(int bank, int code) noexcept;

/// Odd-parity form of a 7-bit value (sets bit 7 when the popcount of the low 7 bits is even).
[[nodiscard]] constexpr std::uint8_t jep106_with_parity(unsigned value7) noexcept {
    unsigned v = value7 & 0x7fU;
    unsigned ones = 0;
    for (unsigned x = v; x != 0; x >>= 1) ones += x & 1U;
    return static_cast<std::uint8_t>((ones % 2 == 0) ? (v | 0x80U) : v);
}

/// Manufacturers whose name matches `query`: an exact (case-insensitive) name wins, otherwise
/// every name that starts with it. Also accepts the stored hex form "802c" / "0x80,0x2c".
[[nodiscard]] std::vector<Jep106Id> jep106_lookup(std::string_view query);

}  // namespace dimmguard::verifier
