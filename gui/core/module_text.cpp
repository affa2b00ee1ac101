// SPDX-License-Identifier: GPL-3.0-or-later
// Verdict names, module summaries and actionable messages (translated through the "Text" context).
#include "module_text.hpp"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cstdlib>
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
    case C::registry_offline: return QCoreApplication::translate("Text", "The fleet server did not answer: judged on this station's registry only");
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

namespace {

// The value of one evidence field ("" when the finding has none).
QString evidence(const verifier::Finding& f, std::string_view key) {
    for (const auto& [k, v] : f.evidence) {
        if (k == key) return fromStd(v);
    }
    return {};
}

// The date of an ISO 8601 time ("2026-11-03T10:31:02Z" -> "2026-11-03").
QString dateOf(const QString& time) { return time.left(10); }

QString verdictWord(const QString& key) {
    for (const auto v : {verifier::Verdict::genuine, verifier::Verdict::suspect, verifier::Verdict::counterfeit, verifier::Verdict::unknown,
                         verifier::Verdict::unreadable}) {
        if (verdictKey(v) == key) return verdictText(v);
    }
    return key.toUpper();
}

// A part-number attribute named in the operator's words.
QString attributeName(const QString& field) {
    if (field == QLatin1String("generation")) return QCoreApplication::translate("Text", "memory generation");
    if (field == QLatin1String("module type")) return QCoreApplication::translate("Text", "module type");
    if (field == QLatin1String("capacity")) return QCoreApplication::translate("Text", "capacity");
    if (field == QLatin1String("device width")) return QCoreApplication::translate("Text", "chip width");
    if (field == QLatin1String("ranks")) return QCoreApplication::translate("Text", "number of ranks");
    if (field == QLatin1String("ECC")) return QCoreApplication::translate("Text", "error correction (ECC)");
    if (field == QLatin1String("speed")) return QCoreApplication::translate("Text", "speed");
    return field;
}

QString yesNo(const QString& value) {
    if (value == QLatin1String("yes")) return QCoreApplication::translate("Text", "yes");
    if (value == QLatin1String("no")) return QCoreApplication::translate("Text", "no");
    return value;
}

}  // namespace

