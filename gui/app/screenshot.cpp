// SPDX-License-Identifier: GPL-3.0-or-later
// Screenshot mode: the same widgets as in use, rendered offscreen.
#include "screenshot.hpp"

#include <QScrollArea>
#include <QScrollBar>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPixmap>
#include <QThread>
#include <QTimer>

#include <cstdio>

#include "app_context.hpp"
#include "intake_page.hpp"
#include "main_window.hpp"

namespace dimmguard::gui {
namespace {

// Let queued work (page refreshes on worker threads) land before grabbing.
void settle(int ms) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
}

}  // namespace

ScreenshotDriver::ScreenshotDriver(MainWindow& window, AppContext& context, QString directory, QStringList languages,
                                   QList<Scan> scans, QString lot, QObject* parent)
    : QObject(parent), window_(window), context_(context), directory_(std::move(directory)), languages_(std::move(languages)),
      scans_(std::move(scans)), lot_(std::move(lot)) {}

void ScreenshotDriver::start() {
    QDir().mkpath(directory_);
    if (auto* lot = window_.intake().findChild<QLineEdit*>(QStringLiteral("lotEdit"))) lot->setText(lot_);
    connect(&window_.intake(), &IntakePage::inspectionShown, this, [this] { QTimer::singleShot(0, this, &ScreenshotDriver::nextScan); });
    connect(&window_.intake(), &IntakePage::scanFailed, this, [this](const QString& message) {
        std::fprintf(stderr, "screenshots: scan failed: %s\n", qPrintable(message));
        ++failures_;
        QTimer::singleShot(0, this, &ScreenshotDriver::nextScan);
    });
    QTimer::singleShot(300, this, &ScreenshotDriver::nextScan);
}

void ScreenshotDriver::nextScan() {
    if (scans_.isEmpty()) {
        grabAll();
        return;
    }
    const Scan scan = scans_.takeFirst();
    IntakePage& intake = window_.intake();
    if (!intake.selectSlot(scan.slot)) {
        std::fprintf(stderr, "screenshots: no slot %s on the bench\n", qPrintable(scan.slot));
        ++failures_;
        QTimer::singleShot(0, this, &ScreenshotDriver::nextScan);
        return;
    }
    if (auto* label = intake.findChild<QLineEdit*>(QStringLiteral("labelEdit"))) label->setText(scan.label);
    intake.scan();
}

void ScreenshotDriver::grabAll() {
    for (const QString& language : languages_) {
        context_.useLanguageForThisRun(language);
        for (int screen = 0; screen < MainWindow::screenCount; ++screen) {
            window_.showScreen(screen);
            settle(400);
            const QString file = QDir(directory_).filePath(MainWindow::screenKey(screen) + QLatin1Char('-') + language + QStringLiteral(".png"));
            if (!window_.grab().save(file)) {
                std::fprintf(stderr, "screenshots: cannot write %s\n", qPrintable(file));
                ++failures_;
            } else {
                std::printf("%s\n", qPrintable(file));
            }
            // Settings scrolls: its lower half (language and sounds) gets its own picture.
            auto* scroll = screen == MainWindow::settingsScreen ? window_.findChild<QScrollArea*>(QStringLiteral("settingsScroll")) : nullptr;
            if (scroll != nullptr) {
                scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
                settle(200);
                const QString lower = QDir(directory_).filePath(QStringLiteral("settings-sounds-") + language + QStringLiteral(".png"));
                if (!window_.grab().save(lower)) {
                    std::fprintf(stderr, "screenshots: cannot write %s\n", qPrintable(lower));
                    ++failures_;
                } else {
                    std::printf("%s\n", qPrintable(lower));
                }
                scroll->verticalScrollBar()->setValue(0);
            }
        }
    }
    window_.showScreen(MainWindow::intakeScreen);
    emit done(failures_);
}

}  // namespace dimmguard::gui
