// SPDX-License-Identifier: GPL-3.0-or-later
// Bundle format: round trips, canonical records, and every single-byte corruption of a
// signed bundle refused with the database file left byte-for-byte unchanged.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <sstream>

#include "../support/db_support.hpp"
#include "../support/temp_dir.hpp"
#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/trust.hpp"
#include "database_access.hpp"

using namespace dimmguard;
using namespace dimmguard::db;

using test_support::key;
using test_support::slurp;
using test_support::spit;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";

verifier::ModuleIdentity identity(std::uint32_t serial) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", serial);
    return {"802c", "06", "2243", buf};
}

std::string serials_bundle(const KeyPair& k, std::uint32_t n, std::int64_t version = 1) {
    auto w = BundleWriter::create(k, {"serials", version, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 1});
    REQUIRE(w);
    for (std::uint32_t i = 0; i < n; ++i) REQUIRE(w->add(encode_serial({identity(i), "M321R8GA0BB0-CQK"})));
    auto text = w->finish_text();
    REQUIRE(text);
    return *text;
}

verifier::PartRecord sample_part() {
    verifier::PartRecord p;
    p.part_number = "M321R8GA0BB0-CQK";
    p.fingerprints = {std::string(64, 'a'), std::string(64, 'b')};
    p.memory_type = "DDR5";
    p.module_type = "RDIMM";
    p.capacity_bytes = 68719476736ULL;
    p.ranks = 2;
    p.device_width = 4;
    p.die_density_mbit = 16384;
    p.speed_mts = 4800;
    p.dram_makers = {"80ce"};
    p.hub_vendors = {"8632"};
    p.pmic_vendors = {"8632", "8a8c"};
    p.rcd_vendors = {};
    p.date_from = "2021-W01";
    p.date_to = "";
    return p;
}

}  // namespace

TEST_CASE("bundle: field encoding is reversible and canonical", "[db][bundle]") {
    CHECK(encode_field("a\tb\nc%d\r") == "a%09b%0Ac%25d%0D");
    CHECK(decode_field("a%09b%0Ac%25d%0D").value() == "a\tb\nc%d\r");
    CHECK_FALSE(decode_field("%41"));
    CHECK_FALSE(decode_field("%0a"));   // only the upper-case form is canonical
    CHECK_FALSE(decode_field("50%"));
    CHECK(is_rfc3339_utc("2024-02-29T23:59:59Z"));
    CHECK_FALSE(is_rfc3339_utc("2023-02-29T00:00:00Z"));
    CHECK_FALSE(is_rfc3339_utc("2023-01-01T00:00:00+01:00"));
    CHECK(normalize_time("2027-01-01", "expires").value() == "2027-01-01T00:00:00Z");
    CHECK_FALSE(normalize_time("tomorrow", "expires"));
}

TEST_CASE("bundle: records encode and decode canonically", "[db][bundle]") {
    const auto p = sample_part();
    const std::string text = encode_part(p);
    auto back = decode_part(text);
    REQUIRE(back);
    CHECK(encode_part(*back) == text);
    CHECK(back->pmic_vendors == p.pmic_vendors);
    CHECK(back->capacity_bytes == p.capacity_bytes);
    CHECK_FALSE(decode_part(text + "\textra"));
    std::string leading_zero = text;
    leading_zero.replace(leading_zero.find("\t4800\t"), 6, "\t04800\t");
    CHECK_FALSE(decode_part(leading_zero));

    verifier::Revocation r{identity(7), "cloned\tseen twice\n100%"};
    auto rt = decode_revocation(encode_revocation(r));
    REQUIRE(rt);
    CHECK(rt->reason == r.reason);
    CHECK(rt->identity == r.identity);

    auto s = decode_serial(encode_serial({identity(1), "PN 1%"}));
    REQUIRE(s);
    CHECK(s->part_number == "PN 1%");
    CHECK_FALSE(decode_serial("serial\t802C-06-2243-00000001\tPN"));  // upper-case hex
    CHECK_FALSE(decode_serial("serial\t802c-06-2243-00000001\tPN\textra"));
}

