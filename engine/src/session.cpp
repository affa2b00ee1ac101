// SPDX-License-Identifier: GPL-3.0-or-later
// The inspection session shared by `dimmguard verify`, `dimmguard scan` and the desk application.
#include "engine/session.hpp"

#include "dimmguard/text.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include <nlohmann/json.hpp>

#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "dimmguard/bytes.hpp"
#include "engine/csv.hpp"
#include "fleet/online.hpp"
#include "verifier/smbios.hpp"
#include "verifier/spd_synth.hpp"

namespace dimmguard::engine {
namespace {

namespace fio = firmware_io;
namespace vf = verifier;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Does a module match the slot filter: its slot label, its location, or its address ("0x52")?
bool matches_slot(const std::string& slot, const std::string& location, const std::string& label, fio::Address address) {
    if (slot.empty()) return true;
    const std::string wanted = lower(slot);
    if (!label.empty() && lower(label) == wanted) return true;
    if (lower(location) == wanted) return true;
    return wanted.size() == 4 && wanted.starts_with("0x") && hex_byte(address) == wanted;
}

Error with_option(const Error& e, const std::string& option) { return Error{e.code == Errc::not_found ? Errc::usage : e.code, option + ": " + e.message}; }

Result<std::map<std::string, std::string>> load_labels(const std::filesystem::path& path) {
    auto text = read_text_file(path, 16ULL << 20);
    if (!text) return tl::unexpected(with_option(text.error(), "--labels"));
    auto records = parse_csv(*text, path.string(), CsvReadOptions{.trim = true, .comments = true});
    if (!records) return tl::unexpected(Error{Errc::usage, "--labels: " + records.error().message});
    std::map<std::string, std::string> labels;
    for (std::size_t i = 0; i < records->size(); ++i) {
        const auto& r = (*records)[i];
        if (i == 0 && !r.fields.empty() && (lower(r.fields[0]) == "location" || lower(r.fields[0]) == "slot")) continue;  // header
        if (r.fields.size() < 2 || r.fields[0].empty()) {
            return fail(Errc::usage, "--labels: " + path.string() + " line " + std::to_string(r.line) + ": expected LOCATION,LABEL");
        }
        // An unquoted label may hold commas: everything after the first field is the label.
        std::string label = r.fields[1];
        for (std::size_t k = 2; k < r.fields.size(); ++k) label += "," + r.fields[k];
        labels[r.fields[0]] = label;
    }
    return labels;
}

Result<vf::Policy> load_policy(const std::filesystem::path& path) {
    auto text = read_text_file(path, 4ULL << 20);
    if (!text) return tl::unexpected(with_option(text.error(), "--policy"));
    const auto doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded()) return fail(Errc::usage, "--policy: " + path.string() + ": not valid JSON");
    auto policy = vf::Policy::from_json(doc);
    if (!policy) return fail(Errc::usage, "--policy: " + path.string() + ": " + policy.error().message);
    return *policy;
}

Result<std::vector<vf::SmbiosDevice>> load_smbios(const std::filesystem::path& path) {
    auto text = read_text_file(path, 4ULL << 20);
    if (!text) return tl::unexpected(with_option(text.error(), "--smbios"));
    auto devices = vf::parse_dmidecode_type17(*text);
    if (devices.empty() && text->find("Memory Device") == std::string::npos) {
        return fail(Errc::usage, "--smbios: " + path.string() + ": not `dmidecode -t 17` output (no Memory Device record)");
    }
    return devices;
}

/// The Inspector's "checking <location>" steps as progress events, with the slot labels.
class SinkAdapter final : public vf::ProgressSink {
public:
    SinkAdapter(const ProgressCallback& callback, const std::vector<fio::AcquiredModule>& modules)
        : callback_(callback), total_(static_cast<int>(modules.size())) {
        for (const auto& m : modules) labels_[m.location] = m.label;
    }
    void step(std::string_view what) override {
        if (!callback_) return;
        std::string text(what);
        if (text.starts_with("checking ")) text.erase(0, 9);
        const auto label = labels_.find(text);
        callback_(ProgressEvent{ProgressEvent::Phase::checking, text, label == labels_.end() ? std::string() : label->second, done_, total_});
        done_ = std::min(done_ + 1, total_);
    }

private:
    const ProgressCallback& callback_;
    int total_ = 0;
    int done_ = 0;
    std::map<std::string, std::string> labels_;
};

}  // namespace

Result<std::pair<std::string, std::string>> parse_context_pair(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) return fail(Errc::usage, "--context '" + text + "' is not KEY=VALUE");
    return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

