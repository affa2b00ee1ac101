// SPDX-License-Identifier: GPL-3.0-or-later
// SMBIOS type 17 (memory device) records from `dmidecode -t 17` text, for burn-in cross-checks.
#pragma once

#include <string_view>
#include <vector>

#include "verifier/rules.hpp"

namespace dimmguard::verifier {

/// Populated memory devices from `dmidecode -t 17` output (empty slots are skipped), in order.
[[nodiscard]] std::vector<SmbiosDevice> parse_dmidecode_type17(std::string_view text);

}  // namespace dimmguard::verifier
