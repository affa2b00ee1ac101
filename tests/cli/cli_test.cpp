// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end tests of the `dimmguard` binary: run as a subprocess on images it synthesizes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "../support/corpus.hpp"
#include "dimmguard/error.hpp"
#include "firmware_io/dump_file.hpp"
#include "verifier/jep106.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_json.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace cli_test;

namespace {

std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

const std::vector<std::string> ddr4_rdimm_args{
    "spd", "synth", "--type", "ddr4", "--module", "RDIMM", "--capacity", "32G", "--ranks", "2", "--width", "x4",
    "--speed", "3200", "--maker", "Micron Technology", "--part", "MTA36ASF4G72PZ-3G2E1", "--serial", "1a2b3c4d"};

const std::vector<std::string> ddr5_rdimm_args{
    "spd", "synth", "--type", "ddr5", "--module", "RDIMM", "--capacity", "64G", "--ranks", "2", "--width", "x4",
    "--speed", "4800", "--maker", "Samsung", "--part", "M321R8GA0BB0-CQK", "--serial", "3bf239f8"};

std::vector<std::string> with_output(std::vector<std::string> args, const std::string& output) {
    args.push_back("-o");
    args.push_back(output);
    return args;
}

/// Synthesize an image with the binary itself and check it worked.
std::string synth(const TempDir& dir, const std::vector<std::string>& args, const std::string& name) {
    const std::string path = dir.file(name);
    const RunResult r = run_dimmguard(with_output(args, path), dir);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    REQUIRE(fs::exists(path));
    return path;
}

/// The row value column: `print_decoded` writes "  " + label padded to 30 characters.
std::string row_line(const std::string& text, const std::string& label) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("  " + label + "  ")) return line;
    }
    FAIL("no '" << label << "' row in:\n" << text);
    return {};
}

std::size_t value_column(const std::string& line) {
    const std::size_t gap = line.find("  ", 2);
    return line.find_first_not_of(' ', gap);
}

}  // namespace

TEST_CASE("cli: spd synth writes DDR4 and DDR5 RDIMM images", "[cli]") {
    const TempDir dir;
    SECTION("DDR4 RDIMM: 512 bytes") {
        const std::string path = dir.file("ddr4.bin");
        const RunResult r = run_dimmguard(with_output(ddr4_rdimm_args, path), dir);
        CHECK(r.status == 0);
        CHECK(r.out.empty());
        CHECK(r.err == "wrote 512 bytes to " + path + "\n");
        REQUIRE(fs::exists(path));
        CHECK(fs::file_size(path) == 512);
    }
    SECTION("DDR5 RDIMM: 1024 bytes") {
        const std::string path = dir.file("ddr5.bin");
        const RunResult r = run_dimmguard(with_output(ddr5_rdimm_args, path), dir);
        CHECK(r.status == 0);
        CHECK(r.out.empty());
        REQUIRE(fs::exists(path));
        CHECK(fs::file_size(path) == 1024);
    }
    SECTION("an existing output file is replaced") {
        const std::string path = dir.file("replace.bin");
        write_bytes(path, std::vector<std::uint8_t>(1024, 0xff));
        const RunResult r = run_dimmguard(with_output(ddr4_rdimm_args, path), dir);
        CHECK(r.status == 0);
        CHECK(fs::file_size(path) == 512);
        CHECK(listing(dir.path()) == std::set<std::string>{"replace.bin"});
    }
}

