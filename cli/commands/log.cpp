// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard log verify|export|import|checkpoint|witness|show|alerts|record|dispose|site`: this
// station's signed, hash-chained inspection log, sightings exchanged with other stations, the
// witnesses of every log, and custody.
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_list.hpp"
#include "commands.hpp"
#include "dimmguard/text.hpp"
#include "db/alerts.hpp"
#include "db/custody.hpp"
#include "db/database.hpp"
#include "db/disposition.hpp"
#include "db/merkle.hpp"
#include "db/station_log.hpp"
#include "db/witness.hpp"
#include "engine/render.hpp"

namespace dimmguard::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr int log_json_schema_version = 1;

struct LogOptions {
    std::string data_dir;
    bool json = false;
    std::string output;
    std::string since;
    std::string input;
    std::string identity;
    std::size_t limit = 20;
    std::string site;
    std::string event;
    std::string customer;
    std::vector<std::string> context;
    std::string part_number;
    std::string fingerprint;
    std::string verdict = "unknown";
    std::string action;
    std::string reason;
    std::string operator_name;
    std::string qa_key;
    std::string supplier;
    std::string ticket;
    bool recheck = false;
};

int report_error(const Error& e) {
    std::fprintf(stderr, "dimmguard: %s\n", e.message.c_str());
    switch (e.code) {
    case Errc::usage: return exit_usage;
    case Errc::signature_invalid:
    case Errc::untrusted_key:
    case Errc::bad_format:
    case Errc::truncated:
    case Errc::unsupported: return exit_registry;
    default: return exit_unreadable;
    }
}

Result<db::Database> open_database(const LogOptions& o) {
    return db::Database::open(o.data_dir.empty() ? db::default_data_dir() : std::filesystem::path(o.data_dir));
}

/// For the commands that only read the log (verify, export, show): works on a read-only data
/// directory and never creates a registry.
Result<db::Database> open_database_to_read(const LogOptions& o) {
    return db::Database::open_read_only(o.data_dir.empty() ? db::default_data_dir() : std::filesystem::path(o.data_dir));
}

Json sighting_json(const verifier::Sighting& s) {
    Json context = Json::object();
    for (const auto& [k, v] : s.context) context[k] = v;
    return Json{{"id", s.id},
                {"identity", s.identity.key()},
                {"fingerprint", s.fingerprint},
                {"part_number", s.part_number},
                {"verdict", s.verdict},
                {"station", s.station},
                {"site", s.site},
                {"event", std::string(verifier::event_kind_name(s.event))},
                {"context", context},
                {"time", s.time}};
}

std::string context_text(const verifier::Sighting& s) {
    std::string out;
    for (const auto& [k, v] : s.context) out += (out.empty() ? "" : " ") + k + "=" + v;
    return out;
}

void print_sighting(const verifier::Sighting& s) {
    std::printf("%s  %-8s %-11s %-24s %-20s %s  %s\n", s.time.c_str(), std::string(verifier::event_kind_name(s.event)).c_str(),
                s.verdict.c_str(), s.site.c_str(), s.part_number.c_str(), s.identity.key().c_str(), context_text(s).c_str());
}

