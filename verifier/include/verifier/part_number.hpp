// SPDX-License-Identifier: GPL-3.0-or-later
// Module part-number decoders for Samsung, SK hynix and Micron (DDR3/DDR4/DDR5): what the part
// number claims, each field with a confidence, so a rule compares only what is really encoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "verifier/spd.hpp"

namespace dimmguard::verifier {

/// How sure the decoder is of a field: `high` = the maker's published scheme; `medium` =
/// consistent across every example we could check against real SPD dumps; `low` = inferred
/// from a few listings (never used to call a module counterfeit).
enum class Confidence { low, medium, high };

[[nodiscard]] std::string_view confidence_name(Confidence c) noexcept;

template <class T>
struct Claim {
    T value{};
    Confidence confidence = Confidence::low;
};

/// What a module part number says about the module.
struct PartNumberInfo {
    std::string maker;                                ///< "Samsung", "SK hynix", "Micron"
    std::string part_number;                          ///< as given (trimmed)
    std::optional<Claim<Generation>> memory_type;
    std::optional<Claim<std::string>> module_type;    ///< "RDIMM", "UDIMM", "SO-DIMM", "LRDIMM"
    std::optional<Claim<bool>> ecc;
    std::optional<Claim<std::uint64_t>> capacity_bytes;
    std::optional<Claim<int>> device_width;           ///< 4 / 8 / 16
    std::optional<Claim<int>> ranks;
    std::optional<Claim<int>> speed_mts;              ///< JEDEC data rate of the speed code
    std::optional<Claim<int>> die_count;              ///< Micron: number of DRAM dies on the module
    std::optional<Claim<char>> die_generation;        ///< die revision letter where encoded
};

/// Decode a module part number (as printed on the label or stored in the SPD; a missing
/// Micron "MTA"/"MT" prefix is accepted). Empty when no known scheme matches: that is
/// "cannot tell", never evidence against the module.
[[nodiscard]] std::optional<PartNumberInfo> decode_part_number(std::string_view part_number);

/// Module type names from SPD and part numbers compared loosely ("SODIMM" == "SO-DIMM").
[[nodiscard]] bool same_module_type(std::string_view a, std::string_view b) noexcept;

}  // namespace dimmguard::verifier
