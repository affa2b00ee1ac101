// SPDX-License-Identifier: GPL-3.0-or-later
// The Bench screen. Everything shown comes from the published InspectionReport (decoded by the
// same verifier::Inspector as `dimmguard verify`); registry reads run on a worker thread with
// their own db::Database, and answers for a module no longer shown are dropped.
#include "bench_page.hpp"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "bench_analysis.hpp"
#include "disposition_dialog.hpp"
#include "db/custody.hpp"
#include "db/database.hpp"
#include "db/disposition.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "firmware_io/dump_file.hpp"
#include "hex_view.hpp"
#include "module_text.hpp"
#include "page_text.hpp"
#include "verifier/jep106.hpp"
#include "verifier/spd_json.hpp"

namespace dimmguard::gui {

/// What the registry says about the shown module (filled on a worker thread).
struct BenchRegistryInfo {
    int generation = 0;
    bool missing = false;                 ///< no registry file in the data directory
    std::string error;                    ///< could not read it (corrupt, locked ...)
    std::string dataDir;
    bool partLooked = false;
    std::optional<verifier::Lookup<verifier::PartRecord>> part;
    std::optional<db::Custody> custody;
};

namespace {

BenchRegistryInfo lookUpRegistry(const std::filesystem::path& dataDir, const std::optional<verifier::ModuleIdentity>& identity,
                                 const std::string& partNumber, int generation) {
    BenchRegistryInfo info;
    info.generation = generation;
    info.dataDir = dataDir.string();
    auto database = db::Database::open_read_only(dataDir);   // a look never creates or writes a registry
    if (!database) {
        if (database.error().code == Errc::not_found) info.missing = true;
        else info.error = database.error().message;
        return info;
    }
    if (!partNumber.empty()) {
        db::SqliteRegistry registry(*database);
        auto part = registry.part(partNumber);
        if (!part) {
            info.error = part.error().message;
            return info;
        }
        info.partLooked = true;
        info.part = std::move(*part);
    }
    if (identity && !identity->serial_blank()) {
        auto custody = db::custody(*database, *identity);
        if (!custody) {
            info.error = custody.error().message;
            return info;
        }
        info.custody = std::move(*custody);
    }
    return info;
}

QString hex2(unsigned value) { return QStringLiteral("0x%1").arg(value, 2, 16, QLatin1Char('0')); }

QString jsonScalar(const nlohmann::ordered_json& value) {
    if (value.is_boolean()) return PageText::yesNo(value.get<bool>());
    if (value.is_string()) return qs(value.get<std::string>());
    if (value.is_null()) return QStringLiteral("-");
    return qs(value.dump());
}

void addJson(QTreeWidgetItem* parent, const QString& label, const std::string& key, const nlohmann::ordered_json& value) {
    auto* item = new QTreeWidgetItem(parent);
    item->setText(0, label);
    item->setToolTip(0, qs(key));
    if (value.is_object()) {
        for (const auto& [childKey, child] : value.items()) addJson(item, PageText::field(childKey), childKey, child);
    } else if (value.is_array()) {
        const bool scalars = std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_primitive(); });
        if (scalars) {
            QStringList parts;
            for (const auto& v : value) parts << jsonScalar(v);
            item->setText(1, parts.join(QStringLiteral(", ")));
        } else {
            item->setText(1, QStringLiteral("(%1)").arg(value.size()));
            int index = 1;
            for (const auto& child : value) {
                QString childLabel = QStringLiteral("#%1").arg(index++);
                for (const char* nameKey : {"role", "name", "kind", "field"}) {
                    if (child.is_object() && child.contains(nameKey) && child[nameKey].is_string()) {
                        childLabel = qs(child[nameKey].get<std::string>());
                        break;
                    }
                }
                addJson(item, childLabel, key, child);
            }
        }
    } else {
        item->setText(1, jsonScalar(value));
    }
}

QString shortFingerprint(const std::string& fingerprint) {
    return fingerprint.size() > 16 ? qs(fingerprint.substr(0, 16)) + QStringLiteral("…") : qs(fingerprint);
}

}  // namespace

