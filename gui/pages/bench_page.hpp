// SPDX-License-Identifier: GPL-3.0-or-later
// The Bench screen for technicians: one module of the last inspection in full (decode tree,
// hex view with identity / fingerprint / differing bytes, DDR5 hub and PMIC registers and
// write protection, fingerprint against the registry part, and the serial's sighting history).
#pragma once

// Core headers before Qt ones: firmware_io/bench_file.hpp has a member named `slots`, which
// Qt's keyword macro would otherwise erase.
#include "verifier/inspection.hpp"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "app_context.hpp"

class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableWidget;
class QTextBrowser;
class QTreeWidget;

namespace dimmguard::gui {

class HexView;
struct BenchRegistryInfo;

class BenchPage : public QWidget {
    Q_OBJECT
public:
    explicit BenchPage(AppContext& context, QWidget* parent = nullptr);
    ~BenchPage() override;

    /// Index of the module shown (into lastInspection()->modules), -1 when none.
    [[nodiscard]] int currentModule() const { return module_; }
    /// Show one module of the last inspection (and make it the context's selected module).
    void showModule(int index);
    /// Compare against a dump file (raw, i2cdump or hex) instead of a module of the inspection.
    /// On failure the page says why and false comes back.
    bool loadReferenceDump(const QString& path);
    /// Go back to the automatic reference (a registry-accepted module of the same part).
    void clearReferenceDump();
    /// Human description of the reference in use ("" when there is none).
    [[nodiscard]] QString referenceText() const;
    /// True while the registry lookups of the current module run.
    [[nodiscard]] bool registryBusy() const { return pending_ != 0; }

    // Parts for tests and screenshots.
    [[nodiscard]] QTreeWidget* decodeTree() const { return tree_; }
    [[nodiscard]] HexView* hexView() const { return hex_; }
    [[nodiscard]] QTreeWidget* hardwareTree() const { return hardware_; }
    [[nodiscard]] QTextBrowser* fingerprintView() const { return fingerprint_; }
    [[nodiscard]] QTableWidget* sightingsTable() const { return sightings_; }
    [[nodiscard]] QLabel* registryMessage() const { return registryMessage_; }
    [[nodiscard]] QTabWidget* tabs() const { return tabs_; }
    [[nodiscard]] QComboBox* moduleChooser() const { return chooser_; }
    [[nodiscard]] QLabel* custodyView() const { return custody_; }
    /// The disposition button of an action (quarantine, release, rma, scrap).
    [[nodiscard]] QPushButton* dispositionButton(verifier::EventKind action) const;
    /// Open the disposition dialog for the shown module (what the buttons do).
    void openDisposition(verifier::EventKind action);

signals:
    /// A disposition was signed into the log ("" error) or refused (the one-line reason).
    void dispositionDone(const QString& error);

    /// The registry lookups of the shown module finished (with data or with an error message).
    void registryLoaded();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void onInspectionPublished(std::shared_ptr<const Inspection> inspection);
    void applyInspection();
    void rebuildChooser();
    void render();
    void renderTree();
    void renderHex();
    void renderHardware();
    void renderFingerprint();
    void renderSightings();
    void renderCustody();
    void updateReference();
    void requestRegistry();
    void onRegistryResult(const BenchRegistryInfo& info);
    void openReferenceDialog();
    [[nodiscard]] const verifier::ModuleReport* module() const;
    [[nodiscard]] std::vector<std::string> acceptedFingerprints() const;

    AppContext& context_;
    std::shared_ptr<const Inspection> inspection_;
    int module_ = -1;
    bool updatingChooser_ = false;
    bool deferred_ = false;  ///< an inspection or selection arrived while hidden

    // Reference image: a module of the inspection, or a dump file.
    std::optional<int> referenceModule_;
    /// A reference found in an earlier inspection of the lot (when this one has none).
    std::vector<std::uint8_t> lotReferenceImage_;
    QString lotReferenceText_;
    std::vector<std::uint8_t> referenceDump_;
    QString referenceDumpPath_;
    std::vector<std::size_t> differing_;

    // Registry answers for the shown module.
    std::unique_ptr<BenchRegistryInfo> registry_;
    int generation_ = 0;
    int pending_ = 0;

    QLabel* moduleLabel_ = nullptr;
    QComboBox* chooser_ = nullptr;
    QLabel* verdict_ = nullptr;
    QLabel* referenceLabel_ = nullptr;
    QPushButton* openReference_ = nullptr;
    QPushButton* autoReference_ = nullptr;
    QLabel* empty_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QTreeWidget* tree_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    HexView* hex_ = nullptr;
    QLabel* legend_ = nullptr;
    QTreeWidget* hardware_ = nullptr;
    QTextBrowser* fingerprint_ = nullptr;
    QWidget* historyTab_ = nullptr;
    QLabel* registryMessage_ = nullptr;
    QTableWidget* sightings_ = nullptr;
    QLabel* custody_ = nullptr;
    QPushButton* quarantine_ = nullptr;
    QPushButton* release_ = nullptr;
    QPushButton* rma_ = nullptr;
    QPushButton* scrap_ = nullptr;
    QLabel* dispositionMessage_ = nullptr;
    int disposing_ = 0;   ///< dispositions being signed (worker thread)
};

}  // namespace dimmguard::gui
