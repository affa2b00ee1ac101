// SPDX-License-Identifier: GPL-3.0-or-later
// Real data (issue 5): a signed registry built from the physical, non-edited dumps of the
// shared SPD corpus (per MANIFEST.tsv), then every one of those dumps verified with the
// Inspector and the built-in policy, exactly as `dimmguard verify FILE...` does. Zero
// counterfeit; every suspect is listed below with the finding codes it must raise and the real
// property of that dump that justifies them (checked independently of the rules); genuine for
// every other module that has a part number, unknown for those without one.
//
// The dumps are third-party data and never copied here: DIMMGUARD_CORPUS_DIR points at them
// (set by ctest); without it the test warns and is skipped.
#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "engine/exit_status.hpp"
#include "engine/report.hpp"
#include "db/trust.hpp"
#include "firmware_io/acquire.hpp"
#include "verifier/inspection.hpp"
#include "verifier/policy.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard;
using verifier::FindingCode;
using verifier::Verdict;

namespace {

namespace fs = std::filesystem;

constexpr const char* now = "2026-06-01T00:00:00Z";
constexpr const char* today = "2026-W22";

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, '\t')) fields.push_back(field);
    if (!line.empty() && line.back() == '\t') fields.emplace_back();
    return fields;
}

struct ManifestRow {
    std::string file;
    std::string notes;
};

std::vector<ManifestRow> read_manifest(const fs::path& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::vector<ManifestRow> rows;
    std::vector<std::string> columns;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        auto fields = split_tabs(line);
        if (columns.empty()) {
            columns = std::move(fields);
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < columns.size() && i < fields.size(); ++i) row[columns[i]] = fields[i];
        rows.push_back({row["file"], row["notes"]});
    }
    return rows;
}

/// Physical, non-edited dumps only: the MANIFEST flags hand edits, the known fake, truncation,
/// and vendor reference images (coreboot data for soldered memory, not reads of a module).
bool physical_unedited(const ManifestRow& row) {
    for (const char* flag : {"EDITED", "SUSPECT", "TRUNCATED", "vendor reference SPD image"}) {
        if (row.notes.find(flag) != std::string::npos) return false;
    }
    return true;
}

std::optional<fs::path> corpus_dir_or_warn() { return test_support::corpus_dir("corpus verify test"); }

bool is_bcd(std::uint8_t b) { return (b >> 4) <= 9 && (b & 0x0f) <= 9; }

struct Module {
    std::string file;
    std::string notes;
    std::vector<std::uint8_t> image;
    verifier::DecodedSpd spd;
};

/// Why a dump may be suspect: the finding codes (warn/fail) it must raise, and the property
/// of that dump that justifies them, checked here without the rules.
struct ExpectedSuspect {
    std::set<FindingCode> codes;
    std::string why;
    std::function<bool(const Module&)> property;
};

bool note(const Module& m, const std::string& text) { return m.notes.find(text) != std::string::npos; }

/// DDR3 manufacturing date bytes 120 (year) and 121 (week) are not BCD.
bool ddr3_binary_date(const Module& m) {
    return m.image.size() >= 122 && (m.image[120] != 0 || m.image[121] != 0) && (!is_bcd(m.image[120]) || !is_bcd(m.image[121]));
}

std::map<std::string, ExpectedSuspect> expected_suspects() {
    std::map<std::string, ExpectedSuspect> e;
    const auto bad_crc = [](const std::string& blocks) {
        return [blocks](const Module& m) { return note(m, "BAD CRC in block(s) " + blocks) && !m.spd.crc_ok(); };
    };
    e["ddr3/Corsair_CM3X2G1600C9.bin"] = {{FindingCode::crc_bad}, "stored CRC over bytes 0-116 is wrong (MANIFEST: BAD CRC)", bad_crc("0-116")};
    e["ddr3/Corsair_CMX8GX3M2A1333C9.bin"] = {{FindingCode::crc_bad}, "stored CRC over bytes 0-116 is wrong (MANIFEST: BAD CRC)", bad_crc("0-116")};
    // Three Corsair DDR3 kits store the date in binary: 0x0c 0x2a (2012-W42), 0x0d 0x20 (2013-W32),
    // 0x0a 0x0f (2010-W15). (CMY16GX3M2A2400C11 stores 0x15 0x39, valid BCD 2015-W39; the other
    // Corsair kits leave the date blank.)
    // dimmguard reads them as binary (as decode-dimms does) and the policy names Corsair as a
    // maker that writes binary dates: genuine, no DATE_INVALID (issue #12).
    e["ddr5/KLEVV_KD58GU880-56G4600.bin"] = {{FindingCode::jep106_invalid}, "module maker ID 0x1898 fails JEP106 odd parity (MANIFEST)",
                                            [](const Module& m) { return note(m, "0x1898 fails JEP106 odd parity") && m.image[512] == 0x18 && m.image[513] == 0x98; }};
    return e;
}

