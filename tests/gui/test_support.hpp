// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the GUI tests: isolated settings and a signed demo registry made by the real CLI.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

namespace dimmguard::gui::test {

inline QString sourceDir() { return qEnvironmentVariable("DIMMGUARD_SOURCE_DIR"); }
inline QString demoBench() { return sourceDir() + QStringLiteral("/examples/demo/bench.json"); }

/// Run examples/demo/make-demo-registry.sh with $DIMMGUARD_BINARY into `dataDir`; "" or the error.
inline QString makeDemoRegistry(const QString& dataDir) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("bash"), {sourceDir() + QStringLiteral("/examples/demo/make-demo-registry.sh"),
                                           qEnvironmentVariable("DIMMGUARD_BINARY"), dataDir});
    if (!process.waitForFinished(60000)) return QStringLiteral("make-demo-registry.sh did not finish");
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        return QStringLiteral("make-demo-registry.sh failed: ") + QString::fromLocal8Bit(process.readAll());
    }
    return {};
}

/// Point QSettings at a fresh directory and drop a data dir inherited from the environment.
inline void isolateSettings(const QTemporaryDir& config) {
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qunsetenv("DIMMGUARD_DATA_DIR");
}

}  // namespace dimmguard::gui::test
