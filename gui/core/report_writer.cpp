// SPDX-License-Identifier: GPL-3.0-or-later
// CSV / HTML / PDF / print reports rendered from published inspections.
#include "report_writer.hpp"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

#include <array>
#include <map>
#include <vector>

#include "db/database.hpp"
#include "db/evidence.hpp"
#include "engine/csv.hpp"
#include "engine/render.hpp"
#include "module_text.hpp"

namespace dimmguard::gui {
namespace {

QString findingCodes(const verifier::ModuleReport& m) { return QString::fromStdString(engine::finding_codes(m)); }

QString labelOf(const verifier::ModuleReport& m) { return m.label ? QString::fromStdString(*m.label) : QString(); }

}  // namespace

QString reportCsv(const InspectionList& inspections) {
    // The engine's CSV columns (engine::render_csv) exactly, plus the reasons in the
    // operator's words (`plain_reason`), through the same writer and its formula guard.
    const std::string engineCsv = engine::render_csv(std::span<const std::shared_ptr<const Inspection>>(inspections));
    auto records = engine::parse_csv(engineCsv, "report", engine::CsvReadOptions{false, false});
    if (!records || records->empty()) return QString::fromStdString(engineCsv);
    std::vector<const verifier::ModuleReport*> modules;
    for (const auto& inspection : inspections) {
        for (const auto& m : inspection->modules) modules.push_back(&m);
    }
    if (records->size() != modules.size() + 1) return QString::fromStdString(engineCsv);   // never guess which row is which
    std::string out;
    for (std::size_t i = 0; i < records->size(); ++i) {
        std::vector<std::string> fields = std::move((*records)[i].fields);
        fields.push_back(i == 0 ? std::string("plain_reason") : topReasons(*modules[i - 1], 8).join(QStringLiteral("; ")).toStdString());
        out += engine::csv_record(fields);
    }
    return QString::fromStdString(out);
}

namespace {

// One module of a lot report: its latest inspection, and how often it was scanned.
struct LotRow {
    const verifier::ModuleReport* module = nullptr;
    const Inspection* inspection = nullptr;
    int scans = 0;
};

// Modules in the order they were first scanned (lotModuleKey), each with its latest verdict.
std::vector<LotRow> lotRows(const InspectionList& inspections) {
    std::vector<LotRow> rows;
    std::map<QString, std::size_t> index;
    for (const auto& inspection : inspections) {
        for (const auto& m : inspection->modules) {
            auto [it, fresh] = index.emplace(lotModuleKey(m), rows.size());
            if (fresh) rows.push_back({});
            LotRow& row = rows[it->second];
            row.module = &m;
            row.inspection = inspection.get();
            ++row.scans;
        }
    }
    return rows;
}

// "UTC+08:00": the zone of the times in the table (this machine's).
QString zoneOf(const QDateTime& now) { return timeWithZone(now).section(QLatin1Char(' '), 2); }

// "2026-12-05 12:31" in this machine's zone (named in the column header).
QString localTime(const std::string& rfc3339) { return timeWithZone(rfc3339).section(QLatin1Char(' '), 0, 1); }

// A table cell whose text never breaks inside a word (nor at a hyphen of a part number).
QString cell(const QString& text, const QString& style = {}) {
    return QStringLiteral("<td style=\"white-space:nowrap;%1\">%2</td>").arg(style, text.toHtmlEscaped());
}

}  // namespace

QString reportHtml(const InspectionList& inspections, const QString& title) {
    const std::vector<LotRow> rows = lotRows(inspections);
    std::array<int, 5> counts{};
    int rescans = 0;
    for (const LotRow& row : rows) {
        ++counts[static_cast<std::size_t>(row.module->verdict)];
        rescans += row.scans - 1;
    }
    QStringList lots;
    QString site;
    QString station;
    for (const auto& inspection : inspections) {
        const QString lot = QString::fromStdString(inspection->lot());
        if (!lot.isEmpty() && !lots.contains(lot)) lots << lot;
        if (!inspection->site.empty()) site = QString::fromStdString(inspection->site);
        if (inspection->recorded && !inspection->station.empty()) station = QString::fromStdString(inspection->station);
    }
    const QString none = QCoreApplication::translate("Report", "(none)");
    QString html = QStringLiteral("<html><head><meta charset=\"utf-8\"><title>%1</title></head><body style=\"font-size:9pt\">").arg(title.toHtmlEscaped());
    html += QStringLiteral("<h1>%1</h1>").arg(title.toHtmlEscaped());
    const QString stationText = station.isEmpty() ? QCoreApplication::translate("Report", "(sightings not recorded)")
                                                  : QCoreApplication::translate("Report", "station %1").arg(station.left(16));
    html += QStringLiteral("<p>%1: %2<br>%3: %4 (%5)<br>%6: %7</p>")
                .arg(QCoreApplication::translate("Report", "Lot / PO"), lots.isEmpty() ? none : lots.join(QStringLiteral(", ")).toHtmlEscaped(),
                     QCoreApplication::translate("Report", "Site"), site.isEmpty() ? none : site.toHtmlEscaped(), stationText.toHtmlEscaped(),
                     QCoreApplication::translate("Report", "Printed"), timeWithZone(QDateTime::currentDateTime()).toHtmlEscaped());
    const int moduleCount = static_cast<int>(rows.size());   // (a cast inside translate() hides the string from lupdate)
    QString tally = QCoreApplication::translate("Report", "%n module(s): ", nullptr, moduleCount) +
                    QCoreApplication::translate("Report", "%1 genuine, %2 suspect, %3 counterfeit, %4 unknown, %5 unreadable")
                        .arg(counts[0]).arg(counts[1]).arg(counts[2]).arg(counts[3]).arg(counts[4]);
    html += QStringLiteral("<p><b>%1</b>").arg(tally.toHtmlEscaped());
    if (rescans > 0) {
        html += QStringLiteral("<br>") +
                QCoreApplication::translate("Report", "%n rescan(s): each module is counted once, with its latest verdict", nullptr, rescans).toHtmlEscaped();
    }
    html += QStringLiteral("</p>");
    // <thead>: QTextDocument repeats the header row on every page.
    html += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\" width=\"100%\" style=\"font-size:8pt\"><thead><tr>");
    for (const QString& h : {QCoreApplication::translate("Report", "Slot"), QCoreApplication::translate("Report", "Verdict"),
                             QCoreApplication::translate("Report", "Part number"), QCoreApplication::translate("Report", "Capacity"),
                             QCoreApplication::translate("Report", "Speed"), QCoreApplication::translate("Report", "Serial"),
                             QCoreApplication::translate("Report", "Inspected (%1)").arg(zoneOf(QDateTime::currentDateTime())),
                             QCoreApplication::translate("Report", "Scans")}) {
        html += QStringLiteral("<th style=\"white-space:nowrap\">%1</th>").arg(h.toHtmlEscaped());
    }
    html += QStringLiteral("</tr></thead>");
    // Part numbers and serials in a fixed-width font: no ligature joins the "ff" of a hex serial
    // into one glyph that copies out of the PDF as U+FB00.
    const QString fixedFont = QStringLiteral("font-family:monospace");
    for (const LotRow& row : rows) {
        const verifier::ModuleReport& m = *row.module;
        const ModuleSummary s = summarize(m);
        html += QStringLiteral("<tr>") + cell(s.where) +
                cell(verdictText(m.verdict), QStringLiteral("background-color:%1; color:%2; font-weight:bold").arg(verdictColor(m.verdict).name(), verdictTextColor(m.verdict).name())) +
                cell(s.part, fixedFont) + cell(s.capacity) + cell(s.speed.section(QStringLiteral(" ("), 0, 0)) + cell(s.serial, fixedFont) +
                cell(localTime(row.inspection->finished.empty() ? row.inspection->started : row.inspection->finished)) +
                cell(QString::number(row.scans)) + QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    bool anyReasons = false;
    for (const LotRow& row : rows) {
        const verifier::ModuleReport& m = *row.module;
        if (m.verdict == verifier::Verdict::genuine) continue;
        if (!anyReasons) html += QStringLiteral("<h2>%1</h2>").arg(QCoreApplication::translate("Report", "Reasons").toHtmlEscaped());
        anyReasons = true;
        const ModuleSummary s = summarize(m);
        html += QStringLiteral("<p><b>%1 — %2</b> %3 %4<br><small>%5: %6</small></p><ul>")
                    .arg(s.where.toHtmlEscaped(), verdictText(m.verdict).toHtmlEscaped(), s.part.toHtmlEscaped(), s.serial.toHtmlEscaped(),
                         QCoreApplication::translate("Report", "codes"), findingCodes(m).toHtmlEscaped());
        if (!labelOf(m).isEmpty()) html += QStringLiteral("<li>%1: %2</li>").arg(QCoreApplication::translate("Report", "Label").toHtmlEscaped(), labelOf(m).toHtmlEscaped());
        for (const QString& r : topReasons(m, 8)) html += QStringLiteral("<li>%1</li>").arg(r.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    QStringList problems;
    for (const auto& inspection : inspections) {
        for (const auto& p : inspection->registry_problems) {
            const QString text = explainRegistryProblem(QString::fromStdString(p));
            if (!problems.contains(text)) problems << text;
        }
    }
    if (!problems.isEmpty()) {
        html += QStringLiteral("<h2>%1</h2><ul>").arg(QCoreApplication::translate("Report", "Registry problems").toHtmlEscaped());
        for (const auto& p : problems) html += QStringLiteral("<li>%1</li>").arg(p.toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    html += QStringLiteral("</body></html>");
    return html;
}

QString writeTextFile(const QString& path, const QString& text) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return QCoreApplication::translate("Report", "Cannot write %1: %2").arg(path, file.errorString());
    const QByteArray bytes = text.toUtf8();
    if (file.write(bytes) != bytes.size() || !file.commit()) return QCoreApplication::translate("Report", "Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

void printReport(QPagedPaintDevice& device, const InspectionList& inspections, const QString& title) {
    QTextDocument document;
    document.setHtml(reportHtml(inspections, title));
    document.print(&device);
}

QString writePdf(const QString& path, const InspectionList& inspections, const QString& title) {
    {
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly)) return QCoreApplication::translate("Report", "Cannot write %1: %2").arg(path, probe.errorString());
    }
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(300);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("dimmguard-gui"));
    printReport(writer, inspections, title);
    return {};
}

EvidenceOutcome writeEvidenceFiles(const QString& reportPath, const Inspection& inspection, const QString& dataDir) {
    EvidenceOutcome out;
    std::vector<const verifier::ModuleReport*> recorded;
    for (const auto& m : inspection.modules) {
        const QString slot = m.slot.empty() ? QString::fromStdString(m.location) : QString::fromStdString(m.slot);
        if (m.sighting && m.read && !m.read->image.empty()) {
            recorded.push_back(&m);
        } else {
            out.missing << QCoreApplication::translate("Report", "%1: not recorded in the registry, so there is no evidence to export").arg(slot);
        }
    }
    if (recorded.empty()) return out;
    auto database = db::Database::open_read_only(dataDir.toStdString());
    if (!database) {
        out.missing << QCoreApplication::translate("Report", "No evidence file: %1").arg(QString::fromStdString(database.error().message));
        return out;
    }
    const QFileInfo report(reportPath);
    const QString base = report.dir().filePath(report.completeBaseName());
    for (const auto* m : recorded) {
        const QString slot = m->slot.empty() ? QString::fromStdString(m->location) : QString::fromStdString(m->slot);
        QString safe = slot;
        for (QChar& ch : safe) {
            if (!ch.isLetterOrNumber() && ch != QLatin1Char('-') && ch != QLatin1Char('_')) ch = QLatin1Char('_');
        }
        const QString path = recorded.size() == 1 ? base + QStringLiteral(".evidence") : base + QLatin1Char('-') + safe + QStringLiteral(".evidence");
        const std::vector<db::EvidenceFinding> findings = db::evidence_findings(m->check.findings);
        // A damaged image (CRC) is recorded without its fingerprint (verifier::Inspector):
        // nothing ties it to the sighting, so its evidence goes without it.
        std::optional<std::vector<std::uint8_t>> image;
        if (auto subject = db::evidence_subject(*database, *m->sighting); !subject || !subject->fingerprint.empty()) image = m->read->image;
        auto text = db::export_evidence(*database, *m->sighting, image, {}, findings);
        if (!text) {
            out.missing << QCoreApplication::translate("Report", "%1: no evidence file: %2").arg(slot, QString::fromStdString(text.error().message));
            continue;
        }
        const QString error = writeTextFile(path, QString::fromStdString(*text));
        if (!error.isEmpty()) {
            out.missing << error;
            continue;
        }
        out.written << path;
    }
    return out;
}

QString lotModuleKey(const verifier::ModuleReport& module) {
    const QString at = QString::fromStdString(module.location);
    return module.check.identity ? QStringLiteral("id:%1@%2").arg(QString::fromStdString(module.check.identity->key()), at)
                                 : QStringLiteral("at:") + at;
}

}  // namespace dimmguard::gui