std::string describe_source(const fio::AcquireSource& source) {
    switch (source.kind) {
    case fio::AcquireSource::Kind::bus: return "i2c-" + std::to_string(source.bus);
    case fio::AcquireSource::Kind::all: return "all local adapters";
    case fio::AcquireSource::Kind::bench: return "bench " + source.bench.string();
    case fio::AcquireSource::Kind::replay: return "replay " + source.trace.string();
    case fio::AcquireSource::Kind::files:
        return source.files.size() == 1 ? source.files.front().string() : std::to_string(source.files.size()) + " files";
    }
    return {};
}

Result<InspectionSession> InspectionSession::prepare(SessionOptions options) {
    InspectionSession session;
    if (!options.labels_file.empty()) {
        auto labels = load_labels(options.labels_file);
        if (!labels) return tl::unexpected(labels.error());
        for (auto& [k, v] : *labels) options.labels[k] = std::move(v);
    }
    if (!options.policy_file.empty()) {
        auto policy = load_policy(options.policy_file);
        if (!policy) return tl::unexpected(policy.error());
        session.policy_ = std::move(*policy);
    } else {
        session.policy_ = vf::Policy::builtin();
    }
    if (!options.smbios_file.empty()) {
        auto devices = load_smbios(options.smbios_file);
        if (!devices) return tl::unexpected(devices.error());
        session.smbios_ = std::move(*devices);
    }
    // Text that is signed into sightings must be UTF-8: it is shown to other stations and on
    // screens, and bytes that are not text are a sign of a hostile or broken input.
    for (const auto& [key, value] : options.context) {
        if (key.empty()) return fail(Errc::usage, "--context: an empty key (KEY=VALUE)");
        if (key.size() > max_field_bytes || value.size() > max_field_bytes) {
            return fail(Errc::usage, "--context " + terminal_safe(key.substr(0, 32), true) + ": longer than " + std::to_string(max_field_bytes) + " bytes");
        }
        if (!valid_utf8(key) || !valid_utf8(value)) {
            return fail(Errc::usage, "--context " + terminal_safe(key, true) + ": not valid UTF-8 text (" + terminal_safe(value, true) + ")");
        }
    }
    if (options.label.size() > max_field_bytes) return fail(Errc::usage, "--label: longer than " + std::to_string(max_field_bytes) + " bytes");
    for (const auto& [where, label] : options.labels) {
        if (label.size() > max_field_bytes) return fail(Errc::usage, "label for " + terminal_safe(where.substr(0, 64), true) + ": longer than " + std::to_string(max_field_bytes) + " bytes");
    }
    if (!valid_utf8(options.label)) return fail(Errc::usage, "--label: not valid UTF-8 text (" + terminal_safe(options.label, true) + ")");
    for (const auto& [where, label] : options.labels) {
        if (!valid_utf8(label) || !valid_utf8(where)) {
            return fail(Errc::usage, "label for " + terminal_safe(where, true) + ": not valid UTF-8 text (" + terminal_safe(label, true) + ")");
        }
    }
    if (options.data_dir.empty()) options.data_dir = db::default_data_dir();
    session.options_ = std::move(options);
    return session;
}

fio::AcquireOptions InspectionSession::acquire_options(const CancelToken& cancel, const ProgressCallback& progress,
                                                       std::vector<std::string>* trace) const {
    fio::AcquireOptions o;
    o.synth = vf::synthesize_from_json;
    o.trace = trace;
    o.cancelled = [cancel] { return cancel.cancelled(); };
    if (progress) {
        auto done = std::make_shared<int>(0);
        o.progress = [progress, done](const std::string& what, const std::string& label) {
            progress(ProgressEvent{ProgressEvent::Phase::reading, what, label, (*done)++, 0});
        };
    }
    if (!options_.slot.empty()) {
        o.wanted = [slot = options_.slot](const std::string& location, const std::string& label, fio::Address address) {
            return matches_slot(slot, location, label, address);
        };
    }
    return o;
}

Result<Acquisition> InspectionSession::acquire(const CancelToken& cancel, const ProgressCallback& progress, bool keep_trace) const {
    Acquisition out;
    auto modules = fio::acquire(options_.source, acquire_options(cancel, progress, keep_trace ? &out.trace : nullptr));
    if (!modules) return tl::unexpected(modules.error());
    if (modules->empty() && !options_.slot.empty()) return fail(Errc::not_found, "no module in slot " + options_.slot);
    out.modules = std::move(*modules);
    return out;
}

