// SPDX-License-Identifier: GPL-3.0-or-later
// Label text as a keyboard-wedge barcode scanner types it: the maker's 1D strings pass
// through; GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR) are read by their
// Application Identifiers and turned into the words the label rules compare.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dimmguard::verifier {

/// One GS1 Application Identifier and its value ("21", "3BF2A001").
struct Gs1Element {
    std::string ai;
    std::string value;
};

/// The elements of a GS1 payload, or an empty list when `text` is not one. Accepted forms:
///  - with a symbology identifier (`]C1` GS1-128, `]d2` GS1 DataMatrix, `]Q3` GS1 QR, `]e0`
///    DataBar), then the element string;
///  - the element string alone when it starts with AI 00, 01 or 02 (SSCC / GTIN);
///  - the human-readable form with each AI in parentheses: "(01)04012345678901(21)3BF2A001".
/// A variable-length value ends at the group separator, typed by scanners as ASCII 29 (GS), as
/// the text "<GS>", or as "^]" / "{GS}" by setups that cannot send control characters; it also
/// ends at the end of the text. An unknown AI, a value longer than its AI allows or a fixed-length
/// value cut short ends the parse: what was read before it is kept.
[[nodiscard]] std::vector<Gs1Element> parse_gs1(std::string_view text);

/// The words of a label for the label rules: for a GS1 payload, the part number (AI 240
/// "additional product identification", else 241 "customer part number") and "S/N <serial>"
/// (AI 21); any other text as it was. Control characters become spaces; at most 4096 bytes are
/// read (a label is one line; the rest of a hostile one is ignored).
[[nodiscard]] std::string label_words(std::string_view text);

}  // namespace dimmguard::verifier
