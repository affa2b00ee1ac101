// SPDX-License-Identifier: GPL-3.0-or-later
// Main window: navigation, screens, status bar, language changes.
#include "main_window.hpp"

#include <QCloseEvent>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QMessageBox>
#include <QLocale>
#include <QDateTime>

#include <array>

#include "adapter_watcher.hpp"
#include "intake_page.hpp"
#include "module_text.hpp"
#include "placeholder_page.hpp"
#include "settings_page.hpp"

#ifdef DIMMGUARD_HAVE_PAGES
#include "bench_page.hpp"
#include "history_page.hpp"
#include "registry_page.hpp"
#endif

namespace dimmguard::gui {
namespace {

constexpr std::array<const char*, MainWindow::screenCount> screenTitles = {
    QT_TRANSLATE_NOOP("dimmguard::gui::MainWindow", "Intake"), QT_TRANSLATE_NOOP("dimmguard::gui::MainWindow", "Bench"),
    QT_TRANSLATE_NOOP("dimmguard::gui::MainWindow", "History"), QT_TRANSLATE_NOOP("dimmguard::gui::MainWindow", "Registry"),
    QT_TRANSLATE_NOOP("dimmguard::gui::MainWindow", "Settings")};

}  // namespace

QString MainWindow::screenKey(int screen) {
    static const std::array<const char*, screenCount> keys = {"intake", "bench", "history", "registry", "settings"};
    return screen >= 0 && screen < screenCount ? QString::fromLatin1(keys[static_cast<std::size_t>(screen)]) : QString();
}

MainWindow::MainWindow(AppContext& context, QWidget* parent) : QMainWindow(parent), context_(context) {
    setObjectName(QStringLiteral("mainWindow"));
    adapters_ = new AdapterWatcher(context_.devRoot(), context_.sysfsRoot(), this);
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    nav_ = new QListWidget(central);
    nav_->setObjectName(QStringLiteral("navigation"));
    QFont navFont = nav_->font();
    navFont.setPointSize(15);
    navFont.setBold(true);
    nav_->setFont(navFont);
    nav_->setFixedWidth(170);
    nav_->setSpacing(4);
    // A click on a screen's name must not keep the keyboard: a scanned label would move the
    // selection instead of reaching the Label field (Ctrl+1..6 and Tab still work).
    nav_->setFocusPolicy(Qt::TabFocus);
    stack_ = new QStackedWidget(central);
    layout->addWidget(nav_);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);

