// SPDX-License-Identifier: GPL-3.0-or-later
// Verdict names, module summaries and actionable messages (translated through the "Text" context).
#include "module_text.hpp"

#include <QCoreApplication>

#include <algorithm>
#include <vector>

#include "app_context.hpp"

namespace dimmguard::gui {
namespace {

QString fromStd(const std::string& s) { return QString::fromStdString(s); }

// Plain-words title of each finding code (the core's message adds the evidence in English).
QString findingTitle(verifier::FindingCode code) {
    using C = verifier::FindingCode;
    switch (code) {
    case C::crc_bad: return QCoreApplication::translate("Text", "The SPD checksum is wrong: the data is corrupted");
    case C::read_unstable: return QCoreApplication::translate("Text", "Two reads of the module differed: reseat it and scan again");
    case C::jep106_invalid: return QCoreApplication::translate("Text", "The maker code in the SPD is invalid");
    case C::maker_unknown: return QCoreApplication::translate("Text", "The maker code is not a known manufacturer");
    case C::part_number_invalid: return QCoreApplication::translate("Text", "The part number in the SPD is not valid text");
    case C::date_invalid: return QCoreApplication::translate("Text", "The manufacturing date is invalid");
    case C::date_future: return QCoreApplication::translate("Text", "The manufacturing date is in the future");
    case C::serial_blank: return QCoreApplication::translate("Text", "The serial number is blank");
    case C::part_attr_mismatch: return QCoreApplication::translate("Text", "The module does not have the size or speed its part number claims");
    case C::fingerprint_mismatch: return QCoreApplication::translate("Text", "The SPD does not match the maker's signed record for this part");
    case C::date_out_of_window: return QCoreApplication::translate("Text", "The date is outside the period this part was made");
    case C::part_unknown: return QCoreApplication::translate("Text", "This part number is not in the registry");
    case C::hub_vendor_mismatch: return QCoreApplication::translate("Text", "The SPD hub chip is not from the maker the SPD claims");
    case C::pmic_vendor_mismatch: return QCoreApplication::translate("Text", "The power chip (PMIC) is not from the maker the SPD claims");
    case C::rcd_vendor_mismatch: return QCoreApplication::translate("Text", "The register chip (RCD) is not from the expected maker");
    case C::hub_type_mismatch: return QCoreApplication::translate("Text", "The SPD hub chip type is wrong for this module");
    case C::write_protect_off: return QCoreApplication::translate("Text", "The SPD is not write-protected, so it could have been re-flashed");
    case C::consumer_profile_on_server_part: return QCoreApplication::translate("Text", "A server part carries a gaming (XMP/EXPO) profile");
    case C::dram_maker_implausible: return QCoreApplication::translate("Text", "The memory chips are from a different maker than the module claims");
    case C::serial_not_issued: return QCoreApplication::translate("Text", "The maker never issued this serial number");
    case C::serial_part_mismatch: return QCoreApplication::translate("Text", "The maker issued this serial number for a different part");
    case C::serial_revoked: return QCoreApplication::translate("Text", "The maker revoked this module's identity (known clone)");
    case C::dup_serial: return QCoreApplication::translate("Text", "Another module with this identity is held elsewhere, in another lot or in a server (clone)");
    case C::dup_in_scan: return QCoreApplication::translate("Text", "Another module in this scan has the same serial number");
    case C::dup_reentry: return QCoreApplication::translate("Text", "This module was shipped out and came back without a return");
    case C::lot_clone: return QCoreApplication::translate("Text", "Several modules in this lot have identical SPD data (cloned)");
    case C::label_mismatch: return QCoreApplication::translate("Text", "The label does not match the module's SPD");
    case C::smbios_mismatch: return QCoreApplication::translate("Text", "The BIOS reports a different module than the SPD");
    case C::registry_tampered: return QCoreApplication::translate("Text", "The registry data failed its signature check");
    case C::registry_rollback: return QCoreApplication::translate("Text", "Registry data accepted earlier is missing: the registry file was rolled back or edited");
    case C::registry_stale: return QCoreApplication::translate("Text", "The registry data has expired: import current bundles");
    case C::prior_verdict: return QCoreApplication::translate("Text", "This module was judged before and nobody has released it: a rescan cannot clear it");
    }
    return {};
}

}  // namespace

QString verdictText(verifier::Verdict verdict) {
    switch (verdict) {
    case verifier::Verdict::genuine: return QCoreApplication::translate("Text", "GENUINE");
    case verifier::Verdict::suspect: return QCoreApplication::translate("Text", "SUSPECT");
    case verifier::Verdict::counterfeit: return QCoreApplication::translate("Text", "COUNTERFEIT");
    case verifier::Verdict::unknown: return QCoreApplication::translate("Text", "UNKNOWN");
    case verifier::Verdict::unreadable: return QCoreApplication::translate("Text", "UNREADABLE");
    }
    return QCoreApplication::translate("Text", "UNKNOWN");
}

QString fraudKindText(verifier::FraudKind kind) {
    using K = verifier::FraudKind;
    switch (kind) {
    case K::none: return {};
    case K::cloned: return QCoreApplication::translate("Text", "Cloned: another module carries this identity");
    case K::relabelled: return QCoreApplication::translate("Text", "Relabelled: the label claims another part");
    case K::reflashed: return QCoreApplication::translate("Text", "Re-flashed: the SPD was rewritten to claim another part");
    case K::used_as_new: return QCoreApplication::translate("Text", "Used, sold as new: fraud, but not a fake module");
    case K::fake_board: return QCoreApplication::translate("Text", "Fake board: the chips do not match what the SPD claims");
    case K::corrupted: return QCoreApplication::translate("Text", "Corrupted SPD: a defect, not fraud");
    }
    return {};
}

QString verdictKey(verifier::Verdict verdict) { return QString::fromLatin1(verifier::verdict_name(verdict).data()); }

QColor verdictColor(verifier::Verdict verdict) {
    switch (verdict) {
    case verifier::Verdict::genuine: return QColor(0x1e, 0x8e, 0x3e);
    case verifier::Verdict::suspect: return QColor(0xf2, 0xa9, 0x00);
    case verifier::Verdict::counterfeit: return QColor(0xc6, 0x28, 0x28);
    case verifier::Verdict::unknown:
    case verifier::Verdict::unreadable: return QColor(0x75, 0x75, 0x75);
    }
    return QColor(0x75, 0x75, 0x75);
}

QColor verdictTextColor(verifier::Verdict verdict) {
    return verdict == verifier::Verdict::suspect ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white);
}

