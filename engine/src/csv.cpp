// SPDX-License-Identifier: GPL-3.0-or-later
// RFC 4180 CSV reading and writing, with the spreadsheet formula guard.
#include "engine/csv.hpp"

#include "dimmguard/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dimmguard::engine {
namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string csv_field(std::string_view text) {
    std::string value(text);
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' || value[0] == '\t' ||
                           value[0] == '\r')) {
        value.insert(0, 1, '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_record(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i != 0) out += ',';
        out += csv_field(fields[i]);
    }
    out += "\r\n";
    return out;
}

Result<std::vector<CsvRecord>> parse_csv(std::string_view t, std::string_view what, CsvReadOptions options) {
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    bool in_quotes = false;     // inside a quoted field
    bool was_quoted = false;    // the current field was quoted (kept verbatim)
    bool any = false;           // the current record has content
    std::size_t line = 1;
    record.line = 1;
    const auto where = [&](std::size_t l) { return std::string(what) + " line " + std::to_string(l); };
    const auto end_field = [&] {
        record.fields.push_back(was_quoted || !options.trim ? field : trimmed(field));
        field.clear();
        was_quoted = false;
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < t.size() && t[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                in_quotes = false;
            } else {
                if (c == '\n') ++line;
                field.push_back(c);
            }
            continue;
        }
        if (c == '\n' || (c == '\r' && i + 1 < t.size() && t[i + 1] == '\n')) {
            if (c == '\r') ++i;
            if (any || !trimmed(field).empty()) {
                end_field();
                records.push_back(std::move(record));
            }
            record = CsvRecord{};
            field.clear();
            was_quoted = false;
            any = false;
            record.line = ++line;
            continue;
        }
        if (!any && field.empty() && options.comments && c == '#') {
            while (i + 1 < t.size() && t[i + 1] != '\n') ++i;  // the newline ends the (empty) record
            continue;
        }
        if (was_quoted && c != ',') {
            if (c == ' ' || c == '\t' || c == '\r') continue;
            return fail(Errc::bad_format, where(line) + ": text after a closing quote");
        }
        if (c == '"' && trimmed(field).empty()) {
            field.clear();
            in_quotes = true;
            was_quoted = true;
            any = true;
        } else if (c == ',') {
            end_field();
            any = true;
        } else {
            field.push_back(c);
            if (c != ' ' && c != '\t' && c != '\r') any = true;
        }
    }
    if (in_quotes) return fail(Errc::bad_format, where(record.line) + ": unterminated quote");
    if (any || !trimmed(field).empty()) {
        end_field();
        records.push_back(std::move(record));
    }
    return records;
}

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i] == name) return i;
    }
    return std::nullopt;
}

Result<CsvTable> parse_csv_table(std::string_view text, std::string_view what, CsvReadOptions options) {
    auto records = parse_csv(text, what, options);
    if (!records) return tl::unexpected(records.error());
    if (records->empty()) return fail(Errc::bad_format, std::string(what) + ": empty CSV (a header row naming the columns is required)");
    CsvTable table;
    for (auto& c : records->front().fields) table.columns.push_back(lower(c));
    for (std::size_t i = 1; i < records->size(); ++i) {
        auto& r = (*records)[i];
        if (r.fields.size() != table.columns.size()) {
            return fail(Errc::bad_format, std::string(what) + " line " + std::to_string(r.line) + ": " + std::to_string(r.fields.size()) +
                                              " columns, the header has " + std::to_string(table.columns.size()));
        }
        table.rows.push_back(std::move(r));
    }
    return table;
}

Result<std::string> read_text_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
    return read_input_file(path, max_bytes);
}

Result<CsvTable> read_csv_table(const std::filesystem::path& path, CsvReadOptions options) {
    auto text = read_text_file(path);
    if (!text) return tl::unexpected(text.error());
    return parse_csv_table(*text, path.string(), options);
}

}  // namespace dimmguard::engine
