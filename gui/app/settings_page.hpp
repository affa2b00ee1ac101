// SPDX-License-Identifier: GPL-3.0-or-later
// The Settings screen: station id (read-only, from the registry's station key) and site,
// database location, source (emulated bench file or adapter), the inspection options `verify`
// takes as flags (event, context, labels file, policy, SMBIOS file), language and sounds.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include "app_context.hpp"
#include "registry_status.hpp"

class QComboBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;

namespace dimmguard::gui {

class AdapterWatcher;

class SettingsPage : public QWidget {
    Q_OBJECT
public:
    SettingsPage(AppContext& context, AdapterWatcher& adapters, RegistryStatusWatcher& registry, QWidget* parent = nullptr);
    ~SettingsPage() override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void load();
    void showRegistry(const RegistryStatus& status);
    void rebuildAdapters();
    void applyDataDir();
    void saveSite();
    void applySource();
    void applyInspection();
    void applyVolume();
    void showSoundState();
    void chooseFile(QLineEdit* edit, const QString& title, const QString& filter);

    AppContext& context_;
    AdapterWatcher& adapters_;
    RegistryStatusWatcher& registry_;
    QFutureWatcher<QString> siteWatcher_;

    QGroupBox* stationBox_ = nullptr;
    QFormLayout* stationForm_ = nullptr;
    QLineEdit* stationEdit_ = nullptr;
    QLineEdit* siteEdit_ = nullptr;
    QPushButton* siteButton_ = nullptr;
    QGroupBox* dbBox_ = nullptr;
    QFormLayout* dbForm_ = nullptr;
    QLineEdit* dataDirEdit_ = nullptr;
    QPushButton* browseDataDir_ = nullptr;
    QPushButton* applyDataDir_ = nullptr;
    QLabel* registryState_ = nullptr;
    QGroupBox* sourceBox_ = nullptr;
    QFormLayout* sourceForm_ = nullptr;
    QComboBox* sourceKind_ = nullptr;
    QLineEdit* benchEdit_ = nullptr;
    QPushButton* browseBench_ = nullptr;
    QComboBox* adapterCombo_ = nullptr;
    QPushButton* applySource_ = nullptr;
    QGroupBox* inspectionBox_ = nullptr;
    QFormLayout* inspectionForm_ = nullptr;
    QComboBox* eventCombo_ = nullptr;
    QLineEdit* contextEdit_ = nullptr;
    QLineEdit* labelsEdit_ = nullptr;
    QPushButton* browseLabels_ = nullptr;
    QLineEdit* policyEdit_ = nullptr;
    QPushButton* browsePolicy_ = nullptr;
    QLineEdit* smbiosEdit_ = nullptr;
    QPushButton* browseSmbios_ = nullptr;
    QPushButton* applyInspection_ = nullptr;
    QGroupBox* uiBox_ = nullptr;
    QFormLayout* uiForm_ = nullptr;
    QComboBox* languageCombo_ = nullptr;
    QSlider* volumeSlider_ = nullptr;
    QLabel* volumeValue_ = nullptr;
    QPushButton* playGenuine_ = nullptr;
    QPushButton* playAttention_ = nullptr;
    QPushButton* playCounterfeit_ = nullptr;
    QLabel* soundState_ = nullptr;
    QString soundError_;   ///< the player's last failure ("" after a sound played)
    bool soundPlayed_ = false;
    QLabel* message_ = nullptr;
};

}  // namespace dimmguard::gui
