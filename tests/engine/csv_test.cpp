// SPDX-License-Identifier: GPL-3.0-or-later
// The one CSV writer and reader: quoting, the spreadsheet formula guard, RFC 4180 parsing, and
// refusals that name the line.
#include <catch2/catch.hpp>

#include <fstream>

#include "../support/temp_dir.hpp"
#include "engine/csv.hpp"

using namespace dimmguard;
using namespace dimmguard::engine;

TEST_CASE("csv: fields are quoted only when they must be, and formulas never run", "[engine][csv]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    // Label and SPD text are written by the people dimmguard catches: a cell a spreadsheet would
    // evaluate gets a leading quote.
    CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_field("+1") == "'+1");
    CHECK(csv_field("-2+3") == "'-2+3");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("\tcmd") == "'\tcmd");
    CHECK(csv_record({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
}

TEST_CASE("csv: what the writer writes, the reader reads back", "[engine][csv]") {
    const std::vector<std::string> fields = {"x", "a,b", "q\"uote", "multi\r\nline", "", "  spaced  "};
    const std::string text = csv_record({"c1", "c2", "c3", "c4", "c5", "c6"}) + csv_record(fields);
    auto table = parse_csv_table(text, "t.csv");
    REQUIRE(table);
    REQUIRE(table->rows.size() == 1);
    const auto& row = table->rows[0].fields;
    REQUIRE(row.size() == 6);
    CHECK(row[1] == "a,b");
    CHECK(row[2] == "q\"uote");
    CHECK(row[3] == "multi\r\nline");
    CHECK(row[4].empty());
    CHECK(row[5] == "spaced");  // unquoted fields are trimmed
    CHECK(table->column("c3") == 2U);
    CHECK_FALSE(table->column("nope"));
}

TEST_CASE("csv: line numbers, comments, blank lines and refusals", "[engine][csv]") {
    const std::string text = "# a comment\nslot,label\n\nA1,one\r\n\"A2\",\"two, quoted\"\n";
    auto records = parse_csv(text, "labels.csv", {.trim = true, .comments = true});
    REQUIRE(records);
    REQUIRE(records->size() == 3);
    CHECK((*records)[0].line == 2);
    CHECK((*records)[1].line == 4);
    CHECK((*records)[2].fields[1] == "two, quoted");
    CHECK((*records)[2].line == 5);

    auto unterminated = parse_csv("a,b\n\"c,d\n", "bad.csv");
    REQUIRE_FALSE(unterminated);
    CHECK(unterminated.error().code == Errc::bad_format);
    CHECK(unterminated.error().message == "bad.csv line 2: unterminated quote");
    auto trailing = parse_csv("\"a\"b,c\n", "bad.csv");
    REQUIRE_FALSE(trailing);
    CHECK(trailing.error().message == "bad.csv line 1: text after a closing quote");
    auto ragged = parse_csv_table("a,b\n1,2\n3\n", "r.csv");
    REQUIRE_FALSE(ragged);
    CHECK(ragged.error().message == "r.csv line 3: 1 columns, the header has 2");
    auto empty = parse_csv_table("\n\n", "e.csv");
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message.find("empty CSV") != std::string::npos);
}

TEST_CASE("csv: files are read whole, a directory or a missing file is named", "[engine][csv]") {
    test_support::TempDir tmp;
    {
        std::ofstream out(tmp.file("ok.csv"));
        out << "a,b\n1,2\n";
    }
    auto ok = read_csv_table(tmp.file("ok.csv"));
    REQUIRE(ok);
    CHECK(ok->rows.size() == 1);
    auto dir = read_csv_table(tmp.path());
    REQUIRE_FALSE(dir);
    CHECK(dir.error().code == Errc::io);   // as input_file.hpp documents
    CHECK(dir.error().message == tmp.path().string() + ": is a directory, expected a file");
    auto missing = read_text_file(tmp.file("nope.csv"));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::not_found);
    auto big = read_text_file(tmp.file("ok.csv"), 3);
    REQUIRE_FALSE(big);
    CHECK(big.error().code == Errc::bad_format);
}