ModuleSummary summarize(const verifier::ModuleReport& module) {
    const engine::ModuleFacts f = engine::module_facts(module);
    ModuleSummary s;
    s.location = fromStd(module.location);
    s.where = fromStd(f.where);
    s.maker = fromStd(f.maker);
    s.part = fromStd(f.part);
    s.capacity = fromStd(f.capacity);
    s.speed = fromStd(f.speed);
    s.type = fromStd(f.type).trimmed();
    s.serial = fromStd(f.serial);
    s.date = fromStd(f.date);
    return s;
}

QStringList topReasons(const verifier::ModuleReport& module, int limit) {
    QStringList out;
    auto add = [&](const QString& line) {
        if (!line.isEmpty() && !out.contains(line) && out.size() < limit) out << line;
    };
    if (module.error) add(QCoreApplication::translate("Text", "Could not read the module: %1").arg(fromStd(module.error->message)));
    // Fail findings first, then warnings; each code once, as its plain title followed by the
    // evidence sentences of every finding with that code.
    for (const auto severity : {verifier::Severity::fail, verifier::Severity::warn}) {
        std::vector<verifier::FindingCode> seen;
        for (const auto& f : module.check.findings) {
            if (f.severity != severity || std::find(seen.begin(), seen.end(), f.code) != seen.end()) continue;
            seen.push_back(f.code);
            QStringList evidence;
            for (const auto& g : module.check.findings) {
                if (g.code == f.code && g.severity == severity) evidence << fromStd(g.message);
            }
            add(findingTitle(f.code) + QStringLiteral(" (") + evidence.join(QStringLiteral("; ")) + QLatin1Char(')'));
        }
    }
    if (out.isEmpty()) {
        if (module.verdict == verifier::Verdict::genuine) add(QCoreApplication::translate("Text", "Matches the maker's signed record; serial and history check out"));
        else if (!module.reason.empty()) add(fromStd(module.reason));
    }
    return out;
}

