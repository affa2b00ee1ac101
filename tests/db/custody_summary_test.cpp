// SPDX-License-Identifier: GPL-3.0-or-later
// Custody summaries (schema 5): `verify` reads an identity's signed summary and only the
// sightings stored after it. Every answer must be the one the fold of every sighting gives,
// whatever was edited, deleted, put back or imported out of order; a summary never makes a
// verdict better.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "database_access.hpp"
#include "db/disposition.hpp"
#include "registry_fixture.hpp"
#include "verifier/custody.hpp"

using namespace registry_fixture;

namespace {

std::string ids(const std::vector<verifier::Sighting>& list) {
    std::string out;
    for (const auto& s : list) out += s.id + " ";
    return out;
}

/// Everything the history rules read, in one comparable text.
std::string describe(const verifier::History& h) {
    const verifier::Custody& c = h.fold.custody();
    std::string out = std::string(verifier::custody_state_name(c.state)) + "|" + c.station + "|" + c.site + "|" + c.lot + "|" + c.server + "|" +
                      c.customer + "|" + c.since + "|" + (c.returned ? "returned" : "-") + "|" + (c.released ? "released" : "-") + "|" +
                      (c.unresolved ? c.unresolved->id + ":" + c.unresolved->verdict : "no-unresolved") + "|conflicts " + ids(c.conflicts) +
                      "|rows " + std::to_string(c.sightings) + "|last-lot " + h.fold.last_lot() + "|fp";
    for (const auto& f : h.fingerprints) out += " " + f.substr(0, 8);
    out += "|pn";
    for (const auto& p : h.part_numbers) out += " " + p;
    return out;
}

verifier::History summarized(db::Database& database, const verifier::ModuleIdentity& id, const std::string& at = now) {
    auto h = db::load_history(database, id, at);
    INFO((h ? std::string("ok") : h.error().message));
    REQUIRE(h);
    return std::move(*h);
}

verifier::History folded(db::Database& database, const verifier::ModuleIdentity& id, const std::string& at = now) {
    auto seen = db::load_sightings(database, id, at);
    REQUIRE(seen);
    return verifier::history_of(*seen);
}

/// The summary path answers exactly what the fold of every sighting answers.
void expect_same(db::Database& database, const verifier::ModuleIdentity& id, const std::string& at = now) {
    const auto a = summarized(database, id, at);
    const auto b = folded(database, id, at);
    CHECK(describe(a) == describe(b));
    CHECK(a.rolled_back == b.rolled_back);
}

std::string at(int minute) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-06-01T%02d:%02d:00Z", 1 + minute / 60, minute % 60);
    return buf;
}

verifier::Sighting with(verifier::Sighting s, const std::string& verdict, const std::string& lot) {
    s.verdict = verdict;
    s.context["lot"] = lot;
    return s;
}

/// `log verify`'s summary problems, one text.
std::string summary_problems(db::Database& database) {
    auto report = db::verify_log(database);
    REQUIRE(report);
    std::string out;
    for (const auto& p : report->problems) {
        if (p.kind == db::LogProblemKind::summary) out += p.message + "\n";
    }
    return out;
}

