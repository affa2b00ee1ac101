// SPDX-License-Identifier: GPL-3.0-or-later
// Witnessing station logs (docs/registry-format.md, "Witnesses"): real file registries, real
// keys; stations exchange log bundles and checkpoint files as users do with `log export`,
// `log import`, `log checkpoint` and `log witness`.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "database_access.hpp"
#include "registry_fixture.hpp"
#include "sql_scalar.hpp"
#include "db/witness.hpp"

using namespace registry_fixture;

namespace {

/// Stations that trust each other for role station (one root, one trust document).
struct Fleet {
    test_support::TempDir dir;
    db::KeyPair root = key();
    std::vector<std::optional<db::Database>> stations;
    std::vector<std::string> ids;

    /// `n` stations; `twin_of` gives station n a copy of that station's key (a dishonest station
    /// keeping two registries under one identity).
    explicit Fleet(std::size_t n, std::optional<std::size_t> twin_of = std::nullopt) {
        for (std::size_t i = 0; i < n; ++i) open(i, std::nullopt);
        if (twin_of) open(n, twin_of);
        db::TrustDocument d;
        d.version = 1;
        d.created = "2026-01-01T00:00:00Z";
        d.expires = "2027-01-01T00:00:00Z";
        d.roots = {{root.public_key().id(), root.public_key()}};
        for (std::size_t i = 0; i < n; ++i) {
            auto s = stations[i]->station();
            REQUIRE(s);
            d.publishers.push_back({s->id, s->key.public_key(), {"station"}, "2027-01-01T00:00:00Z"});
        }
        auto text = db::sign_trust_document(d, {root});
        REQUIRE(text);
        for (auto& s : stations) {
            db::TrustStore store(*s);
            REQUIRE(store.init({root.public_key()}, 1));
            REQUIRE(store.accept_document(*text, "2026-01-02T00:00:00Z"));
        }
    }

    void open(std::size_t i, std::optional<std::size_t> key_of) {
        const fs::path d = dir.path() / ("s" + std::to_string(i));
        fs::create_directories(d);
        if (key_of) {
            const fs::path from = dir.path() / ("s" + std::to_string(*key_of));
            fs::copy_file(from / "station.key", d / "station.key");
            fs::permissions(d / "station.key", fs::perms::owner_read | fs::perms::owner_write);
        }
        auto opened = db::Database::open(d);
        REQUIRE(opened);
        stations.emplace_back(std::move(*opened));
        auto s = stations.back()->station();
        REQUIRE(s);
        ids.push_back(s->id);
    }

    db::Database& at(std::size_t i) { return *stations[i]; }

    void record(std::size_t i, const std::string& serial, const std::string& time) {
        auto s = Fixture::sighting(genuine32(serial), EventKind::intake);
        auto r = db::record_sighting(at(i), s, time);
        INFO((r ? std::string() : r.error().message));
        REQUIRE(r);
    }

    /// Station `from` exports its log; station `to` imports it.
    db::ImportSummary exchange(std::size_t from, std::size_t to) {
        const fs::path bundle = dir.path() / ("log-" + std::to_string(from) + "-" + std::to_string(to));
        REQUIRE(db::export_sightings(at(from), bundle));
        auto imported = db::import_sightings(at(to), bundle, now);
        INFO((imported ? std::string() : imported.error().message));
        REQUIRE(imported);
        return *imported;
    }

    /// Station `from` writes its checkpoints file; station `to` reads it.
    db::CheckpointImport gossip(std::size_t from, std::size_t to) {
        const fs::path file = dir.path() / ("heads-" + std::to_string(from) + "-" + std::to_string(to));
        auto written = db::export_checkpoints(at(from), file, now);
        INFO((written ? std::string() : written.error().message));
        REQUIRE(written);
        auto read = db::import_checkpoints(at(to), file, now);
        INFO((read ? std::string() : read.error().message));
        REQUIRE(read);
        return *read;
    }