TEST_CASE("cli: decode --json reports synthesized DDR4 and DDR5 RDIMMs", "[cli]") {
    const TempDir dir;
    struct Expect {
        std::vector<std::string> args;
        std::string name;
        std::string memory_type;
        std::uint64_t capacity_bytes;
        int speed_grade_mts;
        std::string part_number;
        std::string serial;
        std::size_t image_size;
    };
    const Expect cases[] = {
        {ddr4_rdimm_args, "ddr4.bin", "DDR4", 32ULL << 30, 3200, "MTA36ASF4G72PZ-3G2E1", "1a2b3c4d", 512},
        {ddr5_rdimm_args, "ddr5.bin", "DDR5", 64ULL << 30, 4800, "M321R8GA0BB0-CQK", "3bf239f8", 1024},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const std::string path = synth(dir, c.args, c.name);
        const RunResult r = run_dimmguard({"decode", path, "--json"}, dir);
        CHECK(r.status == 0);
        CHECK(r.err.empty());
        const json doc = parse_json(r);
        CHECK(doc.at("schema_version") == 1);
        CHECK(doc.at("command") == "decode");
        CHECK(doc.at("exit_status") == 0);
        CHECK(doc.at("tool").at("name") == "dimmguard");
        REQUIRE(doc.at("modules").size() == 1);
        const json& m = doc.at("modules").at(0);
        CHECK(m.at("ok") == true);
        CHECK_FALSE(m.contains("error"));
        CHECK(m.at("source").at("path") == path);
        CHECK(m.at("source").at("format") == "raw");
        const json& spd = m.at("spd");
        CHECK(spd.at("memory_type") == c.memory_type);
        CHECK(spd.at("image_size") == c.image_size);
        CHECK(spd.at("module").at("registered") == true);
        CHECK(spd.at("geometry").at("capacity_bytes") == c.capacity_bytes);
        CHECK(spd.at("geometry").at("package_ranks") == 2);
        CHECK(spd.at("geometry").at("device_width") == 4);
        CHECK(spd.at("timings").at("speed_grade_mts") == c.speed_grade_mts);
        CHECK(spd.at("manufacturing").at("part_number") == c.part_number);
        CHECK(spd.at("manufacturing").at("serial") == c.serial);
        CHECK(spd.at("crc_ok") == true);
        for (const auto& block : spd.at("crc")) CHECK(block.at("ok") == true);
        const json& fingerprint = spd.at("fingerprint");
        CHECK(fingerprint.at("available") == true);
        REQUIRE(fingerprint.at("value").is_string());
        // 64 lower-case hex digits (no <regex>: GCC 12 warns inside it at -O2, and CI uses -Werror).
        const auto value = fingerprint.at("value").get<std::string>();
        CHECK(value.size() == 64);
        CHECK(value.find_first_not_of("0123456789abcdef") == std::string::npos);
    }
}

TEST_CASE("cli: decode of several files gives one module entry each, in order", "[cli]") {
    const TempDir dir;
    const std::string ddr4 = synth(dir, ddr4_rdimm_args, "ddr4.bin");
    const std::string ddr5 = synth(dir, ddr5_rdimm_args, "ddr5.bin");
    const RunResult r = run_dimmguard({"decode", "--json", ddr5, ddr4, ddr5}, dir);
    CHECK(r.status == 0);
    const json doc = parse_json(r);
    CHECK(doc.at("exit_status") == 0);
    const json& modules = doc.at("modules");
    REQUIRE(modules.size() == 3);
    const std::string paths[] = {ddr5, ddr4, ddr5};
    const std::string types[] = {"DDR5", "DDR4", "DDR5"};
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        CHECK(modules.at(i).at("ok") == true);
        CHECK(modules.at(i).at("source").at("path") == paths[i]);
        CHECK(modules.at(i).at("spd").at("memory_type") == types[i]);
    }
    CHECK(modules.at(0).at("spd").at("fingerprint") == modules.at(2).at("spd").at("fingerprint"));
    CHECK(modules.at(0).at("spd").at("fingerprint").at("value") != modules.at(1).at("spd").at("fingerprint").at("value"));
}

