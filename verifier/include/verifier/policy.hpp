// SPDX-License-Identifier: GPL-3.0-or-later
// Per-brand verification policy, loaded from data (data/policy.json), never hard-coded in rules.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dimmguard/result.hpp"

namespace dimmguard::verifier {

struct Policy {
    /// Module makers that build with their own DRAM only: maker JEP106 hex -> allowed DRAM makers.
    std::map<std::string, std::set<std::string>> first_party_dram;
    std::map<std::string, std::string> maker_names;          ///< for messages
    /// Makers known to ship modules with unprogrammed serials (SERIAL_BLANK stays informational).
    std::set<std::string> blank_serials_expected;
    /// Makers known to store the manufacturing date in binary instead of BCD (no finding).
    std::set<std::string> binary_date_makers;
    std::set<std::string> server_module_types;               ///< "RDIMM", "LRDIMM", "MRDIMM"
    std::set<std::string> write_protect_module_types;        ///< WRITE_PROTECT_OFF applies to these ...
    std::set<std::string> write_protect_makers;              ///< ... from these makers

    /// Parse a policy document; Errc::bad_format names the field.
    [[nodiscard]] static Result<Policy> from_json(const nlohmann::json& doc);
    [[nodiscard]] static Result<Policy> load(const std::filesystem::path& path);
    /// The policy compiled in from data/policy.json at build time.
    [[nodiscard]] static const Policy& builtin();
};

}  // namespace dimmguard::verifier
