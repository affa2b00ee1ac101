// SPDX-License-Identifier: GPL-3.0-or-later
// Custody: fold an identity's verified sightings into holders, shipment and seen-with sets.
#include "db/custody.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "db/station_log.hpp"

namespace dimmguard::db {

std::string Custody::customer() const {
    if (!shipped) return {};
    const auto it = shipped->context.find(custody_customer_key);
    return it == shipped->context.end() ? std::string() : it->second;
}

Custody summarize_custody(const verifier::ModuleIdentity& identity, verifier::Lookup<verifier::Sighting> sightings) {
    Custody c;
    c.identity = identity;
    c.history = std::move(sightings.trusted);
    c.tampered = std::move(sightings.tampered);
    // History is oldest first, so later sightings overwrite earlier ones per station.
    std::map<std::string, StationCustody> by_station;
    for (const auto& item : c.history) {
        const verifier::Sighting& s = item.record;
        if (!s.fingerprint.empty()) c.fingerprints.insert(s.fingerprint);
        if (!s.part_number.empty()) c.part_numbers.insert(s.part_number);
        StationCustody& sc = by_station[s.station];
        sc.station = s.station;
        sc.site = s.site;
        sc.last = s;
        sc.released = s.event == verifier::EventKind::ship;
        sc.customer.clear();
        if (sc.released) {
            if (const auto it = s.context.find(custody_customer_key); it != s.context.end()) sc.customer = it->second;
        }
        // A return anywhere ends the shipment; a later ship starts a new one.
        if (s.event == verifier::EventKind::ship) c.shipped = s;
        if (s.event == verifier::EventKind::return_) c.shipped.reset();
    }
    for (auto& entry : by_station) c.stations.push_back(std::move(entry.second));
    std::stable_sort(c.stations.begin(), c.stations.end(),
                     [](const StationCustody& a, const StationCustody& b) { return a.last.time < b.last.time; });
    for (const auto& sc : c.stations) {
        if (!sc.released) c.holders.push_back(sc.station);
    }
    c.state = verifier::fold_custody(c.history);
    return c;
}

Result<Custody> custody(Database& database, const verifier::ModuleIdentity& identity) {
    auto sightings = load_sightings(database, identity);
    if (!sightings) return tl::unexpected(sightings.error());
    return summarize_custody(identity, std::move(*sightings));
}

}  // namespace dimmguard::db
