// SPDX-License-Identifier: GPL-3.0-or-later
// CRC-16 known-answer vectors (spd-reference.md section 6.3).
#include <catch2/catch.hpp>

#include <numeric>
#include <string_view>
#include <vector>

#include "dimmguard/bytes.hpp"

using dimmguard::crc16_spd;

namespace {
std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }
}  // namespace

TEST_CASE("crc16 matches the published known answers", "[verifier][crc]") {
    CHECK(crc16_spd({}) == 0x0000);
    CHECK(crc16_spd(std::vector<std::uint8_t>(10, 0x00)) == 0x0000);
    CHECK(crc16_spd(std::vector<std::uint8_t>{0x01}) == 0x1021);
    CHECK(crc16_spd(std::vector<std::uint8_t>{0x80}) == 0x9188);
    CHECK(crc16_spd(std::vector<std::uint8_t>{0xff}) == 0x1ef0);
    CHECK(crc16_spd(bytes("123456789")) == 0x31c3);
    std::vector<std::uint8_t> ascending(126);
    std::iota(ascending.begin(), ascending.end(), std::uint8_t{0});
    CHECK(crc16_spd(ascending) == 0x192d);
    CHECK(crc16_spd(std::vector<std::uint8_t>{0x23, 0x12, 0x0c, 0x01}) == 0xd4dd);
}
