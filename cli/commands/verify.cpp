// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard verify`: inspect modules against the signed registry and decide genuine / suspect /
// counterfeit / unknown. The same verifier::Inspector runs under the desk application.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "dimmguard/bytes.hpp"
#include "firmware_io/acquire.hpp"
#include "verifier/inspection.hpp"
#include "verifier/policy.hpp"
#include "verifier/smbios.hpp"
#include "verifier/spd_json.hpp"
#include "verifier/spd_synth.hpp"

namespace dimmguard::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace fio = firmware_io;
namespace vf = verifier;

struct VerifyOptions {
    std::vector<std::string> files;
    int bus = -1;
    bool all = false;
    std::string bench;
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
    bool quiet = false;
};

class StderrProgress final : public vf::ProgressSink {
public:
    void step(std::string_view what) override {
        if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\r\033[K%.*s", static_cast<int>(what.size()), what.data());
    }
    ~StderrProgress() override {
        if (isatty(STDERR_FILENO)) std::fprintf(stderr, "\r\033[K");
    }
};

std::string colour(std::string_view text, vf::Verdict v, bool tty) {
    if (!tty) return std::string(text);
    const char* code = v == vf::Verdict::genuine ? "32" : v == vf::Verdict::suspect ? "33"
                     : v == vf::Verdict::counterfeit ? "1;31" : "90";
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

Result<std::map<std::string, std::string>> read_labels_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) return fail(Errc::not_found, path + ": cannot open label file");
    std::map<std::string, std::string> labels;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const auto comma = line.find(',');
        if (comma == std::string::npos) return fail(Errc::bad_format, path + ": line " + std::to_string(number) + ": expected LOCATION,LABEL");
        std::string key = line.substr(0, comma);
        if (number == 1 && (key == "location" || key == "slot")) continue;  // header
        labels[key] = line.substr(comma + 1);
    }
    return labels;
}

Json finding_json(const vf::Finding& f) {
    Json evidence = Json::object();
    for (const auto& [k, v] : f.evidence) evidence[k] = v;
    return {{"code", vf::finding_code_name(f.code)}, {"severity", vf::severity_name(f.severity)},
            {"category", vf::category_name(f.category)}, {"message", f.message}, {"evidence", evidence}};
}

Json module_json(const vf::ModuleReport& m) {
    Json j = {{"source", {{"location", m.location}, {"via", m.via}, {"slot", m.slot}}},
              {"verdict", vf::verdict_name(m.verdict)},
              {"corrupted", vf::integrity_only(m.check.findings)},
              {"reason", m.reason}};
    if (m.error) {
        j["error"] = {{"code", errc_name(m.error->code)}, {"message", m.error->message}};
        return j;
    }
    j["identity"] = m.check.identity ? Json(m.check.identity->key()) : Json(nullptr);
    j["part_number"] = m.spd->manufacturing.part_number;
    j["serial"] = m.spd->manufacturing.serial_hex;
    j["fingerprint"] = m.spd->fingerprint.available ? Json(m.spd->fingerprint.sha256_hex) : Json(nullptr);
    j["registry_part"] = m.check.part ? Json({{"signer", m.check.part->signer}, {"source", m.check.part->source}}) : Json(nullptr);
    Json findings = Json::array();
    for (const auto& f : m.check.findings) findings.push_back(finding_json(f));
    j["findings"] = findings;
    j["sighting"] = m.sighting ? Json(*m.sighting) : Json(nullptr);
    j["spd"] = vf::to_json(*m.spd);
    return j;
}

std::string xml_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