    db::HeldLog held(std::size_t at_station, std::size_t log, std::optional<std::uint64_t> size = std::nullopt) {
        auto h = db::held_log(at(at_station), ids[log], size);
        INFO((h ? std::string() : h.error().message));
        REQUIRE(h);
        REQUIRE(*h);
        return **h;
    }
};

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("witness: importing a log cosigns its head, and checkpoint files carry the cosignatures", "[db][witness]") {
    Fleet f(3);
    for (int i = 0; i < 3; ++i) f.record(0, "3bf239f" + std::to_string(i), "2026-05-0" + std::to_string(i + 1) + "T10:00:00Z");
    // Station 1 takes in station 0's log: it holds the same head station 0 has, and cosigns it.
    const auto first = f.exchange(0, 1);
    CHECK(first.added == 3);
    CHECK(first.cosigned_size == 3);
    CHECK(first.conflicts.empty());
    const db::HeldLog own = f.held(0, 0);
    CHECK(own.size == 3);
    CHECK(f.held(1, 0).root == own.root);
    // Importing the same bundle again cosigns nothing new.
    CHECK(f.exchange(0, 1).cosigned_size == 0);

    // Station 2 learns station 1's cosignature before it holds the log, then takes the log in:
    // its own head agrees with what station 1 saw, so it cosigns too.
    const auto heard = f.gossip(1, 2);
    CHECK(heard.stored == 1);
    CHECK(heard.ignored == 0);
    CHECK(heard.cosigned.empty());  // holds nothing of station 0 yet
    CHECK(heard.conflicts.empty());
    const auto second = f.exchange(0, 2);
    CHECK(second.cosigned_size == 3);
    CHECK(second.conflicts.empty());
    auto report = db::witness_report(f.at(2), now);
    REQUIRE(report);
    CHECK(report->ok());
    REQUIRE(report->signatures.size() == 2);
    for (const auto& s : report->signatures) {
        CHECK(s.station == f.ids[0]);
        CHECK(s.size == 3);
        CHECK(s.cosignature);
        CHECK(s.root == own.root);
    }

    // Station 0 reads station 2's file: both witnesses saw its own log as it is.
    const auto back = f.gossip(2, 0);
    CHECK(back.stored == 2);
    CHECK(back.conflicts.empty());
    auto at0 = db::witness_report(f.at(0), now);
    REQUIRE(at0);
    CHECK(at0->ok());
}

TEST_CASE("witness: a growing log is cosigned at each size, each head a prefix of the next", "[db][witness]") {
    Fleet f(2);
    f.record(0, "3bf239f0", "2026-05-01T10:00:00Z");
    f.record(0, "3bf239f1", "2026-05-02T10:00:00Z");
    CHECK(f.exchange(0, 1).cosigned_size == 2);
    const db::merkle::Hash at2 = f.held(0, 0).root;
    f.record(0, "3bf239f2", "2026-05-03T10:00:00Z");
    f.record(0, "3bf239f3", "2026-05-04T10:00:00Z");
    const auto later = f.exchange(0, 1);
    CHECK(later.cosigned_size == 4);
    CHECK(later.conflicts.empty());
    // The head at 2 is recomputed from the larger accepted log and proven consistent with it.
    CHECK(f.held(1, 0, 2).root == at2);
    CHECK(f.held(1, 0, 4).root == f.held(0, 0).root);
    auto none = db::held_log(f.at(1), f.ids[0], 5);
    REQUIRE(none);
    CHECK_FALSE(*none);
    auto report = db::witness_report(f.at(1), now);
    REQUIRE(report);
    CHECK(report->ok());
    CHECK(report->signatures.size() == 2);
}

TEST_CASE("witness: a station showing two histories of one log to two stations is caught", "[db][witness]") {
    // Station 3 is a second registry under station 0's key: the same ids, other sightings.
    Fleet f(3, /*twin_of=*/0);
    REQUIRE(f.ids[3] == f.ids[0]);
    for (int i = 0; i < 3; ++i) {
        f.record(0, "3bf239f" + std::to_string(i), "2026-05-0" + std::to_string(i + 1) + "T10:00:00Z");
        f.record(3, "3bf239e" + std::to_string(i), "2026-05-0" + std::to_string(i + 1) + "T10:00:00Z");
    }
    CHECK(f.exchange(0, 1).cosigned_size == 3);  // station 1 sees one history
    CHECK(f.exchange(3, 2).cosigned_size == 3);  // station 2 the other, of the same length
    CHECK(f.held(1, 0).root != f.held(2, 0).root);

    // When their heads meet, the split view is reported, and nothing more is cosigned.
    const auto met = f.gossip(1, 2);
    CHECK(met.stored == 1);
    REQUIRE(met.conflicts.size() == 1);
    CHECK(met.conflicts.front().find("split view") != std::string::npos);
    CHECK(met.conflicts.front().find(f.ids[0]) != std::string::npos);
    auto report = db::witness_report(f.at(2), now);
    REQUIRE(report);
    CHECK_FALSE(report->ok());
    CHECK(report->conflicts.size() == 1);
    // The twin itself hears of the other history of its own log.
    const auto told = f.gossip(1, 3);
    CHECK_FALSE(told.conflicts.empty());
    // And the honest history, meeting the twin's own signed head, is caught there too.
    const auto heads_of_twin = f.gossip(3, 1);
    CHECK_FALSE(heads_of_twin.conflicts.empty());
    // Importing the other history itself is refused: one id, two records.
    const fs::path bundle = f.dir.path() / "twin.log";
    REQUIRE(db::export_sightings(f.at(3), bundle));
    CHECK_FALSE(db::import_sightings(f.at(1), bundle, now));
}

TEST_CASE("witness: a checkpoints file with a bad signature is refused whole, unknown signers are ignored", "[db][witness]") {
    Fleet f(3);
    f.record(0, "3bf239f0", "2026-05-01T10:00:00Z");
    f.exchange(0, 1);
    const fs::path file = f.dir.path() / "heads";
    REQUIRE(db::export_checkpoints(f.at(1), file, now));
    const std::string text = read_text(file);
    REQUIRE(text.rfind(std::string(db::checkpoints_magic) + "\nnote ", 0) == 0);

    SECTION("a flipped signature bit") {
        // Decode the note; in its signature line ("— name base64(key hash, timestamp,
        // signature)") change a character well inside the Ed25519 signature; encode again.
        const std::size_t at = text.find("note ") + 5;
        auto bytes = db::merkle::base64_decode(text.substr(at, text.find('\n', at) - at));
        REQUIRE(bytes);
        std::string note(bytes->begin(), bytes->end());
        const std::size_t sig_at = note.rfind(' ') + 40;
        REQUIRE(sig_at + 1 < note.size());
        note[sig_at] = note[sig_at] == 'A' ? 'B' : 'A';
        const std::string edited = std::string(db::checkpoints_magic) + "\nnote " +
                                   db::merkle::base64_encode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(note.data()), note.size())) + "\n";
        std::ofstream(file, std::ios::binary | std::ios::trunc) << edited;
        auto read = db::import_checkpoints(f.at(2), file, now);
        REQUIRE_FALSE(read);
        CHECK(read.error().code == Errc::signature_invalid);
        auto report = db::witness_report(f.at(2), now);
        REQUIRE(report);
        CHECK(report->signatures.empty());  // nothing stored
    }
    SECTION("a signer no key trusted for role station") {
        Fleet other(1);
        other.record(0, "3bf239f9", "2026-05-01T10:00:00Z");
        const fs::path theirs = f.dir.path() / "stranger";
        REQUIRE(db::export_checkpoints(other.at(0), theirs, now));
        auto read = db::import_checkpoints(f.at(2), theirs, now);
        REQUIRE(read);
        CHECK(read->ignored == 1);
        CHECK(read->stored == 0);
    }
    SECTION("not a checkpoints file") {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << "dimmguard-bundle 1\n";
        auto read = db::import_checkpoints(f.at(2), file, now);
        REQUIRE_FALSE(read);
        CHECK(read.error().code == Errc::bad_format);
        CHECK(read.error().message.find("not a checkpoints file") != std::string::npos);
    }
}

