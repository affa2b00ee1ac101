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

#include "db/database.hpp"
#include "db/evidence.hpp"
#include "engine/render.hpp"
#include "module_text.hpp"

namespace dimmguard::gui {
namespace {

QString findingCodes(const verifier::ModuleReport& m) { return QString::fromStdString(engine::finding_codes(m)); }

QString labelOf(const verifier::ModuleReport& m) { return m.label ? QString::fromStdString(*m.label) : QString(); }

}  // namespace

QString reportCsv(const InspectionList& inspections) {
    return QString::fromStdString(engine::render_csv(std::span<const std::shared_ptr<const Inspection>>(inspections)));
}

QString reportHtml(const InspectionList& inspections, const QString& title) {
    std::array<int, 5> counts{};
    QStringList lots;
    QString station;
    int modules = 0;
    for (const auto& inspection : inspections) {
        const QString lot = QString::fromStdString(inspection->lot());
        if (!lot.isEmpty() && !lots.contains(lot)) lots << lot;
        if (inspection->recorded && !inspection->station.empty()) station = QString::fromStdString(inspection->station);
        for (const auto& m : inspection->modules) {
            ++counts[static_cast<std::size_t>(m.verdict)];
            ++modules;
        }
    }
    QString html = QStringLiteral("<html><head><meta charset=\"utf-8\"><title>%1</title></head><body>").arg(title.toHtmlEscaped());
    html += QStringLiteral("<h1>%1</h1>").arg(title.toHtmlEscaped());
    html += QStringLiteral("<p>%1: %2<br>%3: %4<br>%5: %6</p>")
                .arg(QCoreApplication::translate("Report", "Lot / PO"), lots.isEmpty() ? QCoreApplication::translate("Report", "(none)") : lots.join(QStringLiteral(", ")).toHtmlEscaped(),
                     QCoreApplication::translate("Report", "Station"), station.isEmpty() ? QCoreApplication::translate("Report", "(sightings not recorded)") : station.toHtmlEscaped(),
                     QCoreApplication::translate("Report", "Printed"), QDateTime::currentDateTime().toString(Qt::ISODate));
    html += QStringLiteral("<p><b>%1</b></p>")
                .arg(QCoreApplication::translate("Report", "%1 modules: %2 genuine, %3 suspect, %4 counterfeit, %5 unknown, %6 unreadable")
                         .arg(modules).arg(counts[0]).arg(counts[1]).arg(counts[2]).arg(counts[3]).arg(counts[4]));
    html += QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\"><tr>");
    for (const QString& h : {QCoreApplication::translate("Report", "Slot"), QCoreApplication::translate("Report", "Verdict"), QCoreApplication::translate("Report", "Maker"), QCoreApplication::translate("Report", "Part number"), QCoreApplication::translate("Report", "Capacity"), QCoreApplication::translate("Report", "Speed"),
                             QCoreApplication::translate("Report", "Serial"), QCoreApplication::translate("Report", "Date"), QCoreApplication::translate("Report", "Label")}) {
        html += QStringLiteral("<th>%1</th>").arg(h.toHtmlEscaped());
    }
    html += QStringLiteral("</tr>");
    for (const auto& inspection : inspections) {
        for (const auto& m : inspection->modules) {
            const ModuleSummary s = summarize(m);
            html += QStringLiteral("<tr><td>%1</td><td style=\"background-color:%2; color:%3\"><b>%4</b></td>")
                        .arg(s.where.toHtmlEscaped(), verdictColor(m.verdict).name(), verdictTextColor(m.verdict).name(),
                             verdictText(m.verdict).toHtmlEscaped());
            for (const QString& v : {s.maker, s.part, s.capacity, s.speed, s.serial, s.date, labelOf(m)}) {
                html += QStringLiteral("<td>%1</td>").arg(v.toHtmlEscaped());
            }
            html += QStringLiteral("</tr>");
        }
    }
    html += QStringLiteral("</table>");
    bool anyReasons = false;
    for (const auto& inspection : inspections) {
        for (const auto& m : inspection->modules) {
            if (m.verdict == verifier::Verdict::genuine) continue;
            if (!anyReasons) html += QStringLiteral("<h2>%1</h2>").arg(QCoreApplication::translate("Report", "Reasons").toHtmlEscaped());
            anyReasons = true;
            const ModuleSummary s = summarize(m);
            html += QStringLiteral("<p><b>%1 — %2</b> (%3)</p><ul>")
                        .arg(s.where.toHtmlEscaped(), verdictText(m.verdict).toHtmlEscaped(), findingCodes(m).toHtmlEscaped());
            for (const QString& r : topReasons(m, 8)) html += QStringLiteral("<li>%1</li>").arg(r.toHtmlEscaped());
            html += QStringLiteral("</ul>");
        }
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

}  // namespace dimmguard::gui
