// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: an SPD image as a counterfeiter may program it. Decode (every generation and
// size), fingerprint, JSON rendering, the part-number decoders, and every per-module rule with
// the image's own part number as the scanned label.
#include <cstddef>
#include <cstdint>
#include <span>

#include "verifier/part_number.hpp"
#include "verifier/policy.hpp"
#include "verifier/rules.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dimmguard::verifier;
    const auto spd = decode_spd(std::span<const std::uint8_t>(data, size));
    if (!spd) return 0;
    (void)to_json(*spd).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    (void)decode_part_number(spd->manufacturing.part_number);
    ModuleEvidence evidence;
    evidence.spd = &*spd;
    evidence.label = spd->manufacturing.part_number + " " + spd->manufacturing.serial_hex;
    CheckContext context;
    context.policy = &Policy::builtin();
    context.today_week = "2026-W48";
    (void)check_module(evidence, context);
    return 0;
}
