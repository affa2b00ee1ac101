// SPDX-License-Identifier: GPL-3.0-or-later
// JEP106 decoding: parity, banks, names, lookups used by the synthesizer.
#include <catch2/catch.hpp>

#include "verifier/jep106.hpp"

using namespace dimmguard::verifier;

TEST_CASE("jep106 decodes the makers met most often in SPDs", "[verifier][jep106]") {
    struct Case { std::uint8_t bank_byte, code_byte; int bank; const char* name; };
    const Case cases[] = {
        {0x80, 0x2c, 1, "Micron Technology"}, {0x80, 0xce, 1, "Samsung"},   {0x80, 0xad, 1, "SK Hynix"},
        {0x80, 0xb3, 1, "IDT"},               {0x01, 0x98, 2, "Kingston"},  {0x02, 0x9e, 3, "Corsair"},
        {0x04, 0xcd, 5, "G Skill Intl"},      {0x86, 0x32, 7, "Montage Technology Group"},
        {0x8a, 0x8c, 11, "Richtek Power"},
    };
    for (const auto& c : cases) {
        const auto id = decode_jep106(c.bank_byte, c.code_byte);
        INFO(c.name);
        CHECK(id.programmed);
        CHECK(id.parity_ok);
        CHECK(id.bank == c.bank);
        CHECK(id.name == c.name);
        CHECK(id.display() == c.name);
    }
}

TEST_CASE("jep106 flags parity errors, unknown codes and unprogrammed fields", "[verifier][jep106]") {
    // KLEVV-style 0x1898: continuation byte 0x18 has even parity.
    const auto bad = decode_jep106(0x18, 0x98);
    CHECK(bad.programmed);
    CHECK_FALSE(bad.parity_ok);
    CHECK(bad.bank == 25);
    CHECK(bad.name.empty());
    CHECK(bad.display() == "unknown (bank 25, 0x18) [invalid JEP106 parity: 1898]");

    const auto kingston_bad_parity = decode_jep106(0x81, 0x98);  // bank byte 0x81: even parity
    CHECK_FALSE(kingston_bad_parity.parity_ok);
    CHECK(kingston_bad_parity.name == "Kingston");  // still named, but flagged
    CHECK(kingston_bad_parity.display().find("invalid JEP106 parity") != std::string::npos);

    CHECK_FALSE(decode_jep106(0x00, 0x00).programmed);
    CHECK_FALSE(decode_jep106(0xff, 0xff).programmed);
    CHECK(decode_jep106(0x00, 0x00).display() == "not programmed");
    CHECK_FALSE(decode_jep106(0x80, 0x80).parity_ok);  // code 0 is never a maker
}

TEST_CASE("jep106 parity helper matches the stored bank bytes", "[verifier][jep106]") {
    const std::uint8_t expected[] = {0x80, 0x01, 0x02, 0x83, 0x04, 0x85, 0x86, 0x07, 0x08, 0x89, 0x8a};
    for (unsigned bank = 0; bank < 11; ++bank) CHECK(jep106_with_parity(bank) == expected[bank]);
}

TEST_CASE("jep106 lookup by name, prefix and hex", "[verifier][jep106]") {
    auto exact = jep106_lookup("samsung");
    REQUIRE(exact.size() == 1);
    CHECK(exact[0].hex() == "80ce");
    auto montage = jep106_lookup("Montage");
    REQUIRE(montage.size() == 1);
    CHECK(montage[0].hex() == "8632");
    CHECK(jep106_lookup("Micron").size() > 1);  // Micron Technology, Micron CMS: ambiguous prefix
    auto hex = jep106_lookup("0x80,0x2c");
    REQUIRE(hex.size() == 1);
    CHECK(hex[0].name == "Micron Technology");
    CHECK(jep106_lookup("802c").at(0).name == "Micron Technology");
    CHECK(jep106_lookup("NoSuchVendor").empty());
    CHECK(jep106_table_revision() == "JEP106BO");
}
