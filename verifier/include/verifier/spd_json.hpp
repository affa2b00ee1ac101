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

/// The text of `doc.dump(2, ' ', false, error_handler_t::replace)`, byte for byte, written in
/// one pass without nlohmann's per-character serializer (most of `decode --json`'s time went
/// there). Strings that are not plain printable ASCII, and floating-point numbers, are still
/// written by nlohmann, so escaping and number formatting cannot differ.
[[nodiscard]] std::string json_text(const nlohmann::ordered_json& doc);

/// Appends `value` as json_text() prints it when it is nested `indent` spaces deep in a larger
/// document (its first line is not indented; its later lines are), so a document can be
/// written one member at a time without holding all of it.
void append_json_text(std::string& out, const nlohmann::ordered_json& value, std::size_t indent);

}  // namespace dimmguard::verifier
