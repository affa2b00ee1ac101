// SPDX-License-Identifier: GPL-3.0-or-later
// The desk application's side of the inspection session: a request from the Intake screen
// becomes engine::SessionOptions, the session runs on a worker thread, and its report comes
// back as a signal. No inspection step is wired here: the engine owns them all.
#include "inspection_runner.hpp"

#include <QCoreApplication>

#include "module_text.hpp"

namespace dimmguard::gui {
namespace {

namespace fio = firmware_io;

// Where a module sits, in the operator's words: the bench slot label ("A4"); on a bus, the SPD
// address 0x50..0x57 is the slot's position on that channel ("slot 3 (i2c-0 0x52)").
QString slotName(const engine::ProgressEvent& e) {
    if (!e.slot.empty()) return QString::fromStdString(e.slot);
    const QString what = QString::fromStdString(e.what);
    const QStringList parts = what.split(QLatin1Char(' '));
    bool ok = false;
    const int address = parts.size() == 2 && parts[0].startsWith(QLatin1String("i2c-")) ? parts[1].toInt(&ok, 16) : 0;
    if (ok && address >= 0x50 && address <= 0x57) return QCoreApplication::translate("Text", "slot %1 (%2)").arg(address - 0x50 + 1).arg(what);
    return what;
}

QString progressText(const engine::ProgressEvent& e) {
    const QString who = slotName(e);
    switch (e.phase) {
    case engine::ProgressEvent::Phase::opening_registry: return QCoreApplication::translate("Text", "Opening the registry");
    case engine::ProgressEvent::Phase::reading: return QCoreApplication::translate("Text", "Reading %1").arg(who);
    case engine::ProgressEvent::Phase::checking: return QCoreApplication::translate("Text", "Checking %1").arg(who);
    }
    return {};
}

}  // namespace

fio::AcquireSource acquireSource(const SourceChoice& source, const QString& devRoot, const QString& sysfsRoot) {
    fio::AcquireSource out;
    switch (source.kind) {
    case SourceChoice::Kind::bench:
        out.kind = fio::AcquireSource::Kind::bench;
        out.bench = source.benchPath.toStdString();
        break;
    case SourceChoice::Kind::bus:
        out.kind = fio::AcquireSource::Kind::bus;
        out.bus = source.bus;
        break;
    case SourceChoice::Kind::all: out.kind = fio::AcquireSource::Kind::all; break;
    }
    out.dev_root = devRoot.toStdString();
    out.sysfs_root = sysfsRoot.toStdString();
    return out;
}

engine::SessionOptions sessionOptions(const InspectionRequest& request) {
    engine::SessionOptions o;
    o.data_dir = request.dataDir.toStdString();
    o.source = acquireSource(request.source, request.devRoot, request.sysfsRoot);
    o.slot = request.source.slot.toStdString();
    o.label = request.label.toStdString();
    o.labels_file = request.labelsFile.toStdString();
    o.policy_file = request.policyFile.toStdString();
    o.smbios_file = request.smbiosFile.toStdString();
    o.event = request.event;
    o.context = request.context;
    if (!request.lot.isEmpty()) o.context["lot"] = request.lot.toStdString();
    o.record = request.record;
    o.today_week = request.todayWeek.toStdString();
    return o;
}

InspectionOutcome runInspection(const InspectionRequest& request, const engine::CancelToken& cancel, const InspectionProgress& progress) {
    InspectionOutcome outcome;
    auto session = engine::InspectionSession::prepare(sessionOptions(request));
    if (!session) {
        outcome.error = session.error();
        return outcome;
    }
    engine::ProgressCallback callback;
    if (progress) callback = [&progress](const engine::ProgressEvent& e) { progress(progressText(e), e.done, e.total); };
    auto report = session->run(cancel, callback);
    if (!report) {
        if (report.error().code == Errc::cancelled) outcome.cancelled = true;
        else outcome.error = report.error();
        return outcome;
    }
    outcome.inspection = std::make_shared<Inspection>(std::move(*report));
    outcome.cancelled = cancel.cancelled();
    return outcome;
}

InspectionRunner::InspectionRunner(QObject* parent) : QObject(parent) {}

InspectionRunner::~InspectionRunner() {
    if (thread_ != nullptr) {
        cancel_.cancel();
        thread_->wait();
        delete thread_;
    }
}

bool InspectionRunner::isRunning() const { return thread_ != nullptr; }

void InspectionRunner::cancel() { cancel_.cancel(); }

bool InspectionRunner::start(const InspectionRequest& request) {
    if (thread_ != nullptr) return false;
    cancel_ = engine::CancelToken();
    const engine::CancelToken flag = cancel_;
    // Results travel back as queued calls on this object: dropped if it is gone.
    thread_ = QThread::create([this, request, flag] {
        auto report = [this](const QString& step, int done, int total) {
            QMetaObject::invokeMethod(this, [this, step, done, total] { emit progress(step, done, total); }, Qt::QueuedConnection);
        };
        InspectionOutcome outcome = runInspection(request, flag, report);
        QMetaObject::invokeMethod(this, [this, outcome = std::move(outcome), source = request.source]() mutable {
            if (thread_ != nullptr) {
                thread_->wait();
                delete thread_;
                thread_ = nullptr;
            }
            if (outcome.error) {
                const SourceProblem problem = describeSourceError(*outcome.error, source);
                emit failed(problem.headline, problem.action, problem.detail);
            } else if (!outcome.inspection) {
                emit cancelled();   // stopped before judging: nothing recorded
            } else {
                emit finished(std::shared_ptr<const Inspection>(std::move(outcome.inspection)));
            }
        }, Qt::QueuedConnection);
    });
    thread_->setObjectName(QStringLiteral("inspection"));
    thread_->start();
    emit started();
    return true;
}

}  // namespace dimmguard::gui
