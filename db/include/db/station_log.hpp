// SPDX-License-Identifier: GPL-3.0-or-later
// Sightings and the station's hash-chained inspection log: canonical signed records, appends
// that are safe across processes, verification, and station bundles (export / import).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/alerts.hpp"
#include "db/database.hpp"
#include "db/keys.hpp"
#include "dimmguard/result.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

// ---- Canonical sighting record (docs/registry-format.md, "Sightings and the inspection log")

/// Domain separation prefix of every record signature: signed message = prefix + line.
inline constexpr std::string_view record_signature_prefix = "dimmguard-record-v1\n";
/// prev_hash of the first entry of a station's log.
inline constexpr std::string_view log_genesis_hash = "0000000000000000000000000000000000000000000000000000000000000000";

/// Percent-encode TAB, LF, CR, ';', '=' and '%' (as %09 %0A %0D %3B %3D %25); everything else
/// is kept. (A superset of bundle.hpp's encode_field: context pairs also need ';' and '='.)
[[nodiscard]] std::string percent_encode(std::string_view text);
/// Inverse of percent_encode; Errc::bad_format for a malformed or non-canonical escape.
[[nodiscard]] Result<std::string> percent_decode(std::string_view text);

/// The canonical line `sighting TAB id TAB identity TAB fingerprint TAB part TAB verdict TAB
/// station TAB site TAB event TAB context TAB time` (no signature, no newline).
[[nodiscard]] std::string sighting_line(const verifier::Sighting& sighting);
/// Parse a canonical line. Errc::bad_format unless the line is exactly what sighting_line()
/// produces for the parsed value (so one sighting has one byte form).
[[nodiscard]] Result<verifier::Sighting> parse_sighting_line(std::string_view line);
/// The message a station signs for a record line: record_signature_prefix + line.
[[nodiscard]] std::string record_message(std::string_view line);

/// entry_hash = sha256_hex(prev_hash + "\n" + line + "\t" + signature_hex).
[[nodiscard]] std::string log_entry_hash(std::string_view prev_hash, std::string_view line, std::string_view signature_hex);
/// The message signed for the log head: "dimmguard-log-head-v1\n<station>\n<count>\n<entry_hash>".
[[nodiscard]] std::string log_head_message(std::string_view station, std::int64_t count, std::string_view entry_hash);

// ---- Recording and reading

/// Sign `sighting` with this station's key and append it to the inspection log in one
/// BEGIN IMMEDIATE transaction (retried with backoff while another process holds the lock,
/// so concurrent writers never see "database is locked"). Fills id ("<station>:<n>"),
/// station, site and time (`now`, or the clock when empty) when empty. A caller-supplied
/// station must be this station. Errc::signature_invalid when the stored log head no longer
/// verifies (the log was tampered with: appending would launder it); Errc::usage for a bad
/// time or a foreign station; Errc::busy only after minutes of contention; Errc::db otherwise.
[[nodiscard]] Result<verifier::Sighting> record_sighting(Database& database, verifier::Sighting sighting,
                                                         const std::string& now = {});

/// Every stored sighting of `identity` (local and imported), oldest first (time, then storage
/// order), each re-verified: this station's own records against its key, imported ones
/// against the key the trust store names for role `station` at `now` (empty = the clock).
/// Records that fail (edited, unknown or no longer trusted station) are in `tampered` only.
[[nodiscard]] Result<verifier::Lookup<verifier::Sighting>> load_sightings(Database& database,
                                                                          const verifier::ModuleIdentity& identity,
                                                                          const std::string& now = {});

/// What the history rules need of the same sightings (verifier::History): read from the
/// identity's custody summary (signed by this station when it last recorded the identity) and
/// only the sightings stored after it, so the cost does not grow with the module's history. A
/// summary that does not verify is reported in `tampered` and the sightings are read one by one;
/// so are they when a station or qa key it relied on is no longer trusted at `now`, or a later
/// sighting sorts before its last one (an import of older records). The answer is always the one
/// history_of(load_sightings()) gives. docs/registry-format.md, "Custody summaries".
[[nodiscard]] Result<verifier::History> load_history(Database& database, const verifier::ModuleIdentity& identity,
                                                     const std::string& now = {});

