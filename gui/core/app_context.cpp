// SPDX-License-Identifier: GPL-3.0-or-later
// AppContext: settings persisted with QSettings, the translators, and the current lot.
#include "app_context.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <algorithm>

#include "db/database.hpp"
#include "engine/session.hpp"

namespace dimmguard::gui {

struct AppContext::State {
    QSettings settings{QStringLiteral("dimmguard"), QStringLiteral("dimmguard-gui")};
    QString dataDirOverride;
    QString language = QStringLiteral("en");
    std::vector<std::unique_ptr<QTranslator>> translators;
    QStringList loaded;
    std::vector<std::shared_ptr<const Inspection>> lot;
    std::shared_ptr<const Inspection> last;
    int selected = -1;
    QString stationId;
    QString operatorName;
    QString devRoot = QStringLiteral("/dev");
    QString sysfsRoot = QStringLiteral("/");
    std::unique_ptr<SoundPlayer> sounds;   // made on first use
};

AppContext::AppContext(QObject* parent) : QObject(parent), state_(std::make_unique<State>()) {
    qRegisterMetaType<std::shared_ptr<const dimmguard::gui::Inspection>>("std::shared_ptr<const dimmguard::gui::Inspection>");
    // The language chosen in Settings; without one, the system locale (LANG, LC_ALL,
    // LC_MESSAGES), which is not saved: a later change of LANG still applies.
    const QString saved = state_->settings.value(QStringLiteral("language")).toString();
    const QString wanted = saved.isEmpty() ? systemLanguage() : saved;
    applyLanguage(wanted, false);   // English too: its catalogue holds the plural forms
}

AppContext::~AppContext() = default;

QString AppContext::dataDir() const {
    if (!state_->dataDirOverride.isEmpty()) return state_->dataDirOverride;
    // $DIMMGUARD_DATA_DIR wins over the saved setting, as it does for the CLI.
    if (!qEnvironmentVariableIsEmpty("DIMMGUARD_DATA_DIR")) return qEnvironmentVariable("DIMMGUARD_DATA_DIR");
    const QString saved = state_->settings.value(QStringLiteral("dataDir")).toString();
    if (!saved.isEmpty()) return saved;
    return QString::fromStdString(db::default_data_dir().string());
}

void AppContext::setDataDir(const QString& dir) {
    state_->dataDirOverride.clear();
    state_->settings.setValue(QStringLiteral("dataDir"), dir);
    state_->stationId.clear();
    emit settingsChanged();
    emit registryChanged();
}

void AppContext::overrideDataDir(const QString& dir) {
    state_->dataDirOverride = dir;
    state_->stationId.clear();
    emit settingsChanged();
    emit registryChanged();
}

SourceChoice AppContext::source() const {
    SourceChoice s;
    const QString kind = state_->settings.value(QStringLiteral("source/kind"), QStringLiteral("bench")).toString();
    s.kind = kind == QLatin1String("bus") ? SourceChoice::Kind::bus
           : kind == QLatin1String("all") ? SourceChoice::Kind::all : SourceChoice::Kind::bench;
    s.benchPath = state_->settings.value(QStringLiteral("source/bench")).toString();
    s.bus = state_->settings.value(QStringLiteral("source/bus"), -1).toInt();
    s.slot = state_->settings.value(QStringLiteral("source/slot")).toString();
    return s;
}

void AppContext::setSource(const SourceChoice& source) {
    const char* kind = source.kind == SourceChoice::Kind::bus ? "bus" : source.kind == SourceChoice::Kind::all ? "all" : "bench";
    state_->settings.setValue(QStringLiteral("source/kind"), QString::fromLatin1(kind));
    state_->settings.setValue(QStringLiteral("source/bench"), source.benchPath);
    state_->settings.setValue(QStringLiteral("source/bus"), source.bus);
    state_->settings.setValue(QStringLiteral("source/slot"), source.slot);
    emit settingsChanged();
}

QString AppContext::site() const { return state_->settings.value(QStringLiteral("site")).toString(); }

void AppContext::setSite(const QString& site) {
    state_->settings.setValue(QStringLiteral("site"), site);
    emit settingsChanged();
}

QString AppContext::language() const { return state_->language; }

QString AppContext::operatorName() const { return state_->operatorName; }

void AppContext::setOperatorName(const QString& name) {
    state_->operatorName = name.simplified().left(80);
    emit settingsChanged();
}

QStringList AppContext::translationSearchPath() const {
    QStringList dirs;
    if (!qEnvironmentVariableIsEmpty("DIMMGUARD_TRANSLATIONS_DIR")) dirs << qEnvironmentVariable("DIMMGUARD_TRANSLATIONS_DIR");
    const QString appDir = QCoreApplication::applicationDirPath();
    dirs << appDir + QStringLiteral("/translations") << appDir + QStringLiteral("/../share/dimmguard/translations")
         << QStringLiteral(DIMMGUARD_GUI_QM_DIR) << QStringLiteral(DIMMGUARD_GUI_QM_INSTALL_DIR);
    return dirs;
}

QString AppContext::systemLanguage() {
    // Chinese of any region reads Simplified Chinese best among the catalogues we ship.
    const QStringList ui = QLocale::system().uiLanguages();
    for (const QString& tag : ui) {
        if (tag.startsWith(QLatin1String("zh"))) return QStringLiteral("zh_CN");
        if (tag.startsWith(QLatin1String("en"))) return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

void AppContext::setLanguage(const QString& language) { applyLanguage(language, true); }

void AppContext::useLanguageForThisRun(const QString& language) { applyLanguage(language, false); }

void AppContext::applyLanguage(const QString& language, bool save) {
    const QString lang = language == QLatin1String("zh_CN") ? language : QStringLiteral("en");
    for (auto& t : state_->translators) QCoreApplication::removeTranslator(t.get());
    state_->translators.clear();
    state_->loaded.clear();
    state_->language = lang;
    if (save) state_->settings.setValue(QStringLiteral("language"), lang);
    // Ours and the pages' (G2) catalogues, each from the first directory that has it.
    for (const QString& catalogue : {QStringLiteral("dimmguard_"), QStringLiteral("pages_")}) {
        for (const QString& dir : translationSearchPath()) {
            const QString file = QDir(dir).filePath(catalogue + lang + QStringLiteral(".qm"));
            if (!QFileInfo::exists(file)) continue;
            auto translator = std::make_unique<QTranslator>();
            if (translator->load(file) && QCoreApplication::installTranslator(translator.get())) {
                state_->loaded << QFileInfo(file).canonicalFilePath();
                state_->translators.push_back(std::move(translator));
                break;
            }
        }
    }
    // Qt's own dialogs (file dialogs, print dialog) when the Qt catalogue is installed.
    if (lang != QLatin1String("en")) {
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
            QCoreApplication::installTranslator(qt.get())) {
            state_->translators.push_back(std::move(qt));
        }
    }
    emit languageChanged();
    emit settingsChanged();
}

QStringList AppContext::loadedTranslations() const { return state_->loaded; }

int AppContext::soundVolume() const {
    const QVariant volume = state_->settings.value(QStringLiteral("soundVolume"));
    if (volume.isValid()) return std::clamp(volume.toInt(), 0, 100);
    // Before the volume setting there was one checkbox, "Beep when a module is COUNTERFEIT".
    return state_->settings.value(QStringLiteral("soundOnCounterfeit"), true).toBool() ? 70 : 0;
}

void AppContext::setSoundVolume(int percent) {
    state_->settings.setValue(QStringLiteral("soundVolume"), std::clamp(percent, 0, 100));
    state_->settings.remove(QStringLiteral("soundOnCounterfeit"));
    emit settingsChanged();
}

void AppContext::playCue(SoundCue cue) { sounds().play(cue, soundVolume()); }

SoundPlayer& AppContext::sounds() {
    if (!state_->sounds) state_->sounds = std::make_unique<SoundPlayer>();
    return *state_->sounds;
}

std::shared_ptr<const Inspection> AppContext::lastInspection() const { return state_->last; }

const std::vector<std::shared_ptr<const Inspection>>& AppContext::lotInspections() const { return state_->lot; }

void AppContext::publish(std::shared_ptr<const Inspection> inspection) {
    if (!inspection) return;
    state_->last = inspection;
    state_->lot.push_back(inspection);
    state_->selected = inspection->modules.empty() ? -1 : 0;
    emit inspectionPublished(inspection);
    emit moduleSelected(state_->selected);
}

void AppContext::startLot(const QString& lot) {
    state_->lot.clear();
    state_->settings.setValue(QStringLiteral("lot"), lot);
    emit settingsChanged();
}

int AppContext::selectedModule() const { return state_->selected; }

void AppContext::selectModule(int index) {
    state_->selected = index;
    emit moduleSelected(index);
}

QString AppContext::stationId() const { return state_->stationId; }

void AppContext::setStationId(const QString& id) {
    if (id == state_->stationId) return;
    state_->stationId = id;
    emit settingsChanged();
}

QString AppContext::devRoot() const { return state_->devRoot; }
QString AppContext::sysfsRoot() const { return state_->sysfsRoot; }

void AppContext::setDeviceRoots(const QString& devRoot, const QString& sysfsRoot) {
    state_->devRoot = devRoot;
    state_->sysfsRoot = sysfsRoot;
    emit settingsChanged();
}

}  // namespace dimmguard::gui

namespace dimmguard::gui {

Result<std::map<std::string, std::string>> parseContextText(const QString& text) {
    std::map<std::string, std::string> out;
    QString normalized = text;
    normalized.replace(QLatin1Char('\n'), QLatin1Char(';'));
    for (const QString& part : normalized.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString pair = part.trimmed();
        if (pair.isEmpty()) continue;
        auto parsed = engine::parse_context_pair(pair.toStdString());
        if (!parsed) return tl::unexpected(parsed.error());
        out[QString::fromStdString(parsed->first).trimmed().toStdString()] = QString::fromStdString(parsed->second).trimmed().toStdString();
    }
    return out;
}

InspectionSettings AppContext::inspectionSettings() const {
    InspectionSettings s;
    const auto event = verifier::event_kind_from_name(state_->settings.value(QStringLiteral("inspection/event"), QStringLiteral("intake")).toString().toStdString());
    s.event = event.value_or(verifier::EventKind::intake);
    s.context = state_->settings.value(QStringLiteral("inspection/context")).toString();
    s.labelsFile = state_->settings.value(QStringLiteral("inspection/labels")).toString();
    s.policyFile = state_->settings.value(QStringLiteral("inspection/policy")).toString();
    s.smbiosFile = state_->settings.value(QStringLiteral("inspection/smbios")).toString();
    return s;
}

void AppContext::setInspectionSettings(const InspectionSettings& s) {
    state_->settings.setValue(QStringLiteral("inspection/event"), QString::fromLatin1(verifier::event_kind_name(s.event).data(), static_cast<qsizetype>(verifier::event_kind_name(s.event).size())));
    state_->settings.setValue(QStringLiteral("inspection/context"), s.context);
    state_->settings.setValue(QStringLiteral("inspection/labels"), s.labelsFile);
    state_->settings.setValue(QStringLiteral("inspection/policy"), s.policyFile);
    state_->settings.setValue(QStringLiteral("inspection/smbios"), s.smbiosFile);
    emit settingsChanged();
}

}  // namespace dimmguard::gui