TEST_CASE("witness: an edited stored cosignature is reported by the witness report", "[db][witness]") {
    Fleet f(2);
    f.record(0, "3bf239f0", "2026-05-01T10:00:00Z");
    f.exchange(0, 1);
    const std::string file = (f.dir.path() / "s1" / "registry.sqlite").string();
    const std::string command = "sqlite3 '" + file + "' \"UPDATE checkpoint_signatures SET size = size + 1;\"";
    REQUIRE(std::system(command.c_str()) == 0);
    auto report = db::witness_report(f.at(1), now);
    REQUIRE(report);
    CHECK(report->signatures.empty());
    REQUIRE(report->problems.size() == 1);
    CHECK(report->problems.front().find("does not verify") != std::string::npos);
}

TEST_CASE("witness: a log found stored in order is noted so later processes read only what was added", "[db][witness]") {
    Fleet f(2);
    for (int i = 0; i < 3; ++i) f.record(0, "3bf239a" + std::to_string(i), "2026-05-0" + std::to_string(i + 1) + "T10:00:00Z");
    f.exchange(0, 1);
    const std::string key = "log-in-order:" + f.ids[0];
    CHECK(f.held(1, 0).size == 3);
    auto noted = f.at(1).meta(key);
    REQUIRE(noted);
    CHECK(*noted == std::optional<std::string>("3"));
    for (int i = 3; i < 5; ++i) f.record(0, "3bf239a" + std::to_string(i), "2026-05-0" + std::to_string(i + 1) + "T10:00:00Z");
    f.exchange(0, 1);
    const db::HeldLog five = f.held(1, 0);
    CHECK(five.size == 5);
    CHECK(five.root == f.held(0, 0).root);

    // Another process (a fresh open) with the note: the same answer.
    const auto reopen = [&] {
        f.stations[1].reset();
        auto opened = db::Database::open(f.dir.path() / "s1");
        REQUIRE(opened);
        f.stations[1].emplace(std::move(*opened));
    };
    reopen();
    noted = f.at(1).meta(key);
    REQUIRE(noted);
    CHECK(*noted == std::optional<std::string>("5"));
    CHECK(f.held(1, 0).root == five.root);
    CHECK(f.held(1, 0, 2).root == f.held(0, 0, 2).root);

    // A note that is not a number, or claims more than was accepted, costs only a full check.
    REQUIRE(f.at(1).set_meta(key, "banana"));
    reopen();
    CHECK(f.held(1, 0).root == five.root);
    REQUIRE(f.at(1).set_meta(key, "999"));
    reopen();
    CHECK(f.held(1, 0).root == five.root);

    // A row deleted below the noted size is still found: the presence count does not trust the note.
    REQUIRE(f.at(1).set_meta(key, "5"));
    auto& c = db::detail::connection_of(f.at(1));
    REQUIRE(c.exec("DELETE FROM sightings WHERE station = '" + f.ids[0] + "' AND leaf = 1"));
    CHECK(sql_scalar(c, "SELECT COUNT(*) FROM sightings WHERE station = '" + f.ids[0] + "'") == 4);
    reopen();
    auto edited = db::held_log(f.at(1), f.ids[0]);
    REQUIRE_FALSE(edited);
    CHECK(edited.error().code == Errc::signature_invalid);
    CHECK_THAT(edited.error().message, Catch::Contains("leaf 1 is missing"));
}
