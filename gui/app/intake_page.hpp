// SPDX-License-Identifier: GPL-3.0-or-later
// The Intake screen: source / slot / lot, a focused label field for a keyboard-wedge barcode
// scanner (Enter scans), presence polling, the large verdict banner with the top reasons, the
// module summary, the running lot tally, and lot / inspection reports.
#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QWidget>

#include <array>
#include <functional>
#include <memory>

#include "app_context.hpp"
#include "inspection_runner.hpp"
#include "next_steps.hpp"
#include "presence_poller.hpp"
#include "report_writer.hpp"

class QCheckBox;

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QToolButton;

namespace dimmguard::gui {

class AdapterWatcher;

class IntakePage : public QWidget {
    Q_OBJECT
public:
    IntakePage(AppContext& context, AdapterWatcher& adapters, QWidget* parent = nullptr);

    /// Start an inspection of the chosen source / slot with the label field's text. A label with
    /// Slot = All slots belongs to one module: with several modules present the page asks which
    /// slot it is for (labelSlotDialog) before anything is read or recorded.
    void scan();
    void cancel();
    [[nodiscard]] bool isScanning() const;
    [[nodiscard]] InspectionRunner& runner() { return runner_; }
    [[nodiscard]] PresencePoller& poller() { return poller_; }
    /// The open "which slot is this label for?" dialog (nullptr when none).
    [[nodiscard]] QDialog* labelSlotDialog() const { return slotDialog_; }

    /// Reports; return "" or an error message (also shown in the window).
    QString exportLotCsv(const QString& path);
    QString exportLotPdf(const QString& path);
    QString exportInspectionCsv(const QString& path);
    /// Also writes the evidence file of each recorded module next to the PDF, off the UI
    /// thread (writeEvidenceFiles); evidenceExported() says what was written.
    QString exportInspectionPdf(const QString& path);
    /// Select the slot combo entry whose data is `slot` ("" = all slots); false when absent.
    bool selectSlot(const QString& slot);
    /// Show registry problems (raw texts; explained in words) above the banner.
    void updateRegistryWarning(const QStringList& problems);
    /// Put the cursor in the Label field: a keyboard-wedge scanner types into whatever has the
    /// focus, so the page gives it back to Label whenever it is shown and after every action.
    void focusLabel();
    /// Ask for the next lot (a dialog that takes the lot on Enter), start it, and give the focus
    /// back to Label. Nothing changes when the dialog is cancelled.
    void newLot();
    /// The open "New lot" dialog (nullptr when none).
    [[nodiscard]] QDialog* newLotDialog() const { return lotDialog_; }
    /// Ask who is at the desk this shift (a dialog that takes a name or a badge scan on Enter).
    void askOperator();
    [[nodiscard]] QDialog* operatorDialog() const { return operatorDialog_; }
    /// Open the disposition dialog (quarantine, rma, release) for the module on screen, with the
    /// reason and the shift's operator filled in; on OK the disposition is signed into the log
    /// off the UI thread and dispositionDone() follows.
    void dispose(verifier::EventKind action);
    [[nodiscard]] QDialog* dispositionDialog() const { return dispositionDialog_; }
    /// The quarantine label of the module on screen as a PDF (label printer page size).
    /// Returns "" or an error message.
    QString exportQuarantineLabel(const QString& path);

