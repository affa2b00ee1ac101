// SPDX-License-Identifier: GPL-3.0-or-later
// The desk application end to end (offscreen): on the demo bench with a signed demo registry
// made by the real CLI, select a slot, scan a label with Enter, read the verdict banner and
// reasons, keep a lot tally, export the lot as CSV and PDF, switch to Simplified Chinese, and
// measure the longest UI-thread stall while a full 16-slot bench is inspected.
#include <QApplication>
#include <QProcess>
#include <QJsonObject>
#include <QJsonDocument>
#include <QJsonArray>
#include <QTextDocumentFragment>
#include <QAbstractButton>
#include <QTableWidget>
#include <QSet>
#include <QRegularExpression>
#include <QGroupBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <filesystem>
#include <ctime>
#include <memory>

#include "app_context.hpp"
#include "db/alerts.hpp"
#include "db/evidence.hpp"
#include "fleet/online.hpp"
#include "fleet/sync.hpp"
#include "db/keys.hpp"
#include "history_page.hpp"
#include "intake_page.hpp"
#include "quarantine_label.hpp"
#include "registry_page.hpp"
#include "main_window.hpp"
#include "report_writer.hpp"
#include "test_support.hpp"

using namespace dimmguard::gui;

/// A fresh signed demo registry (made by the real CLI), a context reading the demo bench, and
/// the main window on it (not shown yet).
struct DemoDesk {
    QTemporaryDir data;
    QString made = test::makeDemoRegistry(data.path());   ///< "" or why the registry was not made
    std::unique_ptr<AppContext> context = std::make_unique<AppContext>();
    std::unique_ptr<MainWindow> window;
    DemoDesk() {
        context->overrideDataDir(data.path());
        SourceChoice source;
        source.benchPath = test::demoBench();
        context->setSource(source);
        window = std::make_unique<MainWindow>(*context);
    }
};

class IntakeTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir data_;
    QTemporaryDir out_;
    std::unique_ptr<AppContext> context_;
    std::unique_ptr<MainWindow> window_;

    IntakePage& intake() { return window_->intake(); }
    template <class T>
    T* child(const char* name) {
        T* w = window_->findChild<T*>(QString::fromLatin1(name));
        if (w == nullptr) qFatal("no widget %s", name);
        return w;
    }
    /// True once the keyboard focus is in the Label field (waits for deferred focus changes).
    bool cursorInLabel() { return cursorIn(*window_, child<QLineEdit>("labelEdit")); }
    static bool cursorIn(QWidget& window, QWidget* edit) {
        // A window manager activates the main window again when a dialog or popup closes; the
        // offscreen platform does not, so do what the window manager would.
        if (QApplication::activeWindow() == nullptr || !QApplication::activeWindow()->isVisible()) {
            window.activateWindow();
            if (!QTest::qWaitForWindowActive(&window)) qWarning("the main window did not become active again");
        }
        if (QTest::qWaitFor([edit] { return QApplication::focusWidget() == edit; }, 3000)) return true;
        const QWidget* f = QApplication::focusWidget();
        qWarning("the cursor is not in %s but in %s (active window: %s)", qPrintable(edit->objectName()),
                 f == nullptr ? "nothing" : qPrintable(f->objectName() + " (" + f->metaObject()->className() + ")"),
                 QApplication::activeWindow() == nullptr ? "none" : qPrintable(QApplication::activeWindow()->objectName()));
        return false;
    }
    /// A keyboard-wedge scanner: it types into whatever has the focus, then presses Enter.
    void scannerTypes(const QString& text) {
        QWidget* target = QApplication::focusWidget();
        QVERIFY(target != nullptr);
        QTest::keyClicks(target, text, Qt::NoModifier, 2);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    }
    /// The next sound `played` (a spy on a SoundPlayer::played made before the scan) saw is `cue`
    /// at the context's volume, sample for sample as captured by the ALSA file device main()
    /// points $DIMMGUARD_SOUND_DEVICE at.
    static bool heard(QSignalSpy& played, const AppContext& context, SoundCue cue) {
        if (played.isEmpty() && !played.wait(10000)) {
            qWarning("no sound played");
            return false;
        }
        const auto got = played.takeFirst().at(0).value<SoundCue>();
        if (got != cue) {
            qWarning("played %s, not %s", cueName(got), cueName(cue));
            return false;
        }
        QFile f(qEnvironmentVariable("DIMMGUARD_TEST_SOUND_FILE"));
        if (!f.open(QIODevice::ReadOnly) || test::samplesOf(f.readAll()) != synthesizeCue(cue, context.soundVolume())) {
            qWarning("the captured sound is not the %s cue at %d %%", cueName(cue), context.soundVolume());
            return false;
        }
        return true;
    }
    // Scan a label the way a keyboard-wedge scanner does (keys into the focused widget, then
    // Enter), after checking the cursor is in Label, and wait for the verdict.
    bool scanLabel(const QString& slot, const QString& label) {
        if (!intake().selectSlot(slot)) return false;
        if (!cursorInLabel()) return false;
        QSignalSpy shown(&intake(), &IntakePage::inspectionShown);
        scannerTypes(label);
        return shown.wait(30000);
    }

