// SPDX-License-Identifier: GPL-3.0-or-later
// The one DDR generation enum and the one CRC-block table, shared by the SPD reader
// (firmware_io: image size, early re-read on a CRC mismatch) and the decoders (verifier).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace dimmguard {

/// Memory generation of an SPD image; `unknown` for anything not decoded in depth (DDR2, LPDDR...).
enum class Generation { unknown, ddr3, ddr4, ddr5 };

/// SPD byte 2 (DRAM device type) of each generation.
inline constexpr std::uint8_t type_byte_ddr3 = 0x0b;
inline constexpr std::uint8_t type_byte_ddr4 = 0x0c;
inline constexpr std::uint8_t type_byte_ddr5 = 0x12;

/// "DDR3", "DDR4", "DDR5", "unknown".
[[nodiscard]] constexpr std::string_view generation_name(Generation g) noexcept {
    switch (g) {
    case Generation::ddr3: return "DDR3";
    case Generation::ddr4: return "DDR4";
    case Generation::ddr5: return "DDR5";
    case Generation::unknown: break;
    }
    return "unknown";
}

/// Generation from SPD byte 2 (0x0b DDR3, 0x0c DDR4, 0x12 DDR5), unknown otherwise.
[[nodiscard]] constexpr Generation generation_from_type_byte(std::uint8_t byte2) noexcept {
    switch (byte2) {
    case type_byte_ddr3: return Generation::ddr3;
    case type_byte_ddr4: return Generation::ddr4;
    case type_byte_ddr5: return Generation::ddr5;
    default: return Generation::unknown;
    }
}

/// Full image size in bytes: 256 (DDR3), 512 (DDR4, EE1004), 1024 (DDR5, SPD5118), 0 otherwise.
[[nodiscard]] constexpr std::size_t full_image_size(Generation g) noexcept {
    switch (g) {
    case Generation::ddr3: return 256;
    case Generation::ddr4: return 512;
    case Generation::ddr5: return 1024;
    case Generation::unknown: break;
    }
    return 0;
}

/// One JEDEC CRC-16 block: bytes [first, last] hashed, the CRC stored little-endian at
/// `stored_at` and `stored_at + 1` (spd-reference.md, fact 4).
struct CrcSpan {
    std::string_view name;     ///< "base" (DDR3, DDR5), "block 0" / "block 1" (DDR4)
    std::uint16_t first = 0;
    std::uint16_t last = 0;
    std::uint16_t stored_at = 0;
};

/// The CRC blocks of one generation (at most two), iterable.
struct CrcSpans {
    std::array<CrcSpan, 2> spans{};
    std::size_t count = 0;
    [[nodiscard]] constexpr const CrcSpan* begin() const noexcept { return spans.data(); }
    [[nodiscard]] constexpr const CrcSpan* end() const noexcept { return spans.data() + count; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return count; }
    [[nodiscard]] constexpr bool empty() const noexcept { return count == 0; }
};

/// DDR3 byte 0 bit 7: the CRC covers bytes 0-116 (set) or 0-125 (clear), JESD21-C Annex K.
inline constexpr std::uint8_t ddr3_short_crc_bit = 0x80;

/// The CRC blocks of a generation. DDR3 depends on byte 0 (`byte0`, ignored otherwise): 0-116 or
/// 0-125, stored at 126. DDR4 (Annex L): 0-125 at 126 and 128-253 at 254. DDR5 (JESD400-5):
/// 0-509 at 510. Unknown generations have none.
[[nodiscard]] constexpr CrcSpans crc_spans(Generation g, std::uint8_t byte0 = 0) noexcept {
    switch (g) {
    case Generation::ddr3:
        return {{CrcSpan{"base", 0, static_cast<std::uint16_t>((byte0 & ddr3_short_crc_bit) ? 116 : 125), 126}}, 1};
    case Generation::ddr4: return {{CrcSpan{"block 0", 0, 125, 126}, CrcSpan{"block 1", 128, 253, 254}}, 2};
    case Generation::ddr5: return {{CrcSpan{"base", 0, 509, 510}}, 1};
    case Generation::unknown: break;
    }
    return {};
}

/// The CRC blocks of `image` (byte 0 read from it when present).
[[nodiscard]] constexpr CrcSpans crc_spans(Generation g, std::span<const std::uint8_t> image) noexcept {
    return crc_spans(g, image.empty() ? std::uint8_t{0} : image[0]);
}

}  // namespace dimmguard
