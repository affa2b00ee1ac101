// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard verify`: inspect modules against the signed registry and decide genuine / suspect /
// counterfeit / unknown. Flags become an engine::InspectionSession (the desk application runs
// the same session); output is rendered from its report.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command_list.hpp"
#include "commands.hpp"
#include "../terminal.hpp"
#include "engine/exit_status.hpp"
#include "engine/render.hpp"
#include "engine/session.hpp"
#include "output.hpp"

namespace dimmguard::cli {
namespace {

namespace fio = firmware_io;
namespace vf = verifier;

struct VerifyOptions {
    std::vector<std::string> files;
    int bus = -1;
    bool all = false;
    std::string bench;
    std::string replay;
    std::string slot;
    std::string label;
    std::string labels_csv;
    std::string lot;
    std::vector<std::string> context;
    std::string event = "intake";
    std::string data_dir;
    bool json = false;
    std::string junit;
    bool no_record = false;
    bool strict = false;
    std::string policy;
    std::string smbios;
    std::string sysfs_root = "/";
    std::string dev_root = "/dev";
    std::string today;
    std::string now;
    std::string server;
    bool offline = false;
};

int usage(const std::string& message) {
    std::fprintf(stderr, "dimmguard verify: %s\n", message.c_str());
    return engine::exit_usage;
}

int run_verify(const VerifyOptions& o) {
    const int sources = (o.files.empty() ? 0 : 1) + (o.bus >= 0 ? 1 : 0) + (o.all ? 1 : 0) + (o.bench.empty() ? 0 : 1) +
                        (o.replay.empty() ? 0 : 1);
    if (sources != 1) return usage("give dump files, or exactly one of --bus N, --all, --bench FILE or --replay TRACE");
    const auto event = vf::event_kind_from_name(o.event);
    if (!event || vf::is_disposition(*event)) {
        return usage("--event '" + o.event + "' is not intake, bench, burn-in (install), ship, return or move" +
                     (event ? " (dispositions: dimmguard log dispose)" : ""));
    }

    if (o.offline && !o.server.empty()) return usage("--offline and --server contradict each other: give one");

    engine::SessionOptions s;
    s.data_dir = o.data_dir;
    s.fleet_server = o.server;
    s.offline = o.offline;
    s.source = source_from_flags(o.files, o.bus, o.all, o.bench, o.replay, o.sysfs_root, o.dev_root);
    s.slot = o.slot;
    s.label = o.label;
    s.labels_file = o.labels_csv;
    s.event = *event;
    if (!o.lot.empty()) s.context["lot"] = o.lot;
    for (const auto& kv : o.context) {
        auto pair = engine::parse_context_pair(kv);
        if (!pair) return usage(pair.error().message);
        s.context[pair->first] = pair->second;
    }
    s.policy_file = o.policy;
    s.smbios_file = o.smbios;
    s.record = !o.no_record;
    s.strict = o.strict;
    s.today_week = o.today;
    s.now = o.now;
    auto session = engine::InspectionSession::prepare(std::move(s));
    if (!session) {
        std::fprintf(stderr, "dimmguard verify: %s\n", session.error().message.c_str());
        return engine::exit_status_of(session.error());
    }

    StderrProgress progress;
    auto report = session->run({}, progress.callback());
    progress.clear();
    if (!report) {
        std::fprintf(stderr, "dimmguard verify: %s\n", report.error().message.c_str());
        return report.error().code == Errc::usage ? engine::exit_usage : engine::exit_unreadable;
    }
    for (const auto& p : report->registry_problems) std::fprintf(stderr, "dimmguard verify: %s\n", p.c_str());
    int status = report->exit_status;
    if (!o.junit.empty()) {
        if (auto w = write_file_atomically(o.junit, engine::render_junit(*report)); !w) {
            std::fprintf(stderr, "dimmguard verify: %s: cannot write the JUnit report (%s)\n", o.junit.c_str(), w.error().message.c_str());
            status |= engine::exit_unreadable;
        }
    }
    const std::string text = o.json ? engine::render_json(*report) : engine::render_text(*report, {.colour = colour_stdout()});
    // render_text / render_json escape every data field themselves; the colour codes are ours.
    std::fwrite(text.data(), 1, text.size(), raw_stdout());
    std::fflush(raw_stdout());
    return status;
}

}  // namespace

void register_verify(CLI::App& app, Runner& run) {
    auto o = std::make_shared<VerifyOptions>();
    CLI::App* cmd = app.add_subcommand("verify", command_description("verify"));
    cmd->add_option("files", o->files, "SPD dump files to verify");
    cmd->add_option("--bus", o->bus, "read and verify every module on /dev/i2c-N")->check(CLI::NonNegativeNumber);
    cmd->add_flag("--all", o->all, "every local module (sysfs where a kernel driver owns it, SMBus otherwise): burn-in");
    cmd->add_option("--bench", o->bench, "an emulated bench file (dimmguard-bench(5))");
    cmd->add_option("--replay", o->replay, "a bus trace recorded with 'scan --trace FILE', replayed as the bus");
    cmd->add_option("--slot", o->slot, "only this module: a bench slot label (A4), an address (0x52) or a location (\"i2c-0 0x52\"); a slot where this station last saw its identity is read again to catch a clone still there");
    cmd->add_option("--label", o->label, "scanned label text (barcode or typed) for the module");
    cmd->add_option("--labels", o->labels_csv, "CSV of LOCATION,LABEL (location = \"i2c-0 0x50\", a file path or a bench slot label)");
    cmd->add_option("--lot", o->lot, "lot / purchase order the modules belong to");
    cmd->add_option("--context", o->context, "extra context KEY=VALUE, one per flag (server=SN123, slot=A1, customer=ACME ...)")
        ->allow_extra_args(false);
    cmd->add_option("--event", o->event, "intake (default), bench, burn-in (install), ship, return or move (re-lot inside the site)");
    cmd->add_option("--data-dir", o->data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR, else ~/.local/share/dimmguard)");
    cmd->add_flag("--json", o->json, "print one JSON document");
    cmd->add_option("--junit", o->junit, "also write a JUnit XML report to FILE (one test case per module)");
    cmd->add_flag("--no-record", o->no_record, "do not record sightings");
    cmd->add_flag("--strict", o->strict, "count 'unknown' verdicts as suspect in the exit status");
    cmd->add_option("--policy", o->policy, "per-brand policy file (default: the built-in policy)");
    cmd->add_option("--smbios", o->smbios, "dmidecode -t 17 output to compare with the SPDs (burn-in); populated devices\n"
                                          "are matched to bench slots by locator, else to modules in address order");
    cmd->add_option("--server", o->server, "ask this fleet server (libpq connection string) for other stations' sightings of each module\n"
                                          "while judging it (default: the lookup server 'dimmguard sync' remembered, else the server it\n"
                                          "last reached); no answer in 200 ms: "
                                          "judged locally, REGISTRY_OFFLINE");
    cmd->add_flag("--offline", o->offline, "do not ask a fleet server: judge on the local registry only");
    cmd->add_option("--today", o->today, "ISO week used as today, e.g. 2026-W48 (testing)")->group("");
    cmd->add_option("--now", o->now, "RFC 3339 time used for registry expiry checks (testing)")->group("");
    cmd->add_option("--sysfs-root", o->sysfs_root, "root of the sysfs tree (testing)")->group("");
    cmd->add_option("--dev-root", o->dev_root, "directory holding the i2c-N nodes (testing)")->group("");
    set_footer(cmd, "verify", "0 means every module is genuine (with --strict, unknown counts as suspect).");
    cmd->callback([o, &run] { run = [o] { return run_verify(*o); }; });
}

}  // namespace dimmguard::cli