bool mentions_summary(const std::vector<std::string>& problems) {
    for (const auto& p : problems) {
        if (p.find("custody summary") != std::string::npos) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("custody summaries: every answer equals the fold of every sighting, and only new sightings are read", "[db][custody-summary]") {
    Fixture f;
    const SynthSpec spec = genuine32(issued32()[0]);
    const auto id = identity(spec);
    const auto base = Fixture::sighting(spec, EventKind::intake);

    // Station A saw it first; B takes A's log in, then works the module through a life.
    f.record_there(with(base, "genuine", "A-7"), at(0));
    f.exchange();
    CHECK(summarized(*f.db, id).summarized == 0);   // nothing recorded here yet: no summary
    expect_same(*f.db, id);

    int minute = 1;
    const auto here = [&](EventKind event, const std::string& verdict, const std::string& lot) {
        verifier::Sighting s = base;
        s.event = event;
        f.record_here(with(s, verdict, lot), at(minute++));
        const auto h = summarized(*f.db, id);
        INFO("after " << verifier::event_kind_name(event) << " " << verdict << ": " << describe(h));
        CHECK(h.tampered.empty());
        // The summary written with this record covers every sighting: none is read again.
        CHECK(h.summarized == h.fold.custody().sightings);
        expect_same(*f.db, id);
    };
    here(EventKind::intake, "genuine", "L-1");
    here(EventKind::bench, "suspect", "L-1");
    here(EventKind::intake, "counterfeit", "L-2");   // a second lot at the holding station: a conflict
    {
        db::Disposition d;
        d.identity = id;
        d.action = EventKind::quarantine;
        d.reason = "label does not match";
        d.operator_name = "Li Wei";
        d.now = at(minute++);
        REQUIRE(db::record_disposition(*f.db, d));
        expect_same(*f.db, id);
        d.action = EventKind::release;
        d.reason = "supplier proved the lot";
        d.qa_key = &f.qa;
        d.now = at(minute++);
        REQUIRE(db::record_disposition(*f.db, d));
        const auto h = summarized(*f.db, id);
        CHECK(h.fold.custody().released);
        CHECK_FALSE(h.fold.custody().unresolved);
        CHECK(h.summarized == h.fold.custody().sightings);
        expect_same(*f.db, id);
    }
    here(EventKind::ship, "genuine", "L-2");
    here(EventKind::return_, "genuine", "RMA-1");
    here(EventKind::burn_in, "genuine", "");
    const auto final = summarized(*f.db, id);
    CHECK(final.fold.custody().state == verifier::CustodyState::installed);
    CHECK(final.fold.custody().sightings == 9);

    // Another identity of the same registry has its own summary, untouched by these.
    const auto other = identity(genuine32(issued32()[1]));
    f.record_here(Fixture::sighting(genuine32(issued32()[1]), EventKind::intake), at(minute++));
    CHECK(summarized(*f.db, other).fold.custody().sightings == 1);
    CHECK(summarized(*f.db, id).fold.custody().sightings == 9);
    CHECK(summary_problems(*f.db).empty());
}

TEST_CASE("custody summaries: an edited, swapped, deleted or older summary never changes the answer", "[db][custody-summary]") {
    Fixture f;
    const SynthSpec spec = genuine32(issued32()[2]);
    const auto id = identity(spec);
    const auto base = Fixture::sighting(spec, EventKind::intake);
    f.record_here(with(base, "genuine", "L-1"), at(1));
    f.sqlite3_shell("CREATE TABLE saved AS SELECT * FROM custody_summaries");   // the summary after one sighting
    verifier::Sighting bench = base;
    bench.event = EventKind::bench;
    f.record_here(with(bench, "counterfeit", "L-1"), at(2));
    f.record_here(with(bench, "genuine", "L-1"), at(3));
    const SynthSpec neighbour = genuine32(issued32()[3]);
    f.record_here(Fixture::sighting(neighbour, EventKind::intake), at(4));
    const std::string before = describe(folded(*f.db, id));
    REQUIRE(folded(*f.db, id).fold.custody().unresolved);   // the counterfeit verdict is still open

    SECTION("the body edited: reported, and the sightings are read one by one") {
        f.sqlite3_shell("UPDATE custody_summaries SET body = replace(body, 'released 0', 'released 1')");
        const auto h = summarized(*f.db, id);
        CHECK(mentions_summary(h.tampered));
        CHECK(h.summarized == 0);
        CHECK(describe(h) == before);
        CHECK(summary_problems(*f.db).find("custody summary of " + id.key() + ": its signature does not verify") != std::string::npos);
    }
    SECTION("the open verdict cut out of the body") {
        f.sqlite3_shell("UPDATE custody_summaries SET body = substr(body, 1, instr(body, 'unresolved ') - 1) || "
                        "substr(body, instr(body, 'unresolved ') + instr(substr(body, instr(body, 'unresolved ')), char(10))) "
                        "WHERE body LIKE '%unresolved %'");
        const auto h = summarized(*f.db, id);
        CHECK(mentions_summary(h.tampered));
        CHECK(describe(h) == before);
        // And the verdict of the next look is no better: the prior verdict stands.
        const auto checked = inspect(f, spec, EventKind::bench);
        expect_one(checked, FindingCode::prior_verdict, Severity::fail, Category::history);
        CHECK(checked.has(FindingCode::registry_tampered));
    }
    SECTION("through_seq moved so the last sightings look covered") {
        f.sqlite3_shell("UPDATE custody_summaries SET through_seq = through_seq + 1000");
        const auto h = summarized(*f.db, id);
        CHECK(mentions_summary(h.tampered));
        CHECK(describe(h) == before);
    }
    SECTION("another identity's summary and signature copied over this one") {
        f.sqlite3_shell("UPDATE custody_summaries SET body = (SELECT body FROM custody_summaries WHERE identity = '" + identity(neighbour).key() +
                        "'), signature = (SELECT signature FROM custody_summaries WHERE identity = '" + identity(neighbour).key() +
                        "') WHERE identity = '" + id.key() + "'");
        const auto h = summarized(*f.db, id);
        CHECK(mentions_summary(h.tampered));
        CHECK(describe(h) == before);
        CHECK(summary_problems(*f.db).find("custody summary of " + id.key() + ": signed, but") != std::string::npos);
    }
    SECTION("the summary deleted: nothing to report, every sighting read") {
        f.sqlite3_shell("DELETE FROM custody_summaries");
        const auto h = summarized(*f.db, id);
        CHECK(h.tampered.empty());
        CHECK(h.summarized == 0);
        CHECK(describe(h) == before);
        // The next record writes it again.
        f.record_here(with(bench, "genuine", "L-1"), at(5));
        CHECK(summarized(*f.db, id).summarized == 4);
        expect_same(*f.db, id);
    }
    SECTION("an older summary put back: valid, and the sightings after it are folded on top") {
        f.sqlite3_shell("UPDATE custody_summaries SET through_seq = (SELECT through_seq FROM saved), body = (SELECT body FROM saved), "
                        "signature = (SELECT signature FROM saved) WHERE identity = '" + id.key() + "'");
        const auto h = summarized(*f.db, id);
        CHECK(h.tampered.empty());
        CHECK(h.summarized == 1);
        CHECK(describe(h) == before);
        CHECK(summary_problems(*f.db).empty());   // an older fold of this file is still a true one
    }
    SECTION("an edited sighting the summary covers is still caught when the summary is gone") {
        // The carried-over proven subtrees of the grown log must not vouch for an edited leaf.
        f.sqlite3_shell("DELETE FROM custody_summaries; UPDATE sightings SET line = replace(line, 'counterfeit', 'genuine'), "
                        "verdict = 'genuine' WHERE verdict = 'counterfeit'");
        const auto h = summarized(*f.db, id);
        REQUIRE(h.tampered.size() == 1);
        CHECK(h.tampered.front().find("edited") != std::string::npos);
    }
}

TEST_CASE("custody summaries: an import of older sightings is folded in order, not on top", "[db][custody-summary]") {
    Fixture f;
    const SynthSpec spec = genuine32(issued32()[4]);
    const auto id = identity(spec);
    const auto base = Fixture::sighting(spec, EventKind::intake);
    f.record_here(with(base, "genuine", "L-1"), at(30));
    CHECK(summarized(*f.db, id).summarized == 1);

    // Station A shipped it to a customer before B's intake, but B learns of that only now.
    verifier::Sighting ship = base;
    ship.event = EventKind::ship;
    f.record_there(with(base, "genuine", "A-1"), at(10));
    f.record_there(with(ship, "genuine", "A-1"), at(20));
    f.exchange();
    const auto h = summarized(*f.db, id);
    CHECK(h.summarized == 0);   // the new rows sort before the summary's last: all folded again
    expect_same(*f.db, id);
    CHECK(h.fold.custody().sightings == 3);

    f.record_here(with(base, "genuine", "L-1"), at(40));
    CHECK(summarized(*f.db, id).summarized == 4);
    expect_same(*f.db, id);
}

TEST_CASE("custody summaries: a summary that relied on a station no longer trusted is not used", "[db][custody-summary]") {
    Fixture f;
    const SynthSpec spec = genuine32(issued32()[5]);
    const auto id = identity(spec);
    const auto base = Fixture::sighting(spec, EventKind::intake);
    f.record_there(with(base, "suspect", "A-1"), at(0));
    f.exchange();
    f.record_here(with(base, "genuine", "L-1"), at(1));
    CHECK(summarized(*f.db, id).summarized == 2);
    REQUIRE(summarized(*f.db, id).fold.custody().unresolved);

    // After the trust document expired, station A vouches for nothing: the fold of every sighting
    // leaves A's row out, and so must the answer.
    const std::string later = "2027-02-01T00:00:00Z";
    const auto h = summarized(*f.db, id, later);
    CHECK(h.summarized == 0);
    expect_same(*f.db, id, later);
}

TEST_CASE("custody summaries: a read-only registry reads them and never writes", "[db][custody-summary]") {
    Fixture f;
    const SynthSpec spec = genuine32(issued32()[6]);
    const auto id = identity(spec);
    f.record_here(Fixture::sighting(spec, EventKind::intake), at(1));
    f.record_here(Fixture::sighting(spec, EventKind::bench), at(2));
    auto ro = db::Database::open_read_only(f.dir.path() / "b");
    REQUIRE(ro);
    CHECK(summarized(*ro, id).summarized == 2);
    f.sqlite3_shell("DELETE FROM custody_summaries");
    const auto h = summarized(*ro, id);
    CHECK(h.summarized == 0);
    CHECK(h.fold.custody().sightings == 2);
    CHECK(h.tampered.empty());
    auto count = db::detail::connection_of(*ro).prepare("SELECT COUNT(*) FROM custody_summaries");
    REQUIRE(count);
    REQUIRE(count->step());
    CHECK(count->column_int64(0) == 0);
}
