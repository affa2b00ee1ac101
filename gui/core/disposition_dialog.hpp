// SPDX-License-Identifier: GPL-3.0-or-later
// The dialog behind the disposition buttons of the Intake and Bench screens (quarantine,
// release, return to the supplier, scrap): who decides and why, the qa key for a release, the
// supplier and ticket for a return. sign() records the answers into the log with
// db::record_disposition, exactly as `dimmguard log dispose` does.
#pragma once

#include "verifier/registry_interface.hpp"   // core headers before Qt ones

#include <QDialog>
#include <QString>

#include <filesystem>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace dimmguard::gui {

struct DispositionAnswers {
    verifier::EventKind action = verifier::EventKind::quarantine;
    QString reason;
    QString operatorName;
    QString qaKeyPath;     ///< release: PEM private key of a key with role qa
    QString supplier;      ///< rma
    QString ticket;        ///< rma (optional)
};

class DispositionDialog : public QDialog {
    Q_OBJECT
public:
    /// `identity` as shown to the operator ("0x80ce:2127:12345678"); `action` one of quarantine,
    /// release, rma, scrap. The operator field starts with the last name used on this desk.
    DispositionDialog(verifier::EventKind action, const QString& identity, QWidget* parent = nullptr);
    /// Start with these answers (the Intake screen fills the reason from the verdict and the
    /// operator of the shift); the operator stays as is when `operatorName` is empty.
    void prefill(const QString& reason, const QString& operatorName);
    /// Sign `answers` into the log of the registry at `dataDir` (database work: call it off the
    /// UI thread). Returns "" or the one-line reason it was refused.
    [[nodiscard]] static QString sign(const std::filesystem::path& dataDir, const verifier::ModuleIdentity& identity,
                                      const DispositionAnswers& answers);

    [[nodiscard]] DispositionAnswers answers() const;
    /// Title of an action's button ("Quarantine…", "Release…", ...).
    [[nodiscard]] static QString actionButtonText(verifier::EventKind action);

    void accept() override;

private:
    void updateOk();

    verifier::EventKind action_;
    QLineEdit* reason_ = nullptr;
    QLineEdit* operator_ = nullptr;
    QLineEdit* qaKey_ = nullptr;
    QLineEdit* supplier_ = nullptr;
    QLineEdit* ticket_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace dimmguard::gui
