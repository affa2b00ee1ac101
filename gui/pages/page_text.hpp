// SPDX-License-Identifier: GPL-3.0-or-later
// Translated words the three pages share: verdicts, events, field names of the decode tree.
#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>

#include <string>
#include <string_view>

namespace dimmguard::gui {

class PageText {
    Q_DECLARE_TR_FUNCTIONS(dimmguard::gui::PageText)
public:
    /// "genuine" -> "Genuine" / "正品"; unknown words come back as given.
    [[nodiscard]] static QString verdict(std::string_view name);
    /// Banner colour of a verdict (green, amber, red, grey).
    [[nodiscard]] static QColor verdictColour(std::string_view name);
    /// "intake", "bench", "burn-in", "ship", "return", "move", and the dispositions
    /// "quarantine", "release", "rma", "scrap".
    [[nodiscard]] static QString event(std::string_view name);
    /// Label of a key of the decode JSON ("part_number" -> "Part number"); the key itself when unknown.
    [[nodiscard]] static QString field(const std::string& key);
    /// "yes" / "no".
    [[nodiscard]] static QString yesNo(bool value);
    /// Separator of a short list of words (", " in English, "、" in Chinese).
    [[nodiscard]] static QString listSeparator();
    /// A role of a registry key ("parts", "serials", "revocations", "station", "qa").
    [[nodiscard]] static QString role(std::string_view name);
};

/// UTF-8 std::string -> QString.
[[nodiscard]] inline QString qs(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }

}  // namespace dimmguard::gui
