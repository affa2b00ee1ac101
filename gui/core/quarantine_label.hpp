// SPDX-License-Identifier: GPL-3.0-or-later
// The quarantine label stuck on a module that goes into the quarantine bin: part, serial,
// verdict, the plain reason, date with time zone, site, and a QR code of the evidence id (the
// inspection's sighting id, which `dimmguard evidence export --inspection ID` takes), sized for
// a label printer (62 mm x 100 mm die-cut or continuous roll).
#pragma once

#include <QImage>
#include <QPageSize>
#include <QString>

#include "app_context.hpp"

class QPagedPaintDevice;
class QPainter;

namespace dimmguard::gui {

struct QuarantineLabel {
    QString verdict;      ///< translated ("COUNTERFEIT")
    QString part;
    QString serial;
    QString identity;     ///< MAKER-LOC-DATE-SERIAL
    QString reason;       ///< the first plain reason
    QString time;         ///< inspection time with its zone ("2026-12-05 12:31 UTC+08:00")
    QString site;
    QString lot;
    QString evidenceId;   ///< sighting id "<station>:<n>" ("" when the inspection was not recorded)
};

/// The label of module `index` of `inspection` (index must be valid).
[[nodiscard]] QuarantineLabel quarantineLabelFor(const Inspection& inspection, int index);
/// The text the QR code carries: "dimmguard:evidence:<sighting id>" (or the identity when not recorded).
[[nodiscard]] QString quarantineQrPayload(const QuarantineLabel& label);
/// A QR code (error correction M) of `payload`, one pixel per module, black on white with a
/// four-module quiet zone; a null image (and `error`) when libqrencode cannot encode it.
[[nodiscard]] QImage qrCodeImage(const QByteArray& payload, QString* error = nullptr);
/// 62 mm x 100 mm, portrait: the common label printer roll width.
[[nodiscard]] QPageSize quarantineLabelPageSize();
/// Paint the label into `device` (a QPdfWriter or a QPrinter set to the label page size);
/// false when the device could not be painted (an unwritable file, a printer that went away).
[[nodiscard]] bool paintQuarantineLabel(QPagedPaintDevice& device, const QuarantineLabel& label);
/// Write the label as a one-page PDF. Returns "" or an error message naming the file.
[[nodiscard]] QString writeQuarantineLabelPdf(const QString& path, const QuarantineLabel& label);

}  // namespace dimmguard::gui
