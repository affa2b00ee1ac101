// SPDX-License-Identifier: GPL-3.0-or-later
// Quarantine labels: text from the inspection, the QR code from libqrencode, painted with QPainter.
#include "quarantine_label.hpp"

#include <qrencode.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QFontDatabase>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

#include "module_text.hpp"

namespace dimmguard::gui {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

QuarantineLabel quarantineLabelFor(const Inspection& inspection, int index) {
    const auto& m = inspection.modules.at(static_cast<std::size_t>(index));
    const ModuleSummary s = summarize(m);
    QuarantineLabel label;
    label.verdict = verdictText(m.verdict);
    label.part = s.part;
    label.serial = s.serial;
    if (m.check.identity) label.identity = qs(m.check.identity->key());
    const QStringList reasons = topReasons(m, 1);
    label.reason = reasons.isEmpty() ? QString() : reasons.front();
    label.time = timeWithZone(inspection.finished.empty() ? inspection.started : inspection.finished);
    label.site = qs(inspection.site);
    label.lot = qs(inspection.lot());
    if (m.sighting) label.evidenceId = qs(*m.sighting);
    return label;
}

QString quarantineQrPayload(const QuarantineLabel& label) {
    if (!label.evidenceId.isEmpty()) return QStringLiteral("dimmguard:evidence:") + label.evidenceId;
    return QStringLiteral("dimmguard:identity:") + label.identity;
}

QImage qrCodeImage(const QByteArray& payload, QString* error) {
    // QRcode_encodeData takes the bytes as they are (8-bit mode).
    const auto* bytes = reinterpret_cast<const unsigned char*>(payload.constData());
    QRcode* code = QRcode_encodeData(static_cast<int>(payload.size()), bytes, 0, QR_ECLEVEL_M);
    if (code == nullptr) {
        const int size = static_cast<int>(payload.size());
        if (error != nullptr) *error = QCoreApplication::translate("Text", "The QR code cannot hold %n byte(s)", nullptr, size);
        return {};
    }
    constexpr int quiet = 4;
    const int width = code->width;
    QImage image(width + 2 * quiet, width + 2 * quiet, QImage::Format_Mono);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    image.fill(0);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if ((code->data[y * width + x] & 1) != 0) image.setPixel(x + quiet, y + quiet, 1);
        }
    }
    QRcode_free(code);
    return image;
}

QPageSize quarantineLabelPageSize() {
    return QPageSize(QSizeF(62, 100), QPageSize::Millimeter, QStringLiteral("Label 62 x 100 mm"), QPageSize::ExactMatch);
}

bool paintQuarantineLabel(QPagedPaintDevice& device, const QuarantineLabel& label) {
    QPainter painter(&device);
    if (!painter.isActive()) return false;
    const QRectF page(0, 0, device.width(), device.height());
    const qreal mm = device.logicalDpiX() / 25.4;
    const qreal margin = 3 * mm;
    QRectF area = page.adjusted(margin, margin, -margin, -margin);
    auto font = [&](qreal points, bool bold) {
        QFont f(QStringLiteral("sans-serif"));
        f.setPointSizeF(points);
        f.setBold(bold);
        return f;
    };
    // Serials and ids in a fixed-width font: no ligature ever turns "ff" of a hex id into one
    // glyph (which copies and scans back as U+FB00), and 0/O and 1/l stay apart.
    auto fixed = [&](qreal points, bool bold) {
        QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        f.setPointSizeF(points);
        f.setBold(bold);
        return f;
    };
    // Header band: QUARANTINE / the verdict, white on black, readable from across the cage.
    const QRectF band(area.left(), area.top(), area.width(), 16 * mm);
    painter.fillRect(band, Qt::black);
    painter.setPen(Qt::white);
    painter.setFont(font(15, true));
    painter.drawText(band.adjusted(0, 1 * mm, 0, -8 * mm), Qt::AlignCenter, QCoreApplication::translate("Text", "QUARANTINE"));
    painter.setFont(font(11, true));
    painter.drawText(band.adjusted(0, 8 * mm, 0, 0), Qt::AlignCenter, label.verdict);
    painter.setPen(Qt::black);
    qreal y = band.bottom() + 2 * mm;
    qreal columnWidth = area.width();
    auto line = [&](const QString& caption, const QString& value, qreal points, bool bold, bool code = false) {
        if (value.isEmpty()) return;
        painter.setFont(font(6, false));
        painter.drawText(QRectF(area.left(), y, columnWidth, 3 * mm), Qt::AlignLeft | Qt::AlignVCenter, caption);
        y += 3 * mm;
        painter.setFont(code ? fixed(points, bold) : font(points, bold));
        const QRectF box(area.left(), y, columnWidth, area.bottom() - y);
        QRectF used;
        painter.drawText(box, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, value, &used);
        y += used.height() + 1.2 * mm;
    };
    line(QCoreApplication::translate("Text", "Part number"), label.part, 10, true, true);
    line(QCoreApplication::translate("Text", "Serial"), label.serial, 10, true, true);
    // Below: the details on the left, the QR code of the evidence id on the right, its id in
    // text under it for hand entry.
    const qreal side = 24 * mm;
    const QRectF qrBox(area.right() - side, y + 1 * mm, side, side);
    QString error;
    const QImage qr = qrCodeImage(quarantineQrPayload(label).toUtf8(), &error);
    if (!qr.isNull()) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
        painter.drawImage(qrBox, qr.convertToFormat(QImage::Format_RGB32));
    }
    // 5 pt fixed width: "Evidence " and a 32-digit station id with its sequence number (43
    // characters, about 45 mm) fit the 56 mm line.
    painter.setFont(fixed(5, false));
    painter.drawText(QRectF(area.left(), area.bottom() - 4 * mm, area.width(), 4 * mm), Qt::AlignHCenter | Qt::AlignBottom,
                     label.evidenceId.isEmpty() ? label.identity : QCoreApplication::translate("Text", "Evidence %1").arg(label.evidenceId));
    columnWidth = area.width() - side - 2 * mm;
    line(QCoreApplication::translate("Text", "Reason"), label.reason, 7, false);
    line(QCoreApplication::translate("Text", "Inspected"), label.time, 7, false);
    line(QCoreApplication::translate("Text", "Site"), label.site, 7, false);
    line(QCoreApplication::translate("Text", "Lot / PO"), label.lot, 7, false);
    return painter.end();
}

QString writeQuarantineLabelPdf(const QString& path, const QuarantineLabel& label) {
    QPdfWriter writer(path);
    writer.setPageSize(quarantineLabelPageSize());
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(300);
    writer.setTitle(QCoreApplication::translate("Text", "Quarantine label %1").arg(label.serial));
    writer.setCreator(QStringLiteral("dimmguard-gui"));
    if (!paintQuarantineLabel(writer, label)) return QCoreApplication::translate("Text", "Could not write %1").arg(path);
    return {};
}

}  // namespace dimmguard::gui
