// SPDX-License-Identifier: GPL-3.0-or-later
// UTF-8 validation and the terminal filter (dimmguard/text.hpp).
#include <catch2/catch.hpp>

#include <string>

#include "dimmguard/text.hpp"

using dimmguard::terminal_safe;
using dimmguard::TerminalFilter;
using dimmguard::valid_utf8;

TEST_CASE("text: UTF-8 validation follows RFC 3629", "[common][text]") {
    CHECK(valid_utf8(""));
    CHECK(valid_utf8("PO-2026-0901"));
    CHECK(valid_utf8("\xe6\xb7\xb1\xe5\x9c\xb3"));            // 深圳
    CHECK(valid_utf8("\xf0\x9f\x98\x80"));                    // U+1F600
    CHECK_FALSE(valid_utf8("\xff"));
    CHECK_FALSE(valid_utf8("\xc0\xaf"));                      // overlong '/'
    CHECK_FALSE(valid_utf8("\xe0\x80\xaf"));                  // overlong
    CHECK_FALSE(valid_utf8("\xed\xa0\x80"));                  // surrogate
    CHECK_FALSE(valid_utf8("\xf4\x90\x80\x80"));              // above U+10FFFF
    CHECK_FALSE(valid_utf8("\xe6\xb7"));                      // truncated
    CHECK_FALSE(valid_utf8("a\x80z"));                        // stray continuation
}

TEST_CASE("text: the terminal filter escapes what could drive a terminal and keeps text", "[common][text]") {
    CHECK(terminal_safe("GENUINE  MTC40F2046S1RC48BA1\n") == "GENUINE  MTC40F2046S1RC48BA1\n");
    CHECK(terminal_safe("\xe6\xb7\xb1\xe5\x9c\xb3 DC2") == "\xe6\xb7\xb1\xe5\x9c\xb3 DC2");
    CHECK(terminal_safe("PO\x1b]0;x\x07\x1b[2J") == "PO\\x1b]0;x\\x07\\x1b[2J");
    CHECK(terminal_safe("a\rb\x7f") == "a\\x0db\\x7f");
    CHECK(terminal_safe("\xc2\x9b" "31m") == "\\u009b31m");      // C1 CSI
    CHECK(terminal_safe("abc\xe2\x80\xaexyz") == "abc\\u202exyz");   // right-to-left override
    CHECK(terminal_safe("\xff\xfe") == "\\xff\\xfe");
    CHECK(terminal_safe("a\tb\nc") == "a\tb\nc");
    CHECK(terminal_safe("a\tb\nc", true) == "a\\x09b\\x0ac");
    // A sequence split across writes passes whole; a dangling lead byte is escaped at the end.
    TerminalFilter f;
    std::string out = f.feed("x\xe6\xb7");
    out += f.feed("\xb1y\xe5");
    out += f.finish();
    CHECK(out == "x\xe6\xb7\xb1y\\xe5");
}

TEST_CASE("text: the terminal filter finds a control at any place in a long line", "[common][text]") {
    // Plain runs are checked eight bytes at a time: put each kind of byte the filter must act on
    // at every offset of a line longer than several words, in each single-line mode.
    const std::string plain = "M393A8G40CB4-CWE 0x80ce serial 4448ED07 ~ !\"#$%&'()*+,-./";
    const std::pair<std::string, std::string> odd[] = {
        {"\x1b", "\\x1b"}, {"\x7f", "\\x7f"}, {"\x1f", "\\x1f"}, {"\xff", "\\xff"}, {"\x80", "\\x80"},
        {"\xc2\x9b", "\\u009b"}, {"\xe2\x80\xae", "\\u202e"}, {"\xe4\xb8\xad", "\xe4\xb8\xad"},
    };
    for (const bool single_line : {false, true}) {
        for (std::size_t at = 0; at <= plain.size(); ++at) {
            for (const auto& [raw, shown] : odd) {
                CAPTURE(single_line, at, shown);
                const std::string line = plain.substr(0, at) + raw + plain.substr(at);
                CHECK(terminal_safe(line, single_line) == plain.substr(0, at) + shown + plain.substr(at));
            }
            const std::string with_newline = plain.substr(0, at) + "\n" + plain.substr(at);
            CHECK(terminal_safe(with_newline, single_line) ==
                  plain.substr(0, at) + (single_line ? "\\x0a" : "\n") + plain.substr(at));
            const std::string with_tab = plain.substr(0, at) + "\t" + plain.substr(at);
            CHECK(terminal_safe(with_tab, single_line) == plain.substr(0, at) + (single_line ? "\\x09" : "\t") + plain.substr(at));
            // A control next to a line break in the same eight bytes is still escaped.
            const std::string both = plain.substr(0, at) + "\n\x1b" + plain.substr(at);
            CHECK(terminal_safe(both, single_line) ==
                  plain.substr(0, at) + (single_line ? "\\x0a" : "\n") + "\\x1b" + plain.substr(at));
        }
    }
    // The same text fed in pieces of every size comes out the same.
    std::string text;
    for (const auto& [raw, shown] : odd) text += plain + raw + "\t\n";
    const std::string whole = terminal_safe(text);
    for (std::size_t piece = 1; piece <= 19; ++piece) {
        TerminalFilter f;
        std::string out;
        for (std::size_t i = 0; i < text.size(); i += piece) out += f.feed(std::string_view(text).substr(i, piece));
        out += f.finish();
        CHECK(out == whole);
    }
}
