// SPDX-License-Identifier: GPL-3.0-or-later
// The History screen. The search runs on a worker thread with its own db::Database and fetches
// one page (history_page_rows) at a time, so a registry of millions of sightings never freezes
// the window and every page answers quickly.
#include "history_page.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "page_text.hpp"

namespace dimmguard::gui {

// ---- model

void SightingTableModel::setRows(std::vector<SightingRow> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

void SightingTableModel::appendRows(std::vector<SightingRow> rows) {
    if (rows.empty()) return;
    const int first = static_cast<int>(rows_.size());
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    rows_.insert(rows_.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    endInsertRows();
}

int SightingTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }
int SightingTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : column_count; }

QVariant SightingTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(rows_.size())) return {};
    const SightingRow& row = rows_[static_cast<std::size_t>(index.row())];
    const auto& s = row.sighting;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case time: return qs(s.time);
        case verdict: return PageText::verdict(s.verdict);
        case part: return qs(s.part_number);
        case identity: return qs(s.identity.key());
        case event: return PageText::event(verifier::event_kind_name(s.event));
        case lot: {
            const auto it = s.context.find("lot");
            return it == s.context.end() ? QString() : qs(it->second);
        }
        case site: return qs(s.site);
        case source: return row.local ? tr("this station") : tr("imported");
        case verified: return row.verified ? tr("verified") : tr("NOT VERIFIED");
        default: return {};
        }
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == verdict) return PageText::verdictColour(s.verdict);
        if (index.column() == verified && !row.verified) return QColor(0xc6, 0x28, 0x28);
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == verified && !row.verified) return qs(row.problem);
        if (index.column() == identity) return tr("fingerprint %1").arg(qs(s.fingerprint));
        if (index.column() == site) return tr("station %1").arg(qs(s.station));
    }
    return {};
}

QVariant SightingTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case time: return tr("Time (UTC)");
    case verdict: return tr("Verdict");
    case part: return tr("Part number");
    case identity: return tr("Identity (maker-location-date-serial)");
    case event: return tr("Event");
    case lot: return tr("Lot");
    case site: return tr("Site");
    case source: return tr("Source");
    case verified: return tr("Signature");
    default: return {};
    }
}

void SightingTableModel::retranslate() {
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(static_cast<int>(rows_.size()) - 1, column_count - 1));
    emit headerDataChanged(Qt::Horizontal, 0, column_count - 1);
}

// ---- page

HistoryPage::HistoryPage(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
    auto* layout = new QVBoxLayout(this);
    auto* filters = new QGridLayout;
    textLabel_ = new QLabel(this);
    text_ = new QLineEdit(this);
    text_->setClearButtonEnabled(true);
    partLabel_ = new QLabel(this);
    part_ = new QLineEdit(this);
    part_->setClearButtonEnabled(true);
    verdictLabel_ = new QLabel(this);
    verdict_ = new QComboBox(this);
    for (const char* v : {"", "genuine", "suspect", "counterfeit", "unknown", "unreadable"}) verdict_->addItem(QString(), QString::fromLatin1(v));
    lotLabel_ = new QLabel(this);
    lot_ = new QLineEdit(this);
    lot_->setClearButtonEnabled(true);
    dates_ = new QCheckBox(this);
    from_ = new QDateEdit(QDate::currentDate().addDays(-30), this);
    to_ = new QDateEdit(QDate::currentDate(), this);
    for (auto* edit : {from_, to_}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setEnabled(false);
    }
    toLabel_ = new QLabel(this);
    searchButton_ = new QPushButton(this);
    searchButton_->setDefault(true);
    exportButton_ = new QPushButton(this);

    textLabel_->setBuddy(text_);
    partLabel_->setBuddy(part_);
    verdictLabel_->setBuddy(verdict_);
    lotLabel_->setBuddy(lot_);
    filters->addWidget(textLabel_, 0, 0);
    filters->addWidget(text_, 0, 1);
    filters->addWidget(partLabel_, 0, 2);
    filters->addWidget(part_, 0, 3);
    filters->addWidget(verdictLabel_, 0, 4);
    filters->addWidget(verdict_, 0, 5);
    filters->addWidget(lotLabel_, 1, 0);
    filters->addWidget(lot_, 1, 1);
    auto* dateRow = new QHBoxLayout;
    dateRow->addWidget(dates_);
    dateRow->addWidget(from_);
    dateRow->addWidget(toLabel_);
    dateRow->addWidget(to_);
    dateRow->addStretch(1);
    filters->addLayout(dateRow, 1, 2, 1, 4);
    filters->setColumnStretch(1, 2);
    filters->setColumnStretch(3, 2);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(searchButton_);
    buttons->addWidget(exportButton_);
    auto* top = new QHBoxLayout;
    top->addLayout(filters, 1);
    top->addLayout(buttons);
    layout->addLayout(top);

    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::RichText);
    layout->addWidget(status_);

    model_ = new SightingTableModel(this);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setWordWrap(false);
    layout->addWidget(table_, 1);
    olderButton_ = new QPushButton(this);
    olderButton_->setObjectName(QStringLiteral("olderButton"));
    olderButton_->setVisible(false);
    auto* olderRow = new QHBoxLayout;
    olderRow->addStretch(1);
    olderRow->addWidget(olderButton_);
    olderRow->addStretch(1);
    layout->addLayout(olderRow);

    connect(dates_, &QCheckBox::toggled, from_, &QWidget::setEnabled);
    connect(dates_, &QCheckBox::toggled, to_, &QWidget::setEnabled);
    connect(searchButton_, &QPushButton::clicked, this, &HistoryPage::search);
    for (auto* edit : {text_, part_, lot_}) connect(edit, &QLineEdit::returnPressed, this, &HistoryPage::search);
    connect(exportButton_, &QPushButton::clicked, this, &HistoryPage::exportWithDialog);
    connect(olderButton_, &QPushButton::clicked, this, &HistoryPage::showOlder);
    connect(&context_, &AppContext::registryChanged, this, [this] {
        if (searched_) search();
    });
    // New sightings show at once when the screen is open, else the next time it is shown.
    connect(&context_, &AppContext::inspectionPublished, this, [this] {
        if (!searched_) return;
        if (isVisible()) search();
        else stale_ = true;
    });
    retranslate();
}