BenchPage::BenchPage(AppContext& context, QWidget* parent) : QWidget(parent), context_(context) {
    auto* layout = new QVBoxLayout(this);

    auto* top = new QHBoxLayout;
    moduleLabel_ = new QLabel(this);
    chooser_ = new QComboBox(this);
    chooser_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    chooser_->setMinimumContentsLength(30);
    verdict_ = new QLabel(this);
    verdict_->setTextFormat(Qt::RichText);
    verdict_->setWordWrap(true);
    top->addWidget(moduleLabel_);
    top->addWidget(chooser_, 1);
    top->addWidget(verdict_, 2);
    layout->addLayout(top);

    auto* referenceRow = new QHBoxLayout;
    referenceLabel_ = new QLabel(this);
    referenceLabel_->setWordWrap(true);
    referenceLabel_->setTextFormat(Qt::RichText);
    openReference_ = new QPushButton(this);
    autoReference_ = new QPushButton(this);
    referenceRow->addWidget(referenceLabel_, 1);
    referenceRow->addWidget(openReference_);
    referenceRow->addWidget(autoReference_);
    layout->addLayout(referenceRow);

    empty_ = new QLabel(this);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    layout->addWidget(empty_, 1);

    splitter_ = new QSplitter(Qt::Horizontal, this);
    tree_ = new QTreeWidget(splitter_);
    tree_->setColumnCount(2);
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tabs_ = new QTabWidget(splitter_);

    auto* hexTab = new QWidget(tabs_);
    auto* hexLayout = new QVBoxLayout(hexTab);
    hex_ = new HexView(hexTab);
    legend_ = new QLabel(hexTab);
    legend_->setTextFormat(Qt::RichText);
    legend_->setWordWrap(true);
    hexLayout->addWidget(hex_, 1);
    hexLayout->addWidget(legend_);
    tabs_->addTab(hexTab, QString());

    hardware_ = new QTreeWidget(tabs_);
    hardware_->setColumnCount(2);
    hardware_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tabs_->addTab(hardware_, QString());

    fingerprint_ = new QTextBrowser(tabs_);
    fingerprint_->setOpenLinks(false);
    tabs_->addTab(fingerprint_, QString());

    historyTab_ = new QWidget(tabs_);
    auto* historyLayout = new QVBoxLayout(historyTab_);
    registryMessage_ = new QLabel(historyTab_);
    registryMessage_->setWordWrap(true);
    registryMessage_->setTextFormat(Qt::RichText);
    sightings_ = new QTableWidget(historyTab_);
    sightings_->setColumnCount(8);
    sightings_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    sightings_->setSelectionBehavior(QAbstractItemView::SelectRows);
    sightings_->horizontalHeader()->setStretchLastSection(true);
    sightings_->verticalHeader()->setVisible(false);
    // Custody: where the module is now, its unresolved verdict, and the signed decisions.
    custody_ = new QLabel(historyTab_);
    custody_->setObjectName(QStringLiteral("custodyView"));
    custody_->setWordWrap(true);
    custody_->setTextFormat(Qt::RichText);
    custody_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* dispositionRow = new QHBoxLayout;
    const auto addDispositionButton = [this, dispositionRow](QPushButton*& button, verifier::EventKind action, const char* name) {
        button = new QPushButton(historyTab_);
        button->setObjectName(QLatin1String(name));
        connect(button, &QPushButton::clicked, this, [this, action] { openDisposition(action); });
        dispositionRow->addWidget(button);
    };
    addDispositionButton(quarantine_, verifier::EventKind::quarantine, "quarantineButton");
    addDispositionButton(release_, verifier::EventKind::release, "releaseButton");
    addDispositionButton(rma_, verifier::EventKind::rma, "rmaButton");
    addDispositionButton(scrap_, verifier::EventKind::scrap, "scrapButton");
    dispositionMessage_ = new QLabel(historyTab_);
    dispositionMessage_->setObjectName(QStringLiteral("dispositionMessage"));
    dispositionMessage_->setWordWrap(true);
    dispositionRow->addWidget(dispositionMessage_, 1);
    historyLayout->addWidget(custody_);
    historyLayout->addLayout(dispositionRow);
    historyLayout->addWidget(registryMessage_);
    historyLayout->addWidget(sightings_, 1);
    tabs_->addTab(historyTab_, QString());

    splitter_->setStretchFactor(0, 2);
    splitter_->setStretchFactor(1, 3);
    splitter_->setSizes({440, 660});   // the tree's values need room; the hex view needs ~600 px
    layout->addWidget(splitter_, 4);

    connect(chooser_, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (updatingChooser_ || row < 0) return;
        showModule(chooser_->itemData(row).toInt());
    });
    connect(openReference_, &QPushButton::clicked, this, &BenchPage::openReferenceDialog);
    connect(autoReference_, &QPushButton::clicked, this, &BenchPage::clearReferenceDump);
    connect(&context_, &AppContext::inspectionPublished, this, &BenchPage::onInspectionPublished);
    connect(&context_, &AppContext::moduleSelected, this, [this](int index) {
        if (index == module_) return;
        if (isVisible()) showModule(index);
        else deferred_ = true;  // shown when the page is
    });
    connect(&context_, &AppContext::registryChanged, this, &BenchPage::requestRegistry);
    connect(&context_, &AppContext::settingsChanged, this, &BenchPage::requestRegistry);

    retranslate();
    onInspectionPublished(context_.lastInspection());
}

BenchPage::~BenchPage() = default;

const verifier::ModuleReport* BenchPage::module() const {
    if (!inspection_ || module_ < 0 || static_cast<std::size_t>(module_) >= inspection_->modules.size()) return nullptr;
    return &inspection_->modules[static_cast<std::size_t>(module_)];
}

void BenchPage::onInspectionPublished(std::shared_ptr<const Inspection> inspection) {
    inspection_ = std::move(inspection);
    module_ = -1;
    // Building the decode tree and the hex view costs milliseconds of UI-thread time: while the
    // page is hidden (an intake run) that waits until it is shown.
    if (!isVisible()) {
        deferred_ = true;
        rebuildChooser();
        return;
    }
    applyInspection();
}

void BenchPage::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (deferred_) applyInspection();
}

void BenchPage::applyInspection() {
    deferred_ = false;
    const int count = inspection_ ? static_cast<int>(inspection_->modules.size()) : 0;
    const int selected = context_.selectedModule();
    rebuildChooser();
    if (count > 0) showModule(selected >= 0 && selected < count ? selected : 0);
    else render();
}