/// One stored sighting row, as `log show` lists it.
struct StoredSighting {
    std::int64_t seq = 0;                    ///< storage order (rowid)
    bool local = false;                      ///< recorded by this station (part of its log)
    bool verified = false;                   ///< signature verifies against a trusted key
    std::string problem;                     ///< why not verified; empty when verified
    std::optional<verifier::Sighting> sighting;  ///< empty when the line does not parse
    std::string line;
    std::string signature;
};
/// The `limit` most recent rows (highest seq), newest last. Never fails on a bad row.
[[nodiscard]] Result<std::vector<StoredSighting>> recent_sightings(Database& database, std::size_t limit);

// ---- Verification of the local log

enum class LogProblemKind {
    edited,        ///< a line, signature, hash or index column changed (hash or signature mismatch)
    deleted,       ///< a sequence number is missing inside the log
    reordered,     ///< entries appear out of their sequence order
    chain_broken,  ///< prev_hash does not name the previous entry (and no deletion or reorder explains it)
    head_invalid,  ///< the signed head is missing, its signature fails, or it names another hash
    truncated,     ///< the signed head counts more entries than are present at the tail
    foreign,       ///< a local entry of another station key (the station key was replaced)
    rolled_back,   ///< fewer entries, or another history, than the trusted state accepted (an older copy of the file)
    summary,       ///< a custody summary this station did not sign, or that differs from the fold of its sightings
};
/// "edited", "deleted", "reordered", "chain-broken", "head-invalid", "truncated", "foreign",
/// "rolled-back", "summary".
[[nodiscard]] std::string_view log_problem_name(LogProblemKind kind) noexcept;

struct LogProblem {
    LogProblemKind kind = LogProblemKind::edited;
    std::int64_t seq = 0;      ///< storage seq of the entry concerned; 0 when none (head, tail)
    std::int64_t sequence = 0; ///< the log sequence number n of "<station>:<n>" concerned; 0 when none
    std::string message;       ///< lower-case, names the entry ("seq 7 (entry 5): signature does not verify")
};

