// SPDX-License-Identifier: GPL-3.0-or-later
// JEP106 decoding and name lookup over the compiled-in table.
#include "verifier/jep106.hpp"
#include "dimmguard/numbers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <cstdint>

#include "dimmguard/bytes.hpp"

namespace dimmguard::verifier {
namespace {

// The generated rows, used only while compiling: a table of pointers would be relocated page by
// page at every start of a position-independent executable, so the names are packed into one
// character array and the rows hold offsets into it (nothing to relocate).
struct SourceRow {
    std::uint8_t bank;
    std::uint8_t code;
    std::string_view name;
};

constexpr SourceRow source_rows[] = {
#include "jep106_table.inc"
};

constexpr std::size_t row_count = std::size(source_rows);

constexpr std::size_t names_size() {
    std::size_t n = 0;
    for (const SourceRow& row : source_rows) n += row.name.size();
    return n;
}

struct Row {
    std::uint8_t bank;
    std::uint8_t code;
    std::uint16_t length;
    std::uint32_t offset;
};

struct Table {
    std::array<char, names_size()> names{};
    std::array<Row, row_count> rows{};
};

constexpr Table make_table() {
    Table t;
    std::size_t at = 0;
    for (std::size_t i = 0; i < row_count; ++i) {
        const SourceRow& source = source_rows[i];
        t.rows[i] = Row{source.bank, source.code, static_cast<std::uint16_t>(source.name.size()), static_cast<std::uint32_t>(at)};
        for (const char c : source.name) t.names[at++] = c;
    }
    return t;
}

constexpr Table packed = make_table();
constexpr const std::array<Row, row_count>& table = packed.rows;

static_assert(names_size() < UINT32_MAX);
static_assert(std::is_sorted(source_rows, source_rows + row_count, [](const SourceRow& a, const SourceRow& b) {
    return a.bank != b.bank ? a.bank < b.bank : a.code < b.code;
}), "jep106_table.inc must be sorted by bank and code (jep106_name searches it)");

constexpr std::string_view name_of(const Row& row) noexcept {
    return std::string_view(packed.names.data() + row.offset, row.length);
}

constexpr bool odd_parity(std::uint8_t b) noexcept {
    unsigned ones = 0;
    for (unsigned x = b; x != 0; x >>= 1) ones += x & 1U;
    return ones % 2 == 1;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Jep106Id from_table_row(const Row& row) {
    const auto bank_byte = jep106_with_parity(static_cast<unsigned>(row.bank - 1));
    const auto code_byte = jep106_with_parity(row.code);
    return decode_jep106(bank_byte, code_byte);
}

}  // namespace

std::string_view jep106_table_revision() noexcept { return DIMMGUARD_JEP106_REVISION; }

std::optional<std::string_view> jep106_name(int bank, int code) noexcept {
    const auto it = std::lower_bound(std::begin(table), std::end(table), std::pair{bank, code},
                                     [](const Row& row, const std::pair<int, int>& key) {
                                         return std::pair<int, int>{row.bank, row.code} < key;
                                     });
    if (it != std::end(table) && it->bank == bank && it->code == code) return name_of(*it);
    return std::nullopt;
}

Jep106Id decode_jep106(std::uint8_t bank_byte, std::uint8_t code_byte) {
    Jep106Id id;
    id.bank_byte = bank_byte;
    id.code_byte = code_byte;
    id.programmed = !((bank_byte == 0x00 && code_byte == 0x00) || (bank_byte == 0xff && code_byte == 0xff));
    id.bank = (bank_byte & 0x7f) + 1;
    id.code = code_byte & 0x7f;
    id.parity_ok = odd_parity(bank_byte) && odd_parity(code_byte) && id.code != 0 && id.code != 0x7f;
    if (id.programmed) {
        if (auto name = jep106_name(id.bank, id.code)) id.name = std::string(*name);
    }
    return id;
}

std::string Jep106Id::hex() const {
    const std::array<std::uint8_t, 2> raw{bank_byte, code_byte};
    return to_hex(raw);
}

std::string Jep106Id::display() const {
    if (!programmed) return "not programmed";
    std::string out = name.empty()
        ? "unknown (bank " + std::to_string(bank) + ", " + hex_byte(static_cast<std::uint8_t>(code)) + ")"
        : name;
    if (!parity_ok) out += " [invalid JEP106 parity: " + hex() + "]";
    return out;
}

std::vector<Jep106Id> jep106_lookup(std::string_view query) {
    std::vector<Jep106Id> out;
    // Stored hex form: "802c", "0x80,0x2c", "80:2c".
    std::string digits;
    for (std::size_t i = 0; i < query.size(); ++i) {
        const char c = query[i];
        if (c == '0' && i + 1 < query.size() && (query[i + 1] == 'x' || query[i + 1] == 'X')) {
            ++i;
            continue;
        }
        if (std::isxdigit(static_cast<unsigned char>(c))) digits.push_back(c);
        else if (c != ',' && c != ':' && c != ' ') { digits.clear(); break; }
    }
    if (digits.size() == 4 && query.size() <= 12) {
        const auto value = parse_unsigned(digits, 0xffff, 16).value_or(0);   // 4 hex digits, checked above
        auto id = decode_jep106(static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value & 0xff));
        if (id.programmed && id.parity_ok) out.push_back(id);
        return out;
    }
    const std::string q = lower(query);
    if (q.empty()) return out;
    for (const Row& row : table) {
        if (lower(name_of(row)) == q) return {from_table_row(row)};
    }
    for (const Row& row : table) {
        if (lower(name_of(row)).starts_with(q)) out.push_back(from_table_row(row));
    }
    return out;
}

}  // namespace dimmguard::verifier
