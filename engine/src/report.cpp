// SPDX-License-Identifier: GPL-3.0-or-later
// The inspection report: exit status and plain module facts.
#include "engine/report.hpp"

#include <cctype>

#include "engine/exit_status.hpp"

namespace dimmguard::engine {

std::string InspectionReport::lot() const {
    const auto it = context.find("lot");
    return it == context.end() ? std::string() : it->second;
}

int exit_status_of(const std::vector<verifier::ModuleReport>& modules, const std::vector<std::string>& registry_problems, bool strict) {
    int status = exit_ok;
    if (!registry_problems.empty()) status |= exit_registry;
    for (const auto& m : modules) {
        switch (m.verdict) {
        case verifier::Verdict::unreadable: status |= exit_unreadable; break;
        case verifier::Verdict::suspect: status |= exit_suspect; break;
        case verifier::Verdict::counterfeit: status |= exit_counterfeit; break;
        case verifier::Verdict::unknown: if (strict) status |= exit_suspect; break;
        case verifier::Verdict::genuine: break;
        }
        for (const auto& f : m.check.findings) {
            if (f.category == verifier::Category::registry && f.severity != verifier::Severity::info) status |= exit_registry;
        }
    }
    return status;
}

ModuleFacts module_facts(const verifier::ModuleReport& module) {
    ModuleFacts f;
    f.where = module.slot.empty() ? module.location : module.slot;
    if (!module.spd) return f;
    const auto& spd = *module.spd;
    f.maker = spd.manufacturing.module_maker.display();
    f.part = spd.manufacturing.part_number;
    const std::uint64_t bytes = spd.geometry.capacity_bytes;
    if (bytes != 0) f.capacity = (bytes >> 30) != 0 ? std::to_string(bytes >> 30) + " GB" : std::to_string(bytes >> 20) + " MB";
    f.speed = spd.timings.speed_name;
    f.type = spd.type_name + (spd.module_type.empty() ? "" : " " + spd.module_type);
    f.serial = spd.manufacturing.serial_hex;
    f.date = spd.manufacturing.date.to_string();
    return f;
}

std::string finding_codes(const verifier::ModuleReport& module) {
    std::string out;
    for (const auto& f : module.check.findings) {
        if (f.severity == verifier::Severity::info) continue;
        if (!out.empty()) out += ' ';
        out += verifier::finding_code_name(f.code);
    }
    return out;
}

std::string verdict_upper(verifier::Verdict verdict) {
    std::string out(verifier::verdict_name(verdict));
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace dimmguard::engine
