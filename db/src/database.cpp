// SPDX-License-Identifier: GPL-3.0-or-later
// Schema, migrations and the station key.
#include "db/database.hpp"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sys/statvfs.h>
#include <unistd.h>
#include <system_error>
#include <utility>
#include <vector>

#include "db/station_log.hpp"
#include "file_io.hpp"
#include "sighting_rows.hpp"
#include "record_groups.hpp"
#include "tlog.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db {
namespace {

// Each entry upgrades from version (index) to version (index + 1): `sql`, then `fill` (data
// that SQL alone cannot derive), then `after` (indexes, built once the data is in). Never edit
// a released migration; add a new one.
struct Migration {
    const char* sql;
    Result<void> (*fill)(Connection&);
    const char* after;
};

Result<void> fill_sighting_columns(Connection& connection);

constexpr Migration migrations[] = {
    // 0 -> 1
    {R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Trust: pinned root keys, and the root-signed trust documents naming publisher keys.
CREATE TABLE trust_roots (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,          -- 64 hex digits
    added      TEXT NOT NULL
);
CREATE TABLE trust_documents (
    version  INTEGER PRIMARY KEY,      -- monotonic; the highest is current
    text     TEXT NOT NULL,            -- the whole signed document, re-verified on use
    imported TEXT NOT NULL
);

-- Imported bundles (header kept verbatim so it can be re-verified).
CREATE TABLE bundles (
    id               INTEGER PRIMARY KEY,
    publisher        TEXT NOT NULL,    -- key id
    role             TEXT NOT NULL,    -- parts | serials | revocations | station
    version          INTEGER NOT NULL,
    created          TEXT NOT NULL,
    expires          TEXT NOT NULL,
    record_count     INTEGER NOT NULL,
    digest           TEXT NOT NULL UNIQUE,
    header           TEXT NOT NULL,
    header_signature TEXT NOT NULL,
    imported         TEXT NOT NULL,
    UNIQUE (publisher, role, version)
);

-- Records: the canonical line and its signature are the truth; the other columns only index.
CREATE TABLE parts (
    id          INTEGER PRIMARY KEY,
    bundle_id   INTEGER NOT NULL REFERENCES bundles(id),
    part_number TEXT NOT NULL,
    line        TEXT NOT NULL,
    signature   TEXT NOT NULL
);
CREATE INDEX parts_by_number ON parts(part_number);
CREATE TABLE serials (
    id        INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    identity  TEXT NOT NULL,
    line      TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX serials_by_identity ON serials(identity);
CREATE TABLE serial_makers (           -- which makers a serials bundle covers
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    maker     TEXT NOT NULL,
    PRIMARY KEY (bundle_id, maker)
);
CREATE TABLE revocations (
    id        INTEGER PRIMARY KEY,
    bundle_id INTEGER NOT NULL REFERENCES bundles(id),
    identity  TEXT NOT NULL,
    line      TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX revocations_by_identity ON revocations(identity);

-- Sightings of every station (local ones are also the hash-chained inspection log).
CREATE TABLE sightings (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,   -- "<station id>:<sequence>"
    identity   TEXT NOT NULL,
    station    TEXT NOT NULL,
    line       TEXT NOT NULL,          -- canonical sighting record
    signature  TEXT NOT NULL,          -- by the station key
    prev_hash  TEXT,                   -- local log only: hash chain
    entry_hash TEXT,
    local      INTEGER NOT NULL
);
CREATE INDEX sightings_by_identity ON sightings(identity);
CREATE TABLE stations (                -- stations whose sightings were imported
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    site       TEXT NOT NULL
);
CREATE TABLE log_head (                -- signed head of the local inspection log
    station    TEXT PRIMARY KEY,
    count      INTEGER NOT NULL,
    entry_hash TEXT NOT NULL,
    signature  TEXT NOT NULL
);
)sql", nullptr, nullptr},
    // 1 -> 2: search columns for the History screen, derived from each signed line (the line
    // stays the truth: check_row() refuses a row whose columns say something else).
    {R"sql(
ALTER TABLE sightings ADD COLUMN serial      TEXT NOT NULL DEFAULT '';
ALTER TABLE sightings ADD COLUMN part_number TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
ALTER TABLE sightings ADD COLUMN verdict     TEXT NOT NULL DEFAULT '';
ALTER TABLE sightings ADD COLUMN lot         TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
ALTER TABLE sightings ADD COLUMN time        TEXT NOT NULL DEFAULT '';
)sql",
     fill_sighting_columns, detail::sighting_indexes_sql},
    // 2 -> 3: Merkle logs (tlog.hpp). The leaves and trees of existing data are built by
    // adopt_registry() once the database is open, after every signature has been verified.
    {detail::tlog_schema_sql, nullptr, detail::tlog_indexes_sql},
    // 3 -> 4: signed heads of station logs and witnesses' cosignatures (witness.hpp).
    {R"sql(
CREATE TABLE checkpoint_signatures (
    station   TEXT NOT NULL,           -- whose log (key id)
    size      INTEGER NOT NULL,        -- sightings in the head
    root      TEXT NOT NULL,           -- base64 of the head, as in the checkpoint
    signer    TEXT NOT NULL,           -- key id: the station itself, or a witness
    kind      INTEGER NOT NULL,        -- 1: the station's own Ed25519 signature; 4: a cosignature/v1
    timestamp INTEGER NOT NULL,        -- cosignatures: POSIX seconds; 0 otherwise
    signature TEXT NOT NULL,           -- base64(key hash || signature bytes), as in the note
    PRIMARY KEY (station, size, root, signer)
);
)sql", nullptr, nullptr},
    // 4 -> 5: custody summaries (custody_summary.hpp): derived data, signed by this station.
    {R"sql(
CREATE TABLE custody_summaries (
    identity    TEXT PRIMARY KEY,      -- identity key
    through_seq INTEGER NOT NULL,      -- every sighting of the identity with seq <= this is folded in
    body        TEXT NOT NULL,         -- the summary (docs/registry-format.md)
    signature   TEXT NOT NULL          -- hex Ed25519 by this station's key
);
)sql", nullptr, nullptr},
    // 5 -> 6: Merkle nodes in tiles of four levels, keyed (log, band, idx) (tlog.hpp). Only the
    // table now: the nodes move in the next step.
    {detail::tlog_tiles_v6_sql, nullptr, nullptr},
    // 6 -> 7: tiles of six levels in a rowid table under one integer key, so its interior pages
    // hold only keys and a tile fills one page (tlog.hpp); rebuilt from the leaf hashes of
    // schema 6's tiles, or of a schema 5 file's tlog_nodes.
    {detail::tlog_tiles_sql, detail::move_nodes_to_tiles, nullptr},
    // 7 -> 8: publisher records in groups of consecutive leaves (record_groups.hpp), instead of
    // one row per record in parts, serials and revocations.
    {detail::record_groups_sql, detail::move_records_to_groups, nullptr},
    // 8 -> 9: the sightings table keyed by place, so one module's rows are stored together
    // (sighting_rows.hpp); seq stays the storage order, as a unique column.
    {detail::sightings_by_place_sql, detail::move_sightings_to_places, nullptr},
    // 9 -> 10: late findings (alerts.hpp): derived data, signed by this station.
    {R"sql(
CREATE TABLE alerts (
    seq       INTEGER PRIMARY KEY,     -- order raised
    sighting  TEXT NOT NULL,           -- this station's sighting concerned
    other     TEXT NOT NULL,           -- the other station's sighting that reveals it
    identity  TEXT NOT NULL,
    line      TEXT NOT NULL,           -- canonical alert record (alert_line)
    signature TEXT NOT NULL,           -- hex Ed25519 by this station's key
    UNIQUE (sighting, other)
);
)sql", nullptr, nullptr},
};

/// Schema 1 -> 2: fill the search columns of every stored sighting from its line. A line that
/// does not parse keeps empty columns (it never verifies anyway and `log show` lists it).
Result<void> fill_sighting_columns(Connection& connection) {
    auto select = connection.prepare("SELECT seq, line FROM sightings WHERE seq > ? ORDER BY seq LIMIT 10000");
    if (!select) return tl::unexpected(select.error());
    auto update = connection.prepare("UPDATE sightings SET serial = ?, part_number = ?, verdict = ?, lot = ?, time = ? WHERE seq = ?");
    if (!update) return tl::unexpected(update.error());
    std::int64_t after = -1;
    std::vector<std::pair<std::int64_t, std::string>> batch;
    do {
        // Batches, so no row is updated under an open cursor over the same table.
        batch.clear();
        select->reset();
        select->bind(1, after);
        for (;;) {
            auto row = select->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            batch.emplace_back(select->column_int64(0), select->column_text(1));
        }
        for (const auto& [seq, line] : batch) {
            after = seq;
            auto sighting = parse_sighting_line(line);
            if (!sighting) continue;
            const detail::SightingIndexColumns columns = detail::index_columns_of(*sighting);
            update->reset();
            update->bind(1, columns.serial).bind(2, columns.part_number).bind(3, columns.verdict).bind(4, columns.lot).bind(5, columns.time).bind(6, seq);
            if (auto r = update->run(); !r) return tl::unexpected(r.error());
        }
    } while (!batch.empty());
    return {};
}

}  // namespace

std::filesystem::path default_data_dir() {
    if (const char* d = std::getenv("DIMMGUARD_DATA_DIR"); d != nullptr && *d != '\0') return d;
    if (const char* x = std::getenv("XDG_DATA_HOME"); x != nullptr && *x != '\0') return std::filesystem::path(x) / "dimmguard";
    if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') return std::filesystem::path(h) / ".local/share/dimmguard";
    return std::filesystem::path(".dimmguard");
}

Result<void> migrate(Connection& connection) {
    constexpr int latest = static_cast<int>(std::size(migrations));
    for (;;) {
        // Read the version inside the write transaction: several processes may open a new
        // database at the same moment, and only one of them may apply each step.
        auto tx = Transaction::begin(connection);
        if (!tx) return tl::unexpected(tx.error());
        auto version = connection.user_version();
        if (!version) return tl::unexpected(version.error());
        if (*version > latest) {
            return fail(Errc::db, connection.path() + ": schema version " + std::to_string(*version) +
                                      " is newer than this dimmguard supports (" + std::to_string(latest) + ")");
        }
        if (*version == latest) return tx->commit();
        const Migration& step = migrations[*version];
        if (auto r = connection.exec(step.sql); !r) return tl::unexpected(r.error());
        if (step.fill != nullptr) {
            if (auto r = step.fill(connection); !r) {
                return with_context(std::move(r), connection.path() + ": migration to schema " + std::to_string(*version + 1));
            }
        }
        if (step.after != nullptr) {
            if (auto r = connection.exec(step.after); !r) return tl::unexpected(r.error());
        }
        if (auto r = connection.exec("PRAGMA user_version = " + std::to_string(*version + 1)); !r) return tl::unexpected(r.error());
        if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
    }
}

std::filesystem::path registry_path(const std::filesystem::path& data_dir) { return data_dir / registry_file_name; }

bool registry_exists(const std::filesystem::path& data_dir) {
    std::error_code ec;
    return std::filesystem::exists(registry_path(data_dir), ec);
}

Result<std::string> read_setting(const std::filesystem::path& data_dir, std::string_view name) {
    const std::filesystem::path path = data_dir / std::string(name);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::string();
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::io, path.string() + ": cannot be read");
    std::string text;
    text.resize(4097);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > 4096) return fail(Errc::bad_format, path.string() + ": longer than 4096 bytes, not a setting");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.find_first_of(std::string_view("\n\r\0", 3)) != std::string::npos) {
        return fail(Errc::bad_format, path.string() + ": not one line of text");
    }
    return text;
}

