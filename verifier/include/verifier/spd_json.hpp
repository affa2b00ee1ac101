// SPDX-License-Identifier: GPL-3.0-or-later
// JSON form of a decoded SPD (the "spd" object of docs/json-output.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

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

/// The text of `doc.dump(2, ' ', false, error_handler_t::replace)`, byte for byte, written by
/// JsonWriter without nlohmann's per-character serializer (most of `decode --json`'s time went
/// there). Strings that are not plain printable ASCII, and floating-point numbers, are still
/// written by nlohmann, so escaping and number formatting cannot differ.
[[nodiscard]] std::string json_text(const nlohmann::ordered_json& doc);

/// Writes JSON text as it goes, exactly as json_text() prints the same values (nlohmann's
/// dump(2, ' ', false, replace)): for a document too large to hold as a tree first. The value
/// written starts at the current end of `out`, as if nested `indent` spaces deep.
class JsonWriter {
public:
    explicit JsonWriter(std::string& out, std::size_t indent = 0);
    void begin_object() { open(false); }
    void begin_array() { open(true); }
    void end();                          ///< closes the innermost object or array
    void key(std::string_view k);        ///< inside an object, before each member's value
    void null();
    void boolean(bool v);
    template <class Integer>
        requires(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>)
    void integer(Integer v) {
        if constexpr (std::is_signed_v<Integer>) write_integer(static_cast<long long>(v));
        else write_integer(static_cast<unsigned long long>(v));
    }
    void number(double v);
    void string(std::string_view v);
    void value(const nlohmann::ordered_json& v);   ///< a whole tree (json_text() writes with this)

private:
    struct Level {
        bool array;
        bool empty;
    };
    void open(bool array);
    void before_value();
    void write_integer(long long v);
    void write_integer(unsigned long long v);
    std::string& out_;
    std::size_t indent_;
    std::vector<Level> levels_;
};

/// The "spd" object of `spd` into `out`: the text json_text(to_json(spd)) gives, without the tree.
void write_json(JsonWriter& out, const DecodedSpd& spd);

/// Appends `value` as json_text() prints it when it is nested `indent` spaces deep in a larger
/// document (its first line is not indented; its later lines are), so a document can be
/// written one member at a time without holding all of it.
void append_json_text(std::string& out, const nlohmann::ordered_json& value, std::size_t indent);

}  // namespace dimmguard::verifier
