// SPDX-License-Identifier: GPL-3.0-or-later
// Intake screen. Everything slow runs in InspectionRunner / PresencePoller worker threads;
// this class only arranges widgets and reacts to their signals.
#include "intake_page.hpp"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPrintDialog>
#include <QPrinter>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QStackedWidget>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <array>
#include <functional>
#include <map>

#include "adapter_watcher.hpp"
#include "firmware_io/bench_file.hpp"
#include "disposition_dialog.hpp"
#include "module_text.hpp"
#include "quarantine_label.hpp"
#include "report_writer.hpp"
#include "verifier/spd_synth.hpp"

namespace dimmguard::gui {
namespace {

void setPointSize(QWidget* w, int points, bool bold = false) {
    QFont f = w->font();
    f.setPointSize(points);
    f.setBold(bold);
    w->setFont(f);
}

// Source combo data: "bench", "bus:N" or "all".
QString sourceKey(const SourceChoice& s) {
    switch (s.kind) {
    case SourceChoice::Kind::bench: return QStringLiteral("bench");
    case SourceChoice::Kind::bus: return QStringLiteral("bus:%1").arg(s.bus);
    case SourceChoice::Kind::all: return QStringLiteral("all");
    }
    return QStringLiteral("bench");
}

}  // namespace

IntakePage::IntakePage(AppContext& context, AdapterWatcher& adapters, QWidget* parent)
    : QWidget(parent), context_(context), adapters_(adapters) {
    setObjectName(QStringLiteral("intakePage"));
    auto* root = new QVBoxLayout(this);
    root->setSpacing(6);   // fits 1280x720 (docs/user-guide.md "Screens")

    // Where modules come from, and the lot.
    auto* contextRow = new QHBoxLayout;
    sourceLabel_ = new QLabel(this);
    sourceCombo_ = new QComboBox(this);
    sourceCombo_->setObjectName(QStringLiteral("sourceCombo"));
    sourceCombo_->setMinimumWidth(220);
    sourceCombo_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    sourceCombo_->setMinimumContentsLength(18);
    slotLabel_ = new QLabel(this);
    slotCombo_ = new QComboBox(this);
    slotCombo_->setObjectName(QStringLiteral("slotCombo"));
    slotCombo_->setMinimumWidth(110);
    lotLabel_ = new QLabel(this);
    lotEdit_ = new QLineEdit(this);
    lotEdit_->setObjectName(QStringLiteral("lotEdit"));
    lotEdit_->setMinimumWidth(150);
    newLotButton_ = new QPushButton(this);
    newLotButton_->setObjectName(QStringLiteral("newLotButton"));
    operatorButton_ = new QPushButton(this);
    operatorButton_->setObjectName(QStringLiteral("operatorButton"));
    operatorButton_->setFlat(true);
    watchBox_ = new QCheckBox(this);
    watchBox_->setObjectName(QStringLiteral("watchBox"));
    // Only the text fields take the focus on a click: a click on a combo, a button or the Watch
    // box must not leave the cursor where the next scanned label would toggle or pick something
    // (Tab still reaches them from the keyboard).
    for (QWidget* w : std::initializer_list<QWidget*>{sourceCombo_, slotCombo_, newLotButton_, operatorButton_, watchBox_}) w->setFocusPolicy(Qt::TabFocus);
    sourceLabel_->setBuddy(sourceCombo_);
    slotLabel_->setBuddy(slotCombo_);
    lotLabel_->setBuddy(lotEdit_);
    contextRow->addWidget(sourceLabel_);
    contextRow->addWidget(sourceCombo_, 2);
    contextRow->addWidget(slotLabel_);
    contextRow->addWidget(slotCombo_);
    contextRow->addSpacing(12);
    contextRow->addWidget(lotLabel_);
    contextRow->addWidget(lotEdit_, 1);
    contextRow->addWidget(newLotButton_);
    contextRow->addWidget(operatorButton_);
    root->addLayout(contextRow);

    // The scanner field: a keyboard-wedge scanner types the label and presses Enter.
    auto* scanRow = new QHBoxLayout;
    labelPrompt_ = new QLabel(this);
    setPointSize(labelPrompt_, 14, true);
    labelEdit_ = new QLineEdit(this);
    labelEdit_->setObjectName(QStringLiteral("labelEdit"));
    labelEdit_->setClearButtonEnabled(true);
    setPointSize(labelEdit_, 18);
    labelPrompt_->setBuddy(labelEdit_);
    scanButton_ = new QPushButton(this);
    scanButton_->setObjectName(QStringLiteral("scanButton"));
    setPointSize(scanButton_, 16, true);
    scanButton_->setMinimumHeight(48);
    cancelButton_ = new QPushButton(this);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    setPointSize(cancelButton_, 14);
    cancelButton_->setMinimumHeight(48);
    cancelButton_->setEnabled(false);
    reportButton_ = new QToolButton(this);
    reportButton_->setObjectName(QStringLiteral("reportButton"));
    reportButton_->setPopupMode(QToolButton::InstantPopup);
    reportButton_->setMinimumHeight(48);
    setPointSize(reportButton_, 14);
    for (QWidget* w : std::initializer_list<QWidget*>{scanButton_, cancelButton_, reportButton_}) w->setFocusPolicy(Qt::TabFocus);
    scanRow->addWidget(labelPrompt_);
    scanRow->addWidget(labelEdit_, 1);
    scanRow->addWidget(scanButton_);
    scanRow->addWidget(cancelButton_);
    scanRow->addWidget(reportButton_);
    root->addLayout(scanRow);

    auto* progressRow = new QHBoxLayout;
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("progressBar"));
    progress_->setMaximumWidth(260);
    progress_->setVisible(false);
    statusLabel_ = new QLabel(this);
    statusLabel_->setObjectName(QStringLiteral("statusLabel"));
    statusLabel_->setTextFormat(Qt::PlainText);
    statusLabel_->setMinimumWidth(100);
    statusLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);   // long text never widens the page
    progressRow->addWidget(progress_);
    progressRow->addWidget(statusLabel_, 1);
    progressRow->addWidget(watchBox_);
    root->addLayout(progressRow);

    // A registry problem, in words that say what to do (one line; the banner says "Not ready"
    // before the first scan).
    registryWarning_ = new QLabel(this);
    registryWarning_->setObjectName(QStringLiteral("registryWarning"));
    registryWarning_->setWordWrap(true);
    registryWarning_->setTextFormat(Qt::PlainText);
    registryWarning_->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #5c4400; border: 1px solid #e0b000; padding: 4px; }"));
    registryWarning_->setVisible(false);
    setPointSize(registryWarning_, 11);
    root->addWidget(registryWarning_);

    // The verdict: large enough to read from across the desk.
    banner_ = new QLabel(this);
    banner_->setObjectName(QStringLiteral("verdictBanner"));
    banner_->setAlignment(Qt::AlignCenter);
    banner_->setMinimumHeight(96);
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::PlainText);
    banner_->setAutoFillBackground(true);
    setPointSize(banner_, 44, true);
    root->addWidget(banner_);

    // What to do next, in big text: from the site's next-steps file for a verdict, the one
    // action that fixes it for an error.
    nextStep_ = new QLabel(this);
    nextStep_->setObjectName(QStringLiteral("nextStep"));
    nextStep_->setWordWrap(true);
    nextStep_->setTextFormat(Qt::PlainText);
    nextStep_->setMinimumHeight(34);
    setPointSize(nextStep_, 17, true);
    root->addWidget(nextStep_);

    // A fixed-height block: new reasons never move the widgets below, so a verdict repaints
    // the block, not the whole screen.
    auto* detailsBlock = new QWidget(this);
    detailsBlock->setObjectName(QStringLiteral("detailsBlock"));
    detailsBlock->setFixedHeight(176);
    auto* details = new QHBoxLayout(detailsBlock);
    details->setContentsMargins(0, 0, 0, 0);
    auto* reasonsColumn = new QVBoxLayout;
    reasonsColumn->setContentsMargins(0, 0, 0, 0);
    reasonsColumn->setSpacing(2);
    reasons_ = new QLabel(detailsBlock);
    reasons_->setObjectName(QStringLiteral("reasonsLabel"));
    reasons_->setWordWrap(true);
    reasons_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    reasons_->setTextFormat(Qt::PlainText);   // cheaper to lay out than rich text
    setPointSize(reasons_, 13);
    auto* reasonsScroll = new QScrollArea(detailsBlock);
    reasonsScroll->setObjectName(QStringLiteral("reasonsScroll"));
    reasonsScroll->setWidgetResizable(true);
    reasonsScroll->setFrameShape(QFrame::NoFrame);
    reasonsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    reasonsScroll->setWidget(reasons_);
    reasonsScroll->viewport()->setAutoFillBackground(false);
    reasons_->setAutoFillBackground(false);
    // The technical detail (finding codes, the engine's English messages) behind the plain
    // reasons, one click away: QA and suppliers ask for it; intake staff do not need it.
    detailsText_ = new QPlainTextEdit(detailsBlock);
    detailsText_->setObjectName(QStringLiteral("technicalDetails"));
    detailsText_->setReadOnly(true);
    detailsText_->setFocusPolicy(Qt::ClickFocus);
    detailsText_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    reasonsStack_ = new QStackedWidget(detailsBlock);
    reasonsStack_->addWidget(reasonsScroll);
    reasonsStack_->addWidget(detailsText_);
    detailsToggle_ = new QToolButton(detailsBlock);
    detailsToggle_->setObjectName(QStringLiteral("detailsToggle"));
    detailsToggle_->setCheckable(true);
    detailsToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    detailsToggle_->setArrowType(Qt::RightArrow);
    detailsToggle_->setAutoRaise(true);
    detailsToggle_->setFocusPolicy(Qt::TabFocus);
    // What the operator does with a module that is not GENUINE, signed into the log.
    auto* actionsRow = new QHBoxLayout;
    actionsRow->setSpacing(4);
    actionsRow->addWidget(detailsToggle_);
    actionsRow->addStretch(1);
    quarantineButton_ = new QPushButton(detailsBlock);
    quarantineButton_->setObjectName(QStringLiteral("intakeQuarantineButton"));
    rmaButton_ = new QPushButton(detailsBlock);
    rmaButton_->setObjectName(QStringLiteral("intakeRmaButton"));
    releaseButton_ = new QPushButton(detailsBlock);
    releaseButton_->setObjectName(QStringLiteral("intakeReleaseButton"));
    labelButton_ = new QToolButton(detailsBlock);
    labelButton_->setObjectName(QStringLiteral("quarantineLabelButton"));
    labelButton_->setPopupMode(QToolButton::InstantPopup);
    labelButton_->setMenu(new QMenu(labelButton_));
    for (QAbstractButton* b : std::initializer_list<QAbstractButton*>{quarantineButton_, rmaButton_, releaseButton_, labelButton_}) {
        b->setFocusPolicy(Qt::TabFocus);
        actionsRow->addWidget(b);
    }
    reasonsColumn->addWidget(reasonsStack_, 1);
    reasonsColumn->addLayout(actionsRow);
    details->addLayout(reasonsColumn, 3);
    auto* summary = new QWidget(detailsBlock);
    summary->setObjectName(QStringLiteral("moduleSummary"));
    summaryForm_ = new QFormLayout(summary);
    for (auto*& value : summaryValues_) {
        value = new QLabel(summary);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        setPointSize(value, 14, true);
        summaryForm_->addRow(new QLabel(summary), value);
    }
    details->addWidget(summary, 2);
    root->addWidget(detailsBlock);

    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("moduleTable"));
    table_->setColumnCount(5);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setFocusPolicy(Qt::TabFocus);   // a click shows a module; the cursor stays in Label
    // The table takes the height that is left (at least four rows); its preferred height must not
    // make the page taller than a 1280x720 screen.
    table_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Ignored);
    table_->setMinimumHeight(110);
    setPointSize(table_, 11);
    root->addWidget(table_, 1);

    tally_ = new QLabel(this);
    tally_->setObjectName(QStringLiteral("tallyLabel"));
    tally_->setWordWrap(true);   // a long lot name wraps instead of widening the page
    tally_->setTextFormat(Qt::PlainText);
    setPointSize(tally_, 13, true);
    root->addWidget(tally_);

    // Keyboard: Enter in the label field scans, F5 scans, Esc cancels.
    connect(labelEdit_, &QLineEdit::returnPressed, this, &IntakePage::scan);
    connect(scanButton_, &QPushButton::clicked, this, &IntakePage::scan);
    connect(cancelButton_, &QPushButton::clicked, this, &IntakePage::cancel);
    auto* f5 = new QShortcut(QKeySequence(Qt::Key_F5), this);
    connect(f5, &QShortcut::activated, this, &IntakePage::scan);
    auto* esc = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(esc, &QShortcut::activated, this, &IntakePage::cancel);
    connect(newLotButton_, &QPushButton::clicked, this, &IntakePage::newLot);
    connect(operatorButton_, &QPushButton::clicked, this, &IntakePage::askOperator);
    connect(quarantineButton_, &QPushButton::clicked, this, [this] { dispose(verifier::EventKind::quarantine); });
    connect(rmaButton_, &QPushButton::clicked, this, [this] { dispose(verifier::EventKind::rma); });
    connect(releaseButton_, &QPushButton::clicked, this, [this] { dispose(verifier::EventKind::release); });
    auto* f8 = new QShortcut(QKeySequence(Qt::Key_F8), this);
    connect(f8, &QShortcut::activated, this, [this] {
        if (quarantineButton_->isVisible()) dispose(verifier::EventKind::quarantine);
    });
    connect(lotEdit_, &QLineEdit::returnPressed, this, [this] { labelEdit_->setFocus(); });
    connect(watchBox_, &QCheckBox::toggled, this, &IntakePage::watchToggled);
    connect(sourceCombo_, &QComboBox::currentIndexChanged, this, [this] {
        if (!updatingCombos_) sourceChosen();
    });
    connect(slotCombo_, &QComboBox::currentIndexChanged, this, [this] {
        if (updatingCombos_) return;
        SourceChoice s = currentSource();
        context_.setSource(s);
    });
    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (row >= 0 && shown_ && row != shownModule_) {
            showModule(row);
            if (shown_ == context_.lastInspection()) context_.selectModule(row);
        }
    });

    auto* menu = new QMenu(reportButton_);
    reportButton_->setMenu(menu);

    connect(&runner_, &InspectionRunner::progress, this, [this](const QString& step, int done, int total) {
        statusLabel_->setText(step);
        if (total > 0) {
            progress_->setRange(0, total);
            progress_->setValue(done);
            showBanner(BannerMode::reading, tr("%1 (%2 of %3)").arg(step).arg(std::min(done + 1, total)).arg(total),
                       tr("Leave the module in place until the verdict shows."));
        } else {
            progress_->setRange(0, 0);
            showBanner(BannerMode::reading, step + QChar(0x2026), tr("Leave the module in place until the verdict shows."));
        }
    });
    connect(&runner_, &InspectionRunner::finished, this, &IntakePage::onFinished);
    connect(&labelProbe_, &QFutureWatcher<PresenceProbe>::finished, this, &IntakePage::labelProbeFinished);
    connect(&runner_, &InspectionRunner::failed, this, &IntakePage::onFailed);
    connect(&runner_, &InspectionRunner::cancelled, this, [this] {
        setBusy(false);
        statusLabel_->setText(tr("Scan cancelled: nothing was recorded."));
        showReady();
    });
    connect(detailsToggle_, &QToolButton::toggled, this, [this](bool on) {
        detailsToggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        reasonsStack_->setCurrentIndex(on ? 1 : 0);
        focusLabel();
    });
    connect(&poller_, &PresencePoller::inserted, this, [this](const QStringList& locations) {
        statusLabel_->setText(tr("Module inserted at %1: inspecting").arg(locations.join(QStringLiteral(", "))));
        if (runner_.isRunning() || labelProbe_.isRunning() || slotDialog_) return;
        const QString label = labelEdit_->text().trimmed();
        if (label.isEmpty() || !currentSource().slot.isEmpty()) {
            scan();
        } else if (locations.size() == 1) {
            startScan(locations.front());   // one label per inserted module
        } else {
            askLabelSlot(label, locations);
        }
    });
    connect(&poller_, &PresencePoller::probeFailed, this, [this](const QString& message) {
        statusLabel_->setText(tr("Watching for modules failed: %1").arg(message));
    });
    connect(&adapters_, &AdapterWatcher::adaptersChanged, this, &IntakePage::rebuildSources);
    connect(&context_, &AppContext::settingsChanged, this, [this] {
        if (!updatingCombos_) rebuildSources();
        reloadNextSteps();
        updateOperatorButton();
    });

    reloadNextSteps();
    retranslate();
    rebuildSources();
    lotEdit_->setText(QString());
    showModule(-1);
    updateTally();
    labelEdit_->setFocus();
}

void IntakePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void IntakePage::retranslate() {
    sourceLabel_->setText(tr("&Source:"));
    slotLabel_->setText(tr("S&lot:"));
    lotLabel_->setText(tr("L&ot / PO:"));
    lotEdit_->setPlaceholderText(tr("lot or purchase order"));
    newLotButton_->setText(tr("&New lot"));
    newLotButton_->setToolTip(tr("Start a new lot: the tally starts again from zero"));
    updateOperatorButton();
    operatorButton_->setToolTip(tr("Who is at this desk this shift: recorded with every inspection and disposition"));
    quarantineButton_->setText(tr("Quarantine (F8)…"));
    rmaButton_->setText(tr("Return to supplier…"));
    releaseButton_->setText(tr("Release (QA)…"));
    labelButton_->setText(tr("Quarantine label"));
    labelButton_->menu()->clear();
    labelButton_->menu()->addAction(tr("Print…"), this, &IntakePage::printQuarantineLabel);
    labelButton_->menu()->addAction(tr("Save as PDF…"), this, &IntakePage::saveQuarantineLabel);
    watchBox_->setText(tr("&Watch for inserted modules"));
    labelPrompt_->setText(tr("L&abel:"));
    labelEdit_->setPlaceholderText(tr("scan the module label here, then Enter"));
    scanButton_->setText(tr("Scan (F5)"));
    cancelButton_->setText(tr("Cancel (Esc)"));
    reportButton_->setText(tr("&Report"));
    QMenu* menu = reportButton_->menu();
    menu->clear();
    menu->addAction(tr("Lot as CSV…"), this, [this] { chooseAndExport(true, false); });
    menu->addAction(tr("Lot as PDF…"), this, [this] { chooseAndExport(true, true); });
    menu->addAction(tr("Print lot…"), this, [this] { print(true); });
    menu->addSeparator();
    menu->addAction(tr("This inspection as CSV…"), this, [this] { chooseAndExport(false, false); });
    menu->addAction(tr("This inspection as PDF…"), this, [this] { chooseAndExport(false, true); });
    menu->addAction(tr("Print this inspection…"), this, [this] { print(false); });
    const std::array<const char*, 6> names = {QT_TR_NOOP("Maker"), QT_TR_NOOP("Part number"), QT_TR_NOOP("Capacity"),
                                              QT_TR_NOOP("Speed"), QT_TR_NOOP("Serial"), QT_TR_NOOP("Date")};
    for (int i = 0; i < 6; ++i) {
        auto* label = qobject_cast<QLabel*>(summaryForm_->itemAt(i, QFormLayout::LabelRole)->widget());
        label->setText(tr(names[static_cast<std::size_t>(i)]) + QLatin1Char(':'));
        setPointSize(label, 13);
    }
    table_->setHorizontalHeaderLabels({tr("Slot"), tr("Verdict"), tr("Part number"), tr("Serial"), tr("Reason")});
    updatingCombos_ = true;
    rebuildSources();
    updatingCombos_ = false;
    showModule(shownModule_);
    fillTable();
    detailsToggle_->setText(tr("Technical details"));
    // Transient text from the other language goes; a problem with the site's next-steps file
    // stays until the file is fixed (it used to be wiped at start-up).
    if (!runner_.isRunning()) statusLabel_->setText(nextSteps_.problem());
    updateTally();
    updateRegistryWarning(registryProblems_);
}