    intake_ = new IntakePage(context_, *adapters_, stack_);
    settings_ = new SettingsPage(context_, *adapters_, registryStatus_, stack_);
    // A layout firewall: new verdict text relayouts the Intake screen only, not the whole
    // window with every other screen's size hints (docs/performance.md, GUI).
    auto* intakeScroll = new QScrollArea(stack_);
    intakeScroll->setObjectName(QStringLiteral("intakeScroll"));
    intakeScroll->setWidgetResizable(true);
    intakeScroll->setFrameShape(QFrame::NoFrame);
    intakeScroll->setFocusPolicy(Qt::NoFocus);   // the keyboard belongs to Label, not to the scroller
    intakeScroll->setWidget(intake_);
    stack_->addWidget(intakeScroll);
#ifdef DIMMGUARD_HAVE_PAGES
    stack_->addWidget(new BenchPage(context_, stack_));
    stack_->addWidget(new HistoryPage(context_, stack_));
    stack_->addWidget(new RegistryPage(context_, stack_));
#else
    stack_->addWidget(new PlaceholderPage(screenTitles[1], stack_));
    stack_->addWidget(new PlaceholderPage(screenTitles[2], stack_));
    stack_->addWidget(new PlaceholderPage(screenTitles[3], stack_));
#endif
    stack_->addWidget(settings_);
    for (int i = 0; i < screenCount; ++i) nav_->addItem(QString());
    connect(nav_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);
    for (int i = 0; i < screenCount; ++i) {
        auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] {
            if (!kiosk_ || i == intakeScreen || i == historyScreen) showScreen(i);
        });
    }

    stationStatus_ = new QLabel(this);
    registryState_ = new QLabel(this);
    registryState_->setObjectName(QStringLiteral("registryStatus"));
    adapterStatus_ = new QLabel(this);
    fleetStatus_ = new QLabel(this);
    fleetStatus_->setObjectName(QStringLiteral("fleetStatus"));
    fleetStatus_->setTextFormat(Qt::RichText);
    fleetStatus_->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    fleetStatus_->hide();
    connect(fleetStatus_, &QLabel::linkActivated, this, [this] { showLateFindings(); });
    statusBar()->addWidget(stationStatus_);
    statusBar()->addWidget(registryState_, 1);
    statusBar()->addPermanentWidget(fleetStatus_);
    statusBar()->addPermanentWidget(adapterStatus_);

    connect(&registryStatus_, &RegistryStatusWatcher::updated, this, [this](const RegistryStatus& status) {
        if (!status.stationId.isEmpty()) context_.setStationId(status.stationId);
        // Before the first scan, the Intake screen already says why verdicts would be UNKNOWN.
        if (!context_.lastInspection()) intake_->updateRegistryWarning(status.problems);
        updateStatusBar();
    });
    connect(&context_, &AppContext::registryChanged, this, [this] { registryStatus_.refresh(context_.dataDir()); });
    connect(adapters_, &AdapterWatcher::adaptersChanged, this, &MainWindow::updateStatusBar);
    connect(adapters_, &AdapterWatcher::adapterAdded, this, [this](int n) {
        statusBar()->showMessage(tr("Adapter i2c-%1 connected").arg(n), 5000);
    });
    connect(adapters_, &AdapterWatcher::adapterRemoved, this, [this](int n) {
        statusBar()->showMessage(tr("Adapter i2c-%1 disconnected").arg(n), 5000);
    });

    // Sync runs in its own process (the systemd timer, `sync --watch`): look at what it left
    // every 30 s, so the status bar's "synced ... ago" and late findings stay current.
    auto* fleetPoll = new QTimer(this);
    fleetPoll->setInterval(30'000);
    connect(fleetPoll, &QTimer::timeout, this, [this] { registryStatus_.refresh(context_.dataDir()); });
    fleetPoll->start();

    retranslate();
    showScreen(intakeScreen);
    registryStatus_.refresh(context_.dataDir());
    fitToScreen();
}

