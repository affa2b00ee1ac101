// SPDX-License-Identifier: GPL-3.0-or-later
// A PostgreSQL connection through libpq with a deadline on connecting and on every query, so a
// station whose server is slow or gone gets an answer in the time it was given (docs/fleet.md).
// The connection string is anything libpq takes: a URI (postgresql://...), "service=NAME"
// (PGSERVICEFILE), key=value pairs; passwords come from ~/.pgpass or PGPASSFILE, TLS from
// sslmode / sslrootcert as libpq documents them.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dimmguard/result.hpp"

namespace dimmguard::fleet {

/// Query results in text form, row by row (NULL = nullopt).
struct Rows {
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    [[nodiscard]] bool empty() const noexcept { return rows.empty(); }
    /// Row r, column c; "" for NULL.
    [[nodiscard]] std::string text(std::size_t r, std::size_t c) const { return rows.at(r).at(c).value_or(std::string()); }
};

using Param = std::optional<std::string>;

/// `conninfo` as it may be shown or logged: a password in it (`password=...` in key=value form,
/// `user:password@` or `?password=` in a URI) is replaced by "***"; everything else is kept as
/// written. Passwords belong in ~/.pgpass (docs/fleet.md), but a station given one on the
/// command line must not print it in `sync --status`, the desk app or a journal.
[[nodiscard]] std::string conninfo_for_display(std::string_view conninfo);

class PgConnection {
public:
    /// Connect within `timeout`. Errc::timeout when no connection was made in time, Errc::io
    /// when the server cannot be reached, Errc::permission_denied when it refuses the login,
    /// Errc::usage for a malformed connection string.
    [[nodiscard]] static Result<PgConnection> open(const std::string& conninfo, std::chrono::milliseconds timeout);
    PgConnection(PgConnection&&) noexcept;
    PgConnection& operator=(PgConnection&&) noexcept;
    ~PgConnection();

    /// Run one statement with text parameters ($1, $2, ...) and wait at most `timeout` for its
    /// answer (then the query is cancelled and the connection closed: Errc::timeout). A server error is Errc::db,
    /// or Errc::permission_denied for a privilege or row-level-security refusal (SQLSTATE 42501).
    [[nodiscard]] Result<Rows> query(std::string_view sql, const std::vector<Param>& params, std::chrono::milliseconds timeout);
    /// Several statements without parameters (migrations), same deadline rules.
    [[nodiscard]] Result<void> exec(std::string_view sql, std::chrono::milliseconds timeout);

    /// The role this connection logged in as, and where it went (for messages).
    [[nodiscard]] std::string user() const;
    [[nodiscard]] std::string where() const;

private:
    struct Impl;
    explicit PgConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace dimmguard::fleet
