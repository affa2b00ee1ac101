// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: label text (a barcode scanner is a keyboard; a counterfeiter prints the label).
// The GS1 reader, the part-number decoders on the text, and the label rules against a fixed
// genuine DDR5 image.
#include <cstddef>
#include <cstdint>
#include <string>

#include "verifier/label.hpp"
#include "verifier/part_number.hpp"
#include "verifier/policy.hpp"
#include "verifier/rules.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_synth.hpp"

namespace {
const dimmguard::verifier::DecodedSpd& genuine() {
    static const dimmguard::verifier::DecodedSpd spd = [] {
        dimmguard::verifier::SynthSpec s;
        s.type = dimmguard::Generation::ddr5;
        s.capacity_bytes = 64ULL << 30;
        s.ranks = 2;
        s.speed_mts = 4800;
        s.part_number = "MTC40F2046S1RC48BA1";
        auto image = dimmguard::verifier::synthesize(s);
        return *dimmguard::verifier::decode_spd(*image);
    }();
    return spd;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dimmguard::verifier;
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)parse_gs1(text);
    (void)decode_part_number(text);
    ModuleEvidence evidence;
    evidence.spd = &genuine();
    evidence.label = text;
    CheckContext context;
    context.policy = &Policy::builtin();
    context.today_week = "2026-W48";
    (void)check_module(evidence, context);
    return 0;
}