verifier::Verdict worstVerdict(const engine::InspectionReport& report) {
    auto rank = [](verifier::Verdict v) {
        switch (v) {
        case verifier::Verdict::counterfeit: return 5;
        case verifier::Verdict::suspect: return 4;
        case verifier::Verdict::unreadable: return 3;
        case verifier::Verdict::unknown: return 2;
        case verifier::Verdict::genuine: return 1;
        }
        return 0;
    };
    if (report.modules.empty()) return verifier::Verdict::unknown;
    auto worst = report.modules.front().verdict;
    for (const auto& m : report.modules) {
        if (rank(m.verdict) > rank(worst)) worst = m.verdict;
    }
    return worst;
}

QString explainSourceError(const Error& error, const SourceChoice& source) {
    const QString detail = fromStd(error.message);
    const QString bus = QStringLiteral("/dev/i2c-%1").arg(source.bus);
    switch (error.code) {
    case Errc::permission_denied:
        return QCoreApplication::translate("Text", "No permission to open the SMBus adapter (%1). Ask IT to add this user to the "
                  "'dimmguard' group (udev rule 60-dimmguard-i2c.rules), then log out and in again.").arg(detail);
    case Errc::busy:
        return QCoreApplication::translate("Text", "The bus is busy or a kernel driver owns the module (%1). Wait a moment and press Scan again; "
                  "if it persists, pick the adapter again in Settings.").arg(detail);
    case Errc::not_found:
        if (source.kind == SourceChoice::Kind::bench) {
            return QCoreApplication::translate("Text", "The bench file was not found (%1). Choose an existing bench file in Settings.").arg(detail);
        }
        return QCoreApplication::translate("Text", "The adapter %1 is not there (%2). Plug in the USB SMBus adapter or load the i2c-dev module "
                  "(sudo modprobe i2c-dev), then pick it in Settings.").arg(bus, detail);
    case Errc::bad_format:
    case Errc::unsupported:
        if (source.kind == SourceChoice::Kind::bench) {
            return QCoreApplication::translate("Text", "The bench file is not valid (%1). Fix the file or choose another one in Settings.").arg(detail);
        }
        return QCoreApplication::translate("Text", "The adapter cannot read SPD data (%1). Pick another adapter in Settings.").arg(detail);
    case Errc::timeout:
    case Errc::nack:
    case Errc::io:
        return QCoreApplication::translate("Text", "The bus did not answer (%1). Check that the module is seated and the adapter is connected, "
                  "then press Scan again.").arg(detail);
    default: break;
    }
    return QCoreApplication::translate("Text", "The scan failed: %1").arg(detail);
}

QString explainRegistryProblem(const QString& problem) {
    if (problem.startsWith(QLatin1String("no registry"))) {
        return QCoreApplication::translate("Text", "No registry database: verdicts are at best UNKNOWN. Set the database location in Settings, "
                  "or ask QA for the registry (%1).").arg(problem);
    }
    if (problem.contains(QLatin1String("no trust root"))) {
        return QCoreApplication::translate("Text", "The registry has no trust root: verdicts are at best UNKNOWN. Ask QA to initialise it (%1).").arg(problem);
    }
    if (problem.contains(QLatin1String("expired"))) {
        return QCoreApplication::translate("Text", "The registry has expired: verdicts cannot be GENUINE until QA imports current bundles (%1).").arg(problem);
    }
    return QCoreApplication::translate("Text", "Registry problem: %1").arg(problem);
}

}  // namespace dimmguard::gui