void IntakePage::rebuildSources() {
    const bool wasUpdating = updatingCombos_;
    updatingCombos_ = true;
    const SourceChoice chosen = context_.source();
    sourceCombo_->clear();
    if (!chosen.benchPath.isEmpty()) {
        sourceCombo_->addItem(tr("Emulated bench: %1").arg(QFileInfo(chosen.benchPath).fileName()), QStringLiteral("bench"));
    }
    for (const auto& a : adapters_.adapters()) {
        const QString name = a.name.isEmpty() ? tr("adapter") : a.name;
        sourceCombo_->addItem(tr("i2c-%1: %2").arg(a.number).arg(name), QStringLiteral("bus:%1").arg(a.number));
    }
    sourceCombo_->addItem(tr("All local adapters"), QStringLiteral("all"));
    const int index = sourceCombo_->findData(sourceKey(chosen));
    if (index >= 0) {
        sourceCombo_->setCurrentIndex(index);
    } else if (chosen.kind == SourceChoice::Kind::bus) {
        // The chosen adapter went away (USB bridge unplugged): say so, keep the choice.
        sourceCombo_->insertItem(0, tr("i2c-%1 (not connected)").arg(chosen.bus), sourceKey(chosen));
        sourceCombo_->setCurrentIndex(0);
    }
    rebuildSlots();
    updatingCombos_ = wasUpdating;
}

