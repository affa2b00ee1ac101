// SPDX-License-Identifier: GPL-3.0-or-later
// dimmguard_gui_core without a window: the worker-thread runner (errors, no registry, cancel),
// presence polling on a bench file, adapter hot-plug on a fixture /dev + sysfs tree, reports
// and the evidence files written beside them.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>

#include "adapter_watcher.hpp"
#include "db/evidence.hpp"
#include "db/keys.hpp"
#include "inspection_runner.hpp"
#include "module_text.hpp"
#include "presence_poller.hpp"
#include "report_writer.hpp"
#include "sound.hpp"
#include "test_support.hpp"

using namespace dimmguard;
using namespace dimmguard::gui;

namespace {

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A bench with the demo's genuine images in the given addresses (0x50 = Micron, 0x51 = Samsung).
QByteArray benchJson(const QStringList& addresses) {
    const QString spd = test::sourceDir() + QStringLiteral("/examples/spd/");
    const QStringList files = {QStringLiteral("ddr5-rdimm-micron-64g.bin"), QStringLiteral("ddr5-rdimm-samsung-32g.bin")};
    QStringList entries;
    for (int i = 0; i < addresses.size(); ++i) {
        entries << QStringLiteral(R"({"address": "%1", "label": "S%2", "spd": {"file": "%3"}})")
                     .arg(addresses[i]).arg(i + 1).arg(spd + files[i % 2]);
    }
    return QStringLiteral(R"({"schema_version": 1, "buses": [{"name": "i2c-0", "slots": [%1]}]})")
        .arg(entries.join(QStringLiteral(", "))).toUtf8();
}

std::shared_ptr<Inspection> fakeInspection() {
    auto inspection = std::make_shared<Inspection>();
    verifier::ModuleReport m;
    m.location = "i2c-0 0x50";
    m.slot = "A,1";
    m.verdict = verifier::Verdict::counterfeit;
    m.reason = "label says \"64 GB\"";
    verifier::Finding f;
    f.code = verifier::FindingCode::label_mismatch;
    f.severity = verifier::Severity::fail;
    f.category = verifier::Category::context;
    f.message = "label says 64 GB; the SPD says 32 GB";
    f.evidence = {{"label", "64 GB"}, {"spd", "32 GB"}};
    m.check.findings.push_back(f);
    m.fraud_kind = verifier::fraud_kind_of(m.check.findings, m.verdict);
    inspection->modules.push_back(m);
    inspection->context["lot"] = "PO-1";
    return inspection;
}

}  // namespace