void BenchPage::rebuildChooser() {
    updatingChooser_ = true;
    chooser_->clear();
    if (inspection_) {
        for (std::size_t i = 0; i < inspection_->modules.size(); ++i) {
            const auto& m = inspection_->modules[i];
            QStringList parts;
            if (!m.slot.empty()) parts << qs(m.slot);
            parts << qs(m.location);
            if (m.spd && !m.spd->manufacturing.part_number.empty()) parts << qs(m.spd->manufacturing.part_number);
            parts << PageText::verdict(verifier::verdict_name(m.verdict));
            chooser_->addItem(parts.join(QStringLiteral(" · ")), static_cast<int>(i));
        }
    }
    const int row = chooser_->findData(module_);
    chooser_->setCurrentIndex(row);
    updatingChooser_ = false;
}

void BenchPage::showModule(int index) {
    if (!inspection_ || index < 0 || static_cast<std::size_t>(index) >= inspection_->modules.size()) return;
    module_ = index;
    updatingChooser_ = true;
    chooser_->setCurrentIndex(chooser_->findData(index));
    updatingChooser_ = false;
    registry_.reset();
    dispositionMessage_->clear();
    if (context_.selectedModule() != index) context_.selectModule(index);
    updateReference();
    render();
    requestRegistry();
}

std::vector<std::string> BenchPage::acceptedFingerprints() const {
    const auto* m = module();
    if (!m || !m->spd) return {};
    if (registry_ && registry_->part && !registry_->part->trusted.empty()) {
        std::vector<std::string> all;
        for (const auto& record : registry_->part->trusted) {
            all.insert(all.end(), record.record.fingerprints.begin(), record.record.fingerprints.end());
        }
        return all;
    }
    return accepted_fingerprints(*inspection_, m->spd->manufacturing.part_number);
}

void BenchPage::updateReference() {
    differing_.clear();
    referenceModule_.reset();
    lotReferenceImage_.clear();
    lotReferenceText_.clear();
    const auto* m = module();
    if (!m || !m->read) return;
    if (!referenceDump_.empty()) {
        differing_ = differing_offsets(m->read->image, referenceDump_);
        return;
    }
    const auto accepted = acceptedFingerprints();
    referenceModule_ = pick_reference(*inspection_, module_, accepted);
    if (referenceModule_) {
        const auto& reference = inspection_->modules[static_cast<std::size_t>(*referenceModule_)];
        differing_ = differing_offsets(m->read->image, reference.read->image);
        return;
    }
    // None in this inspection (intake scans one slot at a time): the newest earlier inspection
    // of the lot that holds one.
    const auto& lot = context_.lotInspections();
    for (auto it = lot.rbegin(); it != lot.rend(); ++it) {
        if (!*it || it->get() == inspection_.get()) continue;
        const auto found = pick_reference_in(**it, *m, accepted);
        if (!found) continue;
        const auto& r = (*it)->modules[static_cast<std::size_t>(*found)];
        lotReferenceImage_ = r.read->image;
        lotReferenceText_ = tr("Reference: slot %1 (%2) from an earlier inspection of this lot, the same part number, whose fingerprint the registry accepts")
                                .arg(qs(r.slot.empty() ? std::string("-") : r.slot), qs(r.location));
        differing_ = differing_offsets(m->read->image, lotReferenceImage_);
        return;
    }
}

QString BenchPage::referenceText() const {
    const auto* m = module();
    if (!m) return {};
    if (!referenceDump_.empty()) return tr("Reference: dump file %1").arg(referenceDumpPath_);
    if (referenceModule_) {
        const auto& r = inspection_->modules[static_cast<std::size_t>(*referenceModule_)];
        return tr("Reference: slot %1 (%2), the same part number, whose fingerprint the registry accepts")
            .arg(qs(r.slot.empty() ? std::string("-") : r.slot), qs(r.location));
    }
    if (!lotReferenceText_.isEmpty()) return lotReferenceText_;
    return {};
}

bool BenchPage::loadReferenceDump(const QString& path) {
    auto dump = firmware_io::load_dump_file(path.toStdString());
    if (!dump) {
        referenceLabel_->setText(QStringLiteral("<span style='color:#c62828'>%1</span>")
                                     .arg(tr("Cannot use this reference dump: %1").arg(qs(dump.error().message).toHtmlEscaped())));
        return false;
    }
    referenceDump_ = std::move(dump->bytes);
    referenceDumpPath_ = path;
    updateReference();
    render();
    return true;
}

void BenchPage::clearReferenceDump() {
    referenceDump_.clear();
    referenceDumpPath_.clear();
    updateReference();
    render();
}

void BenchPage::openReferenceDialog() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a reference SPD dump"), QString(),
                                                      tr("SPD dumps (*.bin *.spd *.txt *.hex);;All files (*)"));
    if (!path.isEmpty()) loadReferenceDump(path);
}