void IntakePage::rebuildSlots() {
    const bool wasUpdating = updatingCombos_;
    updatingCombos_ = true;
    const SourceChoice chosen = context_.source();
    slotCombo_->clear();
    slotCombo_->addItem(tr("All slots"), QString());
    if (chosen.kind == SourceChoice::Kind::bench && !chosen.benchPath.isEmpty()) {
        // Slot labels from the bench file, loaded again only when the file changes (a small
        // file, but loading synthesizes its images).
        const QFileInfo info(chosen.benchPath);
        const QString stamp = info.absoluteFilePath() + QString::number(info.lastModified().toMSecsSinceEpoch());
        if (stamp != benchSlotsStamp_) {
            benchSlotsStamp_ = stamp;
            benchSlots_.clear();
            benchLocations_.clear();
            auto bench = firmware_io::load_bench_file(chosen.benchPath.toStdString(), verifier::synthesize_from_json);
            if (bench) {
                for (const auto& slot : bench->sockets) {
                    const QString label = QString::fromStdString(slot.label);
                    const QString address = QStringLiteral("0x%1").arg(slot.address, 2, 16, QLatin1Char('0'));
                    const QString key = label.isEmpty() ? QString::fromStdString(slot.bus) + QLatin1Char(' ') + address : label;
                    benchSlots_.append({label.isEmpty() ? key : QStringLiteral("%1 (%2)").arg(label, address), key});
                    benchLocations_.append({QString::fromStdString(slot.bus) + QLatin1Char(' ') + address, label});
                }
            }
        }
        for (const auto& [text, key] : benchSlots_) slotCombo_->addItem(text, key);
    } else if (chosen.kind == SourceChoice::Kind::bus) {
        for (int a = 0x50; a <= 0x57; ++a) {
            const QString key = QStringLiteral("0x%1").arg(a, 2, 16, QLatin1Char('0'));
            slotCombo_->addItem(key, key);
        }
    }
    const int index = slotCombo_->findData(chosen.slot);
    slotCombo_->setCurrentIndex(index >= 0 ? index : 0);
    updatingCombos_ = wasUpdating;
}

SourceChoice IntakePage::currentSource() const {
    SourceChoice s = context_.source();
    const QString key = sourceCombo_->currentData().toString();
    if (key == QLatin1String("bench")) {
        s.kind = SourceChoice::Kind::bench;
    } else if (key == QLatin1String("all")) {
        s.kind = SourceChoice::Kind::all;
    } else if (key.startsWith(QLatin1String("bus:"))) {
        s.kind = SourceChoice::Kind::bus;
        s.bus = key.mid(4).toInt();
    }
    s.slot = slotCombo_->currentData().toString();
    return s;
}

void IntakePage::sourceChosen() {
    SourceChoice s = currentSource();
    s.slot.clear();
    updatingCombos_ = true;
    context_.setSource(s);
    rebuildSlots();
    updatingCombos_ = false;
    if (poller_.isActive()) {
        poller_.setSource(s, context_.devRoot(), context_.sysfsRoot());
        poller_.start();
    }
}

bool IntakePage::selectSlot(const QString& slot) {
    const int index = slotCombo_->findData(slot);
    if (index < 0) return false;
    slotCombo_->setCurrentIndex(index);
    return true;
}

void IntakePage::scan() {
    if (runner_.isRunning() || labelProbe_.isRunning() || slotDialog_) return;
    const SourceChoice source = currentSource();
    const QString label = labelEdit_->text().trimmed();
    if (label.isEmpty() || !source.slot.isEmpty() ||
        (source.kind == SourceChoice::Kind::bench && source.benchPath.isEmpty())) {
        startScan(QString());
        return;
    }
    // One label belongs to one module: find out which modules are in before reading any.
    poller_.setPaused(true);
    setBusy(true);
    statusLabel_->setText(tr("Looking for inserted modules…"));
    showBanner(BannerMode::reading, tr("Looking for inserted modules…"), tr("Leave the module in place until the verdict shows."));
    const QString devRoot = context_.devRoot();
    const QString sysfsRoot = context_.sysfsRoot();
    labelProbe_.setFuture(QtConcurrent::run([source, devRoot, sysfsRoot] { return probePresence(source, devRoot, sysfsRoot); }));
}

void IntakePage::labelProbeFinished() {
    setBusy(false);
    const PresenceProbe probe = labelProbe_.result();
    const QString label = labelEdit_->text().trimmed();
    if (!probe.error.isEmpty() || probe.present.size() <= 1 || label.isEmpty()) {
        // None or one module (or the probe failed): the session says what it finds.
        startScan(probe.present.size() == 1 ? probe.present.front() : QString());
        return;
    }
    askLabelSlot(label, probe.present);
}

QString IntakePage::slotText(const QString& location) const {
    for (const auto& [where, label] : benchLocations_) {
        if (where == location && !label.isEmpty()) return QStringLiteral("%1 (%2)").arg(label, location);
    }
    return location;
}

