// SPDX-License-Identifier: GPL-3.0-or-later
// Trust store: pinned roots, root-signed documents, rotation by threshold, refusals.
#include <catch2/catch.hpp>

#include "../support/db_support.hpp"
#include "database_access.hpp"

#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/trust.hpp"

using namespace dimmguard;
using namespace dimmguard::db;

using test_support::key;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";

TrustDocument document(std::int64_t version, const std::vector<const KeyPair*>& next_roots, int threshold,
                       const std::vector<std::pair<const KeyPair*, std::string>>& publishers,
                       std::string expires = "2027-01-01T00:00:00Z", std::string publisher_expires = "2027-01-01T00:00:00Z") {
    TrustDocument d;
    d.version = version;
    d.created = "2026-01-01T00:00:00Z";
    d.expires = std::move(expires);
    d.threshold = threshold;
    for (const auto* r : next_roots) d.roots.push_back({r->public_key().id(), r->public_key()});
    for (const auto& [k, roles] : publishers) {
        TrustedPublisher p{k->public_key().id(), k->public_key(), {}, publisher_expires};
        std::size_t start = 0;
        for (;;) {
            const auto end = roles.find(',', start);
            p.roles.push_back(roles.substr(start, end - start));
            if (end == std::string::npos) break;
            start = end + 1;
        }
        d.publishers.push_back(p);
    }
    return d;
}

std::string sign(const TrustDocument& d, const std::vector<const KeyPair*>& keys) {
    std::vector<KeyPair> ks;
    for (const auto* k : keys) ks.push_back(*k);
    auto text = sign_trust_document(d, ks);
    REQUIRE(text);
    return *text;
}

}  // namespace

TEST_CASE("trust: init pins roots once unless forced", "[db][trust]") {
    auto db = Database::open_in_memory();
    REQUIRE(db);
    TrustStore store(*db);
    const KeyPair root = key();
    CHECK_FALSE(store.initialised().value());
    CHECK_FALSE(store.init({}, 1));
    CHECK_FALSE(store.init({root.public_key()}, 2));  // threshold above the number of roots
    REQUIRE(store.init({root.public_key()}, 1));
    CHECK(store.initialised().value());
    auto again = store.init({root.public_key()}, 1);
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Contains("already initialised"));
    REQUIRE(store.init({root.public_key()}, 1, true));
    CHECK(store.pinned()->roots.size() == 1);
    CHECK_FALSE(store.current().value());
}

TEST_CASE("trust: a document signed by the pinned root names trusted publishers", "[db][trust]") {
    auto db = Database::open_in_memory();
    REQUIRE(db);
    TrustStore store(*db);
    const KeyPair root = key(), acme = key(), other = key();
    REQUIRE(store.init({root.public_key()}, 1));

    auto before = store.publisher_trusted(acme.public_key().id(), "parts", now);
    REQUIRE_FALSE(before);
    CHECK_THAT(before.error().message, Catch::Contains("no trust document"));

    // signed by a key that is not a root: refused
    auto unsigned_doc = store.accept_document(sign(document(1, {&root}, 1, {{&acme, "parts,serials"}}), {&other}), now);
    REQUIRE_FALSE(unsigned_doc);
    CHECK(unsigned_doc.error().code == Errc::signature_invalid);
    CHECK_THAT(unsigned_doc.error().message, Catch::Contains("signed by 0 of the 1"));

    REQUIRE(store.accept_document(sign(document(1, {&root}, 1, {{&acme, "parts,serials"}}), {&root}), now));
    auto ok = store.publisher_trusted(acme.public_key().id(), "serials", now);
    REQUIRE(ok);
    CHECK(*ok == acme.public_key());

    auto wrong_role = store.publisher_trusted(acme.public_key().id(), "revocations", now);
    REQUIRE_FALSE(wrong_role);
    CHECK(wrong_role.error().code == Errc::untrusted_key);
    CHECK_THAT(wrong_role.error().message, Catch::Contains("not trusted for role revocations"));

    auto unknown = store.publisher_trusted(other.public_key().id(), "parts", now);
    REQUIRE_FALSE(unknown);
    CHECK_THAT(unknown.error().message, Catch::Contains("unknown key"));

    auto expired_doc = store.publisher_trusted(acme.public_key().id(), "parts", "2027-02-01T00:00:00Z");
    REQUIRE_FALSE(expired_doc);
    CHECK_THAT(expired_doc.error().message, Catch::Contains("trust document v1 expired"));
}

