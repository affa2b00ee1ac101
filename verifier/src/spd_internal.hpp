// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the per-generation SPD decoders (private to verifier).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "verifier/spd.hpp"

namespace dimmguard::verifier::detail {

/// Read-only view of an image with bounds-safe accessors; out-of-range reads return 0,
/// and callers check `has()` where a missing byte must be reported.
class SpdView {
public:
    explicit SpdView(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
    [[nodiscard]] std::uint8_t at(std::size_t offset) const noexcept {
        return offset < bytes_.size() ? bytes_[offset] : 0;
    }
    [[nodiscard]] std::uint16_t le16(std::size_t offset) const noexcept {
        return static_cast<std::uint16_t>(at(offset) | (at(offset + 1) << 8));
    }
    [[nodiscard]] bool has(std::size_t first, std::size_t count) const noexcept {
        return first + count <= bytes_.size();
    }
    [[nodiscard]] std::span<const std::uint8_t> slice(std::size_t first, std::size_t count) const {
        return bytes_.subspan(first, count);
    }
    [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }
    [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }

private:
    std::span<const std::uint8_t> bytes_;
};

/// "byte 0x03" / "bytes 0x140-0x141" for notes.
std::string byte_label(std::size_t offset);

void add_note(DecodedSpd& spd, std::string field, std::string message);

/// Check every CRC block of the generation (dimmguard::crc_spans, the table the SPD reader
/// shares) and record it in spd.crc, with a note for a mismatch or a truncated block.
void add_crc_blocks(DecodedSpd& spd, const SpdView& view);

/// Decode the date bytes; notes invalid BCD / week ranges.
DateCode decode_date(DecodedSpd& spd, std::uint8_t year_raw, std::uint8_t week_raw, std::size_t offset);

/// Decode serial, part number, makers from the generation's manufacturing block
/// (verifier/spd_layout.hpp, spd.type must be set).
void decode_manufacturing(DecodedSpd& spd, const SpdView& view);

/// Fill speed_mts, speed grade and name from tCKmin for the given generation.
void set_speed(DecodedSpd& spd);

/// Round a time to clocks the way JEDEC does (with 2.5 % guard band, as in JESD21-C).
int clocks_for(std::uint32_t time_ps, std::uint32_t tck_ps);

/// CL used at tCKmin: the smallest supported CL >= ceil(tAA / tCK).
int cas_latency_at_tck(const Timings& timings);

/// Find XMP / EXPO headers and HPE SmartMemory blocks in the end-user area.
void decode_profiles(DecodedSpd& spd, const SpdView& view);

/// SHA-256 over the listed ranges (must lie inside the image).
void compute_fingerprint(DecodedSpd& spd, const SpdView& view, std::vector<ByteRange> ranges);

void decode_ddr3(DecodedSpd& spd, const SpdView& view);
void decode_ddr4(DecodedSpd& spd, const SpdView& view);
void decode_ddr5(DecodedSpd& spd, const SpdView& view);

/// "reserved (0x0f)"
std::string reserved_value(std::uint8_t value);

/// Byte 3: module type name from a generation's table (nullptr = reserved, noted), the hybrid
/// bit, and whether the type is registered (RDIMM/LRDIMM class).
void decode_module_type(DecodedSpd& spd, std::uint8_t byte3, const std::array<const char*, 16>& names,
                        std::initializer_list<unsigned> registered_codes);

/// DDR3 byte 8 / DDR4 byte 13: [2:0] primary bus width, [4:3] ECC extension (1 = 8 bits).
void decode_bus_width(DecodedSpd& spd, std::uint8_t value, std::size_t offset);

}  // namespace dimmguard::verifier::detail
