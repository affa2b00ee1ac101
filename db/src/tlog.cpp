// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlog.hpp"

#include <vector>

#include "db/bundle.hpp"

namespace dimmguard::db::detail {

merkle::Hash record_leaf(std::string_view line, std::string_view signature_hex) {
    std::string data;
    data.reserve(line.size() + 1 + signature_hex.size());
    data.append(line).append("\t").append(signature_hex);
    return merkle::leaf_hash(data);
}

std::optional<std::string> record_key(std::string_view role, std::string_view line) {
    const std::size_t a = line.find('\t');
    if (a == std::string_view::npos) return std::nullopt;
    const std::size_t b = line.find('\t', a + 1);
    const std::string_view field = line.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
    if (role != "parts") return std::string(field);
    auto decoded = decode_field(field);
    if (!decoded) return std::nullopt;
    return *decoded;
}

std::string bundle_log_name(std::string_view digest) { return "bundle/" + std::string(digest); }
std::string station_log_name(std::string_view station) { return "station/" + std::string(station); }

Tlog::Tlog(Connection& c, std::int64_t id, std::uint64_t size) : connection_(&c), id_(id), size_(size) {
    Connection* connection = &c;
    const std::int64_t log = id;
    source_ = [connection, log](unsigned level, std::uint64_t index) -> Result<merkle::Hash> {
        auto read = connection->cached("SELECT hash FROM tlog_nodes WHERE log = ? AND level = ? AND idx = ?");
        if (!read) return tl::unexpected(read.error());
        (*read)->bind(1, log).bind(2, static_cast<std::int64_t>(level)).bind(3, static_cast<std::int64_t>(index));
        auto row = (*read)->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) {
            return fail(Errc::signature_invalid, "Merkle node (" + std::to_string(level) + ", " + std::to_string(index) + ") is missing");
        }
        const auto blob = (*read)->column_blob(0);
        merkle::Hash h{};
        if (blob.size() != h.size()) return fail(Errc::signature_invalid, "Merkle node (" + std::to_string(level) + ", " + std::to_string(index) + ") is malformed");
        std::copy(blob.begin(), blob.end(), h.begin());
        return h;
    };
}

Result<Tlog> Tlog::open(Connection& connection, std::string_view name, bool create) {
    {
        auto s = connection.cached("SELECT id, size FROM tlogs WHERE name = ?");
        if (!s) return tl::unexpected(s.error());
        (*s)->bind(1, name);
        auto row = (*s)->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) {
            const std::int64_t size = (*s)->column_int64(1);
            if (size < 0) return fail(Errc::signature_invalid, "log " + std::string(name) + ": negative size (the registry was edited)");
            return Tlog(connection, (*s)->column_int64(0), static_cast<std::uint64_t>(size));
        }
    }
    if (!create) return Tlog(connection, -1, 0);
    auto ins = connection.prepare("INSERT INTO tlogs(name, size) VALUES(?, 0)");
    if (!ins) return tl::unexpected(ins.error());
    ins->bind(1, name);
    if (auto r = ins->run(); !r) return tl::unexpected(r.error());
    return Tlog(connection, connection.last_insert_rowid(), 0);
}

Result<void> Tlog::append(std::span<const merkle::Hash> leaves) {
    if (id_ < 0) return fail(Errc::internal, "tlog: append to a log that was not created");
    if (leaves.empty()) return {};
    auto frontier = merkle::Frontier::load(source_, size_);
    if (!frontier) return fail(frontier.error().code, "log " + std::to_string(id_) + ": " + frontier.error().message + " (the registry was edited)");
    auto ins = connection_->cached("INSERT INTO tlog_nodes(log, level, idx, hash) VALUES(?, ?, ?, ?)");
    if (!ins) return tl::unexpected(ins.error());
    std::vector<merkle::Frontier::Node> completed;
    for (const auto& leaf : leaves) {
        completed.clear();
        frontier->append(leaf, completed);
        for (const auto& [level, index, hash] : completed) {
            (*ins)->reset();
            (*ins)->bind(1, id_).bind(2, static_cast<std::int64_t>(level)).bind(3, static_cast<std::int64_t>(index)).bind_blob(4, hash);
            if (auto r = (*ins)->run(); !r) return tl::unexpected(r.error());
        }
    }
    size_ = frontier->size();
    auto up = connection_->cached("UPDATE tlogs SET size = ? WHERE id = ?");
    if (!up) return tl::unexpected(up.error());
    (*up)->bind(1, static_cast<std::int64_t>(size_)).bind(2, id_);
    return (*up)->run();
}

}  // namespace dimmguard::db::detail
