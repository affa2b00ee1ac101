// SPDX-License-Identifier: GPL-3.0-or-later
// Human-readable rendering of a decoded SPD: decode-dimms style sections, aligned columns.
#pragma once

#include <string>

#include "verifier/spd.hpp"

namespace dimmguard::cli {

/// Append the sections (memory characteristics, timings, manufacturing, components,
/// integrity, profiles, notes) for one decoded image.
void print_decoded(std::string& out, const verifier::DecodedSpd& spd);

/// "64 GB", "512 MB" (label units: 1 GB = 2^30 bytes), "unknown".
[[nodiscard]] std::string format_capacity(std::uint64_t bytes);

}  // namespace dimmguard::cli
