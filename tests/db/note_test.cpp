// SPDX-License-Identifier: GPL-3.0-or-later
// Signed notes, verifier keys, checkpoints and cosignatures: the published examples of Go's
// sumdb note package and the C2SP specs, round trips, and refusal of malformed text.
#include <catch2/catch.hpp>

#include <cctype>

#include <sys/stat.h>

#include "../support/db_support.hpp"
#include "../support/temp_dir.hpp"
#include "db/note.hpp"

using namespace dimmguard;
using namespace dimmguard::db;
using namespace dimmguard::db::note;

using test_support::key;

namespace {

// golang.org/x/mod/sumdb/note (doc comment and example_test.go): a verifier key, the note it
// signed, and the same note signed again by a key whose verifier key is not published.
constexpr std::string_view peter_vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view peter_text =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view peter_signature_line =
    "\xe2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr std::string_view enoch_signature_line =
    "\xe2\x80\x94 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";
// The same package's example signer key "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALV...": a
// published test key, its 32-byte seed after the type byte 0x01.
constexpr std::string_view peter_private_key_base64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

std::string peter_message() { return std::string(peter_text) + "\n" + std::string(peter_signature_line); }

std::vector<Verifier> peter_verifiers() { return {parse_verifier_key(peter_vkey).value()}; }

// The example KeyPair from the published seed, through a PKCS#8 PEM file (RFC 8410 layout).
KeyPair peter_key_pair(const test_support::TempDir& dir) {
    const auto seed = merkle::base64_decode(peter_private_key_base64).value();
    std::vector<std::uint8_t> der = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
    der.insert(der.end(), seed.begin() + 1, seed.end());
    const auto path = dir.path() / "peter.key";
    test_support::spit(path, "-----BEGIN PRIVATE KEY-----\n" + merkle::base64_encode(der) + "\n-----END PRIVATE KEY-----\n");
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
    auto pair = KeyPair::load_pem(path);
    REQUIRE(pair);
    return *pair;
}

std::string em_dash(std::string_view rest) { return "\xe2\x80\x94 " + std::string(rest); }

Note signed_note(std::string text, const KeyPair& k, const std::string& name) {
    Note n{std::move(text), {}};
    n.signatures.push_back(sign_ed25519(n.text, name, k).value());
    return n;
}

Checkpoint sample_checkpoint() {
    return Checkpoint{"example.com/dimmguard-log", 1234, merkle::leaf_hash("head"), {}};
}

}  // namespace

TEST_CASE("note: the Go sumdb example note verifies with its published verifier key", "[db][note]") {
    auto verifier = parse_verifier_key(peter_vkey);
    REQUIRE(verifier);
    CHECK(verifier->name == "PeterNeumann");
    CHECK(key_hash("PeterNeumann", ed25519_type, verifier->key) == 0xc74f20a3U);
    CHECK(verifier_key(verifier->name, verifier->key) == peter_vkey);

    auto parsed = parse(peter_message());
    REQUIRE(parsed);
    CHECK(parsed->text == peter_text);
    REQUIRE(parsed->signatures.size() == 1);
    CHECK(parsed->signatures[0].name == "PeterNeumann");
    CHECK(parsed->signatures[0].key_hash == 0xc74f20a3U);
    CHECK(parsed->signatures[0].bytes.size() == 64);
    CHECK(format(*parsed) == peter_message());
    const auto verifiers = peter_verifiers();
    CHECK(verified_by(*parsed, verifiers).value() == std::vector<std::string>{"PeterNeumann"});

    // the doubly signed example: EnochRoot's key is unknown here, so its signature is ignored
    auto doubly = parse(peter_message() + std::string(enoch_signature_line));
    REQUIRE(doubly);
    REQUIRE(doubly->signatures.size() == 2);
    CHECK(doubly->signatures[1].name == "EnochRoot");
    CHECK(verified_by(*doubly, verifiers).value() == std::vector<std::string>{"PeterNeumann"});
    CHECK(verified_by(*doubly, {}).value().empty());
}

