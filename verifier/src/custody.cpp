// SPDX-License-Identifier: GPL-3.0-or-later
// Custody: one fold over an identity's verified sightings (docs/custody.md).
#include "verifier/custody.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace dimmguard::verifier {
namespace {

std::string context_value(const Sighting& s, std::string_view key) {
    const auto it = s.context.find(std::string(key));
    return it == s.context.end() ? std::string() : it->second;
}

/// Two stations are at one site when they are the same station or name the same non-empty site.
bool same_site(const Custody& c, const Scene& scene) {
    return c.station == scene.station || (!c.site.empty() && c.site == scene.site);
}

std::string where(const Custody& c) { return c.site.empty() ? "station " + c.station : c.site; }

}  // namespace

std::string_view custody_state_name(CustodyState state) noexcept {
    switch (state) {
    case CustodyState::unseen: return "unseen";
    case CustodyState::held: return "held";
    case CustodyState::installed: return "installed";
    case CustodyState::shipped: return "shipped";
    case CustodyState::quarantined: return "quarantined";
    case CustodyState::rma: return "rma";
    case CustodyState::scrapped: return "scrapped";
    }
    return "unseen";
}

int verdict_rank(std::string_view verdict) noexcept {
    if (verdict == "counterfeit") return 2;
    if (verdict == "suspect") return 1;
    return 0;
}

std::string Custody::describe() const {
    switch (state) {
    case CustodyState::unseen: return "never seen";
    case CustodyState::held:
        return std::string(returned ? "returned, held at " : released ? "released by QA, held at " : "held at ") + where(*this) +
               (lot.empty() ? std::string() : " in lot " + lot) + " since " + since;
    case CustodyState::installed: return "installed in server " + (server.empty() ? std::string("(unnamed)") : server) + " at " + where(*this) + " since " + since;
    case CustodyState::shipped: return "shipped by " + where(*this) + (customer.empty() ? std::string() : " to " + customer) + " on " + since;
    case CustodyState::quarantined: return "quarantined at " + where(*this) + " since " + since;
    case CustodyState::rma: return "returned to the supplier" + (customer.empty() ? std::string() : " (" + customer + ")") + " by " + where(*this) + " on " + since;
    case CustodyState::scrapped: return "scrapped by " + where(*this) + " on " + since;
    }
    return {};
}

Arrival classify_arrival(const Custody& c, const Scene& scene) {
    using K = Arrival::Kind;
    if (c.state == CustodyState::unseen || is_disposition(scene.event)) return {K::fresh, {}};
    // A technician's bench look is evidence only: it never moves custody and never conflicts.
    if (scene.event == EventKind::bench) return {K::reinspection, {}};
    const bool here = c.station == scene.station;
    const bool site = same_site(c, scene);
    if (custody_gone(c.state)) {
        // A return is how a shipped module (or one the supplier repaired) comes back; nothing
        // comes back from the scrapyard.
        if (scene.event == EventKind::return_ && c.state != CustodyState::scrapped) return {K::fresh, {}};
        switch (c.state) {
        case CustodyState::scrapped: return {K::reentry, "was scrapped by " + where(c) + " on " + c.since + ": it cannot exist any more"};
        case CustodyState::rma:
            return {K::reentry, "was returned to the supplier" + (c.customer.empty() ? std::string() : " " + c.customer) + " on " + c.since +
                                    " and is back without a return"};
        default:
            return {K::reentry, "was shipped" + (c.customer.empty() ? std::string() : " to " + c.customer) + " on " + c.since + " by " +
                                    where(c) + " and is back at " + std::string(event_kind_name(scene.event)) + " without a return"};
        }
    }
    const std::string held = "is still " + std::string(c.state == CustodyState::quarantined ? "quarantined" : "held") + " at station " + where(c) +
                             (c.lot.empty() ? std::string() : " in lot " + c.lot) + " (since " + c.since + ", never shipped)";
    switch (scene.event) {
    case EventKind::intake:
        if (c.state == CustodyState::installed) {
            return {K::installed, "is installed in server " + (c.server.empty() ? std::string("(unnamed)") : c.server) + " at " + where(c) +
                                      " (since " + c.since + "): it cannot be at intake too"};
        }
        if (!here) return {K::held_elsewhere, held + ": it cannot be here too"};
        if (!c.lot.empty() && !scene.lot.empty() && c.lot != scene.lot) {
            return {K::held_here, held.substr(0, held.find(" (since")) + " (since " + c.since +
                                      ", no ship or move since), not in lot " + scene.lot + ": a second module carries the identity"};
        }
        return {K::reinspection, {}};
    case EventKind::return_:
        return {K::fresh, {}};
    case EventKind::burn_in:
        if (c.state == CustodyState::installed && c.server == scene.server && site) return {K::reinspection, {}};
        if (!site) return {K::held_elsewhere, held + ", at another site: it cannot be here too"};
        return {K::fresh, {}};
    case EventKind::move:
    case EventKind::ship:
        if (!site) return {K::held_elsewhere, held + ", at another site: it cannot be here too"};
        return {K::fresh, {}};
    default:
        return {K::fresh, {}};
    }
}

