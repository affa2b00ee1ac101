// SPDX-License-Identifier: GPL-3.0-or-later
// A real registry for the rule and custody tests: a file-backed database in a temporary
// directory, a pinned root, a root-signed trust document (publisher, a second station, a qa key),
// signed parts / serials / revocations bundles imported through import_bundle; sightings of the
// second station arrive as a signed station bundle; tampering is done with the sqlite3 shell.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"
#include "engine/exit_status.hpp"
#include "engine/report.hpp"
#include "firmware_io/acquire.hpp"
#include "verifier/inspection.hpp"
#include "verifier/jep106.hpp"
#include "verifier/policy.hpp"
#include "verifier/spd_synth.hpp"

namespace registry_fixture {

using namespace dimmguard;
using verifier::Category;
using verifier::EventKind;
using verifier::FindingCode;
using dimmguard::Generation;
using verifier::Severity;
using verifier::SynthSpec;
using verifier::Verdict;

namespace fs = std::filesystem;

inline constexpr std::uint64_t GiB = 1ULL << 30;
inline constexpr const char* now = "2026-06-01T00:00:00Z";
inline constexpr const char* today = "2026-W22";
inline constexpr const char* pn32 = "M321R4GA0BB0-CQK";  // Samsung DDR5 RDIMM 32 GB 1R x4
inline constexpr const char* pn64 = "M321R8GA0BB0-CQK";  // Samsung DDR5 RDIMM 64 GB 2R x4

inline db::KeyPair key() {
    auto k = db::KeyPair::generate();
    REQUIRE(k);
    return *k;
}

/// The genuine M321R4GA0BB0-CQK: IDT hub and PMIC, Montage RCD, made 2024-W10.
inline SynthSpec genuine32(const std::string& serial = "3bf239f8") {
    SynthSpec s;
    s.type = Generation::ddr5;
    s.module_type = "RDIMM";
    s.capacity_bytes = 32 * GiB;
    s.ranks = 1;
    s.device_width = 4;
    s.speed_mts = 4800;
    s.maker = "Samsung";
    s.part_number = pn32;
    s.serial_hex = serial;
    s.year = 2024;
    s.week = 10;
    return s;
}

/// The genuine M321R8GA0BB0-CQK: 64 GB 2R x4.
inline SynthSpec genuine64(const std::string& serial = "64000001") {
    SynthSpec s = genuine32(serial);
    s.capacity_bytes = 64 * GiB;
    s.ranks = 2;
    s.part_number = pn64;
    return s;
}

/// An SK hynix DDR5 RDIMM: SK hynix publishes no serials in this registry.
inline SynthSpec hynix32(const std::string& serial = "5a5a0001") {
    SynthSpec s = genuine32(serial);
    s.maker = "SK Hynix";
    s.part_number = "HMCG84AEBRA109N";
    return s;
}

inline std::vector<std::uint8_t> image_of(const SynthSpec& spec) {
    auto image = verifier::synthesize(spec);
    INFO((image ? std::string("ok") : image.error().message));
    REQUIRE(image);
    return *image;
}

inline verifier::DecodedSpd decode(const SynthSpec& spec) {
    auto d = verifier::decode_spd(image_of(spec));
    REQUIRE(d);
    return *d;
}

inline std::string fingerprint(const SynthSpec& spec) {
    const auto d = decode(spec);
    REQUIRE(d.fingerprint.available);
    return d.fingerprint.sha256_hex;
}

inline verifier::ModuleIdentity identity(const SynthSpec& spec) {
    auto id = verifier::identity_of(decode(spec));
    REQUIRE(id);
    return *id;
}

inline std::string vendor_hex(const std::string& name) {
    auto found = verifier::jep106_lookup(name);
    REQUIRE(found.size() == 1);
    return found.front().hex();
}

inline verifier::PartRecord record_for(const SynthSpec& spec, std::vector<std::string> fingerprints) {
    verifier::PartRecord p;
    p.part_number = spec.part_number;
    p.fingerprints = std::move(fingerprints);
    p.memory_type = "DDR5";
    p.module_type = "RDIMM";
    p.capacity_bytes = spec.capacity_bytes;
    p.ranks = spec.ranks;
    p.device_width = spec.device_width;
    p.die_density_mbit = 16384;
    p.speed_mts = spec.speed_mts;
    p.dram_makers = {vendor_hex(spec.maker)};
    p.hub_vendors = {vendor_hex("IDT")};
    p.pmic_vendors = {vendor_hex("IDT")};
    p.rcd_vendors = {vendor_hex("Montage Technology Group")};
    p.date_from = "2023-W01";
    p.date_to = "2025-W52";
    return p;
}

inline void write_bundle(const fs::path& path, const db::KeyPair& k, const std::string& role, const std::vector<std::string>& texts,
                  const std::string& expires = "2027-01-01T00:00:00Z") {
    auto w = db::BundleWriter::create(k, {role, 1, "2026-01-01T00:00:00Z", expires, 1});
    REQUIRE(w);
    REQUIRE(w->add_many(texts));
    REQUIRE(w->finish_file(path));
}

/// Serials of the genuine M321R4GA0BB0-CQK the maker says it issued.
inline std::vector<std::string> issued32() {
    std::vector<std::string> serials;
    for (unsigned i = 0; i < 16; ++i) {
        char buf[9];
        std::snprintf(buf, sizeof buf, "3bf239%02x", 0xf0 + i);
        serials.emplace_back(buf);
    }
    return serials;
}

struct Fixture {
    test_support::TempDir dir;
    db::KeyPair root = key();
    db::KeyPair publisher = key();
    db::KeyPair qa = key();                ///< trusted for role qa (releases)
    std::optional<db::Database> db;        ///< this station (B), file-backed
    std::optional<db::Database> other;     ///< another station (A), trusted for role `station`
    std::string station;                   ///< B's id
    std::string other_station;             ///< A's id
    fs::path file;                         ///< B's registry.sqlite

