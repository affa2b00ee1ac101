// SPDX-License-Identifier: GPL-3.0-or-later
// Shared by the GUI tests: isolated settings and a signed demo registry made by the real CLI.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

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

/// Mean power of `samples` at `hz` (Goertzel), for telling the verdict sounds apart.
inline double tonePower(const std::vector<std::int16_t>& samples, double hz, int rate = 48000) {
    if (samples.empty()) return 0.0;
    const double coefficient = 2.0 * std::cos(2.0 * std::numbers::pi * hz / rate);
    double s1 = 0.0;
    double s2 = 0.0;
    for (const std::int16_t x : samples) {
        const double s0 = x / 32768.0 + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    return power / (static_cast<double>(samples.size()) * static_cast<double>(samples.size()));
}

/// The ALSA device that writes what it is given, raw, to `file` (what would reach a speaker).
inline QByteArray captureDevice(const QString& file) {
    return QStringLiteral("file:FILE=%1,FORMAT=raw").arg(file).toUtf8();
}

/// Signed 16-bit little-endian samples of a raw capture.
inline std::vector<std::int16_t> samplesOf(const QByteArray& raw) {
    std::vector<std::int16_t> out(static_cast<std::size_t>(raw.size()) / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto lo = static_cast<std::uint8_t>(raw[static_cast<qsizetype>(2 * i)]);
        const auto hi = static_cast<std::uint8_t>(raw[static_cast<qsizetype>(2 * i + 1)]);
        out[i] = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
    }
    return out;
}

// Runs the test object, then joins the worker threads QtConcurrent started. Idle pool threads
// expire on their own after 30 s; one doing so while LeakSanitizer stops the world at exit
// crashed its tracer in CI ("Tracer caught signal 11") after every test had passed.
inline int runAndJoin(QObject& test, int argc, char** argv) {
    const int failures = QTest::qExec(&test, argc, argv);
    QThreadPool::globalInstance()->waitForDone();
    return failures;
}

}  // namespace dimmguard::gui::test
