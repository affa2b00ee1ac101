// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard sync` (this station <-> the fleet server) and `dimmguard fleet init|add-station|
// stations` (the server's administrator). docs/fleet.md.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "command_list.hpp"
#include "commands.hpp"
#include "db/database.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "fleet/pg.hpp"
#include "fleet/online.hpp"
#include "fleet/server.hpp"
#include "fleet/sync.hpp"

namespace dimmguard::cli {
namespace {

using Json = nlohmann::ordered_json;
using std::chrono::milliseconds;

constexpr int sync_json_schema_version = 1;

struct FleetOptions {
    std::string data_dir;
    std::string server;
    std::string lookup_server;  ///< sync --lookup-server ("" forgets the remembered one)
    bool lookup_given = false;
    double timeout_s = 30;
    bool json = false;
    bool status = false;
    double watch_s = 0;
    std::string login;
    std::string public_key;
    std::string station_pub;
};

int report_fleet_error(const Error& e) {
    std::fprintf(stderr, "dimmguard: %s\n", e.message.c_str());
    switch (e.code) {
    case Errc::usage: return exit_usage;
    case Errc::signature_invalid:
    case Errc::untrusted_key:
    case Errc::permission_denied:
    case Errc::bad_format:
    case Errc::unsupported:
    case Errc::db: return exit_registry;
    default: return exit_unreadable;  // server unreachable or too slow, registry unreadable
    }
}

milliseconds timeout_of(const FleetOptions& o) { return milliseconds(static_cast<long long>(o.timeout_s * 1000.0)); }

Result<fleet::PgConnection> connect(const FleetOptions& o) {
    if (o.server.empty()) return fail(Errc::usage, "--server is required (a libpq connection string: postgresql://... or service=NAME)");
    return fleet::PgConnection::open(o.server, timeout_of(o));
}

Json report_json(const fleet::SyncReport& r) {
    Json alerts = Json::array();
    for (const auto& a : r.alerts) {
        alerts.push_back({{"code", a.code}, {"identity", a.identity}, {"sighting", a.sighting}, {"other", a.other}, {"explanation", a.explanation}});
    }
    Json pulled = Json::array();
    for (const auto& p : r.pulled) {
        pulled.push_back({{"station", p.station}, {"login", p.login}, {"added", p.added}, {"held", p.held}, {"cosigned_size", p.cosigned}});
    }
    return Json{{"schema_version", sync_json_schema_version},
                {"station", r.station},
                {"server", r.server},
                {"pushed", r.pushed},
                {"repaired", r.repaired},
                {"checkpoint_pushed", r.checkpoint_pushed},
                {"pulled", pulled},
                {"sent_through", r.sent_through},
                {"conflicts", r.conflicts},
                {"problems", r.problems},
                {"late_findings", alerts},
                {"ok", r.ok()}};
}

void print_report(const fleet::SyncReport& r) {
    std::printf("synced station %s with %s: %zu sightings sent", r.station.c_str(), r.server.c_str(), r.pushed);
    if (r.repaired > 0) std::printf(" (+%zu the server had lost)", r.repaired);
    std::printf("%s\n", r.checkpoint_pushed ? ", checkpoint sent" : "");
    for (const auto& p : r.pulled) {
        std::printf("  station %s (%s): %zu new, %zu held%s\n", p.station.c_str(), p.login.c_str(), p.added, p.held,
                    p.cosigned > 0 ? (", cosigned at " + std::to_string(p.cosigned)).c_str() : "");
    }
    for (const auto& c : r.conflicts) std::printf("CONFLICT: %s\n", c.c_str());
    for (const auto& p : r.problems) std::printf("PROBLEM: %s\n", p.c_str());
    for (const auto& a : r.alerts) {
        std::printf("LATE FINDING %s on sighting %s: %s (see dimmguard log alerts)\n", a.code.c_str(), a.sighting.c_str(), a.explanation.c_str());
    }
}

/// `sync --lookup-server`: remember the server online lookups ask (a read replica), once it
/// answered as a fleet server; "" forgets it, so lookups ask the sync server again.
int remember_lookup_server(const FleetOptions& o, db::Database& database) {
    if (!o.lookup_server.empty()) {
        auto lookup = fleet::PgConnection::open(o.lookup_server, timeout_of(o));
        Result<int> version = lookup ? fleet::server_version(*lookup, timeout_of(o)) : Result<int>(tl::unexpected(lookup.error()));
        if (!version) {
            std::fprintf(stderr, "dimmguard sync: the lookup server was not remembered: %s\n", version.error().message.c_str());
            return exit_unreadable;
        }
    }
    if (auto r = fleet::remember_lookup_server(database.data_dir(), o.lookup_server); !r) {
        std::fprintf(stderr, "dimmguard sync: the lookup server could not be remembered: %s\n", r.error().message.c_str());
        return exit_unreadable;
    }
    return exit_ok;
}

int run_sync_once(const FleetOptions& o, db::Database& database, bool remember) {
    auto server = connect(o);
    fleet::SyncOptions options;
    options.timeout = timeout_of(o);
    auto report = server ? fleet::sync(database, *server, options) : Result<fleet::SyncReport>(tl::unexpected(server.error()));
    // Every round, done or not, is noted for the desk app's status bar and `sync --status`.
    if (auto r = fleet::note_sync_round(database.data_dir(), report, db::utc_now()); !r) {
        std::fprintf(stderr, "dimmguard sync: the sync status could not be stored: %s\n", r.error().message.c_str());
    }
    if (!report) return report_fleet_error(report.error());
    // The server this station syncs with is also the one `verify` asks at inspection time.
    if (remember) {
        if (auto r = fleet::remember_server(database.data_dir(), o.server); !r) {
            std::fprintf(stderr, "dimmguard sync: the server could not be remembered: %s\n", r.error().message.c_str());
        }
    }
    if (o.json) std::printf("%s\n", report_json(*report).dump(2).c_str());
    else print_report(*report);
    int status = report->ok() ? exit_ok : exit_registry;
    if (o.lookup_given) status |= remember_lookup_server(o, database);
    return status;
}

/// `sync --status`: the last rounds as stored, without asking the server.
int run_status(const FleetOptions& o, const std::filesystem::path& data_dir) {
    auto database = db::Database::open_read_only(data_dir);
    if (!database) return report_fleet_error(database.error());
    auto state = fleet::fleet_state(*database);
    if (!state) return report_fleet_error(state.error());
    const fleet::SyncStatus& s = state->status;
    const int status = !s.error.empty() || s.conflicts + s.problems > 0 ? exit_registry : exit_ok;
    if (o.json) {
        Json doc{{"schema_version", sync_json_schema_version},
                 {"server", state->server},
                 {"lookup_server", state->lookup_server},
                 {"last_attempt", s.last_attempt},
                 {"last_ok", s.last_ok},
                 {"error", s.error},
                 {"conflicts", s.conflicts},
                 {"problems", s.problems},
                 {"own_sightings", state->own_sightings},
                 {"pending", state->pending},
                 {"late_findings", state->alerts},
                 {"exit_status", status}};
        std::printf("%s\n", doc.dump(2).c_str());
        return status;
    }
    if (state->server.empty() && s.last_attempt.empty()) {
        std::printf("not in a fleet: no sync has run (dimmguard sync --server URI)\n");
        return exit_ok;
    }
    std::printf("server: %s\n", state->server.empty() ? "(none remembered)" : state->server.c_str());
    if (!state->lookup_server.empty()) std::printf("online lookups ask: %s\n", state->lookup_server.c_str());
    std::printf("last round: %s%s\n", s.last_attempt.empty() ? "never" : s.last_attempt.c_str(),
                s.error.empty() ? "" : (" FAILED: " + s.error).c_str());
    std::printf("last completed: %s", s.last_ok.empty() ? "never" : s.last_ok.c_str());
    if (!s.last_ok.empty()) std::printf(" (%zu conflicts, %zu problems)", s.conflicts, s.problems);
    std::printf("\nnot on the server yet: %llu of this station's %llu sightings\n", static_cast<unsigned long long>(state->pending),
                static_cast<unsigned long long>(state->own_sightings));
    std::printf("late findings: %zu%s\n", state->alerts, state->alerts > 0 ? " (dimmguard log alerts)" : "");
    return status;
}

int run_sync(FleetOptions o) {
    const std::filesystem::path data_dir = o.data_dir.empty() ? db::default_data_dir() : std::filesystem::path(o.data_dir);
    if (o.status) {
        if (!o.server.empty() || o.watch_s > 0 || o.lookup_given) {
            return report_fleet_error(Error{Errc::usage, "--status reads what the last rounds stored: no --server, --lookup-server or --watch"});
        }
        return run_status(o, data_dir);
    }
    auto remembered = fleet::remembered_server(data_dir);
    bool remember = false;
    if (o.server.empty()) {
        if (!remembered) return report_fleet_error(remembered.error());
        if (remembered->empty()) return report_fleet_error(Error{Errc::usage, "no fleet server: give --server (the first sync remembers it)"});
        o.server = *remembered;
    } else {
        remember = !remembered || *remembered != o.server;
    }
    auto database = db::Database::open(data_dir);
    if (!database) return report_fleet_error(database.error());
    if (o.watch_s <= 0) return run_sync_once(o, *database, remember);
    // --watch: a round every interval; a failed round (server down) is reported and retried,
    // intake meanwhile goes on in the local registry.
    for (;;) {
        const int status = run_sync_once(o, *database, remember);
        if (status == exit_ok) {
            remember = false;
            o.lookup_given = false;  // remembered once
        }
        std::fflush(stdout);
        std::this_thread::sleep_for(milliseconds(static_cast<long long>(o.watch_s * 1000.0)));
    }
}

int run_init(const FleetOptions& o) {
    auto server = connect(o);
    if (!server) return report_fleet_error(server.error());
    auto before = fleet::init_server(*server, timeout_of(o));
    if (!before) return report_fleet_error(before.error());
    if (*before == fleet::server_schema_version) std::printf("fleet server %s: schema version %d, up to date\n", server->where().c_str(), *before);
    else std::printf("fleet server %s: schema version %d (was %d)\n", server->where().c_str(), fleet::server_schema_version, *before);
    return exit_ok;
}

int run_add_station(const FleetOptions& o) {
    std::string hex = o.public_key;
    if (!o.station_pub.empty()) {
        auto key = db::PublicKey::load_pem(o.station_pub);
        if (!key) return report_fleet_error(key.error());
        hex = key->hex();
    }
    if (hex.empty()) return report_fleet_error(Error{Errc::usage, "give the station's key: --station-pub FILE (its station.pub) or --public-key HEX"});
    auto server = connect(o);
    if (!server) return report_fleet_error(server.error());
    if (auto r = fleet::add_station(*server, o.login, hex, timeout_of(o)); !r) return report_fleet_error(r.error());
    auto key = db::PublicKey::from_hex(hex);
    std::printf("login %s now writes as station %s\n", o.login.c_str(), key ? key->id().c_str() : "?");
    return exit_ok;
}

int run_stations(const FleetOptions& o) {
    auto server = connect(o);
    if (!server) return report_fleet_error(server.error());
    if (auto v = fleet::server_version(*server, timeout_of(o)); !v) return report_fleet_error(v.error());
    auto stations = fleet::server_stations(*server, timeout_of(o));
    if (!stations) return report_fleet_error(stations.error());
    if (o.json) {
        Json list = Json::array();
        for (const auto& s : *stations) list.push_back({{"station", s.key_id}, {"login", s.login}, {"public_key", s.public_key_hex}});
        std::printf("%s\n", Json{{"schema_version", sync_json_schema_version}, {"stations", list}}.dump(2).c_str());
        return exit_ok;
    }
    for (const auto& s : *stations) std::printf("%s  %s\n", s.key_id.c_str(), s.login.c_str());
    return exit_ok;
}

void add_server_options(CLI::App* cmd, const std::shared_ptr<FleetOptions>& o, bool required = true) {
    CLI::Option* server = cmd->add_option("--server", o->server,
                                          required ? "the fleet server: a libpq connection string (postgresql://host/db?sslmode=verify-full, service=NAME)"
                                                   : "the fleet server: a libpq connection string (postgresql://host/db?sslmode=verify-full,\n"
                                                     "service=NAME); remembered for later syncs and for verify's online lookups\n"
                                                     "(default: the server remembered in the data directory)");
    if (required) server->required();
    cmd->add_option("--timeout", o->timeout_s, "seconds to wait for the server per round trip (default 30)")->check(CLI::PositiveNumber);
}

}  // namespace

void register_sync(CLI::App& app, Runner& run) {
    auto o = std::make_shared<FleetOptions>();
    CLI::App* cmd = app.add_subcommand("sync", command_description("sync"));
    add_server_options(cmd, o, false);
    cmd->add_option("--data-dir", o->data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR, else ~/.local/share/dimmguard)");
    CLI::Option* lookup = cmd->add_option("--lookup-server", o->lookup_server,
                    "the server verify and the desk app ask at inspection time, when it is not the\n"
                    "one sync writes to (a read replica); remembered after a round; '' forgets it");
    cmd->add_option("--watch", o->watch_s, "sync again every SECONDS until stopped")->check(CLI::PositiveNumber);
    cmd->add_flag("--status", o->status, "show how the last rounds went, what is not sent yet and the late findings\n"
                                         "(reads the data directory only; exits 16 after a failed round or a conflict)");
    cmd->add_flag("--json", o->json, "print the report as JSON");
    set_footer(cmd, "sync", "16 also means a conflict (the server contradicts what a station signed) or a problem (a station not\n"
                            "trusted here, a record that does not verify). 2: the server could not be reached in time.");
    cmd->callback([o, &run, lookup] {
        o->lookup_given = lookup->count() > 0;
        run = [o] { return run_sync(*o); };
    });
}

void register_fleet(CLI::App& app, Runner& run) {
    auto o = std::make_shared<FleetOptions>();
    CLI::App* fleet = app.add_subcommand("fleet", command_description("fleet"));
    fleet->require_subcommand(1);
    set_footer(fleet, "fleet");
    CLI::App* init = fleet->add_subcommand("init", "Create the server schema, or bring it up to this version (as its owner)");
    add_server_options(init, o);
    init->callback([o, &run] { run = [o] { return run_init(*o); }; });
    CLI::App* add = fleet->add_subcommand("add-station", "Let a login role (created with createuser) write as one station");
    add_server_options(add, o);
    add->add_option("--login", o->login, "the station's PostgreSQL login role")->required();
    add->add_option("--station-pub", o->station_pub, "the station's station.pub (PEM)")->check(CLI::ExistingFile);
    add->add_option("--public-key", o->public_key, "or its public key as 64 hex digits");
    add->callback([o, &run] { run = [o] { return run_add_station(*o); }; });
    CLI::App* list = fleet->add_subcommand("stations", "List the stations the server knows");
    add_server_options(list, o);
    list->add_flag("--json", o->json, "print JSON");
    list->callback([o, &run] { run = [o] { return run_stations(*o); }; });
}

}  // namespace dimmguard::cli
