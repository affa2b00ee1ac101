// SPDX-License-Identifier: GPL-3.0-or-later
// Presence polling: firmware_io::present_modules (the segments acquire reads, reads only) on a timer.
#include "presence_poller.hpp"

#include <QtConcurrent/QtConcurrentRun>

#include "firmware_io/acquire.hpp"
#include "inspection_runner.hpp"
#include "verifier/spd_synth.hpp"

namespace dimmguard::gui {

PresenceProbe probePresence(const SourceChoice& source, const QString& devRoot, const QString& sysfsRoot) {
    PresenceProbe out;
    auto present = firmware_io::present_modules(acquireSource(source, devRoot, sysfsRoot), verifier::synthesize_from_json);
    if (!present) {
        out.error = QString::fromStdString(present.error().message);
        return out;
    }
    for (const auto& location : *present) out.present << QString::fromStdString(location);
    return out;
}

PresencePoller::PresencePoller(QObject* parent) : QObject(parent) {
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &PresencePoller::tick);
    connect(&watcher_, &QFutureWatcher<PresenceProbe>::finished, this, &PresencePoller::collect);
}

PresencePoller::~PresencePoller() {
    timer_.stop();
    watcher_.waitForFinished();
}

void PresencePoller::setSource(const SourceChoice& source, const QString& devRoot, const QString& sysfsRoot) {
    source_ = source;
    devRoot_ = devRoot;
    sysfsRoot_ = sysfsRoot;
    ++generation_;
    baseline_ = false;
    present_.clear();
    lastError_.clear();
}

void PresencePoller::setIntervalMs(int ms) { timer_.setInterval(ms); }

void PresencePoller::start() {
    baseline_ = false;
    present_.clear();
    timer_.start();
    tick();
}

void PresencePoller::stop() { timer_.stop(); }

bool PresencePoller::isActive() const { return timer_.isActive(); }

void PresencePoller::setPaused(bool paused) { paused_ = paused; }

void PresencePoller::tick() {
    if (paused_ || watcher_.isRunning()) return;
    probeGeneration_ = generation_;
    watcher_.setFuture(QtConcurrent::run(probePresence, source_, devRoot_, sysfsRoot_));
}

void PresencePoller::collect() {
    const PresenceProbe probe = watcher_.result();
    if (probeGeneration_ != generation_ || !timer_.isActive()) return;   // source changed or stopped meanwhile
    if (!probe.error.isEmpty()) {
        if (probe.error != lastError_) emit probeFailed(probe.error);
        lastError_ = probe.error;
        emit probed();
        return;
    }
    lastError_.clear();
    if (!baseline_) {
        baseline_ = true;
        present_ = probe.present;
        emit probed();
        return;
    }
    QStringList added;
    QStringList gone;
    for (const auto& l : probe.present) {
        if (!present_.contains(l)) added << l;
    }
    for (const auto& l : present_) {
        if (!probe.present.contains(l)) gone << l;
    }
    present_ = probe.present;
    if (!gone.isEmpty()) emit removed(gone);
    if (!added.isEmpty()) emit inserted(added);
    emit probed();
}

}  // namespace dimmguard::gui
