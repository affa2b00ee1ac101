// SPDX-License-Identifier: GPL-3.0-or-later
// Plain-words text shared by every screen and report: verdict names and colours, the module
// summary (maker, part, capacity, speed, serial, date), reasons, and actionable error messages.
#pragma once

#include <QColor>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include "app_context.hpp"   // the core headers, with Qt's `slots` macro kept out of them
#include "dimmguard/error.hpp"

namespace dimmguard::gui {

/// "GENUINE", "SUSPECT", "COUNTERFEIT", "UNKNOWN", "UNREADABLE" (translated).
[[nodiscard]] QString verdictText(verifier::Verdict verdict);
/// The kind of fraud in plain words for intake staff (which complaint to file); "" for none.
[[nodiscard]] QString fraudKindText(verifier::FraudKind kind);
/// Untranslated, lower-case name for files ("genuine" ...).
[[nodiscard]] QString verdictKey(verifier::Verdict verdict);
/// Banner background: green, amber, red, grey (unknown and unreadable).
[[nodiscard]] QColor verdictColor(verifier::Verdict verdict);
/// Text colour that reads well on verdictColor().
[[nodiscard]] QColor verdictTextColor(verifier::Verdict verdict);

/// What intake staff see about one module; fields are "" when the SPD could not be decoded.
struct ModuleSummary {
    QString where;      ///< slot label, else the location ("i2c-0 0x50")
    QString location;
    QString maker;
    QString part;
    QString capacity;   ///< "64 GB"
    QString speed;      ///< "DDR5-4800"
    QString type;       ///< "DDR5 RDIMM"
    QString serial;
    QString date;       ///< "2024-W18"
};
[[nodiscard]] ModuleSummary summarize(const verifier::ModuleReport& module);

/// One finding as a plain sentence in the operator's language, built from its evidence fields
/// (part numbers, serials, dates and counts are the only untranslated words in it).
[[nodiscard]] QString plainReason(const verifier::Finding& finding);
/// The top reasons in plain words: fail findings, then warnings, one sentence each (at most
/// `limit` lines, no duplicates); a genuine / unknown / unreadable module without findings
/// gets one line saying why.
[[nodiscard]] QStringList topReasons(const verifier::ModuleReport& module, int limit = 4);
/// The technical detail behind the plain reasons, for the expandable section and the Bench
/// screen: "CODE [severity]  message" per finding (English, as in the CLI and JSON), then the
/// engine's verdict reason.
[[nodiscard]] QStringList technicalDetails(const verifier::ModuleReport& module);

/// A time for people, with its zone: "2026-12-05 12:31 UTC+08:00" in this machine's zone.
[[nodiscard]] QString timeWithZone(const QDateTime& time);
/// The same from RFC 3339 text ("2026-12-05T04:31:02Z"); the text itself when it does not parse.
[[nodiscard]] QString timeWithZone(const std::string& rfc3339);

/// The worst verdict of a report (counterfeit > suspect > unreadable > unknown > genuine);
/// unknown for an empty report.
[[nodiscard]] verifier::Verdict worstVerdict(const engine::InspectionReport& report);

/// An error of a whole source (acquire) in three parts: what is wrong (for the banner), the one
/// thing that fixes it (for the next-step line), and the engine's own message (technical details).
struct SourceProblem {
    QString headline;
    QString action;
    QString detail;
};
[[nodiscard]] SourceProblem describeSourceError(const Error& error, const SourceChoice& source);
/// describeSourceError() as one line: "headline. action (detail)".
[[nodiscard]] QString explainSourceError(const Error& error, const SourceChoice& source);
/// A registry problem (from the report or the status probe) with what to do about it.
[[nodiscard]] QString explainRegistryProblem(const QString& problem);

}  // namespace dimmguard::gui
