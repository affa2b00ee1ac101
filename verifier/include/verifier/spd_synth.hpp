// SPDX-License-Identifier: GPL-3.0-or-later
// The SPD synthesizer: JEDEC-valid DDR4 / DDR5 images (correct CRCs) from a short description.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dimmguard/result.hpp"
#include "verifier/spd.hpp"

namespace dimmguard::verifier {

/// What to synthesize. Makers and component vendors are JEP106 names (an exact name or a
/// unique prefix, e.g. "Micron Technology", "SK Hynix", "Montage") or the stored hex form ("802c").
struct SynthSpec {
    Generation type = Generation::ddr5;
    std::string module_type = "RDIMM";      ///< DDR4: RDIMM UDIMM SO-DIMM LRDIMM; DDR5: RDIMM UDIMM SODIMM LRDIMM CUDIMM CSODIMM
    std::uint64_t capacity_bytes = 0;       ///< required
    int ranks = 1;                          ///< package ranks (per sub-channel on DDR5)
    int device_width = 8;                   ///< 4, 8 or 16
    int dies = 1;                           ///< 1 monolithic, 2 DDP, 2/4/8/16 with three_ds
    bool three_ds = false;
    int speed_mts = 0;                      ///< JEDEC data rate, e.g. 3200 or 4800 (required)
    std::optional<bool> ecc;                ///< default: on for registered modules
    std::string maker = "Micron Technology";
    std::string dram_maker;                 ///< default: same as maker
    std::string part_number;
    std::string serial_hex = "00000001";    ///< 8 hex digits, raw byte order
    int year = 2024;
    int week = 1;
    std::uint8_t location = 0x01;
    std::uint8_t revision = 0x00;
    std::optional<std::uint8_t> dram_stepping;
    bool thermal_sensor = true;             ///< DDR4 byte 14 / DDR5 TS devices (default on for registered)
    // DDR5 declared components (registered defaults: IDT hub + PMIC, Montage RCD).
    std::string hub_vendor = "IDT";
    std::string pmic_vendor;                ///< default: IDT on registered modules, Richtek Power on client
    std::string rcd_vendor = "Montage Technology Group";
    std::string ts_vendor = "IDT";
    std::vector<int> xmp_speeds;            ///< XMP 2.0 (DDR4) / 3.0 (DDR5) profiles to add
    /// Bytes XOR-ed after the CRCs are written: emulates a corrupted or hand-edited image
    /// (benches and tests). Such an image is not checked against the description.
    std::vector<std::pair<std::size_t, std::uint8_t>> damage;
};

/// Build the image. Errc::usage names the offending field ("capacity 40 GB with 1 ranks x4
/// needs a die DDR4 cannot encode (20480 Mb)"); the result always decodes back to
/// the described geometry, speed and identity (checked before returning).
[[nodiscard]] Result<std::vector<std::uint8_t>> synthesize(const SynthSpec& spec);

/// Parse a description (bench files and `spd synth --spec` use this; see docs/synth.md).
/// Errc::bad_format names the field: "field 'speed': expected a number".
[[nodiscard]] Result<SynthSpec> synth_spec_from_json(const nlohmann::json& json);

/// The bench loader's image factory (firmware_io::ImageFactory): parse a synth description and
/// synthesize it. CLI and GUI both load benches through this.
[[nodiscard]] Result<std::vector<std::uint8_t>> synthesize_from_json(const nlohmann::json& description);

/// "64G", "64GB", "64GiB", "512M" or a plain byte count -> bytes.
[[nodiscard]] Result<std::uint64_t> parse_capacity(const std::string& text);

}  // namespace dimmguard::verifier
