// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/pg.hpp"

#include <dlfcn.h>
#include <poll.h>

#include <cerrno>

#include <libpq-fe.h>

#include <algorithm>
#include <utility>

#include "dimmguard/error.hpp"

namespace dimmguard::fleet {

namespace {

using Clock = std::chrono::steady_clock;

/// libpq, opened on first use (dlopen): only `sync` and `fleet` need it, so every other command
/// starts without loading it and the libraries it pulls in (Kerberos, LDAP, SASL).
struct Libpq {
#define DIMMGUARD_PQ_FUNCTIONS(X) X(PQcancel) X(PQclear) X(PQconnectPoll) X(PQconnectStart) X(PQconsumeInput) X(PQdb) X(PQerrorMessage) X(PQfinish) X(PQfname) X(PQfreeCancel) X(PQgetCancel) X(PQgetResult) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQhost) X(PQisBusy) X(PQnfields) X(PQntuples) X(PQport) X(PQresultErrorField) X(PQresultErrorMessage) X(PQresultStatus) X(PQsendQuery) X(PQsendQueryParams) X(PQsetNoticeProcessor) X(PQsocket) X(PQstatus) X(PQuser)
#define DIMMGUARD_PQ_POINTER(name) decltype(&::name) name = nullptr;
    DIMMGUARD_PQ_FUNCTIONS(DIMMGUARD_PQ_POINTER)
#undef DIMMGUARD_PQ_POINTER
    std::string error;  ///< why it could not be loaded ("" = loaded)
};

const Libpq& pq() {
    static const Libpq loaded = [] {
        Libpq l;
        void* handle = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = ::dlerror();
            l.error = std::string("libpq.so.5 could not be loaded (install libpq5): ") + (why != nullptr ? why : "?");
            return l;
        }
#define DIMMGUARD_PQ_LOAD(name)                                                              \
        l.name = reinterpret_cast<decltype(&::name)>(::dlsym(handle, #name));                  \
        if (l.name == nullptr && l.error.empty()) l.error = "libpq.so.5 has no " #name;
        DIMMGUARD_PQ_FUNCTIONS(DIMMGUARD_PQ_LOAD)
#undef DIMMGUARD_PQ_LOAD
        return l;
    }();
    return loaded;
}

std::string trimmed(const char* text) {
    std::string s = text != nullptr ? text : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    // libpq's multi-line messages ("connection to server ... failed: ...\nDETAIL") read as one line.
    std::string out;
    for (char ch : s) {
        if (ch == '\n' || ch == '\t') ch = ' ';
        if (ch == ' ' && !out.empty() && out.back() == ' ') continue;
        out += ch;
    }
    return out;
}

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1'000'000));
}

/// Wait until `socket` is readable (or writable); false when the deadline passed first.
bool wait_for(int socket, bool write, Clock::time_point deadline) {
    for (;;) {
        pollfd p{socket, static_cast<short>(write ? POLLOUT : POLLIN), 0};
        const int ms = remaining_ms(deadline);
        const int r = ::poll(&p, 1, ms);
        if (r > 0) return true;
        if (r == 0) return false;
        if (errno != EINTR) return true;  // let libpq report the socket's error
    }
}

Errc code_of_sqlstate(const char* state) {
    const std::string s = state != nullptr ? state : "";
    if (s == "42501") return Errc::permission_denied;       // insufficient privilege, RLS refusal
    if (s == "28000" || s == "28P01") return Errc::permission_denied;  // login refused
    if (s.rfind("08", 0) == 0 || s == "57P01" || s == "57014") return Errc::io;  // connection, shutdown, cancel
    return Errc::db;
}

}  // namespace

struct PgConnection::Impl {
    PGconn* conn = nullptr;
    std::string where;
    ~Impl() {
        if (conn != nullptr) pq().PQfinish(conn);
    }
};