// JUnit XML: one test case per module, failed unless genuine (unknown fails only with --strict).
std::string junit_xml(const vf::InspectionReport& report, bool strict) {
    int failures = 0, errors = 0;
    std::ostringstream cases;
    for (const auto& m : report.modules) {
        const std::string name = m.slot.empty() ? m.location : m.slot + " (" + m.location + ")";
        cases << "    <testcase classname=\"dimmguard.verify\" name=\"" << xml_escape(name) << "\">\n";
        if (m.verdict == vf::Verdict::unreadable) {
            ++errors;
            cases << "      <error message=\"" << xml_escape(m.reason) << "\" type=\"unreadable\"/>\n";
        } else if (m.verdict == vf::Verdict::suspect || m.verdict == vf::Verdict::counterfeit ||
                   (strict && m.verdict == vf::Verdict::unknown)) {
            ++failures;
            std::string body;
            for (const auto& f : m.check.findings) {
                body += std::string(vf::finding_code_name(f.code)) + " [" + std::string(vf::severity_name(f.severity)) + "] " + f.message + "\n";
            }
            cases << "      <failure message=\"" << xml_escape(upper(vf::verdict_name(m.verdict)) + ": " + m.reason)
                  << "\" type=\"" << vf::verdict_name(m.verdict) << "\">" << xml_escape(body) << "</failure>\n";
        }
        if (m.spd) {
            cases << "      <system-out>" << xml_escape("verdict " + std::string(vf::verdict_name(m.verdict)) + "; part " +
                                                     m.spd->manufacturing.part_number + "; serial " + m.spd->manufacturing.serial_hex)
                  << "</system-out>\n";
        }
        cases << "    </testcase>\n";
    }
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites>\n  <testsuite name=\"dimmguard verify\" tests=\"" << report.modules.size() << "\" failures=\""
        << failures << "\" errors=\"" << errors << "\">\n"
        << cases.str() << "  </testsuite>\n</testsuites>\n";
    return out.str();
}

