// SPDX-License-Identifier: GPL-3.0-or-later
// UI-thread stall of dimmguard-gui while a full emulated bench is inspected (issue #6; target
// <= 16 ms). Drives the real MainWindow offscreen: each round scans every slot of the bench
// (acquire + Inspector + signed sightings on the worker thread, the verdict and table on the UI
// thread) while a 1 ms timer on the UI thread records the longest gap between its ticks and
// the UI thread's own CPU time inside that gap. Interleaved with each scan round, an idle round
// of the same length measures the machine's noise floor (A B A B, as benchmarks/README.md asks).
//
// usage: gui_stall_bench DATA_DIR BENCH_JSON [ROUNDS]   (QT_QPA_PLATFORM=offscreen is set here)
#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "app_context.hpp"
#include "intake_page.hpp"
#include "main_window.hpp"

namespace {

using namespace dimmguard::gui;

qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

struct Gap {
    double wallMs = 0;
    double cpuMs = 0;     ///< UI-thread CPU inside the longest wall gap
    double maxCpuMs = 0;  ///< longest UI-thread CPU between two ticks
};

// Run the event loop for `ms` (or until `done` says so) with the 1 ms probe running.
template <class Done>
Gap probe(int ms, Done done) {
    QElapsedTimer clock;
    qint64 last = -1;
    qint64 lastCpu = 0;
    Gap gap;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(1);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        const qint64 cpu = threadCpuNs();
        if (last >= 0) {
            const double wall = static_cast<double>(now - last) / 1e6;
            const double used = static_cast<double>(cpu - lastCpu) / 1e6;
            if (wall > gap.wallMs) {
                gap.wallMs = wall;
                gap.cpuMs = used;
            }
            gap.maxCpuMs = std::max(gap.maxCpuMs, used);
        }
        last = now;
        lastCpu = cpu;
    });
    // A plain event loop, as in the application (processEvents with a time limit would
    // coarsen the timer to its own slice).
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) loop.quit();
    });
    clock.start();
    timer.start();
    deadline.start(ms);
    poll.start(1);
    loop.exec();
    return gap;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: gui_stall_bench DATA_DIR BENCH_JSON [ROUNDS]\n");
        return 2;
    }
    const int rounds = args.size() > 3 ? args[3].toInt() : 20;
    AppContext context;
    context.overrideDataDir(args[1]);
    SourceChoice source;
    source.benchPath = args[2];
    context.setSource(source);
    MainWindow window(context);
    window.show();
    probe(500, [] { return false; });   // settle: first layout, registry status

    std::vector<double> scanWall, scanCpu, idleWall, scanMs;
    int modules = 0;
    for (int round = 0; round < rounds; ++round) {
        bool finished = false;
        auto connection = QObject::connect(&window.intake(), &IntakePage::inspectionShown, [&] { finished = true; });
        QElapsedTimer scanTime;
        scanTime.start();
        window.intake().scan();
        Gap scan = probe(30000, [&] { return finished; });
        const double took = static_cast<double>(scanTime.elapsed());
        // Include the deferred table fill and the repaints that follow the verdict.
        const Gap after = probe(60, [] { return false; });
        QObject::disconnect(connection);
        if (!finished || !context.lastInspection()) {
            std::fprintf(stderr, "gui_stall_bench: round %d did not finish\n", round);
            return 1;
        }
        modules = static_cast<int>(context.lastInspection()->modules.size());
        if (after.wallMs > scan.wallMs) scan = after;
        scanWall.push_back(scan.wallMs);
        scanCpu.push_back(scan.cpuMs);
        scanMs.push_back(took);
        idleWall.push_back(probe(static_cast<int>(took) + 60, [] { return false; }).wallMs);
    }
    std::printf("gui_stall_bench: %d rounds, %d modules per scan\n", rounds, modules);
    std::printf("  longest UI-thread gap during a scan:  median %.2f ms, max %.2f ms\n", median(scanWall),
                *std::max_element(scanWall.begin(), scanWall.end()));
    std::printf("  UI-thread CPU inside that gap:        median %.2f ms, max %.2f ms\n", median(scanCpu),
                *std::max_element(scanCpu.begin(), scanCpu.end()));
    std::printf("  longest gap in an idle round (noise): median %.2f ms, max %.2f ms\n", median(idleWall),
                *std::max_element(idleWall.begin(), idleWall.end()));
    std::printf("  scan to verdict:                      median %.0f ms\n", median(scanMs));
    return 0;
}
