// SPDX-License-Identifier: GPL-3.0-or-later
// Settings screen. Registry reads and the site write run on worker threads.
#include "settings_page.hpp"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "adapter_watcher.hpp"
#include "inspection_runner.hpp"
#include "module_text.hpp"

namespace dimmguard::gui {
namespace {

QWidget* row(QWidget* parent, std::initializer_list<QWidget*> widgets) {
    auto* w = new QWidget(parent);
    auto* layout = new QHBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    bool first = true;
    for (auto* item : widgets) {
        layout->addWidget(item, first ? 1 : 0);
        first = false;
    }
    return w;
}

}  // namespace

SettingsPage::SettingsPage(AppContext& context, AdapterWatcher& adapters, RegistryStatusWatcher& registry, QWidget* parent)
    : QWidget(parent), context_(context), adapters_(adapters), registry_(registry) {
    setObjectName(QStringLiteral("settingsPage"));
    QFont big = font();
    big.setPointSize(13);
    setFont(big);
    // The page scrolls: on a 1366x768 screen its groups are taller than the window.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("settingsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    scroll->setWidget(content);
    outer->addWidget(scroll);
    auto* root = new QVBoxLayout(content);

    stationBox_ = new QGroupBox(this);
    stationForm_ = new QFormLayout(stationBox_);
    stationEdit_ = new QLineEdit(stationBox_);
    stationEdit_->setObjectName(QStringLiteral("stationEdit"));
    stationEdit_->setReadOnly(true);
    siteEdit_ = new QLineEdit(stationBox_);
    siteEdit_->setObjectName(QStringLiteral("siteEdit"));
    siteButton_ = new QPushButton(stationBox_);
    stationForm_->addRow(new QLabel(this), stationEdit_);
    stationForm_->addRow(new QLabel(this), row(stationBox_, {siteEdit_, siteButton_}));
    root->addWidget(stationBox_);

    dbBox_ = new QGroupBox(this);
    dbForm_ = new QFormLayout(dbBox_);
    dataDirEdit_ = new QLineEdit(dbBox_);
    dataDirEdit_->setObjectName(QStringLiteral("dataDirEdit"));
    browseDataDir_ = new QPushButton(dbBox_);
    applyDataDir_ = new QPushButton(dbBox_);
    registryState_ = new QLabel(dbBox_);
    registryState_->setObjectName(QStringLiteral("registryState"));
    registryState_->setWordWrap(true);
    dbForm_->addRow(new QLabel(this), row(dbBox_, {dataDirEdit_, browseDataDir_, applyDataDir_}));
    dbForm_->addRow(new QLabel(this), registryState_);
    root->addWidget(dbBox_);

    sourceBox_ = new QGroupBox(this);
    sourceForm_ = new QFormLayout(sourceBox_);
    sourceKind_ = new QComboBox(sourceBox_);
    sourceKind_->setObjectName(QStringLiteral("sourceKind"));
    benchEdit_ = new QLineEdit(sourceBox_);
    benchEdit_->setObjectName(QStringLiteral("benchEdit"));
    browseBench_ = new QPushButton(sourceBox_);
    adapterCombo_ = new QComboBox(sourceBox_);
    adapterCombo_->setObjectName(QStringLiteral("adapterCombo"));
    applySource_ = new QPushButton(sourceBox_);
    sourceForm_->addRow(new QLabel(this), sourceKind_);
    sourceForm_->addRow(new QLabel(this), row(sourceBox_, {benchEdit_, browseBench_}));
    sourceForm_->addRow(new QLabel(this), adapterCombo_);
    sourceForm_->addRow(new QLabel(this), applySource_);
    root->addWidget(sourceBox_);

    inspectionBox_ = new QGroupBox(this);
    inspectionForm_ = new QFormLayout(inspectionBox_);
    eventCombo_ = new QComboBox(inspectionBox_);
    eventCombo_->setObjectName(QStringLiteral("eventCombo"));
    contextEdit_ = new QLineEdit(inspectionBox_);
    contextEdit_->setObjectName(QStringLiteral("contextEdit"));
    labelsEdit_ = new QLineEdit(inspectionBox_);
    labelsEdit_->setObjectName(QStringLiteral("labelsFileEdit"));
    browseLabels_ = new QPushButton(inspectionBox_);
    policyEdit_ = new QLineEdit(inspectionBox_);
    policyEdit_->setObjectName(QStringLiteral("policyFileEdit"));
    browsePolicy_ = new QPushButton(inspectionBox_);
    smbiosEdit_ = new QLineEdit(inspectionBox_);
    smbiosEdit_->setObjectName(QStringLiteral("smbiosFileEdit"));
    browseSmbios_ = new QPushButton(inspectionBox_);
    applyInspection_ = new QPushButton(inspectionBox_);
    applyInspection_->setObjectName(QStringLiteral("applyInspection"));
    inspectionForm_->addRow(new QLabel(this), eventCombo_);
    inspectionForm_->addRow(new QLabel(this), contextEdit_);
    inspectionForm_->addRow(new QLabel(this), row(inspectionBox_, {labelsEdit_, browseLabels_}));
    inspectionForm_->addRow(new QLabel(this), row(inspectionBox_, {policyEdit_, browsePolicy_}));
    inspectionForm_->addRow(new QLabel(this), row(inspectionBox_, {smbiosEdit_, browseSmbios_}));
    inspectionForm_->addRow(new QLabel(this), applyInspection_);
    root->addWidget(inspectionBox_);

    uiBox_ = new QGroupBox(this);
    uiForm_ = new QFormLayout(uiBox_);
    languageCombo_ = new QComboBox(uiBox_);
    languageCombo_->setObjectName(QStringLiteral("languageCombo"));
    // Each language in its own words, so anyone can find theirs.
    languageCombo_->addItem(QStringLiteral("English"), QStringLiteral("en"));
    languageCombo_->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    volumeSlider_ = new QSlider(Qt::Horizontal, uiBox_);
    volumeSlider_->setObjectName(QStringLiteral("soundVolume"));
    volumeSlider_->setRange(0, 100);
    volumeSlider_->setSingleStep(5);
    volumeSlider_->setPageStep(10);
    volumeValue_ = new QLabel(uiBox_);
    volumeValue_->setObjectName(QStringLiteral("soundVolumeValue"));
    volumeValue_->setMinimumWidth(volumeValue_->fontMetrics().horizontalAdvance(QStringLiteral("100 %")) + 8);
    playGenuine_ = new QPushButton(uiBox_);
    playGenuine_->setObjectName(QStringLiteral("playGenuine"));
    playAttention_ = new QPushButton(uiBox_);
    playAttention_->setObjectName(QStringLiteral("playAttention"));
    playCounterfeit_ = new QPushButton(uiBox_);
    playCounterfeit_->setObjectName(QStringLiteral("playCounterfeit"));
    soundState_ = new QLabel(uiBox_);
    soundState_->setObjectName(QStringLiteral("soundState"));
    soundState_->setWordWrap(true);
    soundState_->setTextFormat(Qt::PlainText);
    auto* plays = new QWidget(uiBox_);
    auto* playsLayout = new QHBoxLayout(plays);
    playsLayout->setContentsMargins(0, 0, 0, 0);
    playsLayout->addWidget(playGenuine_);
    playsLayout->addWidget(playAttention_);
    playsLayout->addWidget(playCounterfeit_);
    playsLayout->addStretch(1);
    uiForm_->addRow(new QLabel(this), languageCombo_);
    uiForm_->addRow(new QLabel(this), row(uiBox_, {volumeSlider_, volumeValue_}));
    uiForm_->addRow(new QLabel(this), plays);
    uiForm_->addRow(QString(), soundState_);
    root->addWidget(uiBox_);

    message_ = new QLabel(this);
    message_->setWordWrap(true);
    root->addWidget(message_);
    root->addStretch(1);

    connect(siteButton_, &QPushButton::clicked, this, &SettingsPage::saveSite);
    connect(siteEdit_, &QLineEdit::returnPressed, this, &SettingsPage::saveSite);
    connect(applyDataDir_, &QPushButton::clicked, this, &SettingsPage::applyDataDir);
    connect(dataDirEdit_, &QLineEdit::returnPressed, this, &SettingsPage::applyDataDir);
    connect(browseDataDir_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Database location"), dataDirEdit_->text());
        if (!dir.isEmpty()) {
            dataDirEdit_->setText(dir);
            applyDataDir();
        }
    });
    connect(browseBench_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Emulated bench file"), benchEdit_->text(),
                                                          tr("Bench files (*.json)"));
        if (!file.isEmpty()) {
            benchEdit_->setText(file);
            sourceKind_->setCurrentIndex(0);
            applySource();
        }
    });
    connect(applySource_, &QPushButton::clicked, this, &SettingsPage::applySource);
    connect(applyInspection_, &QPushButton::clicked, this, &SettingsPage::applyInspection);
    connect(browseLabels_, &QPushButton::clicked, this, [this] { chooseFile(labelsEdit_, tr("Labels file"), tr("CSV files (*.csv)")); });
    connect(browsePolicy_, &QPushButton::clicked, this, [this] { chooseFile(policyEdit_, tr("Policy file"), tr("JSON files (*.json)")); });
    connect(browseSmbios_, &QPushButton::clicked, this, [this] { chooseFile(smbiosEdit_, tr("dmidecode output"), tr("Text files (*.txt)")); });
    connect(sourceKind_, &QComboBox::currentIndexChanged, this, [this](int index) {
        benchEdit_->setEnabled(index == 0);
        browseBench_->setEnabled(index == 0);
        adapterCombo_->setEnabled(index == 1);
    });
    connect(languageCombo_, &QComboBox::activated, this, [this](int index) {
        context_.setLanguage(languageCombo_->itemData(index).toString());
    });
    connect(&context_, &AppContext::languageChanged, this, [this] {
        languageCombo_->setCurrentIndex(std::max(0, languageCombo_->findData(context_.language())));
    });
    // Saved when the handle is let go (or at each key press), not at every pixel of a drag; the
    // attention cue then plays at the new volume, so the choice is heard.
    connect(volumeSlider_, &QSlider::valueChanged, this, [this](int value) {
        volumeValue_->setText(tr("%1 %").arg(value));
        if (!volumeSlider_->isSliderDown()) applyVolume();
    });
    connect(volumeSlider_, &QSlider::sliderReleased, this, &SettingsPage::applyVolume);
    connect(playGenuine_, &QPushButton::clicked, this, [this] { context_.playCue(SoundCue::genuine); });
    connect(playAttention_, &QPushButton::clicked, this, [this] { context_.playCue(SoundCue::attention); });
    connect(playCounterfeit_, &QPushButton::clicked, this, [this] { context_.playCue(SoundCue::counterfeit); });
    connect(&context_.sounds(), &SoundPlayer::played, this, [this] {
        soundError_.clear();
        soundPlayed_ = true;
        showSoundState();
    });
    connect(&context_.sounds(), &SoundPlayer::failed, this, [this](const QString& message) {
        soundError_ = message;
        showSoundState();
    });
    connect(&registry_, &RegistryStatusWatcher::updated, this, &SettingsPage::showRegistry);
    connect(&adapters_, &AdapterWatcher::adaptersChanged, this, &SettingsPage::rebuildAdapters);
    connect(&siteWatcher_, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = siteWatcher_.result();
        message_->setText(error.isEmpty() ? tr("Site saved: new sightings carry it.") : tr("Could not save the site: %1").arg(error));
        registry_.refresh(context_.dataDir());
    });

    retranslate();
    load();
    if (registry_.hasStatus()) showRegistry(registry_.status());
}