TEST_CASE("note: signing with the example's published key reproduces its signature", "[db][note]") {
    test_support::TempDir dir;
    const KeyPair peter = peter_key_pair(dir);
    CHECK(peter.public_key() == peter_verifiers()[0].key);
    auto signature = sign_ed25519(peter_text, "PeterNeumann", peter);
    REQUIRE(signature);
    CHECK(format(Note{std::string(peter_text), {*signature}}) == peter_message());   // Ed25519 is deterministic
}

TEST_CASE("note: any change to the text or a known signature is refused", "[db][note]") {
    const auto verifiers = peter_verifiers();
    const Note original = parse(peter_message()).value();
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < original.text.size(); ++i) {
        Note changed = original;
        changed.text[i] = static_cast<char>(changed.text[i] ^ 0x01);
        auto result = verified_by(changed, verifiers);
        if (result || result.error().code != Errc::signature_invalid) ++accepted;
    }
    for (std::size_t i = 0; i < original.signatures[0].bytes.size(); ++i) {
        Note changed = original;
        changed.signatures[0].bytes[i] ^= 0x80;
        auto result = verified_by(changed, verifiers);
        if (result || result.error().code != Errc::signature_invalid) ++accepted;
    }
    CHECK(accepted == 0);
    Note shortened = original;
    shortened.signatures[0].bytes.pop_back();
    CHECK(verified_by(shortened, verifiers).error().code == Errc::signature_invalid);
    // a different key hash or name is another key: unknown, so ignored rather than refused
    Note other_hash = original;
    other_hash.signatures[0].key_hash ^= 1;
    CHECK(verified_by(other_hash, verifiers).value().empty());
    Note other_name = original;
    other_name.signatures[0].name = "PeterNeumann2";
    CHECK(verified_by(other_name, verifiers).value().empty());
}

TEST_CASE("note: the C2SP examples parse and format back byte for byte", "[db][note]") {
    // c2sp.org/signed-note: the text itself has an empty line; the last one separates signatures
    const std::string poem =
        "Ognuno sta solo sul cuor della terra\n"
        "trafitto da un raggio di sole:\n"
        "\n"
        "ed \xc3\xa8 subito sera.\n";
    const std::string poem_note =
        poem + "\n" + em_dash("quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n");
    auto parsed = parse(poem_note);
    REQUIRE(parsed);
    CHECK(parsed->text == poem);
    REQUIRE(parsed->signatures.size() == 1);
    CHECK(parsed->signatures[0].name == "quasimodo.example/salvatore");
    CHECK(parsed->signatures[0].key_hash == 0x367ba04bU);
    CHECK(format(*parsed) == poem_note);

    // c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature: a checkpoint with a log signature
    // and a witness cosignature made at time 1679315147
    const std::string checkpoint_note =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n" +
        em_dash("example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n") +
        em_dash("witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n");
    auto cosigned = parse(checkpoint_note);
    REQUIRE(cosigned);
    CHECK(format(*cosigned) == checkpoint_note);
    auto checkpoint = parse_checkpoint(cosigned->text);
    REQUIRE(checkpoint);
    CHECK(checkpoint->origin == "example.com/behind-the-sofa");
    CHECK(checkpoint->size == 20852163);
    CHECK(merkle::to_hex(checkpoint->root) == "0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62");
    CHECK(checkpoint->extensions.empty());
    CHECK(checkpoint_text(*checkpoint) == cosigned->text);
    REQUIRE(cosigned->signatures.size() == 2);
    const auto& witness = cosigned->signatures[1];
    REQUIRE(witness.bytes.size() == 72);
    std::uint64_t timestamp = 0;
    for (std::size_t i = 0; i < 8; ++i) timestamp = timestamp << 8 | witness.bytes[i];
    CHECK(timestamp == 1679315147);
}

