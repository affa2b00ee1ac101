// SPDX-License-Identifier: GPL-3.0-or-later
// Registry lookups: trusted answers; records edited with the sqlite3 shell are reported as
// tampered and never trusted; untrusted publishers; stale bundles.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "../support/db_support.hpp"
#include "../support/temp_dir.hpp"
#include "record_edit.hpp"
#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"

using namespace dimmguard;
using namespace dimmguard::db;

using test_support::key;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";

verifier::ModuleIdentity identity(std::uint32_t serial) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", serial);
    return {"802c", "06", "2243", buf};
}

verifier::PartRecord part(const std::string& number) {
    verifier::PartRecord p;
    p.part_number = number;
    p.fingerprints = {std::string(64, 'c')};
    p.memory_type = "DDR5";
    p.module_type = "RDIMM";
    p.capacity_bytes = 34359738368ULL;
    p.ranks = 1;
    p.device_width = 4;
    p.die_density_mbit = 16384;
    p.speed_mts = 4800;
    return p;
}

void write(const std::filesystem::path& path, const KeyPair& k, const std::string& role, const std::vector<std::string>& texts,
           const std::string& expires = "2027-01-01T00:00:00Z") {
    auto w = BundleWriter::create(k, {role, 1, "2026-01-01T00:00:00Z", expires, 1});
    REQUIRE(w);
    REQUIRE(w->add_many(texts));
    REQUIRE(w->finish_file(path));
}

TrustDocument doc(std::int64_t version, const KeyPair& root, const std::vector<const KeyPair*>& publishers) {
    TrustDocument d;
    d.version = version;
    d.created = "2026-01-01T00:00:00Z";
    d.expires = "2027-01-01T00:00:00Z";
    d.roots = {{root.public_key().id(), root.public_key()}};
    for (const auto* p : publishers) {
        d.publishers.push_back({p->public_key().id(), p->public_key(), {"parts", "serials", "revocations"}, "2027-01-01T00:00:00Z"});
    }
    return d;
}

void sqlite3_shell(const std::filesystem::path& db, const std::string& sql) {
    const std::string command = "sqlite3 '" + db.string() + "' \"" + sql + "\"";
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
}

struct Fixture {
    test_support::TempDir dir;
    KeyPair root = key();
    KeyPair publisher = key();
    std::optional<Database> db;
    std::filesystem::path file;
    Fixture() {
        auto d = Database::open(dir.path() / "data");
        REQUIRE(d);
        db.emplace(std::move(*d));
        file = dir.path() / "data" / "registry.sqlite";
        TrustStore store(*db);
        REQUIRE(store.init({root.public_key()}, 1));
        REQUIRE(store.accept_document(sign_trust_document(doc(1, root, {&publisher}), {root}).value(), now));
        std::vector<std::string> serials;
        for (std::uint32_t i = 0; i < 10; ++i) serials.push_back(encode_serial({identity(i), "M321R4GA0BB0-CQK"}));
        write(dir.path() / "s.bundle", publisher, "serials", serials);
        write(dir.path() / "p.bundle", publisher, "parts", {encode_part(part("M321R4GA0BB0-CQK")), encode_part(part("OTHER"))});
        write(dir.path() / "r.bundle", publisher, "revocations", {encode_revocation({identity(3), "cloned: seen in two servers"})},
              "2026-03-01T00:00:00Z");
        REQUIRE(import_bundle(*db, dir.path() / "s.bundle", now));
        REQUIRE(import_bundle(*db, dir.path() / "p.bundle", now));
        REQUIRE(import_bundle(*db, dir.path() / "r.bundle", "2026-02-01T00:00:00Z"));
    }
};

}  // namespace

TEST_CASE("lookup: lookups return verified, trusted records", "[db][lookup]") {
    Fixture f;
    SqliteRegistry reg(*f.db, now);
    auto s = reg.issued_serial(identity(4));
    REQUIRE(s);
    REQUIRE(s->trusted.size() == 1);
    CHECK(s->tampered.empty());
    CHECK_FALSE(s->stale);
    CHECK(s->trusted[0].record.part_number == "M321R4GA0BB0-CQK");
    CHECK(s->trusted[0].signer == f.publisher.public_key().id());
    CHECK(s->trusted[0].source == f.publisher.public_key().id() + "/serials/v1");
    CHECK(reg.issued_serial(identity(99))->trusted.empty());

    auto p = reg.part("M321R4GA0BB0-CQK");
    REQUIRE(p);
    REQUIRE(p->trusted.size() == 1);
    CHECK(p->trusted[0].record.capacity_bytes == 34359738368ULL);
    CHECK(p->trusted[0].record.fingerprints == std::vector<std::string>{std::string(64, 'c')});

    CHECK(reg.publishes_serials("802c").value());
    CHECK_FALSE(reg.publishes_serials("80ce").value());

    // the revocations bundle expired on 2026-03-01: still answered, flagged stale
    auto r = reg.revocations(identity(3));
    REQUIRE(r);
    REQUIRE(r->trusted.size() == 1);
    CHECK(r->trusted[0].record.reason == "cloned: seen in two servers");
    CHECK(r->stale);
    SqliteRegistry earlier(*f.db, "2026-02-01T00:00:00Z");
    CHECK_FALSE(earlier.revocations(identity(3))->stale);
}

