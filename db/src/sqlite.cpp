// SPDX-License-Identifier: GPL-3.0-or-later
// SQLite RAII: errors carry SQLite's message and the database path.
#include "db/sqlite.hpp"

#include <sqlite3.h>
#include <unistd.h>

namespace dimmguard::db {
namespace {

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
    const int primary = rc & 0xff;
    const Errc code = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) ? Errc::busy
                      : primary == SQLITE_INTERRUPT                       ? Errc::cancelled
                      : primary == SQLITE_READONLY                        ? Errc::permission_denied
                      : primary == SQLITE_FULL                            ? Errc::io
                                                                          : Errc::db;
    return Error{code, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
}

// 32 MiB of page cache per connection (SQLite's default is 2 MiB): the upper B-tree levels of
// a registry of millions of rows, and the Merkle nodes every proof reads, stay in memory instead
// of costing a pread each (docs/performance.md, "Registry v2").
#define page_cache_pragma " PRAGMA cache_size = -32768;"

}  // namespace

Result<Connection> Connection::open(const std::filesystem::path& path, bool create) {
    const std::string name = path.string();
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqlite_error(db, rc, name);
        if (rc == SQLITE_CANTOPEN) e.code = create ? Errc::io : Errc::not_found;
        sqlite3_close(db);
        return tl::unexpected(e);
    }
    Connection c(db, name);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    if (auto r = c.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;" page_cache_pragma); !r) return tl::unexpected(r.error());
    if (name != ":memory:") {
        if (auto r = c.exec("PRAGMA journal_mode = WAL;"); !r) return tl::unexpected(r.error());
    }
    return c;
}

Result<Connection> Connection::open_read_only(const std::filesystem::path& path) {
    const std::string name = path.string();
    const auto attempt = [&](bool immutable) -> Result<Connection> {
        std::string target = name;
        int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
        if (immutable) {
            // file: URI, with the characters a URI path cannot hold escaped.
            target = "file:";
            for (const char ch : std::filesystem::absolute(path).string()) {
                if (ch == '%' || ch == '?' || ch == '#') {
                    static constexpr char digits[] = "0123456789abcdef";
                    const auto u = static_cast<unsigned char>(ch);
                    target += '%';
                    target += digits[u >> 4];
                    target += digits[u & 15];
                } else {
                    target += ch;
                }
            }
            target += "?immutable=1";
            flags |= SQLITE_OPEN_URI;
        }
        sqlite3* db = nullptr;
        const int rc = sqlite3_open_v2(target.c_str(), &db, flags, nullptr);
        if (rc != SQLITE_OK) {
            Error e = sqlite_error(db, rc, name);
            if (rc == SQLITE_CANTOPEN) e.code = Errc::not_found;
            sqlite3_close(db);
            return tl::unexpected(e);
        }
        Connection c(db, name);
        sqlite3_busy_timeout(db, busy_timeout_ms);
        if (auto r = c.exec(page_cache_pragma "SELECT count(*) FROM sqlite_master"); !r) return tl::unexpected(r.error());
        return c;
    };
    auto c = attempt(false);
    if (c) return c;
    std::error_code ec;
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (::access(dir.c_str(), W_OK) != 0 && std::filesystem::exists(path, ec)) {
        if (auto frozen = attempt(true)) return frozen;
    }
    return c;
}

struct Connection::Kept {
    std::unique_ptr<Statement> statement;
    bool leased = false;
};

Connection::Connection(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), kept_(std::make_unique<std::map<std::string, Kept, std::less<>>>()) {}

Connection::Connection(Connection&& other) noexcept : db_(other.db_), path_(std::move(other.path_)), kept_(std::move(other.kept_)) {
    other.db_ = nullptr;
}

void Connection::close() noexcept {
    kept_.reset();  // finalize kept statements first
    if (db_) sqlite3_close_v2(db_);
    db_ = nullptr;
}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        close();
        db_ = other.db_;
        path_ = std::move(other.path_);
        kept_ = std::move(other.kept_);
        other.db_ = nullptr;
    }
    return *this;
}

Connection::~Connection() { close(); }

Result<CachedStatement> Connection::cached(std::string_view sql) {
    if (!kept_) kept_ = std::make_unique<std::map<std::string, Kept, std::less<>>>();
    auto it = kept_->find(sql);
    if (it != kept_->end() && !it->second.leased) {
        it->second.leased = true;
        return CachedStatement(it->second.statement.get(), &it->second.leased, nullptr);
    }
    auto s = prepare(sql);
    if (!s) return tl::unexpected(s.error());
    auto statement = std::make_unique<Statement>(std::move(*s));
    if (it == kept_->end() && kept_->size() < cached_statement_limit) {
        Kept& k = (*kept_)[std::string(sql)];
        k.statement = std::move(statement);
        k.leased = true;
        return CachedStatement(k.statement.get(), &k.leased, nullptr);
    }
    Statement* raw = statement.get();
    return CachedStatement(raw, nullptr, std::move(statement));
}

bool Connection::in_transaction() const noexcept { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }
bool Connection::in_write_transaction() const noexcept { return db_ != nullptr && sqlite3_txn_state(db_, "main") == SQLITE_TXN_WRITE; }

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : statement_(other.statement_), leased_(other.leased_), owned_(std::move(other.owned_)) {
    other.statement_ = nullptr;
    other.leased_ = nullptr;
}