void BenchPage::requestRegistry() {
    const auto* m = module();
    if (!m || !m->spd) return;
    const int generation = ++generation_;
    ++pending_;
    const std::filesystem::path dataDir = context_.dataDir().toStdString();
    const std::optional<verifier::ModuleIdentity> identity = m->check.identity;
    const std::string part = m->spd->manufacturing.part_number;
    auto* watcher = new QFutureWatcher<BenchRegistryInfo>(this);
    connect(watcher, &QFutureWatcher<BenchRegistryInfo>::finished, this, [this, watcher] {
        --pending_;
        const BenchRegistryInfo info = watcher->result();
        watcher->deleteLater();
        onRegistryResult(info);
    });
    watcher->setFuture(QtConcurrent::run([dataDir, identity, part, generation] { return lookUpRegistry(dataDir, identity, part, generation); }));
    renderSightings();
}

void BenchPage::onRegistryResult(const BenchRegistryInfo& info) {
    if (info.generation != generation_) return;   // answer for a module no longer shown
    registry_ = std::make_unique<BenchRegistryInfo>(info);
    if (referenceDump_.empty()) updateReference();
    render();
    emit registryLoaded();
}

void BenchPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void BenchPage::retranslate() {
    moduleLabel_->setText(tr("Module:"));
    openReference_->setText(tr("Open reference dump…"));
    openReference_->setToolTip(tr("Compare the bytes with a dump of a known-good module of the same part"));
    autoReference_->setText(tr("Automatic reference"));
    autoReference_->setToolTip(tr("Compare with a module of this inspection whose fingerprint the registry accepts"));
    empty_->setText(tr("No inspection yet. Scan modules on the Intake screen, then pick a module here for a closer look."));
    tree_->setHeaderLabels({tr("Field"), tr("Value")});
    hardware_->setHeaderLabels({tr("Register"), tr("Value")});
    tabs_->setTabText(0, tr("Hex view"));
    tabs_->setTabText(1, tr("Hub, PMIC, RCD"));
    tabs_->setTabText(2, tr("Fingerprint"));
    tabs_->setTabText(3, tr("Custody and history"));
    for (auto action : {verifier::EventKind::quarantine, verifier::EventKind::release, verifier::EventKind::rma, verifier::EventKind::scrap}) {
        dispositionButton(action)->setText(DispositionDialog::actionButtonText(action));
    }
    quarantine_->setToolTip(tr("Set the module aside at this station (signed into the log)"));
    release_->setToolTip(tr("Clear its earlier verdicts: needs a QA key"));
    rma_->setToolTip(tr("It goes back to the supplier"));
    scrap_->setToolTip(tr("It is destroyed: final"));
    sightings_->setHorizontalHeaderLabels({tr("Time (UTC)"), tr("Event"), tr("Verdict"), tr("Site"), tr("Fingerprint"),
                                           tr("Part number"), tr("Context"), tr("Station")});
    rebuildChooser();
    render();
}

void BenchPage::render() {
    const auto* m = module();
    empty_->setVisible(m == nullptr);
    splitter_->setVisible(m != nullptr);
    chooser_->setEnabled(inspection_ && !inspection_->modules.empty());
    openReference_->setEnabled(m && m->read);
    autoReference_->setEnabled(!referenceDump_.empty());
    if (!m) {
        verdict_->clear();
        referenceLabel_->clear();
        tree_->clear();
        hex_->clear();
        hardware_->clear();
        fingerprint_->clear();
        sightings_->setRowCount(0);
        registryMessage_->clear();
        return;
    }
    const std::string verdictName(verifier::verdict_name(m->verdict));
    // The plain reason in the operator's language; the engine's English detail is in the tree.
    const QStringList plain = topReasons(*m, 1);
    verdict_->setText(QStringLiteral("<b style='color:%1'>%2</b> %3")
                          .arg(PageText::verdictColour(verdictName).name(), PageText::verdict(verdictName).toUpper(),
                               plain.isEmpty() ? QString() : plain.front().toHtmlEscaped()));
    QString reference = referenceText();
    if (reference.isEmpty() && m->read) {
        reference = QStringLiteral("<span style='color:#b26a00'>%1</span>")
                        .arg(tr("No reference image: no other module of this part in this inspection or lot has a fingerprint "
                                "the registry accepts. Open a reference dump to see differing bytes."));
    } else if (!reference.isEmpty()) {
        reference = reference.toHtmlEscaped() + QStringLiteral(" — ") +
                    tr("%n byte(s) differ", nullptr, static_cast<int>(differing_.size()));
    }
    referenceLabel_->setText(reference + QStringLiteral("<br><small>%1</small>")
                                             .arg(tr("The registry stores accepted fingerprints (hashes), not golden bytes: "
                                                     "differing bytes are against this reference image.")));
    renderTree();
    renderHex();
    renderHardware();
    renderFingerprint();
    renderSightings();
}

