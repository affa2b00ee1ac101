// SPDX-License-Identifier: GPL-3.0-or-later
// Ed25519 keys: sign/verify, wrong keys, PEM files, private key modes, key ids.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "../support/temp_dir.hpp"
#include "db/database.hpp"
#include "db/keys.hpp"

using namespace dimmguard;
using namespace dimmguard::db;

TEST_CASE("keys: a signature verifies only with its key and message", "[db][keys]") {
    auto a = KeyPair::generate();
    auto b = KeyPair::generate();
    REQUIRE(a);
    REQUIRE(b);
    auto sig = a->sign(std::string_view("dimmguard"));
    REQUIRE(sig);
    CHECK(a->public_key().verify(std::string_view("dimmguard"), *sig));
    CHECK_FALSE(b->public_key().verify(std::string_view("dimmguard"), *sig));   // wrong key
    CHECK_FALSE(a->public_key().verify(std::string_view("dimmguarD"), *sig));   // other message
    Signature bad = *sig;
    bad[10] ^= 0x01;
    CHECK_FALSE(a->public_key().verify(std::string_view("dimmguard"), bad));
    CHECK(signature_from_hex(signature_hex(*sig)).value() == *sig);
    CHECK_FALSE(signature_from_hex("00"));
}

TEST_CASE("keys: key ids are stable and derived from the raw public key", "[db][keys]") {
    auto a = KeyPair::generate();
    REQUIRE(a);
    const std::string id = a->public_key().id();
    CHECK(id.size() == 32);
    CHECK(id == sha256_hex(a->public_key().raw()).substr(0, 32));
    auto again = PublicKey::from_hex(a->public_key().hex());
    REQUIRE(again);
    CHECK(again->id() == id);
    // a fixed key gives a fixed id (the RFC 8032 test 1 public key)
    auto fixed = PublicKey::from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    REQUIRE(fixed);
    CHECK(fixed->id() == sha256_hex(fixed->raw()).substr(0, 32));
    CHECK(fixed->id() == PublicKey::from_hex(fixed->hex())->id());
}

TEST_CASE("keys: PEM files round-trip, the private key is 0600 and a readable one is refused", "[db][keys]") {
    test_support::TempDir dir;
    auto k = KeyPair::generate();
    REQUIRE(k);
    const auto priv = dir.path() / "p.key";
    const auto pub = dir.path() / "p.pub";
    REQUIRE(k->save_pem(priv));
    REQUIRE(k->public_key().save_pem(pub));
    struct stat st{};
    REQUIRE(::stat(priv.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    auto loaded = KeyPair::load_pem(priv);
    REQUIRE(loaded);
    CHECK(loaded->public_key() == k->public_key());
    auto sig = loaded->sign(std::string_view("x"));
    REQUIRE(sig);
    CHECK(k->public_key().verify(std::string_view("x"), *sig));
    auto p = PublicKey::load_pem(pub);
    REQUIRE(p);
    CHECK(*p == k->public_key());

    CHECK_FALSE(k->save_pem(priv));  // never over an existing key unless asked
    REQUIRE(::chmod(priv.c_str(), 0644) == 0);
    auto refused = KeyPair::load_pem(priv);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Errc::permission_denied);
    CHECK_THAT(refused.error().message, Catch::Contains("0644"));

    auto missing = KeyPair::load_pem(dir.path() / "none.key");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::not_found);
    CHECK_FALSE(PublicKey::load_pem(priv));  // a private key is not a public key file
}

TEST_CASE("keys: the station key is read only when something is signed", "[db][keys]") {
    test_support::TempDir dir;
    {
        auto database = Database::open(dir.path());
        REQUIRE(database);
        REQUIRE(database->station());   // creates station.key and station.pub
    }
    const auto key_path = dir.path() / "station.key";
    auto original = KeyPair::load_pem(key_path);
    REQUIRE(original);

    // A station.key that cannot be read does not stop a look: id and public key come from station.pub.
    REQUIRE(::chmod(key_path.c_str(), 0644) == 0);
    auto database = Database::open(dir.path());
    REQUIRE(database);
    auto station = database->station();
    REQUIRE(station);
    CHECK(station->id == original->public_key().id());
    CHECK(station->key.public_key() == original->public_key());
    // ... and signing reads it, with the reason it cannot.
    auto refused = station->key.sign(std::string_view("sighting"));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Errc::permission_denied);
    REQUIRE(::chmod(key_path.c_str(), 0600) == 0);
    auto signature = station->key.sign(std::string_view("sighting"));
    REQUIRE(signature);
    CHECK(original->public_key().verify(std::string_view("sighting"), *signature));

    // station.pub of another key: signing refuses rather than sign under a name that is not its own.
    auto other = KeyPair::generate();
    REQUIRE(other);
    REQUIRE(::unlink((dir.path() / "station.pub").c_str()) == 0);
    REQUIRE(other->public_key().save_pem(dir.path() / "station.pub"));
    auto reopened = Database::open(dir.path());
    REQUIRE(reopened);
    auto mismatched = reopened->station();
    REQUIRE(mismatched);
    auto wrong = mismatched->key.sign(std::string_view("sighting"));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == Errc::bad_format);
    CHECK_THAT(wrong.error().message, Catch::Contains("station.key"));

    // Without station.pub the key is read at once, as before.
    REQUIRE(::unlink((dir.path() / "station.pub").c_str()) == 0);
    auto plain = Database::open(dir.path());
    REQUIRE(plain);
    auto loaded = plain->station();
    REQUIRE(loaded);
    CHECK(loaded->id == original->public_key().id());
    CHECK(loaded->key.sign(std::string_view("x")));
}
