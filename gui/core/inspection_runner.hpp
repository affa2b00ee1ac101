// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the one inspection session (engine::InspectionSession, exactly as `dimmguard verify`)
// on a worker thread, with progress and cancel; results come back on the UI thread as signals.
#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <map>
#include <memory>
#include <string>

#include "app_context.hpp"
#include "engine/session.hpp"

namespace dimmguard::gui {

/// Everything one Scan press asks for; the same choices as `dimmguard verify`'s flags.
struct InspectionRequest {
    SourceChoice source;
    QString dataDir;
    QString lot;
    QString label;            ///< scanned label ("" = none); applies to every inspected module
    verifier::EventKind event = verifier::EventKind::intake;
    std::map<std::string, std::string> context;   ///< extra KEY=VALUE context (server, customer ...)
    QString labelsFile;       ///< CSV of LOCATION,LABEL ("" = none), as verify --labels
    QString policyFile;       ///< per-brand policy ("" = built in), as verify --policy
    QString smbiosFile;       ///< dmidecode -t 17 output ("" = none), as verify --smbios
    bool record = true;       ///< record signed sightings (as verify does without --no-record)
    QString todayWeek;        ///< "2026-W48"; empty = the clock (tests)
    QString devRoot = QStringLiteral("/dev");
    QString sysfsRoot = QStringLiteral("/");
};

/// Where a source choice reads from (the /dev and sysfs roots are for tests' fixture trees).
[[nodiscard]] firmware_io::AcquireSource acquireSource(const SourceChoice& source, const QString& devRoot, const QString& sysfsRoot);

/// The session options a request stands for.
[[nodiscard]] engine::SessionOptions sessionOptions(const InspectionRequest& request);

/// What a finished run produced. `error` set = the source could not be read at all.
struct InspectionOutcome {
    std::shared_ptr<Inspection> inspection;
    std::optional<Error> error;
    bool cancelled = false;
};

/// Progress callback: phase text ("reading slot A4"), modules done, modules total (0 = unknown).
using InspectionProgress = std::function<void(const QString&, int, int)>;

/// The blocking session itself (worker thread, tests, benchmarks): it opens its own
/// db::Database. `cancel` is checked before each module is read and before judging; a run
/// cancelled before judging records nothing.
[[nodiscard]] InspectionOutcome runInspection(const InspectionRequest& request, const engine::CancelToken& cancel = {},
                                              const InspectionProgress& progress = {});

class InspectionRunner : public QObject {
    Q_OBJECT
public:
    explicit InspectionRunner(QObject* parent = nullptr);
    /// Asks a running worker to stop and waits for it.
    ~InspectionRunner() override;

    /// Start a run; false (and nothing happens) while one is still running.
    bool start(const InspectionRequest& request);
    /// Ask the running worker to stop; `cancelled` follows when it has.
    void cancel();
    [[nodiscard]] bool isRunning() const;

signals:
    void started();
    void progress(const QString& step, int done, int total);
    void finished(std::shared_ptr<const dimmguard::gui::Inspection> inspection);
    /// What went wrong, the one action that fixes it, and the engine's message (describeSourceError).
    void failed(const QString& headline, const QString& action, const QString& detail);
    void cancelled();

private:
    QThread* thread_ = nullptr;
    engine::CancelToken cancel_;
};

}  // namespace dimmguard::gui