TEST_CASE("cli: decode --json writes, module by module, the text of the whole document", "[cli][json]") {
    // run_json writes the document a module at a time; it must be the text json_text() gives
    // for the document built whole from the same files, byte for byte.
    const TempDir dir;
    std::vector<std::string> files = {synth(dir, ddr4_rdimm_args, "ddr4.bin"), synth(dir, ddr5_rdimm_args, "ddr5.bin")};
    std::ofstream(dir.file("bad.hex")) << "00: 23 zz\n";
    files.push_back(dir.file("bad.hex"));
    files.push_back(dir.file("missing.bin"));
    if (const auto corpus = test_support::corpus_dir("decode --json of the corpus")) {
        for (const char* generation : {"ddr3", "ddr4", "ddr5"}) {
            std::vector<std::string> images;
            for (const auto& entry : fs::directory_iterator(*corpus / generation)) images.push_back(entry.path().string());
            std::sort(images.begin(), images.end());
            files.insert(files.end(), images.begin(), images.end());
        }
    }
    nlohmann::ordered_json modules = nlohmann::ordered_json::array();
    for (const auto& file : files) {
        const auto dump = dimmguard::firmware_io::load_dump_file(file);
        auto decoded = dump ? dimmguard::with_context(dimmguard::verifier::decode_spd(dump->bytes), file)
                            : tl::unexpected(dump.error());
        if (!decoded) {
            modules.push_back({{"source", {{"kind", "file"}, {"path", file}}},
                               {"ok", false},
                               {"error", {{"code", dimmguard::errc_name(decoded.error().code)}, {"message", decoded.error().message}}}});
        } else {
            modules.push_back({{"source", {{"kind", "file"}, {"path", file}, {"format", dimmguard::firmware_io::dump_format_name(dump->format)}}},
                               {"ok", true},
                               {"spd", dimmguard::verifier::to_json(*decoded)}});
        }
    }
    std::vector<std::string> args = {"decode", "--json"};
    args.insert(args.end(), files.begin(), files.end());
    const RunResult r = run_dimmguard(args, dir);
    CHECK(r.status == 2);
    const nlohmann::ordered_json expected = {
        {"schema_version", dimmguard::verifier::json_schema_version},
        {"tool", nlohmann::ordered_json::parse(r.out).at("tool")},   // the version is the build's
        {"command", "decode"},
        {"jep106_revision", std::string(dimmguard::verifier::jep106_table_revision())},
        {"exit_status", 2},
        {"modules", modules},
    };
    CHECK(r.out == dimmguard::verifier::json_text(expected) + "\n");
    SECTION("one file") {
        const RunResult one = run_dimmguard({"decode", files[0], "--json"}, dir);
        CHECK(one.status == 0);
        CHECK(one.out.find("\"modules\": [\n    {\n      \"source\"") != std::string::npos);
        CHECK(one.out.ends_with("\n    }\n  ]\n}\n"));
    }
}

TEST_CASE("cli: the plain decode line and the parser give the same output", "[cli]") {
    // `dimmguard decode FILE... [--json]` is read without building the parser (cli/main.cpp);
    // a top-level option first sends the same request through the parser.
    const TempDir dir;
    const std::string ddr4 = synth(dir, ddr4_rdimm_args, "ddr4.bin");
    const std::string ddr5 = synth(dir, ddr5_rdimm_args, "ddr5.bin");
    std::ofstream(dir.file("bad.hex")) << "00: 23 zz\n";
    const std::vector<std::vector<std::string>> lines = {
        {ddr4},
        {ddr4, ddr5, "--json"},
        {"--json", ddr5},
        {dir.file("bad.hex"), ddr4},
        {"--json", dir.file("missing.bin"), ddr5},
        {ddr4, "--json", "--json"},
    };
    for (const auto& line : lines) {
        std::vector<std::string> plain = {"decode"};
        plain.insert(plain.end(), line.begin(), line.end());
        std::vector<std::string> parsed = {"--color", "auto", "decode"};
        parsed.insert(parsed.end(), line.begin(), line.end());
        const RunResult a = run_dimmguard(plain, dir);
        const RunResult b = run_dimmguard(parsed, dir);
        CAPTURE(plain);
        CHECK(a.status == b.status);
        CHECK(a.out == b.out);
        CHECK(a.err == b.err);
        CHECK_FALSE(a.out.empty());
    }
}

