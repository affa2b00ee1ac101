// SPDX-License-Identifier: GPL-3.0-or-later
// The Registry screen. Status, import and log verification each run on a worker thread with
// their own db::Database; the page only renders their answers.
#include "registry_page.hpp"

#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>

#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "page_text.hpp"

namespace dimmguard::gui {

/// registry_status() as read on a worker thread.
struct RegistrySnapshot {
    std::string dataDir;
    std::string now;
    bool missing = false;
    std::string error;
    std::optional<db::RegistryStatus> status;
};

/// verify_log() as read on a worker thread.
struct LogSnapshot {
    bool missing = false;
    std::string error;
    std::optional<db::LogReport> report;
};

/// Outcome of one import.
struct ImportOutcome {
    bool ok = false;
    Errc code = Errc::internal;
    std::string message;          ///< the library's refusal message
    std::string role;
    std::string publisher;
    std::int64_t version = 0;
    std::uint64_t records = 0;
    bool alreadyImported = false;
};

namespace {

constexpr int expiring_soon_days = 30;
const QColor expired_colour(0xfd, 0xd8, 0xd8);
const QColor soon_colour(0xff, 0xec, 0xc2);

RegistrySnapshot readStatus(const std::filesystem::path& dataDir) {
    RegistrySnapshot snapshot;
    snapshot.dataDir = dataDir.string();
    snapshot.now = db::utc_now();
    auto database = db::Database::open_existing(dataDir);
    if (!database) {
        if (database.error().code == Errc::not_found) snapshot.missing = true;
        else snapshot.error = database.error().message;
        return snapshot;
    }
    auto status = db::registry_status(*database, snapshot.now);
    if (!status) snapshot.error = status.error().message;
    else snapshot.status = std::move(*status);
    return snapshot;
}

LogSnapshot readLog(const std::filesystem::path& dataDir) {
    LogSnapshot snapshot;
    auto database = db::Database::open_existing(dataDir);
    if (!database) {
        if (database.error().code == Errc::not_found) snapshot.missing = true;
        else snapshot.error = database.error().message;
        return snapshot;
    }
    auto report = db::verify_log(*database);
    if (!report) snapshot.error = report.error().message;
    else snapshot.report = std::move(*report);
    return snapshot;
}

void runImport(QPromise<ImportOutcome>& promise, const std::filesystem::path& dataDir, const std::filesystem::path& file) {
    ImportOutcome outcome;
    const auto refuse = [&](const Error& e) {
        outcome.code = e.code;
        outcome.message = e.message;
        promise.addResult(outcome);
    };
    auto database = db::Database::open_existing(dataDir);   // import into an initialised registry only
    if (!database) {
        refuse(database.error());
        return;
    }
    // A station bundle carries another station's sightings: it goes through import_sightings.
    bool station = false;
    if (auto reader = db::BundleReader::open(file); reader) station = reader->header().role == "station";
    promise.setProgressRange(0, 1000);
    if (station) {
        auto summary = db::import_sightings(*database, file);
        if (!summary) {
            refuse(summary.error());
            return;
        }
        outcome.ok = true;
        outcome.role = "station";
        outcome.publisher = summary->station;
        outcome.records = summary->added;
        outcome.alreadyImported = summary->added == 0 && summary->already_present > 0;
    } else {
        const db::ImportProgressFn progress = [&promise](const db::ImportProgress& p) {
            if (p.total == 0) return;
            const double share = static_cast<double>(p.done) / static_cast<double>(p.total);
            const int base = p.phase == "importing" ? 500 : 0;
            promise.setProgressValue(base + static_cast<int>(share * 500.0));
        };
        auto result = db::import_bundle(*database, file, db::utc_now(), progress);
        if (!result) {
            refuse(result.error());
            return;
        }
        outcome.ok = true;
        outcome.role = result->header.role;
        outcome.publisher = result->header.publisher;
        outcome.version = result->header.version;
        outcome.records = result->records;
        outcome.alreadyImported = result->already_imported;
    }
    promise.setProgressValue(1000);
    promise.addResult(outcome);
}

QDateTime parseTime(const std::string& rfc3339) { return QDateTime::fromString(qs(rfc3339), Qt::ISODate); }

std::optional<QColor> expiryColour(const std::string& expires, const std::string& now) {
    switch (expiry_state(expires, now, expiring_soon_days)) {
    case ExpiryState::expired: return expired_colour;
    case ExpiryState::soon: return soon_colour;
    case ExpiryState::valid: break;
    }
    return std::nullopt;
}

QTableWidgetItem* cell(const QString& text, const std::optional<QColor>& background = std::nullopt) {
    auto* item = new QTableWidgetItem(text);
    if (background) item->setBackground(*background);
    return item;
}

QString shortKey(const std::string& keyId) { return qs(keyId.substr(0, 16)); }

}  // namespace

ExpiryState expiry_state(const std::string& expires, const std::string& now, int soon_days) {
    if (expires.empty()) return ExpiryState::valid;
    if (expires <= now) return ExpiryState::expired;   // RFC 3339 UTC strings compare as times
    const QDateTime e = parseTime(expires);
    const QDateTime n = parseTime(now);
    if (e.isValid() && n.isValid() && n.secsTo(e) <= static_cast<qint64>(soon_days) * 24 * 3600) return ExpiryState::soon;
    return ExpiryState::valid;
}

RegistryPage::RegistryPage(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    banner_ = new QLabel(this);
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::RichText);
    refreshButton_ = new QPushButton(this);
    top->addWidget(banner_, 1);
    top->addWidget(refreshButton_, 0, Qt::AlignTop);
    layout->addLayout(top);

