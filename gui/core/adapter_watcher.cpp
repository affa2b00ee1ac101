// SPDX-License-Identifier: GPL-3.0-or-later
// Adapter hot-plug: /dev inotify through QFileSystemWatcher, plus a sysfs poll.
#include "adapter_watcher.hpp"

#include <QDir>

#include <map>

#include "firmware_io/sysfs.hpp"

namespace dimmguard::gui {

AdapterWatcher::AdapterWatcher(const QString& devRoot, const QString& sysfsRoot, QObject* parent)
    : QObject(parent), devRoot_(devRoot), sysfsRoot_(sysfsRoot) {
    if (QDir(devRoot_).exists()) watcher_.addPath(devRoot_);
    // Kernels without CONFIG_I2C_COMPAT (Debian's 6.12) have no i2c-adapter class; their
    // adapters are listed on the i2c bus (firmware_io::list_adapters reads either).
    for (const char* dir : {"sys/class/i2c-adapter", "sys/bus/i2c/devices"}) {
        const QString adapterDir = QDir(sysfsRoot_).filePath(QString::fromLatin1(dir));
        if (QDir(adapterDir).exists()) {
            watcher_.addPath(adapterDir);
            break;
        }
    }
    // udev creates the node a moment after the event; coalesce bursts of changes.
    debounce_.setSingleShot(true);
    debounce_.setInterval(150);
    connect(&debounce_, &QTimer::timeout, this, &AdapterWatcher::rescan);
    connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, [this] { debounce_.start(); });
    poll_.setInterval(3000);
    connect(&poll_, &QTimer::timeout, this, &AdapterWatcher::rescan);
    poll_.start();
    rescan();
}

void AdapterWatcher::rescan() {
    std::map<int, AdapterEntry> found;
    auto listed = firmware_io::list_adapters(sysfsRoot_.toStdString());
    if (listed) {
        for (const auto& a : *listed) {
            AdapterEntry e;
            e.number = a.number;
            e.name = QString::fromStdString(a.name);
            e.kind = QString::fromStdString(a.kind);
            found[a.number] = e;
        }
    }
    const QStringList nodes = QDir(devRoot_).entryList({QStringLiteral("i2c-*")}, QDir::System | QDir::Files | QDir::NoDotAndDotDot);
    for (const QString& node : nodes) {
        bool ok = false;
        const int number = node.mid(4).toInt(&ok);
        if (!ok) continue;
        found[number].number = number;
        found[number].deviceNode = true;
    }
    QList<AdapterEntry> now;
    for (const auto& [number, entry] : found) now << entry;
    if (now == adapters_) return;
    QList<int> before;
    for (const auto& a : adapters_) before << a.number;
    QList<int> after;
    for (const auto& a : now) after << a.number;
    adapters_ = now;
    for (int n : after) {
        if (!before.contains(n)) emit adapterAdded(n);
    }
    for (int n : before) {
        if (!after.contains(n)) emit adapterRemoved(n);
    }
    emit adaptersChanged();
}

}  // namespace dimmguard::gui