void BenchPage::renderTree() {
    tree_->clear();
    const auto* m = module();
    if (!m) return;
    const std::string verdictName(verifier::verdict_name(m->verdict));
    auto* verdict = new QTreeWidgetItem(tree_, {tr("Verdict"), PageText::verdict(verdictName)});
    verdict->setForeground(1, PageText::verdictColour(verdictName));
    if (!m->reason.empty()) new QTreeWidgetItem(verdict, {tr("Reason"), qs(m->reason)});
    auto* source = new QTreeWidgetItem(tree_, {tr("Source"), qs(m->location)});
    new QTreeWidgetItem(source, {tr("Slot"), qs(m->slot)});
    new QTreeWidgetItem(source, {tr("Read via"), qs(m->via)});
    if (m->check.identity) new QTreeWidgetItem(tree_, {tr("Identity"), qs(m->check.identity->key())});
    if (m->error) new QTreeWidgetItem(tree_, {tr("Read error"), qs(m->error->message)});
    auto* findings = new QTreeWidgetItem(tree_, {tr("Findings"), QString::number(m->check.findings.size())});
    for (const auto& f : m->check.findings) {
        auto* item = new QTreeWidgetItem(findings, {qs(verifier::finding_code_name(f.code)), qs(f.message)});
        item->setForeground(0, f.severity == verifier::Severity::fail   ? QColor(0xc6, 0x28, 0x28)
                               : f.severity == verifier::Severity::warn ? QColor(0xb2, 0x6a, 0x00)
                                                                        : QColor(0x61, 0x61, 0x61));
        for (const auto& [k, v] : f.evidence) new QTreeWidgetItem(item, {qs(k), qs(v)});
    }
    findings->setExpanded(true);
    verdict->setExpanded(true);
    if (m->spd) {
        auto* spd = new QTreeWidgetItem(tree_, {tr("SPD decode"), qs(m->spd->type_name)});
        const auto json = verifier::to_json(*m->spd);
        for (const auto& [key, value] : json.items()) addJson(spd, PageText::field(key), key, value);
        spd->setExpanded(true);
        for (int i = 0; i < spd->childCount(); ++i) {
            if (spd->child(i)->toolTip(0) == QLatin1String("manufacturing")) spd->child(i)->setExpanded(true);
        }
    }
}

void BenchPage::renderHex() {
    const auto* m = module();
    if (!m || !m->read || !m->spd) {
        hex_->clear();
    } else {
        hex_->setImage(m->read->image, byte_marks(*m->spd, m->read->image.size(), differing_));
        if (!differing_.empty()) hex_->scrollToOffset(static_cast<int>(differing_.front()));
    }
    const auto swatch = [](const QColor& colour, const QString& text, bool outline = false) {
        return QStringLiteral("<span style='background:%1;%3'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;%2&nbsp;&nbsp; ")
            .arg(outline ? QStringLiteral("#ffffff") : colour.name(), text.toHtmlEscaped(),
                 outline ? QStringLiteral("border:2px solid %1").arg(colour.name()) : QString());
    };
    legend_->setText(swatch(HexView::serialColour(), tr("serial number")) + swatch(HexView::partNumberColour(), tr("part number")) +
                     swatch(HexView::identityColour(), tr("maker, location, date, revision")) +
                     swatch(HexView::fingerprintColour(), tr("fingerprint-covered")) +
                     QStringLiteral("<b style='color:%1'>00</b>&nbsp;%2").arg(HexView::differsColour().name(), tr("differs from the reference")));
}

void BenchPage::renderHardware() {
    hardware_->clear();
    const auto* m = module();
    if (!m || !m->spd) return;
    const auto& spd = *m->spd;
    auto* declared = new QTreeWidgetItem(hardware_, {tr("Declared in the SPD"), QString()});
    for (const auto& c : spd.components) {
        auto* item = new QTreeWidgetItem(declared, {qs(c.role), c.present ? qs(c.vendor.display()) : tr("not fitted")});
        if (!c.present) continue;
        new QTreeWidgetItem(item, {tr("Vendor code"), qs(c.vendor.hex())});
        new QTreeWidgetItem(item, {tr("Device type"), qs(c.type_name)});
        new QTreeWidgetItem(item, {tr("Revision"), hex2(c.revision)});
    }
    if (spd.components.empty()) new QTreeWidgetItem(declared, {tr("(none)"), QString()});
    declared->setExpanded(true);

    if (spd.type != dimmguard::Generation::ddr5) {
        new QTreeWidgetItem(hardware_, {tr("Live registers"), tr("DDR3 and DDR4 modules have no SPD hub or PMIC registers")});
        return;
    }
    if (!m->read) return;
    auto* live = new QTreeWidgetItem(hardware_, {tr("Read live on the SPD bus"), QString()});
    for (const auto& d : m->read->devices) {
        const auto vendor = verifier::decode_jep106(d.vendor_bank, d.vendor_code);
        auto* item = new QTreeWidgetItem(live, {QStringLiteral("%1 @ %2").arg(qs(d.role), hex2(d.address)),
                                                d.present ? qs(vendor.display()) : tr("does not answer")});
        if (!d.present) continue;
        new QTreeWidgetItem(item, {tr("Vendor code"), qs(vendor.hex())});
        new QTreeWidgetItem(item, {tr("Device type"), QStringLiteral("%1 %2").arg(hex2(d.device_type_msb), hex2(d.device_type_lsb))});
        new QTreeWidgetItem(item, {tr("Revision"), hex2(d.revision)});
        // Compare with what the SPD declares for the same role ("pmic0" live vs "pmic0" declared).
        for (const auto& c : spd.components) {
            if (c.role == d.role && c.present && c.vendor.hex() != vendor.hex()) {
                auto* warn = new QTreeWidgetItem(item, {tr("Differs from the SPD"), tr("the SPD declares %1").arg(qs(c.vendor.display()))});
                warn->setForeground(0, QColor(0xc6, 0x28, 0x28));
                warn->setForeground(1, QColor(0xc6, 0x28, 0x28));
                item->setForeground(1, QColor(0xc6, 0x28, 0x28));
            }
        }
    }
    live->setExpanded(true);
    if (m->read->hub) {
        const auto& hub = *m->read->hub;
        auto* state = new QTreeWidgetItem(hardware_, {tr("SPD hub state"), QString()});
        new QTreeWidgetItem(state, {tr("Capability (MR5)"), hex2(hub.capability)});
        new QTreeWidgetItem(state, {tr("Mode (MR11)"), hex2(hub.mr11)});
        new QTreeWidgetItem(state, {tr("Status (MR48)"), hex2(hub.status)});
        if (hub.temperature_c) new QTreeWidgetItem(state, {tr("Temperature"), tr("%1 °C").arg(*hub.temperature_c, 0, 'f', 1)});
        // MR12/MR13: one bit per 64-byte NVM block (16 blocks of the 1024-byte DDR5 SPD).
        QStringList open;
        int protectedBlocks = 0;
        for (int block = 0; block < 16; ++block) {
            if (hub.write_protect & (1U << block)) ++protectedBlocks;
            else open << QString::number(block);
        }
        QString summary;
        if (protectedBlocks == 16) summary = tr("all 16 blocks protected");
        else if (protectedBlocks == 0) summary = tr("OFF: no block is protected");
        else summary = tr("%1 of 16 blocks protected; open: %2").arg(protectedBlocks).arg(open.join(QStringLiteral(", ")));
        auto* wp = new QTreeWidgetItem(state, {tr("Write protection (MR12/MR13)"), summary});
        new QTreeWidgetItem(wp, {tr("Raw"), QStringLiteral("0x%1").arg(hub.write_protect, 4, 16, QLatin1Char('0'))});
        if (protectedBlocks < 16) wp->setForeground(1, QColor(0xb2, 0x6a, 0x00));
        state->setExpanded(true);
    }
    auto* rcd = new QTreeWidgetItem(hardware_, {tr("RCD"), QString()});
    const auto declaredRcd = std::find_if(spd.components.begin(), spd.components.end(),
                                          [](const verifier::Component& c) { return c.role == "rcd" && c.present; });
    rcd->setText(1, declaredRcd != spd.components.end() ? tr("declared: %1").arg(qs(declaredRcd->vendor.display())) : tr("none declared"));
    new QTreeWidgetItem(rcd, {tr("Live registers"), tr("not readable on the SPD sideband bus: the SPD declaration is shown")});
    rcd->setExpanded(true);
}

