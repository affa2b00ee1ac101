// SPDX-License-Identifier: GPL-3.0-or-later
// Part-number decoders: published examples, and every decoded claim of medium or high confidence
// agrees with the SPD of each physical module of the three makers in the shared corpus.
#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "firmware_io/dump_file.hpp"
#include "verifier/part_number.hpp"
#include "verifier/spd.hpp"

using namespace dimmguard::verifier;
namespace fs = std::filesystem;

namespace {
constexpr std::uint64_t GiB = 1ULL << 30;
}

TEST_CASE("part numbers: published examples decode as documented", "[verifier][part_number]") {
    auto s = decode_part_number("M393A4K40DB3-CWE");
    REQUIRE(s);
    CHECK(s->maker == "Samsung");
    CHECK(s->memory_type->value == Generation::ddr4);
    CHECK(s->module_type->value == "RDIMM");
    CHECK(s->ecc->value);
    CHECK(s->capacity_bytes->value == 32 * GiB);
    CHECK(s->device_width->value == 4);
    CHECK(s->speed_mts->value == 3200);
    CHECK(s->die_generation->value == 'D');

    auto d5 = decode_part_number("M321R8GA0BB0-CQKZJ");
    REQUIRE(d5);
    CHECK(d5->memory_type->value == Generation::ddr5);
    CHECK(d5->capacity_bytes->value == 64 * GiB);
    CHECK(d5->device_width->value == 4);
    CHECK(d5->speed_mts->value == 4800);

    auto h = decode_part_number("HMA84GR7CJR4N-XN");
    REQUIRE(h);
    CHECK(h->maker == "SK hynix");
    CHECK(h->capacity_bytes->value == 32 * GiB);
    CHECK(h->module_type->value == "RDIMM");
    CHECK(h->device_width->value == 4);
    CHECK(h->speed_mts->value == 3200);

    auto hd5 = decode_part_number("HMCG94AGBRA181N");
    REQUIRE(hd5);
    CHECK(hd5->memory_type->value == Generation::ddr5);
    CHECK(hd5->capacity_bytes->confidence == Confidence::low);

    auto m = decode_part_number("MTA36ASF4G72PZ-3G2E1");
    REQUIRE(m);
    CHECK(m->maker == "Micron");
    CHECK(m->capacity_bytes->value == 32 * GiB);
    CHECK(m->die_count->value == 36);
    CHECK(m->module_type->value == "RDIMM");
    CHECK(m->speed_mts->value == 3200);

    auto m5 = decode_part_number("MTC40F2046S1RC48BA1");
    REQUIRE(m5);
    CHECK(m5->memory_type->value == Generation::ddr5);
    CHECK(m5->ranks->value == 2);
    CHECK(m5->device_width->value == 4);
    CHECK(m5->capacity_bytes->value == 64 * GiB);
    CHECK(m5->speed_mts->value == 4800);
    CHECK(m5->module_type->value == "RDIMM");

    CHECK_FALSE(decode_part_number("MT40A1G16KD-062E:E"));  // a DRAM component, not a module
    CHECK_FALSE(decode_part_number("CMK32GX5M2B5600Z40"));  // Corsair: no public scheme
    CHECK_FALSE(decode_part_number("TEST"));
    CHECK(same_module_type("SO-DIMM", "SODIMM"));
    CHECK_FALSE(same_module_type("RDIMM", "LRDIMM"));
}

TEST_CASE("part numbers agree with the SPD of every physical corpus module they decode", "[verifier][part_number][corpus]") {
    const auto found = test_support::corpus_dir("part-number corpus test");
    if (!found) return;
    const fs::path corpus = *found;
    std::ifstream manifest(corpus / "MANIFEST.tsv");
    std::string line;
    std::getline(manifest, line);  // header
    int decoded = 0, compared = 0;
    while (std::getline(manifest, line)) {
        std::istringstream fields(line);
        std::string file, type, size, repo, path, commit, license, notes;
        std::getline(fields, file, '\t');
        for (std::string* f : {&type, &size, &repo, &path, &commit, &license, &notes}) std::getline(fields, *f, '\t');
        if (notes.find("EDITED") != std::string::npos || notes.find("SUSPECT") != std::string::npos) continue;
        auto dump = dimmguard::firmware_io::load_dump_file(corpus / file);
        REQUIRE(dump);
        auto spd = decode_spd(dump->bytes);
        REQUIRE(spd);
        if (!spd->manufacturing.present) continue;
        auto pn = decode_part_number(spd->manufacturing.part_number);
        if (!pn) continue;
        ++decoded;
        INFO(file << " " << spd->manufacturing.part_number);
        const auto trusted = [](const auto& c) { return c && c->confidence >= Confidence::medium; };
        if (trusted(pn->memory_type)) { CHECK(pn->memory_type->value == spd->type); ++compared; }
        if (trusted(pn->module_type)) { CHECK(same_module_type(pn->module_type->value, spd->module_type)); ++compared; }
        if (trusted(pn->ecc)) { CHECK(pn->ecc->value == (spd->geometry.ecc_bus_width > 0)); ++compared; }
        if (trusted(pn->capacity_bytes)) { CHECK(pn->capacity_bytes->value == spd->geometry.capacity_bytes); ++compared; }
        if (trusted(pn->device_width)) { CHECK(pn->device_width->value == spd->geometry.device_width); ++compared; }
        if (trusted(pn->speed_mts)) { CHECK(pn->speed_mts->value == spd->timings.speed_grade_mts); ++compared; }
        if (trusted(pn->ranks)) { CHECK(pn->ranks->value == spd->geometry.package_ranks); ++compared; }
    }
    INFO("decoded " << decoded << " part numbers, compared " << compared << " fields");
    CHECK(decoded >= 45);
    CHECK(compared >= 250);
}

TEST_CASE("part numbers: hostile text never throws, and claims nothing it cannot read", "[verifier][part_number][hostile]") {
    // Found by fuzzing (issue #13): std::stoull on "GG" or on 20 digits ended the whole scan.
    for (const char* text : {"4AgggggR", "MT99999999999999999999ASF4G72PZ", "MTC99999999999999999999F2046S1RC48BA1", "MTA18ASFGG72PZ",
                             "MTA18ASF99999999999999999999G72PZ", "MT", "MTC", "MTC4F", "M378A", "HMA", "\xff\xfe\x00\x01"}) {
        INFO(text);
        std::optional<PartNumberInfo> info;
        REQUIRE_NOTHROW(info = decode_part_number(text));
        if (info && info->capacity_bytes) CHECK(info->capacity_bytes->value <= (4096ULL << 30));
    }
}
