// SPDX-License-Identifier: GPL-3.0-or-later
// Presence polling: probe the chosen source every interval (reads only, SpdReader::probe, on a
// worker thread) and report modules that appear or disappear, so inserting a module starts an
// inspection without a key press. Works the same on an emulated bench file (edit the file to
// "insert" a module) and on /dev/i2c-N.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include "app_context.hpp"

namespace dimmguard::gui {

struct PresenceProbe {
    QStringList present;   ///< locations ("i2c-0 0x50"), sorted
    QString error;         ///< "" when the probe worked
};

/// One blocking probe of a source (worker thread).
[[nodiscard]] PresenceProbe probePresence(const SourceChoice& source, const QString& devRoot, const QString& sysfsRoot);

class PresencePoller : public QObject {
    Q_OBJECT
public:
    explicit PresencePoller(QObject* parent = nullptr);
    ~PresencePoller() override;

    void setSource(const SourceChoice& source, const QString& devRoot = QStringLiteral("/dev"),
                   const QString& sysfsRoot = QStringLiteral("/"));
    void setIntervalMs(int ms);
    void start();                 ///< first probe sets the baseline (no `inserted` for it)
    void stop();
    [[nodiscard]] bool isActive() const;
    /// While paused (an inspection holds the bus) no probe is started.
    void setPaused(bool paused);
    [[nodiscard]] QStringList present() const { return present_; }

signals:
    void inserted(const QStringList& locations);
    void removed(const QStringList& locations);
    void probeFailed(const QString& message);
    void probed();                ///< after every finished probe (tests)

private:
    void tick();
    void collect();

    QTimer timer_;
    QFutureWatcher<PresenceProbe> watcher_;
    SourceChoice source_;
    QString devRoot_ = QStringLiteral("/dev");
    QString sysfsRoot_ = QStringLiteral("/");
    QStringList present_;
    bool baseline_ = false;
    bool paused_ = false;
    int generation_ = 0;          ///< bumps on setSource: stale probe results are ignored
    int probeGeneration_ = 0;
    QString lastError_;
};

}  // namespace dimmguard::gui