int run_verify(const VerifyOptions& o) {
    const int sources = (o.files.empty() ? 0 : 1) + (o.bus >= 0 ? 1 : 0) + (o.all ? 1 : 0) + (o.bench.empty() ? 0 : 1);
    if (sources != 1) {
        std::fprintf(stderr, "dimmguard verify: give dump files, or exactly one of --bus N, --all or --bench FILE\n");
        return vf::exit_usage_error;
    }
    const auto event = vf::event_kind_from_name(o.event);
    if (!event) {
        std::fprintf(stderr, "dimmguard verify: --event '%s' is not intake, bench, burn-in, ship or return\n", o.event.c_str());
        return vf::exit_usage_error;
    }
    vf::InspectOptions options;
    options.event = *event;
    options.record = !o.no_record;
    options.strict = o.strict;
    options.today_week = o.today;
    if (!o.lot.empty()) options.context["lot"] = o.lot;
    for (const auto& kv : o.context) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::fprintf(stderr, "dimmguard verify: --context '%s' is not KEY=VALUE\n", kv.c_str());
            return vf::exit_usage_error;
        }
        options.context[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    if (!o.label.empty()) options.labels["*"] = o.label;
    if (!o.labels_csv.empty()) {
        auto labels = read_labels_csv(o.labels_csv);
        if (!labels) {
            std::fprintf(stderr, "dimmguard verify: %s\n", labels.error().message.c_str());
            return vf::exit_usage_error;
        }
        options.labels.insert(labels->begin(), labels->end());
    }
    if (!o.smbios.empty()) {
        std::ifstream in(o.smbios);
        if (!in) {
            std::fprintf(stderr, "dimmguard verify: %s: cannot open dmidecode output\n", o.smbios.c_str());
            return vf::exit_usage_error;
        }
        std::stringstream text;
        text << in.rdbuf();
        options.smbios = vf::parse_dmidecode_type17(text.str());
    }
    if (o.all && *event == vf::EventKind::burn_in) {
        // Burn-in: record which server the modules are in (DMI product serial, root-readable).
        std::ifstream serial(std::filesystem::path(o.sysfs_root) / "sys/class/dmi/id/product_serial");
        std::string server;
        if (serial && std::getline(serial, server) && !server.empty() && !options.context.count("server")) {
            options.context["server"] = server;
        }
    }
    vf::Policy policy = vf::Policy::builtin();
    if (!o.policy.empty()) {
        auto loaded = vf::Policy::load(o.policy);
        if (!loaded) {
            std::fprintf(stderr, "dimmguard verify: %s\n", loaded.error().message.c_str());
            return vf::exit_usage_error;
        }
        policy = *loaded;
    }

    // The registry: a missing or unusable one is reported (exit bit 16), never silently skipped.
    const std::filesystem::path data_dir = o.data_dir.empty() ? db::default_data_dir() : std::filesystem::path(o.data_dir);
    db::InspectionRegistry opened = db::open_for_inspection(data_dir);
    const std::string& station = opened.station;
    const std::vector<std::string>& registry_problems = opened.problems;
    db::SqliteRegistry* registry = opened.registry.get();

    fio::AcquireSource source;
    if (!o.files.empty()) {
        source.kind = fio::AcquireSource::Kind::files;
        for (const auto& f : o.files) source.files.emplace_back(f);
    } else if (!o.bench.empty()) {
        source.kind = fio::AcquireSource::Kind::bench;
        source.bench = o.bench;
    } else if (o.bus >= 0) {
        source.kind = fio::AcquireSource::Kind::bus;
        source.bus = o.bus;
    } else {
        source.kind = fio::AcquireSource::Kind::all;
    }
    source.sysfs_root = o.sysfs_root;
    source.dev_root = o.dev_root;
    StderrProgress progress;
    auto acquired = fio::acquire(source, vf::synthesize_from_json, nullptr,
                                 [&progress](const std::string& what) { progress.step("reading " + what); });
    if (!acquired) {
        std::fprintf(stderr, "dimmguard verify: %s\n", acquired.error().message.c_str());
        return vf::exit_unreadable_bit;
    }
    // SMBIOS records name DIMM locators but not SPD addresses. With a bench, slots carry the
    // locator as their label; on a real machine the populated devices are paired with the
    // modules in address order when both counts agree (otherwise no SMBIOS comparison is made).
    if (!options.smbios.empty()) {
        std::vector<fio::AcquiredModule*> unlabeled;
        for (auto& m : *acquired) {
            if (m.read && m.label.empty()) unlabeled.push_back(&m);
        }
        if (unlabeled.size() == options.smbios.size()) {
            for (std::size_t i = 0; i < unlabeled.size(); ++i) unlabeled[i]->label = options.smbios[i].locator;
        }
    }
    vf::Inspector inspector(policy, registry, station, options, &progress);
    vf::InspectionReport report = inspector.inspect(std::move(*acquired));
    report.registry_problems.insert(report.registry_problems.begin(), registry_problems.begin(), registry_problems.end());
    if (!registry) report.registry_problems.erase(std::remove(report.registry_problems.begin(), report.registry_problems.end(),
                                                              std::string("no registry: verdicts are at best unknown")),
                                                  report.registry_problems.end());
    report.exit_status = vf::exit_status_of(report, o.strict);
    for (const auto& p : report.registry_problems) std::fprintf(stderr, "dimmguard verify: %s\n", p.c_str());

    if (!o.junit.empty()) {
        const std::string xml = junit_xml(report, o.strict);
        std::ofstream out(o.junit, std::ios::binary | std::ios::trunc);
        out << xml;
        if (!out) {
            std::fprintf(stderr, "dimmguard verify: %s: cannot write the JUnit report\n", o.junit.c_str());
            report.exit_status |= vf::exit_unreadable_bit;
        }
    }
    if (o.json) {
        Json modules = Json::array();
        for (const auto& m : report.modules) modules.push_back(module_json(m));
        const Json doc = {{"schema_version", vf::json_schema_version},
                          {"tool", {{"name", "dimmguard"}, {"version", DIMMGUARD_VERSION}}},
                          {"command", "verify"},
                          {"exit_status", report.exit_status},
                          {"event", vf::event_kind_name(*event)},
                          {"context", options.context},
                          {"station", station.empty() ? Json(nullptr) : Json(station)},
                          {"registry", {{"data_dir", data_dir.string()}, {"problems", report.registry_problems}}},
                          {"modules", modules}};
        const std::string text = doc.dump(2) + '\n';
        std::fwrite(text.data(), 1, text.size(), stdout);
        return report.exit_status;
    }
    const bool tty = isatty(STDOUT_FILENO) != 0;
    std::ostringstream out;
    std::size_t width = 8;
    for (const auto& m : report.modules) width = std::max(width, (m.slot.empty() ? m.location : m.slot).size());
    int counts[5] = {0, 0, 0, 0, 0};
    for (const auto& m : report.modules) {
        ++counts[static_cast<int>(m.verdict)];
        std::string where = m.slot.empty() ? m.location : m.slot;
        where.resize(width, ' ');
        std::string verdict = upper(m.verdict == vf::Verdict::suspect && vf::integrity_only(m.check.findings)
                                        ? "suspect" : vf::verdict_name(m.verdict));
        verdict.resize(11, ' ');
        out << where << "  " << colour(verdict, m.verdict, tty) << "  ";
        if (m.spd) {
            std::string pn = m.spd->manufacturing.part_number.empty() ? "(no part number)" : m.spd->manufacturing.part_number;
            pn.resize(std::max<std::size_t>(pn.size(), 20), ' ');
            out << pn << "  " << m.spd->manufacturing.serial_hex << "  ";
        }
        out << m.reason << '\n';
    }
    bool any_detail = false;
    for (const auto& m : report.modules) {
        std::vector<const vf::Finding*> shown;
        for (const auto& f : m.check.findings) {
            if (f.severity != vf::Severity::info) shown.push_back(&f);
        }
        if (shown.empty()) continue;
        if (!any_detail) out << "\nFindings\n";
        any_detail = true;
        out << "  " << (m.slot.empty() ? m.location : m.slot + " (" + m.location + ")") << '\n';
        for (const auto* f : shown) {
            out << "    " << vf::finding_code_name(f->code) << " [" << vf::severity_name(f->severity) << "] " << f->message << '\n';
            for (const auto& [k, v] : f->evidence) out << "        " << k << ": " << v << '\n';
        }
    }
    out << '\n' << report.modules.size() << " module" << (report.modules.size() == 1 ? "" : "s") << ": " << counts[0]
        << " genuine, " << counts[1] << " suspect, " << counts[2] << " counterfeit, " << counts[3] << " unknown, " << counts[4]
        << " unreadable";
    if (!station.empty() && options.record) out << "; sightings recorded by station " << station.substr(0, 8);
    out << '\n';
    const std::string text = out.str();
    std::fwrite(text.data(), 1, text.size(), stdout);
    return report.exit_status;
}

}  // namespace

