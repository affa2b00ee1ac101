// SPDX-License-Identifier: GPL-3.0-or-later
// dimmguard-gui: the desk application for intake and the test bench (issue #6).
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QThreadPool>
#include <QTimer>

#include <cstdio>
#include <exception>

#include "app_context.hpp"
#include "main_window.hpp"
#include "screenshot.hpp"

using dimmguard::gui::AppContext;
using dimmguard::gui::MainWindow;
using dimmguard::gui::SourceChoice;

namespace {

int run(QApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("dimmguard desk application: intake and bench inspection of memory modules"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption bench(QStringLiteral("bench"), QStringLiteral("use an emulated bench file (dimmguard-bench(5))"), QStringLiteral("FILE"));
    const QCommandLineOption bus(QStringLiteral("bus"), QStringLiteral("read modules on /dev/i2c-N"), QStringLiteral("N"));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("read every local adapter"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("registry data directory (default: $DIMMGUARD_DATA_DIR, else ~/.local/share/dimmguard)"),
                                     QStringLiteral("DIR"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("user interface language: en or zh_CN"), QStringLiteral("LANG"));
    const QCommandLineOption lot(QStringLiteral("lot"), QStringLiteral("lot / purchase order for the screenshots"), QStringLiteral("LOT"));
    const QCommandLineOption shots(QStringLiteral("screenshots"),
                                   QStringLiteral("scan demo slots A1 and A4, save every screen in en and zh_CN to DIR, then quit"),
                                   QStringLiteral("DIR"));
    const QCommandLineOption devRoot(QStringLiteral("dev-root"), QStringLiteral("directory holding the i2c-N nodes (testing)"), QStringLiteral("DIR"));
    const QCommandLineOption sysfsRoot(QStringLiteral("sysfs-root"), QStringLiteral("root of the sysfs tree (testing)"), QStringLiteral("DIR"));
    const QCommandLineOption kiosk(QStringLiteral("kiosk"), QStringLiteral("full screen, Intake and History screens only (a dedicated intake desk)"));
    parser.addOptions({bench, bus, all, dataDir, lang, lot, shots, devRoot, sysfsRoot, kiosk});
    parser.process(app);

    AppContext context;
    if (parser.isSet(devRoot) || parser.isSet(sysfsRoot)) {
        context.setDeviceRoots(parser.isSet(devRoot) ? parser.value(devRoot) : QStringLiteral("/dev"),
                               parser.isSet(sysfsRoot) ? parser.value(sysfsRoot) : QStringLiteral("/"));
    }
    if (parser.isSet(dataDir)) context.overrideDataDir(QFileInfo(parser.value(dataDir)).absoluteFilePath());
    if (parser.isSet(lang)) {
        const QString value = parser.value(lang);
        if (value != QLatin1String("en") && value != QLatin1String("zh_CN")) {
            std::fprintf(stderr, "dimmguard-gui: --lang must be en or zh_CN\n");
            return 1;
        }
        context.useLanguageForThisRun(value);
    }
    if (parser.isSet(bench) || parser.isSet(bus) || parser.isSet(all)) {
        SourceChoice source = context.source();
        source.slot.clear();
        if (parser.isSet(bench)) {
            source.kind = SourceChoice::Kind::bench;
            source.benchPath = QFileInfo(parser.value(bench)).absoluteFilePath();
        } else if (parser.isSet(bus)) {
            bool ok = false;
            source.kind = SourceChoice::Kind::bus;
            source.bus = parser.value(bus).toInt(&ok);
            if (!ok || source.bus < 0) {
                std::fprintf(stderr, "dimmguard-gui: --bus needs a number N of /dev/i2c-N\n");
                return 1;
            }
        } else {
            source.kind = SourceChoice::Kind::all;
        }
        context.setSource(source);
    }

    MainWindow window(context);
    if (parser.isSet(kiosk)) {
        window.setKioskMode(true);
    } else {
        window.show();
    }
    if (parser.isSet(shots)) {
        // The same size on every machine (the offscreen screen is smaller than a desk's).
        window.setWindowState(Qt::WindowNoState);
        window.resize(1280, 800);
        const QString directory = QFileInfo(parser.value(shots)).absoluteFilePath();
        // Demo slots: A1 genuine with its label, A4 a re-flashed counterfeit of the same part.
        auto* driver = new dimmguard::gui::ScreenshotDriver(
            window, context, directory, {QStringLiteral("en"), QStringLiteral("zh_CN")},
            {{QStringLiteral("A1"), QStringLiteral("MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A001")},
             {QStringLiteral("A4"), QStringLiteral("MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A0C4")}},
            parser.isSet(lot) ? parser.value(lot) : QStringLiteral("PO-2026-1127"), &window);
        QObject::connect(driver, &dimmguard::gui::ScreenshotDriver::done, &app, [&app](int failures) { app.exit(failures == 0 ? 0 : 1); });
        driver->start();
    }
    const int status = QApplication::exec();
    // Join QtConcurrent's workers (presence and registry probes) before static destructors run.
    QThreadPool::globalInstance()->waitForDone(5000);
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("dimmguard"));
    QApplication::setApplicationName(QStringLiteral("dimmguard-gui"));
    QApplication::setApplicationVersion(QStringLiteral(DIMMGUARD_VERSION));
    // The desktop entry's id (packaging/desktop): Wayland compositors match the window to it.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.dimmguard.DimmGuard"));
    try {
        return run(app);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dimmguard-gui: %s\n", e.what());
        return 1;
    }
}