TEST_CASE("cli: decode text output has the sections and aligned rows", "[cli]") {
    const TempDir dir;
    const std::string ddr4 = synth(dir, ddr4_rdimm_args, "ddr4.bin");
    const std::string ddr5 = synth(dir, ddr5_rdimm_args, "ddr5.bin");
    const RunResult r = run_dimmguard({"decode", ddr4, ddr5}, dir);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const std::string& out = r.out;
    CHECK_THAT(out, Catch::StartsWith("== " + ddr4 + " (raw, 512 bytes) ==\n"));
    CHECK_THAT(out, Catch::Contains("\n\n== " + ddr5 + " (raw, 1024 bytes) ==\n"));
    for (const char* heading : {"-- Memory characteristics --", "-- Timings --", "-- Manufacturing --", "-- Integrity --"}) {
        CAPTURE(heading);
        CHECK_THAT(out, Catch::Contains(std::string("\n  ") + heading + "\n"));
    }
    CHECK_THAT(out, Catch::Contains("-- Register --"));
    CHECK_THAT(out, Catch::Contains("-- Components declared by the SPD --"));

    const std::string capacity = row_line(out, "Capacity");
    const std::string part = row_line(out, "Part number");
    const std::string memory_type = row_line(out, "Memory type");
    CHECK_THAT(capacity, Catch::EndsWith("32 GB"));
    CHECK_THAT(part, Catch::EndsWith("MTA36ASF4G72PZ-3G2E1"));
    CHECK(value_column(capacity) == 32);
    CHECK(value_column(part) == value_column(capacity));
    CHECK(value_column(memory_type) == value_column(capacity));
    CHECK(capacity.substr(value_column(capacity)) == "32 GB");
    CHECK(part.substr(value_column(part)) == "MTA36ASF4G72PZ-3G2E1");
    CHECK_THAT(out, Catch::Contains("  Capacity                      64 GB\n"));
    CHECK_THAT(out, Catch::Contains("  Part number                   M321R8GA0BB0-CQK\n"));
    CHECK_THAT(out, Catch::Contains("OK (0x"));
    CHECK_THAT(out, !Catch::Contains("BAD"));
}

TEST_CASE("cli: decode of an unreadable file exits 2 with one line on stderr", "[cli]") {
    const TempDir dir;
    struct Case {
        std::string name;
        std::string problem;
        std::string code;
    };
    const Case cases[] = {
        {"missing.bin", "no such file", "not_found"},
        {"wrong-size.bin", "raw dump of 300 bytes; expected 256, 512 or 1024", "truncated"},
        {"notes.txt", "line 1: 'hello,' is not a hex byte", "bad_format"},
    };
    std::vector<std::uint8_t> wrong_size(300);
    for (std::size_t i = 0; i < wrong_size.size(); ++i) wrong_size[i] = static_cast<std::uint8_t>(i * 7 + 0x80);
    write_bytes(dir.file("wrong-size.bin"), wrong_size);
    const std::string notes = "hello, these are my notes about the module\n";
    write_bytes(dir.file("notes.txt"), std::vector<std::uint8_t>(notes.begin(), notes.end()));

    for (const auto& c : cases) {
        CAPTURE(c.name);
        const std::string path = dir.file(c.name);
        const std::string expected_line = "dimmguard: " + path + ": " + c.problem;
        SECTION("text: " + c.name) {
            const RunResult r = run_dimmguard({"decode", path}, dir);
            CHECK(r.status == 2);
            CHECK(r.out.empty());
            REQUIRE(r.err_lines().size() == 1);
            CHECK(r.err_lines().front() == expected_line);
        }
        SECTION("json: " + c.name) {
            const RunResult r = run_dimmguard({"decode", "--json", path}, dir);
            CHECK(r.status == 2);
            REQUIRE(r.err_lines().size() == 1);
            CHECK(r.err_lines().front() == expected_line);
            const json doc = parse_json(r);
            CHECK(doc.at("exit_status") == 2);
            REQUIRE(doc.at("modules").size() == 1);
            const json& m = doc.at("modules").at(0);
            CHECK(m.at("ok") == false);
            CHECK_FALSE(m.contains("spd"));
            CHECK(m.at("source").at("path") == path);
            CHECK(m.at("error").at("code") == c.code);
            CHECK(m.at("error").at("message") == path + ": " + c.problem);
        }
    }
}