void MainWindow::fitToScreen() {
    // 1280x800 where it fits; on a smaller desk screen (1366x768, 1280x720) the window starts
    // maximized, so nothing (title bar, status bar, tally) falls off the bottom.
    const QScreen* s = QWidget::screen();
    const QSize avail = s != nullptr ? s->availableGeometry().size() : QSize(1280, 800);
    const QSize wanted(1280, 800);
    if (avail.width() < wanted.width() + 40 || avail.height() < wanted.height() + 60) {
        resize(avail.boundedTo(wanted));
        setWindowState(windowState() | Qt::WindowMaximized);
    } else {
        resize(wanted);
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::setKioskMode(bool on) {
    // A dedicated intake station: full screen, Intake and History only (no Settings, Bench or
    // Registry, where a visitor could change the source or the trust); leaving it takes a
    // restart without --kiosk.
    kiosk_ = on;
    for (int i = 0; i < screenCount; ++i) nav_->item(i)->setHidden(on && i != intakeScreen && i != historyScreen);
    if (on) {
        showScreen(intakeScreen);
        showFullScreen();
    }
}

void MainWindow::showScreen(int screen) {
    if (screen < 0 || screen >= screenCount) return;
    if (kiosk_ && screen != intakeScreen && screen != historyScreen) return;
    nav_->setCurrentRow(screen);
    stack_->setCurrentIndex(screen);
}

int MainWindow::currentScreen() const { return stack_->currentIndex(); }

QWidget* MainWindow::screen(int index) const { return stack_->widget(index); }

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // The worker finishes its current module first; nothing is left half-recorded.
    intake_->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::retranslate() {
    setWindowTitle(tr("dimmguard — memory module intake"));
    for (int i = 0; i < screenCount; ++i) {
        nav_->item(i)->setText(tr(screenTitles[static_cast<std::size_t>(i)]));
        nav_->item(i)->setSizeHint(QSize(150, 56));
        nav_->item(i)->setToolTip(tr("Ctrl+%1").arg(i + 1));
    }
    updateStatusBar();
}

void MainWindow::updateStatusBar() {
    const QString station = context_.stationId();
    // The site name people know ("Intake desk 1 (Shanghai)"), with the key's id for QA.
    const QString site = registryStatus_.hasStatus() ? registryStatus_.status().site : QString();
    if (station.isEmpty()) {
        stationStatus_->setText(tr("Station: —"));
    } else if (site.isEmpty()) {
        stationStatus_->setText(tr("Station: %1").arg(station.left(16)));
    } else {
        stationStatus_->setText(tr("Station: %1 (%2)").arg(site, station.left(8)));
    }
    if (!registryStatus_.hasStatus()) {
        registryState_->setText(tr("Registry: checking…"));
    } else if (registryStatus_.status().usable) {
        registryState_->setText(tr("Registry: ready (%1)").arg(registryStatus_.status().dataDir));
    } else {
        registryState_->setText(tr("Registry: NOT usable, verdicts at best UNKNOWN (see Settings)"));
    }
    adapterStatus_->setText(tr("%n SMBus adapter(s)", nullptr, static_cast<int>(adapters_->adapters().size())));

    // The fleet: shown once this station syncs (or has late findings from an imported bundle).
    const RegistryStatus* st = registryStatus_.hasStatus() ? &registryStatus_.status() : nullptr;
    if (st == nullptr || (st->fleetServer.isEmpty() && st->lastSyncAttempt.isEmpty() && st->lateFindings == 0)) {
        fleetStatus_->hide();
        return;
    }
    QString text;
    if (st->lastSyncOk.isEmpty()) {
        text = st->syncError.isEmpty() ? tr("Fleet: never synced") : tr("Fleet: never synced (last try failed)");
    } else {
        const QDateTime last = QDateTime::fromString(st->lastSyncOk, Qt::ISODate);
        const qint64 ago = last.isValid() ? std::max<qint64>(0, last.secsTo(QDateTime::currentDateTimeUtc())) : 0;
        const QString when = last.isValid() ? QLocale().toString(last.toLocalTime().time(), QLocale::ShortFormat) : st->lastSyncOk;
        const QString lag = ago < 120 ? tr("%n s ago", nullptr, static_cast<int>(ago))
                          : ago < 7200 ? tr("%n min ago", nullptr, static_cast<int>(ago / 60))
                                       : tr("%n h ago", nullptr, static_cast<int>(ago / 3600));
        text = st->syncError.isEmpty() ? tr("Fleet: synced %1 (%2)").arg(when, lag) : tr("Fleet: OFFLINE, last synced %1 (%2)").arg(when, lag);
    }
    if (st->pendingSightings > 0) text += QStringLiteral(" · ") + tr("%n to send", nullptr, static_cast<int>(st->pendingSightings));
    if (st->syncConflicts > 0) text += QStringLiteral(" · ") + tr("%n conflict(s)", nullptr, st->syncConflicts);
    if (st->lateFindings > 0) {
        text = text.toHtmlEscaped() + QStringLiteral(" · <a href=\"alerts\"><b style=\"color:#b00020\">%1</b></a>")
                                          .arg(tr("%n late finding(s)", nullptr, st->lateFindings).toHtmlEscaped());
    } else {
        text = text.toHtmlEscaped();
    }
    fleetStatus_->setText(text);
    fleetStatus_->setToolTip(st->syncError.isEmpty() ? st->fleetServer : st->syncError);
    fleetStatus_->show();
}

void MainWindow::showLateFindings() {
    if (!registryStatus_.hasStatus()) return;
    const RegistryStatus& st = registryStatus_.status();
    QMessageBox box(this);
    box.setObjectName(QStringLiteral("lateFindings"));
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(tr("Late findings"));
    box.setText(tr("%n earlier inspection(s) at this station turned out to be of a duplicated identity once other stations' "
                   "sightings arrived. Find each module, set it aside and re-inspect it; 'dimmguard log alerts' lists them all.",
                   nullptr, st.lateFindings));
    box.setDetailedText(st.lateFindingLines.join(QLatin1Char('\n')));
    box.setStandardButtons(QMessageBox::Ok);
    box.exec();
}

}  // namespace dimmguard::gui