void IntakePage::askLabelSlot(const QString& label, const QStringList& locations) {
    // Window-modal, not exec(): the event loop (presence polling, the runner) keeps going.
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("labelSlotDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Which module is this label for?"));
    auto* layout = new QVBoxLayout(dialog);
    auto* question = new QLabel(tr("%n modules are inserted, but the label \"%1\" belongs to one of them. "
                                    "Pick its slot (arrow keys or its number, then Enter).", nullptr, static_cast<int>(locations.size()))
                                     .arg(label),
                                 dialog);
    question->setWordWrap(true);
    setPointSize(question, 13);
    auto* list = new QListWidget(dialog);
    list->setObjectName(QStringLiteral("labelSlotList"));
    setPointSize(list, 14, true);
    for (int i = 0; i < locations.size(); ++i) {
        auto* item = new QListWidgetItem(QStringLiteral("%1   %2").arg(i + 1).arg(slotText(locations[i])), list);
        item->setData(Qt::UserRole, locations[i]);
    }
    list->setCurrentRow(0);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Scan this slot"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel (Esc)"));
    layout->addWidget(question);
    layout->addWidget(list, 1);
    layout->addWidget(buttons);
    dialog->resize(520, 360);
    // The slot's number: taken at once when no longer number starts with the digits typed
    // ("2" of 16 slots, or "16"); "1" of 16 slots waits a second for a second digit (or Enter).
    const int count = static_cast<int>(locations.size());
    auto typed = std::make_shared<QString>();
    auto* pause = new QTimer(dialog);
    pause->setSingleShot(true);
    pause->setInterval(1000);
    connect(pause, &QTimer::timeout, dialog, [typed, dialog, list, count] {
        const int n = typed->toInt();
        typed->clear();
        if (n >= 1 && n <= count && list->currentRow() == n - 1) dialog->accept();
    });
    for (int d = 0; d <= 9; ++d) {
        auto* digit = new QShortcut(QKeySequence(QString::number(d)), dialog);
        connect(digit, &QShortcut::activated, dialog, [typed, pause, dialog, list, count, d] {
            pause->stop();
            typed->append(QString::number(d));
            int n = typed->toInt();
            if (n < 1 || n > count) {   // no such slot: start again from this digit
                *typed = QString::number(d);
                n = d;
            }
            if (n < 1 || n > count) {
                typed->clear();
                QApplication::beep();
                return;
            }
            list->setCurrentRow(n - 1);
            if (n * 10 > count) {
                typed->clear();
                dialog->accept();
            } else {
                pause->start();
            }
        });
    }
    // Forget it as soon as it is answered (deletion is deferred): the next label may ask again.
    connect(dialog, &QDialog::finished, this, [this] { slotDialog_ = nullptr; });
    connect(list, &QListWidget::itemActivated, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, list] {
        const QListWidgetItem* item = list->currentItem();
        if (item != nullptr) startScan(item->data(Qt::UserRole).toString());
    });
    connect(dialog, &QDialog::rejected, this, [this] {
        statusLabel_->setText(tr("Nothing scanned: a label needs its slot. Pick the slot above, or scan the label again."));
        showModule(shownModule_);
        labelEdit_->setFocus();
        labelEdit_->selectAll();
    });
    slotDialog_ = dialog;
    statusLabel_->setText(tr("%n modules inserted: which one is the label for?", nullptr, static_cast<int>(locations.size())));
    showBanner(BannerMode::ready, tr("Which module is this label for?"), tr("Press the number of its slot; Esc scans nothing."));
    dialog->setWindowModality(Qt::WindowModal);
    dialog->show();
    list->setFocus();
}

void IntakePage::startScan(const QString& slot) {
    if (runner_.isRunning()) return;
    InspectionRequest request;
    request.source = currentSource();
    if (!slot.isEmpty()) request.source.slot = slot;
    request.dataDir = context_.dataDir();
    request.lot = lotEdit_->text().trimmed();
    request.label = labelEdit_->text().trimmed();
    request.devRoot = context_.devRoot();
    request.sysfsRoot = context_.sysfsRoot();
    const InspectionSettings settings = context_.inspectionSettings();
    request.event = settings.event;
    request.labelsFile = settings.labelsFile;
    request.policyFile = settings.policyFile;
    request.smbiosFile = settings.smbiosFile;
    auto extra = parseContextText(settings.context);
    if (!extra) {
        onFailed(tr("The extra context in Settings is not valid"), tr("Fix it in Settings → Inspection."),
                 QString::fromStdString(extra.error().message));
        return;
    }
    request.context = std::move(*extra);
    if (!context_.operatorName().isEmpty()) request.context["operator"] = context_.operatorName().toStdString();
    if (request.source.kind == SourceChoice::Kind::bench && request.source.benchPath.isEmpty()) {
        onFailed(tr("No source chosen"), tr("Pick an adapter above, or an emulated bench file in Settings."));
        return;
    }
    failureHeadline_.clear();
    poller_.setPaused(true);
    setBusy(true);
    statusLabel_->setText(tr("Scanning…"));
    const QString what = request.source.slot.isEmpty() ? tr("every slot") : slotText(request.source.slot);
    showBanner(BannerMode::reading, tr("Reading %1…").arg(what), tr("Leave the module in place until the verdict shows."));
    runner_.start(request);
}

void IntakePage::cancel() {
    if (!runner_.isRunning()) return;
    runner_.cancel();
    statusLabel_->setText(tr("Cancelling…"));
}

bool IntakePage::isScanning() const { return runner_.isRunning(); }

void IntakePage::setBusy(bool busy) {
    scanButton_->setEnabled(!busy);
    cancelButton_->setEnabled(busy);
    progress_->setVisible(busy);
    if (busy) progress_->setRange(0, 0);
    if (!busy) poller_.setPaused(false);
}

void IntakePage::onFinished(std::shared_ptr<const Inspection> inspection) {
    setBusy(false);
    context_.publish(inspection);
    shown_ = inspection;
    const auto& modules = inspection->modules;
    // Show the worst module first: that is the one the operator must act on.
    int first = -1;
    const verifier::Verdict worst = worstVerdict(*inspection);
    for (int i = 0; i < static_cast<int>(modules.size()); ++i) {
        if (modules[static_cast<std::size_t>(i)].verdict == worst) {
            first = i;
            break;
        }
    }
    shownModule_ = first;
    showModule(first);
    // The table (up to 16+ rows) is filled in the next event-loop turn, so the banner is painted
    // first and the UI thread never holds on for both at once (docs/performance.md, GUI).
    QTimer::singleShot(0, this, [this, inspection] {
        if (shown_ == inspection) fillTable();
    });
    if (first >= 0) context_.selectModule(first);
    QStringList problems;
    for (const auto& p : inspection->registry_problems) problems << QString::fromStdString(p);
    updateRegistryWarning(problems);
    updateTally();
    statusLabel_->setText(tr("%n module(s) inspected", nullptr, static_cast<int>(modules.size())));
    if (modules.empty()) {
        onFailed(tr("No module found"), tr("Check that the module is seated, then scan again."));
    }
    if (!modules.empty()) {
        // One sound per inspection, for the worst module: the one the operator must act on.
        context_.playCue(cueForVerdict(worst));
        if (worst == verifier::Verdict::counterfeit && context_.soundVolume() > 0) emit alarm();
    }
    labelEdit_->clear();
    labelEdit_->setFocus();
    emit inspectionShown(worst);
}

