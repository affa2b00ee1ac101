// SPDX-License-Identifier: GPL-3.0-or-later
// Where the fields the verifier reads live in an SPD image, per generation: the manufacturing
// block (who made the module, when, its serial and part number) and the CRC blocks. The decoders
// read through these tables, and front ends that mark bytes (the Bench screen's hex view) use
// the same tables instead of copying offsets.
#pragma once

#include <cstdint>
#include <optional>

#include "dimmguard/spd_generation.hpp"

namespace dimmguard::verifier {

/// The manufacturing block of one generation (byte offsets into the image).
/// DDR3: JESD21-C Annex K bytes 117-149; DDR4: Annex L bytes 320-352; DDR5: JESD400-5 bytes
/// 512-554 (spd-reference.md, section 4).
struct ManufacturingLayout {
    std::uint16_t maker = 0;          ///< module maker, JEP106 (2 bytes)
    std::uint16_t location = 0;       ///< manufacturing location (1 byte)
    std::uint16_t date = 0;           ///< year, week (2 bytes)
    std::uint16_t serial = 0;         ///< serial number (4 bytes)
    std::uint16_t part = 0;           ///< part number, ASCII
    std::uint16_t part_len = 0;
    std::uint16_t revision = 0;       ///< module revision code
    std::uint16_t revision_len = 1;
    std::uint16_t dram_maker = 0;     ///< DRAM maker, JEP106 (2 bytes)
    std::optional<std::uint16_t> stepping;   ///< DRAM stepping (1 byte; DDR4 and DDR5 only)

    /// One past the last byte of the block the decoder reads.
    [[nodiscard]] constexpr std::uint16_t end() const noexcept {
        std::uint16_t e = static_cast<std::uint16_t>(dram_maker + 2);
        if (part + part_len > e) e = static_cast<std::uint16_t>(part + part_len);
        if (revision + revision_len > e) e = static_cast<std::uint16_t>(revision + revision_len);
        if (stepping && *stepping + 1 > e) e = static_cast<std::uint16_t>(*stepping + 1);
        return e;
    }
};

/// The manufacturing block of `g`; nullopt for a generation not decoded in depth.
[[nodiscard]] constexpr std::optional<ManufacturingLayout> manufacturing_layout(Generation g) noexcept {
    switch (g) {
    case Generation::ddr3:
        return ManufacturingLayout{.maker = 117, .location = 119, .date = 120, .serial = 122, .part = 128, .part_len = 18,
                                   .revision = 146, .revision_len = 2, .dram_maker = 148, .stepping = std::nullopt};
    case Generation::ddr4:
        return ManufacturingLayout{.maker = 320, .location = 322, .date = 323, .serial = 325, .part = 329, .part_len = 20,
                                   .revision = 349, .revision_len = 1, .dram_maker = 350, .stepping = std::uint16_t{352}};
    case Generation::ddr5:
        return ManufacturingLayout{.maker = 512, .location = 514, .date = 515, .serial = 517, .part = 521, .part_len = 30,
                                   .revision = 551, .revision_len = 1, .dram_maker = 552, .stepping = std::uint16_t{554}};
    case Generation::unknown: break;
    }
    return std::nullopt;
}

// The CRC blocks are dimmguard::crc_spans() (dimmguard/spd_generation.hpp): the same table the
// SPD reader in firmware_io uses to decide whether a read needs repeating.

}  // namespace dimmguard::verifier
