// SPDX-License-Identifier: GPL-3.0-or-later
// Next steps per verdict: built-in texts (the "Text" translation context) and the site's file.
#include "next_steps.hpp"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

#include <array>

#include "module_text.hpp"

namespace dimmguard::gui {
namespace {

constexpr std::array allVerdicts = {verifier::Verdict::genuine, verifier::Verdict::suspect, verifier::Verdict::counterfeit,
                                    verifier::Verdict::unknown, verifier::Verdict::unreadable};

// One line of plain text: control characters (a hostile or broken file) become spaces.
QString cleanText(QString text) {
    for (QChar& ch : text) {
        if (ch.category() == QChar::Other_Control || ch.category() == QChar::Other_Format) ch = QLatin1Char(' ');
    }
    text = text.simplified();
    if (text.size() > NextSteps::maxTextLength) text = text.left(NextSteps::maxTextLength - 1) + QChar(0x2026);
    return text;
}

}  // namespace

QString NextSteps::builtIn(verifier::Verdict verdict) {
    switch (verdict) {
    case verifier::Verdict::genuine: return QCoreApplication::translate("Text", "Put the module on the shelf for stock.");
    case verifier::Verdict::suspect:
        return QCoreApplication::translate("Text", "Reseat the module and scan it again. Still SUSPECT: put it in the QA tray.");
    case verifier::Verdict::counterfeit:
        return QCoreApplication::translate("Text", "Put the module in the quarantine bin and print its quarantine label. "
                                                   "Do not return it to supplier stock.");
    case verifier::Verdict::unknown: return QCoreApplication::translate("Text", "Put the module in the QA tray: QA decides.");
    case verifier::Verdict::unreadable:
        return QCoreApplication::translate("Text", "Reseat the module and scan it again. Still unreadable: put it in the QA tray.");
    }
    return {};
}

QString NextSteps::defaultPath(const QString& dataDir) {
    if (!qEnvironmentVariableIsEmpty("DIMMGUARD_NEXT_STEPS")) return qEnvironmentVariable("DIMMGUARD_NEXT_STEPS");
    return dataDir + QStringLiteral("/next-steps.ini");
}

NextSteps NextSteps::load(const QString& path) {
    NextSteps steps;
    steps.path_ = path;
    const QFileInfo info(path);
    if (!info.exists()) return steps;
    if (!info.isFile() || !info.isReadable()) {
        steps.problem_ = QCoreApplication::translate("Text", "Cannot read the next-steps file %1: using the built-in texts").arg(path);
        return steps;
    }
    if (info.size() > 64 * 1024) {
        steps.problem_ = QCoreApplication::translate("Text", "The next-steps file %1 is larger than 64 KiB: using the built-in texts").arg(path);
        return steps;
    }
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError) {
        steps.problem_ = QCoreApplication::translate("Text", "The next-steps file %1 is not a valid INI file: using the built-in texts").arg(path);
        return steps;
    }
    QStringList unknown;
    for (const QString& group : ini.childGroups()) {
        bool known = false;
        for (const auto v : allVerdicts) known = known || group == verdictKey(v);
        if (!known) {
            unknown << group;
            continue;
        }
        ini.beginGroup(group);
        for (const QString& key : ini.childKeys()) {
            // An unquoted value with a comma reads back as a list: join it again.
            const QVariant value = ini.value(key);
            const QString text = cleanText(value.typeId() == QMetaType::QStringList ? value.toStringList().join(QStringLiteral(", ")) : value.toString());
            if (text.isEmpty()) continue;
            if (key == QLatin1String("text")) {
                steps.site_[group] = text;
            } else if (key.startsWith(QLatin1String("text_"))) {
                steps.site_[group + QLatin1Char('/') + key.mid(5)] = text;
            } else {
                unknown << group + QLatin1Char('/') + key;
            }
        }
        ini.endGroup();
    }
    if (!unknown.isEmpty()) {
        steps.problem_ = QCoreApplication::translate("Text", "The next-steps file %1 has entries dimmguard does not know (%2): they are ignored")
                             .arg(path, unknown.join(QStringLiteral(", ")));
    }
    return steps;
}

QString NextSteps::forVerdict(verifier::Verdict verdict, const QString& language) const {
    const QString key = verdictKey(verdict);
    if (auto it = site_.find(key + QLatin1Char('/') + language); it != site_.end()) return it->second;
    if (auto it = site_.find(key); it != site_.end()) return it->second;
    return builtIn(verdict);
}

}  // namespace dimmguard::gui
