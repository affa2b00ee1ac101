// SPDX-License-Identifier: GPL-3.0-or-later
// The one CSV writer and the one CSV reader of the project (RFC 4180): reports, History
// exports, label files and registry bundle sources all go through these.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dimmguard/result.hpp"

namespace dimmguard::engine {

/// One field as written: a value starting with '=', '+', '-', '@', TAB or CR gets a leading
/// ' so that a spreadsheet never runs a cell as a formula (label and SPD text are written by
/// the people dimmguard catches); then quoted when it holds a comma, quote, CR or LF, with
/// quotes doubled.
[[nodiscard]] std::string csv_field(std::string_view text);

/// One record: fields joined by commas, ended by CRLF.
[[nodiscard]] std::string csv_record(const std::vector<std::string>& fields);

/// A parsed CSV document: records in file order, each with the line it starts on.
struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

struct CsvReadOptions {
    bool trim = true;            ///< strip spaces around unquoted fields
    bool comments = false;       ///< skip lines whose first character is '#'
};

/// Parse CSV text (CRLF or LF). Blank lines are skipped. Errc::bad_format names `what` and the
/// line for an unterminated quote or text after a closing quote.
[[nodiscard]] Result<std::vector<CsvRecord>> parse_csv(std::string_view text, std::string_view what, CsvReadOptions options = {});

/// A CSV whose first record names the columns (lower-cased); every row has as many fields.
struct CsvTable {
    std::vector<std::string> columns;
    std::vector<CsvRecord> rows;
    [[nodiscard]] std::optional<std::size_t> column(std::string_view name) const;
};

/// parse_csv + header: Errc::bad_format for an empty document or a row of the wrong width.
[[nodiscard]] Result<CsvTable> parse_csv_table(std::string_view text, std::string_view what, CsvReadOptions options = {});

/// Read a whole text file of at most `max_bytes`. Errors name the path: Errc::not_found,
/// Errc::usage when it is a directory or not a regular file, Errc::bad_format when too large,
/// Errc::permission_denied, Errc::io.
[[nodiscard]] Result<std::string> read_text_file(const std::filesystem::path& path, std::uintmax_t max_bytes = 64ULL << 20);

/// Read and parse a CSV file (read_text_file + parse_csv_table).
[[nodiscard]] Result<CsvTable> read_csv_table(const std::filesystem::path& path, CsvReadOptions options = {});

}  // namespace dimmguard::engine
