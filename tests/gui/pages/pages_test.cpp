// SPDX-License-Identifier: GPL-3.0-or-later
// Qt Test of the Bench, History and Registry screens on real components: a signed demo
// registry made by the real `dimmguard` binary, a real Inspector run on examples/demo/bench.json
// that records real sightings, published to a real AppContext.
#include "bench_analysis.hpp"   // core headers before Qt ones (Qt's `slots` macro)
#include "bench_page.hpp"
#include "disposition_dialog.hpp"
#include "hex_view.hpp"
#include "history_page.hpp"
#include "registry_page.hpp"
#include "sighting_query.hpp"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QThreadPool>
#include <QTreeWidget>
#include <QtTest>

#include <algorithm>
#include <optional>

#include "db/custody.hpp"
#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"
#include "engine/session.hpp"

using namespace dimmguard;
using namespace dimmguard::gui;

namespace {

QString env(const char* name) { return qEnvironmentVariable(name); }

/// Run the dimmguard binary; returns exit code, stderr in `err`.
int runDimmguard(const QStringList& args, QString* err = nullptr) {
    QProcess p;
    p.start(env("DIMMGUARD_BINARY"), args);
    p.waitForFinished(60'000);
    if (err) *err = QString::fromUtf8(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

bool treeHas(const QTreeWidget* tree, const QString& text) {
    for (QTreeWidgetItemIterator it(const_cast<QTreeWidget*>(tree)); *it; ++it) {
        if ((*it)->text(0) == text || (*it)->text(1) == text) return true;
    }
    return false;
}

QString tableText(const QTableWidget* table) {
    QString all;
    for (int r = 0; r < table->rowCount(); ++r) {
        for (int c = 0; c < table->columnCount(); ++c) {
            if (auto* item = table->item(r, c)) all += item->text() + QLatin1Char('\t');
        }
        all += QLatin1Char('\n');
    }
    return all;
}

}  // namespace

class PagesTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir temp_;
    QString dataDir_;
    std::unique_ptr<AppContext> context_;
    std::shared_ptr<const Inspection> inspection_;

    int moduleBySlot(const std::string& slot) const {
        const auto& modules = inspection_->modules;
        for (std::size_t i = 0; i < modules.size(); ++i) {
            if (modules[i].slot == slot) return static_cast<int>(i);
        }
        return -1;
    }

    /// A parts bundle of version `version` signed with `key`, made by the real CLI.
    QString makePartsBundle(const QString& name, const QString& key, int version, const QString& expires = QStringLiteral("2027-12-31"),
                            const QString& spd = QStringLiteral("ddr5-rdimm-micron-64g.bin")) {
        const QString source = env("DIMMGUARD_SOURCE_DIR");
        const QString unsignedFile = temp_.filePath(name + QStringLiteral(".unsigned"));
        const QString bundle = temp_.filePath(name + QStringLiteral(".bundle"));
        QString err;
        if (runDimmguard({"bundle", "build", "--role", "parts", "-o", unsignedFile, "--spd",
                          source + "/examples/spd/" + spd}, &err) != 0) {
            qWarning() << err;
            return {};
        }
        if (runDimmguard({"bundle", "sign", "--key", key, "--version", QString::number(version), "--expires", expires, "-o", bundle,
                          unsignedFile}, &err) != 0) {
            qWarning() << err;
            return {};
        }
        return bundle;
    }

private slots:
    void initTestCase() {
        QVERIFY(temp_.isValid());
        QVERIFY2(!env("DIMMGUARD_BINARY").isEmpty() && !env("DIMMGUARD_SOURCE_DIR").isEmpty(),
                 "DIMMGUARD_BINARY and DIMMGUARD_SOURCE_DIR must be set (ctest does)");
        dataDir_ = temp_.filePath(QStringLiteral("registry"));
        const QString source = env("DIMMGUARD_SOURCE_DIR");
        QProcess script;
        script.start(QStringLiteral("bash"), {source + "/examples/demo/make-demo-registry.sh", env("DIMMGUARD_BINARY"), dataDir_});
        QVERIFY(script.waitForFinished(120'000));
        QVERIFY2(script.exitCode() == 0, script.readAllStandardError().constData());

        // The same inspection session as `dimmguard verify --bench examples/demo/bench.json --lot PO-TEST`.
        engine::SessionOptions options;
        options.data_dir = dataDir_.toStdString();
        options.source.kind = firmware_io::AcquireSource::Kind::bench;
        options.source.bench = (source + "/examples/demo/bench.json").toStdString();
        options.context["lot"] = "PO-TEST";
        options.today_week = "2026-W48";
        auto session = engine::InspectionSession::prepare(options);
        QVERIFY2(session.has_value(), session ? "" : session.error().message.c_str());
        auto report = session->run();
        QVERIFY2(report.has_value(), report ? "" : report.error().message.c_str());
        auto inspection = std::make_shared<Inspection>(std::move(*report));
        QVERIFY(inspection->recorded);
        QCOMPARE(inspection->modules.size(), std::size_t{16});
        inspection_ = inspection;

        context_ = std::make_unique<AppContext>();
        context_->overrideDataDir(dataDir_);
        context_->publish(inspection_);
    }

    // ---- pure helpers

    void sightingsCsvQuotesAndGuards() {
        // The History export goes through the engine's CSV writer: quoting and formula guard.
        SightingRow row;
        row.sighting.time = "2026-11-27T10:00:00Z";
        row.sighting.part_number = "=SUM(A1)";
        row.sighting.site = "Hall 3, bay \"B\"";
        row.verified = false;
        const std::string csv = sightings_csv({row});
        QVERIFY2(csv.find(",'=SUM(A1),") != std::string::npos, csv.c_str());
        QVERIFY2(csv.find(",\"Hall 3, bay \"\"B\"\"\",") != std::string::npos, csv.c_str());
        QVERIFY(csv.find(",no,") != std::string::npos);
        QCOMPARE(csv.substr(csv.size() - 2), std::string("\r\n"));
    }

    void offsetsTextRuns() {
        QCOMPARE(offsets_text({1, 2, 3, 7}), std::string("0x0001-0x0003, 0x0007"));
        QCOMPARE(offsets_text({}), std::string());
    }

    void expiryStates() {
        const std::string now = "2026-11-28T10:00:00Z";
        QCOMPARE(expiry_state("2026-11-28T09:59:59Z", now), ExpiryState::expired);
        QCOMPARE(expiry_state("2026-11-28T10:00:00Z", now), ExpiryState::expired);
        QCOMPARE(expiry_state("2026-12-20T00:00:00Z", now), ExpiryState::soon);
        QCOMPARE(expiry_state("2027-12-31T00:00:00Z", now), ExpiryState::valid);
        QCOMPARE(expiry_state("", now), ExpiryState::valid);
    }

    // ---- Bench

    void benchShowsDecodeAndIdentity() {
        BenchPage page(*context_);
        const int a1 = moduleBySlot("A1");
        QVERIFY(a1 >= 0);
        page.showModule(a1);
        QCOMPARE(page.currentModule(), a1);
        QCOMPARE(context_->selectedModule(), a1);
        const auto& m = inspection_->modules[static_cast<std::size_t>(a1)];
        QVERIFY(treeHas(page.decodeTree(), QStringLiteral("MTC40F2046S1RC48BA1")));
        QVERIFY(treeHas(page.decodeTree(), QString::fromStdString(m.check.identity->key())));
        QVERIFY(treeHas(page.decodeTree(), QString::fromStdString(m.spd->manufacturing.serial_hex)));
        QCOMPARE(page.moduleChooser()->count(), 16);

        // DDR5 serial: bytes 517-520; part number 521-550; byte 0 is fingerprint-covered, 514 (location) is not.
        const HexView* hex = page.hexView();
        QCOMPARE(hex->byteCount(), 1024);
        for (int offset = 517; offset <= 520; ++offset) QVERIFY(hex->marksAt(offset) & mark_serial);
        QVERIFY(!(hex->marksAt(516) & mark_serial));
        QVERIFY(!(hex->marksAt(521) & mark_serial));
        QVERIFY(hex->marksAt(521) & mark_part_number);
        QVERIFY(hex->marksAt(0) & mark_fingerprint);
        QVERIFY(!(hex->marksAt(514) & mark_fingerprint));
        QVERIFY(hex->marksAt(514) & mark_identity);

        // Hub / PMIC registers and write protection of a DDR5 module.
        QVERIFY(treeHas(page.hardwareTree(), page.hardwareTree()->topLevelItem(0)->text(0)));
        bool writeProtect = false;
        for (QTreeWidgetItemIterator it(page.hardwareTree()); *it; ++it) writeProtect = writeProtect || (*it)->text(0).contains(QStringLiteral("MR12"));
        QVERIFY(writeProtect);
    }

    void benchHighlightsDifferingBytesOfCounterfeit() {
        BenchPage page(*context_);
        const int a1 = moduleBySlot("A1");
        const int a4 = moduleBySlot("A4");   // a 32 GB module re-flashed to claim the 64 GB Micron part
        QVERIFY(a1 >= 0 && a4 >= 0);
        page.showModule(a4);
        QSignalSpy loaded(&page, &BenchPage::registryLoaded);
        QVERIFY(loaded.wait(10'000));
        // The reference is a module of the same part whose fingerprint the registry accepts.
        QVERIFY2(page.referenceText().contains(QStringLiteral("A1")), qPrintable(page.referenceText()));
        const auto& counterfeit = inspection_->modules[static_cast<std::size_t>(a4)];
        const auto& genuine = inspection_->modules[static_cast<std::size_t>(a1)];
        const auto differing = differing_offsets(counterfeit.read->image, genuine.read->image);
        const auto inside = fingerprint_range_diffs(counterfeit.spd->fingerprint, differing);
        std::size_t insideCount = 0;
        for (const auto& r : inside) insideCount += r.differing.size();
        QVERIFY(insideCount > 0);   // the configuration was re-flashed
        int marked = 0;
        for (int offset = 0; offset < page.hexView()->byteCount(); ++offset) marked += (page.hexView()->marksAt(offset) & mark_differs) ? 1 : 0;
        QCOMPARE(marked, static_cast<int>(differing.size()));
        for (std::size_t offset : differing) QVERIFY(page.hexView()->marksAt(static_cast<int>(offset)) & mark_differs);
        QVERIFY(page.fingerprintView()->toPlainText().contains(QStringLiteral("matches none")));

        // The genuine module differs from another accepted module of its part only outside the fingerprint.
        page.showModule(a1);
        QVERIFY(loaded.wait(10'000));
        const auto reference = pick_reference(*inspection_, a1, genuine.check.part->record.fingerprints);
        if (reference) {
            const auto& other = inspection_->modules[static_cast<std::size_t>(*reference)];
            const auto genuineDiff = differing_offsets(genuine.read->image, other.read->image);
            QVERIFY(differing_outside_fingerprint(genuine.spd->fingerprint, genuineDiff).size() == genuineDiff.size());
        }
        QVERIFY(page.fingerprintView()->toPlainText().contains(QStringLiteral("matches an accepted fingerprint")));

        // A reference dump file of the genuine part: the counterfeit differs inside the fingerprint.
        page.showModule(a4);
        QVERIFY(page.loadReferenceDump(env("DIMMGUARD_SOURCE_DIR") + "/examples/spd/ddr5-rdimm-micron-64g.bin"));
        QVERIFY(page.referenceText().contains(QStringLiteral("ddr5-rdimm-micron-64g.bin")));
        int markedInFingerprint = 0;
        for (int offset = 0; offset < 512; ++offset) markedInFingerprint += (page.hexView()->marksAt(offset) & mark_differs) ? 1 : 0;
        QVERIFY(markedInFingerprint > 0);
        // A file that is not a dump is refused with a message, not a crash.
        QVERIFY(!page.loadReferenceDump(env("DIMMGUARD_SOURCE_DIR") + "/examples/demo/labels.csv"));
        page.clearReferenceDump();
        QVERIFY(page.referenceText().contains(QStringLiteral("A1")));
    }

    void benchFindsReferenceInEarlierInspectionOfLot() {
        // At intake each Scan reads one slot: A1 (genuine) first, then A4 on its own. The
        // reference for A4 comes from the earlier inspection of the same lot.
        const int a1 = moduleBySlot("A1");
        const int a4 = moduleBySlot("A4");
        QVERIFY(a1 >= 0 && a4 >= 0);
        AppContext lotContext;
        lotContext.overrideDataDir(dataDir_);
        lotContext.startLot(QStringLiteral("PO-TEST"));
        for (int index : {a1, a4}) {
            auto single = std::make_shared<Inspection>();
            single->modules.push_back(inspection_->modules[static_cast<std::size_t>(index)]);
            single->context["lot"] = "PO-TEST";
            lotContext.publish(single);
        }
        BenchPage page(lotContext);
        page.showModule(0);
        QSignalSpy loaded(&page, &BenchPage::registryLoaded);
        QVERIFY(loaded.wait(10'000));
        QVERIFY2(page.referenceText().contains(QStringLiteral("earlier inspection")) && page.referenceText().contains(QStringLiteral("A1")),
                 qPrintable(page.referenceText()));
        const auto differing = differing_offsets(inspection_->modules[static_cast<std::size_t>(a4)].read->image,
                                                 inspection_->modules[static_cast<std::size_t>(a1)].read->image);
        QVERIFY(!differing.empty());
        int marked = 0;
        for (int offset = 0; offset < page.hexView()->byteCount(); ++offset) marked += (page.hexView()->marksAt(offset) & mark_differs) ? 1 : 0;
        QCOMPARE(marked, static_cast<int>(differing.size()));
        // A new lot forgets the earlier inspections: no reference any more.
        lotContext.startLot(QStringLiteral("PO-NEXT"));
        auto alone = std::make_shared<Inspection>();
        alone->modules.push_back(inspection_->modules[static_cast<std::size_t>(a4)]);
        lotContext.publish(alone);
        page.showModule(0);
        QVERIFY(loaded.wait(10'000));
        QVERIFY2(page.referenceText().isEmpty(), qPrintable(page.referenceText()));
    }

    void benchDefersWorkWhileHidden() {
        // During intake the Bench screen is hidden: an inspection must not cost its tree and hex
        // view on the UI thread until the screen is shown (the UI-stall target, issue #6).
        const int a1 = moduleBySlot("A1");
        const int a4 = moduleBySlot("A4");
        QVERIFY(a1 >= 0 && a4 >= 0);
        AppContext hiddenContext;
        hiddenContext.overrideDataDir(dataDir_);
        BenchPage page(hiddenContext);
        const auto single = [&](int index) {
            auto inspection = std::make_shared<Inspection>();
            inspection->modules.push_back(inspection_->modules[static_cast<std::size_t>(index)]);
            return inspection;
        };
        hiddenContext.publish(single(a4));
        QCOMPARE(page.currentModule(), -1);
        const QString a4Serial = QString::fromStdString(inspection_->modules[static_cast<std::size_t>(a4)].spd->manufacturing.serial_hex);
        QVERIFY(!treeHas(page.decodeTree(), a4Serial));
        page.show();
        QCOMPARE(page.currentModule(), 0);
        QVERIFY(treeHas(page.decodeTree(), a4Serial));
        // Once shown, a new inspection is shown at once.
        hiddenContext.publish(single(a1));
        QVERIFY(treeHas(page.decodeTree(),
                        QString::fromStdString(inspection_->modules[static_cast<std::size_t>(a1)].spd->manufacturing.serial_hex)));
        page.hide();
    }

    void benchShowsSightingHistory() {
        BenchPage page(*context_);
        const int a8 = moduleBySlot("A8");   // serial still held at Warehouse B
        QVERIFY(a8 >= 0);
        QSignalSpy loaded(&page, &BenchPage::registryLoaded);
        page.showModule(a8);
        QVERIFY(loaded.wait(10'000));
        // Warehouse B's imported intake plus this inspection's own sighting.
        QCOMPARE(page.sightingsTable()->rowCount(), 2);
        const QString text = tableText(page.sightingsTable());
        QVERIFY2(text.contains(QStringLiteral("Warehouse B (Shenzhen)")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("lot=PO-TEST")));
        QVERIFY(text.contains(QStringLiteral("lot=PO-2026-0901")));
        QVERIFY(page.registryMessage()->text().contains(QStringLiteral("802c-06-2418-3bf2a0b1")));
    }

    // ---- History

    void historyFiltersAndExports() {
        // Independent count from the library's own listing (`dimmguard log show`).
        auto database = db::Database::open(dataDir_.toStdString());
        QVERIFY(database.has_value());
        auto all = db::recent_sightings(*database, 1000);
        QVERIFY(all.has_value());
        int counterfeit = 0, micron = 0;
        for (const auto& row : *all) {
            QVERIFY(row.verified);
            counterfeit += row.sighting->verdict == "counterfeit" ? 1 : 0;
            micron += row.sighting->part_number == "MTC40F2046S1RC48BA1" ? 1 : 0;
        }
        int reportCounterfeit = 0;
        for (const auto& m : inspection_->modules) reportCounterfeit += m.verdict == verifier::Verdict::counterfeit ? 1 : 0;
        QCOMPARE(counterfeit, reportCounterfeit);   // Warehouse B's records are not verdicts of this station
        QVERIFY(micron >= 6);

        HistoryPage page(*context_);
        QSignalSpy finished(&page, &HistoryPage::searchFinished);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), static_cast<int>(all->size()));

        SightingFilter byVerdict;
        byVerdict.verdict = "counterfeit";
        page.setFilter(byVerdict);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), counterfeit);

        SightingFilter byPart;
        byPart.part = "MTC40F2046S1RC48BA1";
        page.setFilter(byPart);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), micron);
        const QString csvPath = temp_.filePath(QStringLiteral("micron.csv"));
        QCOMPARE(page.exportCsv(csvPath), QString());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), micron + 1);
        QVERIFY(lines[0].startsWith(QStringLiteral("time,verdict,part_number,identity")));
        for (int i = 1; i < lines.size(); ++i) QCOMPARE(lines[i].split(QLatin1Char(','))[2], QStringLiteral("MTC40F2046S1RC48BA1"));

        SightingFilter bySerial;
        bySerial.text = "3BF2A0B1";   // case-insensitive; Warehouse B's record and ours
        page.setFilter(bySerial);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), 2);

        SightingFilter byIdentity;
        byIdentity.text = "802C-06-2418-3BF2A0B1";   // a whole identity key (indexed lookup)
        page.setFilter(byIdentity);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), 2);

        SightingFilter byLot;
        byLot.lot = "PO-2026-0901";
        page.setFilter(byLot);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), 2);

        SightingFilter longAgo;
        longAgo.from_day = "2001-01-01";
        longAgo.to_day = "2001-12-31";
        page.setFilter(longAgo);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), 0);

        // The query stops at its limit and says there is more.
        auto limited = query_sightings(dataDir_.toStdString(), SightingFilter{}, 3);
        QVERIFY(limited.has_value());
        QCOMPARE(limited->rows.size(), std::size_t{3});
        QVERIFY(limited->more);

        // Pages of 3, each after the last row of the one before, are the whole list in order.
        auto whole = query_sightings(dataDir_.toStdString(), SightingFilter{}, 1000);
        QVERIFY(whole.has_value() && !whole->more);
        std::vector<std::int64_t> paged;
        SightingCursor after;
        for (int pageNo = 0; pageNo < 1000; ++pageNo) {
            auto next = query_sightings(dataDir_.toStdString(), SightingFilter{}, 3, nullptr, after);
            QVERIFY(next.has_value());
            for (const auto& row : next->rows) paged.push_back(row.seq);
            if (!next->more) break;
            after = SightingCursor{next->rows.back().order_time, next->rows.back().seq};
        }
        std::vector<std::int64_t> expected;
        for (const auto& row : whole->rows) expected.push_back(row.seq);
        QCOMPARE(paged, expected);
    }

    void historyPagesThroughManyRows() {
        // 450 sightings: the screen lists the newest history_page_rows and fetches the next page
        // when "Show older sightings" is pressed, until none are left.
        QTemporaryDir data;
        QVERIFY(data.isValid());
        {
            auto database = db::Database::open(data.path().toStdString());
            QVERIFY(database.has_value());
            for (int i = 0; i < 450; ++i) {
                verifier::Sighting s;
                s.identity = {"802c", "06", "2418", QStringLiteral("%1").arg(i, 8, 16, QLatin1Char('0')).toStdString()};
                s.fingerprint = "9d0c2f5e";
                s.part_number = "MTC40F2046S1RC48BA1";
                s.verdict = "genuine";
                s.event = verifier::EventKind::intake;
                // Three sightings share each second: the order falls back to storage order.
                const QString time = QStringLiteral("2026-11-27T10:%1:%2Z").arg(i / 3 / 60, 2, 10, QLatin1Char('0')).arg(i / 3 % 60, 2, 10, QLatin1Char('0'));
                db::SqliteRegistry registry(*database, time.toStdString());
                QVERIFY(registry.record_sighting(s).has_value());
            }
        }
        const QString saved = context_->dataDir();
        context_->overrideDataDir(data.path());
        HistoryPage page(*context_);
        page.resize(1366, 700);
        page.show();
        QSignalSpy finished(&page, &HistoryPage::searchFinished);
        if (page.busy() || finished.isEmpty()) QVERIFY(finished.wait(10'000));   // showing the page searches
        auto* older = page.findChild<QPushButton*>(QStringLiteral("olderButton"));
        QVERIFY(older != nullptr);
        QCOMPARE(page.model().rows().size(), history_page_rows);
        QVERIFY(older->isVisible());
        QCOMPARE(page.model().rows().front().sighting.identity.serial, std::string("000001c1"));   // the newest (449)
        QTest::mouseClick(older, Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(page.model().rows().size(), 2 * history_page_rows);
        QVERIFY(older->isVisible());
        QTest::mouseClick(older, Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(page.model().rows().size(), std::size_t{450});
        QVERIFY(!older->isVisible());
        QVERIFY(!page.hasOlder());
        // Every sighting once, newest first.
        for (std::size_t i = 0; i < page.model().rows().size(); ++i) {
            const int n = 449 - static_cast<int>(i);
            QCOMPARE(QString::fromStdString(page.model().rows()[i].sighting.identity.serial), QStringLiteral("%1").arg(n, 8, 16, QLatin1Char('0')));
            QVERIFY(page.model().rows()[i].verified);
        }
        QVERIFY2(page.statusLabel()->text().contains(QStringLiteral("450 sighting")), qPrintable(page.statusLabel()->text()));
        context_->overrideDataDir(saved);
    }

    void historyNeverVouchesForAnEditedRow() {
        // A registry of its own: two sightings, then one byte of one signed line changed with
        // the sqlite3 shell. Forcing "verified" anywhere on the History path fails this.
        QTemporaryDir data;
        QVERIFY(data.isValid());
        {
            auto database = db::Database::open(data.path().toStdString());
            QVERIFY(database.has_value());
            for (const char* serial : {"0badc0de", "600dc0de"}) {
                verifier::Sighting s;
                s.identity = {"802c", "06", "2418", serial};
                s.fingerprint = "9d0c2f5e";
                s.part_number = "MTC40F2046S1RC48BA1";
                s.verdict = "genuine";
                s.event = verifier::EventKind::intake;
                db::SqliteRegistry registry(*database, "2026-11-27T10:00:00Z");
                QVERIFY(registry.record_sighting(s).has_value());
            }
        }
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"),
                     {QString::fromStdString(db::registry_path(data.path().toStdString()).string()),
                      QStringLiteral("UPDATE sightings SET line = replace(line, '9d0c2f5e', '9d0c2f5f') WHERE identity LIKE '%0badc0de'")});
        QVERIFY(sqlite.waitForFinished(30'000));
        QCOMPARE(sqlite.exitCode(), 0);

        auto found = query_sightings(data.path().toStdString(), SightingFilter{});
        QVERIFY2(found.has_value(), found ? "" : found.error().message.c_str());
        QCOMPARE(found->rows.size(), std::size_t{2});
        for (const auto& row : found->rows) {
            if (row.sighting.identity.serial == "0badc0de") {
                QVERIFY(!row.verified);
                QCOMPARE(row.problem, std::string("signature does not verify"));
            } else {
                QVERIFY(row.verified);
                QVERIFY(row.problem.empty());
            }
        }
        const std::string csv = sightings_csv(found->rows);
        QVERIFY(csv.find("0badc0de,intake,") != std::string::npos);
        QVERIFY(csv.find(",no,") != std::string::npos && csv.find(",yes,") != std::string::npos);

        // The screen says so too.
        const QString saved = context_->dataDir();
        context_->overrideDataDir(data.path());
        HistoryPage page(*context_);
        QSignalSpy finished(&page, &HistoryPage::searchFinished);
        page.search();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(static_cast<int>(page.model().rows().size()), 2);
        QVERIFY2(page.statusLabel()->text().contains(QStringLiteral("signature check")), qPrintable(page.statusLabel()->text()));
        context_->overrideDataDir(saved);
    }

    // ---- Registry

    void registryListsTrustAndBundles() {
        RegistryPage page(*context_);
        QSignalSpy refreshed(&page, &RegistryPage::refreshed);
        QSignalSpy verified(&page, &RegistryPage::logVerified);
        page.refresh();
        page.verifyLog();
        QVERIFY(refreshed.wait(10'000));
        if (verified.isEmpty()) QVERIFY(verified.wait(10'000));
        // The demo trust document names the publisher, the QA key and two stations.
        QCOMPARE(page.publishersTable()->rowCount(), 4);
        const QString publishers = tableText(page.publishersTable());
        QVERIFY2(publishers.contains(QStringLiteral("parts, serials, revocations")), qPrintable(publishers));
        int stations = 0;
        for (int r = 0; r < page.publishersTable()->rowCount(); ++r) stations += page.publishersTable()->item(r, 1)->text() == QStringLiteral("station") ? 1 : 0;
        QCOMPARE(stations, 2);
        int qa = 0;
        for (int r = 0; r < page.publishersTable()->rowCount(); ++r) qa += page.publishersTable()->item(r, 1)->text() == QStringLiteral("QA releases") ? 1 : 0;
        QCOMPARE(qa, 1);
        QVERIFY(publishers.contains(QStringLiteral("(this station)")));
        const QString bundles = tableText(page.bundlesTable());
        QCOMPARE(page.bundlesTable()->rowCount(), 3);
        for (const char* role : {"parts", "serials", "revocations"}) QVERIFY2(bundles.contains(QLatin1String(role)), qPrintable(bundles));
        QVERIFY2(page.logMessage()->text().contains(QStringLiteral("OK")), qPrintable(page.logMessage()->text()));
    }

    void registryRefusesBadBundlesAndImportsAGoodOne() {
        const QString keys = dataDir_ + QStringLiteral("/demo-keys");
        const QString good = makePartsBundle(QStringLiteral("parts-v2"), keys + QStringLiteral("/publisher.key"), 2);
        QVERIFY(!good.isEmpty());

        // Tampered: one byte of a record changed in a copy.
        const QString tampered = temp_.filePath(QStringLiteral("tampered.bundle"));
        QVERIFY(QFile::copy(good, tampered));
        {
            QFile f(tampered);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QByteArray bytes = f.readAll();
            const qsizetype at = bytes.indexOf("part\t") + 6;
            QVERIFY(at > 6);
            bytes[at] = bytes[at] == 'A' ? 'B' : 'A';
            f.seek(0);
            f.write(bytes);
        }
        QString cliMessage;
        QVERIFY(runDimmguard({"registry", "import", tampered, "--data-dir", dataDir_}, &cliMessage) != 0);
        cliMessage = cliMessage.trimmed().remove(QStringLiteral("dimmguard: "));
        QVERIFY(!cliMessage.isEmpty());

        RegistryPage page(*context_);
        QSignalSpy finished(&page, &RegistryPage::importFinished);
        page.importBundle(tampered);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.last().at(0).toBool(), false);
        QVERIFY2(finished.last().at(1).toString().contains(cliMessage), qPrintable(finished.last().at(1).toString() + " / " + cliMessage));
        QVERIFY(page.importMessage()->text().contains(QStringLiteral("Refused")));

        // Untrusted publisher: a key the trust document does not name.
        QVERIFY(runDimmguard({"bundle", "keygen", "-o", temp_.filePath(QStringLiteral("stranger"))}) == 0);
        const QString stranger = makePartsBundle(QStringLiteral("stranger"), temp_.filePath(QStringLiteral("stranger.key")), 1);
        QVERIFY(!stranger.isEmpty());
        page.importBundle(stranger);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.last().at(0).toBool(), false);
        QVERIFY2(page.importMessage()->text().contains(QStringLiteral("not trusted")), qPrintable(page.importMessage()->text()));

        // Not a bundle at all.
        page.importBundle(env("DIMMGUARD_SOURCE_DIR") + "/examples/demo/labels.csv");
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.last().at(0).toBool(), false);

        // The good one imports, and the list shows version 2.
        QSignalSpy refreshed(&page, &RegistryPage::refreshed);
        page.importBundle(good);
        QVERIFY(finished.wait(10'000));
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QVERIFY(refreshed.wait(10'000));
        QCOMPARE(page.bundlesTable()->rowCount(), 4);
        bool version2 = false;
        for (int r = 0; r < page.bundlesTable()->rowCount(); ++r) version2 = version2 || page.bundlesTable()->item(r, 2)->text() == QStringLiteral("2");
        QVERIFY(version2);

        // A bundle that expires in ten days is listed amber ("expires soon").
        const QString soon = makePartsBundle(QStringLiteral("parts-v3"), keys + QStringLiteral("/publisher.key"), 3,
                                             QDate::currentDate().addDays(10).toString(Qt::ISODate), QStringLiteral("ddr5-rdimm-samsung-32g.bin"));
        QVERIFY(!soon.isEmpty());
        page.importBundle(soon);
        QVERIFY(finished.wait(10'000));
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
        QVERIFY(refreshed.wait(10'000));
        int soonRow = -1;
        for (int r = 0; r < page.bundlesTable()->rowCount(); ++r) {
            if (page.bundlesTable()->item(r, 2)->text() == QStringLiteral("3")) soonRow = r;
        }
        QVERIFY2(soonRow >= 0, qPrintable(tableText(page.bundlesTable()) + finished.last().at(1).toString()));
        QCOMPARE(page.bundlesTable()->item(soonRow, 7)->text(), QStringLiteral("expires soon"));
        QVERIFY(page.bundlesTable()->item(soonRow, 7)->background().style() != Qt::NoBrush);   // highlighted
        for (int r = 0; r < page.bundlesTable()->rowCount(); ++r) {
            if (r != soonRow) QCOMPARE(page.bundlesTable()->item(r, 7)->background().style(), Qt::NoBrush);
        }
    }

    // ---- errors and languages

    void missingRegistryIsAMessageNotACrash() {
        QTemporaryDir empty;
        context_->overrideDataDir(empty.path());
        RegistryPage registry(*context_);
        QSignalSpy refreshed(&registry, &RegistryPage::refreshed);
        registry.refresh();
        QVERIFY(refreshed.wait(10'000));
        QVERIFY(registry.statusMessage()->text().contains(QStringLiteral("No registry")));
        HistoryPage history(*context_);
        QSignalSpy finished(&history, &HistoryPage::searchFinished);
        history.search();
        QVERIFY(finished.wait(10'000));
        QVERIFY(history.statusLabel()->text().contains(QStringLiteral("No registry")));
        BenchPage bench(*context_);
        QSignalSpy loaded(&bench, &BenchPage::registryLoaded);
        bench.showModule(moduleBySlot("A8"));
        QVERIFY(loaded.wait(10'000));
        QVERIFY(bench.registryMessage()->text().contains(QStringLiteral("No registry")));
        QVERIFY(!QFile::exists(empty.filePath(QStringLiteral("registry.sqlite"))));   // never created by a look

        // A damaged database file: a message naming the problem, on every page.
        QTemporaryDir corrupt;
        {
            QFile junk(corrupt.filePath(QStringLiteral("registry.sqlite")));
            QVERIFY(junk.open(QIODevice::WriteOnly));
            junk.write(QByteArray(4096, 'x'));
        }
        context_->overrideDataDir(corrupt.path());
        registry.refresh();
        QVERIFY(refreshed.wait(10'000));
        QVERIFY2(registry.statusMessage()->text().contains(QStringLiteral("cannot be read")), qPrintable(registry.statusMessage()->text()));
        history.search();
        QVERIFY(finished.wait(10'000));
        QVERIFY2(history.statusLabel()->text().contains(QStringLiteral("cannot be read")), qPrintable(history.statusLabel()->text()));
        context_->overrideDataDir(dataDir_);
    }

    void chineseTranslationIsLoadedAndApplied() {
        BenchPage bench(*context_);
        HistoryPage history(*context_);
        RegistryPage registry(*context_);
        context_->setLanguage(QStringLiteral("zh_CN"));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);   // QApplication posts it to each window
        const QStringList catalogues = context_->loadedTranslations();
        const bool loaded = std::any_of(catalogues.begin(), catalogues.end(), [](const QString& f) { return f.endsWith(QStringLiteral("pages_zh_CN.qm")); });
        QVERIFY2(loaded, qPrintable(catalogues.join(QLatin1Char(' '))));
        QCOMPARE(bench.tabs()->tabText(0), QStringLiteral("十六进制视图"));
        QCOMPARE(registry.findChildren<QPushButton*>().size() >= 3, true);
        bool verifyButton = false;
        for (auto* b : registry.findChildren<QPushButton*>()) verifyButton = verifyButton || b->text() == QStringLiteral("验证日志(&V)");
        QVERIFY(verifyButton);
        context_->setLanguage(QStringLiteral("en"));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
        QCOMPARE(bench.tabs()->tabText(0), QStringLiteral("Hex view"));
    }

    // The Bench screen's custody view and disposition buttons, used as a technician does (mouse
    // on the button, typing, Enter), against the real signed log: B1 was shipped to a customer
    // by Warehouse B and is back without a return, so its COUNTERFEIT stays unresolved until a
    // QA key releases it. A key without role qa is refused and changes nothing.
    void benchCustodyAndDispositions() {
        BenchPage page(*context_);
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const int b1 = moduleBySlot("B1");
        QVERIFY(b1 >= 0);
        const auto identity = *inspection_->modules[static_cast<std::size_t>(b1)].check.identity;
        QSignalSpy loaded(&page, &BenchPage::registryLoaded);
        page.showModule(b1);
        QVERIFY(loaded.wait(10'000));
        QVERIFY2(page.custodyView()->text().contains(QStringLiteral("shipped by Warehouse B (Shenzhen) to ACME Cloud")),
                 qPrintable(page.custodyView()->text()));
        QVERIFY(page.custodyView()->text().contains(QStringLiteral("Unresolved verdict: COUNTERFEIT")));
        for (auto action : {verifier::EventKind::quarantine, verifier::EventKind::release, verifier::EventKind::rma, verifier::EventKind::scrap}) {
            QVERIFY(page.dispositionButton(action)->isEnabled());
        }

        QSignalSpy done(&page, &BenchPage::dispositionDone);
        // Fill a disposition dialog by keyboard; Enter signs when the required fields are set.
        const auto dispose = [&](verifier::EventKind action, const QString& reason, const QString& qaKey) -> bool {
            QTest::mouseClick(page.dispositionButton(action), Qt::LeftButton);
            DispositionDialog* dialog = nullptr;   // the open one (a signed one may await deletion)
            for (auto* d : page.findChildren<DispositionDialog*>(QStringLiteral("dispositionDialog"))) {
                if (d->isVisible()) dialog = d;
            }
            if (dialog == nullptr) return false;
            auto* sign = dialog->findChild<QPushButton*>(QStringLiteral("signButton"));
            auto* reasonEdit = dialog->findChild<QLineEdit*>(QStringLiteral("reasonEdit"));
            auto* operatorEdit = dialog->findChild<QLineEdit*>(QStringLiteral("operatorEdit"));
            QTest::keyClicks(reasonEdit, reason);
            if (operatorEdit->text().isEmpty()) {
                if (sign->isEnabled()) return false;   // the operator's name is required
                QTest::keyClicks(operatorEdit, QStringLiteral("Li Wei"));
            }
            if (auto* key = dialog->findChild<QLineEdit*>(QStringLiteral("qaKeyEdit"))) {
                if (sign->isEnabled()) return false;   // a release needs its qa key
                QTest::keyClicks(key, qaKey);
            }
            if (!sign->isEnabled()) return false;
            QTest::keyClick(operatorEdit, Qt::Key_Return);
            return done.wait(10'000) && loaded.wait(10'000);
        };

        QVERIFY(dispose(verifier::EventKind::quarantine, QStringLiteral("serial shipped to ACME Cloud in September"), {}));
        QCOMPARE(done.last().first().toString(), QString());
        QVERIFY2(page.custodyView()->text().contains(QStringLiteral("quarantined at Intake desk 1 (Shanghai)")), qPrintable(page.custodyView()->text()));
        QVERIFY(page.custodyView()->text().contains(QStringLiteral("Unresolved verdict: COUNTERFEIT")));
        QVERIFY(tableText(page.sightingsTable()).contains(QStringLiteral("quarantine")));

        // The publisher's key signs bundles, not releases.
        QVERIFY(dispose(verifier::EventKind::release, QStringLiteral("looks fine"), dataDir_ + QStringLiteral("/demo-keys/publisher.key")));
        QVERIFY2(done.last().first().toString().contains(QStringLiteral("qa")), qPrintable(done.last().first().toString()));
        QVERIFY(page.custodyView()->text().contains(QStringLiteral("quarantined at")));
        QVERIFY(page.custodyView()->text().contains(QStringLiteral("Unresolved verdict")));

        QVERIFY(dispose(verifier::EventKind::release, QStringLiteral("return paperwork found: RMA-7731"), dataDir_ + QStringLiteral("/demo-keys/qa.key")));
        QCOMPARE(done.last().first().toString(), QString());
        QVERIFY2(page.custodyView()->text().contains(QStringLiteral("released by QA")), qPrintable(page.custodyView()->text()));
        QVERIFY(!page.custodyView()->text().contains(QStringLiteral("Unresolved verdict")));

        // Independently, from the log itself.
        auto database = db::Database::open(dataDir_.toStdString());
        QVERIFY(database.has_value());
        auto custody = db::custody(*database, identity);
        QVERIFY(custody.has_value());
        QVERIFY(custody->state.released);
        QVERIFY(!custody->state.unresolved.has_value());
        QCOMPARE(custody->state.state, verifier::CustodyState::held);
        QCOMPARE(custody->history.back().record.context.at("operator"), std::string("Li Wei"));
    }

    /// Not a check: with $DIMMGUARD_PAGES_SCREENSHOTS set, render each page in both languages
    /// to PNGs there for a human to look at.
    void screenshots() {
        const QString screenshots = env("DIMMGUARD_PAGES_SCREENSHOTS");
        if (screenshots.isEmpty()) QSKIP("set DIMMGUARD_PAGES_SCREENSHOTS=DIR to render the pages");
        BenchPage bench(*context_);
        HistoryPage history(*context_);
        RegistryPage registry(*context_);
        {
            // Look at the pages (not a check): PNGs in both languages for a human to review.
            for (const QString& lang : {QStringLiteral("zh_CN"), QStringLiteral("en")}) {
                context_->setLanguage(lang);
                QSignalSpy done(&bench, &BenchPage::registryLoaded);
                bench.showModule(moduleBySlot("A4"));
                if (done.isEmpty()) done.wait(5'000);
                QSignalSpy searched(&history, &HistoryPage::searchFinished);
                history.search();
                searched.wait(5'000);
                QSignalSpy refreshed(&registry, &RegistryPage::refreshed);
                registry.refresh();
                registry.verifyLog();
                refreshed.wait(5'000);
                QTest::qWait(300);
                for (auto [widget, name] : {std::pair<QWidget*, const char*>{&bench, "bench"}, {&history, "history"}, {&registry, "registry"}}) {
                    widget->resize(1280, 800);
                    widget->show();
                    QTest::qWait(50);
                    widget->grab().save(screenshots + QStringLiteral("/%1-%2.png").arg(QLatin1String(name), lang));
                    if (widget == &bench) {
                        for (int tab = 1; tab < bench.tabs()->count(); ++tab) {
                            bench.tabs()->setCurrentIndex(tab);
                            QTest::qWait(20);
                            widget->grab().save(screenshots + QStringLiteral("/%1-tab%2-%3.png").arg(QLatin1String(name)).arg(tab).arg(lang));
                        }
                        // The release dialog over the custody tab.
                        bench.tabs()->setCurrentIndex(3);
                        QTest::mouseClick(bench.dispositionButton(verifier::EventKind::release), Qt::LeftButton);
                        for (auto* d : bench.findChildren<DispositionDialog*>()) {
                            if (!d->isVisible()) continue;
                            QTest::qWait(50);
                            QPixmap shot = widget->grab();
                            QPainter painter(&shot);
                            painter.drawPixmap((shot.width() - d->width()) / 2, (shot.height() - d->height()) / 2, d->grab());
                            painter.end();
                            shot.save(screenshots + QStringLiteral("/bench-release-%1.png").arg(lang));
                            d->reject();
                        }
                        bench.tabs()->setCurrentIndex(0);
                    }
                    widget->hide();
                }
            }
        }
        context_->setLanguage(QStringLiteral("en"));
    }
};

int main(int argc, char** argv) {
    // Never touch the user's settings: QSettings goes to a private directory.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("DIMMGUARD_DATA_DIR", QByteArray());
    QApplication app(argc, argv);
    PagesTest test;
    const int failures = QTest::qExec(&test, argc, argv);
    QThreadPool::globalInstance()->waitForDone();  // see test_support.hpp runAndJoin
    return failures;
}

#include "pages_test.moc"
