// SPDX-License-Identifier: GPL-3.0-or-later
// Tests for dump files: raw / i2cdump / plain hex parsing, load errors and atomic raw writes.
#include <catch2/catch.hpp>

#include "../support/temp_dir.hpp"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>

#include "firmware_io/dump_file.hpp"

namespace fs = std::filesystem;
using dimmguard::Errc;
using dimmguard::firmware_io::DumpFormat;
using dimmguard::firmware_io::load_dump_file;
using dimmguard::firmware_io::parse_dump;
using dimmguard::firmware_io::write_raw_dump;

using test_support::TempDir;

namespace {

/// Deterministic bytes that are not all printable, so parse_dump treats them as a raw image.
std::vector<std::uint8_t> pattern(std::size_t size, unsigned seed = 0) {
    std::vector<std::uint8_t> out(size);
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>((i * 37 + seed * 11 + 0x92) & 0xff);
    return out;
}

std::vector<std::uint8_t> to_bytes(std::string_view text) { return {text.begin(), text.end()}; }

std::string hex2(unsigned value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02x", value & 0xffU);
    return buf;
}

/// i2cdump's ASCII column: 0x00 and 0xff as '.', other non-printables as '?'.
char ascii_char(std::uint8_t value) {
    if (value == 0x00 || value == 0xff) return '.';
    if (value < 32 || value >= 127) return '?';
    return static_cast<char>(value);
}

/// Render bytes the way i2cdump (i2c-tools, byte mode) prints them: the column header, then per
/// row "%02x: " + 16 x "%02x " + "   " + an ASCII column where 0x00/0xff are '.', other
/// non-printables '?', and unreadable bytes are "XX" / 'X'. A missing value means unreadable.
std::string i2cdump_text(const std::vector<std::optional<std::uint8_t>>& bytes) {
    std::string out = "     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef\n";
    for (std::size_t row = 0; row < bytes.size(); row += 16) {
        char offset[32];
        std::snprintf(offset, sizeof offset, "%02zx: ", row);
        out += offset;
        for (std::size_t i = row; i < row + 16; ++i) out += bytes[i] ? hex2(*bytes[i]) + " " : std::string("XX ");
        out += "   ";
        for (std::size_t i = row; i < row + 16; ++i) out += bytes[i] ? ascii_char(*bytes[i]) : 'X';
        out += '\n';
    }
    return out;
}

std::string i2cdump_text(std::span<const std::uint8_t> bytes) {
    return i2cdump_text(std::vector<std::optional<std::uint8_t>>(bytes.begin(), bytes.end()));
}

/// Plain hex, `per_line` bytes a line, optionally with "OFFSET:" prefixes (3 hex digits).
std::string plain_hex(std::span<const std::uint8_t> bytes, std::size_t per_line, bool offsets) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i % per_line == 0) {
            if (i != 0) out += '\n';
            if (offsets) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%03zx:", i);
                out += buf;
            }
        }
        if (offsets || i % per_line != 0) out += ' ';
        out += hex2(bytes[i]);
    }
    out += '\n';
    return out;
}

void write_file(const fs::path& path, std::span<const std::uint8_t> bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

void write_file(const fs::path& path, std::string_view text) { write_file(path, to_bytes(text)); }

std::vector<std::uint8_t> read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    return names;
}

}  // namespace

TEST_CASE("raw dumps of 256, 512 and 1024 bytes load as-is", "[firmware_io][dump]") {
    for (const std::size_t size : {std::size_t{256}, std::size_t{512}, std::size_t{1024}}) {
        CAPTURE(size);
        const auto image = pattern(size);
        const auto parsed = parse_dump(image);
        REQUIRE(parsed);
        CHECK(parsed->format == DumpFormat::raw);
        CHECK(parsed->bytes == image);
    }
}

TEST_CASE("a raw dump that is not 256, 512 or 1024 bytes is truncated", "[firmware_io][dump]") {
    SECTION("300 bytes") {
        const auto parsed = parse_dump(pattern(300));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::truncated);
        CHECK(parsed.error().message == "raw dump of 300 bytes; expected 256, 512 or 1024");
    }
    SECTION("one byte short and one byte over") {
        for (const std::size_t size : {std::size_t{255}, std::size_t{513}, std::size_t{1025}}) {
            CAPTURE(size);
            const auto parsed = parse_dump(pattern(size));
            REQUIRE_FALSE(parsed);
            CHECK(parsed.error().code == Errc::truncated);
            CHECK_THAT(parsed.error().message, Catch::Contains(std::to_string(size) + " bytes"));
        }
    }
    SECTION("0 bytes") {
        const auto parsed = parse_dump(std::span<const std::uint8_t>{});
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::truncated);
        CHECK(parsed.error().message == "empty file");
    }
}

