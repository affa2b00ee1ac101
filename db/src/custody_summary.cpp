// SPDX-License-Identifier: GPL-3.0-or-later
// Custody summaries: the history rules' view of an identity (verifier::History) after its first
// sightings, signed by this station, so that `verify` reads the summary and the sightings stored
// after it instead of every sighting the module ever had (docs/registry-format.md, "Custody
// summaries").
#include <algorithm>
#include <array>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "database_access.hpp"
#include "db/station_log.hpp"
#include "custody_summary.hpp"
#include "sighting_rows.hpp"
#include "text.hpp"
#include "tlog.hpp"
#include "verifier/custody.hpp"

namespace dimmguard::db::detail {
namespace {

constexpr std::string_view summary_header = "custody-summary v1";
constexpr std::string_view summary_domain = "dimmguard custody summary v1\n";

constexpr std::array<verifier::CustodyState, 7> custody_states = {
    verifier::CustodyState::unseen,      verifier::CustodyState::held, verifier::CustodyState::installed, verifier::CustodyState::shipped,
    verifier::CustodyState::quarantined, verifier::CustodyState::rma,  verifier::CustodyState::scrapped};

void field(std::string& out, std::string_view key, std::string_view value) {
    out += key;
    out += ' ';
    out += value;
    out += '\n';
}

Result<std::int64_t> number(std::string_view text) {
    std::int64_t value = 0;
    if (text.empty() || text.size() > 18) return fail(Errc::bad_format, "bad number '" + std::string(text) + "'");
    for (char c : text) {
        if (c < '0' || c > '9') return fail(Errc::bad_format, "bad number '" + std::string(text) + "'");
        value = value * 10 + (c - '0');
    }
    return value;
}

/// Everything the summary's fold relied on that may stop being trusted later.
void note_signers(const verifier::Sighting& s, const std::string& self, SummaryFacts& facts) {
    if (s.station != self) facts.stations.insert(s.station);
    if (s.event == verifier::EventKind::release) {
        if (auto it = s.context.find(std::string(verifier::context_qa_key)); it != s.context.end()) facts.qa_keys.insert(it->second);
    }
}

/// The fold order of (time, seq): later when the time is later, or equal and stored later.
bool after(const std::string& time, std::int64_t seq, const std::string& last_time, std::int64_t last_seq) {
    return time != last_time ? time > last_time : seq > last_seq;
}

/// Fold `rows` (oldest first) with seq <= up_to on top of `state`.
void fold_rows(HistoryState& state, const IdentityRows& rows, const std::string& self, std::int64_t up_to = std::numeric_limits<std::int64_t>::max()) {
    for (const auto& row : rows.trusted) {
        if (row.seq > up_to) continue;
        state.history.add(row.item.record);
        note_signers(row.item.record, self, state.facts);
        state.facts.last_time = row.item.record.time;
        state.facts.last_seq = row.seq;
    }
}

/// Summaries known to carry this station's signature (a fact about the bytes, kept per
/// process): bounded, cleared when full.
void remember_signed(StateView& view, std::string_view body, std::string_view signature) {
    auto& verified = *view.verified_summaries;
    if (verified.size() >= 1u << 16) verified.clear();
    verified.insert(merkle::leaf_hash(summary_message(body) + "\n" + std::string(signature)));
}

/// True when `signature` (hex) is this station's signature of `body`; remembered once checked.
bool signed_here(StateView& view, const PublicKey& self, const std::string& body, const std::string& signature) {
    if (view.verified_summaries->count(merkle::leaf_hash(summary_message(body) + "\n" + signature)) != 0) return true;
    auto sig = signature_from_hex(signature);
    if (!sig || !self.verify(summary_message(body), *sig)) return false;
    remember_signed(view, body, signature);
    return true;
}

}  // namespace

std::string summary_body(const verifier::ModuleIdentity& identity, const verifier::History& history, const SummaryFacts& facts) {
    const verifier::Custody& c = history.fold.custody();
    std::string out;
    out += summary_header;
    out += '\n';
    field(out, "identity", identity.key());
    field(out, "through", std::to_string(facts.through_seq));
    field(out, "last", percent_encode(facts.last_time) + " " + std::to_string(facts.last_seq));
    field(out, "rows", std::to_string(c.sightings));
    field(out, "state", verifier::custody_state_name(c.state));
    field(out, "station", percent_encode(c.station));
    field(out, "site", percent_encode(c.site));
    field(out, "lot", percent_encode(c.lot));
    field(out, "server", percent_encode(c.server));
    field(out, "customer", percent_encode(c.customer));
    field(out, "since", percent_encode(c.since));
    field(out, "returned", c.returned ? "1" : "0");
    field(out, "released", c.released ? "1" : "0");
    field(out, "last-lot", percent_encode(history.fold.last_lot()));
    if (c.unresolved) field(out, "unresolved", percent_encode(sighting_line(*c.unresolved)));
    for (const auto& s : c.conflicts) field(out, "conflict", percent_encode(sighting_line(s)));
    for (const auto& f : history.fingerprints) field(out, "fingerprint", percent_encode(f));
    for (const auto& p : history.part_numbers) field(out, "part", percent_encode(p));
    for (const auto& s : facts.stations) field(out, "signer", percent_encode(s));
    for (const auto& k : facts.qa_keys) field(out, "qa", percent_encode(k));
    return out;
}

std::string summary_message(std::string_view body) { return std::string(summary_domain) + std::string(body); }

Result<ParsedSummary> parse_summary_body(std::string_view body, const verifier::ModuleIdentity& identity) {
    const auto lines = split(body, '\n');
    if (lines.size() < 2 || lines.front() != summary_header || !lines.back().empty()) return fail(Errc::bad_format, "not a custody summary");
    ParsedSummary out;
    verifier::Custody c;
    std::string last_lot;
    bool have_identity = false, have_through = false, have_last = false, have_rows = false, have_state = false;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
        const std::string_view line = lines[i];
        const auto space = line.find(' ');
        if (space == std::string_view::npos) return fail(Errc::bad_format, "line " + std::to_string(i + 1) + " has no value");
        const std::string_view key = line.substr(0, space);
        const std::string_view raw = line.substr(space + 1);
        const auto text = [&]() -> Result<std::string> { return percent_decode(raw); };
        const auto sighting = [&]() -> Result<verifier::Sighting> {
            auto decoded = percent_decode(raw);
            if (!decoded) return tl::unexpected(decoded.error());
            return parse_sighting_line(*decoded);
        };
        if (key == "identity") {
            if (raw != identity.key()) return fail(Errc::bad_format, "the summary is of identity " + std::string(raw));
            have_identity = true;
        } else if (key == "through") {
            auto n = number(raw);
            if (!n) return tl::unexpected(n.error());
            out.facts.through_seq = *n;
            have_through = true;
        } else if (key == "last") {
            const auto parts = split(raw, ' ');
            if (parts.size() != 2) return fail(Errc::bad_format, "bad last line");
            auto time = percent_decode(parts[0]);
            auto seq = number(parts[1]);
            if (!time || !seq) return fail(Errc::bad_format, "bad last line");
            out.facts.last_time = std::move(*time);
            out.facts.last_seq = *seq;
            have_last = true;
        } else if (key == "rows") {
            auto n = number(raw);
            if (!n) return tl::unexpected(n.error());
            c.sightings = static_cast<std::size_t>(*n);
            have_rows = true;
        } else if (key == "state") {
            const auto it = std::find_if(custody_states.begin(), custody_states.end(),
                                         [&](verifier::CustodyState s) { return verifier::custody_state_name(s) == raw; });
            if (it == custody_states.end()) return fail(Errc::bad_format, "unknown custody state '" + std::string(raw) + "'");
            c.state = *it;
            have_state = true;
        } else if (key == "returned" || key == "released") {
            if (raw != "0" && raw != "1") return fail(Errc::bad_format, "bad " + std::string(key) + " line");
            (key == "returned" ? c.returned : c.released) = raw == "1";
        } else if (key == "unresolved" || key == "conflict") {
            auto s = sighting();
            if (!s) return tl::unexpected(s.error());
            if (key == "unresolved") c.unresolved = std::move(*s);
            else c.conflicts.push_back(std::move(*s));
        } else {
            auto value = text();
            if (!value) return tl::unexpected(value.error());
            if (key == "station") c.station = std::move(*value);
            else if (key == "site") c.site = std::move(*value);
            else if (key == "lot") c.lot = std::move(*value);
            else if (key == "server") c.server = std::move(*value);
            else if (key == "customer") c.customer = std::move(*value);
            else if (key == "since") c.since = std::move(*value);
            else if (key == "last-lot") last_lot = std::move(*value);
            else if (key == "fingerprint") out.history.fingerprints.insert(std::move(*value));
            else if (key == "part") out.history.part_numbers.insert(std::move(*value));
            else if (key == "signer") out.facts.stations.insert(std::move(*value));
            else if (key == "qa") out.facts.qa_keys.insert(std::move(*value));
            else return fail(Errc::bad_format, "unknown field '" + std::string(key) + "'");
        }
    }
    if (!have_identity || !have_through || !have_last || !have_rows || !have_state) return fail(Errc::bad_format, "a required field is missing");
    out.history.fold = verifier::CustodyFold(std::move(c), std::move(last_lot));
    out.history.summarized = out.history.fold.custody().sightings;
    return out;
}