private slots:
    void initTestCase() {
        QVERIFY(data_.isValid());
        const QString made = test::makeDemoRegistry(data_.path());
        QVERIFY2(made.isEmpty(), qPrintable(made));
        context_ = std::make_unique<AppContext>();
        context_->overrideDataDir(data_.path());
        SourceChoice source;
        source.kind = SourceChoice::Kind::bench;
        source.benchPath = test::demoBench();
        context_->setSource(source);
        window_ = std::make_unique<MainWindow>(*context_);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

    // Where every scanned character goes: into Label at start-up, after a click on the Watch
    // box, the module table or the navigation, and after New lot, whose dialog takes
    // the lot on Enter (issue #15: the first label used to land in the navigation list, and the
    // label after New lot in the lot field).
    void scannerKeepsTheCursorInLabel() {
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        auto* label = child<QLineEdit>("labelEdit");
        auto* lot = child<QLineEdit>("lotEdit");
        QVERIFY(cursorInLabel());
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("S/N 3BF2A001"));
        QCOMPARE(label->text(), QStringLiteral("S/N 3BF2A001"));
        label->clear();

        auto* watch = child<QCheckBox>("watchBox");
        QTest::mouseClick(watch, Qt::LeftButton);
        QVERIFY(watch->isChecked());
        QVERIFY(cursorInLabel());
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("A B C"));   // spaces must not toggle Watch
        QVERIFY(watch->isChecked());
        QCOMPARE(label->text(), QStringLiteral("A B C"));
        QTest::mouseClick(watch, Qt::LeftButton);
        QVERIFY(!watch->isChecked());
        label->clear();

        QTest::mouseClick(child<QWidget>("moduleTable"), Qt::LeftButton);
        QVERIFY(cursorInLabel());

        auto* nav = child<QListWidget>("navigation");
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, nav->visualItemRect(nav->item(2)).center());
        QCOMPARE(window_->currentScreen(), 2);
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, nav->visualItemRect(nav->item(0)).center());
        QCOMPARE(window_->currentScreen(), 0);
        QVERIFY(cursorInLabel());

        // New lot with Alt+N: the dialog has the keyboard, Enter closes it, the cursor is back in Label.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_N, Qt::AltModifier);
        QTRY_VERIFY(intake().newLotDialog() != nullptr);
        QTRY_COMPARE(QApplication::focusWidget(), intake().newLotDialog()->findChild<QWidget*>(QStringLiteral("newLotEdit")));
        scannerTypes(QStringLiteral("PO-4711"));
        QTRY_VERIFY(intake().newLotDialog() == nullptr);
        QCOMPARE(lot->text(), QStringLiteral("PO-4711"));
        QVERIFY(cursorInLabel());
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("3BF2A0C4"));
        QCOMPARE(label->text(), QStringLiteral("3BF2A0C4"));
        QCOMPARE(lot->text(), QStringLiteral("PO-4711"));
        label->clear();

        // Cancelled: the lot stays as it was.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_N, Qt::AltModifier);
        QTRY_VERIFY(intake().newLotDialog() != nullptr);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("WRONG"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(intake().newLotDialog() == nullptr);
        QCOMPARE(lot->text(), QStringLiteral("PO-4711"));
        QVERIFY(cursorInLabel());
    }

    void cleanupTestCase() {
        window_.reset();
        context_.reset();
    }

    void genuineAndCounterfeitVerdicts() {
        child<QLineEdit>("lotEdit")->setText(QStringLiteral("PO-TEST-1"));
        QSignalSpy alarm(&intake(), &IntakePage::alarm);
        QSignalSpy played(&context_->sounds(), &SoundPlayer::played);
        auto* banner = child<QLabel>("verdictBanner");
        auto* reasons = child<QLabel>("reasonsLabel");
        auto* summary = child<QWidget>("moduleSummary");
        auto summaryText = [summary] {
            QStringList parts;
            for (auto* l : summary->findChildren<QLabel*>()) parts << l->text();
            return parts.join(QLatin1Char(' '));
        };

        // A1: the genuine Micron 64 GB RDIMM with its real label.
        QVERIFY(scanLabel(QStringLiteral("A1"), QStringLiteral("MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A001")));
        QVERIFY2(banner->text().startsWith(QStringLiteral("GENUINE")), qPrintable(banner->text()));
        QVERIFY2(reasons->text().contains(QStringLiteral("signed record")), qPrintable(reasons->text()));
        QVERIFY2(summaryText().contains(QStringLiteral("MTC40F2046S1RC48BA1")), qPrintable(summaryText()));
        QVERIFY(summaryText().contains(QStringLiteral("64 GB")));
        QVERIFY(summaryText().contains(QStringLiteral("Micron")));
        auto last = context_->lastInspection();
        QVERIFY(last);
        QCOMPARE(last->modules.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(last->modules[0].slot), QStringLiteral("A1"));
        QVERIFY(last->modules[0].label.has_value());
        QCOMPARE(QString::fromStdString(*last->modules[0].label), QStringLiteral("MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A001"));
        QCOMPARE(QString::fromStdString(last->lot()), QStringLiteral("PO-TEST-1"));
        QVERIFY(last->recorded && !last->station.empty());
        QVERIFY(child<QLineEdit>("labelEdit")->text().isEmpty());   // ready for the next label
        QCOMPARE(alarm.count(), 0);
        QVERIFY(heard(played, *context_, SoundCue::genuine));
        QVERIFY(!child<QLabel>("registryWarning")->isVisible());

        // A4: a 32 GB module re-flashed to claim the 64 GB part.
        QVERIFY(scanLabel(QStringLiteral("A4"), QStringLiteral("MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A0C4")));
        QVERIFY2(banner->text().startsWith(QStringLiteral("COUNTERFEIT")), qPrintable(banner->text()));
        QVERIFY2(reasons->text().contains(QStringLiteral("does not match the maker&#x27;s signed record")) ||
                     reasons->text().contains(QStringLiteral("does not match the maker's signed record")),
                 qPrintable(reasons->text()));
        QVERIFY(summaryText().contains(QStringLiteral("32 GB")));
        QCOMPARE(alarm.count(), 1);
        QVERIFY(heard(played, *context_, SoundCue::counterfeit));

        // B8: a genuine-looking module whose label claims 128 GB.
        QVERIFY(scanLabel(QStringLiteral("B8"), QStringLiteral("HMCG94AGBRA181N 128GB 7A1C0035")));
        QVERIFY2(banner->text().startsWith(QStringLiteral("COUNTERFEIT")), qPrintable(banner->text()));
        // The plain reason names what the label and the module say, in words; the finding code and
        // the engine's message are in the technical details, one click away.
        QVERIFY2(reasons->text().contains(QStringLiteral("The label says 128 GB, but the module says 64 GB")), qPrintable(reasons->text()));
        QVERIFY2(!reasons->text().contains(QStringLiteral("LABEL_MISMATCH")), qPrintable(reasons->text()));
        auto* details = child<QPlainTextEdit>("technicalDetails");
        QVERIFY2(details->toPlainText().contains(QStringLiteral("LABEL_MISMATCH [fail]")), qPrintable(details->toPlainText()));
        QVERIFY(!details->isVisible());
        child<QToolButton>("detailsToggle")->click();
        QVERIFY(details->isVisible());
        QVERIFY(cursorInLabel());   // the toggle gives the keyboard back to Label
        child<QToolButton>("detailsToggle")->click();
        QVERIFY(!details->isVisible());
        // What to do next, under the banner: the built-in text for COUNTERFEIT.
        QVERIFY2(child<QLabel>("nextStep")->text().contains(QStringLiteral("quarantine bin")), qPrintable(child<QLabel>("nextStep")->text()));

        const QString tally = child<QLabel>("tallyLabel")->text();
        QVERIFY2(tally.contains(QStringLiteral("PO-TEST-1")) && tally.contains(QStringLiteral("3 modules")) &&
                     tally.contains(QStringLiteral("1 genuine")) && tally.contains(QStringLiteral("2 counterfeit")),
                 qPrintable(tally));
    }

    // The operator of the shift, a quarantine signed from the Intake screen (the disposition
    // dialog opens with the reason and the operator filled in; Enter signs), and the quarantine
    // label: its text (pdftotext), its page size (pdfinfo) and its QR code decoded with zbarimg
    // from the rendered page carry the evidence id of the inspection.
    void quarantineFromIntakeWithItsLabel() {
        auto shown = context_->lastInspection();
        QVERIFY(shown && shown->modules.size() == 1 && shown->modules[0].verdict == dimmguard::verifier::Verdict::counterfeit);
        const auto& module = shown->modules[0];
        QVERIFY(module.check.identity && module.sighting);

        // Start of shift: the badge scanner types the name into the Operator window.
        QTest::mouseClick(child<QPushButton>("operatorButton"), Qt::LeftButton);
        QTRY_VERIFY(intake().operatorDialog() != nullptr);
        QTRY_COMPARE(QApplication::focusWidget(), intake().operatorDialog()->findChild<QWidget*>(QStringLiteral("shiftOperatorEdit")));
        scannerTypes(QStringLiteral("Li Wei & Co"));
        QTRY_VERIFY(intake().operatorDialog() == nullptr);
        QCOMPARE(context_->operatorName(), QStringLiteral("Li Wei & Co"));
        QVERIFY2(child<QPushButton>("operatorButton")->text().contains(QStringLiteral("Li Wei && Co")), qPrintable(child<QPushButton>("operatorButton")->text()));
        QVERIFY(cursorInLabel());

        auto* quarantine = child<QPushButton>("intakeQuarantineButton");
        QVERIFY(quarantine->isVisible());
        QSignalSpy done(&intake(), &IntakePage::dispositionDone);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_F8);
        QTRY_VERIFY(intake().dispositionDialog() != nullptr);
        auto* reason = intake().dispositionDialog()->findChild<QLineEdit*>(QStringLiteral("reasonEdit"));
        auto* op = intake().dispositionDialog()->findChild<QLineEdit*>(QStringLiteral("operatorEdit"));
        QVERIFY2(reason->text().startsWith(QStringLiteral("COUNTERFEIT: The label says 128 GB")), qPrintable(reason->text()));
        QCOMPARE(op->text(), QStringLiteral("Li Wei & Co"));
        QTest::keyClick(reason, Qt::Key_Return);
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().first().toString(), QString());
        QVERIFY(cursorInLabel());
        // The signed disposition is in the log, with the operator (read back with the CLI).
        QProcess show;
        show.start(qEnvironmentVariable("DIMMGUARD_BINARY"), {QStringLiteral("log"), QStringLiteral("show"), QStringLiteral("--data-dir"), data_.path(),
                                                             QStringLiteral("--identity"), QString::fromStdString(module.check.identity->key()), QStringLiteral("--json")});
        QVERIFY(show.waitForFinished(30000));
        const QJsonObject history = QJsonDocument::fromJson(show.readAllStandardOutput()).object();
        QCOMPARE(history.value(QStringLiteral("custody")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("quarantined"));
        const QJsonArray events = history.value(QStringLiteral("history")).toArray();
        const QJsonObject last = events.last().toObject();
        QCOMPARE(last.value(QStringLiteral("event")).toString(), QStringLiteral("quarantine"));
        QVERIFY2(QJsonDocument(last).toJson().contains("Li Wei & Co"), QJsonDocument(last).toJson().constData());

        // The quarantine label.
        const QString pdf = out_.filePath(QStringLiteral("quarantine.pdf"));
        QCOMPARE(intake().exportQuarantineLabel(pdf), QString());
        auto run = [](const QString& program, const QStringList& args) {
            QProcess p;
            p.start(program, args);
            if (!p.waitForFinished(60000) || p.exitCode() != 0) return QStringLiteral("FAILED: ") + program + QLatin1Char(' ') + QString::fromLocal8Bit(p.readAllStandardError());
            return QString::fromUtf8(p.readAllStandardOutput());
        };
        const QString text = run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        for (const QString& want : {QStringLiteral("QUARANTINE"), QStringLiteral("COUNTERFEIT"), QStringLiteral("HMCG94AGBRA181N"), QStringLiteral("7a1c0035"),
                                    QStringLiteral("The label says 128 GB"), QStringLiteral("UTC"), QString::fromStdString(*module.sighting)}) {
            QVERIFY2(text.contains(want), qPrintable(want + QStringLiteral(" not in: ") + text));
        }
        const QString info = run(QStringLiteral("pdfinfo"), {pdf});
        static const QRegularExpression pages(QStringLiteral("Pages: +1\n")), page(QStringLiteral("Page size: +17[56](\\.[0-9]+)? x 283(\\.[0-9]+)? pts"));
        QVERIFY2(info.contains(pages) && info.contains(page), qPrintable(info));   // 62 mm x 100 mm = 175.7 x 283.5 pt
        const QString png = out_.filePath(QStringLiteral("quarantine"));
        QVERIFY(!run(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("300"), QStringLiteral("-png"), QStringLiteral("-singlefile"), pdf, png}).startsWith(QStringLiteral("FAILED")));
        const QString qr = run(QStringLiteral("zbarimg"), {QStringLiteral("--raw"), QStringLiteral("-q"), png + QStringLiteral(".png")}).trimmed();
        QCOMPARE(qr, QStringLiteral("dimmguard:evidence:") + QString::fromStdString(*module.sighting));
        // Hex ids and serials copy out of the PDF as typed: no "ff" ligature (U+FB00).
        QuarantineLabel hex = quarantineLabelFor(*shown, 0);
        hex.serial = QStringLiteral("41c0e5ff");
        hex.evidenceId = QStringLiteral("ffaaff00ffaaff00ffaaff00ffaaff00:12");
        const QString hexPdf = out_.filePath(QStringLiteral("hex.pdf"));
        QCOMPARE(writeQuarantineLabelPdf(hexPdf, hex), QString());
        const QString hexText = run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), hexPdf, QStringLiteral("-")});
        QVERIFY2(hexText.contains(hex.serial) && hexText.contains(hex.evidenceId), qPrintable(hexText));
    }

    void exportInspectionPdfWithEvidence() {
        // The last inspection (B8, counterfeit: its label claims another part): its PDF, and its
        // evidence file beside it, which verifies anywhere with nothing but the root key.
        const QString pdfPath = out_.filePath(QStringLiteral("case.pdf"));
        QSignalSpy done(&intake(), &IntakePage::evidenceExported);
        QCOMPARE(intake().exportInspectionPdf(pdfPath), QString());
        QVERIFY(QFile::exists(pdfPath));
        QVERIFY(done.wait(30000));
        const QStringList written = done.at(0).at(0).toStringList();
        const QStringList missing = done.at(0).at(1).toStringList();
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
        QCOMPARE(written, QStringList{out_.filePath(QStringLiteral("case.evidence"))});
        QVERIFY2(child<QLabel>("statusLabel")->text().contains(QStringLiteral("case.evidence")), qPrintable(child<QLabel>("statusLabel")->text()));
        QFile file(written.front());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const std::string text = file.readAll().toStdString();
        auto root = dimmguard::db::PublicKey::load_pem((data_.path() + QStringLiteral("/demo-keys/root.pub")).toStdString());
        QVERIFY(root);
        auto report = dimmguard::db::verify_evidence(text, {*root});
        QVERIFY(report);
        QVERIFY2(report->ok(), report->problems.empty() ? "" : report->problems.front().c_str());
        QCOMPARE(QString::fromStdString(report->subject.verdict), QStringLiteral("counterfeit"));
        QVERIFY(report->spd_included);
        QVERIFY(!report->signed_codes.empty());
        // the desk's own words for each finding travel with it
        bool explained = false;
        for (const auto& f : report->findings) explained = explained || (f.severity == "fail" && !f.message.empty());
        QVERIFY(explained);

        // Two saves in a row, the second while the first may still be writing: each gets its file.
        QSignalSpy again(&intake(), &IntakePage::evidenceExported);
        QCOMPARE(intake().exportInspectionPdf(out_.filePath(QStringLiteral("case2.pdf"))), QString());
        QCOMPARE(intake().exportInspectionPdf(out_.filePath(QStringLiteral("case3.pdf"))), QString());
        QTRY_COMPARE_WITH_TIMEOUT(again.count(), 2, 30000);
        QVERIFY(QFile::exists(out_.filePath(QStringLiteral("case2.evidence"))));
        QVERIFY(QFile::exists(out_.filePath(QStringLiteral("case3.evidence"))));
    }

    void exportLotCsvAndPdf() {
        QCOMPARE(context_->lotInspections().size(), std::size_t{3});
        const QString csvPath = out_.filePath(QStringLiteral("lot.csv"));
        QCOMPARE(intake().exportLotCsv(csvPath), QString());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QVERIFY(lines[0].startsWith(QStringLiteral("time,lot,label,station,slot,location,verdict,")));
        const QStringList header = lines[0].split(QLatin1Char(','));
        const auto slotCol = header.indexOf(QStringLiteral("slot"));
        const auto verdictCol = header.indexOf(QStringLiteral("verdict"));
        const auto findingsCol = header.indexOf(QStringLiteral("findings"));
        const QStringList expectSlots = {QStringLiteral("A1"), QStringLiteral("A4"), QStringLiteral("B8")};
        const QStringList expectVerdicts = {QStringLiteral("genuine"), QStringLiteral("counterfeit"), QStringLiteral("counterfeit")};
        for (int i = 0; i < 3; ++i) {
            // No field of these rows holds a comma inside quotes before the findings column.
            const QStringList fields = lines[i + 1].split(QLatin1Char(','));
            QCOMPARE(fields.value(slotCol), expectSlots[i]);
            QCOMPARE(fields.value(verdictCol), expectVerdicts[i]);
            QVERIFY(fields.value(1) == QStringLiteral("PO-TEST-1"));
        }
        QVERIFY2(lines[2].contains(QStringLiteral("FINGERPRINT_MISMATCH")), qPrintable(lines[2]));
        QVERIFY2(lines[3].contains(QStringLiteral("LABEL_MISMATCH")), qPrintable(lines[3]));
        QVERIFY(findingsCol > verdictCol);

        const QString pdfPath = out_.filePath(QStringLiteral("lot.pdf"));
        QCOMPARE(intake().exportLotPdf(pdfPath), QString());
        QFile pdf(pdfPath);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY2(bytes.size() > 5000, qPrintable(QString::number(bytes.size())));
        QVERIFY(bytes.contains("/Type /Page") || bytes.contains("/Type/Page"));
        QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        // The PDF's text streams are compressed: check the document it was rendered from.
        const QString html = reportHtml(context_->lotInspections(), QStringLiteral("t"));
        QVERIFY(html.contains(QStringLiteral("PO-TEST-1")));
        QVERIFY(html.contains(QStringLiteral("3 modules: 1 genuine, 0 suspect, 2 counterfeit")));
        QVERIFY(html.contains(QStringLiteral("FINGERPRINT_MISMATCH")));
        QVERIFY(html.contains(QStringLiteral("MTC40F2046S1RC48BA1")));
    }

    // The Intake screen fits a 1366x768 and a 1280x720 desk screen (the window's client area
    // under a window manager's title bar) in both languages, with the three verdicts of the
    // lot on it: no scroll bar, no button or one-line text cut off, no wrapped text taller than
    // its place (issue #15: a long lot name pushed Cancel and Report off-screen).
    void fitsSmallScreensInBothLanguages() {
        // A buddy label's '&' marks its shortcut letter and takes no room.
        auto shownText = [](const QLabel* label) {
            QString text = label->text();
            if (label->buddy() != nullptr) text.remove(text.indexOf(QLatin1Char('&')), 1);
            return text;
        };
        child<QLineEdit>("lotEdit")->setText(QStringLiteral("PO-2026-1127-SHANGHAI-WAREHOUSE-3-INBOUND-CONSOLIDATED"));
        auto* scroll = child<QScrollArea>("intakeScroll");
        const QSize before = window_->size();
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            context_->setLanguage(language);
            for (const QSize size : {QSize(1366, 740), QSize(1280, 692)}) {
                window_->resize(size);
                QTest::qWait(50);   // layouts settle through posted events
                QCoreApplication::processEvents();
                const QString where = QStringLiteral("%1 at %2x%3").arg(language).arg(size.width()).arg(size.height());
                QVERIFY2(window_->size() == size, qPrintable(where + QStringLiteral(": the window cannot shrink to this size")));
                QVERIFY2(scroll->verticalScrollBar()->maximum() == 0, qPrintable(where + QStringLiteral(": the Intake screen scrolls vertically")));
                QVERIFY2(scroll->horizontalScrollBar()->maximum() == 0, qPrintable(where + QStringLiteral(": the Intake screen scrolls sideways")));
                QStringList clipped;
                for (QWidget* w : intake().findChildren<QWidget*>()) {
                    if (!w->isVisible() || w->objectName() == QLatin1String("reasonsLabel")) continue;   // reasons scroll in their block
                    if (auto* label = qobject_cast<QLabel*>(w); label != nullptr && !label->text().isEmpty()) {
                        const QRect r = label->contentsRect();
                        const bool fits = label->wordWrap() ? label->heightForWidth(label->width()) <= label->height()
                                                            : label->fontMetrics().horizontalAdvance(shownText(label)) <= r.width() + 1;
                        if (!fits) clipped << QStringLiteral("label '%1' (%2)").arg(label->text(), label->objectName());
                    } else if (auto* button = qobject_cast<QAbstractButton*>(w); button != nullptr && !button->text().isEmpty()) {
                        if (button->sizeHint().width() > button->width() + 1) clipped << QStringLiteral("button '%1'").arg(button->text());
                    }
                }
                QVERIFY2(clipped.isEmpty(), qPrintable(where + QStringLiteral(": clipped: ") + clipped.join(QStringLiteral("; "))));
            }
        }
        context_->setLanguage(QStringLiteral("en"));
        QTRY_COMPARE_WITH_TIMEOUT(child<QPushButton>("scanButton")->text(), QStringLiteral("Scan (F5)"), 5000);
        window_->resize(before);
        child<QLineEdit>("lotEdit")->setText(QStringLiteral("PO-TEST-1"));
    }

    void switchesToSimplifiedChinese() {
        auto* scan = child<QPushButton>("scanButton");
        auto* nav = child<QListWidget>("navigation");
        QCOMPARE(scan->text(), QStringLiteral("Scan (F5)"));
        context_->setLanguage(QStringLiteral("zh_CN"));
        QVERIFY2(!context_->loadedTranslations().isEmpty(), qPrintable(context_->translationSearchPath().join(QLatin1Char(' '))));
        QVERIFY(context_->loadedTranslations().first().endsWith(QStringLiteral("dimmguard_zh_CN.qm")));
        // Qt delivers QEvent::LanguageChange through the event loop.
        QTRY_COMPARE_WITH_TIMEOUT(scan->text(), QStringLiteral("扫描 (F5)"), 5000);
        QCOMPARE(nav->item(0)->text(), QStringLiteral("入库检测"));
        QCOMPARE(nav->item(4)->text(), QStringLiteral("设置"));
        QVERIFY2(child<QLabel>("verdictBanner")->text().startsWith(QStringLiteral("假冒")), qPrintable(child<QLabel>("verdictBanner")->text()));
        QVERIFY(child<QLabel>("tallyLabel")->text().contains(QStringLiteral("正品 1")));
        context_->setLanguage(QStringLiteral("en"));
        QTRY_COMPARE_WITH_TIMEOUT(scan->text(), QStringLiteral("Scan (F5)"), 5000);
        QCOMPARE(nav->item(0)->text(), QStringLiteral("Intake"));
    }

    // In Simplified Chinese no visible text of any screen is English, except part numbers,
    // serials, codes and file names (tokens with a digit, a dot or a slash), the few technical
    // words Chinese desks use as they are, and data (maker names, the site name). Hidden
    // technical details stay English by design.
    void noEnglishInSimplifiedChinese() {
        const QSet<QString> allowed = {QStringLiteral("SPD"), QStringLiteral("ECC"), QStringLiteral("QA"), QStringLiteral("PMIC"), QStringLiteral("RCD"),
                                       QStringLiteral("BIOS"), QStringLiteral("SMBIOS"), QStringLiteral("SMBus"), QStringLiteral("USB"), QStringLiteral("Esc"),
                                       QStringLiteral("Enter"), QStringLiteral("Tab"), QStringLiteral("Ctrl"), QStringLiteral("Alt"), QStringLiteral("dimmguard"),
                                       QStringLiteral("CSV"), QStringLiteral("PDF"), QStringLiteral("JSON"), QStringLiteral("Rank"), QStringLiteral("GB"),
                                       QStringLiteral("GiB"), QStringLiteral("KiB"), QStringLiteral("XMP"), QStringLiteral("EXPO"), QStringLiteral("CRC"),
                                       QStringLiteral("JEDEC"), QStringLiteral("JEP"), QStringLiteral("RMA"), QStringLiteral("sudo"), QStringLiteral("modprobe"),
                                       QStringLiteral("dev"), QStringLiteral("DIMM"), QStringLiteral("RDIMM"), QStringLiteral("UDIMM"), QStringLiteral("LRDIMM"),
                                       QStringLiteral("SODIMM"), QStringLiteral("IT"), QStringLiteral("ID"), QStringLiteral("SHA"), QStringLiteral("Ed25519"),
                                       QStringLiteral("UTC"), QStringLiteral("ISO"), QStringLiteral("English"), QStringLiteral("HEX"), QStringLiteral("hex"),
                                       QStringLiteral("EEPROM"), QStringLiteral("SMBus:"), QStringLiteral("PO"), QStringLiteral("MT/s"), QStringLiteral("ALSA")};
        // Data, not interface text: maker names, the site name of the demo registry, the sound device.
        const QStringList data = {QStringLiteral("Micron Technology"), QStringLiteral("Samsung"), QStringLiteral("SK Hynix"),
                                  QStringLiteral("Intake desk 1 (Shanghai)"), QStringLiteral("Li Wei & Co"), QStringLiteral("Montage Technology Group"), QStringLiteral("Renesas Electronics"),
                                  SoundPlayer::deviceName()};
        auto englishIn = [&](QString text) {
            if (Qt::mightBeRichText(text)) text = QTextDocumentFragment::fromHtml(text).toPlainText();
            text.replace(QStringLiteral("&&"), QStringLiteral("&"));
            text.remove(QRegularExpression(QStringLiteral("\\b[a-z_]+=")));   // key=value syntax (Settings' context)
            for (const QString& d : data) text.remove(d);
            QStringList words;
            static const QRegularExpression split(QStringLiteral("[^A-Za-z0-9_./:-]+"));
            for (QString token : text.split(split, Qt::SkipEmptyParts)) {
                while (!token.isEmpty() && QStringLiteral(".:-").contains(token.back())) token.chop(1);
                if (token.contains(QRegularExpression(QStringLiteral("[0-9./_]")))) continue;   // part numbers, serials, files
                if (token.size() < 2 || allowed.contains(token)) continue;
                if (!token.contains(QRegularExpression(QStringLiteral("[A-Za-z]")))) continue;
                words << token;
            }
            return words;
        };
        context_->setLanguage(QStringLiteral("zh_CN"));
        QTRY_COMPARE_WITH_TIMEOUT(child<QPushButton>("scanButton")->text(), QStringLiteral("扫描 (F5)"), 5000);
        QStringList found;
        for (int screen = 0; screen < MainWindow::screenCount; ++screen) {
            window_->showScreen(screen);
            QTest::qWait(100);
            QStringList texts{window_->windowTitle()};
            for (QWidget* w : window_->findChildren<QWidget*>()) {
                if (!w->isVisible() || w->objectName() == QLatin1String("technicalDetails")) continue;
                if (w->parentWidget() != nullptr && w->parentWidget()->objectName() == QLatin1String("moduleSummary") &&
                    qobject_cast<QLabel*>(w)->textInteractionFlags() & Qt::TextSelectableByMouse) {
                    continue;   // the module's data (maker, part ...)
                }
                if (auto* l = qobject_cast<QLabel*>(w)) texts << l->text();
                if (auto* b = qobject_cast<QAbstractButton*>(w)) texts << b->text();
                if (auto* e = qobject_cast<QLineEdit*>(w)) texts << e->placeholderText();
                if (auto* g = qobject_cast<QGroupBox*>(w)) texts << g->title();
                if (auto* c = qobject_cast<QComboBox*>(w)) {
                    for (int i = 0; i < c->count(); ++i) texts << c->itemText(i);
                }
                if (auto* list = qobject_cast<QListWidget*>(w)) {
                    for (int i = 0; i < list->count(); ++i) texts << list->item(i)->text();
                }
                if (auto* t = qobject_cast<QTableWidget*>(w)) {
                    for (int c = 0; c < t->columnCount(); ++c) {
                        if (t->horizontalHeaderItem(c) != nullptr) texts << t->horizontalHeaderItem(c)->text();
                    }
                    for (int r = 0; r < t->rowCount(); ++r) {
                        if (t->objectName() == QLatin1String("moduleTable")) {   // verdict and reason, not the data columns
                            for (int c : {1, 4}) {
                                if (t->item(r, c) != nullptr) texts << t->item(r, c)->text();
                            }
                        }
                    }
                }
            }
            for (const QString& text : texts) {
                const QStringList words = englishIn(text);
                if (!words.isEmpty()) found << QStringLiteral("%1: \"%2\" (%3)").arg(MainWindow::screenKey(screen), text, words.join(QLatin1Char(' ')));
            }
        }
        window_->showScreen(MainWindow::intakeScreen);
        context_->setLanguage(QStringLiteral("en"));
        QTRY_COMPARE_WITH_TIMEOUT(child<QPushButton>("scanButton")->text(), QStringLiteral("Scan (F5)"), 5000);
        found.removeDuplicates();
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QLatin1Char('\n'))));
    }

    // History and Registry follow the scans: a sighting recorded while History is hidden is
    // there the next time it is shown, without pressing Search; Registry reloads too.
    void historyAndRegistryFollowScans() {
        auto* history = qobject_cast<HistoryPage*>(window_->screen(MainWindow::historyScreen));
        auto* registry = qobject_cast<RegistryPage*>(window_->screen(MainWindow::registryScreen));
        QVERIFY(history != nullptr && registry != nullptr);
        QSignalSpy searched(history, &HistoryPage::searchFinished);
        QSignalSpy refreshed(registry, &RegistryPage::refreshed);
        window_->showScreen(MainWindow::historyScreen);   // (shown before, by the zh_CN test)
        QTRY_VERIFY_WITH_TIMEOUT(!history->busy(), 10000);
        history->search();
        QTRY_VERIFY_WITH_TIMEOUT(!searched.isEmpty(), 10000);
        window_->showScreen(MainWindow::registryScreen);
        registry->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        const auto before = history->model().rows().size();
        window_->showScreen(MainWindow::intakeScreen);
        searched.clear();
        refreshed.clear();
        QVERIFY(scanLabel(QStringLiteral("A3"), QString()));
        QTest::qWait(200);
        QVERIFY(searched.isEmpty());   // hidden: nothing is read until it is shown
        window_->showScreen(MainWindow::historyScreen);
        QTRY_VERIFY_WITH_TIMEOUT(!searched.isEmpty(), 10000);
        QCOMPARE(history->model().rows().size(), before + 1);
        window_->showScreen(MainWindow::registryScreen);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        window_->showScreen(MainWindow::intakeScreen);
    }

    // Presence polling: with "Watch for inserted modules" on, a module appearing on the bench
    // (the bench file gains a slot, as a bus probe would find a new device) is inspected
    // without a key press.
    void insertedModuleIsInspected() {
        QTemporaryDir dir;
        const QString bench = dir.filePath(QStringLiteral("bench.json"));
        const QString spd = test::sourceDir() + QStringLiteral("/examples/spd/");
        auto write = [&](bool second) {
            QString slotsJson = QStringLiteral(R"({"address": "0x50", "label": "P1", "spd": {"file": "%1ddr5-rdimm-micron-64g.bin"}})").arg(spd);
            if (second) slotsJson += QStringLiteral(R"(, {"address": "0x51", "label": "P2", "spd": {"file": "%1ddr5-rdimm-samsung-32g.bin"}})").arg(spd);
            QFile f(bench);
            return f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                   f.write(QStringLiteral(R"({"schema_version": 1, "buses": [{"name": "i2c-0", "slots": [%1]}]})").arg(slotsJson).toUtf8()) > 0;
        };
        QVERIFY(write(false));
        AppContext context;
        context.overrideDataDir(data_.path());
        SourceChoice source;
        source.benchPath = bench;
        context.setSource(source);
        MainWindow window(context);
        IntakePage& page = window.intake();
        page.poller().setIntervalMs(30);
        QSignalSpy probed(&page.poller(), &PresencePoller::probed);
        QSignalSpy shown(&page, &IntakePage::inspectionShown);
        window.findChild<QCheckBox*>(QStringLiteral("watchBox"))->setChecked(true);
        QVERIFY(probed.wait(5000));          // baseline: P1 present, nothing inspected
        QTest::qWait(100);
        QCOMPARE(shown.count(), 0);
        QVERIFY(write(true));                // "insert" P2
        QVERIFY(shown.wait(10000));
        QVERIFY(context.lastInspection());
        QCOMPARE(context.lastInspection()->modules.size(), std::size_t{2});
        QCOMPARE(qvariant_cast<dimmguard::verifier::Verdict>(shown.first().first()), dimmguard::verifier::Verdict::genuine);
        window.findChild<QCheckBox*>(QStringLiteral("watchBox"))->setChecked(false);
    }

    // The fleet in the status bar (issue #17): when the last sync ran, what waits to be sent,
    // and late findings, which open their list on a click, in both languages.
    void fleetStatusShowsLastSyncAndLateFindings() {
        DemoDesk desk;
        QVERIFY2(desk.made.isEmpty(), qPrintable(desk.made));
        const std::filesystem::path dir = desk.data.path().toStdString();
        {
            auto database = dimmguard::db::Database::open_existing(dir);
            QVERIFY(database);
            dimmguard::db::Alert a;
            a.sighting = "aaaa:3";
            a.other = "bbbb:9";
            a.identity = "802c-06-2243-3bf239f8";
            a.code = "DUP_SERIAL";
            a.verdict = "genuine";
            a.own_time = "2026-05-01T10:00:00Z";
            a.other_station = "bbbb";
            a.other_site = "Shenzhen intake";
            a.other_time = "2026-05-01T09:00:00Z";
            a.explanation = "identity 802c-06-2243-3bf239f8 is still held at station Shenzhen intake (since 2026-05-01T09:00:00Z, never shipped): "
                            "it cannot be here too";
            a.raised = "2026-05-01T12:00:00Z";
            auto stored = dimmguard::db::store_alert(*database, a);
            QVERIFY(stored && *stored);
            QVERIFY(dimmguard::fleet::remember_server(dir, "postgresql://fleet.example/dimmguard"));
            const QString ninetySecondsAgo = QDateTime::currentDateTimeUtc().addSecs(-90).toString(Qt::ISODate);
            QVERIFY(dimmguard::fleet::note_sync_round(dir, dimmguard::fleet::SyncReport{}, ninetySecondsAgo.toStdString()));
        }
        MainWindow& window = *desk.window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        desk.context->notifyRegistryChanged();   // (the window's first look may predate the round)
        auto* fleet = window.findChild<QLabel*>(QStringLiteral("fleetStatus"));
        QVERIFY(fleet);
        // The label can first show a look taken before the round was noted (the window's first
        // look runs on a worker while this test writes); the refresh asked for above follows it.
        QTRY_VERIFY_WITH_TIMEOUT(fleet->isVisible() && fleet->text().contains(QStringLiteral("Fleet: synced")), 10000);
        QVERIFY2(fleet->text().contains(QStringLiteral("s ago")), qPrintable(fleet->text()));
        QVERIFY2(fleet->text().contains(QStringLiteral("1 late finding")), qPrintable(fleet->text()));
        QCOMPARE(fleet->toolTip(), QStringLiteral("postgresql://fleet.example/dimmguard"));

        const QString shots = qEnvironmentVariable("DIMMGUARD_GUI_SCREENSHOTS");
        for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
            desk.context->setLanguage(lang);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
            if (lang == QStringLiteral("zh_CN")) QVERIFY2(!fleet->text().contains(QStringLiteral("Fleet")), qPrintable(fleet->text()));
            QString details;
            QString title;
            // The list is modal: look for it until it is up (a loaded host may take a while).
            QTimer poll;
            poll.setInterval(100);
            connect(&poll, &QTimer::timeout, &window, [&] {
                auto* box = window.findChild<QMessageBox*>(QStringLiteral("lateFindings"));
                if (box == nullptr || !box->isVisible()) return;
                poll.stop();
                details = box->detailedText();
                title = box->text();
                if (!shots.isEmpty()) {
                    QPixmap shot = window.grab();
                    QPainter painter(&shot);
                    painter.drawPixmap((shot.width() - box->width()) / 2, (shot.height() - box->height()) / 2, box->grab());
                    painter.end();
                    shot.save(shots + QStringLiteral("/fleet-late-findings-%1.png").arg(lang));
                }
                QTest::keyClick(box, Qt::Key_Escape);
            });
            poll.start();
            QVERIFY(QMetaObject::invokeMethod(fleet, "linkActivated", Q_ARG(QString, QStringLiteral("alerts"))));
            QVERIFY2(details.contains(QStringLiteral("DUP_SERIAL 802c-06-2243-3bf239f8 — aaaa:3")), qPrintable(details));
            QVERIFY(!title.isEmpty());
        }
        desk.context->setLanguage(QStringLiteral("en"));
    }

    // A scanned label with Slot = All slots belongs to one module: the page asks which one
    // (keys, as at the desk: a digit, or arrows and Enter; Esc scans nothing) and inspects that
    // slot only, with the label; it never applies the label to every module.
    void labelWithAllSlotsAsksWhichSlot() {
        DemoDesk desk;
        QVERIFY2(desk.made.isEmpty(), qPrintable(desk.made));
        AppContext& context = *desk.context;
        MainWindow& window = *desk.window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        IntakePage& page = window.intake();
        QVERIFY(page.selectSlot(QString()));
        auto* edit = window.findChild<QLineEdit*>(QStringLiteral("labelEdit"));
        const QString label = QStringLiteral("MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A001");
        QSignalSpy shown(&page, &IntakePage::inspectionShown);

        // Esc: nothing read, nothing recorded, the label stays for another try.
        edit->setFocus();
        QTest::keyClicks(edit, label);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(page.labelSlotDialog() != nullptr, 10000);
        auto* list = page.labelSlotDialog()->findChild<QListWidget*>(QStringLiteral("labelSlotList"));
        QVERIFY(list);
        QCOMPARE(list->count(), 16);   // every module of the demo bench is in
        QVERIFY(list->item(0)->text().contains(QStringLiteral("A1")));
        QTest::keyClick(list, Qt::Key_Escape);
        QTRY_VERIFY(page.labelSlotDialog() == nullptr);
        QTest::qWait(200);
        QCOMPARE(shown.count(), 0);
        QVERIFY(!context.lastInspection());
        QCOMPARE(edit->text(), label);
        QVERIFY2(window.findChild<QLabel*>(QStringLiteral("statusLabel"))->text().contains(QStringLiteral("needs its slot")),
                 qPrintable(window.findChild<QLabel*>(QStringLiteral("statusLabel"))->text()));

        // Its number: slot A1 only, with the label, GENUINE.
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(page.labelSlotDialog() != nullptr, 10000);
        list = page.labelSlotDialog()->findChild<QListWidget*>(QStringLiteral("labelSlotList"));
        QTest::keyClick(list, Qt::Key_1);
        QVERIFY(shown.wait(30000));
        auto last = context.lastInspection();
        QVERIFY(last);
        QCOMPARE(last->modules.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(last->modules[0].slot), QStringLiteral("A1"));
        QVERIFY(last->modules[0].label.has_value());
        QCOMPARE(QString::fromStdString(*last->modules[0].label), label);
        QCOMPARE(last->modules[0].verdict, dimmguard::verifier::Verdict::genuine);

        // Arrows and Enter: the third module (A3) gets the label typed for it.
        const QString label3 = QStringLiteral("label for the third slot");
        edit->setFocus();
        QTest::keyClicks(edit, label3);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(page.labelSlotDialog() != nullptr, 10000);
        list = page.labelSlotDialog()->findChild<QListWidget*>(QStringLiteral("labelSlotList"));
        QTest::keyClick(list, Qt::Key_Down);
        QTest::keyClick(list, Qt::Key_Down);
        QTest::keyClick(list, Qt::Key_Return);
        QVERIFY(shown.wait(30000));
        last = context.lastInspection();
        QCOMPARE(last->modules.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(last->modules[0].slot), QStringLiteral("A3"));
        QCOMPARE(QString::fromStdString(last->modules[0].label.value_or("")), label3);

        // Not a check: with $DIMMGUARD_GUI_SCREENSHOTS set, the question in both languages at
        // 1366x768 for a human to look at.
        const QString shots = qEnvironmentVariable("DIMMGUARD_GUI_SCREENSHOTS");
        if (!shots.isEmpty()) {
            window.resize(1366, 768);
            for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
                context.setLanguage(lang);
                QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
                edit->setFocus();
                QTest::keyClicks(edit, label);
                QTest::keyClick(edit, Qt::Key_Return);
                QTRY_VERIFY_WITH_TIMEOUT(page.labelSlotDialog() != nullptr, 10000);
                QTest::qWait(100);
                QPixmap shot = window.grab();
                QPainter painter(&shot);
                QDialog* dialog = page.labelSlotDialog();
                painter.drawPixmap((shot.width() - dialog->width()) / 2, (shot.height() - dialog->height()) / 2, dialog->grab());
                painter.end();
                shot.save(shots + QStringLiteral("/intake-label-slot-%1.png").arg(lang));
                QTest::keyClick(dialog->findChild<QListWidget*>(QStringLiteral("labelSlotList")), Qt::Key_Escape);
                QTRY_VERIFY(page.labelSlotDialog() == nullptr);
                edit->clear();
            }
            context.setLanguage(QStringLiteral("en"));
        }
    }

    // A 16-slot lot taken in label by label with a scanner, as at a real desk: New lot (Alt+N, the
    // lot number, Enter), then for each module its label + Enter and its slot number typed in the
    // slot window ("1" waits for a second digit, "2".."9" and "10".."16" go at once). Every label
    // must land on its own slot, in the lot, and be recorded; the tally counts 16 modules.
    void sixteenSlotLotLabelByLabel() {
        DemoDesk desk;
        QVERIFY2(desk.made.isEmpty(), qPrintable(desk.made));
        AppContext& context = *desk.context;
        MainWindow& window = *desk.window;
        const QTemporaryDir& data = desk.data;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        IntakePage& page = window.intake();
        QVERIFY(page.selectSlot(QString()));
        auto* edit = window.findChild<QLineEdit*>(QStringLiteral("labelEdit"));
        QTRY_COMPARE(QApplication::focusWidget(), edit);

        QTest::keyClick(QApplication::focusWidget(), Qt::Key_N, Qt::AltModifier);
        QTRY_VERIFY(page.newLotDialog() != nullptr);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("PO-16-SLOTS"), Qt::NoModifier, 2);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_VERIFY(page.newLotDialog() == nullptr);
        QVERIFY(cursorIn(window, edit));

        QSignalSpy shown(&page, &IntakePage::inspectionShown);
        QStringList slotsSeen;
        for (int n = 1; n <= 16; ++n) {
            const QString label = QStringLiteral("LOT16 ITEM %1 S/N X%2").arg(n).arg(n, 3, 10, QLatin1Char('0'));
            QVERIFY(cursorIn(window, edit));   // the cursor is back in Label every time
            QTest::keyClicks(QApplication::focusWidget(), label, Qt::NoModifier, 1);
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
            QTRY_VERIFY_WITH_TIMEOUT(page.labelSlotDialog() != nullptr, 10000);
            auto* list = page.labelSlotDialog()->findChild<QListWidget*>(QStringLiteral("labelSlotList"));
            QCOMPARE(list->count(), 16);
            QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(list));
            const QString row = list->item(n - 1)->text();
            QTest::keyClicks(list, QString::number(n));   // "1" alone: taken after a second's pause
            QVERIFY2(shown.wait(30000), qPrintable(label));
            const auto last = context.lastInspection();
            QVERIFY(last);
            QCOMPARE(last->modules.size(), std::size_t{1});
            const auto& m = last->modules[0];
            QVERIFY2(row.contains(QString::fromStdString(m.slot)), qPrintable(row + QStringLiteral(" vs ") + QString::fromStdString(m.slot)));
            QCOMPARE(QString::fromStdString(m.label.value_or("")), label);
            QCOMPARE(QString::fromStdString(last->lot()), QStringLiteral("PO-16-SLOTS"));
            QVERIFY(last->recorded);
            slotsSeen << QString::fromStdString(m.slot);
            // B5-B7 carry one donor image: B5 is all a registry can know, B6 and B7 meet the
            // copy still in the slot scanned before them.
            if (m.slot == "B6" || m.slot == "B7") {
                QCOMPARE(m.verdict, dimmguard::verifier::Verdict::counterfeit);
                const QString reasons = window.findChild<QLabel*>(QStringLiteral("reasonsLabel"))->text();
                const QString before = m.slot == "B6" ? QStringLiteral("B5") : QStringLiteral("B6");
                QVERIFY2(reasons.contains(QStringLiteral("The module still in slot %1 has the same serial number").arg(before)), qPrintable(reasons));
            }
        }
        slotsSeen.removeDuplicates();
        QCOMPARE(slotsSeen.size(), 16);
        QCOMPARE(context.lotInspections().size(), std::size_t{16});
        const QString tally = window.findChild<QLabel*>(QStringLiteral("tallyLabel"))->text();
        QVERIFY2(tally.contains(QStringLiteral("PO-16-SLOTS: 16 modules")) && !tally.contains(QStringLiteral("re-scan")), qPrintable(tally));
        QCOMPARE(window.findChild<QLineEdit*>(QStringLiteral("lotEdit"))->text(), QStringLiteral("PO-16-SLOTS"));

        // What the registry holds, read back with the CLI: 16 sightings in the lot, one per slot.
        QProcess cli;
        cli.start(qEnvironmentVariable("DIMMGUARD_BINARY"), {QStringLiteral("log"), QStringLiteral("show"), QStringLiteral("--data-dir"), data.path(),
                                                              QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("100")});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QStringList recordedSlots;
        for (const auto& v : QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value(QStringLiteral("sightings")).toArray()) {
            const QJsonObject c = v.toObject().value(QStringLiteral("context")).toObject();
            if (c.value(QStringLiteral("lot")).toString() == QStringLiteral("PO-16-SLOTS")) recordedSlots << c.value(QStringLiteral("slot")).toString();
        }
        recordedSlots.sort();
        slotsSeen.sort();
        QCOMPARE(recordedSlots, slotsSeen);
    }

    // Settings -> Sound volume: the slider sets the level of every cue (heard at once), the
    // three buttons play each cue, 0 silences even COUNTERFEIT, and the choice is kept.
    void soundsFollowTheVolumeSetting() {
        AppContext context;
        context.overrideDataDir(data_.path());
        QCOMPARE(context.soundVolume(), 70);   // the default
        MainWindow window(context);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showScreen(MainWindow::settingsScreen);
        auto* slider = window.findChild<QSlider*>(QStringLiteral("soundVolume"));
        QVERIFY(slider);
        QCOMPARE(slider->value(), 70);
        QSignalSpy played(&context.sounds(), &SoundPlayer::played);
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageDown);
        QCOMPARE(context.soundVolume(), 60);
        QVERIFY(heard(played, context, SoundCue::attention));   // the new level, heard
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("soundVolumeValue"))->text(), QStringLiteral("60 %"));
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("playCounterfeit")), Qt::LeftButton);
        QVERIFY(heard(played, context, SoundCue::counterfeit));
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("playGenuine")), Qt::LeftButton);
        QVERIFY(heard(played, context, SoundCue::genuine));
        QTRY_VERIFY(window.findChild<QLabel*>(QStringLiteral("soundState"))->text().contains(SoundPlayer::deviceName()));

        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(context.soundVolume(), 0);
        QCOMPARE(AppContext().soundVolume(), 0);   // saved
        window.showScreen(MainWindow::intakeScreen);
        IntakePage& page = window.intake();
        QSignalSpy alarm(&page, &IntakePage::alarm);
        QSignalSpy shown(&page, &IntakePage::inspectionShown);
        QVERIFY(page.selectSlot(QStringLiteral("A4")));
        auto* edit = window.findChild<QLineEdit*>(QStringLiteral("labelEdit"));
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A0C4"));
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.first().at(0).value<dimmguard::verifier::Verdict>(), dimmguard::verifier::Verdict::counterfeit);
        QTest::qWait(500);
        QCOMPARE(played.count(), 0);
        QCOMPARE(alarm.count(), 0);

        // A settings file from before the volume slider: "Beep when COUNTERFEIT" off reads as 0.
        {
            QSettings settings(QStringLiteral("dimmguard"), QStringLiteral("dimmguard-gui"));
            settings.remove(QStringLiteral("soundVolume"));
            settings.setValue(QStringLiteral("soundOnCounterfeit"), false);
        }
        QCOMPARE(AppContext().soundVolume(), 0);
        {
            QSettings settings(QStringLiteral("dimmguard"), QStringLiteral("dimmguard-gui"));
            settings.setValue(QStringLiteral("soundOnCounterfeit"), true);
        }
        QCOMPARE(AppContext().soundVolume(), 70);
        context.setSoundVolume(70);
    }

    // Watching for inserted modules with a label typed: the label goes to the module just
    // inserted, not to the modules already in the fixture.
    void insertedModuleTakesTheTypedLabel() {
        QTemporaryDir dir;
        const QString bench = dir.filePath(QStringLiteral("bench.json"));
        const QString spd = test::sourceDir() + QStringLiteral("/examples/spd/");
        auto write = [&](bool second) {
            QString slotsJson = QStringLiteral(R"({"address": "0x50", "label": "P1", "spd": {"file": "%1ddr5-rdimm-micron-64g.bin"}})").arg(spd);
            if (second) slotsJson += QStringLiteral(R"(, {"address": "0x51", "label": "P2", "spd": {"file": "%1ddr5-rdimm-samsung-32g.bin"}})").arg(spd);
            QFile f(bench);
            return f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                   f.write(QStringLiteral(R"({"schema_version": 1, "buses": [{"name": "i2c-0", "slots": [%1]}]})").arg(slotsJson).toUtf8()) > 0;
        };
        QVERIFY(write(false));
        AppContext context;
        context.overrideDataDir(data_.path());
        SourceChoice source;
        source.benchPath = bench;
        context.setSource(source);
        MainWindow window(context);
        IntakePage& page = window.intake();
        page.poller().setIntervalMs(30);
        QSignalSpy probed(&page.poller(), &PresencePoller::probed);
        QSignalSpy shown(&page, &IntakePage::inspectionShown);
        auto* edit = window.findChild<QLineEdit*>(QStringLiteral("labelEdit"));
        edit->setFocus();
        QTest::keyClicks(edit, QStringLiteral("P2 LABEL 32GB"));   // typed, no Enter: waits for the module
        window.findChild<QCheckBox*>(QStringLiteral("watchBox"))->setChecked(true);
        QVERIFY(probed.wait(5000));
        QVERIFY(write(true));                // "insert" P2
        QVERIFY(shown.wait(10000));
        const auto last = context.lastInspection();
        QVERIFY(last);
        QCOMPARE(last->modules.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(last->modules[0].slot), QStringLiteral("P2"));
        QCOMPARE(QString::fromStdString(last->modules[0].label.value_or("")), QStringLiteral("P2 LABEL 32GB"));
        QVERIFY(page.labelSlotDialog() == nullptr);
        window.findChild<QCheckBox*>(QStringLiteral("watchBox"))->setChecked(false);
    }

    void badBenchFileIsExplained() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ \"schema_version\": 1, \"buses\": [ }");
        f.close();
        AppContext context;
        context.overrideDataDir(data_.path());
        SourceChoice source;
        source.benchPath = path;
        context.setSource(source);
        MainWindow window(context);
        QSignalSpy failed(&window.intake(), &IntakePage::scanFailed);
        window.intake().scan();
        QVERIFY(failed.wait(10000));
        // The banner says what is wrong, the next-step line the one action that fixes it, and the
        // parser's own message is in the technical details (not nested into the advice).
        QCOMPARE(window.intake().bannerMode(), IntakePage::BannerMode::error);
        auto* banner = window.findChild<QLabel*>(QStringLiteral("verdictBanner"));
        QVERIFY2(banner->text() == QStringLiteral("Scan failed: The bench file is not valid: broken.json"), qPrintable(banner->text()));
        auto* next = window.findChild<QLabel*>(QStringLiteral("nextStep"));
        QVERIFY2(next->text() == QStringLiteral("Fix the file, or choose another one in Settings."), qPrintable(next->text()));
        auto* details = window.findChild<QPlainTextEdit*>(QStringLiteral("technicalDetails"));
        QVERIFY2(details->toPlainText().contains(QStringLiteral("broken.json")), qPrintable(details->toPlainText()));
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("broken.json")));
    }

    void missingRegistrySaysWhy() {
        QTemporaryDir empty;
        AppContext context;
        context.overrideDataDir(empty.path());
        SourceChoice source;
        source.benchPath = test::demoBench();
        context.setSource(source);
        MainWindow window(context);
        QVERIFY(window.intake().selectSlot(QStringLiteral("A1")));
        QSignalSpy shown(&window.intake(), &IntakePage::inspectionShown);
        window.intake().scan();
        QVERIFY(shown.wait(30000));
        auto* banner = window.findChild<QLabel*>(QStringLiteral("verdictBanner"));
        QVERIFY2(banner->text().startsWith(QStringLiteral("UNKNOWN")), qPrintable(banner->text()));
        auto* warning = window.findChild<QLabel*>(QStringLiteral("registryWarning"));
        QVERIFY(!warning->isHidden());
        QVERIFY2(warning->text().contains(QStringLiteral("No registry database")), qPrintable(warning->text()));
    }

    // A module scanned again counts once in the lot tally (its latest verdict) and as a re-scan;
    // the banner says "Reading <slot>" while the worker reads; what to do next comes from the
    // site's next-steps file, in the operator's language, with a comma in the text kept.
    void rescansAndSiteNextSteps() {
        QTemporaryDir data;
        const QString made = test::makeDemoRegistry(data.path());
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QFile ini(data.filePath(QStringLiteral("next-steps.ini")));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[counterfeit]\ntext=Red bin, shelf 9: call QA on 4711\ntext_zh_CN=\xe7\xba\xa2\xe7\xae\xb1 9\n[bogus]\ntext=x\n");
        ini.close();
        AppContext context;
        context.overrideDataDir(data.path());
        SourceChoice source;
        source.benchPath = test::demoBench();
        context.setSource(source);
        MainWindow window(context);
        IntakePage& page = window.intake();
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusLabel"));
        QVERIFY2(status->text().contains(QStringLiteral("bogus")), qPrintable(status->text()));   // the unknown entry is named
        QStringList readingBanners;
        connect(&page.runner(), &InspectionRunner::progress, this, [&] {
            if (page.bannerMode() == IntakePage::BannerMode::reading) readingBanners << window.findChild<QLabel*>(QStringLiteral("verdictBanner"))->text();
        });
        auto scanSlot = [&](const QString& slot) {
            if (!page.selectSlot(slot)) return false;
            QSignalSpy shown(&page, &IntakePage::inspectionShown);
            page.scan();
            return shown.wait(30000);
        };
        QVERIFY(scanSlot(QStringLiteral("A4")));
        QVERIFY2(!readingBanners.isEmpty() && readingBanners.last().contains(QStringLiteral("A4")), qPrintable(readingBanners.join(QLatin1Char('|'))));
        auto* next = window.findChild<QLabel*>(QStringLiteral("nextStep"));
        QCOMPARE(next->text(), QStringLiteral("Red bin, shelf 9: call QA on 4711"));
        QVERIFY(scanSlot(QStringLiteral("A1")));
        QVERIFY2(next->text().contains(QStringLiteral("shelf")), qPrintable(next->text()));   // the built-in GENUINE text
        QVERIFY(scanSlot(QStringLiteral("A4")));
        QVERIFY(scanSlot(QStringLiteral("A4")));
        const IntakePage::LotTally tally = page.lotTally();
        QCOMPARE(tally.modules, 2);
        QCOMPARE(tally.rescans, 2);
        QCOMPARE(tally.byVerdict[static_cast<std::size_t>(dimmguard::verifier::Verdict::genuine)], 1);
        QCOMPARE(tally.byVerdict[static_cast<std::size_t>(dimmguard::verifier::Verdict::counterfeit)], 1);
        const QString text = window.findChild<QLabel*>(QStringLiteral("tallyLabel"))->text();
        QVERIFY2(text.contains(QStringLiteral("2 modules")) && text.contains(QStringLiteral("2 re-scans")), qPrintable(text));
        context.setLanguage(QStringLiteral("zh_CN"));
        QTRY_COMPARE_WITH_TIMEOUT(next->text(), QString::fromUtf8("\xe7\xba\xa2\xe7\xae\xb1 9"), 5000);
        context.setLanguage(QStringLiteral("en"));
        QTRY_COMPARE_WITH_TIMEOUT(next->text(), QStringLiteral("Red bin, shelf 9: call QA on 4711"), 5000);
    }

    // --kiosk: full screen, only Intake and History reachable (by click or Ctrl+N).
    void kioskShowsIntakeAndHistoryOnly() {
        AppContext context;
        context.overrideDataDir(data_.path());
        MainWindow window(context);
        window.setKioskMode(true);
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isFullScreen());
        auto* nav = window.findChild<QListWidget*>(QStringLiteral("navigation"));
        for (int i = 0; i < MainWindow::screenCount; ++i) {
            QCOMPARE(nav->item(i)->isHidden(), i != MainWindow::intakeScreen && i != MainWindow::historyScreen);
        }
        window.showScreen(MainWindow::settingsScreen);
        QCOMPARE(window.currentScreen(), int(MainWindow::intakeScreen));
        QTest::keyClick(&window, Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(window.currentScreen(), int(MainWindow::intakeScreen));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.currentScreen(), int(MainWindow::historyScreen));
    }

    // Every option `verify` takes as a flag is in Settings -> Inspection, and the next scan runs
    // with it: the event and context are recorded, and a labels file gives each slot its label.
    void inspectionOptionsFromSettings() {
        QTemporaryDir data;
        const QString made = test::makeDemoRegistry(data.path());
        QVERIFY2(made.isEmpty(), qPrintable(made));
        AppContext context;
        context.overrideDataDir(data.path());
        SourceChoice source;
        source.benchPath = test::demoBench();
        context.setSource(source);
        MainWindow window(context);
        QTemporaryDir files;
        const QString labels = files.filePath(QStringLiteral("labels.csv"));
        {
            QFile f(labels);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("slot,label\nA2,M321R4GA3BB6-CQKET 64GB 41C0E512\n");   // the module is 32 GB
        }
        auto* event = window.findChild<QComboBox*>(QStringLiteral("eventCombo"));
        auto* extra = window.findChild<QLineEdit*>(QStringLiteral("contextEdit"));
        auto* labelsEdit = window.findChild<QLineEdit*>(QStringLiteral("labelsFileEdit"));
        auto* smbios = window.findChild<QLineEdit*>(QStringLiteral("smbiosFileEdit"));
        auto* apply = window.findChild<QPushButton*>(QStringLiteral("applyInspection"));
        QVERIFY(event && extra && labelsEdit && smbios && apply);

        // A wrong file is refused when the options are applied, not at the next scan.
        smbios->setText(files.filePath(QStringLiteral("missing-dmi.txt")));
        apply->click();
        QCOMPARE(context.inspectionSettings().smbiosFile, QString());
        smbios->clear();
        extra->setText(QStringLiteral("novalue"));
        apply->click();
        QCOMPARE(context.inspectionSettings().context, QString());

        event->setCurrentIndex(event->findData(QStringLiteral("burn-in")));
        extra->setText(QStringLiteral("server=SRV-9; rack = R12"));
        labelsEdit->setText(labels);
        apply->click();
        QCOMPARE(context.inspectionSettings().event, dimmguard::verifier::EventKind::burn_in);

        QVERIFY(window.intake().selectSlot(QStringLiteral("A2")));
        QSignalSpy shown(&window.intake(), &IntakePage::inspectionShown);
        window.intake().scan();
        QVERIFY(shown.wait(30000));
        const auto last = context.lastInspection();
        QVERIFY(last);
        QCOMPARE(last->event, dimmguard::verifier::EventKind::burn_in);
        QCOMPARE(QString::fromStdString(last->context.at("server")), QStringLiteral("SRV-9"));
        QCOMPARE(QString::fromStdString(last->context.at("rack")), QStringLiteral("R12"));
        QCOMPARE(last->modules.size(), std::size_t{1});
        const auto& m = last->modules[0];
        QVERIFY(m.label.has_value());
        QCOMPARE(QString::fromStdString(*m.label), QStringLiteral("M321R4GA3BB6-CQKET 64GB 41C0E512"));
        QCOMPARE(m.verdict, dimmguard::verifier::Verdict::counterfeit);   // LABEL_MISMATCH: 64 GB on the label, 32 GB in the SPD
        bool labelMismatch = false;
        for (const auto& f : m.check.findings) labelMismatch = labelMismatch || f.code == dimmguard::verifier::FindingCode::label_mismatch;
        QVERIFY(labelMismatch);

        // The settings outlive the window (QSettings); a labels file that went away stops the
        // next scan with a message naming it instead of scanning without labels.
        files.remove();
        QSignalSpy failed(&window.intake(), &IntakePage::scanFailed);
        window.intake().scan();
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("labels.csv")), qPrintable(failed.first().first().toString()));
        context.setInspectionSettings({});
    }

    // UI stall probe: a 1 ms timer on the UI thread; the longest gap between its ticks while a
    // full 16-slot bench is read, judged and recorded is the longest the window was frozen.
    // The UI thread's own CPU time inside each gap is measured too, to tell work done on the
    // UI thread from time the thread merely waited for a CPU on a loaded machine.
    void uiStallDuringFullBenchScan() {
        QVERIFY(intake().selectSlot(QString()));
        child<QLineEdit>("labelEdit")->clear();
        auto threadCpuNs = [] {
            timespec ts{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return static_cast<qint64>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
        };
        QElapsedTimer clock;
        qint64 last = -1;
        qint64 lastCpu = 0;
        qint64 worst = 0;
        qint64 worstCpuInWorst = 0;
        qint64 worstCpu = 0;
        int ticks = 0;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(1);
        connect(&probe, &QTimer::timeout, this, [&] {
            const qint64 now = clock.nsecsElapsed();
            const qint64 cpu = threadCpuNs();
            if (last >= 0) {
                if (now - last > worst) {
                    worst = now - last;
                    worstCpuInWorst = cpu - lastCpu;
                }
                worstCpu = std::max(worstCpu, cpu - lastCpu);
            }
            last = now;
            lastCpu = cpu;
            ++ticks;
        });
        QSignalSpy shown(&intake(), &IntakePage::inspectionShown);
        clock.start();
        probe.start();
        QTest::qWait(50);   // baseline ticks
        QElapsedTimer scanTime;
        scanTime.start();
        intake().scan();
        QVERIFY(shown.wait(60000));
        const qint64 scanMs = scanTime.elapsed();
        QTest::qWait(100);   // include the deferred table fill and the repaints after the result
        probe.stop();
        QCOMPARE(context_->lastInspection()->modules.size(), std::size_t{16});
        const double worstMs = static_cast<double>(worst) / 1e6;
        qInfo("UI stall probe: longest UI-thread gap %.2f ms (UI-thread CPU in it %.2f ms); longest UI-thread CPU "
              "between ticks %.2f ms; %d ticks; full bench scan %lld ms",
              worstMs, static_cast<double>(worstCpuInWorst) / 1e6, static_cast<double>(worstCpu) / 1e6, ticks, scanMs);
        const double limit = qEnvironmentVariableIsEmpty("DIMMGUARD_GUI_STALL_LIMIT_MS")
                                 ? 250.0 : qEnvironmentVariable("DIMMGUARD_GUI_STALL_LIMIT_MS").toDouble();
        QVERIFY2(worstMs <= limit, qPrintable(QStringLiteral("UI stalled %1 ms (limit %2 ms)").arg(worstMs).arg(limit)));
    }
};

