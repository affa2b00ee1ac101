// SPDX-License-Identifier: GPL-3.0-or-later
// Evidence bundles: exported from a real registry (the rule fixture: file-backed, signed
// bundles, a second station's sightings imported), verified with the root key only, and
// refused when any byte the counterfeiter could write is changed.
#include <catch2/catch.hpp>

#include "db/evidence.hpp"
#include "db/merkle.hpp"
#include "registry_fixture.hpp"

using namespace registry_fixture;

namespace {

/// Trust document v2: the v1 publishers plus this station (B) for role station, so its log
/// can be vouched for by the root.
void vouch_for_b(Fixture& f) {
    db::TrustStore store(*f.db);
    auto cur = store.current();
    REQUIRE(cur);
    REQUIRE(*cur);
    db::TrustDocument d = **cur;
    d.version = 2;
    auto sb = f.db->station();
    REQUIRE(sb);
    d.publishers.push_back({sb->id, sb->key.public_key(), {"station"}, "2027-01-01T00:00:00Z"});
    auto text = db::sign_trust_document(d, {f.root});
    REQUIRE(text);
    REQUIRE(store.accept_document(*text, "2026-01-03T00:00:00Z"));
}

std::string replace_line_field(std::string text, std::string_view prefix, std::size_t field, const std::string& value) {
    const std::size_t at = text.find("\n" + std::string(prefix) + " ");
    REQUIRE(at != std::string::npos);
    const std::size_t end = text.find('\n', at + 1);
    auto fields = std::vector<std::string>();
    std::string line = text.substr(at + 1, end - at - 1);
    for (std::size_t p = 0, q; p <= line.size(); p = q + 1) {
        q = line.find(' ', p);
        if (q == std::string::npos) q = line.size();
        fields.push_back(line.substr(p, q - p));
    }
    REQUIRE(field < fields.size());
    fields[field] = value;
    std::string joined;
    for (const auto& x : fields) joined += (joined.empty() ? "" : " ") + x;
    return text.substr(0, at + 1) + joined + text.substr(end);
}

std::string b64(const std::string& s) {
    return db::merkle::base64_encode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

}  // namespace

TEST_CASE("evidence: a counterfeit verdict exported with everything it relied on verifies from the root key alone", "[db][evidence]") {
    Fixture f;
    vouch_for_b(f);
    // Station A took in the genuine stick; B now sees a clone of it (another image, same serial).
    f.record_there(Fixture::sighting(genuine32("3bf239f4"), EventKind::intake), "2026-05-01T00:00:00Z");
    f.exchange();
    SynthSpec clone = genuine64("3bf239f4");
    clone.part_number = pn32;
    verifier::Sighting seen = Fixture::sighting(genuine32("3bf239f4"), EventKind::intake, fingerprint(clone));
    seen.verdict = "counterfeit";
    auto recorded = db::record_sighting(*f.db, seen, "2026-05-02T00:00:00Z");
    REQUIRE(recorded);

    const std::vector<std::uint8_t> image = image_of(clone);
    auto text = db::export_evidence(*f.db, recorded->id, image, now);
    INFO((text ? std::string() : text.error().message));
    REQUIRE(text);

    auto report = db::verify_evidence(*text, {f.root.public_key()});
    REQUIRE(report);
    INFO((report->problems.empty() ? std::string() : report->problems.front()));
    CHECK(report->ok());
    CHECK(report->subject.id == recorded->id);
    CHECK(report->subject.verdict == "counterfeit");
    CHECK(report->sightings.size() == 2);      // A's intake and B's inspection
    CHECK(report->records.size() == 2);        // the issued serial and the part record
    CHECK(report->spd_included);

    SECTION("another root key") {
        auto other = db::verify_evidence(*text, {key().public_key()});
        REQUIRE(other);
        CHECK_FALSE(other->ok());
    }
    SECTION("the subject's verdict rewritten") {
        std::string edited = *text;
        const std::string line = db::sighting_line(*recorded);
        std::string forged = line;
        forged.replace(forged.find("counterfeit"), 11, "genuine");
        REQUIRE(edited.find(b64(line)) != std::string::npos);
        edited.replace(edited.find(b64(line)), b64(line).size(), b64(forged));
        auto r = db::verify_evidence(edited, {f.root.public_key()});
        REQUIRE(r);
        CHECK_FALSE(r->ok());
    }
    SECTION("the other station's sighting removed") {
        std::string edited = *text;
        const std::size_t at = edited.find("\nsighting - ");
        REQUIRE(at != std::string::npos);
        edited.erase(at, edited.find('\n', at + 1) - at);
        auto r = db::verify_evidence(edited, {f.root.public_key()});
        REQUIRE(r);
        CHECK(r->ok());                       // a sighting left out is not detectable offline ...
        CHECK(r->sightings.size() == 1);      // ... but the report shows what was shown
    }
    SECTION("a checkpoint of another size") {
        auto r = db::verify_evidence(replace_line_field(*text, "checkpoint", 1, b64("forged")), {f.root.public_key()});
        REQUIRE(r);
        CHECK_FALSE(r->ok());
    }
    SECTION("another SPD image") {
        std::string edited = *text;
        const std::string good = db::merkle::base64_encode(image);
        const std::string bad = db::merkle::base64_encode(image_of(genuine32("3bf239f4")));
        edited.replace(edited.find(good), good.size(), bad);
        auto r = db::verify_evidence(edited, {f.root.public_key()});
        REQUIRE(r);
        CHECK_FALSE(r->ok());
    }
    SECTION("cut short") {
        auto r = db::verify_evidence(text->substr(0, text->size() / 2), {f.root.public_key()});
        CHECK_FALSE(r);
    }
}

TEST_CASE("evidence: never exported from a registry that does not answer cleanly, or for a wrong image", "[db][evidence]") {
    Fixture f;
    vouch_for_b(f);
    auto recorded = db::record_sighting(*f.db, Fixture::sighting(genuine32("3bf239f6"), EventKind::intake), "2026-05-02T00:00:00Z");
    REQUIRE(recorded);
    CHECK(db::export_evidence(*f.db, recorded->id, std::nullopt, now));
    auto wrong = db::export_evidence(*f.db, recorded->id, image_of(genuine64()), now);
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == dimmguard::Errc::usage);
    CHECK_FALSE(db::export_evidence(*f.db, "nope:1", std::nullopt, now));
    f.sqlite3_shell("DELETE FROM record_groups WHERE bundle_id IN (SELECT id FROM bundles WHERE role = 'revocations');");
    auto refused = db::export_evidence(*f.db, recorded->id, std::nullopt, now);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message, Catch::Contains("does not answer cleanly"));
}