void register_verify(CLI::App& app, Runner& run) {
    auto o = std::make_shared<VerifyOptions>();
    CLI::App* cmd = app.add_subcommand("verify", "Check modules against the signed registry: genuine, suspect, counterfeit or unknown");
    cmd->add_option("files", o->files, "SPD dump files to verify");
    cmd->add_option("--bus", o->bus, "read and verify every module on /dev/i2c-N")->check(CLI::NonNegativeNumber);
    cmd->add_flag("--all", o->all, "every local module (sysfs where a kernel driver owns it, SMBus otherwise): burn-in");
    cmd->add_option("--bench", o->bench, "an emulated bench file (docs/bench-format.md)");
    cmd->add_option("--label", o->label, "scanned label text (barcode or typed) for the module");
    cmd->add_option("--labels", o->labels_csv, "CSV of LOCATION,LABEL (location = \"i2c-0 0x50\", a file path or a bench slot label)");
    cmd->add_option("--lot", o->lot, "lot / purchase order the modules belong to");
    cmd->add_option("--context", o->context, "extra context KEY=VALUE (server=SN123, slot=A1, customer=ACME ...)");
    cmd->add_option("--event", o->event, "intake (default), bench, burn-in, ship or return");
    cmd->add_option("--data-dir", o->data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR, else ~/.local/share/dimmguard)");
    cmd->add_flag("--json", o->json, "print one JSON document (docs/json-output.md)");
    cmd->add_option("--junit", o->junit, "also write a JUnit XML report to FILE (one test case per module)");
    cmd->add_flag("--no-record", o->no_record, "do not record sightings");
    cmd->add_flag("--strict", o->strict, "count 'unknown' verdicts as suspect in the exit status");
    cmd->add_option("--policy", o->policy, "per-brand policy file (default: the built-in data/policy.json)");
    cmd->add_option("--smbios", o->smbios, "dmidecode -t 17 output to compare with the SPDs (burn-in); populated devices\n"
                                          "are matched to bench slots by locator, else to modules in address order");
    cmd->add_option("--today", o->today, "ISO week used as today, e.g. 2026-W48 (testing)")->group("");
    cmd->add_option("--sysfs-root", o->sysfs_root, "root of the sysfs tree (testing)")->group("");
    cmd->add_option("--dev-root", o->dev_root, "directory holding the i2c-N nodes (testing)")->group("");
    cmd->footer("Exit status (OR-ed): 0 all genuine; 1 usage error; 2 a module or file could not be read;\n"
                "4 at least one suspect; 8 at least one counterfeit; 16 registry or trust problem.\n"
                "Findings and their codes: docs/findings.md.");
    cmd->callback([o, &run] { run = [o] { return run_verify(*o); }; });
}

}  // namespace dimmguard::cli