QString plainReason(const verifier::Finding& f) {
    using C = verifier::FindingCode;
    const QString title = findingTitle(f.code);
    switch (f.code) {
    case C::label_mismatch: {
        const QString label = evidence(f, "label");
        const QString spd = evidence(f, "spd");
        if (label.isEmpty()) break;
        return QCoreApplication::translate("Text", "The label says %1, but the module says %2").arg(label, spd.isEmpty() ? QCoreApplication::translate("Text", "(blank)") : spd);
    }
    case C::part_attr_mismatch: {
        const QString field = evidence(f, "field");
        QString says = evidence(f, "part_number_says");
        QString is = evidence(f, "spd_says");
        if (field.isEmpty()) break;
        // The capacity evidence also names ranks and chip width ("32 GB 1R x4"): the operator
        // compares the capacity printed on the label, so only that part is shown.
        if (field == QLatin1String("capacity")) {
            static const QRegularExpression size(QStringLiteral("^[0-9]+ ?G(i)?B"));
            if (const auto m = size.match(is); m.hasMatch()) is = m.captured(0);
        }
        if (field == QLatin1String("ECC")) {
            says = yesNo(says);
            is = yesNo(is);
        }
        return QCoreApplication::translate("Text", "The part number promises %1 %2, but the module has %3").arg(attributeName(field), says, is);
    }
    case C::date_future: {
        const QString date = evidence(f, "date");
        if (date.isEmpty()) break;
        return QCoreApplication::translate("Text", "The manufacturing date (%1) is in the future").arg(date);
    }
    case C::serial_part_mismatch: {
        const QString issued = evidence(f, "issued_for");
        if (issued.isEmpty()) break;
        return QCoreApplication::translate("Text", "The maker issued this serial number for part %1, not for this one").arg(issued);
    }
    case C::dup_serial: {
        const QString custody = evidence(f, "custody");
        const QString since = dateOf(evidence(f, "since"));
        const QString lot = evidence(f, "lot");
        const QString server = evidence(f, "server");
        if (custody == QLatin1String("installed")) {
            return server.isEmpty() ? QCoreApplication::translate("Text", "Another module with this identity has been installed in a server since %1 (clone)").arg(since)
                                    : QCoreApplication::translate("Text", "Another module with this identity has been installed in server %1 since %2 (clone)").arg(server, since);
        }
        if (custody == QLatin1String("held") || custody == QLatin1String("quarantined")) {
            return lot.isEmpty() ? QCoreApplication::translate("Text", "Another module with this identity has been in stock since %1 (clone)").arg(since)
                                 : QCoreApplication::translate("Text", "Another module with this identity has been in stock in lot %1 since %2 (clone)").arg(lot, since);
        }
        const int others = std::max(evidence(f, "other_fingerprints").toInt(), evidence(f, "other_parts").toInt());
        if (others > 0) return QCoreApplication::translate("Text", "This identity was seen before on a module with different SPD data: two modules carry it (clone)");
        break;
    }
    case C::dup_reentry: {
        const QString since = dateOf(evidence(f, "since"));
        const QString customer = evidence(f, "customer");
        if (since.isEmpty()) break;
        return customer.isEmpty() ? QCoreApplication::translate("Text", "This module was shipped out on %1 and came back without a return").arg(since)
                                  : QCoreApplication::translate("Text", "This module was shipped to %1 on %2 and came back without a return").arg(customer, since);
    }
    case C::dup_in_scan: {
        const QString otherSlot = evidence(f, "other_slot");
        const QString otherLocation = evidence(f, "other_location");
        if (!otherSlot.isEmpty()) {
            return QCoreApplication::translate("Text", "The module still in slot %1 has the same serial number: one of them is a copy").arg(otherSlot);
        }
        if (!otherLocation.isEmpty()) {
            return QCoreApplication::translate("Text", "The module still at %1 has the same serial number: one of them is a copy").arg(otherLocation);
        }
        const int count = evidence(f, "count").toInt();
        if (count < 2) break;
        return QCoreApplication::translate("Text", "%n modules in this scan have the same serial number", nullptr, count);
    }
    case C::lot_clone: {
        const int count = evidence(f, "count").toInt();
        if (count < 2) break;
        return QCoreApplication::translate("Text", "%n modules in this lot have identical SPD data (cloned)", nullptr, count);
    }
    case C::prior_verdict: {
        const QString verdict = evidence(f, "verdict");
        const QString time = dateOf(evidence(f, "time"));
        if (verdict.isEmpty()) break;
        return QCoreApplication::translate("Text", "Judged %1 on %2 and not released since: a rescan cannot clear it, only QA can").arg(verdictWord(verdict), time);
    }
    case C::smbios_mismatch: {
        const QString bios = evidence(f, "smbios");
        const QString spd = evidence(f, "spd");
        const QString locator = evidence(f, "locator");
        if (bios.isEmpty()) break;
        return QCoreApplication::translate("Text", "The BIOS reports %1 in %2, but the module says %3").arg(bios, locator, spd);
    }
    case C::consumer_profile_on_server_part: {
        const QString profile = evidence(f, "profile");
        if (profile.isEmpty()) break;
        return QCoreApplication::translate("Text", "A server part carries a gaming profile (%1)").arg(profile);
    }
    default: break;
    }
    return title;
}

QStringList topReasons(const verifier::ModuleReport& module, int limit) {
    QStringList out;
    auto add = [&](const QString& line) {
        if (!line.isEmpty() && !out.contains(line) && out.size() < limit) out << line;
    };
    if (module.error) add(QCoreApplication::translate("Text", "The module could not be read: reseat it and scan again"));
    // Fail findings first, then warnings: one plain sentence each, built from the finding's
    // evidence fields (never the English detail message, which is in technicalDetails()).
    for (const auto severity : {verifier::Severity::fail, verifier::Severity::warn}) {
        for (const auto& f : module.check.findings) {
            if (f.severity == severity) add(plainReason(f));
        }
    }
    if (out.isEmpty()) {
        if (module.verdict == verifier::Verdict::genuine) add(QCoreApplication::translate("Text", "Matches the maker's signed record; serial and history check out"));
        else if (module.verdict == verifier::Verdict::unknown) add(QCoreApplication::translate("Text", "Nothing to compare with: this part or its maker's records are not in the registry"));
        else if (module.verdict == verifier::Verdict::unreadable) add(QCoreApplication::translate("Text", "The module could not be read: reseat it and scan again"));
    }
    return out;
}

QStringList technicalDetails(const verifier::ModuleReport& module) {
    QStringList out;
    if (module.error) out << QStringLiteral("ERROR  ") + fromStd(module.error->message);
    for (const auto severity : {verifier::Severity::fail, verifier::Severity::warn, verifier::Severity::info}) {
        for (const auto& f : module.check.findings) {
            if (f.severity != severity) continue;
            out << QStringLiteral("%1 [%2]  %3").arg(fromStd(std::string(verifier::finding_code_name(f.code))),
                                                   fromStd(std::string(verifier::severity_name(f.severity))), fromStd(f.message));
        }
    }
    if (!module.reason.empty()) out << QStringLiteral("verdict: ") + fromStd(module.reason);
    return out;
}