SettingsPage::~SettingsPage() { siteWatcher_.waitForFinished(); }

void SettingsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void SettingsPage::retranslate() {
    stationBox_->setTitle(tr("Station"));
    qobject_cast<QLabel*>(stationForm_->labelForField(stationEdit_))->setText(tr("Station id:"));
    stationEdit_->setToolTip(tr("The key id of this station's signing key; it signs every sighting recorded here."));
    qobject_cast<QLabel*>(stationForm_->itemAt(1, QFormLayout::LabelRole)->widget())->setText(tr("Site:"));
    siteEdit_->setPlaceholderText(tr("e.g. Shenzhen DC2 intake"));
    siteButton_->setText(tr("Save site"));
    dbBox_->setTitle(tr("Registry database"));
    qobject_cast<QLabel*>(dbForm_->itemAt(0, QFormLayout::LabelRole)->widget())->setText(tr("Location:"));
    qobject_cast<QLabel*>(dbForm_->itemAt(1, QFormLayout::LabelRole)->widget())->setText(tr("Status:"));
    browseDataDir_->setText(tr("Browse…"));
    applyDataDir_->setText(tr("Use this location"));
    sourceBox_->setTitle(tr("Where modules are read"));
    qobject_cast<QLabel*>(sourceForm_->itemAt(0, QFormLayout::LabelRole)->widget())->setText(tr("Source:"));
    qobject_cast<QLabel*>(sourceForm_->itemAt(1, QFormLayout::LabelRole)->widget())->setText(tr("Bench file:"));
    qobject_cast<QLabel*>(sourceForm_->itemAt(2, QFormLayout::LabelRole)->widget())->setText(tr("Adapter:"));
    const int kind = sourceKind_->currentIndex();
    sourceKind_->clear();
    sourceKind_->addItems({tr("Emulated bench file"), tr("One SMBus adapter"), tr("All local adapters")});
    sourceKind_->setCurrentIndex(kind < 0 ? 0 : kind);
    browseBench_->setText(tr("Browse…"));
    applySource_->setText(tr("Use this source"));
    inspectionBox_->setTitle(tr("Inspection"));
    qobject_cast<QLabel*>(inspectionForm_->itemAt(0, QFormLayout::LabelRole)->widget())->setText(tr("Event:"));
    qobject_cast<QLabel*>(inspectionForm_->itemAt(1, QFormLayout::LabelRole)->widget())->setText(tr("Extra context:"));
    qobject_cast<QLabel*>(inspectionForm_->itemAt(2, QFormLayout::LabelRole)->widget())->setText(tr("Labels file:"));
    qobject_cast<QLabel*>(inspectionForm_->itemAt(3, QFormLayout::LabelRole)->widget())->setText(tr("Policy file:"));
    qobject_cast<QLabel*>(inspectionForm_->itemAt(4, QFormLayout::LabelRole)->widget())->setText(tr("SMBIOS file:"));
    {
        const QVariant current = eventCombo_->currentData();
        eventCombo_->clear();
        eventCombo_->addItem(tr("Intake (modules arriving)"), QStringLiteral("intake"));
        eventCombo_->addItem(tr("Bench (a technician's look)"), QStringLiteral("bench"));
        eventCombo_->addItem(tr("Burn-in (installed in a server)"), QStringLiteral("burn-in"));
        eventCombo_->addItem(tr("Ship (leaving for a customer)"), QStringLiteral("ship"));
        eventCombo_->addItem(tr("Return (coming back from a customer)"), QStringLiteral("return"));
        eventCombo_->addItem(tr("Move (re-lot inside this site)"), QStringLiteral("move"));
        const int index = eventCombo_->findData(current);
        eventCombo_->setCurrentIndex(index < 0 ? 0 : index);
    }
    contextEdit_->setPlaceholderText(tr("e.g. customer=ACME Cloud; server=SN1234"));
    contextEdit_->setToolTip(tr("KEY=VALUE pairs recorded with every sighting, separated by ';' (as verify --context)."));
    labelsEdit_->setPlaceholderText(tr("none: the label scanned at intake"));
    labelsEdit_->setToolTip(tr("A CSV file of slot,label rows: one label per slot (as verify --labels)."));
    policyEdit_->setPlaceholderText(tr("built-in policy"));
    smbiosEdit_->setPlaceholderText(tr("none"));
    smbiosEdit_->setToolTip(tr("Output of 'dmidecode -t 17' of the server the modules are in (burn-in; as verify --smbios)."));
    for (auto* b : {browseLabels_, browsePolicy_, browseSmbios_}) b->setText(tr("Browse…"));
    applyInspection_->setText(tr("Use these options"));
    uiBox_->setTitle(tr("Language and sounds"));
    qobject_cast<QLabel*>(uiForm_->itemAt(0, QFormLayout::LabelRole)->widget())->setText(tr("Language:"));
    qobject_cast<QLabel*>(uiForm_->itemAt(1, QFormLayout::LabelRole)->widget())->setText(tr("Sound volume:"));
    qobject_cast<QLabel*>(uiForm_->itemAt(2, QFormLayout::LabelRole)->widget())->setText(tr("Hear them:"));
    volumeSlider_->setToolTip(tr("0 is silent. One sound per scan: a chime for GENUINE, two beeps for SUSPECT or UNKNOWN, "
                                 "a long low alarm for COUNTERFEIT."));
    volumeValue_->setText(tr("%1 %").arg(volumeSlider_->value()));
    playGenuine_->setText(tr("GENUINE"));
    playAttention_->setText(tr("SUSPECT"));
    playCounterfeit_->setText(tr("COUNTERFEIT"));
    showSoundState();
    rebuildAdapters();
    if (registry_.hasStatus()) showRegistry(registry_.status());
}

