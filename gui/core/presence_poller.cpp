// SPDX-License-Identifier: GPL-3.0-or-later
// Presence polling over the same bus objects as acquire (emulated bench or /dev/i2c-N).
#include "presence_poller.hpp"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>

#include "firmware_io/acquire.hpp"
#include "firmware_io/bench_file.hpp"
#include "firmware_io/linux_smbus.hpp"
#include "firmware_io/spd_reader.hpp"
#include "firmware_io/sysfs.hpp"
#include "verifier/spd_synth.hpp"

namespace dimmguard::gui {
namespace {

namespace fio = firmware_io;

QString location(const std::string& bus, fio::Address address) {
    return QStringLiteral("%1 0x%2").arg(QString::fromStdString(bus)).arg(address, 2, 16, QLatin1Char('0'));
}

void probeBus(fio::SmbusBus& bus, const std::string& busName, PresenceProbe& out) {
    fio::SpdReader reader(bus);
    auto probes = reader.probe();
    if (!probes) {
        out.error = QString::fromStdString(probes.error().message);
        return;
    }
    for (const auto& p : *probes) {
        if (p.present) out.present << location(busName, p.address);
    }
}

}  // namespace

PresenceProbe probePresence(const SourceChoice& source, const QString& devRoot, const QString& sysfsRoot) {
    PresenceProbe out;
    if (source.kind == SourceChoice::Kind::bench) {
        auto bench = fio::load_bench_file(source.benchPath.toStdString(), verifier::synthesize_from_json);
        if (!bench) {
            out.error = QString::fromStdString(bench.error().message);
            return out;
        }
        for (std::size_t i = 0; i < bench->buses.size(); ++i) {
            std::string name;
            for (const auto& slot : bench->sockets) {
                if (slot.bus_index == i) name = slot.bus;
            }
            if (name.empty()) continue;   // a bus without slots has nothing to find
            probeBus(*bench->buses[i], name, out);
        }
    } else {
        // The same segments acquire() reads: never GPU/DP adapters, never a driver-owned segment
        // (its modules are present by definition, read through sysfs).
        std::vector<int> buses;
        if (source.kind == SourceChoice::Kind::bus) {
            buses.push_back(source.bus);
        } else if (auto segments = fio::local_segments(sysfsRoot.toStdString()); segments) {
            for (const auto& [adapter, drivers] : *segments) {
                for (const auto& d : drivers) out.present << location("i2c-" + std::to_string(d.bus), d.address);
                if (drivers.empty()) buses.push_back(adapter.number);
            }
        } else {
            out.error = QString::fromStdString(segments.error().message);
        }
        for (int number : buses) {
            auto bus = fio::LinuxSmbusBus::open(number, devRoot.toStdString(), sysfsRoot.toStdString());
            if (!bus) {
                if (source.kind == SourceChoice::Kind::bus) out.error = QString::fromStdString(bus.error().message);
                continue;
            }
            probeBus(**bus, "i2c-" + std::to_string(number), out);
        }
    }
    out.present.removeDuplicates();
    out.present.sort();
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