Result<void> write_setting(const std::filesystem::path& data_dir, std::string_view name, std::string_view value) {
    if (value.find_first_of(std::string_view("\n\r\0", 3)) != std::string_view::npos) {
        return fail(Errc::usage, std::string(name) + ": a setting is one line of text");
    }
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    return detail::write_file_atomic(data_dir / std::string(name), std::string(value) + "\n", 0600, true);
}

namespace {

/// When an open or a first query fails, a full disk is the likely reason if almost no space is
/// left: say so instead of SQLite's "disk I/O error".
std::optional<std::string> disk_full(const std::filesystem::path& dir) {
    struct statvfs st{};
    if (::statvfs(dir.c_str(), &st) != 0) return std::nullopt;
    const auto free_bytes = static_cast<unsigned long long>(st.f_bavail) * st.f_frsize;
    if (free_bytes >= (1ULL << 20)) return std::nullopt;
    return dir.string() + ": the disk holding the registry is full (" + std::to_string(free_bytes / 1024) +
           " KiB free); free some space and try again";
}

Result<Database> open_file(const std::filesystem::path& data_dir, bool create, Result<Database> (*make)(Connection, std::filesystem::path)) {
    const std::filesystem::path file = registry_path(data_dir);
    auto c = Connection::open(file, create);
    if (!c) {
        if (!create && c.error().code == Errc::not_found) return fail(Errc::not_found, "no registry at " + file.string());
        if (c.error().code == Errc::permission_denied) {
            return fail(Errc::permission_denied, file.string() + ": the registry is read-only here; inspect with --no-record, or make " +
                                                     data_dir.string() + " writable for this user");
        }
        if (auto full = disk_full(data_dir)) return fail(Errc::io, *full);
        if (c.error().code == Errc::io) return fail(Errc::io, file.string() + ": cannot write the registry (" + c.error().message + ")");
        return fail(c.error().code == Errc::busy ? Errc::busy : Errc::db,
                    file.string() + ": not a usable dimmguard registry (" + c.error().message + ")");
    }
    // A cheap validity probe: a file that is not a database fails here with a clear message.
    // A full integrity check reads every page (about a minute for an 8 GB registry), so it is
    // not done on every open; SQLite reports corrupt pages when a query touches them.
    if (auto probe = c->exec("SELECT count(*) FROM sqlite_master"); !probe) {
        if (auto full = disk_full(data_dir)) return fail(Errc::io, *full);
        return fail(Errc::db, file.string() + ": not a usable dimmguard registry (" + probe.error().message + ")");
    }
    auto before = c->user_version();
    if (!before) return tl::unexpected(before.error());
    if (auto r = migrate(*c); !r) return tl::unexpected(r.error());
    auto database = make(std::move(*c), data_dir);
    if (!database) return database;
    // A registry from before schema 3 had no trusted state: verify everything in it once and
    // start one (a file at schema 3 without one is reported instead: its state was lost).
    if (*before > 0 && *before < 3) {
        auto state = detail::read_trusted_state(*database);
        if (!state) return tl::unexpected(state.error());
        if (!*state) {
            auto adopted = adopt_registry(*database);
            if (!adopted) return fail(adopted.error().code, file.string() + ": upgrade to schema 3: " + adopted.error().message);
        }
    }
    return database;
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return fail(Errc::io, data_dir.string() + ": cannot create the data directory (" + ec.message() + ")");
    return open_file(data_dir, /*create=*/true,
                     [](Connection c, std::filesystem::path dir) -> Result<Database> { return Database(std::move(c), std::move(dir)); });
}

Result<Database> Database::open_existing(const std::filesystem::path& data_dir) {
    // Asked first: SQLite without SQLITE_OPEN_CREATE reports a missing file as a generic
    // "unable to open", which must not read as a corrupt registry.
    if (!registry_exists(data_dir)) return fail(Errc::not_found, "no registry at " + registry_path(data_dir).string());
    return open_file(data_dir, /*create=*/false,
                     [](Connection c, std::filesystem::path dir) -> Result<Database> { return Database(std::move(c), std::move(dir)); });
}

Result<Database> Database::open_read_only(const std::filesystem::path& data_dir) {
    if (!registry_exists(data_dir)) return fail(Errc::not_found, "no registry at " + registry_path(data_dir).string());
    const std::filesystem::path file = registry_path(data_dir);
    auto c = Connection::open_read_only(file);
    if (!c) {
        return fail(c.error().code == Errc::busy ? Errc::busy : Errc::db,
                    file.string() + ": not a usable dimmguard registry (" + c.error().message + ")");
    }
    auto version = c->user_version();
    if (!version) return tl::unexpected(version.error());
    if (*version > schema_version) {
        return fail(Errc::db, file.string() + ": schema version " + std::to_string(*version) + " is newer than this dimmguard supports (" +
                                  std::to_string(schema_version) + ")");
    }
    if (*version < schema_version) {
        // An older registry has to be migrated before it can be read: do it when allowed.
        if (::access(file.c_str(), W_OK) == 0 && ::access(data_dir.c_str(), W_OK) == 0) return open_existing(data_dir);
        return fail(Errc::db, file.string() + ": schema version " + std::to_string(*version) + " needs an upgrade to " +
                                  std::to_string(schema_version) + ", and the registry is read-only here");
    }
    Database database(std::move(*c), data_dir);
    database.read_only_ = true;
    return database;
}

Result<Database> Database::open_in_memory() {
    auto c = Connection::open(":memory:");
    if (!c) return tl::unexpected(c.error());
    if (auto r = migrate(*c); !r) return tl::unexpected(r.error());
    return Database(std::move(*c), {});
}

Result<std::optional<std::string>> Database::meta(const std::string& key) {
    auto lease = connection_.cached("SELECT value FROM meta WHERE key = ?");
    if (!lease) return tl::unexpected(lease.error());
    Statement& s = **lease;
    s.bind(1, key);
    auto row = s.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>{s.column_text(0)};
}

Result<void> Database::set_meta(const std::string& key, const std::string& value) {
    auto s = connection_.prepare("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, key).bind(2, value);
    return s->run();
}

Result<void> Database::set_site(const std::string& site) { return set_meta("site", site); }

Result<Station> Database::station() {
    Station st;
    if (data_dir_.empty()) {
        if (!memory_key_) {
            auto k = KeyPair::generate();
            if (!k) return tl::unexpected(k.error());
            memory_key_ = *k;
        }
        st.key = *memory_key_;
    } else if (loaded_key_) {
        // Read once per open registry: the key file never changes under a station.
        st.key = *loaded_key_;
    } else {
        const auto key_path = data_dir_ / "station.key";
        if (read_only_ && !std::filesystem::exists(key_path)) {
            // A look at a registry whose station never recorded anything: nothing can be signed
            // by this station yet, so a key that is never saved stands in for it.
            if (!memory_key_) {
                auto k = KeyPair::generate();
                if (!k) return tl::unexpected(k.error());
                memory_key_ = *k;
            }
            st.key = *memory_key_;
        } else {
            if (!std::filesystem::exists(key_path)) {
                // Created on first use; if another process wins the race, use its key.
                auto fresh = KeyPair::generate();
                if (!fresh) return tl::unexpected(fresh.error());
                if (auto w = fresh->save_pem(key_path); w) {
                    if (auto p = fresh->public_key().save_pem(data_dir_ / "station.pub"); !p) return tl::unexpected(p.error());
                } else if (w.error().code != Errc::usage) {
                    return tl::unexpected(w.error());
                }
            }
            if (auto pub = PublicKey::load_pem(data_dir_ / "station.pub")) {
                // Looking needs only the public half; the private key is read when something
                // is signed (KeyPair::deferred checks that the two halves belong together).
                loaded_key_ = KeyPair::deferred(*pub, key_path);
            } else {
                auto k = KeyPair::load_pem(key_path);
                if (!k) return tl::unexpected(k.error());
                loaded_key_ = std::move(*k);
            }
            st.key = *loaded_key_;
        }
    }
    // The id (a hash of the public key) once per key, not once per lookup.
    const KeyPair* used = loaded_key_ ? &*loaded_key_ : memory_key_ ? &*memory_key_ : nullptr;
    if (used == nullptr || key_id_of_ != used) {
        key_id_ = st.key.public_key().id();
        key_id_of_ = used;
    }
    st.id = key_id_;
    auto site = meta("site");
    if (!site) return tl::unexpected(site.error());
    st.site = site->value_or("unnamed site");
    return st;
}

}  // namespace dimmguard::db
