// SPDX-License-Identifier: GPL-3.0-or-later
// Label text as scanners type it: GS1 element strings in every form a keyboard wedge produces,
// maker 1D strings passing through, and hostile input.
#include <catch2/catch.hpp>

#include <string>

#include "verifier/label.hpp"

using namespace dimmguard::verifier;

namespace {

std::string joined(const std::vector<Gs1Element>& elements) {
    std::string out;
    for (const auto& e : elements) out += "(" + e.ai + ")" + e.value;
    return out;
}

}  // namespace

TEST_CASE("label: GS1 payloads with a symbology identifier and every group separator stand-in", "[verifier][label]") {
    const std::string want = "(01)04012345678901(21)3BF2A001(240)M321R4GA0BB0-CQK";
    for (const std::string& text : {std::string("]d20104012345678901213BF2A001\x1d") + "240M321R4GA0BB0-CQK",
                                   std::string("]C10104012345678901213BF2A001<GS>240M321R4GA0BB0-CQK"),
                                   std::string("]Q30104012345678901213BF2A001{GS}240M321R4GA0BB0-CQK"),
                                   std::string("]d20104012345678901213BF2A001^]240M321R4GA0BB0-CQK"),
                                   std::string("0104012345678901213BF2A001\x1d") + "240M321R4GA0BB0-CQK",   // no symbology id
                                   std::string("(01)04012345678901(21)3BF2A001(240)M321R4GA0BB0-CQK")}) {
        INFO(text);
        CHECK(joined(parse_gs1(text)) == want);
        CHECK(label_words(text) == "M321R4GA0BB0-CQK S/N 3BF2A001");
    }
}

TEST_CASE("label: GS1 AIs of module labels, and where a parse stops", "[verifier][label]") {
    SECTION("240 is read before the two-digit AI 24; 241 stands in for a missing 240; batch and dates are kept apart") {
        CHECK(joined(parse_gs1("]d2241HMCG94AGBRA181N\x1d" "10LOT42\x1d" "11240501")) == "(241)HMCG94AGBRA181N(10)LOT42(11)240501");
        CHECK(label_words("]d2241HMCG94AGBRA181N\x1d" "10LOT42\x1d" "217A1C0035") == "HMCG94AGBRA181N S/N 7A1C0035");
    }
    SECTION("an unknown AI ends the parse; what came before is kept") {
        CHECK(joined(parse_gs1("]d2213BF2A001\x1d" "99XYZ")) == "(21)3BF2A001");
        CHECK(joined(parse_gs1("]d27777")).empty());
    }
    SECTION("a fixed-length value cut short, or a variable one too long, ends the parse") {
        CHECK(parse_gs1("]d2010401234567").empty());
        CHECK(joined(parse_gs1("]d22112345678901234567890123")).empty());   // AI 21 holds at most 20
    }
    SECTION("the serial of AI 21 may be longer than the SPD's 8 hex digits: passed on as it is") {
        CHECK(label_words("(21)S3BF2A001X42(240)M321R4GA0BB0-CQK") == "M321R4GA0BB0-CQK S/N S3BF2A001X42");
    }
}

TEST_CASE("label: maker 1D strings and typed text are not GS1", "[verifier][label]") {
    for (const char* text : {"M321R4GA0BB0-CQKZJ 2410 S/N 3BF239F8 32GB", "HMCG88AEBRA107N", "MTC20F2085S1RC48BA1 PC5-4800B-RC0-1010-XT",
                             "KSM48R40BD8KMM-32HMR 32GB", "PN:M393A4K40DB3-CWE SN:12345678", "0123 64GB", "01 2345", "(99)nothing", "(01)123"}) {
        INFO(text);
        CHECK(parse_gs1(text).empty());
        CHECK(label_words(text) == text);
    }
}

TEST_CASE("label: hostile input never throws and stays bounded", "[verifier][label][hostile]") {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    CHECK_NOTHROW(label_words(all));
    for (char c : label_words(all)) CHECK(static_cast<unsigned char>(c) >= 0x20);
    const std::string huge = "]d2" + std::string(1'000'000, '1');
    CHECK(label_words(huge).size() <= 4096);
    const std::string separators(100'000, '\x1d');
    CHECK(parse_gs1("]d2" + separators).empty());
    CHECK(parse_gs1(std::string(100'000, '(')).empty());
    CHECK(label_words("").empty());
}
