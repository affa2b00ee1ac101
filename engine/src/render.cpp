// SPDX-License-Identifier: GPL-3.0-or-later
// Text, JSON, JUnit and CSV renderings of an inspection report.
#include "engine/render.hpp"

#include "dimmguard/text.hpp"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/csv.hpp"
#include "verifier/spd_json.hpp"

#ifndef DIMMGUARD_VERSION
#define DIMMGUARD_VERSION "unknown"
#endif

namespace dimmguard::engine {
namespace {

using Json = nlohmann::ordered_json;
namespace vf = verifier;

std::string colour(std::string_view text, vf::Verdict v, bool on) {
    if (!on) return std::string(text);
    const char* code = v == vf::Verdict::genuine ? "32" : v == vf::Verdict::suspect ? "33" : v == vf::Verdict::counterfeit ? "1;31" : "90";
    return std::string("\033[") + code + "m" + std::string(text) + "\033[0m";
}

std::string where(const vf::ModuleReport& m) { return m.slot.empty() ? m.location : m.slot; }

/// A field of the text report: data written by others (labels, lots, context and custody from
/// other stations, SPD text) never reaches the terminal raw, and never breaks a line.
std::string safe(std::string_view text) { return terminal_safe(text, /*single_line=*/true); }

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
              {"fraud_kind", m.fraud_kind == vf::FraudKind::none ? Json(nullptr) : Json(vf::fraud_kind_id(m.fraud_kind))},
              {"reason", m.reason}};
    if (m.label) j["label"] = *m.label;
    if (m.error) j["error"] = {{"code", errc_name(m.error->code)}, {"message", m.error->message}};
    if (m.error || !m.spd) return j;
    j["identity"] = m.check.identity ? Json(m.check.identity->key()) : Json(nullptr);
    j["part_number"] = m.spd->manufacturing.part_number;
    j["serial"] = m.spd->manufacturing.serial_hex;
    j["fingerprint"] = m.spd->fingerprint.available ? Json(m.spd->fingerprint.sha256_hex) : Json(nullptr);
    j["registry_part"] = m.check.part ? Json({{"signer", m.check.part->signer}, {"source", m.check.part->source}}) : Json(nullptr);
    Json findings = Json::array();
    for (const auto& f : m.check.findings) findings.push_back(finding_json(f));
    j["findings"] = findings;
    j["sighting"] = m.sighting ? Json(*m.sighting) : Json(nullptr);
    j["custody"] = m.check.custody ? custody_json(*m.check.custody) : Json(nullptr);
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
        case '\'': out += "&apos;"; break;
        default:
            // XML 1.0 allows no C0 controls but TAB, LF and CR: SPD text is attacker-written.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "?";
            else out.push_back(c);
        }
    }
    return out;
}

}  // namespace

Json custody_json(const vf::Custody& c) {
    Json j = {{"state", vf::custody_state_name(c.state)}, {"station", c.station}, {"site", c.site}, {"lot", c.lot},
              {"server", c.server}, {"customer", c.customer}, {"since", c.since}, {"returned", c.returned},
              {"released", c.released}, {"description", c.describe()}, {"sightings", c.sightings}};
    if (c.unresolved) {
        j["unresolved"] = {{"verdict", c.unresolved->verdict}, {"time", c.unresolved->time}, {"station", c.unresolved->station},
                           {"site", c.unresolved->site}, {"sighting", c.unresolved->id}};
    } else {
        j["unresolved"] = nullptr;
    }
    Json conflicts = Json::array();
    for (const auto& s : c.conflicts) {
        conflicts.push_back({{"sighting", s.id}, {"event", vf::event_kind_name(s.event)}, {"time", s.time}, {"station", s.station}, {"verdict", s.verdict}});
    }
    j["conflicts"] = conflicts;
    return j;
}

