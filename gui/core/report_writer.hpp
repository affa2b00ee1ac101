// SPDX-License-Identifier: GPL-3.0-or-later
// Reports of one inspection or a whole lot: CSV (one row per module), HTML (what the PDF and
// the printout render), PDF through QPdfWriter, and printing through QPrinter.
#pragma once

#include <QString>

#include <memory>
#include <vector>

#include "app_context.hpp"

class QPagedPaintDevice;

namespace dimmguard::gui {

using InspectionList = std::vector<std::shared_ptr<const Inspection>>;

/// engine::render_csv of the inspections (header plus one row per module; RFC 4180 with the
/// formula guard), as text.
[[nodiscard]] QString reportCsv(const InspectionList& inspections);
/// A printable HTML document: title, context, tally, one section per module with its reasons.
[[nodiscard]] QString reportHtml(const InspectionList& inspections, const QString& title);
/// Write `text` to `path` (UTF-8). Returns "" or an error message naming the file.
[[nodiscard]] QString writeTextFile(const QString& path, const QString& text);
/// Render reportHtml() to a PDF file. Returns "" or an error message naming the file.
[[nodiscard]] QString writePdf(const QString& path, const InspectionList& inspections, const QString& title);
/// Render reportHtml() onto a printer (or any paged device).
void printReport(QPagedPaintDevice& device, const InspectionList& inspections, const QString& title);

}  // namespace dimmguard::gui