void CustodyFold::add(const Sighting& s) {
    Custody& c = c_;
    ++c.sightings;
    const auto take = [&](CustodyState state) {
        c.state = state;
        c.station = s.station;
        c.site = s.site;
        c.since = s.time;
        c.returned = false;
        c.released = false;
    };
    if (is_disposition(s.event)) {
        switch (s.event) {
        case EventKind::quarantine:
            // A disposition is about the module on the desk: the one scanned last.
            take(CustodyState::quarantined);
            if (!last_lot_.empty()) c.lot = last_lot_;
            break;
        case EventKind::release: {
            take(CustodyState::held);
            if (!last_lot_.empty()) c.lot = last_lot_;
            c.released = true;
            c.unresolved.reset();
            break;
        }
        case EventKind::rma:
            take(CustodyState::rma);
            c.customer = context_value(s, context_customer);
            c.unresolved.reset();
            break;
        case EventKind::scrap:
            take(CustodyState::scrapped);
            c.unresolved.reset();
            break;
        default: break;
        }
        return;
    }
    if (verdict_rank(s.verdict) > 0 && (!c.unresolved || verdict_rank(s.verdict) >= verdict_rank(c.unresolved->verdict))) {
        c.unresolved = s;
    }
    const Scene scene{s.station, s.site, s.event, context_value(s, context_lot), context_value(s, context_server)};
    if (!scene.lot.empty()) last_lot_ = scene.lot;
    const Arrival arrival = classify_arrival(c, scene);
    switch (arrival.kind) {
    case Arrival::Kind::reinspection:
        // Evidence only; a lot given now where none was before is remembered.
        if (c.lot.empty() && s.station == c.station) c.lot = scene.lot;
        return;
    case Arrival::Kind::fresh: break;
    default: c.conflicts.push_back(s); return;
    }
    switch (s.event) {
    case EventKind::intake:
    case EventKind::bench:
    case EventKind::return_:
    case EventKind::move: {
        const bool was_gone = custody_gone(c.state);
        take(CustodyState::held);
        c.lot = scene.lot;
        c.returned = s.event == EventKind::return_ && was_gone;
        break;
    }
    case EventKind::burn_in:
        take(CustodyState::installed);
        c.server = scene.server;
        break;
    case EventKind::ship:
        take(CustodyState::shipped);
        c.customer = context_value(s, context_customer);
        break;
    default: break;
    }
}

Custody fold_custody(const std::vector<Signed<Sighting>>& history) {
    CustodyFold fold;
    for (const auto& item : history) fold.add(item.record);
    return fold.custody();
}

void History::add(const Sighting& s) {
    fold.add(s);
    if (!s.fingerprint.empty()) fingerprints.insert(s.fingerprint);
    if (!s.part_number.empty()) part_numbers.insert(s.part_number);
}

