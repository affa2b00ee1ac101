// SPDX-License-Identifier: GPL-3.0-or-later
#include "tlog.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <vector>

#include "db/bundle.hpp"

namespace dimmguard::db::detail {

merkle::Hash record_leaf(std::string_view line, std::string_view signature_hex) { return merkle::leaf_hash(line, "\t", signature_hex); }

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

namespace {

constexpr unsigned tile_height = tlog_tile_height;
constexpr std::uint64_t tile_width = std::uint64_t{1} << tile_height;
constexpr std::uint64_t max_leaves = std::uint64_t{1} << 40;
static_assert(max_leaves / tile_width - 1 <= max_tile_index);

/// Nodes in a tile of `height` levels whose bottom row has n of them: n + n/2 + ... + n/2^(height-1).
constexpr std::size_t tile_nodes(std::uint64_t n, unsigned height = tile_height) {
    std::size_t total = 0;
    for (unsigned k = 0; k < height; ++k) total += static_cast<std::size_t>(n >> k);
    return total;
}
// A full tile is 126 hashes, 4,032 bytes: it fits in one 4 KB page (a rowid table keeps up to
// 4,061 bytes of a row in its leaf page), so reading it touches that page only.
static_assert(tile_nodes(tile_width) * sizeof(merkle::Hash) <= 4061 - 16);

/// Where row k starts, in nodes, in a tile with n nodes in its bottom row.
constexpr std::size_t row_offset(std::uint64_t n, unsigned k) {
    std::size_t offset = 0;
    for (unsigned m = 0; m < k; ++m) offset += static_cast<std::size_t>(n >> m);
    return offset;
}

/// The bottom-row count of a tile of `count` nodes (tile_nodes is strictly increasing in n), or
/// 0 when no tile has that many.
std::uint64_t bottom_of(std::size_t count) {
    static const std::vector<std::uint16_t> bottoms = [] {
        std::vector<std::uint16_t> v(tile_nodes(tile_width) + 1, 0);
        for (std::uint64_t n = 1; n <= tile_width; ++n) v[tile_nodes(n)] = static_cast<std::uint16_t>(n);
        return v;
    }();
    return count < bottoms.size() ? bottoms[count] : 0;
}

struct TileAddress {
    std::uint64_t band;
    std::uint64_t index;   // the tile: under node (4 * band + 4, index)
    unsigned row;          // level - 4 * band
    std::uint64_t column;  // position in the row
};

TileAddress address_of(unsigned level, std::uint64_t index) {
    const unsigned row = level % tile_height;
    const unsigned shift = tile_height - row;
    return {level / tile_height, index >> shift, row, index & ((std::uint64_t{1} << shift) - 1)};
}

Result<void> edited(unsigned level, std::uint64_t index, std::string_view what) {
    return fail(Errc::signature_invalid, "Merkle node (" + std::to_string(level) + ", " + std::to_string(index) + ") is " + std::string(what));
}

struct StoredTile {
    std::vector<std::uint8_t> bytes;
    std::uint64_t bottom = 0;  // nodes in its bottom row, 1..16
};

/// Tile (band, idx) of log `log` as stored; an error naming node (level, index) when it is
/// missing or malformed (the registry was edited).
Result<StoredTile> read_tile(Connection& connection, std::int64_t log, std::uint64_t band, std::uint64_t idx, unsigned level,
                             std::uint64_t index) {
    if (log < 0 || log > max_tile_log || band > max_tile_band || idx > max_tile_index) return tl::unexpected(edited(level, index, "missing").error());
    auto read = connection.cached("SELECT hashes FROM tlog_tiles WHERE tile = ?");
    if (!read) return tl::unexpected(read.error());
    (*read)->bind(1, tile_key(log, band, idx));
    auto row = (*read)->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return tl::unexpected(edited(level, index, "missing").error());
    StoredTile tile;
    tile.bytes = (*read)->column_blob(0);
    const std::size_t count = tile.bytes.size() / sizeof(merkle::Hash);
    tile.bottom = tile.bytes.size() % sizeof(merkle::Hash) == 0 ? bottom_of(count) : 0;
    if (tile.bottom == 0) return tl::unexpected(edited(level, index, "in a malformed tile").error());
    return tile;
}

}  // namespace

/// One tile as stored: its bytes and its bottom-row count.
struct Tlog::TileCache {
    struct Tile {
        std::uint64_t index = 0;
        std::uint64_t bottom = 0;  // 0: not loaded
        std::vector<std::uint8_t> bytes;
    };
    std::vector<Tile> bands;
};

Tlog::Tlog(Connection& c, std::int64_t id, std::uint64_t size)
    : connection_(&c), id_(id), size_(size), cache_(std::make_shared<TileCache>()) {
    Connection* connection = &c;
    const std::int64_t log = id;
    std::shared_ptr<TileCache> cache = cache_;
    source_ = [connection, log, cache](unsigned level, std::uint64_t index) -> Result<merkle::Hash> {
        const TileAddress at = address_of(level, index);
        if (cache->bands.size() <= at.band) cache->bands.resize(at.band + 1);
        TileCache::Tile& tile = cache->bands[at.band];
        if (tile.bottom == 0 || tile.index != at.index) {
            tile.bottom = 0;
            auto read = read_tile(*connection, log, at.band, at.index, level, index);
            if (!read) return tl::unexpected(read.error());
            tile.bytes = std::move(read->bytes);
            tile.bottom = read->bottom;
            tile.index = at.index;
        }
        if (at.column >= (tile.bottom >> at.row)) return tl::unexpected(edited(level, index, "missing").error());
        const std::size_t offset = (row_offset(tile.bottom, at.row) + at.column) * sizeof(merkle::Hash);
        merkle::Hash h{};
        std::copy_n(tile.bytes.begin() + static_cast<std::ptrdiff_t>(offset), h.size(), h.begin());
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
    const std::int64_t id = connection.last_insert_rowid();
    // Tile keys hold 23 bits of log id (tile_key); the write is undone with the caller's transaction.
    if (id < 0 || id > max_tile_log) return fail(Errc::db, "log " + std::string(name) + ": no log id left (id " + std::to_string(id) + ")");
    return Tlog(connection, id, 0);
}

Result<void> Tlog::append(std::span<const merkle::Hash> leaves) {
    if (id_ < 0) return fail(Errc::internal, "tlog: append to a log that was not created");
    if (leaves.empty()) return {};
    auto frontier = merkle::Frontier::load(source_, size_);
    if (!frontier) return fail(frontier.error().code, "log " + std::to_string(id_) + ": " + frontier.error().message + " (the registry was edited)");
    // The tiles being filled, one per band, as rows of nodes; a tile is written when it is
    // complete, and the partial ones at the end.
    struct Open {
        std::uint64_t index = 0;
        bool used = false;
        std::array<std::vector<std::uint8_t>, tile_height> rows;
    };
    std::vector<Open> open;
    if (leaves.size() > max_leaves - std::min(size_, max_leaves)) {
        return fail(Errc::internal, "log " + std::to_string(id_) + ": more leaves than a log can hold (2^40)");
    }
    auto write = connection_->cached("INSERT OR REPLACE INTO tlog_tiles(tile, hashes) VALUES(?, ?)");
    if (!write) return tl::unexpected(write.error());
    std::vector<std::uint8_t> bytes;
    const auto store = [&](std::uint64_t band, const Open& tile) -> Result<void> {
        bytes.clear();
        for (const auto& row : tile.rows) bytes.insert(bytes.end(), row.begin(), row.end());
        (*write)->reset();
        (*write)->bind(1, tile_key(id_, band, tile.index)).bind_blob(2, bytes);
        return (*write)->run();
    };
    const auto load = [&](std::uint64_t band, Open& tile) -> Result<void> {
        auto stored = read_tile(*connection_, id_, band, tile.index, static_cast<unsigned>(band) * tile_height, tile.index << tile_height);
        if (!stored) return tl::unexpected(stored.error());
        for (unsigned k = 0; k < tile_height; ++k) {
            const auto from = stored->bytes.begin() + static_cast<std::ptrdiff_t>(row_offset(stored->bottom, k) * sizeof(merkle::Hash));
            tile.rows[k].assign(from, from + static_cast<std::ptrdiff_t>((stored->bottom >> k) * sizeof(merkle::Hash)));
        }
        return {};
    };
    const auto put = [&](unsigned level, std::uint64_t index, const merkle::Hash& hash) -> Result<void> {
        const TileAddress at = address_of(level, index);
        if (open.size() <= at.band) open.resize(at.band + 1);
        Open& tile = open[at.band];
        if (!tile.used || tile.index != at.index) {
            if (tile.used) return fail(Errc::internal, "tlog: band " + std::to_string(at.band) + " moved on before its tile was complete");
            tile = Open{};
            tile.used = true;
            tile.index = at.index;
            // The first node of a new tile is its bottom-left one; anything else continues the
            // stored partial tile.
            if (at.row != 0 || at.column != 0) {
                if (auto r = load(at.band, tile); !r) return r;
            }
        }
        std::vector<std::uint8_t>& row = tile.rows[at.row];
        if (row.size() != at.column * sizeof(merkle::Hash)) return edited(level, index, "not where its tile says (the registry was edited)");
        row.insert(row.end(), hash.begin(), hash.end());
        if (at.row == tile_height - 1 && at.column == 1) {
            // The tile's last node: store it once, complete.
            if (auto r = store(at.band, tile); !r) return r;
            tile.used = false;
        }
        return {};
    };
    std::vector<merkle::Frontier::Node> completed;
    for (const auto& leaf : leaves) {
        completed.clear();
        frontier->append(leaf, completed);
        for (const auto& [level, index, hash] : completed) {
            if (auto r = put(level, index, hash); !r) {
                cache_->bands.clear();
                return fail(r.error().code, "log " + std::to_string(id_) + ": " + r.error().message);
            }
        }
    }
    for (std::size_t band = 0; band < open.size(); ++band) {
        if (!open[band].used) continue;
        if (auto r = store(band, open[band]); !r) return r;
    }
    size_ = frontier->size();
    cache_->bands.clear();
    auto up = connection_->cached("UPDATE tlogs SET size = ? WHERE id = ?");
    if (!up) return tl::unexpected(up.error());
    (*up)->bind(1, static_cast<std::int64_t>(size_)).bind(2, id_);
    return (*up)->run();
}

namespace {

/// Rows (idx, hashes) of one log in idx order, each the bottom `max_bottom` leaves of a stored
/// group and `height` levels of nodes above them (as a tile: tile_nodes(n, height) hashes for n
/// leaves): schema 5's level-0 rows of tlog_nodes are one leaf and one level; schema 6's band-0
/// tiles are up to 16 leaves and four levels. Only the last group may hold fewer leaves.
/// The reader fills `batch` with the next leaf hashes (up to 65,536) and answers false when there
/// are none left: at the end, or at the first gap or malformed row (what follows it was lost
/// already, and reads as missing against the trusted state).
auto stored_leaves(Statement& rows, std::uint64_t max_bottom, unsigned height) {
    return [&rows, max_bottom, height, next = std::int64_t{0}, done = false](std::vector<merkle::Hash>& batch) mutable -> Result<bool> {
        while (!done && batch.size() < 65536) {
            auto row = rows.step();
            if (!row) return tl::unexpected(row.error());
            const auto blob = *row ? rows.column_blob(1) : std::vector<std::uint8_t>{};
            std::uint64_t bottom = 0;
            for (std::uint64_t n = 1; n <= max_bottom && blob.size() % sizeof(merkle::Hash) == 0; ++n) {
                if (tile_nodes(n, height) == blob.size() / sizeof(merkle::Hash)) bottom = n;
            }
            if (!*row || rows.column_int64(0) != next || bottom == 0) {
                done = true;
                break;
            }
            ++next;
            for (std::uint64_t i = 0; i < bottom; ++i) {
                merkle::Hash h{};
                std::copy_n(blob.begin() + static_cast<std::ptrdiff_t>(i * sizeof(merkle::Hash)), h.size(), h.begin());
                batch.push_back(h);
            }
            done = bottom < max_bottom;
        }
        return !batch.empty();
    };
}

}  // namespace

Result<void> move_nodes_to_tiles(Connection& connection) {
    auto nodes_table = connection.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'tlog_nodes'");
    if (!nodes_table) return tl::unexpected(nodes_table.error());
    if (auto row = nodes_table->step(); !row) return tl::unexpected(row.error());
    const bool schema_5 = nodes_table->column_int64(0) != 0;
    nodes_table->reset();

    std::vector<std::tuple<std::int64_t, std::string, std::int64_t>> logs;
    {
        auto s = connection.prepare("SELECT id, name, size FROM tlogs ORDER BY id");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            logs.emplace_back(s->column_int64(0), s->column_text(1), s->column_int64(2));
        }
    }
    {
        auto source = connection.prepare(schema_5 ? "SELECT idx, hash FROM tlog_nodes WHERE log = ? AND level = 0 AND idx >= 0 ORDER BY idx"
                                                  : "SELECT idx, hashes FROM tlog_tiles_v6 WHERE log = ? AND band = 0 AND idx >= 0 ORDER BY idx");
        if (!source) return tl::unexpected(source.error());
        auto keep_size = connection.prepare("UPDATE tlogs SET size = ? WHERE id = ?");
        if (!keep_size) return tl::unexpected(keep_size.error());
        std::vector<merkle::Hash> batch;
        for (const auto& [id, name, size] : logs) {
            if (auto r = connection.exec("UPDATE tlogs SET size = 0 WHERE id = " + std::to_string(id)); !r) return r;
            auto log = Tlog::open(connection, name, false);
            if (!log) return tl::unexpected(log.error());
            source->reset();
            source->bind(1, id);
            auto next = stored_leaves(*source, schema_5 ? 1 : 16, schema_5 ? 1 : 4);
            for (;;) {
                batch.clear();
                auto more = next(batch);
                if (!more) return tl::unexpected(more.error());
                if (!*more) break;
                if (auto r = log->append(batch); !r) return with_context(std::move(r), name);
            }
            // The size as it was: a log cut short by a gap reads as edited against the trusted state.
            keep_size->reset();
            keep_size->bind(1, size).bind(2, id);
            if (auto r = keep_size->run(); !r) return r;
        }
        source->reset();  // no statement left reading the table dropped below
    }
    return connection.exec(schema_5 ? "DROP TABLE tlog_nodes; DROP TABLE tlog_tiles_v6;" : "DROP TABLE tlog_tiles_v6;");
}

}  // namespace dimmguard::db::detail
