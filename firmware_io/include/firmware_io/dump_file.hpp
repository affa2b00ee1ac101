// SPDX-License-Identifier: GPL-3.0-or-later
// SPD dump files: raw binary (256/512/1024 B), i2cdump text, and plain "OFFSET: bytes" hex.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dimmguard/result.hpp"

namespace dimmguard::firmware_io {

enum class DumpFormat { raw, i2cdump, hex };

[[nodiscard]] std::string_view dump_format_name(DumpFormat format) noexcept;  ///< "raw", "i2cdump", "hex"

struct DumpImage {
    std::vector<std::uint8_t> bytes;
    DumpFormat format = DumpFormat::raw;
};

/// Largest file accepted as a dump; anything bigger is refused before it is read.
inline constexpr std::size_t max_dump_file_bytes = 1 << 20;

/// Parse dump content. Errors (Errc::bad_format / Errc::truncated) name the problem without
/// the file name: "line 3: 'zz' is not a hex byte", "raw dump of 300 bytes; expected 256, 512 or 1024".
[[nodiscard]] Result<DumpImage> parse_dump(std::span<const std::uint8_t> content);

/// Read and parse a dump file; errors are prefixed with the path ("a.bin: empty file").
[[nodiscard]] Result<DumpImage> read_dump_file(const std::string& name);

/// The same for a std::filesystem::path (inline, so code that reads dumps by name links no
/// std::filesystem: the static `dimmguard`).
[[nodiscard]] inline Result<DumpImage> load_dump_file(const std::filesystem::path& path) { return read_dump_file(path.string()); }

/// Write a raw image atomically (temporary file in the same folder, then rename), so a
/// failed write never leaves a half-written dump behind. Errc::io on failure.
[[nodiscard]] Result<void> write_raw_dump(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);

}  // namespace dimmguard::firmware_io