TEST_CASE("dump_format_name names each format", "[firmware_io][dump]") {
    CHECK(dimmguard::firmware_io::dump_format_name(DumpFormat::raw) == "raw");
    CHECK(dimmguard::firmware_io::dump_format_name(DumpFormat::i2cdump) == "i2cdump");
    CHECK(dimmguard::firmware_io::dump_format_name(DumpFormat::hex) == "hex");
}

TEST_CASE("i2cdump text round-trips byte-exact", "[firmware_io][dump]") {
    SECTION("256 bytes covering every byte value") {
        std::vector<std::uint8_t> image(256);
        for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<std::uint8_t>(255 - i);
        const std::string text = i2cdump_text(image);
        REQUIRE(text.starts_with("     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef\n"
                                 "00: ff fe fd fc fb fa f9 f8 f7 f6 f5 f4 f3 f2 f1 f0    .???????????????\n"));
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE(parsed);
        CHECK(parsed->format == DumpFormat::i2cdump);
        CHECK(parsed->bytes == image);
    }
    SECTION("without a trailing newline and with CRLF line ends") {
        const auto image = pattern(256, 3);
        std::string text = i2cdump_text(image);
        text.pop_back();
        const auto no_newline = parse_dump(to_bytes(text));
        REQUIRE(no_newline);
        CHECK(no_newline->bytes == image);
        std::string crlf;
        for (const char c : text + "\n") crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        const auto with_crlf = parse_dump(to_bytes(crlf));
        REQUIRE(with_crlf);
        CHECK(with_crlf->bytes == image);
    }
    SECTION("rows whose ASCII column looks like hex bytes, XX or an offset") {
        // Printable bytes appear verbatim in the ASCII column; spaces (0x20) split it into
        // tokens such as "ab", "XX", "10:" and "#c" that must never be read as data.
        auto image = pattern(256, 5);
        const std::string_view rows[] = {"ab cd ef 01 23 4", "XX 12 XX 34 XX 5", "10: 20: 30: 40:",
                                         "#c 00 ff 7e 99 9", " 9 8 7 6 5 4 3 2", "                "};
        std::size_t at = 0x40;
        for (const auto row : rows) {
            for (std::size_t i = 0; i < row.size(); ++i) image[at + i] = static_cast<std::uint8_t>(row[i]);
            at += 16;
        }
        const std::string text = i2cdump_text(image);
        REQUIRE_THAT(text, Catch::Contains("   ab cd ef 01 23 4\n"));
        REQUIRE_THAT(text, Catch::Contains("   XX 12 XX 34 XX 5\n"));
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE(parsed);
        CHECK(parsed->format == DumpFormat::i2cdump);
        CHECK(parsed->bytes == image);
    }
    SECTION("512 bytes with three-digit offsets") {
        const auto image = pattern(512, 7);
        const std::string text = i2cdump_text(image);
        REQUIRE_THAT(text, Catch::Contains("\n1f0: "));
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE(parsed);
        CHECK(parsed->bytes == image);
    }
}

TEST_CASE("plain hex dumps with and without offsets", "[firmware_io][dump]") {
    const auto image = pattern(512, 9);
    SECTION("OFFSET: bytes, 16 a line") {
        const std::string text = plain_hex(image, 16, true);
        REQUIRE(text.starts_with("000: "));
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE(parsed);
        CHECK(parsed->format == DumpFormat::hex);
        CHECK(parsed->bytes == image);
    }
    SECTION("0x-prefixed offsets, 8 a line") {
        std::string text;
        for (std::size_t i = 0; i < image.size(); i += 8) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "0x%04zx:", i);
            text += buf;
            for (std::size_t j = i; j < i + 8; ++j) text += " " + hex2(image[j]);
            text += '\n';
        }
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE(parsed);
        CHECK(parsed->bytes == image);
    }
    SECTION("bare bytes, 32 a line, upper case, tabs, comments and blank lines") {
        std::string text = "# SPD of slot 0x52\n\n";
        std::string body = plain_hex(image, 32, false);
        for (auto& c : body) {
            if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
        }
        body.replace(body.find(' '), 1, "\t");
        text += body;
        text += "\n# end\n\n";
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE(parsed);
        CHECK(parsed->format == DumpFormat::hex);
        CHECK(parsed->bytes == image);
    }
    SECTION("uneven lines without offsets") {
        std::string text;
        std::size_t i = 0;
        for (std::size_t len = 1; i < image.size(); ++len) {
            for (std::size_t j = 0; j < len && i < image.size(); ++j, ++i) text += hex2(image[i]) + " ";
            text += '\n';
        }
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE(parsed);
        CHECK(parsed->bytes == image);
    }
}