class CoreTest : public QObject {
    Q_OBJECT

private slots:
    // Three cues a person tells apart without looking: GENUINE a short rising chime (880 then
    // 1320 Hz), SUSPECT / UNKNOWN two flat 660 Hz beeps, COUNTERFEIT a long low buzz (330 and
    // 247 Hz with odd harmonics), the loudest. Measured on the samples, not on the parameters.
    void verdictSoundsAreDistinct() {
        using test::tonePower;
        const auto genuine = synthesizeCue(SoundCue::genuine, 100);
        const auto attention = synthesizeCue(SoundCue::attention, 100);
        const auto counterfeit = synthesizeCue(SoundCue::counterfeit, 100);
        QCOMPARE(genuine.size(), std::size_t{260 * 48});
        QCOMPARE(attention.size(), std::size_t{450 * 48});
        QCOMPARE(counterfeit.size(), std::size_t{1010 * 48});
        auto peak = [](const std::vector<std::int16_t>& v) {
            int p = 0;
            for (const auto x : v) p = std::max(p, std::abs(static_cast<int>(x)));
            return p;
        };
        // Where each cue's energy is, against the other cues' pitches (at least 100x).
        const double g880 = tonePower(genuine, 880);
        const double g1320 = tonePower(genuine, 1320);
        for (const double hz : {247.0, 330.0, 660.0}) {
            QVERIFY2(g880 > 100 * tonePower(genuine, hz) && g1320 > 100 * tonePower(genuine, hz), qPrintable(QString::number(hz)));
        }
        // The chime rises: the first 90 ms are 880 Hz, the last 150 ms 1320 Hz.
        const std::vector<std::int16_t> first(genuine.begin(), genuine.begin() + 90 * 48);
        const std::vector<std::int16_t> last(genuine.end() - 150 * 48, genuine.end());
        QVERIFY(tonePower(first, 880) > 100 * tonePower(first, 1320));
        QVERIFY(tonePower(last, 1320) > 100 * tonePower(last, 880));
        const double a660 = tonePower(attention, 660);
        for (const double hz : {247.0, 330.0, 880.0, 1320.0}) QVERIFY2(a660 > 100 * tonePower(attention, hz), qPrintable(QString::number(hz)));
        const double c330 = tonePower(counterfeit, 330);
        const double c247 = tonePower(counterfeit, 247);
        // The buzz: in the first pulse a third harmonic at about 1/3 of the amplitude (1/9 power).
        const std::vector<std::int16_t> pulse(counterfeit.begin(), counterfeit.begin() + 200 * 48);
        QVERIFY(tonePower(pulse, 990) > tonePower(pulse, 330) / 20);
        QVERIFY(tonePower(pulse, 990) < tonePower(pulse, 330) / 4);
        for (const double hz : {660.0, 880.0, 1320.0}) {
            QVERIFY2(c330 > 100 * tonePower(counterfeit, hz) && c247 > 100 * tonePower(counterfeit, hz), qPrintable(QString::number(hz)));
        }
        QVERIFY(peak(counterfeit) > peak(attention));
        QVERIFY(peak(attention) > peak(genuine));
        QVERIFY(peak(counterfeit) <= 32767);

        // Volume: 0 is silence, 50 % a quarter of the amplitude, above 100 % is 100 %.
        QVERIFY(synthesizeCue(SoundCue::counterfeit, 0).empty());
        QVERIFY(synthesizeCue(SoundCue::genuine, -5).empty());
        const int half = peak(synthesizeCue(SoundCue::counterfeit, 50));
        QVERIFY2(std::abs(half * 4 - peak(counterfeit)) <= 8, qPrintable(QStringLiteral("%1 vs %2").arg(half).arg(peak(counterfeit))));
        QVERIFY(synthesizeCue(SoundCue::counterfeit, 150) == counterfeit);

        QCOMPARE(cueForVerdict(verifier::Verdict::genuine), SoundCue::genuine);
        QCOMPARE(cueForVerdict(verifier::Verdict::counterfeit), SoundCue::counterfeit);
        QCOMPARE(cueForVerdict(verifier::Verdict::suspect), SoundCue::attention);
        QCOMPARE(cueForVerdict(verifier::Verdict::unknown), SoundCue::attention);
        QCOMPARE(cueForVerdict(verifier::Verdict::unreadable), SoundCue::attention);
    }

    // What reaches the sound device, captured by ALSA's file plugin: exactly the cue's samples
    // at the volume asked for; volume 0 plays nothing; a device that is not there is named in
    // one line, and the next cue still plays.
    void soundReachesTheDevice() {
        QVERIFY2(SoundPlayer::available(), "built without ALSA (DIMMGUARD_SOUND=OFF)");
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("cue.raw"));
        qputenv("DIMMGUARD_SOUND_DEVICE", test::captureDevice(file));
        SoundPlayer player;
        QSignalSpy played(&player, &SoundPlayer::played);
        QSignalSpy failed(&player, &SoundPlayer::failed);
        auto captured = [&file] {
            QFile f(file);
            return f.open(QIODevice::ReadOnly) ? test::samplesOf(f.readAll()) : std::vector<std::int16_t>{};
        };

        player.play(SoundCue::counterfeit, 80);
        QVERIFY(played.wait(10000));
        QCOMPARE(played.takeFirst().at(0).value<SoundCue>(), SoundCue::counterfeit);
        QVERIFY(captured() == synthesizeCue(SoundCue::counterfeit, 80));

        player.play(SoundCue::genuine, 30);
        QVERIFY(played.wait(10000));
        QCOMPARE(played.takeFirst().at(0).value<SoundCue>(), SoundCue::genuine);
        QVERIFY(captured() == synthesizeCue(SoundCue::genuine, 30));

        player.play(SoundCue::attention, 0);
        QTest::qWait(300);
        QCOMPARE(played.count(), 0);
        QVERIFY(captured() == synthesizeCue(SoundCue::genuine, 30));   // untouched
        QCOMPARE(failed.count(), 0);