int run_verify(const LogOptions& o) {
    auto database = open_database_to_read(o);
    if (!database) return report_error(database.error());
    auto report = db::verify_log(*database);
    if (!report) return report_error(report.error());
    auto witnesses = db::witness_report(*database);
    if (!witnesses) return report_error(witnesses.error());
    const bool ok = report->ok() && witnesses->ok();
    const int status = ok ? exit_ok : exit_registry;
    if (o.json) {
        Json problems = Json::array();
        for (const auto& p : report->problems) {
            problems.push_back(Json{{"kind", std::string(db::log_problem_name(p.kind))}, {"seq", p.seq}, {"entry", p.sequence}, {"message", p.message}});
        }
        Json heads = Json::array();
        for (const auto& s : witnesses->signatures) {
            heads.push_back(Json{{"station", s.station},
                                 {"size", s.size},
                                 {"root", db::merkle::to_hex(s.root)},
                                 {"signer", s.signer},
                                 {"kind", s.cosignature ? "cosignature" : "signature"},
                                 {"timestamp", s.timestamp}});
        }
        Json doc{{"schema_version", log_json_schema_version},
                 {"station", report->station},
                 {"entries", report->entries},
                 {"head_count", report->head_count},
                 {"head_hash", report->head_hash},
                 {"ok", ok},
                 {"problems", problems},
                 {"witnessed_heads", heads},
                 {"split_views", witnesses->conflicts},
                 {"witness_problems", witnesses->problems},
                 {"exit_status", status}};
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return status;
    }
    std::printf("inspection log of station %s: %lld entries, signed head counts %lld\n", report->station.c_str(),
                static_cast<long long>(report->entries), static_cast<long long>(report->head_count));
    for (const auto& p : report->problems) std::printf("TAMPERED %-12s %s\n", std::string(db::log_problem_name(p.kind)).c_str(), p.message.c_str());
    std::printf("%s\n", report->ok() ? "ok: every entry verifies and the chain is complete" : "the inspection log has been tampered with");
    // Who saw which size of which log (the newest head each signer signed).
    std::map<std::pair<std::string, std::string>, const db::CheckpointSignature*> newest;
    for (const auto& s : witnesses->signatures) {
        auto& slot = newest[{s.station, s.signer}];
        if (slot == nullptr || s.size >= slot->size) slot = &s;
    }
    for (const auto& [who, s] : newest) {
        std::printf("witness: log of station %s%s at %llu sightings %s by %s%s\n", s->station.c_str(), s->station == report->station ? " (this station)" : "",
                    static_cast<unsigned long long>(s->size), s->cosignature ? "cosigned" : "signed", s->signer.c_str(),
                    s->signer == report->station ? " (this station)" : "");
    }
    for (const auto& c : witnesses->conflicts) std::printf("SPLIT-VIEW %s\n", c.c_str());
    for (const auto& p : witnesses->problems) std::printf("TAMPERED witness     %s\n", p.c_str());
    return status;
}

int run_export(const LogOptions& o) {
    auto database = open_database_to_read(o);
    if (!database) return report_error(database.error());
    std::optional<std::string> since;
    if (!o.since.empty()) since = o.since;
    auto summary = db::export_sightings(*database, o.output, since);
    if (!summary) return report_error(summary.error());
    std::fprintf(stderr, "exported %zu sightings of station %s to %s\n", summary->records, summary->station.c_str(), o.output.c_str());
    return exit_ok;
}

int run_import(const LogOptions& o) {
    auto database = open_database(o);
    if (!database) return report_error(database.error());
    auto summary = db::import_sightings(*database, o.input);
    if (!summary) return report_error(summary.error());
    std::printf("imported %zu new sightings from station %s (%s); %zu already present\n", summary->added, summary->station.c_str(),
                summary->site.c_str(), summary->already_present);
    if (summary->cosigned_size > 0) {
        std::printf("witnessed: cosigned the log of station %s at %llu sightings\n", summary->station.c_str(),
                    static_cast<unsigned long long>(summary->cosigned_size));
    }
    for (const auto& c : summary->conflicts) std::printf("CONFLICT %s\n", c.c_str());
    for (const auto& a : summary->alerts) std::printf("LATE FINDING %s on sighting %s: %s\n", a.code.c_str(), a.sighting.c_str(), a.explanation.c_str());
    return summary->conflicts.empty() ? exit_ok : exit_registry;
}

Json alert_json(const db::StoredAlert& s) {
    const db::Alert& a = s.alert;
    Json j{{"seq", s.seq}, {"verified", s.verified}};
    if (!s.verified) j["problem"] = s.problem;
    j.update(Json{{"code", a.code},
                  {"identity", a.identity},
                  {"sighting", a.sighting},
                  {"verdict", a.verdict},
                  {"time", a.own_time},
                  {"other", a.other},
                  {"other_station", a.other_station},
                  {"other_site", a.other_site},
                  {"other_time", a.other_time},
                  {"explanation", a.explanation},
                  {"raised", a.raised}});
    return j;
}