TEST_CASE("one byte that is not text anywhere makes a dump raw", "[firmware_io][dump]") {
    // The text-or-binary scan reads eight bytes at a time: a single binary byte (a control
    // other than TAB, LF and CR, DEL, or a byte above 0x7f) at any offset must be seen.
    std::vector<std::uint8_t> printable(256);
    for (std::size_t i = 0; i < printable.size(); ++i) printable[i] = static_cast<std::uint8_t>(0x20 + i % 0x5f);
    for (const std::uint8_t odd : {std::uint8_t{0x00}, std::uint8_t{0x1b}, std::uint8_t{0x7f}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
        for (std::size_t at = 0; at < printable.size(); ++at) {
            auto image = printable;
            image[at] = odd;
            const auto parsed = parse_dump(image);
            CAPTURE(int{odd}, at);
            REQUIRE(parsed);
            CHECK(parsed->format == DumpFormat::raw);
            CHECK(parsed->bytes == image);
        }
    }
    // TAB, LF and CR are text: the same bytes with them are read as (bad) hex text, not raw.
    auto text = printable;
    text[3] = '\t';
    text[100] = '\n';
    text[255] = '\r';
    const auto parsed = parse_dump(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == Errc::bad_format);
}

TEST_CASE("every spacing of a hex line gives the same bytes", "[firmware_io][dump]") {
    // parse_text reads the usual " hh hh" line in one pass and hands any other line to the
    // token-by-token reader; both must accept the same text and give the same bytes.
    const auto image = pattern(1024, 5);
    const char* const separators[] = {" ", "  ", "\t", " \t ", "\r "};
    for (const bool offsets : {true, false}) {
        for (const char* sep : separators) {
            for (const std::size_t per_line : {std::size_t{1}, std::size_t{7}, std::size_t{16}, std::size_t{32}}) {
                CAPTURE(offsets, sep, per_line);
                std::string text;
                for (std::size_t i = 0; i < image.size(); i += per_line) {
                    if (offsets) {
                        char buf[16];
                        std::snprintf(buf, sizeof buf, i % 3 == 0 ? "0x%04zX:" : "%03zx:", i);
                        text += buf;
                    }
                    for (std::size_t j = i; j < std::min(i + per_line, image.size()); ++j) {
                        text += sep;
                        std::string digits = hex2(image[j]);
                        if (j % 5 == 0) {   // some upper case
                            for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                        }
                        text += digits;
                    }
                    text += (i / per_line) % 2 == 0 ? " \r\n" : "\n";
                }
                const auto parsed = parse_dump(to_bytes(text));
                REQUIRE(parsed);
                CHECK(parsed->bytes == image);
            }
        }
    }
    SECTION("a bad token after good ones on a usual line is named") {
        std::string text = plain_hex(pattern(512), 16, true);
        text.replace(text.find("\n020:") + 1 + 5 + 3 * 15, 2, "g1");
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().message == "line 3: 'g1' is not a hex byte");
    }
    SECTION("a three-digit token at the end of a usual line is named") {
        std::string text = plain_hex(pattern(512), 16, true);
        text.insert(text.find("\n030:"), "0");
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE_FALSE(parsed);
        CHECK_THAT(parsed.error().message, Catch::StartsWith("line 3: '") && Catch::EndsWith("' is not a hex byte"));
    }
}