HistoryPage::~HistoryPage() {
    if (running_) running_->store(true);
}

SightingFilter HistoryPage::filter() const {
    SightingFilter f;
    f.text = text_->text().trimmed().toStdString();
    f.part = part_->text().trimmed().toStdString();
    f.verdict = verdict_->currentData().toString().toStdString();
    f.lot = lot_->text().trimmed().toStdString();
    if (dates_->isChecked()) {
        f.from_day = from_->date().toString(Qt::ISODate).toStdString();
        f.to_day = to_->date().toString(Qt::ISODate).toStdString();
    }
    return f;
}

void HistoryPage::setFilter(const SightingFilter& f) {
    text_->setText(qs(f.text));
    part_->setText(qs(f.part));
    verdict_->setCurrentIndex(std::max(0, verdict_->findData(qs(f.verdict))));
    lot_->setText(qs(f.lot));
    const bool dated = !f.from_day.empty() || !f.to_day.empty();
    dates_->setChecked(dated);
    if (!f.from_day.empty()) from_->setDate(QDate::fromString(qs(f.from_day), Qt::ISODate));
    else if (dated) from_->setDate(QDate(2000, 1, 1));
    if (!f.to_day.empty()) to_->setDate(QDate::fromString(qs(f.to_day), Qt::ISODate));
    else if (dated) to_->setDate(QDate(2099, 12, 31));
}

void HistoryPage::search() { runSearch(false); }

void HistoryPage::showOlder() {
    if (more_ && !running_ && !model_->rows().empty()) runSearch(true);
}

void HistoryPage::runSearch(bool nextPage) {
    if (running_) running_->store(true);   // the answer of the older search is dropped below
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    running_ = cancel;
    exportMessage_.clear();
    renderStatus();
    const std::filesystem::path dataDir = context_.dataDir().toStdString();
    SightingCursor after;
    if (nextPage) {
        after.order_time = model_->rows().back().order_time;
        after.seq = model_->rows().back().seq;
    } else {
        shownFilter_ = filter();
    }
    const SightingFilter f = shownFilter_;
    auto* watcher = new QFutureWatcher<Result<SightingQueryResult>>(this);
    connect(watcher, &QFutureWatcher<Result<SightingQueryResult>>::finished, this, [this, watcher, cancel, nextPage] {
        watcher->deleteLater();
        if (running_ != cancel) return;   // superseded
        running_.reset();
        auto result = watcher->result();
        searched_ = true;
        if (result) {
            error_.clear();
            more_ = result->more;
            if (nextPage) {
                model_->appendRows(std::move(result->rows));
            } else {
                model_->setRows(std::move(result->rows));
                table_->resizeColumnsToContents();
            }
        } else {
            error_ = qs(result.error().message);
            more_ = false;
            if (!nextPage) model_->setRows({});
        }
        renderStatus();
        emit searchFinished();
    });
    watcher->setFuture(
        QtConcurrent::run([dataDir, f, cancel, after] { return query_sightings(dataDir, f, history_page_rows, cancel.get(), after); }));
}