Result<InspectionReport> InspectionSession::run(const CancelToken& cancel, const ProgressCallback& progress) const {
    InspectionReport report;
    report.started = options_.now.empty() ? db::utc_now() : options_.now;
    report.event = options_.event;
    report.context = options_.context;
    report.data_dir = options_.data_dir.string();
    report.source = describe_source(options_.source);
    report.strict = options_.strict;

    // The registry first: a missing or unusable one is reported (exit bit 16), never skipped.
    if (progress) progress(ProgressEvent{ProgressEvent::Phase::opening_registry, {}, {}, 0, 0});
    db::InspectionRegistry opened = db::open_for_inspection(options_.data_dir, options_.now, /*read_only=*/!options_.record);
    report.registry_problems = opened.problems;
    report.station = opened.station;
    report.site = opened.site;

    auto acquired = acquire(cancel, progress);
    if (!acquired) return tl::unexpected(acquired.error());
    std::vector<fio::AcquiredModule>& modules = acquired->modules;
    if (!options_.label.empty() && modules.size() > 1) {
        // One scanned label belongs to one module: applying it to all of them would make every
        // module but its owner fail LABEL_MISMATCH.
        return fail(Errc::usage, "--label names one module but " + std::to_string(modules.size()) +
                                     " were found: pick its slot with --slot, or give each module its label with --labels FILE");
    }

    vf::InspectOptions inspect;
    inspect.event = options_.event;
    inspect.record = options_.record;
    inspect.strict = options_.strict;
    inspect.today_week = options_.today_week;
    inspect.site = opened.site;
    inspect.context = options_.context;
    inspect.labels = options_.labels;
    if (!options_.label.empty()) inspect.labels["*"] = options_.label;
    inspect.smbios = smbios_;
    // SMBIOS records name DIMM locators but not SPD addresses. With a bench, slots carry the
    // locator as their label; on a real machine the populated devices are paired with the
    // modules in address order when both counts agree (otherwise no SMBIOS comparison is made).
    if (!smbios_.empty()) {
        std::vector<fio::AcquiredModule*> unlabeled;
        for (auto& m : modules) {
            if (m.read && m.label.empty()) unlabeled.push_back(&m);
        }
        if (unlabeled.size() == smbios_.size()) {
            for (std::size_t i = 0; i < unlabeled.size(); ++i) unlabeled[i]->label = smbios_[i].locator;
        }
    }
    if (options_.source.kind == fio::AcquireSource::Kind::all && options_.event == vf::EventKind::burn_in &&
        !inspect.context.count("server")) {
        // Burn-in: record which server the modules are in (DMI product serial, root-readable).
        std::ifstream serial(options_.source.sysfs_root / "sys/class/dmi/id/product_serial");
        std::string server;
        if (serial && std::getline(serial, server) && !server.empty()) inspect.context["server"] = server;
    }
    report.context = inspect.context;
    if (!options_.slot.empty()) {
        // Only some slots are read: a module held here and last seen in another slot is checked
        // against what sits in that slot now (a clone scanned one slot at a time). Only a
        // stable, CRC-good image there counts.
        inspect.identity_at = [this, &cancel](const std::string& location) -> std::string {
            fio::AcquireOptions o = acquire_options(cancel, {}, nullptr);
            o.wanted = [location](const std::string& at, const std::string&, fio::Address) { return at == location; };
            auto found = fio::acquire(options_.source, o);
            if (!found || found->size() != 1 || !found->front().read || found->front().read->unstable) return {};
            auto decoded = vf::decode_spd(found->front().read->image);
            if (!decoded || !std::all_of(decoded->crc.begin(), decoded->crc.end(), [](const auto& b) { return b.ok(); })) return {};
            auto id = vf::identity_of(*decoded);
            return id && !id->serial_blank() ? id->key() : std::string();
        };
    }

    // Last chance to stop: past this point sightings are being recorded.
    if (cancel.cancelled()) return fail(Errc::cancelled, "cancelled before judging: nothing was recorded");
    // Online lookups: the fleet server adds other stations' newest sightings of each module,
    // within fleet_timeout; when it does not answer, each module says REGISTRY_OFFLINE.
    vf::RegistryInterface* registry = opened.registry.get();
    std::unique_ptr<fleet::OnlineRegistry> online;
    if (registry != nullptr && !options_.offline) {
        std::string server = options_.fleet_server;
        if (server.empty()) {
            auto remembered = fleet::online_lookup_server(options_.data_dir);
            if (!remembered) report.registry_problems.push_back(remembered.error().message + " (online lookups are off)");
            else server = *remembered;
        }
        if (!server.empty()) {
            online = std::make_unique<fleet::OnlineRegistry>(*opened.database, *registry, server, options_.fleet_timeout, options_.now);
            registry = online.get();
        }
    }
    SinkAdapter sink(progress, modules);
    vf::Inspector inspector(policy_, registry, opened.station, inspect, &sink);
    vf::InspectionResult result = inspector.inspect(std::move(modules));
    report.modules = std::move(result.modules);
    report.registry_problems.insert(report.registry_problems.end(), result.registry_problems.begin(), result.registry_problems.end());
    report.recorded = options_.record && opened.registry != nullptr;
    report.finished = options_.now.empty() ? db::utc_now() : options_.now;
    report.exit_status = exit_status_of(report.modules, report.registry_problems, options_.strict);
    return report;
}

}  // namespace dimmguard::engine