    /// What the banner shows: ready, not ready (registry unusable), reading, a verdict, or an error.
    enum class BannerMode { ready, notReady, reading, verdict, error };
    [[nodiscard]] BannerMode bannerMode() const { return bannerMode_; }
    /// Modules (not scans) of the current lot with their latest verdict, and the re-scans.
    struct LotTally {
        int modules = 0;
        int rescans = 0;
        std::array<int, 5> byVerdict{};   ///< indexed by verifier::Verdict
    };
    [[nodiscard]] LotTally lotTally() const;
    /// Read the site's next-steps file again (docs/user-guide.md "What to do next").
    void reloadNextSteps();

signals:
    void inspectionShown(verifier::Verdict verdict);
    /// A scan that could not run: "headline. action (detail)".
    void scanFailed(const QString& message);
    void alarm();   ///< COUNTERFEIT with the sound on (tests count these)
    /// The evidence files written next to an inspection's PDF, and why any module has none.
    void evidenceExported(const QStringList& written, const QStringList& missing);
    /// A disposition from the Intake screen was signed ("" ) or refused (why).
    void dispositionDone(const QString& error);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void rebuildSources();
    void rebuildSlots();
    void sourceChosen();
    void startScan(const QString& slot);
    void labelProbeFinished();
    void askLabelSlot(const QString& label, const QStringList& locations);
    [[nodiscard]] QString slotText(const QString& location) const;
    void onFinished(std::shared_ptr<const Inspection> inspection);
    void onFailed(const QString& headline, const QString& action, const QString& detail = {});
    void showBanner(BannerMode mode, const QString& headline, const QString& nextStep);
    void showReady();
    void showModule(int index);
    void fillTable();
    void paintBanner(const QColor& background, const QColor& text);
    void updateTally();
    void setBusy(bool busy);
    void watchToggled(bool on);
    void chooseAndExport(bool lot, bool pdf);
    /// The status line says which evidence files a PDF save wrote and why any module has none.
    void evidenceWritten(const EvidenceOutcome& outcome);
    void print(bool lot);
    void updateActions();
    void updateOperatorButton();
    /// A modal one-line question closed by Enter (a scanner's suffix); `done` gets the answer,
    /// or nullptr when cancelled; the cursor then goes back to Label.
    QDialog* askOneLine(const QString& name, const QString& title, const QString& question, const QString& editName,
                        const QString& text, std::function<void(const QString*)> done);
    void printQuarantineLabel();
    void saveQuarantineLabel();
    [[nodiscard]] const verifier::ModuleReport* shownModule() const;
    [[nodiscard]] SourceChoice currentSource() const;

    AppContext& context_;
    AdapterWatcher& adapters_;
    InspectionRunner runner_;
    PresencePoller poller_;
    bool updatingCombos_ = false;
    QFutureWatcher<PresenceProbe> labelProbe_;   ///< which modules are present, for a label with All slots
    QPointer<QDialog> slotDialog_;
    QPointer<QDialog> lotDialog_;
    QPointer<QDialog> operatorDialog_;
    QPointer<QDialog> dispositionDialog_;

    QLabel* sourceLabel_ = nullptr;
    QComboBox* sourceCombo_ = nullptr;
    QLabel* slotLabel_ = nullptr;
    QComboBox* slotCombo_ = nullptr;
    QLabel* lotLabel_ = nullptr;
    QLineEdit* lotEdit_ = nullptr;
    QPushButton* newLotButton_ = nullptr;
    QPushButton* operatorButton_ = nullptr;
    QPushButton* quarantineButton_ = nullptr;
    QPushButton* rmaButton_ = nullptr;
    QPushButton* releaseButton_ = nullptr;
    QToolButton* labelButton_ = nullptr;
    QCheckBox* watchBox_ = nullptr;
    QLabel* labelPrompt_ = nullptr;
    QLineEdit* labelEdit_ = nullptr;
    QPushButton* scanButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QToolButton* reportButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QLabel* registryWarning_ = nullptr;
    QLabel* banner_ = nullptr;
    QLabel* nextStep_ = nullptr;
    QLabel* reasons_ = nullptr;
    QToolButton* detailsToggle_ = nullptr;
    QStackedWidget* reasonsStack_ = nullptr;
    QPlainTextEdit* detailsText_ = nullptr;
    QFormLayout* summaryForm_ = nullptr;
    QLabel* summaryValues_[6] = {};
    QTableWidget* table_ = nullptr;
    QLabel* tally_ = nullptr;
    std::shared_ptr<const Inspection> shown_;
    int shownModule_ = -1;
    BannerMode bannerMode_ = BannerMode::ready;
    QString failureHeadline_;                     ///< the last scan failure (kept across a language change)
    QString failureAction_;
    QString failureDetail_;
    QStringList registryProblems_;                ///< raw texts, explained on every language change
    NextSteps nextSteps_;
    QString benchSlotsStamp_;                     ///< path + mtime of the bench file benchSlots_ came from
    QList<QPair<QString, QString>> benchSlots_;   ///< (shown text, slot key)
    QList<QPair<QString, QString>> benchLocations_;   ///< (location "bench0 0x50", slot label "A1")
};

}  // namespace dimmguard::gui