    trustBox_ = new QGroupBox(this);
    auto* trustLayout = new QVBoxLayout(trustBox_);
    trust_ = new QLabel(trustBox_);
    trust_->setWordWrap(true);
    trust_->setTextFormat(Qt::RichText);
    trust_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    publishers_ = new QTableWidget(0, 4, trustBox_);
    trustLayout->addWidget(trust_);
    trustLayout->addWidget(publishers_, 1);
    layout->addWidget(trustBox_, 2);

    bundlesBox_ = new QGroupBox(this);
    auto* bundlesLayout = new QVBoxLayout(bundlesBox_);
    bundles_ = new QTableWidget(0, 9, bundlesBox_);
    counts_ = new QLabel(bundlesBox_);
    auto* importRow = new QHBoxLayout;
    importButton_ = new QPushButton(bundlesBox_);
    progress_ = new QProgressBar(bundlesBox_);
    progress_->setVisible(false);
    importRow->addWidget(counts_, 1);
    importRow->addWidget(progress_, 1);
    importRow->addWidget(importButton_);
    importMessage_ = new QLabel(bundlesBox_);
    importMessage_->setWordWrap(true);
    importMessage_->setTextFormat(Qt::RichText);
    importMessage_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bundlesLayout->addWidget(bundles_, 1);
    bundlesLayout->addLayout(importRow);
    bundlesLayout->addWidget(importMessage_);
    layout->addWidget(bundlesBox_, 3);

    logBox_ = new QGroupBox(this);
    auto* logLayout = new QHBoxLayout(logBox_);
    log_ = new QLabel(logBox_);
    log_->setWordWrap(true);
    log_->setTextFormat(Qt::RichText);
    verifyButton_ = new QPushButton(logBox_);
    logLayout->addWidget(log_, 1);
    logLayout->addWidget(verifyButton_, 0, Qt::AlignTop);
    layout->addWidget(logBox_);

    for (auto* table : {publishers_, bundles_}) {
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->verticalHeader()->setVisible(false);
        table->horizontalHeader()->setStretchLastSection(true);
    }

    connect(refreshButton_, &QPushButton::clicked, this, &RegistryPage::refresh);
    connect(importButton_, &QPushButton::clicked, this, &RegistryPage::importWithDialog);
    connect(verifyButton_, &QPushButton::clicked, this, &RegistryPage::verifyLog);
    connect(&context_, &AppContext::registryChanged, this, [this] {
        if (loaded_) refresh();
    });
    // Every recorded inspection adds sightings: the counts follow at once when the screen is
    // open, else the next time it is shown.
    connect(&context_, &AppContext::inspectionPublished, this, [this] {
        if (!loaded_) return;
        if (isVisible()) refresh();
        else stale_ = true;
    });
    connect(&context_, &AppContext::settingsChanged, this, [this] {
        if (loaded_ && snapshot_ && qs(snapshot_->dataDir) != context_.dataDir()) {
            refresh();
            verifyLog();
        }
    });
    retranslate();
}

RegistryPage::~RegistryPage() = default;

void RegistryPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!loaded_) {
        refresh();
        verifyLog();
    } else if (stale_) {
        refresh();
    }
    stale_ = false;
}

