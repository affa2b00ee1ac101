// SPDX-License-Identifier: GPL-3.0-or-later
// The trusted state file: parsing, formatting, and locked atomic updates.
#include "trusted_state.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "database_access.hpp"
#include "dimmguard/input_file.hpp"
#include "file_io.hpp"
#include "text.hpp"

namespace dimmguard::db::detail {
namespace {

constexpr std::size_t max_state_bytes = 64 * 1024 * 1024;

bool is_lower_hex(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<std::uint64_t> parse_count(std::string_view s) {
    if (s.empty() || s.size() > 19 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return v;
}

/// A token without spaces or control characters (key ids, roles, times).
bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; });
}

class FileLock {
public:
    static Result<FileLock> take(const std::filesystem::path& path) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) return fail(errno == EACCES ? Errc::permission_denied : Errc::io, path.string() + ": cannot open (" + std::strerror(errno) + ")");
        while (::flock(fd, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            return fail(Errc::io, path.string() + ": cannot lock (" + why + ")");
        }
        return FileLock(fd);
    }
    FileLock(FileLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    FileLock& operator=(FileLock&&) = delete;
    ~FileLock() {
        if (fd_ >= 0) ::close(fd_);  // closing releases the lock
    }

private:
    explicit FileLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace

std::string TrustedState::text() const {
    std::string out(trusted_state_magic);
    out += '\n';
    if (threshold > 0) {
        out += "roots " + std::to_string(threshold);
        for (const auto& [id, key] : roots) out += " " + id + "=" + key;
        out += '\n';
    }
    if (trust_version > 0) out += "trust " + std::to_string(trust_version) + " " + trust_hash + "\n";
    for (const auto& [digest, b] : bundles) {
        std::string makers;
        for (const auto& m : b.makers) makers += (makers.empty() ? "" : ",") + m;
        out += "bundle " + digest + " " + b.role + " " + b.publisher + " " + std::to_string(b.version) + " " + std::to_string(b.size) + " " +
               merkle::to_hex(b.root) + " " + (makers.empty() ? "-" : makers) + " " + b.accepted + "\n";
    }
    for (const auto& [station, l] : logs) out += "log " + station + " " + std::to_string(l.size) + " " + merkle::to_hex(l.root) + "\n";
    return out;
}

Result<TrustedState> TrustedState::parse(std::string_view text) {
    TrustedState st;
    const auto lines = split(text, '\n');
    if (lines.empty() || lines[0] != trusted_state_magic) return fail(Errc::bad_format, "not a dimmguard trusted state (first line)");
    if (!lines.back().empty()) return fail(Errc::bad_format, "trusted state does not end with a newline");
    for (std::size_t n = 1; n + 1 < lines.size(); ++n) {
        const auto f = split(lines[n], ' ');
        const auto bad = [&](std::string_view why) { return fail(Errc::bad_format, "trusted state line " + std::to_string(n + 1) + ": " + std::string(why)); };
        if (f.empty()) return bad("empty line");
        if (f[0] == "roots") {
            auto th = f.size() >= 3 ? parse_count(f[1]) : std::nullopt;
            if (!th || *th < 1 || *th > f.size() - 2 || st.threshold != 0) return bad("malformed roots");
            st.threshold = static_cast<int>(*th);
            for (std::size_t i = 2; i < f.size(); ++i) {
                const auto kv = split(f[i], '=');
                if (kv.size() != 2 || !is_lower_hex(kv[0]) || !is_lower_hex(kv[1]) || kv[1].size() != 64) return bad("malformed root key");
                st.roots.emplace_back(std::string(kv[0]), std::string(kv[1]));
            }
        } else if (f[0] == "trust") {
            auto v = f.size() == 3 ? parse_count(f[1]) : std::nullopt;
            if (!v || *v == 0 || f[2].size() != 64 || !is_lower_hex(f[2]) || st.trust_version != 0) return bad("malformed trust");
            st.trust_version = static_cast<std::int64_t>(*v);
            st.trust_hash = std::string(f[2]);
        } else if (f[0] == "bundle") {
            if (f.size() != 9) return bad("malformed bundle");
            StateBundle b;
            auto version = parse_count(f[4]);
            auto size = parse_count(f[5]);
            auto root = merkle::hash_from_hex(f[6]);
            if (!is_lower_hex(f[1]) || !is_token(f[2]) || !is_token(f[3]) || !version || !size || !root || !is_token(f[8])) return bad("malformed bundle");
            b.role = std::string(f[2]);
            b.publisher = std::string(f[3]);
            b.version = static_cast<std::int64_t>(*version);
            b.size = *size;
            b.root = *root;
            if (f[7] != "-") {
                for (auto m : split(f[7], ',')) {
                    if (m.size() != 4 || !is_lower_hex(m)) return bad("malformed maker list");
                    b.makers.emplace_back(m);
                }
            }
            b.accepted = std::string(f[8]);
            if (!st.bundles.emplace(std::string(f[1]), std::move(b)).second) return bad("bundle listed twice");
        } else if (f[0] == "log") {
            auto size = f.size() == 4 ? parse_count(f[2]) : std::nullopt;
            auto root = f.size() == 4 ? merkle::hash_from_hex(f[3]) : Result<merkle::Hash>(fail(Errc::bad_format, ""));
            if (!size || !root || !is_lower_hex(f[1])) return bad("malformed log");
            if (!st.logs.emplace(std::string(f[1]), StateLog{*size, *root}).second) return bad("log listed twice");
        } else {
            return bad("unknown entry '" + std::string(f[0]) + "'");
        }
    }
    return st;
}

std::int64_t TrustedState::latest_version(std::string_view publisher, std::string_view role) const {
    std::int64_t v = 0;
    for (const auto& [digest, b] : bundles) {
        if (b.publisher == publisher && b.role == role) v = std::max(v, b.version);
    }
    return v;
}

std::filesystem::path trusted_state_path(const std::filesystem::path& data_dir) { return data_dir / "state" / "trusted-state"; }

namespace {

Result<std::optional<TrustedState>> read_state_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::optional<TrustedState>{};
    auto text = read_input_file(path, max_state_bytes);
    if (!text) return fail(text.error().code, path.string() + ": " + text.error().message);
    auto st = TrustedState::parse(*text);
    if (!st) return fail(Errc::bad_format, path.string() + ": " + st.error().message + " (the trusted state was edited or damaged)");
    return std::optional<TrustedState>(std::move(*st));
}

}  // namespace

Result<std::optional<TrustedState>> read_trusted_state(Database& database) {
    if (database.data_dir().empty()) {
        const auto& memory = DatabaseAccess::memory_state(database);
        if (!memory) return std::optional<TrustedState>{};
        auto st = TrustedState::parse(*memory);
        if (!st) return tl::unexpected(st.error());
        return std::optional<TrustedState>(std::move(*st));
    }
    return read_state_file(trusted_state_path(database.data_dir()));
}

Result<void> edit_trusted_state(Database& database, const std::function<Result<void>(TrustedState&)>& edit) {
    if (database.data_dir().empty()) {
        auto current = read_trusted_state(database);
        if (!current) return tl::unexpected(current.error());
        TrustedState st = current->value_or(TrustedState{});
        if (auto r = edit(st); !r) return r;
        DatabaseAccess::memory_state(database) = st.text();
        DatabaseAccess::forget_state_view(database);
        return {};
    }
    const std::filesystem::path dir = database.data_dir() / "state";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail(Errc::io, dir.string() + ": cannot create the trusted state directory (" + ec.message() + ")");
    ::chmod(dir.c_str(), 0700);
    auto lock = FileLock::take(dir / "lock");
    if (!lock) return tl::unexpected(lock.error());
    const std::filesystem::path path = trusted_state_path(database.data_dir());
    auto current = read_state_file(path);
    if (!current) return tl::unexpected(current.error());
    TrustedState st = current->value_or(TrustedState{});
    if (auto r = edit(st); !r) return r;
    if (auto w = write_file_atomic(path, st.text(), 0600, true); !w) return w;
    DatabaseAccess::forget_state_view(database);
    return {};
}

}  // namespace dimmguard::db::detail