std::string render_text(const InspectionReport& report, TextStyle style) {
    std::ostringstream out;
    std::size_t width = 8;
    for (const auto& m : report.modules) width = std::max(width, where(m).size());
    int counts[5] = {0, 0, 0, 0, 0};
    for (const auto& m : report.modules) {
        ++counts[static_cast<int>(m.verdict)];
        std::string place = safe(where(m));
        place.resize(std::max(width, place.size()), ' ');
        std::string verdict = verdict_upper(m.verdict);
        verdict.resize(11, ' ');
        out << place << "  " << colour(verdict, m.verdict, style.colour) << "  ";
        if (m.spd) {
            std::string pn = m.spd->manufacturing.part_number.empty() ? "(no part number)" : m.spd->manufacturing.part_number;
            pn.resize(std::max<std::size_t>(pn.size(), 20), ' ');
            out << safe(pn) << "  " << m.spd->manufacturing.serial_hex << "  ";
        }
        if (m.verdict == vf::Verdict::counterfeit && m.fraud_kind != vf::FraudKind::none) out << "[" << vf::fraud_kind_name(m.fraud_kind) << "] ";
        out << safe(m.reason) << '\n';
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
        out << "  " << safe(m.slot.empty() ? m.location : m.slot + " (" + m.location + ")") << '\n';
        if (m.check.custody && m.check.custody->state != vf::CustodyState::unseen) out << "    custody before this scan: " << safe(m.check.custody->describe()) << '\n';
        for (const auto* f : shown) {
            out << "    " << vf::finding_code_name(f->code) << " [" << vf::severity_name(f->severity) << "] " << safe(f->message) << '\n';
            for (const auto& [k, v] : f->evidence) out << "        " << safe(k) << ": " << safe(v) << '\n';
        }
    }
    out << '\n' << report.modules.size() << " module" << (report.modules.size() == 1 ? "" : "s") << ": " << counts[0] << " genuine, "
        << counts[1] << " suspect, " << counts[2] << " counterfeit, " << counts[3] << " unknown, " << counts[4] << " unreadable";
    const auto recorded = std::count_if(report.modules.begin(), report.modules.end(), [](const auto& m) { return m.sighting.has_value(); });
    if (recorded > 0 && !report.station.empty()) {
        out << "; " << recorded << (recorded == 1 ? " sighting" : " sightings") << " recorded by station " << report.station.substr(0, 8);
    }
    out << '\n';
    return out.str();
}

std::string render_json(const InspectionReport& report) {
    Json modules = Json::array();
    for (const auto& m : report.modules) modules.push_back(module_json(m));
    const Json doc = {{"schema_version", vf::json_schema_version},
                      {"tool", {{"name", "dimmguard"}, {"version", DIMMGUARD_VERSION}}},
                      {"command", "verify"},
                      {"exit_status", report.exit_status},
                      {"event", vf::event_kind_name(report.event)},
                      {"context", report.context},
                      {"station", report.station.empty() ? Json(nullptr) : Json(report.station)},
                      {"registry", {{"data_dir", report.data_dir}, {"problems", report.registry_problems}}},
                      {"modules", modules}};
    return doc.dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
}

std::string render_junit(const InspectionReport& report) {
    int failures = 0, errors = 0;
    std::ostringstream cases;
    for (const auto& m : report.modules) {
        const std::string name = m.slot.empty() ? m.location : m.slot + " (" + m.location + ")";
        cases << "    <testcase classname=\"dimmguard.verify\" name=\"" << xml_escape(name) << "\">\n";
        if (m.verdict == vf::Verdict::unreadable) {
            ++errors;
            cases << "      <error message=\"" << xml_escape(m.reason) << "\" type=\"unreadable\"/>\n";
        } else if (m.verdict == vf::Verdict::suspect || m.verdict == vf::Verdict::counterfeit ||
                   (report.strict && m.verdict == vf::Verdict::unknown)) {
            ++failures;
            std::string body;
            for (const auto& f : m.check.findings) {
                body += std::string(vf::finding_code_name(f.code)) + " [" + std::string(vf::severity_name(f.severity)) + "] " + f.message + "\n";
            }
            cases << "      <failure message=\"" << xml_escape(verdict_upper(m.verdict) + ": " + m.reason) << "\" type=\""
                  << vf::verdict_name(m.verdict) << "\">" << xml_escape(body) << "</failure>\n";
        }
        if (m.spd) {
            cases << "      <system-out>"
                  << xml_escape("verdict " + std::string(vf::verdict_name(m.verdict)) + "; part " + m.spd->manufacturing.part_number +
                                "; serial " + m.spd->manufacturing.serial_hex)
                  << "</system-out>\n";
        }
        cases << "    </testcase>\n";
    }
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<testsuites>\n  <testsuite name=\"dimmguard verify\" tests=\"" << report.modules.size() << "\" failures=\"" << failures
        << "\" errors=\"" << errors << "\">\n"
        << cases.str() << "  </testsuite>\n</testsuites>\n";
    return out.str();
}

std::string render_csv(std::span<const std::shared_ptr<const InspectionReport>> reports) {
    std::string out = csv_record({"time", "lot", "label", "station", "slot", "location", "verdict", "maker", "part", "capacity", "speed",
                                  "serial", "date", "reason", "findings", "sighting", "fraud_kind"});
    for (const auto& report : reports) {
        if (!report) continue;
        for (const auto& m : report->modules) {
            const ModuleFacts f = module_facts(m);
            out += csv_record({report->finished, report->lot(), m.label.value_or(""), report->recorded ? report->station : "", m.slot,
                               m.location, std::string(vf::verdict_name(m.verdict)), f.maker, f.part, f.capacity, f.speed, f.serial,
                               f.date, m.reason, finding_codes(m), m.sighting.value_or(""), std::string(vf::fraud_kind_id(m.fraud_kind))});
        }
    }
    return out;
}

}  // namespace dimmguard::engine