int run_alerts(const LogOptions& o) {
    auto database = o.recheck ? open_database(o) : open_database_to_read(o);
    if (!database) return report_error(database.error());
    std::size_t raised = 0;
    if (o.recheck) {
        auto late = db::recheck_late_findings(*database);
        if (!late) return report_error(late.error());
        raised = late->size();
    }
    auto alerts = db::load_alerts(*database, o.since);
    if (!alerts) return report_error(alerts.error());
    int status = exit_ok;
    for (const auto& a : *alerts) status |= a.verified ? engine::exit_counterfeit : exit_registry;
    if (o.json) {
        Json list = Json::array();
        for (const auto& a : *alerts) list.push_back(alert_json(a));
        Json doc{{"schema_version", log_json_schema_version}, {"alerts", list}};
        if (o.recheck) doc["raised"] = raised;
        doc["exit_status"] = status;
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return status;
    }
    if (o.recheck) std::printf("rechecked: %zu new late findings\n", raised);
    if (alerts->empty()) std::printf("no late findings%s\n", o.since.empty() ? "" : (" since " + o.since).c_str());
    for (const auto& s : *alerts) {
        if (!s.verified) {
            std::printf("TAMPERED %s\n", s.problem.c_str());
            continue;
        }
        const db::Alert& a = s.alert;
        std::printf("%s  %s  identity %s\n", a.raised.c_str(), a.code.c_str(), a.identity.c_str());
        std::printf("    this station's sighting %s of %s was judged %s\n", a.sighting.c_str(), a.own_time.c_str(), a.verdict.c_str());
        std::printf("    %s (sighting %s)\n", a.explanation.c_str(), a.other.c_str());
    }
    return status;
}

int run_checkpoint(const LogOptions& o) {
    auto database = open_database(o);
    if (!database) return report_error(database.error());
    auto summary = db::export_checkpoints(*database, o.output);
    if (!summary) return report_error(summary.error());
    std::fprintf(stderr, "wrote %zu signed log heads with %zu signatures to %s\n", summary->notes, summary->signatures, o.output.c_str());
    return exit_ok;
}

int run_witness(const LogOptions& o) {
    auto database = open_database(o);
    if (!database) return report_error(database.error());
    auto summary = db::import_checkpoints(*database, o.input);
    if (!summary) return report_error(summary.error());
    std::printf("read %zu log heads: %zu new signatures stored, %zu by keys not trusted for role station ignored\n", summary->notes, summary->stored,
                summary->ignored);
    for (const auto& c : summary->cosigned) {
        std::printf("witnessed: cosigned the log of station %s at %llu sightings\n", c.station.c_str(), static_cast<unsigned long long>(c.size));
    }
    for (const auto& c : summary->conflicts) std::printf("CONFLICT %s\n", c.c_str());
    return summary->conflicts.empty() ? exit_ok : exit_registry;
}

int show_identity(db::Database& database, const LogOptions& o) {
    auto identity = verifier::ModuleIdentity::parse(o.identity);
    if (!identity) return report_error(Error{Errc::usage, "--identity: " + identity.error().message});
    auto c = db::custody(database, *identity);
    if (!c) return report_error(c.error());
    const int status = c->tampered.empty() ? exit_ok : exit_registry;
    if (o.json) {
        Json history = Json::array();
        for (const auto& item : c->history) {
            Json j = sighting_json(item.record);
            j["source"] = item.source;
            history.push_back(j);
        }
        Json stations = Json::array();
        for (const auto& sc : c->stations) {
            stations.push_back(Json{{"station", sc.station}, {"site", sc.site}, {"last_event", std::string(verifier::event_kind_name(sc.last.event))},
                                    {"time", sc.last.time}, {"released", sc.released}, {"customer", sc.customer}});
        }
        Json doc{{"schema_version", log_json_schema_version},
                 {"identity", identity->key()},
                 {"history", history},
                 {"tampered", c->tampered},
                 {"stations", stations},
                 {"holders", c->holders},
                 {"shipped", c->shipped ? sighting_json(*c->shipped) : Json()},
                 {"customer", c->customer()},
                 {"fingerprints", c->fingerprints},
                 {"part_numbers", c->part_numbers},
                 {"custody", engine::custody_json(c->state)},
                 {"exit_status", status}};
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return status;
    }
    std::printf("identity %s: %zu sightings\n", identity->key().c_str(), c->history.size());
    for (const auto& item : c->history) print_sighting(item.record);
    for (const auto& t : c->tampered) std::printf("TAMPERED %s\n", t.c_str());
    for (const auto& sc : c->stations) {
        std::printf("station %s (%s): last %s at %s%s\n", sc.station.c_str(), sc.site.c_str(),
                    std::string(verifier::event_kind_name(sc.last.event)).c_str(), sc.last.time.c_str(),
                    sc.released ? (" - released" + (sc.customer.empty() ? std::string() : " to " + sc.customer)).c_str() : " - holds it");
    }
    if (c->shipped) std::printf("shipped %s%s, no return since\n", c->shipped->time.c_str(), c->customer().empty() ? "" : (" to " + c->customer()).c_str());
    std::printf("custody: %s\n", c->state.describe().c_str());
    if (c->state.unresolved) {
        const auto& u = *c->state.unresolved;
        std::printf("unresolved: judged %s on %s by %s (%s); only a QA release clears it\n", u.verdict.c_str(), u.time.c_str(),
                    u.site.empty() ? u.station.c_str() : u.site.c_str(), u.id.c_str());
    }
    for (const auto& x : c->state.conflicts) {
        std::printf("conflict: %s on %s by %s could not be this module (custody unchanged)\n", std::string(verifier::event_kind_name(x.event)).c_str(),
                    x.time.c_str(), x.site.empty() ? x.station.c_str() : x.site.c_str());
    }
    std::string fingerprints, parts;
    for (const auto& f : c->fingerprints) fingerprints += " " + f;
    for (const auto& p : c->part_numbers) parts += " " + p;
    if (!fingerprints.empty()) std::printf("fingerprints:%s\n", fingerprints.c_str());
    if (!parts.empty()) std::printf("part numbers:%s\n", parts.c_str());
    return status;
}