void RegistryPage::refresh() {
    loaded_ = true;
    loading_ = true;
    render();
    const std::filesystem::path dataDir = context_.dataDir().toStdString();
    auto* watcher = new QFutureWatcher<RegistrySnapshot>(this);
    connect(watcher, &QFutureWatcher<RegistrySnapshot>::finished, this, [this, watcher] {
        watcher->deleteLater();
        loading_ = false;
        snapshot_ = std::make_unique<RegistrySnapshot>(watcher->result());
        render();
        emit refreshed();
    });
    watcher->setFuture(QtConcurrent::run([dataDir] { return readStatus(dataDir); }));
}

void RegistryPage::verifyLog() {
    loaded_ = true;
    verifying_ = true;
    renderLog();
    const std::filesystem::path dataDir = context_.dataDir().toStdString();
    auto* watcher = new QFutureWatcher<LogSnapshot>(this);
    connect(watcher, &QFutureWatcher<LogSnapshot>::finished, this, [this, watcher] {
        watcher->deleteLater();
        verifying_ = false;
        logSnapshot_ = std::make_unique<LogSnapshot>(watcher->result());
        render();   // the publishers list marks this station's key
        renderLog();
        emit logVerified();
    });
    watcher->setFuture(QtConcurrent::run([dataDir] { return readLog(dataDir); }));
}

void RegistryPage::importWithDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import a signed bundle"), QString(),
                                                      tr("dimmguard bundles (*.bundle);;All files (*)"));
    if (!path.isEmpty()) importBundle(path);
}

void RegistryPage::importBundle(const QString& path) {
    if (importing_) return;
    importing_ = true;
    importText_ = tr("Importing %1…").arg(path).toHtmlEscaped();
    progress_->setRange(0, 0);   // busy until the first progress report
    progress_->setVisible(true);
    render();
    const std::filesystem::path dataDir = context_.dataDir().toStdString();
    const std::filesystem::path file = path.toStdString();
    auto* watcher = new QFutureWatcher<ImportOutcome>(this);
    connect(watcher, &QFutureWatcher<ImportOutcome>::progressRangeChanged, progress_, &QProgressBar::setRange);
    connect(watcher, &QFutureWatcher<ImportOutcome>::progressValueChanged, progress_, &QProgressBar::setValue);
    connect(watcher, &QFutureWatcher<ImportOutcome>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        importing_ = false;
        progress_->setVisible(false);
        const ImportOutcome outcome = watcher->future().resultCount() > 0 ? watcher->result() : ImportOutcome{};
        QString message;
        if (outcome.ok) {
            if (outcome.alreadyImported) {
                message = tr("%1 was imported before: nothing changed.").arg(path);
            } else if (outcome.role == "station") {
                message = tr("Imported %n sighting(s) of station %1 from %2.", nullptr, static_cast<int>(outcome.records))
                              .arg(shortKey(outcome.publisher), path);
            } else {
                message = tr("Imported %1: %n record(s), role %2, version %3, publisher %4.", nullptr, static_cast<int>(outcome.records))
                              .arg(path, PageText::role(outcome.role))
                              .arg(outcome.version)
                              .arg(shortKey(outcome.publisher));
            }
            importText_ = QStringLiteral("<span style='color:#1b7f3b'>%1</span>").arg(message.toHtmlEscaped());
        } else {
            QString why;
            switch (outcome.code) {
            case Errc::signature_invalid: why = tr("The signature does not verify: the file was changed after it was signed."); break;
            case Errc::untrusted_key: why = tr("The publisher is not trusted for this (unknown key, wrong role, expired, or an older version)."); break;
            case Errc::bad_format:
            case Errc::truncated: why = tr("This is not a valid dimmguard bundle (wrong format, damaged or truncated)."); break;
            case Errc::not_found:
            case Errc::io: why = tr("The file or the registry cannot be read."); break;
            default: why = tr("The registry refused the bundle."); break;
            }
            message = tr("Refused %1: %2").arg(path, qs(outcome.message));
            importText_ = QStringLiteral("<span style='color:#c62828'><b>%1</b><br>%2</span>").arg(message.toHtmlEscaped(), why.toHtmlEscaped());
        }
        render();
        if (outcome.ok && !outcome.alreadyImported) context_.notifyRegistryChanged();   // refreshes this page too
        else refresh();
        emit importFinished(outcome.ok, message);
    });
    watcher->setFuture(QtConcurrent::run(runImport, dataDir, file));
}

void RegistryPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void RegistryPage::retranslate() {
    refreshButton_->setText(tr("&Refresh"));
    trustBox_->setTitle(tr("Trust: roots and publishers"));
    publishers_->setHorizontalHeaderLabels({tr("Publisher key"), tr("Roles"), tr("Expires (UTC)"), tr("State")});
    bundlesBox_->setTitle(tr("Imported bundles"));
    bundles_->setHorizontalHeaderLabels({tr("Publisher"), tr("Role"), tr("Version"), tr("Created"), tr("Expires (UTC)"), tr("Records"),
                                         tr("Imported"), tr("State"), tr("Digest")});
    importButton_->setText(tr("&Import bundle…"));
    importButton_->setToolTip(tr("Import a signed parts, serials, revocations or station bundle"));
    logBox_->setTitle(tr("Station inspection log"));
    verifyButton_->setText(tr("&Verify log"));
    render();
    renderLog();
}

void RegistryPage::render() {
    importButton_->setEnabled(!importing_);
    refreshButton_->setEnabled(!loading_);
    importMessage_->setText(importText_);
    importMessage_->setVisible(!importText_.isEmpty());
    if (!snapshot_) {
        banner_->setText(loading_ ? tr("Reading the registry…") : QString());
        trust_->clear();
        publishers_->setRowCount(0);
        bundles_->setRowCount(0);
        counts_->clear();
        return;
    }
    const auto& s = *snapshot_;
    const QString red = QStringLiteral("<span style='color:#c62828'><b>%1</b></span>");
    if (s.missing) {
        banner_->setText(red.arg(tr("No registry at %1. Create one with 'dimmguard registry init' and import bundles, or choose the "
                                    "database in Settings.")
                                     .arg(qs(s.dataDir))
                                     .toHtmlEscaped()));
    } else if (!s.error.empty()) {
        banner_->setText(red.arg(tr("The registry at %1 cannot be read: %2").arg(qs(s.dataDir), qs(s.error)).toHtmlEscaped()));
    }
    if (!s.status) {
        trust_->clear();
        publishers_->setRowCount(0);
        bundles_->setRowCount(0);
        counts_->clear();
        return;
    }
    const auto& st = *s.status;
    QStringList problems;
    if (!st.initialised) problems << tr("no trust root is pinned: run 'dimmguard registry init'");
    if (st.initialised && !st.trust) problems << tr("no trust document was accepted: run 'dimmguard registry trust'");
    if (st.trust_problem) problems << tr("trust problem: %1").arg(qs(*st.trust_problem));
    int expiredBundles = 0;
    for (const auto& b : st.bundles) expiredBundles += b.expired ? 1 : 0;
    if (expiredBundles > 0) problems << tr("%n imported bundle(s) expired", nullptr, expiredBundles);
    if (problems.isEmpty()) {
        banner_->setText(QStringLiteral("<span style='color:#1b7f3b'>%1</span>").arg(tr("Registry at %1: trusted and up to date.").arg(qs(s.dataDir)).toHtmlEscaped()));
    } else {
        banner_->setText(red.arg(tr("Registry at %1: %2").arg(qs(s.dataDir), problems.join(QStringLiteral("; "))).toHtmlEscaped()));
    }

    // Trust roots and the current document.
    QStringList roots;
    for (const auto& root : st.pinned.roots) roots << QStringLiteral("<code>%1</code>").arg(qs(root.key_id));
    QString trustText = tr("Pinned root keys (%n):", nullptr, static_cast<int>(st.pinned.roots.size())) + QLatin1Char(' ') +
                        (roots.isEmpty() ? tr("none") : roots.join(QStringLiteral(", "))) + QStringLiteral("<br>") +
                        tr("Root signatures required: %1").arg(st.pinned.threshold);
    if (st.trust) {
        const auto colour = expiryColour(st.trust->expires, s.now);
        const QString expires = colour ? QStringLiteral("<span style='background:%1'>%2</span>").arg(colour->name(), qs(st.trust->expires))
                                       : qs(st.trust->expires);
        trustText += QStringLiteral("<br>") + tr("Trust document version %1, created %2, expires %3")
                                                  .arg(st.trust->version)
                                                  .arg(qs(st.trust->created), expires);
    }
    trust_->setText(trustText);

    publishers_->setRowCount(0);
    if (st.trust) {
        publishers_->setRowCount(static_cast<int>(st.trust->publishers.size()));
        int row = 0;
        for (const auto& p : st.trust->publishers) {
            QStringList roles;
            for (const auto& role : p.roles) roles << PageText::role(role);
            const auto colour = expiryColour(p.expires, s.now);
            const QString state = p.expires <= s.now ? tr("expired") : colour ? tr("expires soon") : tr("trusted");
            QString key = qs(p.key_id);
            if (logSnapshot_ && logSnapshot_->report && logSnapshot_->report->station == p.key_id) key += QLatin1Char(' ') + tr("(this station)");
            publishers_->setItem(row, 0, cell(key, colour));
            publishers_->setItem(row, 1, cell(roles.join(PageText::listSeparator()), colour));
            publishers_->setItem(row, 2, cell(qs(p.expires), colour));
            publishers_->setItem(row, 3, cell(state, colour));
            ++row;
        }
        publishers_->resizeColumnsToContents();
    }

    bundles_->setRowCount(static_cast<int>(st.bundles.size()));
    int row = 0;
    for (const auto& b : st.bundles) {
        std::optional<QColor> colour = b.expired ? std::optional<QColor>(expired_colour) : expiryColour(b.expires, s.now);
        if (b.problem) colour = expired_colour;
        QString state = b.problem ? tr("untrusted: %1").arg(qs(*b.problem)) : b.expired ? tr("expired") : colour ? tr("expires soon") : tr("valid");
        bundles_->setItem(row, 0, cell(shortKey(b.publisher), colour));
        bundles_->item(row, 0)->setToolTip(qs(b.publisher));
        bundles_->setItem(row, 1, cell(PageText::role(b.role), colour));
        bundles_->setItem(row, 2, cell(QString::number(b.version), colour));
        bundles_->setItem(row, 3, cell(qs(b.created), colour));
        bundles_->setItem(row, 4, cell(qs(b.expires), colour));
        bundles_->setItem(row, 5, cell(QString::number(b.records), colour));
        bundles_->setItem(row, 6, cell(qs(b.imported), colour));
        bundles_->setItem(row, 7, cell(state, colour));
        bundles_->setItem(row, 8, cell(qs(b.digest.substr(0, 16)), colour));
        bundles_->item(row, 8)->setToolTip(qs(b.digest));
        ++row;
    }
    bundles_->resizeColumnsToContents();
    counts_->setText(tr("Parts: %1 · issued serials: %2 · revocations: %3").arg(st.parts).arg(st.serials).arg(st.revocations));
}