void BenchPage::renderFingerprint() {
    const auto* m = module();
    if (!m || !m->spd) {
        fingerprint_->clear();
        return;
    }
    const auto& spd = *m->spd;
    const std::string& part = spd.manufacturing.part_number;
    QString html;
    html += QStringLiteral("<h3>%1</h3>").arg(tr("Fingerprint against the registry part"));
    if (spd.fingerprint.available) {
        html += QStringLiteral("<p>%1 <code>%2</code></p>").arg(tr("This module:"), qs(spd.fingerprint.sha256_hex));
    } else {
        html += QStringLiteral("<p>%1</p>").arg(tr("This module has no fingerprint: the image is too short."));
    }

    // The part record: from this module's check, or from the registry lookup.
    std::vector<verifier::Signed<verifier::PartRecord>> records;
    if (registry_ && registry_->part) records = registry_->part->trusted;
    else if (m->check.part) records.push_back(*m->check.part);
    if (registry_ && registry_->missing) {
        html += QStringLiteral("<p style='color:#c62828'>%1</p>").arg(tr("No registry at %1: nothing to compare with.").arg(qs(registry_->dataDir).toHtmlEscaped()));
    } else if (registry_ && !registry_->error.empty()) {
        html += QStringLiteral("<p style='color:#c62828'>%1</p>").arg(tr("The registry cannot be read: %1").arg(qs(registry_->error).toHtmlEscaped()));
    }
    if (records.empty()) {
        if (!registry_ || registry_->partLooked) {
            html += QStringLiteral("<p>%1</p>").arg(tr("The registry has no trusted part record for %1.").arg(qs(part).toHtmlEscaped()));
        }
    } else {
        bool matched = false;
        for (const auto& record : records) {
            html += QStringLiteral("<p>%1</p><ul>")
                        .arg(tr("Part record %1, signed by %2 (%3). Accepted fingerprints:")
                                 .arg(qs(record.record.part_number).toHtmlEscaped(), qs(record.signer), qs(record.source).toHtmlEscaped()));
            for (const auto& accepted : record.record.fingerprints) {
                const bool same = spd.fingerprint.available && accepted == spd.fingerprint.sha256_hex;
                matched = matched || same;
                html += QStringLiteral("<li><code>%1</code>%2</li>").arg(qs(accepted), same ? QStringLiteral(" ✔ ") + tr("this module") : QString());
            }
            html += QStringLiteral("</ul>");
        }
        html += matched ? QStringLiteral("<p style='color:#1b7f3b'><b>%1</b></p>").arg(tr("The fingerprint matches an accepted fingerprint of the part."))
                        : QStringLiteral("<p style='color:#c62828'><b>%1</b></p>").arg(tr("The fingerprint matches none of the part's accepted fingerprints."));
    }

    html += QStringLiteral("<h3>%1</h3>").arg(tr("Fingerprint-covered bytes against the reference"));
    const QString reference = referenceText();
    if (reference.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("No reference image, so no byte comparison. Open a reference dump of a known-good module of this part."));
    } else {
        html += QStringLiteral("<p>%1</p>").arg(reference.toHtmlEscaped());
        html += QStringLiteral("<table border='1' cellpadding='3' cellspacing='0'><tr><th>%1</th><th>%2</th><th>%3</th></tr>")
                    .arg(tr("Range"), tr("Differing bytes"), tr("Offsets"));
        for (const auto& diff : fingerprint_range_diffs(spd.fingerprint, differing_)) {
            const QString colour = diff.differing.empty() ? QStringLiteral("#1b7f3b") : QStringLiteral("#c62828");
            html += QStringLiteral("<tr><td>%1–%2</td><td style='color:%3'>%4</td><td><code>%5</code></td></tr>")
                        .arg(qs(offset_text(diff.range.first)), qs(offset_text(diff.range.last)), colour)
                        .arg(diff.differing.size())
                        .arg(qs(offsets_text(diff.differing)));
        }
        html += QStringLiteral("</table>");
        const auto outside = differing_outside_fingerprint(spd.fingerprint, differing_);
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Outside the fingerprint (identity, manufacturer and end-user areas): %n byte(s) differ", nullptr,
                            static_cast<int>(outside.size())) +
                         (outside.empty() ? QString() : QStringLiteral(" <code>%1</code>").arg(qs(offsets_text(outside)))));
    }
    fingerprint_->setHtml(html);
}