void IntakePage::fillTable() {
    const QSignalBlocker blocker(table_);
    if (!shown_) {
        table_->setRowCount(0);
        return;
    }
    const auto& modules = shown_->modules;
    table_->setRowCount(static_cast<int>(modules.size()));
    for (int i = 0; i < static_cast<int>(modules.size()); ++i) {
        const auto& m = modules[static_cast<std::size_t>(i)];
        const ModuleSummary s = summarize(m);
        auto* verdict = new QTableWidgetItem(verdictText(m.verdict));
        verdict->setBackground(verdictColor(m.verdict));
        verdict->setForeground(verdictTextColor(m.verdict));
        const QStringList reasons = topReasons(m, 1);
        table_->setItem(i, 0, new QTableWidgetItem(s.where));
        table_->setItem(i, 1, verdict);
        table_->setItem(i, 2, new QTableWidgetItem(s.part));
        table_->setItem(i, 3, new QTableWidgetItem(s.serial));
        table_->setItem(i, 4, new QTableWidgetItem(reasons.isEmpty() ? QString() : reasons.front()));
    }
    table_->resizeColumnsToContents();
    // Mark the shown row as current without selecting it: a selected row would hide the
    // verdict colour.
    if (shownModule_ >= 0) table_->selectionModel()->setCurrentIndex(table_->model()->index(shownModule_, 0), QItemSelectionModel::NoUpdate);
}

void IntakePage::onFailed(const QString& headline, const QString& action, const QString& detail) {
    setBusy(false);
    failureHeadline_ = headline;
    failureAction_ = action;
    failureDetail_ = detail;
    shown_.reset();
    shownModule_ = -1;
    showModule(-1);
    statusLabel_->setText(tr("Scan failed"));
    focusLabel();
    emit scanFailed(detail.isEmpty() ? QStringLiteral("%1. %2").arg(headline, action) : QStringLiteral("%1. %2 (%3)").arg(headline, action, detail));
}

void IntakePage::showBanner(BannerMode mode, const QString& headline, const QString& nextStep) {
    bannerMode_ = mode;
    banner_->setText(headline);
    nextStep_->setText(nextStep);
    switch (mode) {
    case BannerMode::ready:
        paintBanner(QColor(0xec, 0xef, 0xf1), QColor(0x37, 0x47, 0x4f));
        setPointSize(banner_, 26, true);
        break;
    case BannerMode::notReady:
        paintBanner(QColor(0xff, 0xe0, 0x82), QColor(0x3e, 0x27, 0x00));
        setPointSize(banner_, 24, true);
        break;
    case BannerMode::reading:
        paintBanner(QColor(0x15, 0x65, 0xc0), QColor(Qt::white));
        setPointSize(banner_, 26, true);
        break;
    case BannerMode::error:
        paintBanner(QColor(0x4e, 0x34, 0x2e), QColor(Qt::white));
        setPointSize(banner_, 24, true);
        break;
    case BannerMode::verdict: setPointSize(banner_, 44, true); break;
    }
}

void IntakePage::showReady() {
    if (!failureHeadline_.isEmpty()) {
        showBanner(BannerMode::error, tr("Scan failed: %1").arg(failureHeadline_), failureAction_);
        reasons_->setText(QString());
        detailsText_->setPlainText(failureDetail_);
        return;
    }
    if (!registryProblems_.isEmpty()) {
        // Scans still run (a verdict is at best UNKNOWN), but the desk is not ready for intake.
        showBanner(BannerMode::notReady, tr("Not ready: verdicts cannot be GENUINE"), explainRegistryProblem(registryProblems_.front()));
    } else {
        showBanner(BannerMode::ready, tr("Ready: scan the label of the next module"), tr("Insert the module, then scan its label."));
    }
    reasons_->setText(QString());
    detailsText_->setPlainText(QString());
}

void IntakePage::showModule(int index) {
    shownModule_ = index;
    const verifier::ModuleReport* m = nullptr;
    if (shown_ && index >= 0 && index < static_cast<int>(shown_->modules.size())) {
        m = &shown_->modules[static_cast<std::size_t>(index)];
    }
    if (m == nullptr) {
        updateActions();
        showReady();
        for (auto* v : summaryValues_) v->setText(QStringLiteral("—"));
        return;
    }
    QString headline = verdictText(m->verdict);
    if (m->verdict == verifier::Verdict::suspect && verifier::integrity_only(m->check.findings)) {
        headline += QStringLiteral(" — ") + tr("SPD corrupted");
    }
    updateActions();
    const ModuleSummary s = summarize(*m);
    showBanner(BannerMode::verdict, QStringLiteral("%1   %2").arg(headline, s.where), nextSteps_.forVerdict(m->verdict, context_.language()));
    paintBanner(verdictColor(m->verdict), verdictTextColor(m->verdict));
    detailsText_->setPlainText(technicalDetails(*m).join(QLatin1Char('\n')));
    QStringList lines;
    // The kind of fraud first: it tells intake staff which complaint to file.
    if (m->verdict == verifier::Verdict::counterfeit && m->fraud_kind != verifier::FraudKind::none) {
        lines << QStringLiteral("▶  ") + fraudKindText(m->fraud_kind);
    }
    for (const QString& r : topReasons(*m)) lines << QStringLiteral("•  ") + r;
    reasons_->setText(lines.join(QLatin1Char('\n')));
    const std::array<QString, 6> values = {s.maker, s.part, s.capacity, s.speed, s.serial, s.date};
    for (std::size_t i = 0; i < values.size(); ++i) summaryValues_[i]->setText(values[i].isEmpty() ? QStringLiteral("—") : values[i]);
}

void IntakePage::paintBanner(const QColor& background, const QColor& text) {
    // Palette, not a style sheet: style-sheet rendering of a large label costs milliseconds
    // on every repaint (measured with the stall probe).
    QPalette palette = banner_->palette();
    palette.setColor(QPalette::Window, background);
    palette.setColor(QPalette::WindowText, text);
    banner_->setPalette(palette);
}

