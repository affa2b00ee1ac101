// SPDX-License-Identifier: GPL-3.0-or-later
// Custody of one module identity from its verified sightings: where it is now, whether it was
// shipped and to whom, which fingerprints and part numbers it has been seen with.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "dimmguard/result.hpp"
#include "verifier/custody.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

/// Context key naming who a `ship` event released the module to.
inline constexpr const char* custody_customer_key = "customer";

/// The last event of one identity at one station.
struct StationCustody {
    std::string station;        ///< station id (key id)
    std::string site;           ///< site name from that station's last sighting
    verifier::Sighting last;    ///< the station's most recent sighting of the identity
    bool released = false;      ///< that sighting is a `ship`: the station no longer holds it
    std::string customer;       ///< context `customer` of that ship (empty: none given)
};

/// Everything the duplicate rules (DUP_SERIAL, DUP_REENTRY) need to know about one identity.
struct Custody {
    verifier::ModuleIdentity identity;
    /// Verified sightings, local and imported, oldest first (time, then storage order).
    std::vector<verifier::Signed<verifier::Sighting>> history;
    /// Sightings whose signature or signer failed: never used above, reported as
    /// REGISTRY_TAMPERED.
    std::vector<std::string> tampered;
    /// One entry per station that has seen the identity, ordered by the time of its last event.
    std::vector<StationCustody> stations;
    /// Station ids that still hold it: their last event is not a `ship`. Two or more holders
    /// means two places hold "the same" module at once.
    std::vector<std::string> holders;
    /// The most recent `ship` with no `return` after it anywhere: the module left for a
    /// customer (context `customer`) and has not officially come back. An intake after this is
    /// a re-entry.
    std::optional<verifier::Sighting> shipped;
    /// Where the module is now and which verdict is unresolved: the verifier's one fold, the
    /// same the rules use (verifier/custody.hpp).
    verifier::Custody state;
    std::set<std::string> fingerprints;   ///< every non-empty fingerprint it was seen with
    std::set<std::string> part_numbers;   ///< every non-empty part number it was seen with

    /// The most recent verified sighting, if any.
    [[nodiscard]] const verifier::Sighting* last() const noexcept { return history.empty() ? nullptr : &history.back().record; }
    /// The customer of `shipped`, or empty.
    [[nodiscard]] std::string customer() const;
};

/// Fold verified sightings (as SqliteRegistry::sightings returns them) into custody. Pure: the
/// verifier-side rules can reuse it on any Lookup.
[[nodiscard]] Custody summarize_custody(const verifier::ModuleIdentity& identity, verifier::Lookup<verifier::Sighting> sightings);

/// Custody of `identity` from this database (load_sightings + summarize_custody).
/// Errors mean the database could not be read; tampered records are in Custody::tampered.
[[nodiscard]] Result<Custody> custody(Database& database, const verifier::ModuleIdentity& identity);

}  // namespace dimmguard::db