void BenchPage::renderSightings() {
    const auto* m = module();
    renderCustody();
    sightings_->setRowCount(0);
    if (!m) return;
    QString message;
    if (!m->check.identity) {
        message = tr("This module has no identity (no manufacturing block), so it has no sighting history.");
    } else if (m->check.identity->serial_blank()) {
        message = tr("The serial number is blank: sightings of blank serials are not linked.");
    } else if (pending_ != 0 && !registry_) {
        message = tr("Reading the sighting history of %1…").arg(qs(m->check.identity->key()));
    } else if (registry_ && registry_->missing) {
        message = QStringLiteral("<span style='color:#c62828'>%1</span>")
                      .arg(tr("No registry at %1: run 'dimmguard registry init' and import bundles, or choose the database in Settings.")
                               .arg(qs(registry_->dataDir).toHtmlEscaped()));
    } else if (registry_ && !registry_->error.empty()) {
        message = QStringLiteral("<span style='color:#c62828'>%1</span>").arg(tr("The registry cannot be read: %1").arg(qs(registry_->error).toHtmlEscaped()));
    } else if (registry_ && registry_->custody) {
        const auto& custody = *registry_->custody;
        message = tr("Identity %1: %n sighting(s)", nullptr, static_cast<int>(custody.history.size())).arg(qs(custody.identity.key()));
        if (!custody.holders.empty()) {
            QStringList holders;
            for (const auto& holder : custody.holders) {
                QString site;
                for (const auto& sc : custody.stations) {
                    if (sc.station == holder) site = qs(sc.site);
                }
                holders << (site.isEmpty() ? qs(holder.substr(0, 8)) : site);
            }
            message += QStringLiteral("<br>") + tr("Held now by: %1").arg(holders.join(QStringLiteral(", ")).toHtmlEscaped());
        }
        if (custody.shipped) {
            message += QStringLiteral("<br><span style='color:#c62828'>%1</span>")
                           .arg(tr("Shipped %1 to %2 with no return since").arg(qs(custody.shipped->time), qs(custody.customer()).toHtmlEscaped()));
        }
        if (!custody.tampered.empty()) {
            message += QStringLiteral("<br><span style='color:#c62828'>%1</span>")
                           .arg(tr("%n stored sighting(s) fail their signature check and are not shown", nullptr, static_cast<int>(custody.tampered.size())));
        }
        const std::string own = m->spd && m->spd->fingerprint.available ? m->spd->fingerprint.sha256_hex : std::string();
        sightings_->setRowCount(static_cast<int>(custody.history.size()));
        int row = static_cast<int>(custody.history.size()) - 1;   // newest first
        for (const auto& item : custody.history) {
            const auto& s = item.record;
            QStringList context;
            for (const auto& [k, v] : s.context) context << qs(k) + QLatin1Char('=') + qs(v);
            const bool sameFingerprint = !s.fingerprint.empty() && s.fingerprint == own;
            const QString fp = s.fingerprint.empty() ? tr("(none)")
                                                     : shortFingerprint(s.fingerprint) + QLatin1Char(' ') +
                                                           (sameFingerprint ? tr("(same as this module)") : tr("(different)"));
            const QStringList cells{qs(s.time), PageText::event(verifier::event_kind_name(s.event)), PageText::verdict(s.verdict), qs(s.site),
                                    fp, qs(s.part_number), context.join(QStringLiteral("; ")), qs(s.station)};
            for (int column = 0; column < cells.size(); ++column) {
                auto* cell = new QTableWidgetItem(cells[column]);
                if (column == 4) {
                    cell->setToolTip(qs(s.fingerprint));
                    if (!s.fingerprint.empty() && !sameFingerprint) cell->setForeground(QColor(0xc6, 0x28, 0x28));
                }
                if (column == 2) cell->setForeground(PageText::verdictColour(s.verdict));
                if (column == 7) cell->setToolTip(qs(item.source));
                sightings_->setItem(row, column, cell);
            }
            --row;
        }
        sightings_->resizeColumnsToContents();
    } else if (registry_) {
        message = tr("No sighting history.");
    }
    registryMessage_->setText(message);
}