TEST_CASE("note: published verifier keys give their key hashes, type by type", "[db][note]") {
    // transparency-dev/formats note/note_cosigv1_test.go: an Ed25519 key (type 0x01, with '+'
    // inside its base64) and a native cosignature/v1 key (type 0x04)
    const std::string plain = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";
    const std::string cosigner = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2";
    auto test_key = parse_verifier_key(plain);
    REQUIRE(test_key);
    CHECK(test_key->name == "TEST");
    CHECK(verifier_key("TEST", test_key->key) == plain);
    auto remora = parse_verifier_key(cosigner, cosignature_v1_type);
    REQUIRE(remora);
    CHECK(key_hash("remora.n621.de", cosignature_v1_type, remora->key) == 0xda77ade7U);
    CHECK(verifier_key("remora.n621.de", remora->key, cosignature_v1_type) == cosigner);
    CHECK(parse_verifier_key(cosigner).error().code == Errc::unsupported);
    CHECK(parse_verifier_key(plain, cosignature_v1_type).error().code == Errc::unsupported);
}

TEST_CASE("note: malformed verifier keys are refused", "[db][note]") {
    const auto pub = key().public_key();
    const std::string good = verifier_key("log.example/a", pub);
    REQUIRE(parse_verifier_key(good));
    CHECK(parse_verifier_key(good)->key == pub);
    const std::string material = good.substr(good.rfind('+') + 1);
    std::string upper = good;
    for (std::size_t i = good.find('+') + 1; i < good.find('+') + 9; ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
    std::string wrong_hash = good;
    wrong_hash[good.find('+') + 1] = wrong_hash[good.find('+') + 1] == '0' ? '1' : '0';
    const std::vector<std::string> bad = {
        "", "log.example/a", "log.example/a+" + material, "+00000000+" + material,
        "log example+00000000+" + material, wrong_hash, "log.example/a+0000000+" + material,
        "log.example/a+000000000+" + material, "log.example/a+" + good.substr(good.find('+') + 1, 8) + "+" + material + "=",
        "log.example/a+" + good.substr(good.find('+') + 1, 8) + "+", good + "A", good.substr(0, good.size() - 4),
        "log.example/a+" + good.substr(good.find('+') + 1, 8) + "+AQ==",
    };
    for (const auto& text : bad) {
        INFO(text);
        auto result = parse_verifier_key(text);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Errc::bad_format);
    }
    if (upper != good) CHECK_FALSE(parse_verifier_key(upper));
    // type 0x02 (ECDSA) is not supported
    std::vector<std::uint8_t> ecdsa = {0x02};
    ecdsa.insert(ecdsa.end(), pub.raw().begin(), pub.raw().end());
    CHECK(parse_verifier_key("x+00000000+" + merkle::base64_encode(ecdsa)).error().code == Errc::unsupported);
}

TEST_CASE("note: signed notes round-trip and report each trusted signer once", "[db][note]") {
    const KeyPair log = key(), witness = key(), stranger = key();
    Note n = signed_note("dimmguard registry\n42\n", log, "log.example/registry");
    n.signatures.push_back(sign_ed25519(n.text, "witness.example/w1", witness).value());
    n.signatures.push_back(sign_ed25519(n.text, "stranger.example", stranger).value());
    n.signatures.push_back(n.signatures[0]);   // the spec does not forbid a repeated line
    const std::string message = format(n);
    auto parsed = parse(message);
    REQUIRE(parsed);
    CHECK(*parsed == n);
    const std::vector<Verifier> trusted = {{"log.example/registry", log.public_key()}, {"witness.example/w1", witness.public_key()}};
    CHECK(verified_by(*parsed, trusted).value() == std::vector<std::string>{"log.example/registry", "witness.example/w1"});
    // a repeated line from a known key is checked too
    Note tampered = *parsed;
    tampered.signatures[3].bytes[0] ^= 1;
    CHECK(verified_by(tampered, trusted).error().code == Errc::signature_invalid);
    // the right name with another key: an unknown key (different hash), ignored
    const std::vector<Verifier> impostor = {{"log.example/registry", stranger.public_key()}};
    CHECK(verified_by(*parsed, impostor).value().empty());
    // text with empty lines and UTF-8 survives
    Note poem = signed_note("first\n\n\xc3\xa8 second\n\n", log, "log.example/registry");
    auto back = parse(format(poem));
    REQUIRE(back);
    CHECK(*back == poem);
    CHECK(verified_by(*back, trusted).value() == std::vector<std::string>{"log.example/registry"});
}

