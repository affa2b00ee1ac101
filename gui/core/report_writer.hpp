// SPDX-License-Identifier: GPL-3.0-or-later
// Reports of one inspection or a whole lot: CSV (one row per module), HTML (what the PDF and
// the printout render), PDF through QPdfWriter, and printing through QPrinter.
#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "app_context.hpp"

class QPagedPaintDevice;

namespace dimmguard::gui {

using InspectionList = std::vector<std::shared_ptr<const Inspection>>;

/// engine::render_csv of the inspections (header plus one row per module; RFC 4180 with the
/// formula guard), as text.
/// What makes one module of a lot: its identity (maker + serial) in the slot it was read from,
/// or only the slot when the SPD gave no identity. The same module scanned again in its slot is
/// a re-scan; the same identity in another slot is another module (clones are counted, never
/// merged into one).
[[nodiscard]] QString lotModuleKey(const verifier::ModuleReport& module);
[[nodiscard]] QString reportCsv(const InspectionList& inspections);
/// A printable HTML document: title, context, tally, one section per module with its reasons.
[[nodiscard]] QString reportHtml(const InspectionList& inspections, const QString& title);
/// Write `text` to `path` (UTF-8). Returns "" or an error message naming the file.
[[nodiscard]] QString writeTextFile(const QString& path, const QString& text);
/// Render reportHtml() to a PDF file. Returns "" or an error message naming the file.
[[nodiscard]] QString writePdf(const QString& path, const InspectionList& inspections, const QString& title);
/// Render reportHtml() onto a printer (or any paged device).
void printReport(QPagedPaintDevice& device, const InspectionList& inspections, const QString& title);

/// What writeEvidenceFiles() did: the files written, and one line for each module without one.
struct EvidenceOutcome {
    QStringList written;
    QStringList missing;
};
/// The evidence file (db::export_evidence, docs/registry-format.md "Evidence bundles") of each
/// recorded module of `inspection`, next to the report `reportPath`: "<base>.evidence" for one
/// module, "<base>-<slot>.evidence" for several. Each carries the module's SPD image (unless
/// the sighting recorded no fingerprint: an image that failed its CRC) and its findings in the
/// words the desk showed. Opens the registry at `dataDir` read-only: database
/// work, so call it off the UI thread. A module that was not recorded, or whose registry does
/// not answer cleanly, gets a line in `missing` saying why (its report is written regardless).
[[nodiscard]] EvidenceOutcome writeEvidenceFiles(const QString& reportPath, const Inspection& inspection, const QString& dataDir);

}  // namespace dimmguard::gui