IntakePage::LotTally IntakePage::lotTally() const {
    // One entry per module (lotModuleKey: its identity in its slot). A module scanned again
    // counts once, with its latest verdict (a re-scan never improves an unresolved verdict: the
    // engine's PRIOR_VERDICT keeps it), and as a re-scan.
    std::map<QString, verifier::Verdict> latest;
    LotTally tally;
    for (const auto& inspection : context_.lotInspections()) {
        for (const auto& m : inspection->modules) {
            auto [it, fresh] = latest.insert_or_assign(lotModuleKey(m), m.verdict);
            if (!fresh) ++tally.rescans;
        }
    }
    tally.modules = static_cast<int>(latest.size());
    for (const auto& [key, verdict] : latest) ++tally.byVerdict[static_cast<std::size_t>(verdict)];
    return tally;
}

void IntakePage::updateTally() {
    const LotTally t = lotTally();
    const QString lot = lotEdit_->text().trimmed().isEmpty() ? tr("(no lot)") : lotEdit_->text().trimmed();
    QString text = tr("Lot %1: %n module(s) — ", nullptr, t.modules).arg(lot) +
                   tr("%1 genuine · %2 suspect · %3 counterfeit · %4 unknown · %5 unreadable")
                       .arg(t.byVerdict[0]).arg(t.byVerdict[1]).arg(t.byVerdict[2]).arg(t.byVerdict[3]).arg(t.byVerdict[4]);
    if (t.rescans > 0) text += tr(" (%n re-scan(s) not counted again)", nullptr, t.rescans);
    tally_->setText(text);
}

void IntakePage::reloadNextSteps() {
    nextSteps_ = NextSteps::load(NextSteps::defaultPath(context_.dataDir()));
    if (!nextSteps_.problem().isEmpty()) statusLabel_->setText(nextSteps_.problem());
}

void IntakePage::updateRegistryWarning(const QStringList& problems) {
    registryProblems_ = problems;
    QStringList lines;
    for (const auto& p : problems) lines << explainRegistryProblem(p);
    registryWarning_->setText(lines.join(QLatin1Char('\n')));
    registryWarning_->setVisible(!lines.isEmpty());
    if (bannerMode_ == BannerMode::ready || bannerMode_ == BannerMode::notReady) showReady();
}

void IntakePage::focusLabel() {
    if (lotDialog_ || slotDialog_ || operatorDialog_ || dispositionDialog_) return;   // the open dialog has the keyboard
    labelEdit_->setFocus(Qt::OtherFocusReason);
}

void IntakePage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // Shown at start-up or when the screen is chosen: the next scan goes to Label (deferred, so
    // it happens after the window has been activated and has picked its own first focus).
    QTimer::singleShot(0, this, &IntakePage::focusLabel);
}

void IntakePage::newLot() {
    if (lotDialog_) return;
    lotDialog_ = askOneLine(QStringLiteral("newLotDialog"), tr("New lot"), tr("Scan or type the lot / PO number, then press Enter:"),
                            QStringLiteral("newLotEdit"), QString(), [this](const QString* answer) {
                                if (answer != nullptr) {
                                    const QString lot = answer->trimmed();
                                    lotEdit_->setText(lot);
                                    context_.startLot(lot);
                                    shown_.reset();
                                    failureHeadline_.clear();
                                    table_->setRowCount(0);
                                    reloadNextSteps();
                                    showModule(-1);
                                    updateTally();
                                    statusLabel_->setText(lot.isEmpty() ? tr("New lot started (no lot number)") : tr("New lot %1 started").arg(lot));
                                }
                                lotDialog_.clear();
                            });
}

QDialog* IntakePage::askOneLine(const QString& name, const QString& title, const QString& question, const QString& editName,
                                const QString& text, std::function<void(const QString*)> done) {
    // Modal, one line, closed by Enter: a scanner types into it and presses Enter; Esc cancels.
    // The cursor goes back to Label afterwards either way.
    auto* dialog = new QDialog(this);
    dialog->setObjectName(name);
    dialog->setWindowTitle(title);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(dialog);
    auto* prompt = new QLabel(question, dialog);
    prompt->setWordWrap(true);
    auto* edit = new QLineEdit(text, dialog);
    edit->setObjectName(editName);
    edit->selectAll();
    setPointSize(edit, 18);
    prompt->setBuddy(edit);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    layout->addWidget(prompt);
    layout->addWidget(edit);
    layout->addWidget(buttons);
    connect(edit, &QLineEdit::returnPressed, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::finished, this, [this, edit, done = std::move(done)](int result) {
        const QString answer = edit->text();
        done(result == QDialog::Accepted ? &answer : nullptr);
        focusLabel();
    });
    dialog->setModal(true);
    dialog->show();
    edit->setFocus(Qt::OtherFocusReason);
    return dialog;
}

void IntakePage::watchToggled(bool on) {
    focusLabel();
    if (on) {
        poller_.setSource(currentSource(), context_.devRoot(), context_.sysfsRoot());
        poller_.start();
        statusLabel_->setText(tr("Watching for inserted modules…"));
    } else {
        poller_.stop();
        statusLabel_->setText(QString());
    }
}

QString IntakePage::exportLotCsv(const QString& path) { return writeTextFile(path, reportCsv(context_.lotInspections())); }

QString IntakePage::exportLotPdf(const QString& path) {
    const QString lot = lotEdit_->text().trimmed();
    return writePdf(path, context_.lotInspections(), lot.isEmpty() ? tr("Intake report") : tr("Intake report: lot %1").arg(lot));
}

QString IntakePage::exportInspectionCsv(const QString& path) {
    if (!shown_) return tr("Nothing inspected yet");
    return writeTextFile(path, reportCsv({shown_}));
}