TEST_CASE("text dump errors name the line and the problem", "[firmware_io][dump]") {
    SECTION("'zz' is not a hex byte") {
        const auto parsed = parse_dump(to_bytes("92 11 0b 03\n45 zz 00 08\n"));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        CHECK(parsed.error().message == "line 2: 'zz' is not a hex byte");
    }
    SECTION("a token of the wrong length is not a hex byte") {
        const auto parsed = parse_dump(to_bytes("# header\n000: 92 110 0b\n"));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        CHECK(parsed.error().message == "line 2: '110' is not a hex byte");
    }
    SECTION("a bad offset") {
        const auto parsed = parse_dump(to_bytes("0g: 92 11\n"));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        CHECK(parsed.error().message == "line 1: '0g:' is not a hex offset");
    }
    SECTION("an offset that skips a row") {
        const auto image = pattern(256);
        std::string text = plain_hex(image, 16, true);
        text.erase(text.find("\n010:") + 1, text.find("\n020:") - text.find("\n010:"));
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        CHECK(parsed.error().message == "line 2: offset 0x20 does not follow the previous line (expected 0x10)");
    }
    SECTION("an offset that repeats a row") {
        const auto parsed = parse_dump(to_bytes("00: 92 11\n00: 0b 03\n"));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        CHECK_THAT(parsed.error().message, Catch::StartsWith("line 2: offset 0x0 does not follow"));
    }
    SECTION("an i2cdump byte that could not be read (XX)") {
        const auto image = pattern(256);
        std::vector<std::optional<std::uint8_t>> bytes(image.begin(), image.end());
        bytes[0x35].reset();
        const std::string text = i2cdump_text(bytes);
        REQUIRE_THAT(text, Catch::Contains("\n30: "));
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        // Line 1 is the header, so row 0x30 is line 5.
        CHECK(parsed.error().message == "line 5: byte 0x35 could not be read when the dump was taken (XX)");
    }
    SECTION("a short i2cdump row") {
        const auto image = pattern(256);
        std::string text = i2cdump_text(image);
        const std::size_t row = text.find("\n10: ") + 1;
        const std::size_t row_end = text.find('\n', row);
        text.erase(row + 4 + 8 * 3, row_end - (row + 4 + 8 * 3));  // keep 8 bytes, drop the rest
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::truncated);
        CHECK(parsed.error().message == "line 3: i2cdump row has 8 of 16 bytes");
    }
    SECTION("a short i2cdump row whose ASCII column looks like hex bytes") {
        // As `i2cdump -r 0x00-0xfe` prints the last row: 15 bytes, a blank column, then the
        // ASCII column. Its "ab" must not be taken as the missing 16th byte.
        auto image = pattern(256);
        image[0xf0] = 'a';
        image[0xf1] = 'b';
        image[0xf2] = ' ';
        std::string text = i2cdump_text(image);
        const std::size_t row = text.find("\nf0: ") + 1;
        std::string short_row = "f0: ";
        for (std::size_t i = 0xf0; i < 0xff; ++i) short_row += hex2(image[i]) + " ";
        short_row += "      ab ";
        for (std::size_t i = 0xf3; i < 0xff; ++i) short_row += ascii_char(image[i]);
        short_row += " \n";
        text.replace(row, std::string::npos, short_row);
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::truncated);
        CHECK(parsed.error().message == "line 17: i2cdump row has 15 of 16 bytes");
    }
    SECTION("more than 1024 bytes") {
        const std::string text = plain_hex(pattern(1040), 16, false);
        const auto parsed = parse_dump(to_bytes(text));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        // Lines 1-64 hold 1024 bytes; the 1025th is on line 65.
        CHECK(parsed.error().message == "line 65: more than 1024 bytes of hex data");
    }
    SECTION("a hex dump of the wrong total size") {
        const auto parsed = parse_dump(to_bytes(plain_hex(pattern(300), 16, true)));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::truncated);
        CHECK(parsed.error().message == "hex dump of 300 bytes; expected 256, 512 or 1024");
    }
    SECTION("an i2cdump of the wrong total size") {
        const auto parsed = parse_dump(to_bytes(i2cdump_text(pattern(128))));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::truncated);
        CHECK_THAT(parsed.error().message, Catch::Contains("of 128 bytes; expected 256, 512 or 1024"));
    }
    SECTION("text without any hex data") {
        const auto parsed = parse_dump(to_bytes("# nothing here\n\n   \n"));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == Errc::bad_format);
        CHECK(parsed.error().message == "no hex data found");
    }
}

