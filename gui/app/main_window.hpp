// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: a navigation list of the five screens (Intake, Bench, History, Registry,
// Settings; Ctrl+1..5) beside a stack of them, and a status bar with station, registry and
// adapter state. Bench / History / Registry come from gui/pages when it is built.
#pragma once

#include <QMainWindow>

#include "app_context.hpp"
#include "registry_status.hpp"

class QLabel;
class QListWidget;
class QStackedWidget;

namespace dimmguard::gui {

class AdapterWatcher;
class IntakePage;
class SettingsPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Screen { intakeScreen = 0, benchScreen = 1, historyScreen = 2, registryScreen = 3, settingsScreen = 4 };
    static constexpr int screenCount = 5;
    /// File-name key of each screen ("intake" ...), for screenshots.
    [[nodiscard]] static QString screenKey(int screen);

    explicit MainWindow(AppContext& context, QWidget* parent = nullptr);
    ~MainWindow() override;

    void showScreen(int screen);
    [[nodiscard]] int currentScreen() const;
    /// Full screen with only Intake and History reachable (command line --kiosk).
    void setKioskMode(bool on);
    [[nodiscard]] bool kioskMode() const { return kiosk_; }
    /// 1280x800, or maximized on a smaller screen (1366x768, 1280x720).
    void fitToScreen();
    [[nodiscard]] IntakePage& intake() { return *intake_; }
    [[nodiscard]] SettingsPage& settingsPage() { return *settings_; }
    [[nodiscard]] QWidget* screen(int index) const;
    [[nodiscard]] AdapterWatcher& adapterWatcher() { return *adapters_; }
    [[nodiscard]] RegistryStatusWatcher& registryStatus() { return registryStatus_; }

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void retranslate();
    void updateStatusBar();

    AppContext& context_;
    AdapterWatcher* adapters_ = nullptr;
    RegistryStatusWatcher registryStatus_;
    QListWidget* nav_ = nullptr;
    QStackedWidget* stack_ = nullptr;
    IntakePage* intake_ = nullptr;
    SettingsPage* settings_ = nullptr;
    QLabel* stationStatus_ = nullptr;
    QLabel* registryState_ = nullptr;
    QLabel* fleetStatus_ = nullptr;   ///< last sync, what waits to be sent, late findings
    void showLateFindings();
    QLabel* adapterStatus_ = nullptr;
    bool kiosk_ = false;
};

}  // namespace dimmguard::gui
