// SPDX-License-Identifier: GPL-3.0-or-later
// Notices SMBus adapters (/dev/i2c-N, e.g. USB bridges) appearing and disappearing while the
// application runs: a QFileSystemWatcher on the /dev directory plus a slow poll of sysfs
// (sysfs sends no inotify events).
#pragma once

#include <QFileSystemWatcher>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

namespace dimmguard::gui {

struct AdapterEntry {
    int number = 0;          ///< N of /dev/i2c-N
    QString name;            ///< sysfs name ("SMBus I801 adapter at efa0"), "" when unknown
    QString kind;            ///< "motherboard", "usb-bridge", "other" or ""
    bool deviceNode = false; ///< /dev/i2c-N exists (i2c-dev loaded)
    bool operator==(const AdapterEntry& o) const {
        return number == o.number && name == o.name && kind == o.kind && deviceNode == o.deviceNode;
    }
};

class AdapterWatcher : public QObject {
    Q_OBJECT
public:
    explicit AdapterWatcher(const QString& devRoot = QStringLiteral("/dev"), const QString& sysfsRoot = QStringLiteral("/"),
                            QObject* parent = nullptr);

    [[nodiscard]] QList<AdapterEntry> adapters() const { return adapters_; }
    /// Re-list now (a few small sysfs reads); emits the signals when something changed.
    void rescan();
    void setPollIntervalMs(int ms) { poll_.setInterval(ms); }

signals:
    void adaptersChanged();
    void adapterAdded(int number);
    void adapterRemoved(int number);

private:
    QString devRoot_;
    QString sysfsRoot_;
    QFileSystemWatcher watcher_;
    QTimer poll_;
    QTimer debounce_;
    QList<AdapterEntry> adapters_;
};

}  // namespace dimmguard::gui