// With DIMMGUARD_GUI_TRACE_MS=N set, every top-level event delivery that keeps the UI thread
// busy for more than N ms is printed with its receiver: finds what a stall is made of.
class TracingApplication : public QApplication {
public:
    TracingApplication(int& argc, char** argv) : QApplication(argc, argv) {
        if (!qEnvironmentVariableIsEmpty("DIMMGUARD_GUI_TRACE_MS")) traceMs_ = qEnvironmentVariable("DIMMGUARD_GUI_TRACE_MS").toInt();
    }
    bool notify(QObject* receiver, QEvent* event) override {
        if (traceMs_ < 0) return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const int type = static_cast<int>(event->type());
        ++depth_;
        const bool result = QApplication::notify(receiver, event);
        --depth_;
        if (depth_ == 0 && timer.elapsed() > traceMs_) {
            qInfo("slow event: %lld ms, type %d, %s '%s'", timer.elapsed(), type, receiver->metaObject()->className(),
                  qPrintable(receiver->objectName()));
        }
        return result;
    }

private:
    int traceMs_ = -1;
    int depth_ = 0;
};

int main(int argc, char** argv) {
    QTemporaryDir config;
    dimmguard::gui::test::isolateSettings(config);
    // Sounds go to a file, never to this machine's speaker; tests compare it with the cues.
    const QString sound = config.filePath(QStringLiteral("sound.raw"));
    qputenv("DIMMGUARD_TEST_SOUND_FILE", sound.toUtf8());
    qputenv("DIMMGUARD_SOUND_DEVICE", dimmguard::gui::test::captureDevice(sound));
    TracingApplication app(argc, argv);
    IntakeTest test;
    return dimmguard::gui::test::runAndJoin(test, argc, argv);
}

#include "intake_test.moc"
