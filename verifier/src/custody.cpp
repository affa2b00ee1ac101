// SPDX-License-Identifier: GPL-3.0-or-later
// Custody: one fold over an identity's verified sightings (docs/custody.md).
#include "verifier/custody.hpp"

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

Result<History> RegistryInterface::history(const ModuleIdentity& identity) {
    auto seen = sightings(identity);
    if (!seen) return tl::unexpected(seen.error());
    return history_of(*seen);
}

}  // namespace dimmguard::verifier
