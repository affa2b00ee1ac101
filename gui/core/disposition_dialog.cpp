// SPDX-License-Identifier: GPL-3.0-or-later
#include "disposition_dialog.hpp"

#include "db/database.hpp"
#include "db/disposition.hpp"
#include "db/keys.hpp"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace dimmguard::gui {
namespace {

constexpr const char* operator_setting = "bench/operator";

QSettings settings() { return QSettings{QStringLiteral("dimmguard"), QStringLiteral("dimmguard-gui")}; }

}  // namespace

QString DispositionDialog::actionButtonText(verifier::EventKind action) {
    switch (action) {
    case verifier::EventKind::quarantine: return tr("&Quarantine…");
    case verifier::EventKind::release: return tr("Re&lease…");
    case verifier::EventKind::rma: return tr("Return to &supplier…");
    case verifier::EventKind::scrap: return tr("Scra&p…");
    default: break;
    }
    return {};
}

DispositionDialog::DispositionDialog(verifier::EventKind action, const QString& identity, QWidget* parent)
    : QDialog(parent), action_(action) {
    setObjectName(QStringLiteral("dispositionDialog"));
    QString title;
    QString explanation;
    switch (action) {
    case verifier::EventKind::quarantine:
        title = tr("Quarantine module %1").arg(identity);
        explanation = tr("The module is set aside at this station. Its verdict stays unresolved until QA releases it, "
                         "it goes back to the supplier, or it is scrapped.");
        break;
    case verifier::EventKind::release:
        title = tr("Release module %1").arg(identity);
        explanation = tr("A release clears every earlier SUSPECT or COUNTERFEIT verdict of this module. It needs the "
                         "private key of a QA key that the trust document names for role qa.");
        break;
    case verifier::EventKind::rma:
        title = tr("Return module %1 to the supplier").arg(identity);
        explanation = tr("The module leaves this warehouse for the supplier. If it arrives again without a recorded "
                         "return, it is a re-entry.");
        break;
    case verifier::EventKind::scrap:
        title = tr("Scrap module %1").arg(identity);
        explanation = tr("Scrapping is final: any later sighting of this serial is a counterfeit.");
        break;
    default: break;
    }
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    auto* text = new QLabel(explanation, this);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto* form = new QFormLayout;
    reason_ = new QLineEdit(this);
    reason_->setObjectName(QStringLiteral("reasonEdit"));
    reason_->setPlaceholderText(tr("why (required)"));
    operator_ = new QLineEdit(settings().value(QLatin1String(operator_setting)).toString(), this);
    operator_->setObjectName(QStringLiteral("operatorEdit"));
    operator_->setPlaceholderText(tr("your name (required)"));
    form->addRow(tr("&Reason:"), reason_);
    form->addRow(tr("&Operator:"), operator_);
    if (action == verifier::EventKind::release) {
        auto* row = new QHBoxLayout;
        qaKey_ = new QLineEdit(this);
        qaKey_->setObjectName(QStringLiteral("qaKeyEdit"));
        qaKey_->setPlaceholderText(tr("QA private key (PEM file)"));
        auto* browse = new QPushButton(tr("&Browse…"), this);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(this, tr("QA private key"), QString(), tr("PEM keys (*.pem *.key);;All files (*)"));
            if (!path.isEmpty()) qaKey_->setText(path);
        });
        row->addWidget(qaKey_, 1);
        row->addWidget(browse);
        auto* label = new QLabel(tr("&QA key:"), this);
        label->setBuddy(qaKey_);   // a layout row gets no buddy by itself
        form->addRow(label, row);
        connect(qaKey_, &QLineEdit::textChanged, this, &DispositionDialog::updateOk);
    }
    if (action == verifier::EventKind::rma) {
        supplier_ = new QLineEdit(this);
        supplier_->setObjectName(QStringLiteral("supplierEdit"));
        supplier_->setPlaceholderText(tr("who it goes back to"));
        ticket_ = new QLineEdit(this);
        ticket_->setObjectName(QStringLiteral("ticketEdit"));
        ticket_->setPlaceholderText(tr("RMA or case number (optional)"));
        form->addRow(tr("S&upplier:"), supplier_);
        form->addRow(tr("&Ticket:"), ticket_);
    }
    layout->addLayout(form);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Sign into the log"));
    buttons_->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("signButton"));
    buttons_->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &DispositionDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &DispositionDialog::reject);
    connect(reason_, &QLineEdit::textChanged, this, &DispositionDialog::updateOk);
    connect(operator_, &QLineEdit::textChanged, this, &DispositionDialog::updateOk);
    resize(560, sizeHint().height());
    reason_->setFocus();
    updateOk();
}

void DispositionDialog::updateOk() {
    bool ok = !reason_->text().trimmed().isEmpty() && !operator_->text().trimmed().isEmpty();
    if (qaKey_ != nullptr) ok = ok && !qaKey_->text().trimmed().isEmpty();
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

void DispositionDialog::accept() {
    if (!buttons_->button(QDialogButtonBox::Ok)->isEnabled()) return;   // Enter with a field missing
    auto s = settings();
    s.setValue(QLatin1String(operator_setting), operator_->text().trimmed());
    QDialog::accept();
}

void DispositionDialog::prefill(const QString& reason, const QString& operatorName) {
    reason_->setText(reason);
    if (!operatorName.isEmpty()) operator_->setText(operatorName);
    updateOk();
}

QString DispositionDialog::sign(const std::filesystem::path& dataDir, const verifier::ModuleIdentity& identity, const DispositionAnswers& a) {
    const auto qs = [](const std::string& s) { return QString::fromStdString(s); };
    std::optional<db::KeyPair> qa;
    if (!a.qaKeyPath.isEmpty()) {
        auto key = db::KeyPair::load_pem(a.qaKeyPath.toStdString());
        if (!key) return tr("The QA key cannot be used: %1").arg(qs(key.error().message));
        qa = std::move(*key);
    }
    auto database = db::Database::open_existing(dataDir);
    if (!database && database.error().code == Errc::not_found) return tr("No registry at %1").arg(qs(dataDir.string()));
    if (!database) return tr("The registry cannot be opened: %1").arg(qs(database.error().message));
    db::Disposition d;
    d.identity = identity;
    d.action = a.action;
    d.reason = a.reason.toStdString();
    d.operator_name = a.operatorName.toStdString();
    d.supplier = a.supplier.toStdString();
    d.ticket = a.ticket.toStdString();
    d.qa_key = qa ? &*qa : nullptr;
    auto stored = db::record_disposition(*database, d);
    if (!stored) return tr("Not recorded: %1").arg(qs(stored.error().message));
    return {};
}

DispositionAnswers DispositionDialog::answers() const {
    DispositionAnswers a;
    a.action = action_;
    a.reason = reason_->text().trimmed();
    a.operatorName = operator_->text().trimmed();
    if (qaKey_ != nullptr) a.qaKeyPath = qaKey_->text().trimmed();
    if (supplier_ != nullptr) a.supplier = supplier_->text().trimmed();
    if (ticket_ != nullptr) a.ticket = ticket_->text().trimmed();
    return a;
}

}  // namespace dimmguard::gui