        qputenv("DIMMGUARD_SOUND_DEVICE", "dimmguard_no_such_device");
        player.play(SoundCue::counterfeit, 80);
        QVERIFY(failed.wait(10000));
        const QString message = failed.takeFirst().at(0).toString();
        QVERIFY2(message.contains(QStringLiteral("dimmguard_no_such_device")) && !message.contains(QLatin1Char('\n')), qPrintable(message));
        QCOMPARE(played.count(), 0);

        qputenv("DIMMGUARD_SOUND_DEVICE", test::captureDevice(file));
        player.play(SoundCue::attention, 100);
        QVERIFY(played.wait(10000));
        QVERIFY(captured() == synthesizeCue(SoundCue::attention, 100));
        qunsetenv("DIMMGUARD_SOUND_DEVICE");
    }

    void csvQuotesAndRows() {
        const QString csv = reportCsv({fakeInspection(), fakeInspection()});
        const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);   // RFC 4180 line ends
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[1].contains(QStringLiteral(",\"A,1\",i2c-0 0x50,counterfeit,")));
        QVERIFY(lines[1].contains(QStringLiteral("\"label says \"\"64 GB\"\"\"")));
        // No sighting, the fraud kind, then the reason in plain words (quoted: it has a comma).
        QVERIFY2(lines[1].endsWith(QStringLiteral("LABEL_MISMATCH,,relabelled,\"The label says 64 GB, but the module says 32 GB\"")), qPrintable(lines[1]));
        QVERIFY(lines[0].endsWith(QStringLiteral(",fraud_kind,plain_reason")));
    }

    void reasonsAndWorstVerdict() {
        auto inspection = fakeInspection();
        const QStringList reasons = topReasons(inspection->modules[0]);
        QCOMPARE(reasons.size(), 1);
        QCOMPARE(reasons[0], QStringLiteral("The label says 64 GB, but the module says 32 GB"));
        const QStringList details = technicalDetails(inspection->modules[0]);
        QVERIFY2(details.contains(QStringLiteral("LABEL_MISMATCH [fail]  label says 64 GB; the SPD says 32 GB")), qPrintable(details.join(QLatin1Char('|'))));
        verifier::ModuleReport genuine;
        genuine.verdict = verifier::Verdict::genuine;
        inspection->modules.insert(inspection->modules.begin(), genuine);
        QCOMPARE(worstVerdict(*inspection), verifier::Verdict::counterfeit);
        QCOMPARE(worstVerdict(engine::InspectionReport{}), verifier::Verdict::unknown);
        QCOMPARE(verdictText(verifier::Verdict::suspect), QStringLiteral("SUSPECT"));
    }

    void missingBenchFileFailsWithAdvice() {
        InspectionRunner runner;
        QSignalSpy failed(&runner, &InspectionRunner::failed);
        InspectionRequest request;
        request.source.benchPath = QStringLiteral("/nonexistent/bench.json");
        QTemporaryDir data;
        request.dataDir = data.path();
        QVERIFY(runner.start(request));
        QVERIFY(!runner.start(request));   // one run at a time
        QVERIFY(failed.wait(10000));
        // Headline, the one action, and the engine's message apart (never nested in each other).
        const QString headline = failed.first().at(0).toString();
        const QString action = failed.first().at(1).toString();
        const QString detail = failed.first().at(2).toString();
        QVERIFY2(headline == QStringLiteral("The bench file is missing: bench.json"), qPrintable(headline));
        QVERIFY2(action == QStringLiteral("Choose an existing bench file in Settings."), qPrintable(action));
        QVERIFY2(detail.contains(QStringLiteral("/nonexistent/bench.json")), qPrintable(detail));
        QVERIFY(!runner.isRunning());
    }

    void noRegistryMeansNoGenuineVerdict() {
        QTemporaryDir data;
        InspectionRequest request;
        request.source.benchPath = test::demoBench();
        request.dataDir = data.path();
        engine::CancelToken cancel;
        int steps = 0;
        const InspectionOutcome outcome = runInspection(request, cancel, [&](const QString&, int, int) { ++steps; });
        QVERIFY(!outcome.error);
        QVERIFY(outcome.inspection);
        QCOMPARE(outcome.inspection->modules.size(), std::size_t{16});
        for (const auto& m : outcome.inspection->modules) QVERIFY(m.verdict != verifier::Verdict::genuine);
        QVERIFY(!outcome.inspection->registry_problems.empty());
        QVERIFY(QString::fromStdString(outcome.inspection->registry_problems.front()).startsWith(QStringLiteral("no registry")));
        QVERIFY(steps >= 16);
        QVERIFY(!QDir(data.path()).exists(QStringLiteral("registry.sqlite")));   // never created by a scan
    }

    // The evidence file beside a report, and the one-line reason when a module gets none.
    void evidenceFilesAndWhyOneIsMissing() {
        QTemporaryDir data;
        QTemporaryDir out;
        const QString made = test::makeDemoRegistry(data.path());
        QVERIFY2(made.isEmpty(), qPrintable(made));
        // Never recorded (a scan without a registry): no file, the reason.
        const EvidenceOutcome none = writeEvidenceFiles(out.filePath(QStringLiteral("fake.pdf")), *fakeInspection(), data.path());
        QVERIFY(none.written.isEmpty());
        QCOMPARE(none.missing.size(), 1);
        QVERIFY2(none.missing.front().startsWith(QStringLiteral("A,1: not recorded")), qPrintable(none.missing.front()));
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("fake.evidence"))));

        // B4 of the demo bench: its SPD fails its CRC, so the sighting has no fingerprint and the
        // evidence goes without the image; it verifies from the demo root key alone.
        InspectionRequest request;
        request.source.benchPath = test::demoBench();
        request.source.slot = QStringLiteral("B4");
        request.dataDir = data.path();
        const InspectionOutcome outcome = runInspection(request);
        QVERIFY(!outcome.error && outcome.inspection);
        QCOMPARE(outcome.inspection->modules.size(), std::size_t{1});
        QVERIFY(outcome.inspection->modules.front().sighting.has_value());
        const EvidenceOutcome b4 = writeEvidenceFiles(out.filePath(QStringLiteral("b4.pdf")), *outcome.inspection, data.path());
        QVERIFY2(b4.missing.isEmpty(), qPrintable(b4.missing.join(QLatin1Char('\n'))));
        QCOMPARE(b4.written, QStringList{out.filePath(QStringLiteral("b4.evidence"))});
        QFile file(b4.written.front());
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto root = db::PublicKey::load_pem((data.path() + QStringLiteral("/demo-keys/root.pub")).toStdString());
        QVERIFY(root);
        auto report = db::verify_evidence(file.readAll().toStdString(), {*root});
        QVERIFY(report);
        QVERIFY2(report->ok(), report->problems.empty() ? "" : report->problems.front().c_str());
        QVERIFY(!report->spd_included);
        QVERIFY(std::find(report->signed_codes.begin(), report->signed_codes.end(), "CRC_BAD") != report->signed_codes.end());

        // The registry cannot be opened: no file, the reason.
        QTemporaryDir empty;
        const EvidenceOutcome refused = writeEvidenceFiles(out.filePath(QStringLiteral("gone.pdf")), *outcome.inspection, empty.path());
        QVERIFY(refused.written.isEmpty());
        QCOMPARE(refused.missing.size(), 1);
        QVERIFY2(refused.missing.front().startsWith(QStringLiteral("No evidence file: ")), qPrintable(refused.missing.front()));
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("gone.evidence"))));
    }

    void cancelBeforeJudgingRecordsNothing() {
        InspectionRequest request;
        request.source.benchPath = test::demoBench();
        QTemporaryDir data;
        request.dataDir = data.path();
        engine::CancelToken cancel;
        cancel.cancel();
        const InspectionOutcome outcome = runInspection(request, cancel);
        QVERIFY(outcome.cancelled);
        QVERIFY(!outcome.inspection);
    }

    void slotFilterAndUnknownSlot() {
        InspectionRequest request;
        request.source.benchPath = test::demoBench();
        request.source.slot = QStringLiteral("B3");
        QTemporaryDir data;
        request.dataDir = data.path();
        engine::CancelToken cancel;
        InspectionOutcome outcome = runInspection(request, cancel);
        QVERIFY(outcome.inspection);
        QCOMPARE(outcome.inspection->modules.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(outcome.inspection->modules[0].slot), QStringLiteral("B3"));
        request.source.slot = QStringLiteral("Z9");
        outcome = runInspection(request, cancel);
        QVERIFY(outcome.error);
        QCOMPARE(outcome.error->code, Errc::not_found);
    }

    void presencePollerSeesInsertAndRemove() {
        QTemporaryDir dir;
        const QString bench = dir.filePath(QStringLiteral("bench.json"));
        QVERIFY(writeFile(bench, benchJson({QStringLiteral("0x50")})));
        PresencePoller poller;
        SourceChoice source;
        source.benchPath = bench;
        poller.setSource(source);
        poller.setIntervalMs(20);
        QSignalSpy probed(&poller, &PresencePoller::probed);
        QSignalSpy inserted(&poller, &PresencePoller::inserted);
        QSignalSpy removed(&poller, &PresencePoller::removed);
        poller.start();
        QVERIFY(probed.wait(5000));
        QCOMPARE(poller.present(), QStringList{QStringLiteral("i2c-0 0x50")});
        QCOMPARE(inserted.count(), 0);   // what is there at start is the baseline
        QVERIFY(writeFile(bench, benchJson({QStringLiteral("0x50"), QStringLiteral("0x51")})));
        QVERIFY(inserted.wait(5000));
        QCOMPARE(inserted.first().first().toStringList(), QStringList{QStringLiteral("i2c-0 0x51")});
        QVERIFY(writeFile(bench, benchJson({QStringLiteral("0x51")})));
        QVERIFY(removed.wait(5000));
        QCOMPARE(removed.first().first().toStringList(), QStringList{QStringLiteral("i2c-0 0x50")});
        poller.stop();
    }

    void adapterWatcherNoticesHotPlug() {
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("dev")));
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("sys/class/i2c-adapter")));
        AdapterWatcher watcher(root.filePath(QStringLiteral("dev")), root.path());
        watcher.setPollIntervalMs(50);
        QVERIFY(watcher.adapters().isEmpty());
        QSignalSpy added(&watcher, &AdapterWatcher::adapterAdded);
        QSignalSpy removed(&watcher, &AdapterWatcher::adapterRemoved);
        // A USB bridge appears: sysfs adapter first, then udev makes the /dev node.
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("sys/class/i2c-adapter/i2c-7")));
        QVERIFY(writeFile(root.filePath(QStringLiteral("sys/class/i2c-adapter/i2c-7/name")), "CP2112 SMBus Bridge\n"));
        QVERIFY(writeFile(root.filePath(QStringLiteral("dev/i2c-7")), ""));
        QVERIFY(added.wait(5000));
        QCOMPARE(added.first().first().toInt(), 7);
        QTRY_COMPARE_WITH_TIMEOUT(watcher.adapters().size(), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(watcher.adapters().first().deviceNode, 5000);
        QCOMPARE(watcher.adapters().first().name, QStringLiteral("CP2112 SMBus Bridge"));
        // Unplugged.
        QVERIFY(QFile::remove(root.filePath(QStringLiteral("dev/i2c-7"))));
        QVERIFY(QDir(root.filePath(QStringLiteral("sys/class/i2c-adapter/i2c-7"))).removeRecursively());
        QVERIFY(removed.wait(5000));
        QCOMPARE(removed.first().first().toInt(), 7);
        QVERIFY(watcher.adapters().isEmpty());
    }

    // A lot report as a PDF, read back with pdftotext: 70 modules over several pages, most
    // scanned twice. One row per module with its latest verdict and its scan count, the tally
    // counts modules and re-scans apart, the table header is on every page the table reaches,
    // no verdict word or part number is broken, times carry their zone, the site is named; in
    // zh_CN every fixed word of the report is Chinese.
    void lotPdfReadsRightInBothLanguages() {
        QTemporaryDir data;
        const QString made = test::makeDemoRegistry(data.path());
        QVERIFY2(made.isEmpty(), qPrintable(made));
        InspectionRequest request;
        request.source.benchPath = test::demoBench();
        request.dataDir = data.path();
        request.lot = QStringLiteral("PO-PDF-1");
        engine::CancelToken cancel;
        const InspectionOutcome outcome = runInspection(request, cancel, {});
        QVERIFY(outcome.inspection && outcome.inspection->modules.size() == 16);
        // 70 distinct modules: the real 16, and copies of them with other serials.
        auto first = std::make_shared<Inspection>(*outcome.inspection);
        for (int copy = 0; first->modules.size() < 70; ++copy) {
            verifier::ModuleReport m = outcome.inspection->modules[static_cast<std::size_t>(copy % 16)];
            if (!m.check.identity) continue;
            m.check.identity->serial = QStringLiteral("%1").arg(0x10000000 + copy, 8, 16, QLatin1Char('0')).toStdString();
            m.slot = QStringLiteral("C%1").arg(copy).toStdString();
            first->modules.push_back(std::move(m));
        }
        auto again = std::make_shared<Inspection>(*first);   // 50 modules scanned a second time
        again->modules.resize(50);
        const InspectionList lot = {first, again};
        // What the tally must say, counted here independently: a module is an identity in a slot
        // (the demo bench holds three clones, one identity in slots B5-B7: three modules, never
        // one module scanned three times), else a slot.
        QSet<QString> keys;
        int scans = 0;
        for (const auto& inspection : lot) {
            for (const auto& m : inspection->modules) {
                keys.insert(QString::fromStdString((m.check.identity ? m.check.identity->key() : std::string()) + "|" + m.location));
                ++scans;
            }
        }
        const int modules = static_cast<int>(keys.size());
        QCOMPARE(modules, static_cast<int>(first->modules.size()));
        const int rescans = scans - modules;
        QTemporaryDir out;
        auto run = [](const QString& program, const QStringList& args) {
            QProcess p;
            p.start(program, args);
            if (!p.waitForFinished(60000) || p.exitCode() != 0) return QStringLiteral("FAILED: ") + program;
            return QString::fromUtf8(p.readAllStandardOutput());
        };
        struct Words {
            QString language, modules, rescans, reasons;
            QStringList header;
        };
        const QList<Words> languages = {
            {QStringLiteral("en"), QStringLiteral("%1 modules").arg(modules), QStringLiteral("%1 rescans").arg(rescans), QStringLiteral("Reasons"),
             {QStringLiteral("Slot"), QStringLiteral("Verdict"), QStringLiteral("Part number"), QStringLiteral("Serial"), QStringLiteral("Scans")}},
            {QStringLiteral("zh_CN"), QStringLiteral("%1 条模组").arg(modules), QStringLiteral("%1 次重复扫描").arg(rescans), QStringLiteral("原因"),
             {QStringLiteral("插槽"), QStringLiteral("结论"), QStringLiteral("料号"), QStringLiteral("序列号"), QStringLiteral("扫描次数")}}};
        AppContext context;
        for (const Words& words : languages) {
            context.useLanguageForThisRun(words.language);
            const QString pdf = out.filePath(QStringLiteral("lot-%1.pdf").arg(words.language));
            QCOMPARE(writePdf(pdf, lot, QStringLiteral("PO-PDF-1")), QString());
            const QString text = run(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
            QVERIFY2(!text.startsWith(QStringLiteral("FAILED")), "pdftotext (poppler-utils) is needed: bash tools/install-deps.sh");
            const QStringList pages = text.split(QLatin1Char('\f'), Qt::SkipEmptyParts);
            QVERIFY2(pages.size() >= 3, qPrintable(QString::number(pages.size())));
            // The header on every page up to the one where the reasons start.
            int reasonsPage = -1;
            for (int i = 0; i < pages.size() && reasonsPage < 0; ++i) {
                if (pages[i].contains(QRegularExpression(QStringLiteral("^\\s*") + words.reasons + QStringLiteral("\\s*$"), QRegularExpression::MultilineOption))) reasonsPage = i;
            }
            QVERIFY2(reasonsPage >= 1, qPrintable(words.language + QStringLiteral(": the table fits one page or has no reasons")));
            for (int i = 0; i <= reasonsPage; ++i) {
                for (const QString& h : words.header) QVERIFY2(pages[i].contains(h), qPrintable(QStringLiteral("%1 page %2 has no '%3'").arg(words.language).arg(i + 1).arg(h)));
            }
            // Nothing broken inside a word.
            for (const auto& m : outcome.inspection->modules) {
                const QString part = QString::fromStdString(m.spd ? m.spd->manufacturing.part_number : std::string());
                if (!part.trimmed().isEmpty()) QVERIFY2(text.contains(part.trimmed()), qPrintable(words.language + QStringLiteral(": part number broken: ") + part));
            }
            QVERIFY2(!text.contains(QRegularExpression(QStringLiteral("COUNTE(?!RFEIT)|GENUI(?!NE)|DDR5-4(?!800)"))), qPrintable(words.language + QStringLiteral(": a broken word")));
            QVERIFY2(text.contains(QRegularExpression(QStringLiteral("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC[+-]\\d\\d:\\d\\d"))), qPrintable(words.language + QStringLiteral(": no time zone")));   // printed
            QVERIFY2(text.contains(QRegularExpression(QStringLiteral("[(\uff08]UTC[+-]\\d\\d:\\d\\d[)\uff09]"))), qPrintable(words.language + QStringLiteral(": the table's times have no zone")));
            QVERIFY2(text.contains(QStringLiteral("Intake desk 1 (Shanghai)")), qPrintable(words.language + QStringLiteral(": no site name")));
            QVERIFY2(text.contains(words.modules) && text.contains(words.rescans), qPrintable(words.language + QStringLiteral(": tally: ") + pages.front().left(800)));
            // One row per module: the copy C0 is listed once, with its 2 scans.
            QCOMPARE(text.count(QRegularExpression(QStringLiteral("\\bC0\\b"))), 1 + (text.contains(QRegularExpression(QStringLiteral("^\\s*C0 —"), QRegularExpression::MultilineOption)) ? 1 : 0));
            if (words.language == QLatin1String("zh_CN")) {
                for (const QString& english : {QStringLiteral("Slot"), QStringLiteral("Verdict"), QStringLiteral("Part number"), QStringLiteral("Printed"), QStringLiteral("Lot / PO"),
                                               QStringLiteral("Site"), QStringLiteral("modules"), QStringLiteral("genuine"), QStringLiteral("Reasons"), QStringLiteral("codes"),
                                               QStringLiteral("COUNTERFEIT"), QStringLiteral("The label")}) {
                    QVERIFY2(!text.contains(english), qPrintable(QStringLiteral("English in the zh_CN report: ") + english));
                }
            }
        }
        context.useLanguageForThisRun(QStringLiteral("en"));
    }

    // The desk app starts in the system locale's language (LANG) until Settings chooses one,
    // and --lang applies to one run only. Checked in a child process of this test binary, which
    // is the only way to give Qt another LANG (it reads the locale once, at start-up).
    void languageFollowsLang() {
        if (qEnvironmentVariableIsSet("DIMMGUARD_LOCALE_CHILD")) {
            AppContext first;
            QCOMPARE(first.language(), qEnvironmentVariable("DIMMGUARD_LOCALE_CHILD"));
            first.useLanguageForThisRun(QStringLiteral("en"));
            AppContext afterOneRun;   // not saved
            QCOMPARE(afterOneRun.language(), qEnvironmentVariable("DIMMGUARD_LOCALE_CHILD"));
            afterOneRun.setLanguage(QStringLiteral("en"));   // the Settings choice wins from now on
            AppContext chosen;
            QCOMPARE(chosen.language(), QStringLiteral("en"));
            return;
        }
        for (const auto& [lang, expected] : {std::pair{"zh_CN.UTF-8", "zh_CN"}, std::pair{"zh_TW.UTF-8", "zh_CN"}, std::pair{"C.UTF-8", "en"},
                                             std::pair{"de_DE.UTF-8", "en"}}) {
            QTemporaryDir config;
            QProcess child;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("LC_ALL"));
            env.remove(QStringLiteral("LC_MESSAGES"));
            env.remove(QStringLiteral("LANGUAGE"));
            env.insert(QStringLiteral("LANG"), QString::fromLatin1(lang));
            env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
            env.insert(QStringLiteral("DIMMGUARD_LOCALE_CHILD"), QString::fromLatin1(expected));
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            child.setProcessEnvironment(env);
            child.setProcessChannelMode(QProcess::MergedChannels);
            child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("languageFollowsLang")});
            QVERIFY(child.waitForFinished(60000));
            QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
                     qPrintable(QStringLiteral("LANG=%1: ").arg(QString::fromLatin1(lang)) + QString::fromLocal8Bit(child.readAll())));
        }
    }
};

int main(int argc, char** argv) {
    QTemporaryDir config;
    test::isolateSettings(config);
    QApplication app(argc, argv);
    CoreTest test;
    return test::runAndJoin(test, argc, argv);
}

#include "gui_core_test.moc"