TEST_CASE("trust: keys rotate through threshold-signed documents", "[db][trust]") {
    auto db = Database::open_in_memory();
    REQUIRE(db);
    TrustStore store(*db);
    const KeyPair root = key(), r2 = key(), r3 = key(), acme = key(), acme2 = key();
    REQUIRE(store.init({root.public_key()}, 1));
    REQUIRE(store.accept_document(sign(document(1, {&r2, &r3}, 2, {{&acme, "parts"}}), {&root}), now));

    // v2 must now carry 2 of {r2, r3}; the old root no longer counts
    const TrustDocument v2 = document(2, {&r2, &r3}, 2, {{&acme2, "parts"}});
    auto one = store.accept_document(sign(v2, {&r2}), now);
    REQUIRE_FALSE(one);
    CHECK_THAT(one.error().message, Catch::Contains("signed by 1 of the 2"));
    auto old_root = store.accept_document(sign(v2, {&root, &r2}), now);
    REQUIRE_FALSE(old_root);
    auto twice = store.accept_document(sign(v2, {&r2, &r2}), now);  // the same key twice counts once
    REQUIRE_FALSE(twice);
    REQUIRE(store.accept_document(sign(v2, {&r2, &r3}), now));

    CHECK(store.current().value()->version == 2);
    CHECK(store.publisher_trusted(acme2.public_key().id(), "parts", now));
    auto gone = store.publisher_trusted(acme.public_key().id(), "parts", now);
    REQUIRE_FALSE(gone);
    CHECK_THAT(gone.error().message, Catch::Contains("unknown key"));

    // lower or equal version refused
    auto lower = store.accept_document(sign(document(2, {&r2, &r3}, 2, {{&acme, "parts"}}), {&r2, &r3}), now);
    REQUIRE_FALSE(lower);
    CHECK_THAT(lower.error().message, Catch::Contains("rollback refused"));
    // expired document refused
    auto expired = store.accept_document(sign(document(3, {&r2, &r3}, 2, {{&acme, "parts"}}, "2026-05-01T00:00:00Z"), {&r2, &r3}), now);
    REQUIRE_FALSE(expired);
    CHECK_THAT(expired.error().message, Catch::Contains("expired"));
}

TEST_CASE("trust: an expired publisher key is refused", "[db][trust]") {
    auto db = Database::open_in_memory();
    REQUIRE(db);
    TrustStore store(*db);
    const KeyPair root = key(), acme = key();
    REQUIRE(store.init({root.public_key()}, 1));
    REQUIRE(store.accept_document(sign(document(1, {&root}, 1, {{&acme, "serials"}}, "2027-01-01T00:00:00Z", "2026-03-01T00:00:00Z"), {&root}), now));
    auto r = store.publisher_trusted(acme.public_key().id(), "serials", now);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("key expired on 2026-03-01T00:00:00Z"));
    CHECK(store.publisher_trusted(acme.public_key().id(), "serials", "2026-02-01T00:00:00Z"));
}

TEST_CASE("trust: a stored document edited in the database is not trusted", "[db][trust]") {
    auto db = Database::open_in_memory();
    REQUIRE(db);
    TrustStore store(*db);
    const KeyPair root = key(), acme = key(), mallory = key();
    REQUIRE(store.init({root.public_key()}, 1));
    REQUIRE(store.accept_document(sign(document(1, {&root}, 1, {{&acme, "parts"}}), {&root}), now));
    // swap acme's key for mallory's in the stored text (signature no longer matches)
    std::string text = sign(document(1, {&root}, 1, {{&acme, "parts"}}), {&root});
    auto doc = TrustDocument::parse(text);
    REQUIRE(doc);
    doc->publishers[0] = {mallory.public_key().id(), mallory.public_key(), {"parts"}, "2027-01-01T00:00:00Z"};
    auto s = dimmguard::db::detail::connection_of(*db).prepare("UPDATE trust_documents SET text = ?");
    REQUIRE(s);
    s->bind(1, doc->text());
    REQUIRE(s->run());
    auto cur = store.current();
    REQUIRE_FALSE(cur);
    CHECK(cur.error().code == Errc::untrusted_key);
    CHECK_THAT(cur.error().message, Catch::Contains("database was edited"));
    CHECK_FALSE(store.publisher_trusted(mallory.public_key().id(), "parts", now));
}

TEST_CASE("trust: trust documents parse only in canonical form", "[db][trust]") {
    const KeyPair root = key(), acme = key();
    const std::string text = sign(document(1, {&root}, 1, {{&acme, "parts,station"}}), {&root});
    auto d = TrustDocument::parse(text);
    REQUIRE(d);
    CHECK(d->text() == text);
    CHECK(d->publishers[0].has_role("station"));
    CHECK_FALSE(TrustDocument::parse(text.substr(0, text.size() - 1)));          // no final LF
    std::string bad_role = text;
    bad_role.replace(bad_role.find("parts,station"), 13, "parts,whatever");
    CHECK_FALSE(TrustDocument::parse(bad_role));
    std::string spaces = text;
    spaces.replace(spaces.find("threshold=1"), 11, "threshold=01");
    CHECK_FALSE(TrustDocument::parse(spaces));
}