QString HistoryPage::exportCsv(const QString& path) {
    QSaveFile file(path);
    QString error;
    if (!file.open(QIODevice::WriteOnly)) {
        error = file.errorString();
    } else {
        const std::string csv = sightings_csv(model_->rows());
        file.write(csv.data(), static_cast<qint64>(csv.size()));
        if (!file.commit()) error = file.errorString();
    }
    exportMessage_ = error.isEmpty() ? tr("Exported %n sighting(s) to %1", nullptr, static_cast<int>(model_->rows().size())).arg(path)
                                     : QStringLiteral("<span style='color:#c62828'>%1</span>")
                                           .arg(tr("Cannot write %1: %2").arg(path, error).toHtmlEscaped());
    renderStatus();
    return error;
}

void HistoryPage::exportWithDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export sightings as CSV"), QStringLiteral("sightings.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty()) exportCsv(path);
}

void HistoryPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if ((!searched_ || stale_) && !running_) search();
    stale_ = false;
}

void HistoryPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void HistoryPage::retranslate() {
    textLabel_->setText(tr("&Serial or identity:"));
    text_->setPlaceholderText(tr("e.g. 3bf2a0b1 or 802c-06-2418-3bf2a0b1"));
    partLabel_->setText(tr("&Part number:"));
    part_->setPlaceholderText(tr("any part"));
    verdictLabel_->setText(tr("&Verdict:"));
    verdict_->setItemText(0, tr("any verdict"));
    for (int i = 1; i < verdict_->count(); ++i) verdict_->setItemText(i, PageText::verdict(verdict_->itemData(i).toString().toStdString()));
    lotLabel_->setText(tr("&Lot:"));
    lot_->setPlaceholderText(tr("any lot"));
    dates_->setText(tr("&Date from"));
    toLabel_->setText(tr("to"));
    searchButton_->setText(tr("&Search"));
    exportButton_->setText(tr("&Export CSV…"));
    exportButton_->setToolTip(tr("Write the rows shown to a CSV file"));
    olderButton_->setText(tr("Show &older sightings"));
    olderButton_->setToolTip(tr("Fetch the next %n older sighting(s) matching the filter", nullptr, static_cast<int>(history_page_rows)));
    model_->retranslate();
    renderStatus();
}

void HistoryPage::renderStatus() {
    exportButton_->setEnabled(!model_->rows().empty());
    olderButton_->setVisible(more_ && searched_);
    olderButton_->setEnabled(!running_);
    QString text;
    if (running_) {
        text = tr("Searching the registry…");
    } else if (!error_.isEmpty()) {
        const bool missing = error_.startsWith(QLatin1String("no registry"));
        text = QStringLiteral("<span style='color:#c62828'>%1</span>")
                   .arg((missing ? tr("No registry at %1: run 'dimmguard registry init' and import bundles, or choose the database in Settings.")
                                       .arg(context_.dataDir())
                                 : tr("The registry cannot be read: %1").arg(error_))
                            .toHtmlEscaped());
    } else if (searched_) {
        const int rows = static_cast<int>(model_->rows().size());
        int unverified = 0;
        for (const auto& row : model_->rows()) unverified += row.verified ? 0 : 1;
        if (more_) {
            text = tr("The newest %n sighting(s) are shown; more match: press Show older sightings for the next page", nullptr, rows);
        } else {
            text = tr("%n sighting(s) found", nullptr, rows);
        }
        if (unverified > 0) {
            text += QStringLiteral("<br><span style='color:#c62828'>%1</span>")
                        .arg(tr("%n row(s) fail their signature check: the database may have been edited", nullptr, unverified));
        }
    } else {
        text = tr("Press Search to list sightings from the registry.");
    }
    if (!exportMessage_.isEmpty()) text += QStringLiteral("<br>") + exportMessage_;
    status_->setText(text);
}

}  // namespace dimmguard::gui