Result<HistoryState> history_state(Database& database, const verifier::ModuleIdentity& identity, const std::string& now) {
    auto scope = SightingsScope::open(database, now);
    if (!scope) return tl::unexpected(scope.error());
    HistoryState state;
    std::vector<std::string> problems;

    // The stored summary, when it verifies and everything it relied on is still trusted.
    std::optional<ParsedSummary> summary;
    {
        auto s = connection_of(database).cached("SELECT through_seq, body, signature FROM custody_summaries WHERE identity = ?");
        if (!s) return tl::unexpected(s.error());
        (*s)->bind(1, identity.key());
        auto row = (*s)->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) {
            const std::int64_t through = (*s)->column_int64(0);
            const std::string body = (*s)->column_text(1);
            const std::string signature = (*s)->column_text(2);
            std::optional<ParsedSummary> parsed;
            if (signed_here(*scope->view, scope->station->key.public_key(), body, signature)) {
                if (auto p = parse_summary_body(body, identity)) parsed = std::move(*p);
            }
            if (!parsed || parsed->facts.through_seq != through) {
                problems.push_back("the custody summary of " + identity.key() +
                                   " is not the one this station signed (edited by hand); its sightings were read one by one instead");
            } else {
                bool trusted = true;
                for (const auto& station : parsed->facts.stations) trusted = trusted && scope->keys->key_of(station).has_value();
                for (const auto& key : parsed->facts.qa_keys) trusted = trusted && scope->keys->qa_key_of(key).has_value();
                if (trusted) summary = std::move(*parsed);
            }
        }
    }

    const std::string& self = scope->station->id;
    if (summary) {
        auto tail = identity_rows(database, *scope->keys, scope->accepted(), identity, summary->facts.through_seq);
        if (!tail) return tl::unexpected(tail.error());
        const bool in_order = tail->trusted.empty() ||
                              after(tail->trusted.front().item.record.time, tail->trusted.front().seq, summary->facts.last_time, summary->facts.last_seq);
        if (in_order) {
            state.history = std::move(summary->history);
            state.facts = std::move(summary->facts);
            state.stored_through = state.facts.through_seq;
            fold_rows(state, *tail, self);
            state.facts.through_seq = tail->max_seq;
            state.history.tampered = std::move(tail->tampered);
        } else {
            summary.reset();   // a sighting older than the summary's last: fold them all again
        }
    }
    if (!summary) {
        auto rows = identity_rows(database, *scope->keys, scope->accepted(), identity, 0);
        if (!rows) return tl::unexpected(rows.error());
        fold_rows(state, *rows, self);
        state.facts.through_seq = rows->max_seq;
        state.history.tampered = std::move(rows->tampered);
    }
    for (auto& p : scope->tampered) state.history.tampered.push_back(std::move(p));
    for (auto& p : problems) state.history.tampered.push_back(std::move(p));
    state.history.rolled_back = std::move(scope->rolled_back);
    return state;
}

