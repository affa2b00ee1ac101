// SPDX-License-Identifier: GPL-3.0-or-later
// The decoded view of one SPD image (DDR3, DDR4, DDR5): what `dimmguard decode` reports.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dimmguard/result.hpp"
#include "dimmguard/spd_generation.hpp"
#include "verifier/jep106.hpp"

namespace dimmguard::verifier {

// The memory generation is dimmguard::Generation (dimmguard/spd_generation.hpp), the one enum
// firmware_io and the verifier share, with generation_name(), generation_from_type_byte() and
// full_image_size(); the byte offsets the decoders use are in verifier/spd_layout.hpp.
using dimmguard::Generation;
using dimmguard::generation_name;

/// A manufacturing date as stored: BCD year (20xx) and BCD week as JEDEC says, or, when the
/// bytes are not BCD, binary year (20xx) and week as some makers write them (decode-dimms reads
/// both the same way).
struct DateCode {
    std::uint8_t year_raw = 0;
    std::uint8_t week_raw = 0;
    bool programmed = false;        ///< false when both bytes are 0x00 or both 0xff
    bool valid = false;             ///< a BCD or binary year 0-99 and week in 1..53
    bool binary = false;            ///< valid only read as binary (not BCD)
    int year = 0;                   ///< 2000 + BCD year when valid
    int week = 0;                   ///< 1..53 when valid
    [[nodiscard]] std::string to_string() const;  ///< "2022-W43", "not programmed", "invalid (0x1a 0x66)"
};

/// One CRC-16 block: bytes [first, last] hashed, stored little-endian at `stored_at`.
struct CrcBlock {
    std::string name;          ///< "base" (DDR3/DDR5), "block 0", "block 1" (DDR4)
    std::uint16_t first = 0;
    std::uint16_t last = 0;
    std::uint16_t stored_at = 0;
    std::uint16_t stored = 0;
    std::uint16_t computed = 0;
    bool present = true;       ///< false when the image is too short to hold the block
    [[nodiscard]] bool ok() const noexcept { return present && stored == computed; }
};

/// A component the DDR5 SPD declares (hub, PMIC0..2, TS, RCD/CKD, DB), or the DDR3/DDR4
/// register; `vendor` is the declared JEP106 maker.
struct Component {
    std::string role;          ///< "hub", "pmic0", "pmic1", "pmic2", "ts", "rcd", "ckd", "db", "register"
    bool present = false;      ///< the SPD says the device is fitted
    Jep106Id vendor;
    std::uint8_t type_raw = 0;
    std::string type_name;     ///< "SPD5118", "PMIC5100", "RCD01", "reserved (0x0f)"
    std::uint8_t revision = 0;
    int count = 1;             ///< TS only: 1 or 2 sensors (TS0/TS1)
};

/// An overclocking profile (Intel XMP or AMD EXPO) found in the end-user area.
struct ProfileEntry {
    int index = 0;             ///< 1-based profile number within its block
    bool enabled = false;      ///< the header's enable bit for this profile
    std::uint32_t tck_ps = 0;  ///< 0 when unset
    int speed_mts = 0;         ///< data rate rounded to the nearest MT/s, 0 when unset
    std::string name;          ///< XMP 3.0 profile name when printable, else empty
};

struct ProfileBlock {
    std::string kind;          ///< "XMP 1.x", "XMP 2.0", "XMP 3.0", "EXPO"
    std::uint16_t offset = 0;
    std::uint8_t version = 0;  ///< raw version byte (0x13, 0x20, 0x30, EXPO 0x10)
    std::vector<ProfileEntry> profiles;
};

/// A note about an invalid, reserved or suspicious value: the decoder reports instead of guessing.
struct DecodeNote {
    std::string field;         ///< "module_type", "date", "crc", "part_number" ...
    std::string message;       ///< lower-case, names the byte: "byte 0x03: reserved module type 0x0f"
};

/// Geometry and organisation of the module.
struct Geometry {
    std::uint64_t capacity_bytes = 0;   ///< 0 when it cannot be computed from the bytes
    int package_ranks = 0;              ///< per module (DDR3/DDR4) or per sub-channel (DDR5)
    int logical_ranks = 0;              ///< package ranks x die count for 3DS stacks
    int die_density_mbit = 0;           ///< per die; 0 when reserved
    int die_count = 1;                  ///< dies per package
    std::string package;                ///< "monolithic", "DDP", "3DS 4H", "multi-die"
    bool three_ds = false;
    bool asymmetric = false;
    int device_width = 0;               ///< x4/x8/x16/x32, 0 when reserved
    int subchannels = 1;                ///< DDR5: 2 per DIMM; 1 otherwise
    int primary_bus_width = 0;          ///< bits per (sub-)channel
    int ecc_bus_width = 0;              ///< extension bits per (sub-)channel
    int bank_groups = 0;
    int banks_per_group = 0;
    int row_bits = 0;
    int column_bits = 0;
};

/// JEDEC timing parameters; picoseconds throughout.
struct Timings {
    std::uint32_t tck_min_ps = 0;
    std::uint32_t tck_max_ps = 0;
    int speed_mts = 0;                  ///< 2'000'000 / tCKmin, rounded
    int speed_grade_mts = 0;            ///< nearest JEDEC bin (e.g. 4800) or 0 when non-standard
    std::string speed_name;             ///< "DDR5-4800", "DDR4-3200 (PC4-25600)"
    std::vector<int> cas_latencies;     ///< supported CLs, ascending
    std::uint32_t taa_ps = 0;
    std::uint32_t trcd_ps = 0;
    std::uint32_t trp_ps = 0;
    std::uint32_t tras_ps = 0;
    std::uint32_t trc_ps = 0;
    int cl = 0;                         ///< ceil(tAA / tCK) rounded to a supported CL
    int trcd_clocks = 0;
    int trp_clocks = 0;
};

/// The manufacturing (identity) block.
struct Manufacturing {
    bool present = false;               ///< false when the image stops before the block
    Jep106Id module_maker;
    std::uint8_t location = 0;
    DateCode date;
    std::array<std::uint8_t, 4> serial{};
    std::string serial_hex;             ///< "3bf239f8" (raw byte order)
    bool serial_blank = false;          ///< all 0x00, all 0xff, or all spaces
    std::string part_number;            ///< printable ASCII, trailing spaces/NULs trimmed
    std::string part_number_raw_hex;    ///< the field's raw bytes, for evidence
    bool part_number_printable = true;  ///< false when the field holds non-ASCII bytes
    std::uint16_t revision = 0;         ///< DDR3: 2 bytes; DDR4/DDR5: 1 byte
    Jep106Id dram_maker;
    std::optional<std::uint8_t> dram_stepping;  ///< absent on DDR3 and when 0xff
};

/// A byte range [first, last] inclusive, used to document fingerprint coverage.
struct ByteRange {
    std::uint16_t first = 0;
    std::uint16_t last = 0;
};

struct Fingerprint {
    bool available = false;             ///< false when the image is too short to compute it
    std::string sha256_hex;
    std::vector<ByteRange> ranges;      ///< exactly the bytes hashed, in order
};

/// Everything decoded from one image. Built by decode_spd(); every field is filled from
/// bytes, and anything invalid is listed in `notes` rather than guessed.
struct DecodedSpd {
    Generation type = Generation::unknown;
    std::uint8_t type_byte = 0;
    std::string type_name;              ///< from byte 2, even for generations not decoded
    std::size_t image_size = 0;
    std::size_t spd_bytes_total = 0;    ///< what byte 0 declares
    std::size_t spd_bytes_used = 0;     ///< DDR3/DDR4 byte 0 [3:0]
    bool truncated = false;             ///< image shorter than the generation's full size
    std::string spd_revision;           ///< "1.1"
    std::uint8_t module_type_raw = 0;
    std::string module_type;            ///< "RDIMM", "SO-DIMM", "reserved (0x0f)"
    bool hybrid = false;
    bool registered = false;            ///< RDIMM/LRDIMM-class (has a register/RCD)
    Geometry geometry;
    Timings timings;
    Manufacturing manufacturing;
    std::vector<Component> components;  ///< DDR5 declared devices; DDR3/DDR4 register
    bool thermal_sensor = false;        ///< DDR4 byte 14 bit 7 / DDR3 byte 32 bit 7 / DDR5 TS
    std::vector<CrcBlock> crc;
    std::vector<ProfileBlock> profiles;
    std::optional<std::uint16_t> hpe_smartmemory_offset;  ///< "HPT" vendor block
    Fingerprint fingerprint;
    std::vector<DecodeNote> notes;

    [[nodiscard]] bool crc_ok() const noexcept;            ///< every present block matches
};

/// Decode an SPD image. Fails only when nothing can be decoded at all (Errc::bad_format:
/// empty image, or too short to hold the type byte); an unknown memory type, bad CRCs,
/// reserved values and truncation all decode and are reported in the result.
[[nodiscard]] Result<DecodedSpd> decode_spd(std::span<const std::uint8_t> image);

}  // namespace dimmguard::verifier
