// SPDX-License-Identifier: GPL-3.0-or-later
// What intake staff do next after each verdict: built-in defaults in the operator's language,
// replaced per site by a small INI file (docs/user-guide.md "What to do next").
#pragma once

#include <QString>
#include <QStringList>

#include <map>

#include "app_context.hpp"

namespace dimmguard::gui {

/// The site's next-step texts. Plain text only (shown as such, never as rich text), at most
/// maxTextLength characters each.
class NextSteps {
public:
    static constexpr int maxTextLength = 300;

    /// The built-in texts (translated at the time of the call).
    NextSteps() = default;
    /// Read `path` (INI: a [genuine] / [suspect] / [counterfeit] / [unknown] / [unreadable]
    /// section, each with `text=` and optional `text_<lang>=`, e.g. `text_zh_CN=`). A missing
    /// file gives the defaults and no problem; an unreadable or malformed one gives the defaults
    /// for what it lacks and a one-line `problem()` naming the file.
    static NextSteps load(const QString& path);
    /// The next-steps file of a registry directory: $DIMMGUARD_NEXT_STEPS, else
    /// <dataDir>/next-steps.ini.
    [[nodiscard]] static QString defaultPath(const QString& dataDir);

    /// The text for `verdict` in `language` ("en", "zh_CN"): the site's text in that language,
    /// else the site's `text=`, else the built-in default.
    [[nodiscard]] QString forVerdict(verifier::Verdict verdict, const QString& language) const;
    /// "" or why the site's file was not (fully) used.
    [[nodiscard]] const QString& problem() const { return problem_; }
    [[nodiscard]] const QString& path() const { return path_; }

    /// The built-in text for `verdict` in the current translation.
    [[nodiscard]] static QString builtIn(verifier::Verdict verdict);

private:
    std::map<QString, QString> site_;   ///< "<verdict>" or "<verdict>/<lang>" -> text
    QString problem_;
    QString path_;
};

}  // namespace dimmguard::gui
