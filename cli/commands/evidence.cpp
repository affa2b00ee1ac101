// SPDX-License-Identifier: GPL-3.0-or-later
// dimmguard evidence export | verify: one self-contained file per inspection, checked offline
// with the root key only (docs/registry-format.md, "Evidence bundles").
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "command_list.hpp"
#include "commands.hpp"
#include "db/database.hpp"
#include "db/evidence.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "dimmguard/input_file.hpp"
#include "dimmguard/text.hpp"
#include "engine/session.hpp"
#include "verifier/rules.hpp"
#include "output.hpp"

namespace dimmguard::cli {
namespace {

int report_error(const Error& e) {
    std::cerr << "dimmguard: " << e.message << '\n';
    return engine::exit_status_of(e);
}

struct ExportOptions {
    std::string data_dir;
    std::string now;
    std::string inspection;
    std::string spd;
    std::string out;
};

/// The ISO week ("2026-W48") of an RFC 3339 UTC time; "" when it does not parse (the clock).
std::string iso_week_of(const std::string& time) {
    std::tm tm{};
    std::istringstream in(time);
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    if (in.fail()) return {};
    return verifier::iso_week_of(timegm(&tm));
}

/// The SPD image read from `path` and the module's findings computed again from it, by the
/// inspection session `verify` runs on a dump file (nothing recorded), with the event, context
/// and week of the inspection `subject`.
struct Recomputed {
    std::vector<std::uint8_t> image;
    std::vector<db::EvidenceFinding> findings;
};
Result<Recomputed> inspect_again(const std::filesystem::path& data_dir, const std::string& path, const verifier::Sighting& subject,
                                 const std::string& now) {
    engine::SessionOptions s;
    s.data_dir = data_dir;
    s.source.kind = firmware_io::AcquireSource::Kind::files;
    s.source.files = {path};
    s.event = subject.event;
    s.context = subject.context;
    s.record = false;
    s.today_week = iso_week_of(subject.time);
    s.now = now;
    auto session = engine::InspectionSession::prepare(std::move(s));
    if (!session) return tl::unexpected(session.error());
    auto report = session->run();
    if (!report) return tl::unexpected(report.error());
    if (report->modules.size() != 1 || !report->modules.front().read) {
        const auto& m = report->modules;
        return fail(Errc::io, path + ": " + (m.empty() || !m.front().error ? std::string("no SPD image read") : m.front().error->message));
    }
    const verifier::ModuleReport& m = report->modules.front();
    return Recomputed{m.read->image, db::evidence_findings(m.check.findings)};
}

int run_export(const ExportOptions& o) {
    const std::filesystem::path dir = o.data_dir.empty() ? db::default_data_dir() : std::filesystem::path(o.data_dir);
    auto database = db::Database::open_read_only(dir);
    if (!database) return report_error(database.error());
    std::optional<std::vector<std::uint8_t>> image;
    std::vector<db::EvidenceFinding> findings;
    if (!o.spd.empty()) {
        // The words for the signed codes come from inspecting the image again, exactly as
        // `verify FILE` would; only the codes the inspection signed are written.
        auto subject = db::evidence_subject(*database, o.inspection);
        if (!subject) return report_error(subject.error());
        auto again = inspect_again(dir, o.spd, *subject, o.now);
        if (!again) return report_error(again.error());
        image = std::move(again->image);
        findings = db::explain_signed_findings(*subject, again->findings);
    }
    auto text = db::export_evidence(*database, o.inspection, image, o.now, findings);
    if (!text) return report_error(text.error());
    if (auto w = write_file_atomically(o.out, *text); !w) return report_error(w.error());
    std::cout << o.out << ": evidence of sighting " << o.inspection << " written; check it anywhere with 'dimmguard evidence verify "
              << o.out << " --root-key ROOT.pub'\n";
    std::string explained, bare;
    for (const auto& f : findings) {
        std::string& list = f.message.empty() ? bare : explained;
        list += (list.empty() ? "" : ", ") + f.code;
    }
    if (!explained.empty()) std::cout << "findings explained from the SPD image: " << explained << '\n';
    if (!bare.empty()) std::cout << "findings without words (not found again from the image alone, e.g. a label or a registry answer of that time): " << bare << '\n';
    return exit_ok;
}

struct VerifyOptions {
    std::string file;
    std::vector<std::string> root_keys;
    int threshold = 1;
};

int run_verify(const VerifyOptions& o) {
    std::vector<db::PublicKey> roots;
    for (const auto& path : o.root_keys) {
        auto key = public_key_argument(path);
        if (!key) return report_error(key.error());
        roots.push_back(*key);
    }
    auto text = read_input_file(o.file, 64ULL << 20);
    if (!text) return report_error(Error{text.error().code, o.file + ": " + text.error().message});
    auto report = db::verify_evidence(*text, roots, o.threshold);
    if (!report) return report_error(Error{report.error().code, o.file + ": " + report.error().message});
    const auto& s = report->subject;
    if (!s.id.empty()) {
        std::cout << "inspection " << s.id << ": " << s.verdict << "  " << s.part_number << "  " << s.identity.key() << "  at " << s.time
                  << "  station " << s.station << " (" << report->station_site << ")\n";
    }
    std::cout << "log checkpoint: " << report->checkpoint_size << " entries, signed by the station\n";
    std::cout << "sightings of the module: " << report->sightings.size() << '\n';
    for (const auto& x : report->sightings) std::cout << "  " << x.time << "  " << x.id << "  " << verifier::event_kind_name(x.event) << "  " << x.verdict << "  " << x.site << '\n';
    std::cout << "registry records: " << report->records.size() << '\n';
    for (const auto& r : report->records) std::cout << "  " << r << '\n';
    std::string codes;
    for (const auto& c : report->signed_codes) codes += (codes.empty() ? "" : ", ") + c;
    if (!s.id.empty()) std::cout << "findings signed by the inspection: " << (codes.empty() ? std::string("none") : codes) << '\n';
    if (!report->findings.empty()) {
        std::cout << "findings in the exporter's words (the words and severities are not signed; the codes are checked against the signed ones):\n";
    } else if (!report->signed_codes.empty()) {
        std::cout << "no finding lines in this file (written before they existed): the signed codes above are the findings\n";
    }
    for (const auto& f : report->findings) {
        // The words are whatever the file says: one line each, never terminal control.
        std::cout << "  " << f.severity << "  " << f.code << (f.message.empty() ? std::string() : ": " + terminal_safe(f.message, true)) << '\n';
    }
    if (report->spd_included) std::cout << "SPD image: included, fingerprint checked\n";
    for (const auto& p : report->problems) std::cout << "PROBLEM: " << p << '\n';
    std::cout << (report->ok() ? "evidence verifies from the root key(s)\n" : "evidence does NOT verify\n");
    return report->ok() ? exit_ok : exit_registry;
}

}  // namespace

void register_evidence(CLI::App& app, Runner& run) {
    CLI::App* cmd = app.add_subcommand("evidence", command_description("evidence"));
    cmd->require_subcommand(1);
    set_footer(cmd, "evidence");
    {
        auto o = std::make_shared<ExportOptions>();
        CLI::App* sub = cmd->add_subcommand("export", "Write the evidence of one inspection (its sighting id, from 'dimmguard log show')");
        sub->add_option("--inspection", o->inspection, "sighting id <station>:<n> of the inspection")->required();
        sub->add_option("--spd", o->spd, "the module's SPD image (a dump file as 'verify' reads it), included after its fingerprint is\n"
                                         "checked; the module is inspected again from it (nothing recorded) to explain the signed\n"
                                         "finding codes in words. Without it the codes are written without words");
        sub->add_option("-o,--out", o->out, "evidence file to write")->required();
        sub->add_option("--data-dir", o->data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR or ~/.local/share/dimmguard)");
        sub->add_option("--now", o->now, "time for expiry checks, YYYY-MM-DDTHH:MM:SSZ (testing)")->group("");
        sub->callback([o, &run] { run = [o] { return run_export(*o); }; });
    }
    {
        auto o = std::make_shared<VerifyOptions>();
        CLI::App* sub = cmd->add_subcommand("verify", "Check an evidence file with the root key(s) only: no registry, no network");
        sub->add_option("file", o->file, "evidence file")->required();
        sub->add_option("--root-key", o->root_keys, "root public key (PEM file or 64 hex digits)")->required();
        sub->add_option("--threshold", o->threshold, "root signatures the first trust document needs (default 1)");
        sub->callback([o, &run] { run = [o] { return run_verify(*o); }; });
    }
}

}  // namespace dimmguard::cli