TEST_CASE("bundle: a signed bundle round-trips through the writer and the parser", "[db][bundle]") {
    const KeyPair k = key();
    auto w = BundleWriter::create(k, {"parts", 3, "2026-01-01", "2027-01-01", 0});
    REQUIRE(w);
    REQUIRE(w->add(encode_part(sample_part())));
    auto p2 = sample_part();
    p2.part_number = "MTC20F2085S1RC48BA1";
    REQUIRE(w->add_many({encode_part(p2)}));
    CHECK_FALSE(w->add(encode_serial({identity(1), "x"})));  // wrong type for the role
    auto text = w->finish_text();
    REQUIRE(text);

    auto b = parse_bundle(*text);
    REQUIRE(b);
    CHECK(b->header.role == "parts");
    CHECK(b->header.version == 3);
    CHECK(b->header.publisher == k.public_key().id());
    CHECK(b->header.created == "2026-01-01T00:00:00Z");
    CHECK(b->header.records == 2);
    REQUIRE(b->records.size() == 2);
    CHECK(b->records[0].type == "part");
    CHECK(b->records[0].fields.size() == 15);
    CHECK(b->records[1].verify(k.public_key()));
    CHECK(decode_part(b->records[1].signed_text)->part_number == "MTC20F2085S1RC48BA1");
    CHECK(b->records[0].line() + "\n" == text->substr(text->find("part\t")).substr(0, b->records[0].line().size() + 1));

    // a record signed by another key is caught when records are verified
    const KeyPair other = key();
    std::string forged = *text;
    const std::size_t at = forged.find("part\t");
    const std::size_t tab = forged.find('\n', at);
    const std::string signed_text = b->records[0].signed_text;
    forged.replace(at, tab - at, signed_text + "\t" + signature_hex(*other.sign(record_signing_message(signed_text))));
    auto bad = parse_bundle(forged);
    REQUIRE_FALSE(bad);  // the digest no longer matches either
}

TEST_CASE("bundle: unsigned bundles round-trip", "[db][bundle]") {
    UnsignedBundle u{"serials", {encode_serial({identity(1), "A"}), encode_serial({identity(2), "B"})}};
    auto back = parse_unsigned_bundle(unsigned_bundle_text(u), "u");
    REQUIRE(back);
    CHECK(back->records == u.records);
    CHECK_FALSE(parse_unsigned_bundle("dimmguard-unsigned-bundle 1\nrole=parts\nserial\tx\n", "u"));
}

TEST_CASE("bundle: flipping any byte of a signed bundle is refused and leaves the database unchanged", "[db][bundle][import]") {
    test_support::TempDir dir;
    const auto data = dir.path() / "data";
    const KeyPair root = key(), publisher = key();
    auto db = Database::open(data);
    REQUIRE(db);
    test_support::trust_publishers(*db, root, {{&publisher, {"serials"}}}, now);
    const std::string good = serials_bundle(publisher, 2);
    const auto file = dir.path() / "b.bundle";
    const auto sqlite_file = data / "registry.sqlite";
    REQUIRE(dimmguard::db::detail::connection_of(*db).exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    const std::string before = slurp(sqlite_file);
    REQUIRE_FALSE(before.empty());

    std::size_t refused = 0;
    for (std::size_t i = 0; i < good.size(); ++i) {
        std::string variant = good;
        variant[i] = static_cast<char>(variant[i] ^ 0x01);
        spit(file, variant);
        auto r = import_bundle(*db, file, now);
        INFO("byte " << i << " ('" << good[i] << "')");
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message, Catch::Contains(file.string()));
        CHECK(r.error().message.size() > file.string().size() + 10);
        ++refused;
    }
    CHECK(refused == good.size());
    REQUIRE(dimmguard::db::detail::connection_of(*db).exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    CHECK(slurp(sqlite_file) == before);
    CHECK(std::filesystem::file_size(data / "registry.sqlite-wal") == 0);

    // the intact bundle imports (the refusals were not for another reason)
    spit(file, good);
    auto ok = import_bundle(*db, file, now);
    REQUIRE(ok);
    CHECK(ok->records == 2);
}