CachedStatement::~CachedStatement() {
    if (statement_ == nullptr) return;
    statement_->reset();  // ends its read of the snapshot; bindings cleared for the next lease
    if (leased_ != nullptr) *leased_ = false;
}

Result<void> Connection::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error e = sqlite_error(nullptr, rc, path_);
        if (message != nullptr) e.message = path_ + ": " + message;
        sqlite3_free(message);
        return tl::unexpected(e);
    }
    return {};
}

Result<Statement> Connection::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return tl::unexpected(sqlite_error(db_, rc, path_));
    return Statement(stmt, db_);
}

void Connection::cancel_when(const std::atomic<bool>* flag) noexcept {
    if (flag == nullptr) {
        sqlite3_progress_handler(db_, 0, nullptr, nullptr);
        return;
    }
    // Non-zero stops the running statement with SQLITE_INTERRUPT (Errc::cancelled).
    sqlite3_progress_handler(
        db_, 4096, [](void* data) -> int { return static_cast<const std::atomic<bool>*>(data)->load(std::memory_order_relaxed) ? 1 : 0; },
        const_cast<void*>(static_cast<const void*>(flag)));
}

std::int64_t Connection::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const noexcept { return sqlite3_changes(db_); }

Result<int> Connection::user_version() {
    auto s = prepare("PRAGMA user_version");
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return static_cast<int>(s->column_int64(0));
}

Result<bool> Connection::integrity_ok() {
    auto s = prepare("PRAGMA integrity_check");
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return *row && s->column_text(0) == "ok";
}

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_), bind_error_(std::move(other.bind_error_)) {
    other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        stmt_ = other.stmt_;
        db_ = other.db_;
        bind_error_ = std::move(other.bind_error_);
        other.stmt_ = nullptr;
    }
    return *this;
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

void Statement::check_bind(int rc, int index) {
    if (rc == SQLITE_OK || bind_error_) return;
    const char* name = sqlite3_bind_parameter_name(stmt_, index);
    std::string what = "parameter " + std::to_string(index);
    if (name != nullptr) what += std::string(" (") + name + ")";
    const char* file = sqlite3_db_filename(db_, "main");
    bind_error_ = Error{Errc::db, std::string(file != nullptr && *file != '\0' ? file : "sqlite") + ": cannot bind " + what + ": " +
                                      sqlite3_errstr(rc)};
}

Statement& Statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    return *this;
}

Statement& Statement::bind_blob(int index, std::span<const std::uint8_t> blob) {
    check_bind(sqlite3_bind_blob64(stmt_, index, blob.data(), blob.size(), SQLITE_TRANSIENT), index);
    return *this;
}

Statement& Statement::bind_null(int index) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

Result<bool> Statement::step() {
    // A failed bind would otherwise run the statement with that parameter NULL.
    if (bind_error_) return tl::unexpected(*bind_error_);
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return tl::unexpected(sqlite_error(db_, rc, sqlite3_db_filename(db_, "main") ? sqlite3_db_filename(db_, "main") : "sqlite"));
}

Result<void> Statement::run() {
    for (;;) {
        auto r = step();
        if (!r) return tl::unexpected(r.error());
        if (!*r) return {};
    }
}

void Statement::reset() noexcept {
    bind_error_.reset();
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int64(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::column_text(int index) const {
    const auto* text = sqlite3_column_text(stmt_, index);
    const int n = sqlite3_column_bytes(stmt_, index);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n)) : std::string();
}

std::vector<std::uint8_t> Statement::column_blob(int index) const {
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, index));
    const int n = sqlite3_column_bytes(stmt_, index);
    return data ? std::vector<std::uint8_t>(data, data + n) : std::vector<std::uint8_t>();
}

std::string_view Statement::column_bytes(int index) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, index));
    const int n = sqlite3_column_bytes(stmt_, index);
    return data ? std::string_view(data, static_cast<std::size_t>(n)) : std::string_view();
}

bool Statement::column_is_null(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

Result<Transaction> Transaction::begin(Connection& connection) {
    if (auto r = connection.exec("BEGIN IMMEDIATE"); !r) return tl::unexpected(r.error());
    Transaction t(connection);
    t.open_ = true;
    return t;
}

Transaction::Transaction(Transaction&& other) noexcept : connection_(other.connection_), open_(other.open_) { other.open_ = false; }

Transaction::~Transaction() {
    if (open_) (void)connection_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
    if (!open_) return fail(Errc::internal, "commit of a finished transaction");
    auto r = connection_->exec("COMMIT");
    if (r) open_ = false;
    return r;
}

Result<ReadTransaction> ReadTransaction::begin(Connection& connection) {
    if (auto r = connection.exec("BEGIN"); !r) return tl::unexpected(r.error());
    ReadTransaction t(connection);
    t.open_ = true;
    return t;
}

Result<ReadTransaction> ReadTransaction::begin_unless_open(Connection& connection) {
    if (connection.in_transaction()) return ReadTransaction(connection);
    return begin(connection);
}

ReadTransaction::ReadTransaction(ReadTransaction&& other) noexcept : connection_(other.connection_), open_(other.open_) {
    other.open_ = false;
}

ReadTransaction::~ReadTransaction() {
    if (open_) (void)connection_->exec("COMMIT");
}

}  // namespace dimmguard::db