void SettingsPage::load() {
    dataDirEdit_->setText(context_.dataDir());
    siteEdit_->setText(context_.site());
    stationEdit_->setText(context_.stationId());
    const SourceChoice s = context_.source();
    benchEdit_->setText(s.benchPath);
    sourceKind_->setCurrentIndex(s.kind == SourceChoice::Kind::bench ? 0 : s.kind == SourceChoice::Kind::bus ? 1 : 2);
    languageCombo_->setCurrentIndex(std::max(0, languageCombo_->findData(context_.language())));
    {
        const QSignalBlocker blocker(volumeSlider_);
        volumeSlider_->setValue(context_.soundVolume());
    }
    volumeValue_->setText(tr("%1 %").arg(volumeSlider_->value()));
    const InspectionSettings inspection = context_.inspectionSettings();
    const int event = eventCombo_->findData(QString::fromLatin1(verifier::event_kind_name(inspection.event).data(),
                                                                static_cast<qsizetype>(verifier::event_kind_name(inspection.event).size())));
    eventCombo_->setCurrentIndex(event < 0 ? 0 : event);
    contextEdit_->setText(inspection.context);
    labelsEdit_->setText(inspection.labelsFile);
    policyEdit_->setText(inspection.policyFile);
    smbiosEdit_->setText(inspection.smbiosFile);
    rebuildAdapters();
}