std::string describe(const verifier::ModuleReport& m) {
    std::string out = m.location + ": " + std::string(verifier::verdict_name(m.verdict));
    for (const auto& f : m.check.findings) {
        out += "\n    " + std::string(verifier::finding_code_name(f.code)) + " " + std::string(verifier::severity_name(f.severity)) + "/" +
               std::string(verifier::category_name(f.category)) + ": " + f.message;
    }
    return out;
}

}  // namespace

TEST_CASE("corpus verify: physical dumps against a registry built from them: no counterfeit, every suspect explained",
          "[db][rules][corpus]") {
    const auto dir = corpus_dir_or_warn();
    if (!dir) return;

    // ---- the physical, non-edited dumps
    std::vector<Module> modules;
    firmware_io::AcquireSource source;
    source.kind = firmware_io::AcquireSource::Kind::files;
    for (const auto& row : read_manifest(*dir / "MANIFEST.tsv")) {
        if (!physical_unedited(row)) continue;
        modules.push_back({(*dir / row.file).string(), row.notes, {}, {}});
        source.files.push_back(*dir / row.file);
    }
    REQUIRE(modules.size() > 60);
    auto acquired = firmware_io::acquire(source, firmware_io::AcquireOptions::with_synth(verifier::synthesize_from_json));
    REQUIRE(acquired);
    REQUIRE(acquired->size() == modules.size());
    for (std::size_t i = 0; i < modules.size(); ++i) {
        INFO(modules[i].file);
        REQUIRE((*acquired)[i].location == modules[i].file);
        REQUIRE((*acquired)[i].read);
        modules[i].image = (*acquired)[i].read->image;
        auto d = verifier::decode_spd(modules[i].image);
        REQUIRE(d);
        modules[i].spd = std::move(*d);
    }

    // ---- one part record per part number: every fingerprint seen, attributes from the SPD
    std::map<std::string, verifier::PartRecord> parts;
    const auto add_unique = [](std::vector<std::string>& list, const std::string& value) {
        if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
    };
    for (const auto& m : modules) {
        const auto& mf = m.spd.manufacturing;
        if (!mf.present || mf.part_number.empty() || !m.spd.fingerprint.available) continue;
        auto [it, fresh] = parts.try_emplace(mf.part_number);
        verifier::PartRecord& p = it->second;
        if (fresh) {
            p.part_number = mf.part_number;
            p.memory_type = std::string(dimmguard::generation_name(m.spd.type));
            p.module_type = m.spd.module_type;
            p.capacity_bytes = m.spd.geometry.capacity_bytes;
            p.ranks = m.spd.geometry.package_ranks;
            p.device_width = m.spd.geometry.device_width;
            p.die_density_mbit = m.spd.geometry.die_density_mbit;
            p.speed_mts = m.spd.timings.speed_grade_mts;
        }
        add_unique(p.fingerprints, m.spd.fingerprint.sha256_hex);
        add_unique(p.dram_makers, mf.dram_maker.hex());
        for (const auto& c : m.spd.components) {
            if (!c.present) continue;
            if (c.role == "hub") add_unique(p.hub_vendors, c.vendor.hex());
            if (c.role == "pmic0") add_unique(p.pmic_vendors, c.vendor.hex());
            if (c.role == "rcd" || c.role == "register") add_unique(p.rcd_vendors, c.vendor.hex());
        }
        if (mf.date.valid) {
            char week[16];
            std::snprintf(week, sizeof week, "%04d-W%02d", mf.date.year, mf.date.week);
            if (p.date_from.empty() || week < p.date_from) p.date_from = week;
            if (p.date_to.empty() || week > p.date_to) p.date_to = week;
        }
    }
    REQUIRE(parts.size() > 40);

    // ---- signed and imported like any publisher's bundle
    test_support::TempDir tmp;
    auto database = db::Database::open(tmp.path() / "data");
    REQUIRE(database);
    auto root = db::KeyPair::generate();
    auto publisher = db::KeyPair::generate();
    REQUIRE(root);
    REQUIRE(publisher);
    db::TrustStore store(*database);
    REQUIRE(store.init({root->public_key()}, 1));
    db::TrustDocument doc;
    doc.version = 1;
    doc.created = "2026-01-01T00:00:00Z";
    doc.expires = "2027-01-01T00:00:00Z";
    doc.roots = {{root->public_key().id(), root->public_key()}};
    doc.publishers.push_back({publisher->public_key().id(), publisher->public_key(), {"parts"}, "2027-01-01T00:00:00Z"});
    REQUIRE(store.accept_document(db::sign_trust_document(doc, {*root}).value(), now));
    std::vector<std::string> texts;
    for (const auto& [pn, p] : parts) texts.push_back(db::encode_part(p));
    auto writer = db::BundleWriter::create(*publisher, {"parts", 1, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 0});
    REQUIRE(writer);
    REQUIRE(writer->add_many(texts));
    REQUIRE(writer->finish_file(tmp.path() / "corpus-parts.bundle"));
    {
        auto imported = db::import_bundle(*database, tmp.path() / "corpus-parts.bundle", now);
        INFO((imported ? std::string("imported") : imported.error().message));
        REQUIRE(imported);
        CHECK(imported->records == parts.size());
    }

    // ---- verify them all, as `dimmguard verify FILE...` does
    auto station = database->station();
    REQUIRE(station);
    db::SqliteRegistry registry(*database, now);
    verifier::InspectOptions options;
    options.event = verifier::EventKind::intake;
    options.today_week = today;
    options.record = true;
    verifier::Inspector inspector(verifier::Policy::builtin(), &registry, station->id, options);
    const auto report = inspector.inspect(std::move(*acquired));
    REQUIRE(report.modules.size() == modules.size());
    CHECK(report.registry_problems.empty());

    const auto expected = expected_suspects();
    std::map<Verdict, int> counts;
    std::set<std::string> suspects_seen;
    int binary_dates = 0;
    for (std::size_t i = 0; i < modules.size(); ++i) {
        const auto& m = report.modules[i];
        const Module& dump = modules[i];
        const std::string file = fs::relative(dump.file, *dir).generic_string();
        INFO(describe(m));
        ++counts[m.verdict];
        CHECK(m.verdict != Verdict::counterfeit);
        CHECK(m.verdict != Verdict::unreadable);
        CHECK(m.sighting.has_value());
        std::set<FindingCode> raised;
        for (const auto& f : m.check.findings) {
            if (f.severity != verifier::Severity::info) raised.insert(f.code);
        }
        if (dump.spd.type == dimmguard::Generation::ddr3 && ddr3_binary_date(dump)) {
            // Corsair's binary dates read as decode-dimms reads them: no DATE_INVALID at all.
            ++binary_dates;
            CHECK(dump.spd.manufacturing.date.valid);
            CHECK(dump.spd.manufacturing.date.binary);
            CHECK(std::none_of(m.check.findings.begin(), m.check.findings.end(),
                               [](const verifier::Finding& f) { return f.code == FindingCode::date_invalid; }));
        }
        const auto want = expected.find(file);
        if (m.verdict == Verdict::suspect) {
            suspects_seen.insert(file);
            INFO("suspect " << file << " is not in the expected-suspect table");
            REQUIRE(want != expected.end());
        }
        if (want != expected.end()) {
            INFO(file << " should be suspect because: " << want->second.why);
            CHECK(m.verdict == Verdict::suspect);
            CHECK(raised == want->second.codes);
            CHECK(want->second.property(dump));
        } else if (!dump.spd.manufacturing.part_number.empty()) {
            // nothing wrong and its fingerprint is in the registry
            CHECK(raised.empty());
            CHECK(m.verdict == Verdict::genuine);
        } else {
            CHECK(m.verdict == Verdict::unknown);  // blank part number: nothing to compare with
        }
    }
    for (const auto& [file, why] : expected) {
        INFO("expected suspect " << file << " (" << why.why << ") was not suspect or not verified");
        CHECK(suspects_seen.count(file) == 1);
    }
    CHECK(counts[Verdict::counterfeit] == 0);
    CHECK(binary_dates == 3);   // the three Corsair DDR3 kits
    CHECK(engine::exit_status_of(report.modules, report.registry_problems, false) == engine::exit_suspect);
    std::size_t fingerprints = 0;
    for (const auto& [pn, p] : parts) fingerprints += p.fingerprints.size();
    WARN("corpus verify: " << modules.size() << " modules, " << parts.size() << " part records (" << fingerprints << " fingerprints): " << counts[Verdict::genuine] << " genuine, " << counts[Verdict::unknown]
                           << " unknown, " << counts[Verdict::suspect] << " suspect, " << counts[Verdict::counterfeit] << " counterfeit");
}
