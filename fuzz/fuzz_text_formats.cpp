// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: the small text formats outsiders hand over: dmidecode type 17 output (--smbios),
// CSV (labels files, serials / revocations CSV for bundles), KEY=VALUE context, and the
// policy document (JSON).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "dimmguard/text.hpp"
#include "engine/csv.hpp"
#include "engine/session.hpp"
#include "verifier/policy.hpp"
#include "verifier/smbios.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)dimmguard::verifier::parse_dmidecode_type17(text);
    (void)dimmguard::engine::parse_csv_table(text, "fuzz.csv");
    (void)dimmguard::engine::parse_context_pair(std::string(text));
    (void)dimmguard::terminal_safe(text);
    (void)dimmguard::valid_utf8(text);
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_discarded()) (void)dimmguard::verifier::Policy::from_json(doc);
    return 0;
}