namespace {

constexpr std::string_view hidden = "***";

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// A URI's password: after "user:" in the authority, and any `password=` query parameter.
std::string uri_for_display(std::string_view uri, std::size_t scheme_end) {
    std::string out(uri);
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = std::min(out.find_first_of("/?", authority), out.size());
    const std::size_t at = out.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
    if (at != std::string::npos && at >= authority) {
        const std::size_t colon = out.find(':', authority);
        if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, hidden);
    }
    const std::size_t query = out.find('?');
    if (query == std::string::npos) return out;
    for (std::size_t p = query + 1; p < out.size();) {
        const std::size_t end = std::min(out.find('&', p), out.size());
        const std::size_t eq = out.find('=', p);
        if (eq != std::string::npos && eq < end && out.compare(p, eq - p, "password") == 0) {
            out.replace(eq + 1, end - eq - 1, hidden);
            p = eq + 1 + hidden.size() + 1;
        } else {
            p = end + 1;
        }
    }
    return out;
}

}  // namespace

std::string conninfo_for_display(std::string_view conninfo) {
    for (std::string_view scheme : {"postgresql://", "postgres://"}) {
        if (conninfo.substr(0, scheme.size()) == scheme) return uri_for_display(conninfo, scheme.size() - 3);
    }
    // key = value pairs; a value is a word or '...' with backslash escapes (libpq's rules).
    std::string out;
    std::size_t p = 0;
    while (p < conninfo.size()) {
        const std::size_t key = p;
        while (p < conninfo.size() && space(conninfo[p])) ++p;
        const std::size_t key_start = p;
        while (p < conninfo.size() && conninfo[p] != '=' && !space(conninfo[p])) ++p;
        const std::string_view name = conninfo.substr(key_start, p - key_start);
        while (p < conninfo.size() && space(conninfo[p])) ++p;
        if (p >= conninfo.size() || conninfo[p] != '=') {  // not a pair: kept as written
            out.append(conninfo.substr(key, p - key));
            continue;
        }
        ++p;
        while (p < conninfo.size() && space(conninfo[p])) ++p;
        out.append(conninfo.substr(key, p - key));
        const std::size_t value = p;
        if (p < conninfo.size() && conninfo[p] == '\'') {
            for (++p; p < conninfo.size() && conninfo[p] != '\''; ++p) {
                if (conninfo[p] == '\\' && p + 1 < conninfo.size()) ++p;
            }
            if (p < conninfo.size()) ++p;
        } else {
            while (p < conninfo.size() && !space(conninfo[p])) {
                if (conninfo[p] == '\\' && p + 1 < conninfo.size()) ++p;
                ++p;
            }
        }
        if (name == "password") out.append(hidden);
        else out.append(conninfo.substr(value, p - value));
    }
    return out;
}

PgConnection::PgConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;
PgConnection::~PgConnection() = default;

Result<PgConnection> PgConnection::open(const std::string& conninfo, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    if (!pq().error.empty()) return fail(Errc::unsupported, "fleet server: " + pq().error);
    auto impl = std::make_unique<Impl>();
    impl->conn = pq().PQconnectStart(conninfo.c_str());
    if (impl->conn == nullptr) return fail(Errc::io, "fleet server: out of memory starting a connection");
    if (pq().PQstatus(impl->conn) == CONNECTION_BAD) {
        return fail(Errc::usage, "fleet server: " + trimmed(pq().PQerrorMessage(impl->conn)));
    }
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    for (;;) {
        if (state == PGRES_POLLING_OK) break;
        if (state == PGRES_POLLING_FAILED) {
            const std::string message = trimmed(pq().PQerrorMessage(impl->conn));
            const bool refused = message.find("authentication failed") != std::string::npos || message.find("pg_hba.conf") != std::string::npos ||
                                 message.find("permission denied") != std::string::npos || message.find("does not exist") != std::string::npos;
            return fail(refused ? Errc::permission_denied : Errc::io, "fleet server: " + message);
        }
        if (!wait_for(pq().PQsocket(impl->conn), state == PGRES_POLLING_WRITING, deadline)) {
            return fail(Errc::timeout, "fleet server: no connection within " + std::to_string(timeout.count()) + " ms");
        }
        state = pq().PQconnectPoll(impl->conn);
    }
    // Server notices ("already exists, skipping") are not the user's business.
    pq().PQsetNoticeProcessor(impl->conn, [](void*, const char*) {}, nullptr);
    const char* host = pq().PQhost(impl->conn);
    const char* port = pq().PQport(impl->conn);
    const char* db = pq().PQdb(impl->conn);
    impl->where = std::string(host != nullptr ? host : "?") + ":" + (port != nullptr ? port : "?") + "/" + (db != nullptr ? db : "?");
    return PgConnection(std::move(impl));
}

