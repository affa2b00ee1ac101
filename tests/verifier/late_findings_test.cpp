// SPDX-License-Identifier: GPL-3.0-or-later
// verifier::late_duplicates: what the duplicate rules say about this station's earlier
// inspections once other stations' sightings are known, and the false-positive traps
// (a return after a ship, a bench look, a re-inspection, a finding already on record).
#include <catch2/catch.hpp>

#include "verifier/custody.hpp"

using namespace dimmguard::verifier;

namespace {

const std::string self = "aaaa";
const std::string other = "bbbb";

Signed<Sighting> seen(const std::string& station, int n, EventKind event, const std::string& time, const std::string& fingerprint = "f1",
                      std::map<std::string, std::string> context = {}) {
    Sighting s;
    s.id = station + ":" + std::to_string(n);
    s.identity = ModuleIdentity::parse("802c-06-2243-3bf239f8").value();
    s.fingerprint = fingerprint;
    s.part_number = "M321R8GA0BB0-CQK";
    s.verdict = "genuine";
    s.station = station;
    s.site = station == self ? "Shanghai intake" : "Shenzhen intake";
    s.event = event;
    s.context = std::move(context);
    s.time = time;
    return {s, station, "test"};
}

}  // namespace

TEST_CASE("late findings: an own intake while another station held the module", "[verifier][late]") {
    const auto found = late_duplicates({seen(other, 1, EventKind::intake, "2026-05-01T10:00:00Z"), seen(self, 1, EventKind::intake, "2026-05-01T11:00:00Z")}, self);
    REQUIRE(found.size() == 1);
    CHECK(found[0].own.id == "aaaa:1");
    CHECK(found[0].other.id == "bbbb:1");
    CHECK(found[0].code == "DUP_SERIAL");
    CHECK(found[0].explanation.find("Shenzhen intake") != std::string::npos);
}

TEST_CASE("late findings: another station's intake while this station held the module", "[verifier][late]") {
    const auto found = late_duplicates({seen(self, 1, EventKind::intake, "2026-05-01T10:00:00Z"), seen(other, 4, EventKind::intake, "2026-05-01T11:00:00Z")}, self);
    REQUIRE(found.size() == 1);
    CHECK(found[0].own.id == "aaaa:1");
    CHECK(found[0].other.id == "bbbb:4");
    CHECK(found[0].explanation.find("intake of identity 802c-06-2243-3bf239f8 at Shenzhen intake") == 0);
}

TEST_CASE("late findings: an intake after this station shipped it is a re-entry", "[verifier][late]") {
    const auto found = late_duplicates({seen(self, 1, EventKind::intake, "2026-05-01T10:00:00Z"), seen(self, 2, EventKind::ship, "2026-05-02T10:00:00Z"),
                                        seen(other, 1, EventKind::intake, "2026-05-03T10:00:00Z")},
                                       self);
    REQUIRE(found.size() == 1);
    CHECK(found[0].code == "DUP_REENTRY");
    CHECK(found[0].own.id == "aaaa:2");
}

TEST_CASE("late findings: a different SPD image or part number under the identity, in either order", "[verifier][late]") {
    auto later = seen(other, 1, EventKind::bench, "2026-06-01T10:00:00Z", "f2");
    const auto found = late_duplicates({seen(self, 1, EventKind::intake, "2026-05-01T10:00:00Z"), later}, self);
    REQUIRE(found.size() == 1);
    CHECK(found[0].code == "DUP_SERIAL");
    CHECK(found[0].explanation.find("a different SPD image") != std::string::npos);
    auto part = seen(other, 1, EventKind::bench, "2026-04-01T10:00:00Z");
    part.record.part_number = "M321R8GA0BB0-CQKZJ";
    CHECK(late_duplicates({part, seen(self, 1, EventKind::bench, "2026-05-01T10:00:00Z")}, self).size() == 1);
    // Case differences in a part number are one part; an unread image (no fingerprint) is no evidence.
    auto lower = seen(other, 1, EventKind::bench, "2026-04-01T10:00:00Z", "");
    lower.record.part_number = "m321r8ga0bb0-cqk";
    CHECK(late_duplicates({lower, seen(self, 1, EventKind::bench, "2026-05-01T10:00:00Z")}, self).empty());
}

TEST_CASE("late findings: the traps that are not duplicates", "[verifier][late]") {
    SECTION("shipped, then returned at another station") {
        CHECK(late_duplicates({seen(self, 1, EventKind::intake, "2026-05-01T10:00:00Z"), seen(self, 2, EventKind::ship, "2026-05-02T10:00:00Z"),
                               seen(other, 1, EventKind::return_, "2026-05-03T10:00:00Z")},
                              self)
                  .empty());
    }
    SECTION("a technician's bench look elsewhere") {
        CHECK(late_duplicates({seen(self, 1, EventKind::intake, "2026-05-01T10:00:00Z"), seen(other, 1, EventKind::bench, "2026-05-02T10:00:00Z")}, self)
                  .empty());
    }
    SECTION("only this station's own sightings") {
        CHECK(late_duplicates({seen(self, 1, EventKind::intake, "2026-05-01T10:00:00Z", "f1", {{"lot", "A"}}),
                               seen(self, 2, EventKind::intake, "2026-05-02T10:00:00Z", "f1", {{"lot", "B"}})},
                              self)
                  .empty());
    }
    SECTION("only other stations' sightings") {
        CHECK(late_duplicates({seen(other, 1, EventKind::intake, "2026-05-01T10:00:00Z"), seen("cccc", 1, EventKind::intake, "2026-05-02T10:00:00Z")}, self)
                  .empty());
    }
    SECTION("the inspection already recorded the duplicate") {
        CHECK(late_duplicates({seen(other, 1, EventKind::intake, "2026-05-01T10:00:00Z"),
                               seen(self, 1, EventKind::intake, "2026-05-01T11:00:00Z", "f1", {{"findings", "LABEL_MISMATCH,DUP_SERIAL"}})},
                              self)
                  .empty());
    }
}
