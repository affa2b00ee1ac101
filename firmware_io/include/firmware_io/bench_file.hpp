// SPDX-License-Identifier: GPL-3.0-or-later
// The bench file: a JSON description of emulated SMBus segments and the modules on them
// (docs/bench-format.md), turned into EmulatedBus objects that readers use like real buses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dimmguard/result.hpp"
#include "firmware_io/emulated_bus.hpp"
#include "firmware_io/smbus_bus.hpp"

namespace dimmguard::firmware_io {

/// Makes an SPD image from a slot's `"spd": {"synth": {...}}` object. firmware_io cannot call
/// the synthesizer itself (it lives in verifier, which depends on firmware_io), so callers pass
/// e.g. `[](const json& j) { return verifier::synthesize(verifier::synth_spec_from_json(j)); }`
/// (with the Result chained). Its error message is reported after the field path.
using ImageFactory = std::function<Result<std::vector<std::uint8_t>>(const nlohmann::json& synth_description)>;

/// One module position of a bench.
struct BenchSlot {
    std::string bus;          ///< bus name as in the file ("i2c-0"), without the adapter
    std::size_t bus_index = 0;  ///< index into EmulatedBench::buses / EmulatedBench::emulated
    Address address = 0x50;   ///< SPD (hub) address, 0x50-0x57
    std::string label;        ///< "DIMM A1"; empty when the file gives none
    std::string source;       ///< "file:../spd/x.bin" (as written in the file) or "synth"
    std::uint8_t dram_type = 0;  ///< SPD byte 2 of the image: 0x0b, 0x0c or 0x12
};

/// A loaded bench. The buses own their devices; the vectors are in file order.
struct EmulatedBench {
    std::vector<std::shared_ptr<SmbusBus>> buses;        ///< what readers use (FaultyBus-wrapped when the bench asks for faults)
    std::vector<std::shared_ptr<EmulatedBus>> emulated;  ///< same order, the raw segments (stray-write checks, device_at)
    std::vector<BenchSlot> sockets;                      ///< every slot of every bus, in file order
};

/// Current (and only) bench format version.
inline constexpr int bench_schema_version = 1;

/// Build a bench from a parsed document. Relative `spd.file` paths are resolved against
/// `base_dir`. Errors name the field path: Errc::bad_format for a malformed document
/// ("buses[0].slots[2].address: 0x48 is not an SPD address (0x50-0x57)"), the dump loader's
/// code for an unreadable image ("buses[0].slots[1].spd.file: ../x.bin: no such file",
/// Errc::not_found), Errc::unsupported for a synth block when `synth` is empty.
[[nodiscard]] Result<EmulatedBench> parse_bench(const nlohmann::json& doc, const std::filesystem::path& base_dir,
                                        const ImageFactory& synth);

/// Read a bench file (at most 1 MiB) and parse it with its own directory as base. Errors are
/// prefixed with the path; invalid JSON is Errc::bad_format with line and column.
[[nodiscard]] Result<EmulatedBench> load_bench_file(const std::filesystem::path& path, const ImageFactory& synth);

}  // namespace dimmguard::firmware_io