int run_show(const LogOptions& o) {
    auto database = open_database_to_read(o);
    if (!database) return report_error(database.error());
    if (!o.identity.empty()) return show_identity(*database, o);
    auto rows = db::recent_sightings(*database, o.limit);
    if (!rows) return report_error(rows.error());
    bool tampered = false;
    for (const auto& r : *rows) tampered = tampered || !r.verified;
    const int status = tampered ? exit_registry : exit_ok;
    if (o.json) {
        Json list = Json::array();
        for (const auto& r : *rows) {
            Json j = r.sighting ? sighting_json(*r.sighting) : Json::object();
            j["seq"] = r.seq;
            j["local"] = r.local;
            j["verified"] = r.verified;
            if (!r.verified) j["problem"] = r.problem;
            list.push_back(j);
        }
        std::cout << Json{{"schema_version", log_json_schema_version}, {"sightings", list}, {"exit_status", status}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return status;
    }
    for (const auto& r : *rows) {
        if (!r.verified) std::printf("TAMPERED seq %lld: %s\n", static_cast<long long>(r.seq), r.problem.c_str());
        else print_sighting(*r.sighting);
    }
    return status;
}

/// Text signed into the log must be UTF-8 (it is shown on other stations' screens).
Result<void> check_text(const LogOptions& o) {
    const std::pair<const char*, const std::string*> fields[] = {
        {"--customer", &o.customer}, {"--part-number", &o.part_number}, {"--reason", &o.reason}, {"--operator", &o.operator_name},
        {"--supplier", &o.supplier}, {"--ticket", &o.ticket},          {"NAME", &o.site}};
    for (const auto& [flag, value] : fields) {
        if (value->size() > max_field_bytes) return fail(Errc::usage, std::string(flag) + ": longer than " + std::to_string(max_field_bytes) + " bytes");
        if (!valid_utf8(*value)) return fail(Errc::usage, std::string(flag) + ": not valid UTF-8 text (" + terminal_safe(*value, true) + ")");
    }
    for (const auto& c : o.context) {
        if (c.size() > max_field_bytes + 64) return fail(Errc::usage, "--context: longer than " + std::to_string(max_field_bytes) + " bytes");
        if (!valid_utf8(c)) return fail(Errc::usage, "--context: not valid UTF-8 text (" + terminal_safe(c, true) + ")");
    }
    return {};
}

int run_record(const LogOptions& o) {
    if (auto text = check_text(o); !text) return report_error(text.error());
    auto identity = verifier::ModuleIdentity::parse(o.identity);
    if (!identity) return report_error(Error{Errc::usage, "--identity: " + identity.error().message});
    auto event = verifier::event_kind_from_name(o.event);
    if (!event || verifier::is_disposition(*event)) {
        return report_error(Error{Errc::usage, "--event '" + o.event + "' is not intake, bench, burn-in, ship, return or move" +
                                                   (event ? " (dispositions: dimmguard log dispose)" : "")});
    }
    verifier::Sighting s;
    s.identity = *identity;
    s.event = *event;
    s.fingerprint = o.fingerprint;
    s.part_number = o.part_number;
    s.verdict = o.verdict;
    for (const std::string& pair : o.context) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) return report_error(Error{Errc::usage, "--context '" + pair + "' is not KEY=VALUE"});
        s.context[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    if (!o.customer.empty()) s.context["customer"] = o.customer;
    auto database = open_database(o);
    if (!database) return report_error(database.error());
    auto stored = db::record_sighting(*database, s);
    if (!stored) return report_error(stored.error());
    if (o.json) {
        std::cout << Json{{"schema_version", log_json_schema_version}, {"sighting", sighting_json(*stored)}, {"exit_status", exit_ok}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::printf("recorded %s\n", stored->id.c_str());
    }
    return exit_ok;
}

int run_dispose(const LogOptions& o) {
    if (auto text = check_text(o); !text) return report_error(text.error());
    auto identity = verifier::ModuleIdentity::parse(o.identity);
    if (!identity) return report_error(Error{Errc::usage, "--identity: " + identity.error().message});
    auto action = verifier::event_kind_from_name(o.action);
    if (!action || !verifier::is_disposition(*action)) {
        return report_error(Error{Errc::usage, "--action '" + o.action + "' is not quarantine, release, rma or scrap"});
    }
    std::optional<db::KeyPair> qa;
    if (!o.qa_key.empty()) {
        auto key = db::KeyPair::load_pem(o.qa_key);
        if (!key) return report_error(Error{key.error().code == Errc::not_found ? Errc::usage : key.error().code, "--qa-key: " + key.error().message});
        qa = std::move(*key);
    }
    auto database = open_database(o);
    if (!database) return report_error(database.error());
    db::Disposition d;
    d.identity = *identity;
    d.action = *action;
    d.reason = o.reason;
    d.operator_name = o.operator_name;
    d.supplier = o.supplier;
    d.ticket = o.ticket;
    d.qa_key = qa ? &*qa : nullptr;
    auto stored = db::record_disposition(*database, d);
    if (!stored) return report_error(stored.error());
    auto c = db::custody(*database, *identity);
    if (o.json) {
        Json doc{{"schema_version", log_json_schema_version}, {"sighting", sighting_json(*stored)}};
        if (c) doc["custody"] = engine::custody_json(c->state);
        doc["exit_status"] = exit_ok;
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::printf("recorded %s: %s of %s by %s\n", stored->id.c_str(), std::string(verifier::event_kind_name(*action)).c_str(),
                    identity->key().c_str(), o.operator_name.c_str());
        if (c) std::printf("custody: %s\n", c->state.describe().c_str());
    }
    return exit_ok;
}

int run_site(const LogOptions& o) {
    if (auto text = check_text(o); !text) return report_error(text.error());
    auto database = open_database(o);
    if (!database) return report_error(database.error());
    if (!o.site.empty()) {
        if (auto r = database->set_site(o.site); !r) return report_error(r.error());
    }
    auto station = database->station();
    if (!station) return report_error(station.error());
    if (o.json) {
        std::cout << Json{{"schema_version", log_json_schema_version}, {"station", station->id}, {"site", station->site},
                          {"public_key", station->key.public_key().hex()}, {"exit_status", exit_ok}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return exit_ok;
    }
    std::printf("station %s\nsite %s\npublic key %s\n", station->id.c_str(), station->site.c_str(), station->key.public_key().hex().c_str());
    return exit_ok;
}

CLI::App* add_command(CLI::App* log, const std::shared_ptr<LogOptions>& o, const char* name, const char* description) {
    CLI::App* cmd = log->add_subcommand(name, description);
    cmd->add_option("--data-dir", o->data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR, else ~/.local/share/dimmguard)");
    return cmd;
}

}  // namespace

void register_log(CLI::App& app, Runner& run) {
    auto o = std::make_shared<LogOptions>();
    CLI::App* log = app.add_subcommand("log", command_description("log"));
    log->require_subcommand(1);
    set_footer(log, "log", "16 also means tampering found, a bundle refused (bad signature, untrusted station), or a split view\n"
                          "(two histories of one log). log alerts: 8 when it lists a late finding.");

    CLI::App* verify = add_command(log, o, "verify", "Check every entry, the hash chain and the signed head of the inspection log");
    verify->add_flag("--json", o->json, "print one JSON document");
    verify->callback([o, &run] { run = [o] { return run_verify(*o); }; });

    CLI::App* exp = add_command(log, o, "export", "Write this station's sightings as a signed station bundle");
    exp->add_option("-o,--output", o->output, "bundle file to write")->required();
    exp->add_option("--since", o->since, "only sightings at or after TIME (2026-11-27 or 2026-11-27T10:00:00Z)");
    exp->callback([o, &run] { run = [o] { return run_export(*o); }; });

    CLI::App* imp = add_command(log, o, "import", "Merge another station's bundle (keys trusted for role station only; idempotent)");
    imp->add_option("FILE", o->input, "station bundle")->required();
    imp->callback([o, &run] { run = [o] { return run_import(*o); }; });

    CLI::App* checkpoint = add_command(log, o, "checkpoint", "Write this station's signed log head and every cosigned head it holds (for 'log witness')");
    checkpoint->add_option("-o,--output", o->output, "checkpoints file to write")->required();
    checkpoint->callback([o, &run] { run = [o] { return run_checkpoint(*o); }; });

    CLI::App* witness = add_command(log, o, "witness", "Check another station's checkpoints file against the logs held here and cosign what agrees");
    witness->add_option("FILE", o->input, "checkpoints file ('dimmguard log checkpoint')")->required();
    witness->callback([o, &run] { run = [o] { return run_witness(*o); }; });

    CLI::App* show = add_command(log, o, "show", "Recent sightings, or the history and custody of one identity");
    show->add_option("--identity", o->identity, "module identity MAKER-LOC-DATE-SERIAL (802c-06-2243-3bf239f8)");
    show->add_option("--limit", o->limit, "how many recent sightings (default 20)")->check(CLI::PositiveNumber);
    show->add_flag("--json", o->json, "print one JSON document");
    show->callback([o, &run] { run = [o] { return run_show(*o); }; });

    CLI::App* alerts = add_command(log, o, "alerts", "Late findings: earlier inspections that other stations' sightings show to be duplicates");
    alerts->add_option("--since", o->since, "only alerts raised at or after TIME (2026-11-27 or 2026-11-27T10:00:00Z)");
    alerts->add_flag("--recheck", o->recheck, "derive them again from every identity this and another station recorded");
    alerts->add_flag("--json", o->json, "print one JSON document");
    alerts->callback([o, &run] { run = [o] { return run_alerts(*o); }; });

    CLI::App* record = add_command(log, o, "record", "Record a custody event (ship, return ...) of a module without inspecting it");
    record->add_option("--identity", o->identity, "module identity MAKER-LOC-DATE-SERIAL")->required();
    record->add_option("--event", o->event, "intake | bench | burn-in | ship | return | move")->required();
    record->add_option("--customer", o->customer, "who a ship releases the module to (context customer=)");
    record->add_option("--context", o->context, "KEY=VALUE (lot, bench, server, slot, order ...), one per flag; repeatable")
        ->allow_extra_args(false);
    record->add_option("--part-number", o->part_number, "part number on the label");
    record->add_option("--fingerprint", o->fingerprint, "SPD fingerprint, when known");
    record->add_option("--verdict", o->verdict, "verdict of the last inspection (default unknown)");
    record->add_flag("--json", o->json, "print one JSON document");
    record->callback([o, &run] { run = [o] { return run_record(*o); }; });

    CLI::App* dispose = add_command(log, o, "dispose", "Sign a disposition of a module: quarantine, release (needs a qa key), rma or scrap");
    dispose->add_option("--identity", o->identity, "module identity MAKER-LOC-DATE-SERIAL")->required();
    dispose->add_option("--action", o->action, "quarantine | release | rma | scrap")->required();
    dispose->add_option("--reason", o->reason, "why (free text, signed into the log)")->required();
    dispose->add_option("--operator", o->operator_name, "who decided (name, signed into the log)")->required();
    dispose->add_option("--qa-key", o->qa_key, "release: private key PEM trusted for role qa in the trust document");
    dispose->add_option("--supplier", o->supplier, "rma: who the module goes back to");
    dispose->add_option("--ticket", o->ticket, "RMA or case number");
    dispose->add_flag("--json", o->json, "print one JSON document");
    dispose->callback([o, &run] { run = [o] { return run_dispose(*o); }; });

    CLI::App* site = add_command(log, o, "site", "Show this station's id, site and public key; set the site name with NAME");
    site->add_option("NAME", o->site, "new site name (\"Shenzhen DC2 intake\")");
    site->add_flag("--json", o->json, "print one JSON document");
    site->callback([o, &run] { run = [o] { return run_site(*o); }; });
}

}  // namespace dimmguard::cli