TEST_CASE("load_dump_file reads files and prefixes errors with the path", "[firmware_io][dump]") {
    const TempDir dir;
    SECTION("a raw file") {
        const auto image = pattern(512);
        write_file(dir.path() / "module.bin", image);
        const auto loaded = load_dump_file(dir.path() / "module.bin");
        REQUIRE(loaded);
        CHECK(loaded->format == DumpFormat::raw);
        CHECK(loaded->bytes == image);
    }
    SECTION("an i2cdump file") {
        const auto image = pattern(256, 1);
        write_file(dir.path() / "module.txt", i2cdump_text(image));
        const auto loaded = load_dump_file(dir.path() / "module.txt");
        REQUIRE(loaded);
        CHECK(loaded->format == DumpFormat::i2cdump);
        CHECK(loaded->bytes == image);
    }
    SECTION("a parse error carries the path") {
        const fs::path path = dir.path() / "short.bin";
        write_file(path, pattern(300));
        const auto loaded = load_dump_file(path);
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().code == Errc::truncated);
        CHECK(loaded.error().message == path.string() + ": raw dump of 300 bytes; expected 256, 512 or 1024");
    }
    SECTION("an empty file") {
        const fs::path path = dir.path() / "empty.bin";
        write_file(path, std::span<const std::uint8_t>{});
        const auto loaded = load_dump_file(path);
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().code == Errc::truncated);
        CHECK(loaded.error().message == path.string() + ": empty file");
    }
    SECTION("a missing file") {
        const fs::path path = dir.path() / "missing.bin";
        const auto loaded = load_dump_file(path);
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().code == Errc::not_found);
        CHECK(loaded.error().message == path.string() + ": no such file");
    }
    SECTION("a directory") {
        const auto loaded = load_dump_file(dir.path());
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().code == Errc::bad_format);
        CHECK_THAT(loaded.error().message, Catch::StartsWith(dir.path().string() + ": is a directory"));
    }
    SECTION("a file too large to be a dump") {
        const fs::path path = dir.path() / "huge.bin";
        write_file(path, std::vector<std::uint8_t>(dimmguard::firmware_io::max_dump_file_bytes + 1, 0xff));
        const auto loaded = load_dump_file(path);
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().code == Errc::bad_format);
        CHECK_THAT(loaded.error().message, Catch::StartsWith(path.string() + ": larger than"));
    }
}

TEST_CASE("write_raw_dump writes exactly the bytes", "[firmware_io][dump]") {
    const TempDir dir;
    const fs::path path = dir.path() / "out.bin";
    const auto image = pattern(1024, 2);
    REQUIRE(write_raw_dump(path, image));
    CHECK(read_file(path) == image);
    CHECK(listing(dir.path()) == std::set<std::string>{"out.bin"});
    CHECK(fs::status(path).permissions() == (fs::perms::owner_read | fs::perms::owner_write |
                                             fs::perms::group_read | fs::perms::others_read));
    const auto loaded = load_dump_file(path);
    REQUIRE(loaded);
    CHECK(loaded->bytes == image);
}

TEST_CASE("write_raw_dump replaces an existing file atomically", "[firmware_io][dump]") {
    const TempDir dir;
    const fs::path path = dir.path() / "out.bin";
    const auto old_image = pattern(512, 4);
    write_file(path, old_image);
    // A second name for the old file: an in-place rewrite would change it, a rename does not.
    fs::create_hard_link(path, dir.path() / "old.bin");

    const auto new_image = pattern(256, 6);
    REQUIRE(write_raw_dump(path, new_image));
    CHECK(read_file(path) == new_image);
    CHECK(read_file(dir.path() / "old.bin") == old_image);
    CHECK(fs::hard_link_count(path) == 1);
    CHECK(listing(dir.path()) == std::set<std::string>{"old.bin", "out.bin"});
}

TEST_CASE("write_raw_dump leaves nothing behind when it fails", "[firmware_io][dump]") {
    const TempDir dir;
    write_file(dir.path() / "keep.bin", pattern(256));
    const auto before = listing(dir.path());
    const auto image = pattern(512);

    SECTION("the target directory does not exist") {
        const fs::path path = dir.path() / "no-such-dir" / "out.bin";
        const auto written = write_raw_dump(path, image);
        REQUIRE_FALSE(written);
        CHECK(written.error().code == Errc::io);
        CHECK_THAT(written.error().message, Catch::StartsWith(path.string() + ": "));
        CHECK_FALSE(fs::exists(dir.path() / "no-such-dir"));
    }
    SECTION("the target is a directory") {
        const fs::path path = dir.path() / "subdir";
        fs::create_directory(path);
        const auto with_subdir = listing(dir.path());
        const auto written = write_raw_dump(path, image);
        REQUIRE_FALSE(written);
        CHECK(written.error().code == Errc::io);
        CHECK_THAT(written.error().message, Catch::StartsWith(path.string() + ": "));
        CHECK(listing(dir.path()) == with_subdir);
        CHECK(fs::is_empty(path));
        fs::remove(path);
    }
    CHECK(listing(dir.path()) == before);
    CHECK(read_file(dir.path() / "keep.bin") == pattern(256));
}
