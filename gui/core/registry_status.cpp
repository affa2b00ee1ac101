// SPDX-License-Identifier: GPL-3.0-or-later
// Registry and station status for the window, read on a worker thread.
#include "registry_status.hpp"

#include <filesystem>

#include "db/alerts.hpp"
#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"
#include "fleet/sync.hpp"

namespace dimmguard::gui {

RegistryStatus probeRegistry(const QString& dataDir) {
    RegistryStatus status;
    status.dataDir = dataDir;
    const std::filesystem::path dir = dataDir.toStdString();
    auto opened = db::Database::open_existing(dir);   // never creates one
    if (!opened) {
        if (opened.error().code == Errc::not_found) {
            status.problems << QStringLiteral("no registry at %1: run 'dimmguard registry init' and import bundles").arg(dataDir);
        } else {
            status.present = true;
            status.problems << QString::fromStdString(opened.error().message);
        }
        return status;
    }
    status.present = true;
    db::TrustStore trust(*opened);
    auto initialised = trust.initialised();
    if (!initialised || !*initialised) {
        status.problems << QStringLiteral("registry at %1 has no trust root: run 'dimmguard registry init'").arg(dataDir);
    } else {
        auto current = trust.current();
        if (!current) {
            status.problems << QString::fromStdString(current.error().message);
        } else if (!*current) {
            status.problems << QStringLiteral("registry at %1 has no trust document: run 'dimmguard registry trust'").arg(dataDir);
        } else {
            status.trustExpires = QString::fromStdString((*current)->expires);
            // RFC 3339 UTC strings compare in time order.
            if (!status.trustExpires.isEmpty() && (*current)->expires < db::utc_now()) {
                status.problems << QStringLiteral("the trust document expired on %1").arg(status.trustExpires);
            }
        }
    }
    auto station = opened->station();
    if (!station) {
        status.problems << QString::fromStdString(station.error().message);
    } else {
        status.stationId = QString::fromStdString(station->id);
        status.site = QString::fromStdString(station->site);
    }
    status.usable = status.problems.isEmpty();
    // The fleet: never a reason the registry is not usable (intake goes on without the network).
    if (auto fleetState = fleet::fleet_state(*opened)) {
        status.fleetServer = QString::fromStdString(fleetState->server);
        status.lastSyncAttempt = QString::fromStdString(fleetState->status.last_attempt);
        status.lastSyncOk = QString::fromStdString(fleetState->status.last_ok);
        status.syncError = QString::fromStdString(fleetState->status.error);
        status.syncConflicts = static_cast<int>(fleetState->status.conflicts + fleetState->status.problems);
        status.pendingSightings = static_cast<qint64>(fleetState->pending);
        status.lateFindings = static_cast<int>(fleetState->alerts);
    } else {
        status.syncError = QString::fromStdString(fleetState.error().message);
    }
    if (status.lateFindings > 0) {
        if (auto alerts = db::load_alerts(*opened)) {
            for (auto it = alerts->rbegin(); it != alerts->rend() && status.lateFindingLines.size() < 20; ++it) {
                if (!it->verified) {
                    status.lateFindingLines << QStringLiteral("TAMPERED: %1").arg(QString::fromStdString(it->problem));
                    continue;
                }
                const db::Alert& a = it->alert;
                status.lateFindingLines << QStringLiteral("%1 %2 — %3 (%4, %5): %6")
                                               .arg(QString::fromStdString(a.code), QString::fromStdString(a.identity),
                                                    QString::fromStdString(a.sighting), QString::fromStdString(a.verdict),
                                                    QString::fromStdString(a.own_time), QString::fromStdString(a.explanation));
            }
        }
    }
    return status;
}

QString storeSite(const QString& dataDir, const QString& site) {
    const std::filesystem::path dir = dataDir.toStdString();
    auto opened = db::Database::open_existing(dir);
    if (!opened) {
        if (opened.error().code == Errc::not_found) return QStringLiteral("no registry at %1").arg(dataDir);
        return QString::fromStdString(opened.error().message);
    }
    auto stored = opened->set_site(site.toStdString());
    if (!stored) return QString::fromStdString(stored.error().message);
    return {};
}

}  // namespace dimmguard::gui

#include <QtConcurrent/QtConcurrentRun>

namespace dimmguard::gui {

RegistryStatusWatcher::RegistryStatusWatcher(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<RegistryStatus>::finished, this, [this] {
        status_ = watcher_.result();
        has_ = true;
        emit updated(status_);
        if (!pending_.isEmpty()) {
            const QString next = pending_;
            pending_.clear();
            refresh(next);
        }
    });
}

RegistryStatusWatcher::~RegistryStatusWatcher() { watcher_.waitForFinished(); }

void RegistryStatusWatcher::refresh(const QString& dataDir) {
    if (watcher_.isRunning()) {
        pending_ = dataDir;
        return;
    }
    watcher_.setFuture(QtConcurrent::run(probeRegistry, dataDir));
}

}  // namespace dimmguard::gui