QString IntakePage::exportInspectionPdf(const QString& path) {
    if (!shown_) return tr("Nothing inspected yet");
    const QString error = writePdf(path, {shown_}, tr("Inspection report"));
    if (!error.isEmpty()) return error;
    // The evidence of each recorded module goes next to the PDF: a buyer attaches both to a
    // dispute. Built from the registry on a worker thread (no database work on the UI thread),
    // one worker per save, so a save made while another is still writing gets its files too.
    auto* watcher = new QFutureWatcher<EvidenceOutcome>(this);
    connect(watcher, &QFutureWatcher<EvidenceOutcome>::finished, this, [this, watcher] {
        evidenceWritten(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([inspection = shown_, path, dataDir = context_.dataDir()] {
        return writeEvidenceFiles(path, *inspection, dataDir);
    }));
    return {};
}

void IntakePage::evidenceWritten(const EvidenceOutcome& outcome) {
    QStringList parts;
    if (!outcome.written.isEmpty()) parts << tr("Evidence saved: %1").arg(outcome.written.join(QStringLiteral(", ")));
    if (!outcome.missing.isEmpty()) parts << outcome.missing.join(QStringLiteral("; "));
    if (!parts.isEmpty()) {
        const QString before = statusLabel_->text();
        statusLabel_->setText(before.isEmpty() ? parts.join(QStringLiteral(" — ")) : before + QStringLiteral(" — ") + parts.join(QStringLiteral(" — ")));
    }
    emit evidenceExported(outcome.written, outcome.missing);
}

void IntakePage::chooseAndExport(bool lot, bool pdf) {
    const QString filter = pdf ? tr("PDF files (*.pdf)") : tr("CSV files (*.csv)");
    const QString base = lotEdit_->text().trimmed().isEmpty() ? QStringLiteral("dimmguard") : lotEdit_->text().trimmed();
    const QString path = QFileDialog::getSaveFileName(this, lot ? tr("Save lot report") : tr("Save inspection report"),
                                                      base + (pdf ? QStringLiteral(".pdf") : QStringLiteral(".csv")), filter);
    if (path.isEmpty()) return;
    const QString error = lot ? (pdf ? exportLotPdf(path) : exportLotCsv(path)) : (pdf ? exportInspectionPdf(path) : exportInspectionCsv(path));
    if (error.isEmpty()) {
        statusLabel_->setText(tr("Saved %1").arg(path));
    } else {
        statusLabel_->setText(error);
    }
}

void IntakePage::print(bool lot) {
    if (!lot && !shown_) {
        statusLabel_->setText(tr("Nothing inspected yet"));
        return;
    }
    QPrinter printer;
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() != QDialog::Accepted) return;
    if (lot) {
        printReport(printer, context_.lotInspections(), tr("Intake report: lot %1").arg(lotEdit_->text().trimmed()));
    } else {
        printReport(printer, {shown_}, tr("Inspection report"));
    }
}

const verifier::ModuleReport* IntakePage::shownModule() const {
    if (!shown_ || shownModule_ < 0 || shownModule_ >= static_cast<int>(shown_->modules.size())) return nullptr;
    return &shown_->modules[static_cast<std::size_t>(shownModule_)];
}

void IntakePage::updateActions() {
    // A disposition needs the module's identity and a registry that recorded the inspection; a
    // GENUINE module needs none (and a release is for what an earlier verdict holds).
    const verifier::ModuleReport* m = shownModule();
    const bool judged = m != nullptr && m->check.identity.has_value() && shown_->recorded && m->verdict != verifier::Verdict::genuine;
    quarantineButton_->setVisible(judged);
    rmaButton_->setVisible(judged);
    releaseButton_->setVisible(judged);
    labelButton_->setVisible(m != nullptr && m->verdict != verifier::Verdict::genuine);
}

void IntakePage::updateOperatorButton() {
    // Qt escapes nothing in button text: a '&' in a name must not become a shortcut.
    const QString name = QString(context_.operatorName()).replace(QLatin1Char('&'), QStringLiteral("&&"));
    operatorButton_->setText(name.isEmpty() ? tr("O&perator: —") : tr("O&perator: %1").arg(name));
}

void IntakePage::askOperator() {
    if (operatorDialog_) return;
    operatorDialog_ = askOneLine(QStringLiteral("operatorDialog"), tr("Operator"),
                                 tr("Who is at this desk this shift? Scan your badge or type your name, then press Enter:"),
                                 QStringLiteral("shiftOperatorEdit"), context_.operatorName(), [this](const QString* answer) {
                                     operatorDialog_.clear();   // before settingsChanged moves the focus
                                     if (answer != nullptr) context_.setOperatorName(*answer);
                                 });
}

void IntakePage::dispose(verifier::EventKind action) {
    const verifier::ModuleReport* m = shownModule();
    if (m == nullptr || !m->check.identity || dispositionDialog_) return;
    const verifier::ModuleIdentity identity = *m->check.identity;
    auto* dialog = new DispositionDialog(action, QString::fromStdString(identity.key()), this);
    dispositionDialog_ = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QStringList reasons = topReasons(*m, 1);
    dialog->prefill(QStringLiteral("%1: %2").arg(verdictText(m->verdict), reasons.isEmpty() ? QString() : reasons.front()), context_.operatorName());
    connect(dialog, &QDialog::finished, this, [this, dialog, identity](int result) {
        dispositionDialog_.clear();
        focusLabel();
        if (result != QDialog::Accepted) return;
        const DispositionAnswers answers = dialog->answers();
        if (context_.operatorName().isEmpty()) context_.setOperatorName(answers.operatorName);
        statusLabel_->setText(tr("Signing the disposition…"));
        auto* watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, answers] {
            const QString error = watcher->result();
            watcher->deleteLater();
            statusLabel_->setText(error.isEmpty() ? tr("%1 recorded in the log (operator %2)")
                                                        .arg(DispositionDialog::actionButtonText(answers.action).remove(QLatin1Char('&')).remove(QChar(0x2026)),
                                                             answers.operatorName)
                                                  : error);
            if (error.isEmpty()) context_.notifyRegistryChanged();
            emit dispositionDone(error);
        });
        watcher->setFuture(QtConcurrent::run([dataDir = context_.dataDir().toStdString(), identity, answers] {
            return DispositionDialog::sign(dataDir, identity, answers);
        }));
    });
    dialog->setWindowModality(Qt::WindowModal);
    dialog->show();
}

QString IntakePage::exportQuarantineLabel(const QString& path) {
    if (shownModule() == nullptr) return tr("Nothing inspected yet");
    return writeQuarantineLabelPdf(path, quarantineLabelFor(*shown_, shownModule_));
}

void IntakePage::saveQuarantineLabel() {
    const verifier::ModuleReport* m = shownModule();
    if (m == nullptr) return;
    const QString base = QStringLiteral("quarantine-%1.pdf").arg(summarize(*m).serial.isEmpty() ? QStringLiteral("module") : summarize(*m).serial);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save quarantine label"), base, tr("PDF files (*.pdf)"));
    focusLabel();
    if (path.isEmpty()) return;
    const QString error = exportQuarantineLabel(path);
    statusLabel_->setText(error.isEmpty() ? tr("Saved %1").arg(path) : error);
}

void IntakePage::printQuarantineLabel() {
    if (shownModule() == nullptr) return;
    QPrinter printer;
    printer.setPageSize(quarantineLabelPageSize());
    printer.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPrintDialog dialog(&printer, this);
    const bool ok = dialog.exec() == QDialog::Accepted;
    focusLabel();
    if (!ok) return;
    if (!paintQuarantineLabel(printer, quarantineLabelFor(*shown_, shownModule_))) statusLabel_->setText(tr("The printer could not print the label"));
}

}  // namespace dimmguard::gui
