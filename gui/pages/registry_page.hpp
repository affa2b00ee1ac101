// SPDX-License-Identifier: GPL-3.0-or-later
// The Registry screen: trust roots, publishers and their roles, imported bundles with version
// and expiry, importing a bundle (progress, clear refusals), and the station log's verification.
#pragma once

// Core headers before Qt ones: firmware_io/bench_file.hpp has a member named `slots`, which
// Qt's keyword macro would otherwise erase.
#include "verifier/inspection.hpp"

#include <QWidget>

#include <memory>
#include <optional>
#include <string>

#include "app_context.hpp"

class QGroupBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace dimmguard::gui {

struct RegistrySnapshot;
struct LogSnapshot;

/// How an expiry time (RFC 3339 UTC) stands at `now`: expired (red), within `soon_days`
/// (amber), or fine. An empty or unparsable expiry is `valid` (nothing to warn about).
enum class ExpiryState { valid, soon, expired };
[[nodiscard]] ExpiryState expiry_state(const std::string& expires, const std::string& now, int soon_days = 30);

class RegistryPage : public QWidget {
    Q_OBJECT
public:
    explicit RegistryPage(AppContext& context, QWidget* parent = nullptr);
    ~RegistryPage() override;

    /// Re-read the registry status on a worker thread.
    void refresh();
    /// Verify this station's inspection log on a worker thread.
    void verifyLog();
    /// Import a bundle file (parts / serials / revocations, or a station bundle of sightings)
    /// on a worker thread; importFinished() reports the outcome.
    void importBundle(const QString& path);
    [[nodiscard]] bool busy() const { return loading_ || importing_ || verifying_; }

    [[nodiscard]] QTableWidget* publishersTable() const { return publishers_; }
    [[nodiscard]] QTableWidget* bundlesTable() const { return bundles_; }
    [[nodiscard]] QLabel* importMessage() const { return importMessage_; }
    [[nodiscard]] QLabel* statusMessage() const { return banner_; }
    [[nodiscard]] QLabel* logMessage() const { return log_; }
    [[nodiscard]] QProgressBar* progressBar() const { return progress_; }

signals:
    void refreshed();
    void logVerified();
    /// `ok` false: the bundle was refused and `message` (also shown in the page) says why.
    void importFinished(bool ok, const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void render();
    void renderLog();
    void importWithDialog();

    AppContext& context_;
    std::unique_ptr<RegistrySnapshot> snapshot_;
    std::unique_ptr<LogSnapshot> logSnapshot_;
    bool loading_ = false;
    bool importing_ = false;
    bool verifying_ = false;
    bool loaded_ = false;
    QString importText_;        ///< last import outcome (HTML)

    QLabel* banner_ = nullptr;
    QPushButton* refreshButton_ = nullptr;
    QGroupBox* trustBox_ = nullptr;
    QLabel* trust_ = nullptr;
    QTableWidget* publishers_ = nullptr;
    QGroupBox* bundlesBox_ = nullptr;
    QTableWidget* bundles_ = nullptr;
    bool stale_ = false;   ///< inspections were recorded while the screen was hidden
    QLabel* counts_ = nullptr;
    QPushButton* importButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* importMessage_ = nullptr;
    QGroupBox* logBox_ = nullptr;
    QLabel* log_ = nullptr;
    QPushButton* verifyButton_ = nullptr;
};

}  // namespace dimmguard::gui