TEST_CASE("evidence: a station the trust chain does not vouch for is reported", "[db][evidence]") {
    Fixture f;  // B is not named for role station by trust document v1
    auto recorded = db::record_sighting(*f.db, Fixture::sighting(genuine32("3bf239f1"), EventKind::intake), "2026-05-02T00:00:00Z");
    REQUIRE(recorded);
    auto text = db::export_evidence(*f.db, recorded->id, std::nullopt, now);
    REQUIRE(text);
    auto r = db::verify_evidence(*text, {f.root.public_key()});
    REQUIRE(r);
    REQUIRE_FALSE(r->ok());
    CHECK_THAT(r->problems.front(), Catch::Contains("not named for role station"));
}

// No ';' in test names: catch_discover_tests cuts a name there and ctest would then run nothing.
TEST_CASE("evidence: the findings listed must be the codes the inspection signed, their words are the exporter's", "[db][evidence]") {
    Fixture f;
    vouch_for_b(f);
    verifier::Sighting seen = Fixture::sighting(genuine32("3bf239f5"), EventKind::intake);
    seen.verdict = "counterfeit";
    seen.context["findings"] = "DUP_SERIAL,SERIAL_REVOKED";
    auto recorded = db::record_sighting(*f.db, seen, "2026-05-02T00:00:00Z");
    REQUIRE(recorded);
    const std::vector<db::EvidenceFinding> findings = {
        {"SERIAL_REVOKED", "fail", "the maker revoked this serial: cloned"},
        {"DUP_SERIAL", "fail", "identity seen before with another SPD image"},
        {"LABEL_MISSING", "info", "no label was scanned"},
    };
    auto text = db::export_evidence(*f.db, recorded->id, std::nullopt, now, findings);
    INFO((text ? std::string() : text.error().message));
    REQUIRE(text);
    auto report = db::verify_evidence(*text, {f.root.public_key()});
    REQUIRE(report);
    INFO((report->problems.empty() ? std::string() : report->problems.front()));
    CHECK(report->ok());
    REQUIRE(report->findings.size() == 3);
    CHECK(report->findings[0].message == "the maker revoked this serial: cloned");
    CHECK(report->signed_codes == std::vector<std::string>{"DUP_SERIAL", "SERIAL_REVOKED"});

    const auto problem_with = [&](const std::string& edited) {
        auto r = db::verify_evidence(edited, {f.root.public_key()});
        REQUIRE(r);
        CHECK_FALSE(r->ok());
        return r->problems.empty() ? std::string() : r->problems.back();
    };
    SECTION("a finding removed") {
        const std::size_t at = text->find("\nfinding DUP_SERIAL ");
        REQUIRE(at != std::string::npos);
        const std::string edited = text->substr(0, at) + text->substr(text->find('\n', at + 1));
        CHECK(problem_with(edited).find("not the ones the inspection signed (DUP_SERIAL,SERIAL_REVOKED)") != std::string::npos);
    }
    SECTION("a finding's code changed") {
        CHECK(problem_with(replace_line_field(*text, "finding", 1, "LABEL_MISMATCH")).find("not the ones the inspection signed") != std::string::npos);
    }
    SECTION("a finding added") {
        std::string edited = *text;
        edited.insert(edited.find("\nfinding ") + 1, "finding PART_MISMATCH warn -\n");
        CHECK(problem_with(edited).find("PART_MISMATCH") != std::string::npos);
    }
    SECTION("a file written before findings were listed still verifies, and the signed codes are reported") {
        std::string old;
        for (std::size_t p = 0, q; p < text->size(); p = q + 1) {
            q = text->find('\n', p);
            const std::string line = text->substr(p, q - p);
            if (line.rfind("finding ", 0) != 0) old += line + "\n";
        }
        auto r = db::verify_evidence(old, {f.root.public_key()});
        REQUIRE(r);
        CHECK(r->ok());
        CHECK(r->findings.empty());
        CHECK(r->signed_codes.size() == 2);
    }
    SECTION("exported without the caller's findings: the signed codes, without words") {
        auto plain = db::export_evidence(*f.db, recorded->id, std::nullopt, now);
        REQUIRE(plain);
        CHECK(plain->find("\nfinding DUP_SERIAL - -\n") != std::string::npos);
        auto r = db::verify_evidence(*plain, {f.root.public_key()});
        REQUIRE(r);
        CHECK(r->ok());
        CHECK(r->findings.size() == 2);
    }
    SECTION("a finding that cannot be written is refused") {
        CHECK_FALSE(db::export_evidence(*f.db, recorded->id, std::nullopt, now, {{"dup serial", "fail", "x"}}));
    }
    SECTION("findings that are not the signed ones are never written (the file would not verify)") {
        const std::vector<std::vector<db::EvidenceFinding>> wrong = {
            {{"SERIAL_REVOKED", "fail", "revoked"}},                                                        // one dropped
            {{"SERIAL_REVOKED", "fail", "x"}, {"DUP_SERIAL", "fail", "y"}, {"PRIOR_VERDICT", "warn", "z"}},  // one added
            {{"SERIAL_REVOKED", "fail", "x"}, {"DUP_SERIAL", "info", "y"}},                                  // one made info
        };
        for (const auto& given : wrong) {
            auto refused = db::export_evidence(*f.db, recorded->id, std::nullopt, now, given);
            REQUIRE_FALSE(refused);
            CHECK(refused.error().code == dimmguard::Errc::usage);
            CHECK_THAT(refused.error().message, Catch::Contains("not the ones sighting " + recorded->id + " signed (DUP_SERIAL,SERIAL_REVOKED)"));
        }
    }
}