    explicit Fixture(const std::string& parts_expire = "2027-01-01T00:00:00Z", const std::string& import_at = now) {
        auto a = db::Database::open(dir.path() / "a");
        REQUIRE(a);
        other.emplace(std::move(*a));
        REQUIRE(other->set_site("DC2 intake"));
        auto sa = other->station();
        REQUIRE(sa);
        other_station = sa->id;

        auto b = db::Database::open(dir.path() / "b");
        REQUIRE(b);
        db.emplace(std::move(*b));
        file = dir.path() / "b" / "registry.sqlite";
        auto sb = db->station();
        REQUIRE(sb);
        station = sb->id;

        db::TrustStore store(*db);
        REQUIRE(store.init({root.public_key()}, 1));
        db::TrustDocument d;
        d.version = 1;
        d.created = "2026-01-01T00:00:00Z";
        d.expires = "2027-01-01T00:00:00Z";
        d.roots = {{root.public_key().id(), root.public_key()}};
        d.publishers.push_back({publisher.public_key().id(), publisher.public_key(), {"parts", "serials", "revocations"}, "2027-01-01T00:00:00Z"});
        d.publishers.push_back({sa->key.public_key().id(), sa->key.public_key(), {"station"}, "2027-01-01T00:00:00Z"});
        d.publishers.push_back({qa.public_key().id(), qa.public_key(), {"qa"}, "2027-01-01T00:00:00Z"});
        auto text = db::sign_trust_document(d, {root});
        REQUIRE(text);
        REQUIRE(store.accept_document(*text, "2026-01-02T00:00:00Z"));

        // parts: both Samsung parts and the SK hynix part; the 32 GB part accepts two BOM
        // variants (IDT or Montage RCD) by fingerprint, but its record allows Montage RCDs only.
        SynthSpec idt_rcd = genuine32();
        idt_rcd.rcd_vendor = "IDT";
        std::vector<std::string> parts = {
            db::encode_part(record_for(genuine32(), {fingerprint(genuine32()), fingerprint(idt_rcd)})),
            db::encode_part(record_for(genuine64(), {fingerprint(genuine64())})),
            db::encode_part(record_for(hynix32(), {fingerprint(hynix32())})),
        };
        write_bundle(dir.path() / "parts.bundle", publisher, "parts", parts, parts_expire);

        // serials: Samsung publishes what it issued (SK hynix does not)
        std::vector<std::string> serials;
        for (const auto& s : issued32()) serials.push_back(db::encode_serial({identity(genuine32(s)), pn32}));
        SynthSpec late = genuine32("3bf239fe");
        late.year = 2026;
        late.week = 10;
        serials.push_back(db::encode_serial({identity(late), pn32}));
        serials.push_back(db::encode_serial({identity(genuine64()), pn64}));
        serials.push_back(db::encode_serial({identity(genuine32("0000aaaa")), pn64}));  // issued for the 64 GB part
        write_bundle(dir.path() / "serials.bundle", publisher, "serials", serials);

        write_bundle(dir.path() / "revocations.bundle", publisher, "revocations",
                     {db::encode_revocation({identity(genuine32("3bf239f6")), "cloned: one image on 40 sticks of lot 7"})});

        for (const char* name : {"parts.bundle", "serials.bundle", "revocations.bundle"}) {
            auto r = db::import_bundle(*db, dir.path() / name, import_at);
            INFO(name << ": " << (r ? std::string("ok") : r.error().message));
            REQUIRE(r);
        }
    }

