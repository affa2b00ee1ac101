// SPDX-License-Identifier: GPL-3.0-or-later
#include "fleet/server.hpp"

#include <array>
#include <string_view>

#include "db/keys.hpp"
#include "dimmguard/error.hpp"

namespace dimmguard::fleet {

namespace {

// Migration 1. Rows are checked against the signed line they carry, so the columns the server
// searches by (station, n, identity) can only say what the line says: the line is
// "sighting TAB <station>:<n> TAB <identity> TAB ..." (docs/registry-format.md, "Sightings").
constexpr std::string_view migration_1 = R"sql(
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dimmguard_station') THEN
        CREATE ROLE dimmguard_station NOLOGIN;
    END IF;
END $$;
CREATE TABLE dimmguard.stations (
    key_id     text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{32}$'),
    login      name NOT NULL UNIQUE,
    public_key text NOT NULL UNIQUE CHECK (public_key ~ '^[0-9a-f]{64}$'),
    added      timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE dimmguard.sightings (
    station   text   NOT NULL REFERENCES dimmguard.stations (key_id),
    n         bigint NOT NULL CHECK (n > 0),
    identity  text   NOT NULL,
    line      text   NOT NULL,
    signature text   NOT NULL CHECK (signature ~ '^[0-9a-f]{128}$'),
    received  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station, n),
    CHECK (split_part(line, E'\t', 1) = 'sighting'),
    CHECK (split_part(line, E'\t', 2) = station || ':' || n),
    CHECK (split_part(line, E'\t', 3) = identity)
);
CREATE INDEX sightings_by_identity ON dimmguard.sightings (identity);
CREATE TABLE dimmguard.checkpoints (
    id       bigserial PRIMARY KEY,
    station  text NOT NULL REFERENCES dimmguard.stations (key_id),
    body     text NOT NULL CHECK (length(body) <= 16777216),
    received timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkpoints_by_station ON dimmguard.checkpoints (station, id);

REVOKE ALL ON ALL TABLES IN SCHEMA dimmguard FROM PUBLIC;
GRANT USAGE ON SCHEMA dimmguard TO dimmguard_station;
GRANT SELECT ON dimmguard.stations, dimmguard.schema_migrations TO dimmguard_station;
GRANT SELECT, INSERT ON dimmguard.sightings, dimmguard.checkpoints TO dimmguard_station;
GRANT USAGE ON SEQUENCE dimmguard.checkpoints_id_seq TO dimmguard_station;

-- A station reads everything and appends only as itself.
ALTER TABLE dimmguard.sightings ENABLE ROW LEVEL SECURITY;
ALTER TABLE dimmguard.checkpoints ENABLE ROW LEVEL SECURITY;
CREATE POLICY stations_read ON dimmguard.sightings FOR SELECT TO dimmguard_station USING (true);
CREATE POLICY station_appends_own ON dimmguard.sightings FOR INSERT TO dimmguard_station
    WITH CHECK (station = (SELECT key_id FROM dimmguard.stations WHERE login = current_user));
CREATE POLICY stations_read ON dimmguard.checkpoints FOR SELECT TO dimmguard_station USING (true);
CREATE POLICY station_appends_own ON dimmguard.checkpoints FOR INSERT TO dimmguard_station
    WITH CHECK (station = (SELECT key_id FROM dimmguard.stations WHERE login = current_user));
)sql";

constexpr std::array<std::string_view, server_schema_version> migrations{migration_1};

}  // namespace

Result<int> server_version(PgConnection& connection, std::chrono::milliseconds timeout) {
    auto exists = connection.query("SELECT to_regclass('dimmguard.schema_migrations') IS NOT NULL", {}, timeout);
    if (!exists) return tl::unexpected(exists.error());
    if (exists->text(0, 0) != "t") return fail(Errc::not_found, "fleet server " + connection.where() + ": no dimmguard schema (run 'dimmguard fleet init')");
    auto v = connection.query("SELECT coalesce(max(version), 0) FROM dimmguard.schema_migrations", {}, timeout);
    if (!v) return tl::unexpected(v.error());
    const int version = std::stoi(v->text(0, 0));
    if (version > server_schema_version) {
        return fail(Errc::unsupported, "fleet server " + connection.where() + ": schema version " + std::to_string(version) +
                                           " is newer than this dimmguard (" + std::to_string(server_schema_version) + "): upgrade dimmguard");
    }
    return version;
}

Result<int> init_server(PgConnection& admin, std::chrono::milliseconds timeout) {
    // One transaction, serialised against another init by an advisory lock.
    if (auto r = admin.exec("BEGIN; SELECT pg_advisory_xact_lock(7431001); CREATE SCHEMA IF NOT EXISTS dimmguard; "
                            "CREATE TABLE IF NOT EXISTS dimmguard.schema_migrations (version integer PRIMARY KEY, "
                            "applied timestamptz NOT NULL DEFAULT now());",
                            timeout);
        !r) {
        (void)admin.exec("ROLLBACK", timeout);
        return tl::unexpected(r.error());
    }
    const auto abort = [&](Error e) -> Result<int> {
        (void)admin.exec("ROLLBACK", timeout);
        return tl::unexpected(std::move(e));
    };
    auto before = server_version(admin, timeout);
    if (!before) return abort(before.error());
    for (int v = *before + 1; v <= server_schema_version; ++v) {
        if (auto r = admin.exec(migrations[static_cast<std::size_t>(v - 1)], timeout); !r) return abort(r.error());
        if (auto r = admin.query("INSERT INTO dimmguard.schema_migrations (version) VALUES ($1)", {std::to_string(v)}, timeout); !r) {
            return abort(r.error());
        }
    }
    if (auto r = admin.exec("COMMIT", timeout); !r) return tl::unexpected(r.error());
    return *before;
}

Result<void> add_station(PgConnection& admin, const std::string& login, const std::string& public_key_hex, std::chrono::milliseconds timeout) {
    auto key = db::PublicKey::from_hex(public_key_hex);
    if (!key) return fail(Errc::usage, "--public-key: " + key.error().message);
    auto version = server_version(admin, timeout);
    if (!version) return tl::unexpected(version.error());
    auto role = admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1 AND rolcanlogin", {login}, timeout);
    if (!role) return tl::unexpected(role.error());
    if (role->empty()) return fail(Errc::usage, "fleet server: there is no login role '" + login + "' (create it first, e.g. createuser " + login + ")");
    if (auto r = admin.exec("BEGIN", timeout); !r) return tl::unexpected(r.error());
    const auto abort = [&](Error e) -> Result<void> {
        (void)admin.exec("ROLLBACK", timeout);
        return tl::unexpected(std::move(e));
    };
    if (auto r = admin.query("INSERT INTO dimmguard.stations (key_id, login, public_key) VALUES ($1, $2, $3)", {key->id(), login, key->hex()}, timeout); !r) {
        return abort(r.error());
    }
    auto grant = admin.query("SELECT format('GRANT dimmguard_station TO %I', $1::text)", {login}, timeout);
    if (!grant) return abort(grant.error());
    if (auto r = admin.exec(grant->text(0, 0), timeout); !r) return abort(r.error());
    if (auto r = admin.exec("COMMIT", timeout); !r) return tl::unexpected(r.error());
    return {};
}

Result<std::vector<ServerStation>> server_stations(PgConnection& connection, std::chrono::milliseconds timeout) {
    auto rows = connection.query("SELECT key_id, login, public_key FROM dimmguard.stations ORDER BY key_id", {}, timeout);
    if (!rows) return tl::unexpected(rows.error());
    std::vector<ServerStation> out;
    for (std::size_t r = 0; r < rows->rows.size(); ++r) out.push_back(ServerStation{rows->text(r, 0), rows->text(r, 1), rows->text(r, 2)});
    return out;
}

}  // namespace dimmguard::fleet