TEST_CASE("cli: decode goes on past a bad file and still exits 2", "[cli]") {
    const TempDir dir;
    const std::string good = synth(dir, ddr4_rdimm_args, "good.bin");
    const std::string bad = dir.file("missing.bin");
    SECTION("json") {
        const RunResult r = run_dimmguard({"decode", "--json", bad, good}, dir);
        CHECK(r.status == 2);
        CHECK(r.err_lines().size() == 1);
        const json doc = parse_json(r);
        CHECK(doc.at("exit_status") == 2);
        REQUIRE(doc.at("modules").size() == 2);
        CHECK(doc.at("modules").at(0).at("ok") == false);
        CHECK(doc.at("modules").at(0).at("error").at("code") == "not_found");
        CHECK(doc.at("modules").at(1).at("ok") == true);
        CHECK(doc.at("modules").at(1).at("spd").at("memory_type") == "DDR4");
        CHECK(doc.at("modules").at(1).at("spd").at("crc_ok") == true);
    }
    SECTION("text") {
        const RunResult r = run_dimmguard({"decode", good, bad}, dir);
        CHECK(r.status == 2);
        CHECK_THAT(r.out, Catch::StartsWith("== " + good + " (raw, 512 bytes) =="));
        CHECK_THAT(r.out, Catch::Contains("32 GB"));
        REQUIRE(r.err_lines().size() == 1);
        CHECK(r.err_lines().front() == "dimmguard: " + bad + ": no such file");
    }
}

TEST_CASE("cli: usage errors exit 1 without JSON on stdout", "[cli]") {
    const TempDir dir;
    const std::string good = synth(dir, ddr4_rdimm_args, "good.bin");
    const auto before = listing(dir.path());
    const std::vector<std::vector<std::string>> cases = {
        {},
        {"--json"},
        {"decode"},
        {"decode", "--json"},
        {"decode", "--json", "--bogus", good},
        {"decode", "--no-such-flag", good},
        {"frobnicate", good},
        {"spd"},
        {"spd", "synth", "--type", "ddr4", "--capacity", "8G", "--speed", "3200"},
        {"spd", "synth", "--type", "ddr4", "--capacity", "8G", "--speed", "3200", "--width", "x5", "-o", dir.file("x5.bin")},
        {"spd", "synth", "--type", "ddr3", "--capacity", "8G", "--speed", "1600", "-o", dir.file("ddr3.bin")},
        {"spd", "synth", "--type", "ddr4", "--capacity", "8G", "--speed", "3200", "--ranks", "9", "-o", dir.file("r9.bin")},
    };
    for (const auto& args : cases) {
        std::string joined;
        for (const auto& a : args) joined += " " + a;
        CAPTURE(joined);
        const RunResult r = run_dimmguard(args, dir);
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        CHECK_FALSE(r.err.empty());
    }
    CHECK(listing(dir.path()) == before);
}

