// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: an SPD dump file (raw bytes, i2cdump text, "OFFSET: hex" text).
#include <cstddef>
#include <cstdint>
#include <span>

#include "firmware_io/dump_file.hpp"
#include "verifier/spd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto dump = dimmguard::firmware_io::parse_dump(std::span<const std::uint8_t>(data, size));
    if (dump) (void)dimmguard::verifier::decode_spd(dump->bytes);
    return 0;
}
