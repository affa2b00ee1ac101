// SPDX-License-Identifier: GPL-3.0-or-later
// What every screen of dimmguard-gui shares: settings, where the registry lives, and the
// latest inspection. Lives on the UI thread. Database work never runs here: workers open
// their own db::Database (one SQLite connection per thread) from dataDir().
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dimmguard/result.hpp"
#include "engine/report.hpp"
#include "firmware_io/bench_file.hpp"
#include "sound.hpp"

namespace dimmguard::gui {

/// Where modules come from.
struct SourceChoice {
    enum class Kind { bench, bus, all } kind = Kind::bench;
    QString benchPath;   ///< Kind::bench: an emulated bench JSON file
    int bus = -1;        ///< Kind::bus: /dev/i2c-N
    /// Only this slot: a bench slot label ("A4") or an address on the chosen bus ("0x52");
    /// empty = every module of the source.
    QString slot;
};

/// One finished inspection (a Scan press or an inserted module), immutable once published:
/// the engine's report, which carries the lot, labels, station and times.
using Inspection = engine::InspectionReport;

/// Inspection options beyond the source, as `dimmguard verify` takes them as flags.
struct InspectionSettings {
    verifier::EventKind event = verifier::EventKind::intake;   ///< --event
    QString context;      ///< --context pairs as text: "server=SN123; customer=ACME" (';' or newlines between pairs)
    QString labelsFile;   ///< --labels: CSV of LOCATION,LABEL ("" = none)
    QString policyFile;   ///< --policy ("" = built in)
    QString smbiosFile;   ///< --smbios: dmidecode -t 17 output ("" = none)
};

/// The context pairs of InspectionSettings::context; Errc::usage naming the bad pair.
[[nodiscard]] Result<std::map<std::string, std::string>> parseContextText(const QString& text);

class AppContext : public QObject {
    Q_OBJECT
public:
    explicit AppContext(QObject* parent = nullptr);
    ~AppContext() override;

    // ---- settings (persisted with QSettings; setters emit settingsChanged) ----
    [[nodiscard]] QString dataDir() const;          ///< registry directory (default: db::default_data_dir())
    void setDataDir(const QString& dir);
    [[nodiscard]] SourceChoice source() const;
    void setSource(const SourceChoice& source);
    [[nodiscard]] QString site() const;
    void setSite(const QString& site);
    [[nodiscard]] QString language() const;         ///< "en" or "zh_CN"
    /// Installs the translator, saves the choice (it then wins over the system locale), emits
    /// languageChanged.
    void setLanguage(const QString& language);
    /// The same for this run only (command line --lang): nothing is saved.
    void useLanguageForThisRun(const QString& language);
    /// "zh_CN" when the system locale (LANG / LC_ALL / LC_MESSAGES) is any Chinese, else "en".
    [[nodiscard]] static QString systemLanguage();
    /// Volume of the verdict sounds, 0 (silent) to 100; default 70. A settings file from before
    /// the volume setting with the COUNTERFEIT beep switched off reads as 0.
    [[nodiscard]] int soundVolume() const;
    void setSoundVolume(int percent);   ///< clamped to 0..100; emits settingsChanged
    /// Plays the verdict sounds (sound.hpp) at soundVolume().
    void playCue(SoundCue cue);
    [[nodiscard]] SoundPlayer& sounds();
    /// Who is at the desk this shift ("" until set): recorded with every inspection (context
    /// `operator`) and offered in the disposition dialog. Not saved: each shift sets it again.
    [[nodiscard]] QString operatorName() const;
    void setOperatorName(const QString& name);   ///< emits settingsChanged
    [[nodiscard]] InspectionSettings inspectionSettings() const;
    void setInspectionSettings(const InspectionSettings& settings);

    /// Use `dir` for this run only (command line --data-dir): not saved in the settings.
    void overrideDataDir(const QString& dir);
    /// Directories searched for dimmguard_<lang>.qm and pages_<lang>.qm, first hit wins:
    /// $DIMMGUARD_TRANSLATIONS_DIR, <app dir>/translations, <app dir>/../share/dimmguard/translations,
    /// the build tree's gui/translations, the installed share directory.
    [[nodiscard]] QStringList translationSearchPath() const;
    /// The .qm files loaded for the current language (full paths; empty for English without .qm).
    [[nodiscard]] QStringList loadedTranslations() const;
    /// Station id from the registry's station key ("" until known; see registry_status.hpp).
    [[nodiscard]] QString stationId() const;
    void setStationId(const QString& id);
    /// /dev and sysfs roots used for adapters (tests point them at fixture trees).
    [[nodiscard]] QString devRoot() const;
    [[nodiscard]] QString sysfsRoot() const;
    void setDeviceRoots(const QString& devRoot, const QString& sysfsRoot);

    // ---- inspections (the Intake screen publishes, Bench / reports read) ----
    [[nodiscard]] std::shared_ptr<const Inspection> lastInspection() const;
    /// All inspections of the current lot, oldest first (the running tally and the lot report).
    [[nodiscard]] const std::vector<std::shared_ptr<const Inspection>>& lotInspections() const;
    void publish(std::shared_ptr<const Inspection> inspection);
    void startLot(const QString& lot);              ///< clears lotInspections()

    /// The module the user picked for a closer look (index into lastInspection()->modules).
    [[nodiscard]] int selectedModule() const;
    void selectModule(int index);                   ///< emits moduleSelected

signals:
    void settingsChanged();
    void languageChanged();
    void registryChanged();                         ///< a bundle was imported or dataDir changed
    void inspectionPublished(std::shared_ptr<const dimmguard::gui::Inspection> inspection);
    void moduleSelected(int index);

public:
    /// Emit registryChanged (after an import, a trust change or a log import).
    void notifyRegistryChanged() { emit registryChanged(); }

private:
    void applyLanguage(const QString& language, bool save);
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace dimmguard::gui