void SettingsPage::showSoundState() {
    if (!SoundPlayer::available()) soundState_->setText(tr("Built without sound: COUNTERFEIT rings the system beep."));
    else if (!soundError_.isEmpty()) soundState_->setText(tr("No sound: %1").arg(soundError_));
    else if (soundPlayed_ && SoundPlayer::deviceName() == QStringLiteral("default")) soundState_->setText(tr("Sounds play on this computer's sound output."));
    else if (soundPlayed_) soundState_->setText(tr("Sounds play on the ALSA device \"%1\".").arg(SoundPlayer::deviceName()));
    else soundState_->setText(tr("Press a verdict to hear its sound."));
}

void SettingsPage::applyVolume() {
    if (volumeSlider_->value() == context_.soundVolume()) return;
    context_.setSoundVolume(volumeSlider_->value());
    context_.playCue(SoundCue::attention);
}

void SettingsPage::chooseFile(QLineEdit* edit, const QString& title, const QString& filter) {
    const QString file = QFileDialog::getOpenFileName(this, title, edit->text(), filter + QStringLiteral(";;") + tr("All files (*)"));
    if (!file.isEmpty()) edit->setText(file);
}

void SettingsPage::applyInspection() {
    InspectionSettings s;
    s.event = verifier::event_kind_from_name(eventCombo_->currentData().toString().toStdString()).value_or(verifier::EventKind::intake);
    s.context = contextEdit_->text().trimmed();
    s.labelsFile = labelsEdit_->text().trimmed();
    s.policyFile = policyEdit_->text().trimmed();
    s.smbiosFile = smbiosEdit_->text().trimmed();
    if (auto parsed = parseContextText(s.context); !parsed) {
        message_->setText(tr("Extra context not saved: %1").arg(QString::fromStdString(parsed.error().message)));
        return;
    }
    // The same checks the inspection makes before it reads anything: a wrong file is named now,
    // not at the next scan.
    InspectionRequest probe;
    probe.dataDir = context_.dataDir();
    probe.labelsFile = s.labelsFile;
    probe.policyFile = s.policyFile;
    probe.smbiosFile = s.smbiosFile;
    if (auto session = engine::InspectionSession::prepare(sessionOptions(probe)); !session) {
        message_->setText(tr("Inspection options not saved: %1").arg(QString::fromStdString(session.error().message)));
        return;
    }
    context_.setInspectionSettings(s);
    message_->setText(tr("Inspection options saved: the next scan uses them."));
}