QString timeWithZone(const QDateTime& time) {
    const QDateTime local = time.toLocalTime();
    const int offset = local.offsetFromUtc();
    const QString zone = QStringLiteral("UTC%1%2:%3")
                             .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                             .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                             .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QLatin1Char(' ') + zone;
}

QString timeWithZone(const std::string& rfc3339) {
    const QDateTime t = QDateTime::fromString(QString::fromStdString(rfc3339), Qt::ISODate);
    return t.isValid() ? timeWithZone(t) : QString::fromStdString(rfc3339);
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

SourceProblem describeSourceError(const Error& error, const SourceChoice& source) {
    SourceProblem p;
    p.detail = fromStd(error.message);
    const bool bench = source.kind == SourceChoice::Kind::bench;
    const bool all = source.kind == SourceChoice::Kind::all;
    const QString bus = QStringLiteral("i2c-%1").arg(source.bus);
    // The engine's message names the file or device; a bench error about another file (the
    // labels, policy or SMBIOS file from Settings) must not be blamed on the bench file.
    const bool aboutBench = bench && !source.benchPath.isEmpty() && p.detail.contains(source.benchPath);
    switch (error.code) {
    case Errc::permission_denied:
        p.headline = QCoreApplication::translate("Text", "No permission to open the SMBus adapter");
        p.action = QCoreApplication::translate("Text", "Ask IT to add this user to the 'dimmguard' group, then log out and in again.");
        return p;
    case Errc::busy:
        p.headline = QCoreApplication::translate("Text", "The bus is busy or a kernel driver holds the module");
        p.action = QCoreApplication::translate("Text", "Wait a moment and scan again; if it persists, pick the adapter again in Settings.");
        return p;
    case Errc::not_found:
        if (aboutBench) {
            p.headline = QCoreApplication::translate("Text", "The bench file is missing: %1").arg(QFileInfo(source.benchPath).fileName());
            p.action = QCoreApplication::translate("Text", "Choose an existing bench file in Settings.");
        } else if (bench || p.detail.contains(QLatin1Char('/'))) {
            p.headline = QCoreApplication::translate("Text", "A file chosen in Settings is missing");
            p.action = QCoreApplication::translate("Text", "Check the files in Settings → Inspection (the details below name it).");
        } else if (all) {
            p.headline = QCoreApplication::translate("Text", "No SMBus adapter found");
            p.action = QCoreApplication::translate("Text", "Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev).");
        } else {
            p.headline = QCoreApplication::translate("Text", "Adapter %1 is not connected").arg(bus);
            p.action = QCoreApplication::translate("Text", "Plug in the USB SMBus adapter, or load the i2c-dev module (sudo modprobe i2c-dev), then pick it in Settings.");
        }
        return p;
    case Errc::bad_format:
    case Errc::unsupported:
        if (aboutBench) {
            p.headline = QCoreApplication::translate("Text", "The bench file is not valid: %1").arg(QFileInfo(source.benchPath).fileName());
            p.action = QCoreApplication::translate("Text", "Fix the file, or choose another one in Settings.");
        } else if (bench || p.detail.contains(QLatin1Char('/'))) {
            p.headline = QCoreApplication::translate("Text", "A file chosen in Settings is not valid");
            p.action = QCoreApplication::translate("Text", "Fix it or clear it in Settings → Inspection (the details below name it).");
        } else {
            p.headline = QCoreApplication::translate("Text", "The adapter cannot read SPD data");
            p.action = QCoreApplication::translate("Text", "Pick another adapter in Settings.");
        }
        return p;
    case Errc::timeout:
    case Errc::nack:
    case Errc::io:
        p.headline = QCoreApplication::translate("Text", "The bus did not answer");
        p.action = QCoreApplication::translate("Text", "Check that the module is seated and the adapter is connected, then scan again.");
        return p;
    default: break;
    }
    p.headline = QCoreApplication::translate("Text", "The scan failed");
    p.action = QCoreApplication::translate("Text", "Scan again; if it fails again, call QA with the details below.");
    return p;
}

QString explainSourceError(const Error& error, const SourceChoice& source) {
    const SourceProblem p = describeSourceError(error, source);
    return QStringLiteral("%1. %2 (%3)").arg(p.headline, p.action, p.detail);
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