History history_of(const Lookup<Sighting>& lookup) {
    History h;
    for (const auto& item : lookup.trusted) h.add(item.record);
    h.tampered = lookup.tampered;
    h.rolled_back = lookup.rolled_back;
    h.offline = lookup.offline;
    return h;
}

namespace {

bool upper_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

/// The recorded findings of a sighting name `code` (the inspection already saw it).
bool recorded(const Sighting& s, std::string_view code) {
    const std::string findings = context_value(s, context_findings);
    std::size_t start = 0;
    while (start <= findings.size()) {
        const std::size_t comma = std::min(findings.find(',', start), findings.size());
        if (std::string_view(findings).substr(start, comma - start) == code) return true;
        start = comma + 1;
    }
    return false;
}

std::string_view duplicate_code(Arrival::Kind kind) {
    switch (kind) {
    case Arrival::Kind::reentry: return "DUP_REENTRY";
    case Arrival::Kind::held_here:
    case Arrival::Kind::held_elsewhere:
    case Arrival::Kind::installed: return "DUP_SERIAL";
    default: return {};
    }
}

std::string at(const Sighting& s) { return (s.site.empty() ? "station " + s.station : s.site) + " on " + s.time; }

}  // namespace

std::vector<LateDuplicate> late_duplicates(const std::vector<Signed<Sighting>>& history, std::string_view self) {
    std::vector<LateDuplicate> out;
    const auto add = [&](const Sighting& own, const Sighting& other, std::string_view code, std::string explanation) {
        if (recorded(own, code)) return;
        for (const auto& d : out) {
            if (d.own.id == own.id && d.other.id == other.id) return;
        }
        out.push_back(LateDuplicate{own, other, std::string(code), std::move(explanation)});
    };
    CustodyFold fold;
    std::optional<Sighting> setter;  // the sighting that put the identity in its present custody
    for (const auto& item : history) {
        const Sighting& s = item.record;
        const Scene scene{s.station, s.site, s.event, context_value(s, context_lot), context_value(s, context_server)};
        const Arrival arrival = classify_arrival(fold.custody(), scene);
        const std::string_view code = duplicate_code(arrival.kind);
        if (!code.empty() && setter) {
            if (s.station == self && setter->station != self) {
                // This station's inspection arrived while another station held the module.
                add(s, *setter, code, "identity " + s.identity.key() + " " + arrival.explanation);
            } else if (s.station != self && setter->station == self) {
                // Another station took in a module of this identity while this station held it.
                add(*setter, s, code, std::string(event_kind_name(s.event)) + " of identity " + s.identity.key() + " at " + at(s) + ", but it " + arrival.explanation);
            }
        }
        if (arrival.kind == Arrival::Kind::fresh) setter = s;
        fold.add(s);
    }
    // Two images, or two part numbers, under one identity (whatever the order they arrived in).
    for (const auto& mine : history) {
        const Sighting& own = mine.record;
        if (own.station != self || is_disposition(own.event)) continue;
        for (const auto& theirs : history) {
            const Sighting& other = theirs.record;
            if (other.station == self) continue;
            const bool image = !own.fingerprint.empty() && !other.fingerprint.empty() && own.fingerprint != other.fingerprint;
            const bool part = !own.part_number.empty() && !other.part_number.empty() && !upper_equal(own.part_number, other.part_number);
            if (!image && !part) continue;
            add(own, other, "DUP_SERIAL",
                "identity " + own.identity.key() + " was also seen at " + at(other) + " with " +
                    (part ? "part number " + other.part_number : std::string("a different SPD image")) + ": two physical modules carry this identity");
            break;  // one alert per own inspection for this rule
        }
    }
    return out;
}

Result<History> RegistryInterface::history(const ModuleIdentity& identity) {
    auto seen = sightings(identity);
    if (!seen) return tl::unexpected(seen.error());
    return history_of(*seen);
}

}  // namespace dimmguard::verifier
