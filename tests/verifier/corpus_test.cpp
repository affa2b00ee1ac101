// SPDX-License-Identifier: GPL-3.0-or-later
// The shared corpus of real SPD dumps (125 images, DDR3/DDR4/DDR5) decoded end to end and
// compared with an independent reference table (tests/data/corpus-expected.tsv: decode-dimms
// for DDR3/DDR4, the byte map by hand for DDR5) and with the corpus MANIFEST flags.
//
// The dumps are third-party data without a licence and are never copied into this repository;
// the tests find them through DIMMGUARD_CORPUS_DIR (set by ctest) and are skipped with a
// warning when that directory is missing.
#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "firmware_io/dump_file.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_json.hpp"
#include "verifier/spd_synth.hpp"

namespace {

namespace fs = std::filesystem;
using dimmguard::verifier::DecodedSpd;

constexpr std::size_t expected_corpus_files = 125;

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, '\t')) fields.push_back(field);
    if (!line.empty() && line.back() == '\t') fields.emplace_back();
    return fields;
}

/// A TSV file with a header row; lines starting with '#' are comments.
struct Table {
    std::vector<std::string> columns;
    std::vector<std::map<std::string, std::string>> rows;
};

std::optional<Table> read_table(const fs::path& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    Table table;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        auto fields = split_tabs(line);
        if (table.columns.empty()) {
            table.columns = std::move(fields);
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            row[table.columns[i]] = i < fields.size() ? fields[i] : std::string();
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

struct CorpusEntry {
    std::string file;                             ///< relative to the corpus, "ddr4/x.bin"
    std::map<std::string, std::string> manifest;  ///< MANIFEST.tsv row
    std::size_t image_size = 0;
    DecodedSpd spd;
};

/// The corpus directory, or nullopt after saying why the tests are skipped (a failure in CI).
std::optional<fs::path> corpus_dir_or_warn() { return test_support::corpus_dir("corpus tests"); }

/// Read MANIFEST.tsv and decode every listed file; REQUIREs that all of them load and decode.
std::vector<CorpusEntry> load_corpus(const fs::path& dir) {
    const auto manifest = read_table(dir / "MANIFEST.tsv");
    REQUIRE(manifest.has_value());
    std::vector<CorpusEntry> entries;
    for (const auto& row : manifest->rows) {
        CorpusEntry entry;
        entry.file = row.at("file");
        entry.manifest = row;
        INFO("corpus file " << entry.file);
        auto dump = dimmguard::firmware_io::load_dump_file(dir / entry.file);
        REQUIRE(dump.has_value());
        entry.image_size = dump->bytes.size();
        CHECK(std::to_string(entry.image_size) == row.at("size_bytes"));
        auto decoded = dimmguard::verifier::decode_spd(dump->bytes);
        REQUIRE(decoded.has_value());
        entry.spd = std::move(*decoded);
        entries.push_back(std::move(entry));
    }
    REQUIRE(entries.size() == expected_corpus_files);
    return entries;
}

/// The source tree: DIMMGUARD_SOURCE_DIR, or (with a warning) the tree this file was compiled
/// from, so the reference table is found even when the environment does not reach the test.
fs::path source_dir() {
    if (const char* env = std::getenv("DIMMGUARD_SOURCE_DIR"); env != nullptr && *env != '\0') return fs::path(env);
    const fs::path from_file = fs::path(__FILE__).parent_path().parent_path().parent_path();
    WARN("DIMMGUARD_SOURCE_DIR is not set; using the source tree of this test, " << from_file.string());
    return from_file;
}

/// tests/data/corpus-expected.tsv keyed by file.
std::map<std::string, std::map<std::string, std::string>> load_expected() {
    const fs::path path = source_dir() / "tests" / "data" / "corpus-expected.tsv";
    INFO("reference table " << path.string());
    const auto table = read_table(path);
    REQUIRE(table.has_value());
    std::map<std::string, std::map<std::string, std::string>> by_file;
    for (const auto& row : table->rows) by_file[row.at("file")] = row;
    REQUIRE(by_file.size() == expected_corpus_files);
    return by_file;
}

/// The MANIFEST notes column split at ';' with surrounding spaces removed.
std::vector<std::string> manifest_flags(const CorpusEntry& e) {
    std::vector<std::string> flags;
    std::istringstream in(e.manifest.at("notes"));
    std::string item;
    while (std::getline(in, item, ';')) {
        const auto first = item.find_first_not_of(' ');
        if (first == std::string::npos) continue;
        const auto last = item.find_last_not_of(' ');
        flags.push_back(item.substr(first, last - first + 1));
    }
    return flags;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// An exact flag ("blank serial"), or with `prefix_match` any flag that starts with `text`.
bool has_flag(const CorpusEntry& e, const std::string& text, bool prefix_match = false) {
    for (const auto& flag : manifest_flags(e)) {
        if (prefix_match ? starts_with(flag, text) : flag == text) return true;
    }
    return false;
}

/// "<who> ID 0x14F7 fails JEP106 odd parity"
bool has_parity_flag(const CorpusEntry& e, const std::string& who) {
    for (const auto& flag : manifest_flags(e)) {
        if (starts_with(flag, who + " ID ") && ends_with(flag, " fails JEP106 odd parity")) return true;
    }
    return false;
}

/// "SK Hynix (former Hyundai Electronics)" -> "sk hynix": the reference names come from
/// decode-dimms' older vendor table, dimmguard's from JEP106BO; only the remark differs.
std::string normalised_name(std::string name) {
    if (const auto paren = name.find(" ("); paren != std::string::npos) name.erase(paren);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

std::string crc_summary(const DecodedSpd& spd) {
    std::string out;
    for (const auto& block : spd.crc) {
        if (!out.empty()) out += ',';
        out += std::to_string(block.first) + "-" + std::to_string(block.last) + (block.ok() ? ":ok" : ":bad");
    }
    return out;
}

std::set<std::string> failing_crc_ranges(const DecodedSpd& spd) {
    std::set<std::string> out;
    for (const auto& block : spd.crc) {
        if (!block.ok()) out.insert(std::to_string(block.first) + "-" + std::to_string(block.last));
    }
    return out;
}

bool has_profile(const DecodedSpd& spd, const std::string& kind) {
    for (const auto& block : spd.profiles) {
        if (block.kind == kind) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("every image of the shared corpus loads and decodes", "[verifier][corpus]") {
    const auto dir = corpus_dir_or_warn();
    if (!dir) return;
    const auto corpus = load_corpus(*dir);
    std::map<dimmguard::Generation, int> per_type;
    for (const auto& e : corpus) {
        INFO("corpus file " << e.file);
        CHECK(std::string(dimmguard::generation_name(e.spd.type)) ==
              (e.manifest.at("memory_type") == "ddr3"   ? "DDR3"
               : e.manifest.at("memory_type") == "ddr4" ? "DDR4"
                                                        : "DDR5"));
        ++per_type[e.spd.type];
    }
    CHECK(per_type[dimmguard::Generation::ddr3] == 54);
    CHECK(per_type[dimmguard::Generation::ddr4] == 47);
    CHECK(per_type[dimmguard::Generation::ddr5] == 24);
}

TEST_CASE("json_text prints what nlohmann prints for every corpus image", "[verifier][corpus][json]") {
    const auto dir = corpus_dir_or_warn();
    if (!dir) return;
    const auto replace = nlohmann::ordered_json::error_handler_t::replace;
    int compared = 0;
    for (const auto& e : load_corpus(*dir)) {
        INFO("corpus file " << e.file);
        const auto doc = dimmguard::verifier::to_json(e.spd);
        CHECK(dimmguard::verifier::json_text(doc) == doc.dump(2, ' ', false, replace));
        ++compared;
    }
    CHECK(compared == 125);
    // What SPD text and other fields can hold: escapes, bytes that are not UTF-8, other scripts,
    // floats, negative numbers, empty and nested containers.
    nlohmann::ordered_json odd = {
        {"control", std::string("a\x1b[31mb\tc\n\"q\"\\")}, {"not_utf8", std::string("\xff\xfe ok \xc3")},
        {"utf8", "\xe4\xb8\xad\xe6\x96\x87 \xe2\x80\xae"}, {"float", 1.25}, {"tiny", 1e-300}, {"whole", 3.0},
        {"negative", -42}, {"big", std::uint64_t{18446744073709551615ULL}}, {"empty_object", nlohmann::ordered_json::object()},
        {"empty_array", nlohmann::ordered_json::array()}, {"null", nullptr}, {"flags", {true, false}},
        {"nested", {{"list", {1, {{"k", "v"}}, nlohmann::ordered_json::array()}}}}, {"\x01key", "v"},
        // One character to escape past the first eight, alone in an otherwise plain string.
        {"quote_late", "ABCDEFGHIJ\"KLMNOP"}, {"backslash_late", "ABCDEFGHIJKLMNOPQ\\R"}, {"del_late", "ABCDEFGHI\x7f"},
        {"exactly_eight", "ABCDEFGH"}, {"sixteen_plain", "ABCDEFGHIJKLMNOP"},
    };
    CHECK(dimmguard::verifier::json_text(odd) == odd.dump(2, ' ', false, replace));
    CHECK(dimmguard::verifier::json_text(nlohmann::ordered_json::array()) == "[]");
}

TEST_CASE("write_json writes the text of to_json's tree for every corpus image", "[verifier][corpus][json]") {
    // `decode --json` writes with JsonWriter, without a tree; verify and scan build the tree.
    // Both come from one field list and must print the same, at the top and nested.
    const auto dir = corpus_dir_or_warn();
    if (!dir) return;
    int compared = 0;
    for (const auto& e : load_corpus(*dir)) {
        INFO("corpus file " << e.file);
        const auto doc = dimmguard::verifier::to_json(e.spd);
        std::string top;
        dimmguard::verifier::JsonWriter at_top(top);
        dimmguard::verifier::write_json(at_top, e.spd);
        CHECK(top == dimmguard::verifier::json_text(doc));
        std::string nested = "[\n    ";
        dimmguard::verifier::JsonWriter inside(nested, 4);
        dimmguard::verifier::write_json(inside, e.spd);
        std::string expected = "[\n    ";
        dimmguard::verifier::append_json_text(expected, doc, 4);
        CHECK(nested == expected);
        ++compared;
    }
    CHECK(compared == 125);
}

TEST_CASE("write_json escapes hostile SPD text as nlohmann does", "[verifier][json]") {
    dimmguard::verifier::SynthSpec spec;
    spec.capacity_bytes = 32ULL << 30;
    spec.speed_mts = 4800;
    spec.part_number = "M321R4GA0BB0-CQK";
    const auto image = dimmguard::verifier::synthesize(spec);
    REQUIRE(image);
    auto decoded = dimmguard::verifier::decode_spd(*image);
    REQUIRE(decoded);
    dimmguard::verifier::DecodedSpd spd = *decoded;
    spd.manufacturing.part_number = std::string("M393\x1b[31m\"q\"\\ \xff\xfe\xc3 \xe4\xb8\xad \xe2\x80\xae");
    spd.manufacturing.module_maker.name = std::string("\x01maker\n");
    spd.notes.push_back({"part_number", std::string("tab\there \x7f del")});
    spd.components.clear();
    spd.profiles.clear();
    const auto doc = dimmguard::verifier::to_json(spd);
    std::string text;
    dimmguard::verifier::JsonWriter out(text);
    dimmguard::verifier::write_json(out, spd);
    CHECK(text == doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    CHECK(text.find("\"components\": []") != std::string::npos);
    CHECK(text.find("\"profiles\": []") != std::string::npos);
}

TEST_CASE("decoded corpus fields match the independent reference table", "[verifier][corpus]") {
    const auto dir = corpus_dir_or_warn();
    if (!dir) return;
    const auto corpus = load_corpus(*dir);
    const auto expected = load_expected();

    int compared = 0;
    for (const auto& e : corpus) {
        INFO("corpus file " << e.file);
        const auto it = expected.find(e.file);
        REQUIRE(it != expected.end());
        const auto& x = it->second;
        INFO("reference note: " << x.at("note"));
        const DecodedSpd& spd = e.spd;
        const auto& g = spd.geometry;
        const auto& t = spd.timings;
        const auto& m = spd.manufacturing;

        CHECK(std::string(dimmguard::generation_name(spd.type)) == x.at("memory_type"));
        CHECK(spd.module_type == x.at("module_type"));
        CHECK(std::to_string(g.capacity_bytes / (1024U * 1024U)) == x.at("capacity_mib"));
        CHECK(std::to_string(g.package_ranks) == x.at("ranks"));
        CHECK(std::to_string(g.device_width) == x.at("sdram_width"));
        CHECK((g.ecc_bus_width > 0 ? "yes" : "no") == x.at("ecc"));

        if (x.at("speed_mts").empty()) {
            // The reference could not derive a speed (invalid time base): neither may we.
            CHECK(t.speed_mts == 0);
        } else {
            const int rate = t.speed_grade_mts != 0 ? t.speed_grade_mts : t.speed_mts;
            CHECK(std::to_string(rate) == x.at("speed_mts"));
            CHECK_THAT(t.speed_name, Catch::Contains("(" + x.at("pc_rating") + ")"));
        }

        const std::string& maker_id = x.at("module_maker_id");
        if (maker_id == "absent") {
            CHECK_FALSE(m.present);
        } else {
            REQUIRE(m.present);
            if (maker_id == "unset") {
                CHECK_FALSE(m.module_maker.programmed);
            } else {
                CHECK(m.module_maker.programmed);
                CHECK(m.module_maker.hex() == maker_id);
                CHECK((m.module_maker.parity_ok ? "yes" : "no") == x.at("maker_parity_ok"));
                if (m.module_maker.parity_ok) {
                    CHECK(normalised_name(m.module_maker.name) == normalised_name(x.at("module_maker")));
                }
            }
            CHECK(m.part_number == x.at("part_number"));
            CHECK(m.serial_hex == x.at("serial_hex"));
            CHECK((m.serial_blank ? "yes" : "no") == x.at("serial_blank"));
            const std::string& date = x.at("mfg_date");
            if (date == "blank") {
                CHECK_FALSE(m.date.programmed);
            } else if (date == "invalid") {
                CHECK(m.date.programmed);
                CHECK_FALSE(m.date.valid);
            } else {
                REQUIRE(date == "ok");
                CHECK(m.date.valid);
                CHECK(std::to_string(m.date.year) == x.at("mfg_year"));
                CHECK(std::to_string(m.date.week) == x.at("mfg_week"));
            }
        }
        CHECK(crc_summary(spd) == x.at("crc"));
        ++compared;
    }
    CHECK(compared == static_cast<int>(expected_corpus_files));
}

TEST_CASE("the decoder reproduces the corpus MANIFEST flags", "[verifier][corpus]") {
    const auto dir = corpus_dir_or_warn();
    if (!dir) return;
    const auto corpus = load_corpus(*dir);

    for (const auto& e : corpus) {
        INFO("corpus file " << e.file << "\nmanifest notes: " << e.manifest.at("notes"));
        const DecodedSpd& spd = e.spd;
        const auto& m = spd.manufacturing;

        // "BAD CRC in block(s) 0-125,128-253" <-> exactly those blocks fail; no flag -> all ok.
        std::set<std::string> bad;
        const std::string crc_flag = "BAD CRC in block(s) ";
        for (const auto& flag : manifest_flags(e)) {
            if (!starts_with(flag, crc_flag)) continue;
            std::istringstream list(flag.substr(crc_flag.size()));
            std::string range;
            while (std::getline(list, range, ',')) bad.insert(range);
        }
        if (bad.empty()) {
            CHECK(spd.crc_ok());
            for (const auto& block : spd.crc) CHECK(block.present);
        }
        CHECK(failing_crc_ranges(spd) == bad);

        // JEP106 parity: flagged <-> the decoder says the (programmed) ID fails parity.
        if (m.present && m.module_maker.programmed) {
            CHECK(m.module_maker.parity_ok == !has_parity_flag(e, "module manufacturer"));
        } else {
            CHECK_FALSE(has_parity_flag(e, "module manufacturer"));
        }
        if (m.present && m.dram_maker.programmed) {
            CHECK(m.dram_maker.parity_ok == !has_parity_flag(e, "DRAM manufacturer"));
        } else {
            CHECK_FALSE(has_parity_flag(e, "DRAM manufacturer"));
        }

        CHECK(has_profile(spd, "XMP 1.x") == has_flag(e, "XMP 1.x present"));
        CHECK(has_profile(spd, "XMP 2.0") == has_flag(e, "XMP 2.0 present"));
        CHECK(has_profile(spd, "XMP 3.0") == has_flag(e, "XMP 3.0 present"));
        CHECK(has_profile(spd, "EXPO") == has_flag(e, "AMD EXPO present"));

        if (has_flag(e, "HPE SmartMemory block (HPT) at byte 384")) {
            REQUIRE(spd.hpe_smartmemory_offset.has_value());
            CHECK(*spd.hpe_smartmemory_offset == 384);
        } else {
            // The MANIFEST only flags the DDR4 position; nine DDR3 HP RDIMMs carry "HPT" at 176.
            CHECK_FALSE((spd.hpe_smartmemory_offset.has_value() && *spd.hpe_smartmemory_offset == 384));
        }

        if (has_flag(e, "TRUNCATED", true)) {
            CHECK(spd.truncated);
            CHECK_FALSE(spd.fingerprint.available);
            CHECK_FALSE(m.present);
            continue;  // no manufacturing block to check
        }
        CHECK_FALSE(spd.truncated);
        REQUIRE(m.present);
        CHECK(m.serial_blank == has_flag(e, "blank serial"));
        CHECK(m.date.programmed == !has_flag(e, "blank manufacturing date"));
        CHECK(m.module_maker.programmed == !has_flag(e, "module manufacturer ID unset"));
        CHECK(m.dram_maker.programmed == !has_flag(e, "DRAM manufacturer ID unset"));
    }
}

TEST_CASE("corpus fingerprints: per-module fields are excluded", "[verifier][corpus]") {
    const auto dir = corpus_dir_or_warn();
    if (!dir) return;
    const auto corpus = load_corpus(*dir);

    int full_size = 0;
    for (const auto& e : corpus) {
        INFO("corpus file " << e.file);
        if (e.image_size == dimmguard::full_image_size(e.spd.type)) {
            ++full_size;
            CHECK(e.spd.fingerprint.available);
            CHECK(e.spd.fingerprint.sha256_hex.size() == 64);
        } else {
            CHECK_FALSE(e.spd.fingerprint.available);
        }
    }
    CHECK(full_size == static_cast<int>(expected_corpus_files) - 1);  // one DDR5 image is truncated

    // Physical Samsung M393A8G40CB4-CWE RDIMMs (same part, each with its own serial, date and
    // HPE block): one part fingerprint, all serials different.
    std::set<std::string> fingerprints;
    std::set<std::string> serials;
    int modules = 0;
    for (const auto& e : corpus) {
        if (e.file.rfind("ddr4/Samsung_M393A8G40CB4-CWE_", 0) != 0) continue;
        INFO("corpus file " << e.file);
        ++modules;
        REQUIRE(e.spd.fingerprint.available);
        CHECK(e.spd.manufacturing.part_number == "M393A8G40CB4-CWE");
        CHECK_FALSE(e.spd.manufacturing.serial_blank);
        fingerprints.insert(e.spd.fingerprint.sha256_hex);
        serials.insert(e.spd.manufacturing.serial_hex);
    }
    CHECK(modules == 16);
    CHECK(fingerprints.size() == 1);
    // SHA-256 over bytes 0-321 and 329-352 (spd-reference 4.8), computed outside dimmguard.
    CHECK(*fingerprints.begin() == "d0c47f92b7197dcf660afc23d21b11c91a7b7901d53ed9957e9278ac53d6b839");
    CHECK(serials.size() == static_cast<std::size_t>(modules));
}

TEST_CASE("JsonWriter refuses a key outside an object and an end with nothing open", "[verifier][json]") {
    std::string text;
    dimmguard::verifier::JsonWriter top(text);
    CHECK_THROWS_AS(top.key("k"), std::logic_error);
    CHECK_THROWS_AS(top.end(), std::logic_error);
    dimmguard::verifier::JsonWriter list(text);
    list.begin_array();
    CHECK_THROWS_AS(list.key("k"), std::logic_error);
    list.integer(1);
    list.end();
    CHECK(text == "[\n  1\n]");
}