TEST_CASE("lookup: a record edited with the sqlite3 shell is reported as tampered", "[db][lookup]") {
    Fixture f;
    SqliteRegistry reg(*f.db, now);
    const std::string id4 = identity(4).key();
    SECTION("line") {
        record_edit::edit_records(f.file, "serials", [&](std::vector<std::string>& records) {
            for (auto& r : records) {
                if (r.find(id4) != std::string::npos) r.replace(r.find("M321R4GA0BB0"), 12, "M321R8GA0BB0");
            }
        });
        auto s = reg.issued_serial(identity(4));
        REQUIRE(s);
        CHECK(s->trusted.empty());
        REQUIRE(s->tampered.size() == 1);
        CHECK_THAT(s->tampered[0], Catch::Contains(id4) && Catch::Contains("not the one accepted"));
        // Its neighbours in key order cannot prove that nothing of theirs is hidden in it; the
        // records further away still verify.
        CHECK(reg.issued_serial(identity(5))->trusted.empty());
        CHECK(reg.issued_serial(identity(3))->trusted.empty());
        CHECK(reg.issued_serial(identity(7))->trusted.size() == 1);
        CHECK(reg.issued_serial(identity(1))->trusted.size() == 1);
    }
    SECTION("signature") {
        record_edit::edit_records(f.file, "serials", [&](std::vector<std::string>& records) {
            for (auto& r : records) {
                if (r.find(id4) == std::string::npos) continue;
                const std::size_t sig = r.rfind('\t') + 1;
                r = r.substr(0, sig) + r.substr(sig + 1) + "0";
            }
        });
        auto s = reg.issued_serial(identity(4));
        REQUIRE(s);
        CHECK(s->trusted.empty());
        REQUIRE(s->tampered.size() == 1);
    }
    SECTION("index column") {
        // The group index only says where a search starts reading: pointing it at a never-issued
        // serial makes no signed record answer for it, and the issued ones are still found.
        sqlite3_shell(f.file, "UPDATE record_groups SET first_key = '" + identity(77).key() + "' WHERE bundle_id IN (SELECT id FROM bundles WHERE role = 'serials')");
        auto s = reg.issued_serial(identity(77));
        REQUIRE(s);
        CHECK(s->trusted.empty());
        CHECK(s->tampered.empty());
        CHECK(reg.issued_serial(identity(4))->trusted.size() == 1);
    }
    SECTION("part attributes") {
        record_edit::replace_in_records(f.file, "parts", "34359738368", "68719476736");
        auto p = reg.part("M321R4GA0BB0-CQK");
        REQUIRE(p);
        CHECK(p->trusted.empty());
        CHECK(p->tampered.size() == 1);
    }
    SECTION("bundle header") {
        sqlite3_shell(f.file, "UPDATE bundles SET header = replace(header, 'expires=2026-03-01', 'expires=2029-03-01')");
        auto r = reg.revocations(identity(3));
        REQUIRE(r);
        CHECK(r->trusted.empty());
        REQUIRE(r->tampered.size() == 1);
        CHECK_THAT(r->tampered[0], Catch::Contains("header signature does not verify"));
    }
    SECTION("trust document") {
        sqlite3_shell(f.file, "UPDATE trust_documents SET text = replace(text, 'threshold=1', 'threshold=1 ')");
        auto s = reg.issued_serial(identity(4));
        REQUIRE(s);
        CHECK(s->trusted.empty());
        CHECK(s->tampered.size() == 1);
    }
}

TEST_CASE("lookup: records of a publisher dropped from the trust document are not trusted", "[db][lookup]") {
    Fixture f;
    const KeyPair newcomer = key();
    TrustStore store(*f.db);
    REQUIRE(store.accept_document(sign_trust_document(doc(2, f.root, {&newcomer}), {f.root}).value(), now));
    SqliteRegistry reg(*f.db, now);
    auto s = reg.issued_serial(identity(4));
    REQUIRE(s);
    CHECK(s->trusted.empty());
    REQUIRE(s->tampered.size() == 1);
    CHECK_THAT(s->tampered[0], Catch::Contains("unknown key"));
    CHECK_FALSE(reg.publishes_serials("802c").value());

    auto st = registry_status(*f.db, now);
    REQUIRE(st);
    CHECK(st->bundles.size() == 3);
    CHECK(st->bundles[0].problem.has_value());
    CHECK(st->serials == 10);
}