    /// A sighting of `spec` as a station records it.
    static verifier::Sighting sighting(const SynthSpec& spec, EventKind event, const std::string& fp = {}) {
        verifier::Sighting s;
        s.identity = identity(spec);
        s.fingerprint = fp.empty() ? fingerprint(spec) : fp;
        s.part_number = spec.part_number;
        s.verdict = "genuine";
        s.event = event;
        s.context = {{"lot", "L-2026-05"}};
        return s;
    }

    void record_here(const verifier::Sighting& s, const std::string& time) { REQUIRE(db::record_sighting(*db, s, time)); }
    void record_there(const verifier::Sighting& s, const std::string& time) { REQUIRE(db::record_sighting(*other, s, time)); }

    /// Station A exports its log, B imports it (trusted by B's trust document).
    void exchange() {
        const fs::path bundle = dir.path() / "a.sightings";
        REQUIRE(db::export_sightings(*other, bundle));
        auto imported = db::import_sightings(*db, bundle, now);
        INFO((imported ? std::string("ok") : imported.error().message));
        REQUIRE(imported);
    }

    void sqlite3_shell(const std::string& sql) const {
        const std::string command = "sqlite3 '" + file.string() + "' \"" + sql + "\"";
        INFO(command);
        REQUIRE(std::system(command.c_str()) == 0);
    }
};

struct Checked {
    verifier::ModuleReport module;
    int exit_status = 0;

    [[nodiscard]] std::vector<const verifier::Finding*> all(FindingCode code) const {
        std::vector<const verifier::Finding*> out;
        for (const auto& f : module.check.findings) {
            if (f.code == code) out.push_back(&f);
        }
        return out;
    }
    [[nodiscard]] bool has(FindingCode code) const { return !all(code).empty(); }
    [[nodiscard]] std::string codes() const {
        std::string out;
        for (const auto& f : module.check.findings) {
            out += std::string(verifier::finding_code_name(f.code)) + "(" + std::string(verifier::severity_name(f.severity)) + "/" +
                   std::string(verifier::category_name(f.category)) + ": " + f.message + ") ";
        }
        return (out.empty() ? std::string("(no findings)") : out) + " -> " + std::string(verifier::verdict_name(module.verdict));
    }
    [[nodiscard]] Verdict verdict() const { return module.verdict; }
};

/// Inspect one image through `registry` with the Inspector (file source: no live data), nothing
/// recorded.
inline Checked inspect_through(verifier::RegistryInterface& registry, const std::string& station, std::vector<std::uint8_t> image,
                               EventKind event = EventKind::intake) {
    verifier::InspectOptions options;
    options.event = event;
    options.record = false;
    options.today_week = today;
    verifier::Inspector inspector(verifier::Policy::builtin(), &registry, station, options);
    firmware_io::AcquiredModule m;
    m.location = "module.bin";
    m.via = "file (raw)";
    firmware_io::ModuleRead read;
    read.generation = dimmguard::Generation::ddr5;
    read.image = std::move(image);
    m.read = read;
    std::vector<firmware_io::AcquiredModule> modules;
    modules.push_back(std::move(m));
    auto report = inspector.inspect(std::move(modules));
    REQUIRE(report.modules.size() == 1);
    INFO("registry problems: " << report.registry_problems.size());
    CHECK(report.registry_problems.empty());
    const int status = engine::exit_status_of(report.modules, report.registry_problems, false);
    return Checked{std::move(report.modules.front()), status};
}

/// Inspect one image with the Inspector and the registry of `database` at `at`, nothing recorded.
inline Checked inspect_image(db::Database& database, const std::string& station, std::vector<std::uint8_t> image,
                             EventKind event = EventKind::intake, const std::string& at = now) {
    db::SqliteRegistry registry(database, at);
    return inspect_through(registry, station, std::move(image), event);
}

inline Checked inspect(db::Database& database, const std::string& station, const SynthSpec& spec, EventKind event = EventKind::intake,
                const std::string& at = now) {
    return inspect_image(database, station, image_of(spec), event, at);
}

inline Checked inspect(Fixture& f, const SynthSpec& spec, EventKind event = EventKind::intake) {
    return inspect(*f.db, f.station, spec, event);
}

inline const verifier::Finding& expect_one(const Checked& c, FindingCode code, Severity severity, Category category) {
    INFO("findings: " << c.codes());
    const auto found = c.all(code);
    REQUIRE(found.size() == 1);
    CHECK(found.front()->severity == severity);
    CHECK(found.front()->category == category);
    return *found.front();
}

inline void expect_none(const Checked& c, FindingCode code) {
    INFO("findings: " << c.codes() << " (unexpected " << verifier::finding_code_name(code) << ")");
    CHECK_FALSE(c.has(code));
}

inline void expect_genuine(const Checked& c) {
    INFO("findings: " << c.codes());
    CHECK(c.verdict() == Verdict::genuine);
    CHECK(c.module.check.compared_with_trusted_part);
    CHECK(c.exit_status == engine::exit_ok);
}


}  // namespace registry_fixture
