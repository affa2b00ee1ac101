// SPDX-License-Identifier: GPL-3.0-or-later
// What the window says about the registry (present, trusted, expired) and the station: a
// blocking probe meant for a worker thread (it opens its own db::Database).
#pragma once

#include <QString>
#include <QStringList>

namespace dimmguard::gui {

struct RegistryStatus {
    QString dataDir;
    bool present = false;       ///< the registry file (db::registry_file_name) exists
    bool usable = false;        ///< opened, trust root pinned, station key readable
    QString stationId;          ///< key id of the station key ("" when not usable)
    QString site;               ///< site name stored in the registry
    QString trustExpires;       ///< RFC 3339 expiry of the current trust document ("" when none)
    QStringList problems;       ///< raw problems (see explainRegistryProblem)
    // The fleet (docs/fleet.md), as the sync rounds left it: shown in the status bar.
    QString fleetServer;        ///< remembered server ("" and no round yet: not in a fleet)
    QString lastSyncAttempt;    ///< RFC 3339, "" never
    QString lastSyncOk;         ///< RFC 3339 of the last completed round, "" never
    QString syncError;          ///< why the last round failed ("" when it completed)
    int syncConflicts = 0;      ///< conflicts and problems of the last completed round
    qint64 pendingSightings = 0;  ///< this station's sightings the server does not have yet
    int lateFindings = 0;       ///< late-finding alerts stored
    QStringList lateFindingLines; ///< the newest ones, one line each, newest first
};

/// Open the registry in `dataDir` (db::Database::open_existing: never creates one) and read the station and trust state.
/// Blocking: call from a worker thread.
[[nodiscard]] RegistryStatus probeRegistry(const QString& dataDir);

/// Store the site name in the registry (sightings carry it). Returns "" or an error message.
/// Blocking: call from a worker thread.
[[nodiscard]] QString storeSite(const QString& dataDir, const QString& site);

}  // namespace dimmguard::gui

#include <QFutureWatcher>
#include <QObject>

namespace dimmguard::gui {

/// Runs probeRegistry() on a worker thread and reports on the UI thread.
class RegistryStatusWatcher : public QObject {
    Q_OBJECT
public:
    explicit RegistryStatusWatcher(QObject* parent = nullptr);
    ~RegistryStatusWatcher() override;
    void refresh(const QString& dataDir);      ///< a refresh while one runs is queued
    [[nodiscard]] const RegistryStatus& status() const { return status_; }
    [[nodiscard]] bool hasStatus() const { return has_; }

signals:
    void updated(const dimmguard::gui::RegistryStatus& status);

private:
    QFutureWatcher<RegistryStatus> watcher_;
    RegistryStatus status_;
    QString pending_;
    bool has_ = false;
};

}  // namespace dimmguard::gui
