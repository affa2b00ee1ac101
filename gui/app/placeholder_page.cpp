// SPDX-License-Identifier: GPL-3.0-or-later
#include "placeholder_page.hpp"

#include <QCoreApplication>
#include <QEvent>

namespace dimmguard::gui {

PlaceholderPage::PlaceholderPage(const char* title, QWidget* parent) : QLabel(parent), title_(title) {
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    retranslate();
}

void PlaceholderPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QLabel::changeEvent(event);
}

void PlaceholderPage::retranslate() {
    setText(tr("The %1 screen is not part of this build (gui/pages was not built).")
                .arg(QCoreApplication::translate("dimmguard::gui::MainWindow", title_)));
}

}  // namespace dimmguard::gui
