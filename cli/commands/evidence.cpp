// SPDX-License-Identifier: GPL-3.0-or-later
// dimmguard evidence export | verify: one self-contained file per inspection, checked offline
// with the root key only (docs/registry-format.md, "Evidence bundles").
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "db/database.hpp"
#include "db/evidence.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "dimmguard/input_file.hpp"
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

int run_export(const ExportOptions& o) {
    const std::filesystem::path dir = o.data_dir.empty() ? db::default_data_dir() : std::filesystem::path(o.data_dir);
    std::optional<std::vector<std::uint8_t>> image;
    if (!o.spd.empty()) {
        auto bytes = read_input_file(o.spd, 1 << 20);
        if (!bytes) return report_error(Error{bytes.error().code, o.spd + ": " + bytes.error().message});
        image = std::vector<std::uint8_t>(bytes->begin(), bytes->end());
    }
    auto database = db::Database::open_read_only(dir);
    if (!database) return report_error(database.error());
    auto text = db::export_evidence(*database, o.inspection, image, o.now);
    if (!text) return report_error(text.error());
    if (auto w = write_file_atomically(o.out, *text); !w) return report_error(w.error());
    std::cout << o.out << ": evidence of sighting " << o.inspection << " written; check it anywhere with 'dimmguard evidence verify "
              << o.out << " --root-key ROOT.pub'\n";
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
    if (!report->findings.empty()) std::cout << "findings as the exporter explains them (not signed):\n";
    for (const auto& f : report->findings) {
        std::cout << "  " << f.severity << "  " << f.code << (f.message.empty() ? std::string() : ": " + f.message) << '\n';
    }
    if (report->spd_included) std::cout << "SPD image: included, fingerprint checked\n";
    for (const auto& p : report->problems) std::cout << "PROBLEM: " << p << '\n';
    std::cout << (report->ok() ? "evidence verifies from the root key(s)\n" : "evidence does NOT verify\n");
    return report->ok() ? exit_ok : exit_registry;
}

}  // namespace

void register_evidence(CLI::App& app, Runner& run) {
    CLI::App* cmd = app.add_subcommand("evidence", "Evidence bundles: one inspection with everything it relied on, checked offline");
    cmd->require_subcommand(1);
    cmd->footer("Exit status: 0 ok, 1 usage error, 2 a file could not be read, 16 the evidence or the registry did not verify.");
    {
        auto o = std::make_shared<ExportOptions>();
        CLI::App* sub = cmd->add_subcommand("export", "Write the evidence of one inspection (its sighting id, from 'dimmguard log show')");
        sub->add_option("--inspection", o->inspection, "sighting id <station>:<n> of the inspection")->required();
        sub->add_option("--spd", o->spd, "the module's SPD image (raw), included after its fingerprint is checked");
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
