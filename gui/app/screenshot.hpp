// SPDX-License-Identifier: GPL-3.0-or-later
// Screenshot mode (dimmguard-gui --screenshots DIR): scan a genuine and a counterfeit demo
// slot with their labels, then grab every screen in every language to DIR/<screen>-<lang>.png.
#pragma once

#include <QObject>
#include <QStringList>

namespace dimmguard::gui {

class AppContext;
class MainWindow;

class ScreenshotDriver : public QObject {
    Q_OBJECT
public:
    struct Scan {
        QString slot;
        QString label;
    };
    ScreenshotDriver(MainWindow& window, AppContext& context, QString directory, QStringList languages, QList<Scan> scans,
                     QString lot, QObject* parent = nullptr);
    void start();

signals:
    void done(int failures);

private:
    void nextScan();
    void grabAll();

    MainWindow& window_;
    AppContext& context_;
    QString directory_;
    QStringList languages_;
    QList<Scan> scans_;
    QString lot_;
    int failures_ = 0;
};

}  // namespace dimmguard::gui