TEST_CASE("cli: spd synth refuses impossible descriptions and writes nothing", "[cli]") {
    const TempDir dir;
    const std::string output = dir.file("out.bin");
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const Case cases[] = {
        // 40 GiB over 16 x4 devices needs a 20 Gb die, which DDR4 byte 4 cannot encode.
        {{"--type", "ddr4", "--capacity", "40G", "--ranks", "1", "--width", "x4", "--speed", "3200"},
         "dimmguard spd synth: capacity 40 GB with 1 ranks x4 needs a die DDR4 cannot encode (20480 Mb)"},
        {{"--type", "ddr4", "--capacity", "8G", "--speed", "3200", "--maker", "NoSuchVendor"},
         "dimmguard spd synth: maker 'NoSuchVendor' is not a JEP106 manufacturer name or code"},
        {{"--type", "ddr4", "--capacity", "8G", "--speed", "3200", "--maker", "Micron"},
         "dimmguard spd synth: maker 'Micron' is ambiguous"},
        {{"--type", "ddr4", "--capacity", "8G", "--speed", "3200", "--width", "x5"},
         "dimmguard spd synth: field 'width': 'x5' is not x4, x8 or x16"},
        {{"--type", "ddr4", "--capacity", "8G", "--speed", "4800"}, "dimmguard spd synth: DDR4 speed must be 1600-3200"},
        {{"--type", "ddr5", "--capacity", "lots", "--speed", "4800"}, "dimmguard spd synth: field 'capacity': capacity 'lots'"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> args{"spd", "synth"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        args.insert(args.end(), {"-o", output});
        std::string joined;
        for (const auto& a : args) joined += " " + a;
        CAPTURE(joined);
        const RunResult r = run_dimmguard(args, dir);
        CHECK(r.status == 1);
        CHECK(r.out.empty());
        REQUIRE(r.err_lines().size() == 1);
        CHECK_THAT(r.err_lines().front(), Catch::StartsWith(c.message));
        CHECK_FALSE(fs::exists(output));
        CHECK(listing(dir.path()).empty());
    }
}

TEST_CASE("cli: spd synth into a missing directory exits 2 and leaves nothing", "[cli]") {
    const TempDir dir;
    const std::string output = (dir.path() / "no-such-dir" / "out.bin").string();
    const RunResult r = run_dimmguard(with_output(ddr4_rdimm_args, output), dir);
    CHECK(r.status == 2);
    REQUIRE(r.err_lines().size() == 1);
    CHECK_THAT(r.err_lines().front(), Catch::StartsWith("dimmguard spd synth: " + output + ": "));
    CHECK(listing(dir.path()).empty());
}

TEST_CASE("cli: --help for decode and spd synth exits 0 and lists the options", "[cli]") {
    const TempDir dir;
    SECTION("decode --help") {
        const RunResult r = run_dimmguard({"decode", "--help"}, dir);
        CHECK(r.status == 0);
        CHECK_THAT(r.out, Catch::Contains("--json"));
        CHECK_THAT(r.out, Catch::Contains("files"));
        CHECK_THAT(r.out, Catch::Contains("Exit status"));
    }
    SECTION("spd synth --help") {
        const RunResult r = run_dimmguard({"spd", "synth", "--help"}, dir);
        CHECK(r.status == 0);
        for (const char* option : {"--type", "--module", "--capacity", "--ranks", "--width", "--speed", "--maker",
                                   "--part", "--serial", "-o,--output"}) {
            CAPTURE(option);
            CHECK_THAT(r.out, Catch::Contains(option));
        }
        CHECK(listing(dir.path()).empty());
    }
    SECTION("top-level --help") {
        const RunResult r = run_dimmguard({"--help"}, dir);
        CHECK(r.status == 0);
        CHECK_THAT(r.out, Catch::Contains("decode"));
        CHECK_THAT(r.out, Catch::Contains("spd"));
    }
}

TEST_CASE("cli: decode reports a corrupted base block as a bad CRC, not a failure", "[cli]") {
    const TempDir dir;
    struct Case {
        std::vector<std::string> args;
        std::string name;
        std::size_t offset;  ///< a byte inside the first CRC block (DDR4 0-125, DDR5 0-509)
    };
    const Case cases[] = {{ddr4_rdimm_args, "ddr4.bin", 0x50}, {ddr5_rdimm_args, "ddr5.bin", 0x50}};
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const std::string path = synth(dir, c.args, c.name);
        auto image = read_bytes(path);
        REQUIRE(image.size() > c.offset);
        image[c.offset] ^= 0x01;
        write_bytes(path, image);

        const RunResult j = run_dimmguard({"decode", "--json", path}, dir);
        CHECK(j.status == 0);
        CHECK(j.err.empty());
        const json doc = parse_json(j);
        CHECK(doc.at("exit_status") == 0);
        const json& m = doc.at("modules").at(0);
        CHECK(m.at("ok") == true);
        CHECK(m.at("spd").at("crc_ok") == false);
        const json& first_block = m.at("spd").at("crc").at(0);
        CHECK(first_block.at("first") == 0);
        CHECK(first_block.at("ok") == false);
        CHECK(first_block.at("stored") != first_block.at("computed"));

        const RunResult t = run_dimmguard({"decode", path}, dir);
        CHECK(t.status == 0);
        CHECK(t.err.empty());
        CHECK_THAT(t.out, Catch::Contains("BAD (stored 0x"));
    }
}