TEST_CASE("evidence: findings computed again later only lend their words to the codes the inspection signed", "[db][evidence]") {
    Fixture f;
    vouch_for_b(f);
    verifier::Sighting seen = Fixture::sighting(genuine32("3bf239f7"), EventKind::intake);
    seen.verdict = "counterfeit";
    seen.context["findings"] = "LABEL_MISMATCH,SERIAL_REVOKED,DATE_FUTURE";
    auto recorded = db::record_sighting(*f.db, seen, "2026-05-02T00:00:00Z");
    REQUIRE(recorded);
    auto subject = db::evidence_subject(*f.db, recorded->id);
    REQUIRE(subject);
    CHECK(subject->id == recorded->id);
    CHECK(subject->context.at("findings") == "LABEL_MISMATCH,SERIAL_REVOKED,DATE_FUTURE");
    CHECK(db::evidence_subject(*f.db, "nope:1").error().code == dimmguard::Errc::not_found);

    // Inspected again later: the label is not known, the date is no longer in the future, and the
    // module's own sighting now gives a prior verdict.
    const std::vector<db::EvidenceFinding> again = {
        {"SERIAL_REVOKED", "fail", "the maker revoked this serial"},
        {"PRIOR_VERDICT", "fail", "counterfeit at this station before"},
        {"DATE_FUTURE", "info", "dated this week"},
        {"LABEL_MISSING", "info", "no label"},
    };
    const auto lines = db::explain_signed_findings(*subject, again);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].code == "DATE_FUTURE");
    CHECK(lines[0].severity == "-");
    CHECK(lines[0].message.empty());
    CHECK(lines[1].code == "LABEL_MISMATCH");
    CHECK(lines[1].severity == "-");
    CHECK(lines[2].code == "SERIAL_REVOKED");
    CHECK(lines[2].severity == "fail");
    CHECK(lines[2].message == "the maker revoked this serial");

    auto text = db::export_evidence(*f.db, recorded->id, std::nullopt, now, lines);
    INFO((text ? std::string() : text.error().message));
    REQUIRE(text);
    CHECK(text->find("\nfinding SERIAL_REVOKED fail " + b64("the maker revoked this serial") + "\n") != std::string::npos);
    CHECK(text->find("\nfinding LABEL_MISMATCH - -\n") != std::string::npos);
    CHECK(text->find("PRIOR_VERDICT") == std::string::npos);
    auto report = db::verify_evidence(*text, {f.root.public_key()});
    REQUIRE(report);
    INFO((report->problems.empty() ? std::string() : report->problems.front()));
    CHECK(report->ok());
    CHECK(report->findings.size() == 3);
}