Result<void> store_custody_summary(Database& database, const verifier::ModuleIdentity& identity, const std::string& now) {
    if (DatabaseAccess::read_only(database)) return {};
    auto state = history_state(database, identity, now);
    if (!state) return tl::unexpected(state.error());
    // Only a clean fold is worth keeping, and only when it covers more than the stored one.
    if (!state->history.tampered.empty() || !state->history.rolled_back.empty()) return {};
    if (state->history.fold.custody().sightings == 0 || state->facts.through_seq <= state->stored_through) return {};
    auto station = database.station();
    if (!station) return tl::unexpected(station.error());
    const std::string body = summary_body(identity, state->history, state->facts);
    auto signature = station->key.sign(summary_message(body));
    if (!signature) return tl::unexpected(signature.error());
    // This process signed it: no need to verify it on the next look.
    if (auto view = state_view(database); view) remember_signed(**view, body, signature_hex(*signature));
    Connection& c = connection_of(database);
    auto tx = Transaction::begin(c);
    if (!tx) return tl::unexpected(tx.error());
    {
        // Another process may have stored a summary that covers more meanwhile: keep that one.
        auto upsert = c.cached(
            "INSERT INTO custody_summaries(identity, through_seq, body, signature) VALUES(?, ?, ?, ?) "
            "ON CONFLICT(identity) DO UPDATE SET through_seq = excluded.through_seq, body = excluded.body, signature = excluded.signature "
            "WHERE excluded.through_seq > custody_summaries.through_seq");
        if (!upsert) return tl::unexpected(upsert.error());
        (*upsert)->bind(1, identity.key()).bind(2, state->facts.through_seq).bind(3, body).bind(4, signature_hex(*signature));
        if (auto r = (*upsert)->run(); !r) return tl::unexpected(r.error());
    }
    return tx->commit();
}