TEST_CASE("note: malformed signed notes are refused", "[db][note]") {
    const std::string sig = std::string(peter_signature_line);
    const std::string body = std::string(peter_text);
    const std::string good = body + "\n" + sig;
    REQUIRE(parse(good));
    const std::string b64 = sig.substr(sig.find(' ', 4) + 1, sig.size() - sig.find(' ', 4) - 2);
    const auto line = [&](std::string_view name) { return em_dash(std::string(name) + " " + b64 + "\n"); };
    std::vector<std::pair<std::string, std::string>> cases = {
        {"empty", ""},
        {"no blank line", body + sig},
        {"no signatures", body + "\n"},
        {"text only", body},
        {"no final newline", good.substr(0, good.size() - 1)},
        {"CRLF line ends", "If you think\r\n\r\n" + sig},
        {"CR in a signature line", body + "\n" + sig.substr(0, sig.size() - 1) + "\r\n"},
        {"tab in the text", "a\tb\n\n" + sig},
        {"NUL in the text", std::string("a\0b\n\n", 5) + sig},
        {"invalid UTF-8", "caf\xe9\n\n" + sig},
        {"overlong UTF-8", "\xc0\xaf\n\n" + sig},
        {"hyphens for the dash", body + "\n-- PeterNeumann " + b64 + "\n"},
        {"en dash", body + "\n\xe2\x80\x93 PeterNeumann " + b64 + "\n"},
        {"dash without space", body + "\n\xe2\x80\x94PeterNeumann " + b64 + "\n"},
        {"two spaces after the dash", body + "\n" + line(" PeterNeumann")},
        {"no signature after the name", body + "\n" + em_dash("PeterNeumann\n")},
        {"empty signature", body + "\n" + em_dash("PeterNeumann \n")},
        {"space after the signature", body + "\n" + em_dash("PeterNeumann " + b64 + " \n")},
        {"plus in the name", body + "\n" + line("Peter+Neumann")},
        {"no-break space in the name", body + "\n" + line("Peter\xc2\xa0Neumann")},
        {"ideographic space in the name", body + "\n" + line("Peter\xe3\x80\x80Neumann")},
        {"unpadded base64", body + "\n" + line("PeterNeumann").substr(0, line("PeterNeumann").size() - 2) + "\n"},
        {"URL-safe base64", body + "\n" + em_dash("PeterNeumann x08go_ZJkuBS9UG_SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")},
        {"non-canonical base64", body + "\n" + em_dash("PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAN=\n")},
        {"only a key hash", body + "\n" + em_dash("PeterNeumann x08gow==\n")},
        {"text line after the signatures", good + "more text\n"},
    };
    for (const auto& [what, message] : cases) {
        INFO(what);
        auto result = parse(message);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Errc::bad_format);
    }
    // 100 signatures are read, 101 are not
    std::string many = body + "\n";
    for (int i = 0; i < 100; ++i) many += sig;
    CHECK(parse(many).value().signatures.size() == 100);
    CHECK(parse(many + sig).error().code == Errc::bad_format);
    // a signature line before the last blank line belongs to the text, as the spec says
    auto shifted = parse(body + "\n" + sig + "\n" + sig);
    REQUIRE(shifted);
    CHECK(shifted->text == body + "\n" + sig);
    CHECK(shifted->signatures.size() == 1);
    // DEL is not an ASCII control character below U+0020: allowed
    CHECK(parse("a\x7f\n\n" + sig));
}

