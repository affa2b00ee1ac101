// SPDX-License-Identifier: GPL-3.0-or-later
// Custody of one module identity, folded from its verified sightings (every station's, this
// station's own included): where the module is now, since when, and which earlier verdict is
// still unresolved. The duplicate and re-inspection rules, `log show`, the JSON and the Bench
// screen all read this one fold (docs/custody.md).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "verifier/registry_interface.hpp"

namespace dimmguard::verifier {

/// Context keys custody reads from sightings.
inline constexpr std::string_view context_lot = "lot";
inline constexpr std::string_view context_server = "server";
inline constexpr std::string_view context_customer = "customer";
inline constexpr std::string_view context_reason = "reason";
inline constexpr std::string_view context_operator = "operator";
inline constexpr std::string_view context_fraud_kind = "fraud_kind";
inline constexpr std::string_view context_findings = "findings";
/// A release's approval: the key id of a `qa` key and its signature (docs/custody.md).
inline constexpr std::string_view context_qa_key = "qa_key";
inline constexpr std::string_view context_qa_signature = "qa_signature";

enum class CustodyState {
    unseen,       ///< no custody event yet
    held,         ///< at a station (intake, move, bench, return, release)
    installed,    ///< in a server (burn-in)
    shipped,      ///< released to a customer (ship)
    quarantined,  ///< held, set aside by a disposition
    rma,          ///< returned to the supplier
    scrapped,     ///< destroyed
};
/// "unseen", "held", "installed", "shipped", "quarantined", "rma", "scrapped".
[[nodiscard]] std::string_view custody_state_name(CustodyState state) noexcept;

/// The module is physically out of our hands: a later intake without a return is a re-entry.
[[nodiscard]] inline bool custody_gone(CustodyState s) noexcept {
    return s == CustodyState::shipped || s == CustodyState::rma || s == CustodyState::scrapped;
}

struct Custody {
    CustodyState state = CustodyState::unseen;
    std::string station;          ///< station holding it (held, installed, quarantined) or that let it go
    std::string site;
    std::string lot;              ///< held: the lot it is held under ("" = none given)
    std::string server;           ///< installed: the server
    std::string customer;         ///< shipped: to whom; rma: the supplier
    std::string since;            ///< time of the event that put it in this state
    bool returned = false;        ///< the last event that changed custody was a return
    bool released = false;        ///< a qa release cleared it (and every verdict before it)
    /// The worst suspect / counterfeit verdict recorded since the last release, rma or scrap:
    /// a later inspection is never judged better than this (PRIOR_VERDICT).
    std::optional<Sighting> unresolved;
    /// Intakes that did not change custody because the module could not be there (re-entry
    /// after ship / rma / scrap, a second lot at the holding station, held elsewhere, installed).
    std::vector<Sighting> conflicts;
    std::size_t sightings = 0;    ///< verified sightings folded

    /// One line: "held at Intake desk 1 in lot PO-7 since 2026-11-27T10:00:00Z".
    [[nodiscard]] std::string describe() const;
};

/// How the next inspection at `station` relates to custody.
struct Arrival {
    enum class Kind {
        fresh,            ///< nothing holds it: a normal custody event
        reinspection,     ///< this station holds it in the same lot (or it is installed in the same server)
        reentry,          ///< it was shipped / returned to the supplier / scrapped and no return is recorded
        held_here,        ///< this station holds it under another lot (no ship or move since): a clone
        held_elsewhere,   ///< another station holds it (at another site, or this is an intake): a clone
        installed,        ///< it is installed in a server and arrives at intake: a clone
    } kind = Kind::fresh;
    std::string explanation;       ///< plain words for the finding
};

/// Where the next event at a station falls, given custody before it.
struct Scene {
    std::string station;
    std::string site;
    EventKind event = EventKind::intake;
    std::string lot;
    std::string server;
};

/// The custody fold one sighting at a time (oldest first): what fold_custody() does, resumable,
/// so a registry can keep the state reached after an identity's first n sightings and fold only
/// the later ones on top of it (db: the signed custody summaries).
class CustodyFold {
public:
    CustodyFold() = default;
    /// Resume from a state reached earlier (custody and the lot last scanned in).
    CustodyFold(Custody custody, std::string last_lot) : c_(std::move(custody)), last_lot_(std::move(last_lot)) {}
    void add(const Sighting& s);
    [[nodiscard]] const Custody& custody() const noexcept { return c_; }
    [[nodiscard]] Custody& custody() noexcept { return c_; }
    /// The lot the module was last physically scanned in (a disposition applies to it).
    [[nodiscard]] const std::string& last_lot() const noexcept { return last_lot_; }

private:
    Custody c_;
    std::string last_lot_;
};

/// Fold verified sightings (oldest first) into custody. Pure.
[[nodiscard]] Custody fold_custody(const std::vector<Signed<Sighting>>& history);

/// What the history rules need of an identity's verified sightings: the custody fold and every
/// fingerprint and part number they recorded. A registry may answer it without reading every
/// sighting (RegistryInterface::history); the answer is the one history_of() gives.
struct History {
    CustodyFold fold;
    std::set<std::string> fingerprints;   ///< non-empty fingerprints recorded
    std::set<std::string> part_numbers;   ///< non-empty part numbers, as recorded
    std::vector<std::string> tampered;    ///< as Lookup::tampered
    std::vector<std::string> rolled_back; ///< as Lookup::rolled_back
    std::vector<std::string> offline;     ///< as Lookup::offline
    /// Sightings taken from a stored summary instead of being read one by one (0 = all read).
    std::size_t summarized = 0;

    /// Fold one more verified sighting (oldest first).
    void add(const Sighting& s);
};
/// The history of a lookup's trusted sightings (oldest first), with its tampered and rolled_back.
[[nodiscard]] History history_of(const Lookup<Sighting>& lookup);

/// Judge the arrival of `scene` against custody (the state before it).
[[nodiscard]] Arrival classify_arrival(const Custody& custody, const Scene& scene);

/// A duplicate an inspection at this station did not see when it was made, because the other
/// station's sighting that reveals it arrived later (a fleet sync, a bundle import): a late
/// finding (docs/fleet.md, "Late findings").
struct LateDuplicate {
    Sighting own;             ///< this station's sighting concerned (the inspection to revisit)
    Sighting other;           ///< the other station's sighting that reveals the duplicate
    std::string code;         ///< "DUP_SERIAL" or "DUP_REENTRY", as the rules name it
    std::string explanation;  ///< plain words, as the finding would have said them
};

/// Replay an identity's verified sightings (every station's, oldest first) and return what the
/// duplicate rules (DUP_SERIAL, DUP_REENTRY) say now about this station's (`self`) sightings
/// that their recorded findings do not already carry: an own arrival the custody before it
/// (other stations' sightings included) makes a clone or a re-entry; another station's arrival
/// while this station held the module; another station's image or part number that differs from
/// the one this station recorded. Only pairs with one sighting of another station are returned;
/// disposition records are never a duplicate. Pure.
[[nodiscard]] std::vector<LateDuplicate> late_duplicates(const std::vector<Signed<Sighting>>& history, std::string_view self);

/// Verdict severity of a recorded verdict: 2 counterfeit, 1 suspect, 0 anything else.
[[nodiscard]] int verdict_rank(std::string_view verdict) noexcept;

}  // namespace dimmguard::verifier