Result<std::vector<std::string>> custody_summary_problems(Database& database) {
    auto scope = SightingsScope::open(database, {});
    if (!scope) return tl::unexpected(scope.error());
    std::vector<std::string> out;
    struct Stored {
        std::string identity;
        std::int64_t through = 0;
        std::string body, signature;
    };
    std::vector<Stored> rows;
    {
        auto s = connection_of(database).prepare("SELECT identity, through_seq, body, signature FROM custody_summaries ORDER BY identity");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = s->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            rows.push_back({s->column_text(0), s->column_int64(1), s->column_text(2), s->column_text(3)});
        }
    }
    const PublicKey self = scope->station->key.public_key();
    for (const Stored& r : rows) {
        const std::string what = "custody summary of " + r.identity;
        if (!signed_here(*scope->view, self, r.body, r.signature)) {
            out.push_back(what + ": its signature does not verify with this station's key (edited)");
            continue;
        }
        auto identity = verifier::ModuleIdentity::parse(r.identity);
        if (!identity) {
            out.push_back(what + ": not an identity key");
            continue;
        }
        auto parsed = parse_summary_body(r.body, *identity);
        if (!parsed || parsed->facts.through_seq != r.through) {
            out.push_back(what + ": signed, but its body or through_seq is not the one signed for this identity (copied from another row)");
            continue;
        }
        // The fold of what it covers, written the same way, must be the same text.
        auto all = identity_rows(database, *scope->keys, scope->accepted(), *identity, 0);
        if (!all) return tl::unexpected(all.error());
        bool covered_clean = true;
        HistoryState fold;
        fold_rows(fold, *all, scope->station->id, r.through);
        if (!all->tampered.empty()) covered_clean = false;   // those rows are reported where they are read
        fold.facts.through_seq = r.through;
        // Fewer sightings than it folded: rows were deleted, which the log checks and `registry
        // status` report as such; the summary itself is then still the true fold.
        if (fold.history.fold.custody().sightings < parsed->history.fold.custody().sightings) covered_clean = false;
        if (covered_clean && summary_body(*identity, fold.history, fold.facts) != r.body) {
            out.push_back(what + ": signed, but not the fold of the " + std::to_string(fold.history.fold.custody().sightings) +
                          " sightings it covers (put back from another copy of the registry)");
        }
    }
    return out;
}

}  // namespace dimmguard::db::detail

namespace dimmguard::db {

Result<verifier::History> load_history(Database& database, const verifier::ModuleIdentity& identity, const std::string& now) {
    auto state = detail::history_state(database, identity, now);
    if (!state) return tl::unexpected(state.error());
    return std::move(state->history);
}

}  // namespace dimmguard::db