TEST_CASE("note: signing refuses names and texts no note can carry", "[db][note]") {
    const KeyPair k = key();
    for (const char* name : {"", "a b", "a+b", "a\tb", "a\nb", "\xe2\x80\x83wide"}) {
        INFO(name);
        CHECK(sign_ed25519("text\n", name, k).error().code == Errc::usage);
    }
    for (const char* text : {"", "no newline", "crlf\r\n", "tab\there\n", "bad \xff utf-8\n"}) {
        INFO(text);
        CHECK(sign_ed25519(text, "log", k).error().code == Errc::usage);
    }
    CHECK(valid_key_name("sum.golang.org"));
    CHECK(valid_key_name("caf\xc3\xa9/\xe2\x80\x94"));
    CHECK_FALSE(valid_key_name("caf\xe9"));
}

TEST_CASE("note: checkpoints round-trip and malformed ones are refused", "[db][note]") {
    Checkpoint c = sample_checkpoint();
    CHECK(checkpoint_text(c) == "example.com/dimmguard-log\n1234\n" + merkle::to_base64(c.root) + "\n");
    CHECK(parse_checkpoint(checkpoint_text(c)).value() == c);
    c.extensions = {"extension one", "\xe2\x80\x94 two"};
    CHECK(parse_checkpoint(checkpoint_text(c)).value() == c);
    c.extensions.clear();
    c.size = 0;
    CHECK(parse_checkpoint(checkpoint_text(c)).value() == c);
    c.size = ~std::uint64_t{0};
    CHECK(checkpoint_text(c).find("\n18446744073709551615\n") != std::string::npos);
    CHECK(parse_checkpoint(checkpoint_text(c)).value() == c);

    const std::string root = merkle::to_base64(merkle::leaf_hash("head"));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty", ""},
        {"two lines", "origin\n1\n"},
        {"no final newline", "origin\n1\n" + root},
        {"empty origin", "\n1\n" + root + "\n"},
        {"leading zero", "origin\n01\n" + root + "\n"},
        {"plus sign", "origin\n+1\n" + root + "\n"},
        {"negative", "origin\n-1\n" + root + "\n"},
        {"space in size", "origin\n 1\n" + root + "\n"},
        {"hex size", "origin\n0x10\n" + root + "\n"},
        {"empty size", "origin\n\n" + root + "\n"},
        {"size above 2^64 - 1", "origin\n18446744073709551616\n" + root + "\n"},
        {"huge size", "origin\n99999999999999999999999\n" + root + "\n"},
        {"short root", "origin\n1\n" + merkle::base64_encode(std::vector<std::uint8_t>(31, 7)) + "\n"},
        {"root in hex", "origin\n1\n" + merkle::to_hex(merkle::leaf_hash("head")) + "\n"},
        {"unpadded root", "origin\n1\n" + root.substr(0, root.size() - 1) + "\n"},
        {"empty extension line", "origin\n1\n" + root + "\n\next\n"},
        {"trailing blank line", "origin\n1\n" + root + "\n\n"},
        {"CRLF", "origin\r\n1\r\n" + root + "\r\n"},
        {"control character", "ori\x01gin\n1\n" + root + "\n"},
    };
    for (const auto& [what, text] : cases) {
        INFO(what);
        auto result = parse_checkpoint(text);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == Errc::bad_format);
    }
}

