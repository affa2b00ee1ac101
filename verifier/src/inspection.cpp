// SPDX-License-Identifier: GPL-3.0-or-later
// The inspection flow shared by `dimmguard verify` and the desk application.
#include "verifier/inspection.hpp"

#include <algorithm>

namespace dimmguard::verifier {
namespace {

std::string top_reason(const ModuleReport& m) {
    if (m.error) return m.error->message;
    const Finding* top = nullptr;
    for (const auto& f : m.check.findings) {
        if (f.severity == Severity::info) continue;
        // PRIOR_VERDICT explains the verdict only when nothing of today's evidence does.
        const bool better = !top || static_cast<int>(f.severity) > static_cast<int>(top->severity) ||
                            (f.severity == top->severity && top->code == FindingCode::prior_verdict);
        if (better) top = &f;
    }
    if (!top) {
        if (m.verdict == Verdict::genuine) return "matches the registry record of " + m.spd->manufacturing.part_number;
        for (const auto& f : m.check.findings) {
            if (f.code == FindingCode::part_unknown) return f.message;
        }
        return "no registry record to compare with";
    }
    if (integrity_only(m.check.findings)) return "SPD corrupted: " + top->message;
    return top->message;
}

}  // namespace

void Inspector::check_other_slots(InspectionResult& report) {
    // Locations read in this scan: check_scan has compared those already.
    std::vector<std::string> read_now;
    for (const auto& m : report.modules) read_now.push_back(m.location);
    for (auto& m : report.modules) {
        if (!m.spd || !m.check.identity || m.check.identity->serial_blank() || !m.check.custody) continue;
        const Custody& c = *m.check.custody;
        if (c.station != station_ || (c.state != CustodyState::held && c.state != CustodyState::quarantined)) continue;
        const bool already = std::any_of(m.check.findings.begin(), m.check.findings.end(),
                                          [](const Finding& f) { return f.code == FindingCode::dup_in_scan; });
        if (already) continue;
        auto looked = registry_->sightings(*m.check.identity);
        if (!looked) {
            report.registry_problems.push_back(looked.error().message);
            continue;
        }
        // Where this station saw the identity since it took custody, newest first, at most 3
        // places: each is read again now (a few milliseconds each, only on a re-inspection).
        std::vector<std::pair<std::string, std::string>> places;   // location, slot label
        for (auto it = looked->trusted.rbegin(); it != looked->trusted.rend() && places.size() < 3; ++it) {
            const Sighting& s = it->record;
            if (s.station != station_ || s.time < c.since) continue;
            const auto at = s.context.find("location");
            if (at == s.context.end() || at->second.empty()) continue;
            if (std::find(read_now.begin(), read_now.end(), at->second) != read_now.end()) continue;
            const bool known = std::any_of(places.begin(), places.end(), [&](const auto& p) { return p.first == at->second; });
            const auto slot = s.context.find("slot");
            if (!known) places.emplace_back(at->second, slot == s.context.end() ? std::string() : slot->second);
        }
        const std::string key = m.check.identity->key();
        for (const auto& [place, slot] : places) {
            if (progress_) progress_->step("checking " + place + " for a second module with identity " + key);
            if (options_.identity_at(place) != key) continue;
            const std::string where = slot.empty() ? place : "slot " + slot + " (" + place + ")";
            Finding f;
            f.code = FindingCode::dup_in_scan;
            f.severity = Severity::fail;
            f.category = Category::history;
            f.message = "the module in " + where + ", seen here before and read again now, carries identity " + key +
                        " too: two modules with one identity, at least one is a copy";
            f.evidence = {{"identity", key}, {"count", "2"}, {"other_location", place}};
            if (!slot.empty()) f.evidence.emplace_back("other_slot", slot);
            m.check.findings.push_back(std::move(f));
            break;
        }
    }
}

Inspector::Inspector(const Policy& policy, RegistryInterface* registry, std::string station, InspectOptions options,
                     ProgressSink* progress)
    : policy_(policy), registry_(registry), station_(std::move(station)), options_(std::move(options)), progress_(progress) {}

InspectionResult Inspector::inspect(std::vector<firmware_io::AcquiredModule> modules) {
    InspectionResult report;
    const std::string today = options_.today_week.empty() ? iso_week_now() : options_.today_week;
    for (auto& acquired : modules) {
        ModuleReport m;
        m.location = acquired.location;
        m.via = acquired.via;
        m.slot = acquired.label;
        if (progress_) progress_->step("checking " + m.location);
        if (!acquired.read) {
            m.error = acquired.read.error();
            m.verdict = Verdict::unreadable;
            m.reason = m.error->message;
            report.modules.push_back(std::move(m));
            continue;
        }
        m.read = std::move(*acquired.read);
        if (m.read->unstable) {
            // Bytes that did not read the same twice are no evidence of anything: no rule runs on
            // them and nothing is recorded (docs/custody.md, "Bad reads are never evidence").
            const std::string detail = m.read->problems.empty() ? std::string("two reads gave different bytes") : m.read->problems.front();
            m.error = Error{Errc::io, detail + ": reseat the module and scan again"};
            m.verdict = Verdict::unreadable;
            m.reason = "the module did not read the same twice (" + detail + "): reseat the module and scan again";
            report.modules.push_back(std::move(m));
            continue;
        }
        // One module that cannot be judged (a bug reached by hostile bytes, a registry that
        // throws) is reported as such; every other module of the scan is still judged.
        const auto judge = [&]() {
            auto decoded = decode_spd(m.read->image);
            if (!decoded) {
                m.error = decoded.error();
                m.verdict = Verdict::unreadable;
                m.reason = m.error->message;
                return;
            }
            m.spd = std::move(*decoded);
            ModuleEvidence evidence;
            evidence.spd = &*m.spd;
            evidence.read = m.via == "bus" ? &*m.read : nullptr;
            if (m.read->unstable) evidence.read = &*m.read;  // READ_UNSTABLE applies to any source
            for (const std::string& key : {m.location, m.slot, std::string("*")}) {
                if (!key.empty() && options_.labels.count(key)) {
                    evidence.label = options_.labels.at(key);
                    m.label = evidence.label;
                    break;
                }
            }
            for (const auto& s : options_.smbios) {
                if (!m.slot.empty() && s.locator == m.slot) evidence.smbios = s;
            }
            CheckContext ctx;
            ctx.policy = &policy_;
            ctx.registry = registry_;
            ctx.station = station_;
            ctx.event = options_.event;
            ctx.today_week = today;
            ctx.site = options_.site;
            if (const auto lot = options_.context.find(std::string(context_lot)); lot != options_.context.end()) ctx.lot = lot->second;
            if (const auto server = options_.context.find(std::string(context_server)); server != options_.context.end()) ctx.server = server->second;
            auto check = check_module(evidence, ctx);
            if (!check) {
                report.registry_problems.push_back(check.error().message);
                ctx.registry = nullptr;  // judge on local evidence only
                check = check_module(evidence, ctx);
            }
            m.check = check ? std::move(*check) : ModuleCheck{};
        };
        try {
            judge();
        } catch (const std::exception& e) {
            m.spd.reset();
            m.check = ModuleCheck{};
            m.error = Error{Errc::internal, std::string("internal error while judging this module: ") + e.what()};
            m.verdict = Verdict::unreadable;
            m.reason = m.error->message + "; the other modules are not affected (please report this)";
        }
        report.modules.push_back(std::move(m));
    }
    // Scan-level rules need every module first.
    std::vector<ScanMember> members;
    const auto lot = options_.context.count("lot") ? options_.context.at("lot") : std::string();
    for (auto& m : report.modules) {
        if (m.spd) members.push_back(ScanMember{&m.check, &*m.spd, m.read->image, lot});
    }
    check_scan(members);
    if (options_.identity_at && registry_ != nullptr) check_other_slots(report);
    for (auto& m : report.modules) {
        if (!m.spd) continue;
        m.verdict = verdict_from(m.check.findings, m.check.compared_with_trusted_part);
        m.fraud_kind = fraud_kind_of(m.check.findings, m.verdict);
        m.reason = top_reason(m);
        if (options_.record && registry_ && m.check.identity) {
            Sighting s;
            s.identity = *m.check.identity;
            // Only a CRC-good image is a sighting of a fingerprint (and of a part number): a
            // damaged image records custody and its verdict, never "a second module".
            const bool image_good = std::all_of(m.spd->crc.begin(), m.spd->crc.end(), [](const auto& b) { return b.ok(); });
            if (image_good) {
                s.fingerprint = m.spd->fingerprint.available ? m.spd->fingerprint.sha256_hex : std::string();
                s.part_number = m.spd->manufacturing.part_number;
            }
            s.verdict = std::string(verdict_name(m.verdict));
            s.event = options_.event;
            s.context = options_.context;
            if (!image_good) s.context.emplace("image", "crc-bad");
            if (m.fraud_kind != FraudKind::none) s.context.emplace(std::string(context_fraud_kind), std::string(fraud_kind_id(m.fraud_kind)));
            std::string codes;
            for (const auto& f : m.check.findings) {
                if (f.severity == Severity::info) continue;
                const std::string name(finding_code_name(f.code));
                if (codes.find(name) != std::string::npos) continue;
                if (!codes.empty()) codes += ",";
                codes += name;
            }
            if (!codes.empty()) s.context.emplace(std::string(context_findings), codes);
            if (!m.slot.empty()) s.context.emplace("slot", m.slot);
            s.context.emplace("location", m.location);
            Result<Sighting> stored = fail(Errc::internal, "not recorded");
            try {
                stored = registry_->record_sighting(s);
            } catch (const std::exception& e) {
                stored = fail(Errc::internal, std::string("internal error: ") + e.what());
            }
            if (stored) m.sighting = stored->id;
            else report.registry_problems.push_back("sighting not recorded: " + stored.error().message);
        }
    }
    return report;
}

}  // namespace dimmguard::verifier