struct LogReport {
    std::string station;             ///< station id whose log was verified
    std::int64_t entries = 0;        ///< local entries present
    std::int64_t head_count = 0;     ///< count in the stored head (0 when there is none)
    std::string head_hash;           ///< entry_hash in the stored head
    std::vector<LogProblem> problems;
    [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// Check this station's inspection log: every entry's signature and hash, the chain, the
/// sequence numbers (deletions, reordering), and the signed head (count, last hash); and every
/// custody summary: signed by this station and equal to the fold of the sightings it covers. Errors mean
/// the log could not be read; tampering is reported in the LogReport.
[[nodiscard]] Result<LogReport> verify_log(Database& database);

// ---- Station bundles: exchanging sightings between stations

struct ExportSummary {
    std::string station;
    std::size_t records = 0;
};
/// Station bundles live this long after export (sightings never expire; the bundle does, like
/// every bundle, so an old file cannot be fed in for ever).
inline constexpr int station_bundle_lifetime_days = 365;

/// Write this station's own sightings (time >= `since` when given; "YYYY-MM-DD" or RFC 3339)
/// as a signed bundle of role `station` (bundle.hpp format), atomically. Errc::usage for a bad
/// `since`; Errc::signature_invalid when a stored record no longer verifies (run log verify).
[[nodiscard]] Result<ExportSummary> export_sightings(Database& database, const std::filesystem::path& path,
                                                     const std::optional<std::string>& since = std::nullopt);

struct ImportSummary {
    std::string station;              ///< key id of the exporting station
    std::string site;
    std::size_t records = 0;          ///< records in the bundle
    std::size_t added = 0;            ///< newly stored
    std::size_t already_present = 0;  ///< skipped: same id and same signed line already stored
    /// Witnessing (witness.hpp): the size of the station's log this station cosigned after the
    /// import (0: nothing new to cosign), and the split views that stopped it.
    std::uint64_t cosigned_size = 0;
    std::vector<std::string> conflicts;
    /// Late findings the new sightings raised on this station's earlier inspections (alerts.hpp).
    std::vector<Alert> alerts;
};
/// Merge another station's bundle. The bundle key must be trusted for role `station` by the
/// trust store at `now` (empty = the clock) -- or be this station's own key -- and the bundle
/// must not have expired. Header, count, digest and every record signature are verified, and
/// every record must be a canonical sighting of that station, before anything is written; then
/// all records go in one transaction (all or nothing) and the station is noted in `stations`.
/// Idempotent: records are keyed by their global id. The identities of the new records are
/// checked for late findings (raise_late_findings). Then the station's log as now held is
/// witnessed (witness_station): cosigned when it agrees with every signed head of it stored here,
/// else the conflicts are returned. Errc::untrusted_key, signature_invalid,
/// bad_format, not_found, io; Errc::bad_format also when a stored sighting with the same id has
/// a different line (the station signed two records with one id).
[[nodiscard]] Result<ImportSummary> import_sightings(Database& database, const std::filesystem::path& path,
                                                     const std::string& now = {});

/// One signed record of a station's log as stations exchange it (a bundle record, a row of the
/// fleet server): the canonical sighting line and the station's signature of record_message(line).
struct StationRecord {
    std::string line;
    Signature signature{};
};
/// The checks and the one transaction of import_sightings() for records that did not come in a
/// bundle (the fleet server): `key` must be the key the trust store names for station
/// `station` at `now` (or this station's own), every record a canonical sighting of that
/// station whose signature verifies; `name` (where they came from) starts every message.
[[nodiscard]] Result<ImportSummary> import_station_records(Database& database, const std::string& station, const PublicKey& key,
                                                           std::span<const StationRecord> records, const std::string& name,
                                                           const std::string& now = {});

/// A sighting another station stored on the fleet server, as read at inspection time: never
/// stored here, only checked and used for the one verdict being made.
struct OutsideRecord {
    std::string station;      ///< the station the server files it under (key id)
    std::string line;         ///< the canonical sighting line
    std::string signature;    ///< 128 hex digits
};
struct OutsideSightings {
    std::vector<verifier::Signed<verifier::Sighting>> trusted;  ///< not held here, verified; oldest first
    std::vector<std::string> tampered;   ///< records that do not verify (REGISTRY_TAMPERED)
    std::vector<std::string> untrusted;  ///< stations the trust store does not name here (left out)
};
/// Check records of `identity` read from `source` ("fleet server host:5432/db") exactly as an
/// import checks them (canonical line of that station and that identity, signature by the key
/// the trust store names for it at `now`, a release's qa approval), and drop the ones this
/// registry already stores (same id). Nothing is written. Errors: the registry cannot be read.
[[nodiscard]] Result<OutsideSightings> check_outside_sightings(Database& database, const verifier::ModuleIdentity& identity,
                                                               std::span<const OutsideRecord> records, const std::string& source,
                                                               const std::string& now = {});

/// One of this station's own sightings: its number n (the id is "<station>:<n>"), line and
/// signature.
struct OwnRecord {
    std::uint64_t n = 0;
    std::string line;
    Signature signature{};
};
/// This station's own sightings numbered above `after`, in order of n, each checked as
/// export_sightings() does (Errc::signature_invalid for an edited one: nothing is returned).
[[nodiscard]] Result<std::vector<OwnRecord>> own_log_records(Database& database, std::uint64_t after = 0);

}  // namespace dimmguard::db