TEST_CASE("note: cosignatures verify, carry their timestamp and refuse any change", "[db][note]") {
    const KeyPair log = key(), witness = key(), other = key();
    Checkpoint c = sample_checkpoint();
    c.extensions = {"opaque extension"};
    const Verifier cosigner{"witness.example/w1", witness.public_key()};
    auto cosignature = cosign(c, 1679315147, cosigner.name, witness);
    REQUIRE(cosignature);
    CHECK(cosignature->bytes.size() == 72);
    CHECK(cosignature->key_hash == key_hash(cosigner.name, cosignature_v1_type, witness.public_key()));
    CHECK(cosignature->key_hash != key_hash(cosigner.name, ed25519_type, witness.public_key()));
    CHECK(verify_cosignature(c, *cosignature, cosigner).value() == 1679315147);

    // the signed message is exactly "cosignature/v1\ntime <t>\n" + the checkpoint text
    const auto manual = witness.sign("cosignature/v1\ntime 1679315147\n" + checkpoint_text(c));
    REQUIRE(manual);
    CHECK(std::equal(manual->begin(), manual->end(), cosignature->bytes.begin() + 8));

    // a log-signed, witness-cosigned checkpoint note
    Note n = signed_note(checkpoint_text(c), log, c.origin);
    n.signatures.push_back(*cosignature);
    auto parsed = parse(format(n));
    REQUIRE(parsed);
    const std::vector<Verifier> log_keys = {{c.origin, log.public_key()}};
    CHECK(verified_by(*parsed, log_keys).value() == std::vector<std::string>{c.origin});
    CHECK(verify_cosignature(parse_checkpoint(parsed->text).value(), parsed->signatures[1], cosigner).value() == 1679315147);
    // the witness's key as a plain note verifier does not match the cosignature (type 0x04)
    CHECK(verified_by(*parsed, std::vector<Verifier>{cosigner}).value().empty());
    CHECK(verify_cosignature(c, parsed->signatures[0], Verifier{c.origin, log.public_key()}).error().code == Errc::untrusted_key);

    // refusals
    CHECK(verify_cosignature(c, *cosignature, Verifier{cosigner.name, other.public_key()}).error().code == Errc::untrusted_key);
    CHECK(verify_cosignature(c, *cosignature, Verifier{"witness.example/w2", witness.public_key()}).error().code == Errc::untrusted_key);
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < cosignature->bytes.size(); ++i) {
        note::Signature changed = *cosignature;
        changed.bytes[i] ^= 0x01;
        auto result = verify_cosignature(c, changed, cosigner);
        if (result || (result.error().code != Errc::signature_invalid && result.error().code != Errc::bad_format)) ++accepted;
    }
    CHECK(accepted == 0);
    note::Signature high = *cosignature;
    high.bytes[0] = 0x80;   // a timestamp above 2^63 - 1
    CHECK(verify_cosignature(c, high, cosigner).error().code == Errc::bad_format);
    note::Signature longer = *cosignature;
    longer.bytes.push_back(0);
    CHECK(verify_cosignature(c, longer, cosigner).error().code == Errc::bad_format);
    for (auto change : {+[](Checkpoint& x) { ++x.size; }, +[](Checkpoint& x) { x.root[31] ^= 1; },
                        +[](Checkpoint& x) { x.origin += "x"; }, +[](Checkpoint& x) { x.extensions.clear(); },
                        +[](Checkpoint& x) { x.extensions[0] += "!"; }}) {
        Checkpoint changed = c;
        change(changed);
        CHECK(verify_cosignature(changed, *cosignature, cosigner).error().code == Errc::signature_invalid);
    }

    CHECK(cosign(c, std::uint64_t{1} << 63, cosigner.name, witness).error().code == Errc::usage);
    CHECK(cosign(c, 1, "bad name", witness).error().code == Errc::usage);
    Checkpoint broken = c;
    broken.origin = "two\nlines";
    CHECK(cosign(broken, 1, cosigner.name, witness).error().code == Errc::usage);
    broken = c;
    broken.extensions = {""};
    CHECK(cosign(broken, 1, cosigner.name, witness).error().code == Errc::usage);
    CHECK(verify_cosignature(c, cosign(c, (std::uint64_t{1} << 63) - 1, cosigner.name, witness).value(), cosigner).value() ==
          (std::uint64_t{1} << 63) - 1);
    CHECK(verify_cosignature(c, cosign(c, 0, cosigner.name, witness).value(), cosigner).value() == 0);
}
