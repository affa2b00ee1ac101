// SPDX-License-Identifier: GPL-3.0-or-later
// JSON form of a decoded SPD (the "spd" object of docs/json-output.md).
#pragma once

#include <nlohmann/json.hpp>

#include "verifier/spd.hpp"

namespace dimmguard::verifier {

/// Version of the JSON documents dimmguard prints; bump on incompatible change.
inline constexpr int json_schema_version = 1;

/// Version of the fingerprint byte selection (docs/fingerprint.md).
inline constexpr int fingerprint_version = 1;

/// Keys keep the documented order (ordered_json), so printed documents read top-down.
[[nodiscard]] nlohmann::ordered_json to_json(const Jep106Id& id);
[[nodiscard]] nlohmann::ordered_json to_json(const DecodedSpd& spd);

}  // namespace dimmguard::verifier
