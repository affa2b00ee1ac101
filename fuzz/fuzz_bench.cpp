// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: an emulated bench file (JSON), without touching the file system: images named by
// path do not exist here, synthesized ones come from the real synthesizer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "firmware_io/bench_file.hpp"
#include "verifier/spd_synth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto doc = nlohmann::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), nullptr, false);
    if (doc.is_discarded()) return 0;
    const dimmguard::firmware_io::ImageFactory synth = [](const nlohmann::json& description) {
        return dimmguard::verifier::synthesize_from_json(description);
    };
    (void)dimmguard::firmware_io::parse_bench(doc, "/nonexistent-fuzz-dir", synth);
    return 0;
}
