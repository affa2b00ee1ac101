// SPDX-License-Identifier: GPL-3.0-or-later
// Stands in for the Bench / History / Registry screens when gui/pages is not built.
#pragma once

#include <QLabel>

namespace dimmguard::gui {

class PlaceholderPage : public QLabel {
    Q_OBJECT
public:
    /// `title` is an untranslated source string (QT_TR_NOOP) retranslated on language change.
    explicit PlaceholderPage(const char* title, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    const char* title_;
};

}  // namespace dimmguard::gui