QPushButton* BenchPage::dispositionButton(verifier::EventKind action) const {
    switch (action) {
    case verifier::EventKind::quarantine: return quarantine_;
    case verifier::EventKind::release: return release_;
    case verifier::EventKind::rma: return rma_;
    case verifier::EventKind::scrap: return scrap_;
    default: break;
    }
    return nullptr;
}

namespace {

/// Where custody is, in words: the site name when known, else the station id's start.
QString custodyWhere(const verifier::Custody& c) { return c.site.empty() ? qs(c.station.substr(0, 12)) : qs(c.site); }

}  // namespace

void BenchPage::renderCustody() {
    const auto* m = module();
    const bool known = m && m->check.identity && !m->check.identity->serial_blank() && registry_ && !registry_->missing &&
                       registry_->error.empty();
    for (auto action : {verifier::EventKind::quarantine, verifier::EventKind::release, verifier::EventKind::rma, verifier::EventKind::scrap}) {
        dispositionButton(action)->setEnabled(known && disposing_ == 0);
    }
    if (!known || !registry_->custody) {
        custody_->setText(known ? tr("Custody: never seen before this inspection.") : QString());
        return;
    }
    const verifier::Custody& c = registry_->custody->state;
    using S = verifier::CustodyState;
    const QString where = custodyWhere(c).toHtmlEscaped();
    const QString since = qs(c.since).toHtmlEscaped();
    QString state;
    switch (c.state) {
    case S::unseen: state = tr("never seen"); break;
    case S::held:
        state = c.lot.empty() ? tr("held at %1 since %2").arg(where, since)
                              : tr("held at %1 in lot %2 since %3").arg(where, qs(c.lot).toHtmlEscaped(), since);
        if (c.returned) state += QStringLiteral(" · ") + tr("came back with a return");
        if (c.released) state += QStringLiteral(" · ") + tr("released by QA");
        break;
    case S::installed: state = tr("installed in server %1 at %2 since %3").arg(qs(c.server).toHtmlEscaped(), where, since); break;
    case S::shipped: state = tr("shipped by %1 to %2 on %3").arg(where, qs(c.customer).toHtmlEscaped(), since); break;
    case S::quarantined: state = tr("quarantined at %1 since %2").arg(where, since); break;
    case S::rma: state = tr("returned to the supplier %1 by %2 on %3").arg(qs(c.customer).toHtmlEscaped(), where, since); break;
    case S::scrapped: state = tr("scrapped by %1 on %2").arg(where, since); break;
    }
    QString html = QStringLiteral("<b>%1</b> %2").arg(tr("Custody:"), state);
    if (c.unresolved) {
        const auto& u = *c.unresolved;
        html += QStringLiteral("<br><span style='color:#c62828'><b>%1</b></span>")
                    .arg(tr("Unresolved verdict: %1 at %2 by %3. Only a QA release, a return to the supplier or scrap resolves it.")
                             .arg(PageText::verdict(u.verdict).toUpper(), qs(u.time).toHtmlEscaped(),
                                  (u.site.empty() ? qs(u.station.substr(0, 12)) : qs(u.site)).toHtmlEscaped()));
    }
    if (!c.conflicts.empty()) {
        html += QStringLiteral("<br><span style='color:#c62828'>%1</span>")
                    .arg(tr("%n arrival(s) that cannot be this module (a clone or a re-entry): not counted as custody", nullptr,
                            static_cast<int>(c.conflicts.size())));
    }
    custody_->setText(html);
}

void BenchPage::openDisposition(verifier::EventKind action) {
    const auto* m = module();
    if (!m || !m->check.identity || !dispositionButton(action) || !dispositionButton(action)->isEnabled()) return;
    const verifier::ModuleIdentity identity = *m->check.identity;
    auto* dialog = new DispositionDialog(action, qs(identity.key()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::accepted, this, [this, dialog, identity] {
        const DispositionAnswers answers = dialog->answers();
        const std::filesystem::path dataDir = context_.dataDir().toStdString();
        ++disposing_;
        renderCustody();
        dispositionMessage_->setText(tr("Signing…"));
        auto* watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, answers] {
            --disposing_;
            const QString error = watcher->result();
            watcher->deleteLater();
            if (error.isEmpty()) {
                dispositionMessage_->setStyleSheet(QStringLiteral("color:#1b7f3b"));
                dispositionMessage_->setText(tr("Signed into the log: %1 by %2").arg(PageText::event(verifier::event_kind_name(answers.action)), answers.operatorName));
            } else {
                dispositionMessage_->setStyleSheet(QStringLiteral("color:#c62828"));
                dispositionMessage_->setText(error);
            }
            requestRegistry();   // custody and history as they are now
            emit dispositionDone(error);
        });
        watcher->setFuture(QtConcurrent::run([dataDir, identity, answers] { return DispositionDialog::sign(dataDir, identity, answers); }));
    });
    dialog->open();
}

}  // namespace dimmguard::gui