void RegistryPage::renderLog() {
    verifyButton_->setEnabled(!verifying_);
    if (verifying_) {
        log_->setText(tr("Verifying the inspection log…"));
        return;
    }
    if (!logSnapshot_) {
        log_->setText(tr("Not verified yet. Press Verify log."));
        return;
    }
    const QString red = QStringLiteral("<span style='color:#c62828'><b>%1</b></span>");
    const auto& l = *logSnapshot_;
    if (l.missing) {
        log_->setText(red.arg(tr("No registry, so no inspection log.")));
    } else if (!l.error.empty()) {
        log_->setText(red.arg(tr("The inspection log cannot be read: %1").arg(qs(l.error)).toHtmlEscaped()));
    } else if (l.report) {
        const auto& r = *l.report;
        const QString head = tr("Station %1: %n entry(ies), signed head counts %2", nullptr, static_cast<int>(r.entries))
                                 .arg(qs(r.station))
                                 .arg(r.head_count);
        if (r.ok()) {
            log_->setText(head.toHtmlEscaped() + QStringLiteral("<br><span style='color:#1b7f3b'><b>%1</b></span>")
                                                     .arg(tr("OK: every entry verifies and the chain is complete.")));
        } else {
            QStringList lines;
            for (const auto& p : r.problems) lines << (qs(db::log_problem_name(p.kind)) + QStringLiteral(": ") + qs(p.message)).toHtmlEscaped();
            log_->setText(head.toHtmlEscaped() + QStringLiteral("<br>") +
                          red.arg(tr("The inspection log has been tampered with (%n problem(s)):", nullptr, static_cast<int>(r.problems.size()))) +
                          QStringLiteral("<br>") + lines.mid(0, 10).join(QStringLiteral("<br>")));
        }
    }
}

}  // namespace dimmguard::gui
