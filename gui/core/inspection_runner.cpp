// SPDX-License-Identifier: GPL-3.0-or-later
// The inspection flow on a worker thread, as cli/commands/verify.cpp runs it: the registry from
// db::open_for_inspection(data_dir); modules from firmware_io::acquire with
// verifier::synthesize_from_json; then verifier::Inspector::inspect. No check is repeated here.
#include "inspection_runner.hpp"

#include <QDateTime>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "firmware_io/acquire.hpp"
#include "module_text.hpp"
#include "verifier/policy.hpp"
#include "verifier/spd_synth.hpp"

namespace dimmguard::gui {
namespace {

namespace fio = firmware_io;
namespace vf = verifier;

class CallbackProgress final : public vf::ProgressSink {
public:
    CallbackProgress(const InspectionProgress& progress, int total) : progress_(progress), total_(total) {}
    void step(std::string_view what) override {
        if (progress_) progress_(QString::fromUtf8(what.data(), static_cast<qsizetype>(what.size())), done_, total_);
        done_ = std::min(done_ + 1, total_);
    }

private:
    const InspectionProgress& progress_;
    int total_;
    int done_ = 0;
};

// Does an acquired module match the slot filter ("A4", "0x52" or "i2c-0 0x52")?
bool matchesSlot(const fio::AcquiredModule& m, const QString& slot) {
    if (slot.isEmpty()) return true;
    if (QString::fromStdString(m.label).compare(slot, Qt::CaseInsensitive) == 0) return true;
    if (QString::fromStdString(m.location).compare(slot, Qt::CaseInsensitive) == 0) return true;
    bool ok = false;
    const uint address = slot.toUInt(&ok, 16);
    return ok && address == m.address;
}

}  // namespace

InspectionOutcome runInspection(const InspectionRequest& request, const std::atomic<bool>& cancel,
                                const InspectionProgress& progress) {
    InspectionOutcome outcome;
    vf::InspectOptions options;
    options.event = vf::EventKind::intake;
    options.record = request.record;
    options.today_week = request.todayWeek.toStdString();
    if (!request.lot.isEmpty()) options.context["lot"] = request.lot.toStdString();
    if (!request.label.isEmpty()) options.labels["*"] = request.label.toStdString();

    // The registry, exactly as verify opens it: a missing one is reported, never skipped.
    const std::filesystem::path dataDir = request.dataDir.isEmpty() ? db::default_data_dir()
                                                                   : std::filesystem::path(request.dataDir.toStdString());
    if (progress) progress(QStringLiteral("opening the registry"), 0, 0);
    db::InspectionRegistry opened = db::open_for_inspection(dataDir);
    const std::string& station = opened.station;
    const std::vector<std::string>& problems = opened.problems;
    db::SqliteRegistry* registry = opened.registry.get();

    fio::AcquireSource source;
    switch (request.source.kind) {
    case SourceChoice::Kind::bench:
        source.kind = fio::AcquireSource::Kind::bench;
        source.bench = request.source.benchPath.toStdString();
        break;
    case SourceChoice::Kind::bus:
        source.kind = fio::AcquireSource::Kind::bus;
        source.bus = request.source.bus;
        break;
    case SourceChoice::Kind::all: source.kind = fio::AcquireSource::Kind::all; break;
    }
    source.dev_root = request.devRoot.toStdString();
    source.sysfs_root = request.sysfsRoot.toStdString();
    int read = 0;
    auto acquired = fio::acquire(source, vf::synthesize_from_json, nullptr, [&](const std::string& what) {
        if (progress) progress(QStringLiteral("reading %1").arg(QString::fromStdString(what)), read, 0);
        ++read;
    });
    if (!acquired) {
        outcome.error = acquired.error();
        return outcome;
    }
    if (cancel.load()) {
        outcome.cancelled = true;
        return outcome;
    }
    std::vector<fio::AcquiredModule> chosen;
    for (auto& m : *acquired) {
        if (matchesSlot(m, request.source.slot)) chosen.push_back(std::move(m));
    }
    if (chosen.empty() && !request.source.slot.isEmpty()) {
        outcome.error = Error{Errc::not_found, "no module in slot " + request.source.slot.toStdString()};
        return outcome;
    }

    const vf::Policy policy = vf::Policy::builtin();
    CallbackProgress sink(progress, static_cast<int>(chosen.size()));
    vf::Inspector inspector(policy, registry, station, options, &sink);
    vf::InspectionReport report = inspector.inspect(std::move(chosen));
    report.registry_problems.insert(report.registry_problems.begin(), problems.begin(), problems.end());
    if (!registry) {
        report.registry_problems.erase(std::remove(report.registry_problems.begin(), report.registry_problems.end(),
                                                   std::string("no registry: verdicts are at best unknown")),
                                       report.registry_problems.end());
    }
    report.exit_status = vf::exit_status_of(report, options.strict);

    auto inspection = std::make_shared<Inspection>();
    inspection->report = std::move(report);
    inspection->lot = request.lot;
    inspection->label = request.label;
    inspection->station = options.record ? QString::fromStdString(station) : QString();
    inspection->finishedMs = QDateTime::currentMSecsSinceEpoch();
    outcome.inspection = std::move(inspection);
    outcome.cancelled = cancel.load();
    return outcome;
}

InspectionRunner::InspectionRunner(QObject* parent) : QObject(parent) {}

InspectionRunner::~InspectionRunner() {
    if (thread_ != nullptr) {
        if (cancel_) cancel_->store(true);
        thread_->wait();
        delete thread_;
    }
}

bool InspectionRunner::isRunning() const { return thread_ != nullptr; }

void InspectionRunner::cancel() {
    if (cancel_) cancel_->store(true);
}

bool InspectionRunner::start(const InspectionRequest& request) {
    if (thread_ != nullptr) return false;
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    auto flag = cancel_;
    // Results travel back as queued calls on this object: dropped if it is gone.
    thread_ = QThread::create([this, request, flag] {
        auto report = [this](const QString& step, int done, int total) {
            QMetaObject::invokeMethod(this, [this, step, done, total] { emit progress(step, done, total); }, Qt::QueuedConnection);
        };
        InspectionOutcome outcome = runInspection(request, *flag, report);
        QMetaObject::invokeMethod(this, [this, outcome = std::move(outcome), source = request.source]() mutable {
            if (thread_ != nullptr) {
                thread_->wait();
                delete thread_;
                thread_ = nullptr;
            }
            if (outcome.error) {
                emit failed(explainSourceError(*outcome.error, source));
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