std::string PgConnection::user() const {
    const char* u = impl_ && impl_->conn ? pq().PQuser(impl_->conn) : nullptr;
    return u != nullptr ? u : "";
}

std::string PgConnection::where() const { return impl_ ? impl_->where : std::string(); }

namespace {

/// Read every result of the statement(s) sent, within the deadline. On timeout the query is
/// cancelled and the connection dropped (its state is unknown).
Result<Rows> collect(PGconn*& conn, Clock::time_point deadline, std::chrono::milliseconds timeout) {
    Rows out;
    std::optional<Error> error;
    for (;;) {
        while (pq().PQisBusy(conn) != 0) {
            if (!wait_for(pq().PQsocket(conn), false, deadline)) {
                if (PGcancel* cancel = pq().PQgetCancel(conn)) {
                    char buffer[256];
                    (void)pq().PQcancel(cancel, buffer, sizeof buffer);
                    pq().PQfreeCancel(cancel);
                }
                pq().PQfinish(conn);
                conn = nullptr;
                return fail(Errc::timeout, "fleet server: no answer within " + std::to_string(timeout.count()) + " ms (query cancelled)");
            }
            if (pq().PQconsumeInput(conn) == 0) return fail(Errc::io, "fleet server: " + trimmed(pq().PQerrorMessage(conn)));
        }
        PGresult* result = pq().PQgetResult(conn);
        if (result == nullptr) break;
        const ExecStatusType status = pq().PQresultStatus(result);
        if (status == PGRES_TUPLES_OK) {
            out.columns.clear();
            out.rows.clear();
            const int nf = pq().PQnfields(result);
            for (int c = 0; c < nf; ++c) out.columns.emplace_back(pq().PQfname(result, c));
            const int nr = pq().PQntuples(result);
            out.rows.reserve(static_cast<std::size_t>(nr));
            for (int r = 0; r < nr; ++r) {
                std::vector<std::optional<std::string>> row;
                row.reserve(static_cast<std::size_t>(nf));
                for (int c = 0; c < nf; ++c) {
                    if (pq().PQgetisnull(result, r, c) != 0) row.emplace_back(std::nullopt);
                    else row.emplace_back(std::string(pq().PQgetvalue(result, r, c), static_cast<std::size_t>(pq().PQgetlength(result, r, c))));
                }
                out.rows.push_back(std::move(row));
            }
        } else if (status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY && !error) {
            error = Error{code_of_sqlstate(pq().PQresultErrorField(result, PG_DIAG_SQLSTATE)), "fleet server: " + trimmed(pq().PQresultErrorMessage(result))};
        }
        pq().PQclear(result);
    }
    if (error) return tl::unexpected(*error);
    return out;
}

}  // namespace

Result<Rows> PgConnection::query(std::string_view sql, const std::vector<Param>& params, std::chrono::milliseconds timeout) {
    if (!impl_ || impl_->conn == nullptr) return fail(Errc::io, "fleet server: the connection was closed after an earlier timeout");
    const auto deadline = Clock::now() + timeout;
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    const std::string text(sql);
    if (pq().PQsendQueryParams(impl_->conn, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0) == 0) {
        return fail(Errc::io, "fleet server: " + trimmed(pq().PQerrorMessage(impl_->conn)));
    }
    return collect(impl_->conn, deadline, timeout);
}

Result<void> PgConnection::exec(std::string_view sql, std::chrono::milliseconds timeout) {
    if (!impl_ || impl_->conn == nullptr) return fail(Errc::io, "fleet server: the connection was closed after an earlier timeout");
    const auto deadline = Clock::now() + timeout;
    const std::string text(sql);
    if (pq().PQsendQuery(impl_->conn, text.c_str()) == 0) return fail(Errc::io, "fleet server: " + trimmed(pq().PQerrorMessage(impl_->conn)));
    auto r = collect(impl_->conn, deadline, timeout);
    if (!r) return tl::unexpected(r.error());
    return {};
}

}  // namespace dimmguard::fleet
