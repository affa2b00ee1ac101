// SPDX-License-Identifier: GPL-3.0-or-later
// The History screen: sightings from the local registry (this station's and imported ones),
// searchable by serial / identity, part, verdict, lot and date range, exported as CSV.
#pragma once

// Core headers before Qt ones: firmware_io/bench_file.hpp has a member named `slots`, which
// Qt's keyword macro would otherwise erase.
#include "verifier/inspection.hpp"

#include <QAbstractTableModel>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

#include "app_context.hpp"
#include "sighting_query.hpp"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace dimmguard::gui {

/// Rows of a query result for a QTableView (newest first).
class SightingTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { time, verdict, part, identity, event, lot, site, source, verified, column_count };
    using QAbstractTableModel::QAbstractTableModel;
    void setRows(std::vector<SightingRow> rows);
    /// Add the next page below the rows shown.
    void appendRows(std::vector<SightingRow> rows);
    [[nodiscard]] const std::vector<SightingRow>& rows() const { return rows_; }
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void retranslate();

private:
    std::vector<SightingRow> rows_;
};

class HistoryPage : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPage(AppContext& context, QWidget* parent = nullptr);
    ~HistoryPage() override;

    /// The filter as the fields say.
    [[nodiscard]] SightingFilter filter() const;
    /// Fill the fields (tests, "show history of this serial" from elsewhere) without searching.
    void setFilter(const SightingFilter& filter);
    /// Run the search on a worker thread (a search while one runs cancels that one): the first
    /// history_page_rows matches, newest first.
    void search();
    /// Fetch the next page of the last search (older rows) and add it below; no-op unless more match.
    void showOlder();
    [[nodiscard]] bool hasOlder() const { return more_; }
    [[nodiscard]] bool busy() const { return running_ != nullptr; }
    /// Write the rows shown to `path` as CSV; "" on success, else the error (also shown in the page).
    QString exportCsv(const QString& path);

    [[nodiscard]] const SightingTableModel& model() const { return *model_; }
    [[nodiscard]] QLabel* statusLabel() const { return status_; }
    [[nodiscard]] QTableView* table() const { return table_; }

signals:
    /// A search finished (rows are in model(), or the status label says what went wrong).
    void searchFinished();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void renderStatus();
    void exportWithDialog();
    void runSearch(bool nextPage);

    AppContext& context_;
    SightingTableModel* model_ = nullptr;
    std::shared_ptr<std::atomic<bool>> running_;   ///< cancel flag of the search in flight
    bool searched_ = false;
    bool stale_ = false;   ///< sightings were recorded while the screen was hidden
    bool more_ = false;
    SightingFilter shownFilter_;   ///< the filter of the rows shown (paging continues it)
    QString error_;
    QString exportMessage_;

    QLabel* textLabel_ = nullptr;
    QLineEdit* text_ = nullptr;
    QLabel* partLabel_ = nullptr;
    QLineEdit* part_ = nullptr;
    QLabel* verdictLabel_ = nullptr;
    QComboBox* verdict_ = nullptr;
    QLabel* lotLabel_ = nullptr;
    QLineEdit* lot_ = nullptr;
    QCheckBox* dates_ = nullptr;
    QDateEdit* from_ = nullptr;
    QLabel* toLabel_ = nullptr;
    QDateEdit* to_ = nullptr;
    QPushButton* searchButton_ = nullptr;
    QPushButton* exportButton_ = nullptr;
    QPushButton* olderButton_ = nullptr;
    QLabel* status_ = nullptr;
    QTableView* table_ = nullptr;
};

}  // namespace dimmguard::gui