void SettingsPage::rebuildAdapters() {
    const int chosen = context_.source().bus;
    adapterCombo_->clear();
    for (const auto& a : adapters_.adapters()) {
        QString text = QStringLiteral("i2c-%1  %2").arg(a.number).arg(a.name);
        if (!a.deviceNode) text += QStringLiteral("  ") + tr("(no /dev node: load i2c-dev)");
        adapterCombo_->addItem(text, a.number);
    }
    if (adapterCombo_->count() == 0) adapterCombo_->addItem(tr("No SMBus adapter found"), -1);
    const int index = adapterCombo_->findData(chosen);
    if (index >= 0) adapterCombo_->setCurrentIndex(index);
}

void SettingsPage::showRegistry(const RegistryStatus& status) {
    if (!status.stationId.isEmpty()) context_.setStationId(status.stationId);
    stationEdit_->setText(status.stationId.isEmpty() ? tr("(no registry: no station key)") : status.stationId);
    if (!status.site.isEmpty() && siteEdit_->text().isEmpty()) siteEdit_->setText(status.site);
    QStringList lines;
    if (status.usable) {
        lines << tr("Registry ready. Trust valid until %1.").arg(status.trustExpires.isEmpty() ? tr("(no expiry)") : status.trustExpires);
    }
    for (const auto& p : status.problems) lines << explainRegistryProblem(p);
    registryState_->setText(lines.join(QLatin1Char('\n')));
    // A palette, not a style sheet: a style sheet would drop the page's larger font.
    QPalette palette = registryState_->palette();
    palette.setColor(QPalette::WindowText, status.usable ? QColor(0x1e, 0x6b, 0x30) : QColor(0x8a, 0x5a, 0x00));
    registryState_->setPalette(palette);
}

void SettingsPage::applyDataDir() {
    const QString dir = dataDirEdit_->text().trimmed();
    if (dir.isEmpty()) return;
    context_.setDataDir(dir);
    registry_.refresh(dir);
    message_->setText(tr("Database location set to %1").arg(dir));
}

void SettingsPage::saveSite() {
    if (siteWatcher_.isRunning()) return;
    const QString site = siteEdit_->text().trimmed();
    context_.setSite(site);
    siteWatcher_.setFuture(QtConcurrent::run(storeSite, context_.dataDir(), site));
}

void SettingsPage::applySource() {
    SourceChoice s = context_.source();
    switch (sourceKind_->currentIndex()) {
    case 0:
        s.kind = SourceChoice::Kind::bench;
        s.benchPath = benchEdit_->text().trimmed();
        break;
    case 1:
        s.kind = SourceChoice::Kind::bus;
        s.bus = adapterCombo_->currentData().toInt();
        break;
    default: s.kind = SourceChoice::Kind::all; break;
    }
    s.slot.clear();
    context_.setSource(s);
    message_->setText(tr("Source saved."));
}

}  // namespace dimmguard::gui
