// SPDX-License-Identifier: GPL-3.0-or-later
// RAII wrappers over SQLite: connection, prepared statement, transaction (rollback unless
// committed). <sqlite3.h> stays out of this header.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>
#include <string_view>

#include "dimmguard/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace dimmguard::db {

class Statement;
class CachedStatement;

/// How long a writer waits for another process's lock before Errc::busy (concurrent GUI and
/// batch processes must never see "database is locked").
inline constexpr int busy_timeout_ms = 30'000;

class Connection {
public:
    /// Open (creating when `create`) with WAL, foreign keys, synchronous=NORMAL and the busy
    /// timeout. ":memory:" opens a private in-memory database. Errc::db / not_found naming the path.
    [[nodiscard]] static Result<Connection> open(const std::filesystem::path& path, bool create = true);
    /// Open an existing file read-only: nothing is ever written, the journal mode is left as it
    /// is. A WAL database in a directory this user cannot write (no -shm file can be made) is
    /// opened immutable, which is safe there because nobody can be writing it through us.
    [[nodiscard]] static Result<Connection> open_read_only(const std::filesystem::path& path);
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    /// Run one or more statements without results.
    [[nodiscard]] Result<void> exec(std::string_view sql);
    [[nodiscard]] Result<Statement> prepare(std::string_view sql);
    /// The statement for `sql`, prepared once and kept by this connection for the next caller
    /// (lookups run the same few statements thousands of times); it is reset, bindings cleared,
    /// when the lease ends. A statement still leased (a nested use of the same text) is
    /// prepared afresh for the inner user. At most cached_statement_limit texts are kept.
    [[nodiscard]] Result<CachedStatement> cached(std::string_view sql);
    static constexpr std::size_t cached_statement_limit = 64;
    /// True inside BEGIN ... COMMIT (explicit transaction), false in autocommit mode.
    [[nodiscard]] bool in_transaction() const noexcept;
    /// True once the open transaction has written (or BEGIN IMMEDIATE took the write lock).
    [[nodiscard]] bool in_write_transaction() const noexcept;
    [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
    [[nodiscard]] int changes() const noexcept;
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// PRAGMA user_version.
    [[nodiscard]] Result<int> user_version();
    /// PRAGMA integrity_check == "ok".
    [[nodiscard]] Result<bool> integrity_ok();
    /// While `flag` is set, running statements stop with Errc::cancelled (checked every few
    /// thousand SQLite instructions); nullptr removes the check.
    void cancel_when(const std::atomic<bool>* flag) noexcept;

private:
    struct Kept;
    Connection(sqlite3* db, std::string path);
    void close() noexcept;
    sqlite3* db_ = nullptr;
    std::string path_;
    /// Kept statements by SQL text; a node map behind a pointer, so leases survive a move.
    std::unique_ptr<std::map<std::string, Kept, std::less<>>> kept_;
};

class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    /// Bind by 1-based index. Text and blobs are copied by SQLite (SQLITE_TRANSIENT). A bind
    /// SQLite refuses (no such parameter, too big) is kept and returned by the next step() or
    /// run() as Errc::db naming the parameter; reset() forgets it.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind_blob(int index, std::span<const std::uint8_t> blob);
    Statement& bind_null(int index);
    /// Step once: true when a row is available, false when done. Errc::busy / db on failure
    /// (including a failed bind since the last reset()).
    [[nodiscard]] Result<bool> step();
    /// Step to completion, ignoring rows.
    [[nodiscard]] Result<void> run();
    void reset() noexcept;  ///< reset and clear bindings for reuse

    [[nodiscard]] std::int64_t column_int64(int index) const;
    [[nodiscard]] std::string column_text(int index) const;
    [[nodiscard]] std::vector<std::uint8_t> column_blob(int index) const;
    /// The bytes of a text or blob column without a copy: valid until the next step(), reset()
    /// or column call on this statement.
    [[nodiscard]] std::string_view column_bytes(int index) const;
    [[nodiscard]] bool column_is_null(int index) const;

private:
    friend class Connection;
    Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
    void check_bind(int rc, int index);
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
    std::optional<Error> bind_error_;   ///< the first refused bind since the last reset()
};

/// A lease on a statement kept by its Connection (Connection::cached): use it like a
/// Statement; it is reset when the lease ends. The connection must outlive the lease.
class CachedStatement {
public:
    CachedStatement(CachedStatement&& other) noexcept;
    CachedStatement& operator=(CachedStatement&&) = delete;
    CachedStatement(const CachedStatement&) = delete;
    CachedStatement& operator=(const CachedStatement&) = delete;
    ~CachedStatement();
    Statement* operator->() noexcept { return statement_; }
    Statement& operator*() noexcept { return *statement_; }

private:
    friend class Connection;
    CachedStatement(Statement* statement, bool* leased, std::unique_ptr<Statement> owned) noexcept
        : statement_(statement), leased_(leased), owned_(std::move(owned)) {}
    Statement* statement_ = nullptr;
    bool* leased_ = nullptr;               ///< the kept statement's flag; null for an own one
    std::unique_ptr<Statement> owned_;     ///< a statement prepared for this lease only
};

/// BEGIN IMMEDIATE ... COMMIT; the destructor rolls back an uncommitted transaction.
class Transaction {
public:
    [[nodiscard]] static Result<Transaction> begin(Connection& connection);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    [[nodiscard]] Result<void> commit();

private:
    explicit Transaction(Connection& c) : connection_(&c) {}
    Connection* connection_ = nullptr;
    bool open_ = false;
};

/// BEGIN (deferred) ... COMMIT: one consistent snapshot for several reads, without taking the
/// write lock. The destructor ends it.
class ReadTransaction {
public:
    [[nodiscard]] static Result<ReadTransaction> begin(Connection& connection);
    /// begin(), or nothing to do when `connection` is already inside a transaction (whose
    /// snapshot the reads then share): the returned object ends only what it began.
    [[nodiscard]] static Result<ReadTransaction> begin_unless_open(Connection& connection);
    ReadTransaction(ReadTransaction&& other) noexcept;
    ReadTransaction& operator=(ReadTransaction&&) = delete;
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction();

private:
    explicit ReadTransaction(Connection& c) : connection_(&c) {}
    Connection* connection_ = nullptr;
    bool open_ = false;
};

}  // namespace dimmguard::db
