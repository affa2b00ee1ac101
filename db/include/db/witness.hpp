// SPDX-License-Identifier: GPL-3.0-or-later
// Witnessing station logs (docs/registry-format.md, "Witnesses"): every station that holds
// another station's sightings cosigns the head of that log (c2sp.org/tlog-cosignature), and the
// signed heads travel between stations in checkpoint files. A station that shows one history of
// its log to one station and another history of the same length to another is caught wherever
// both heads meet, or wherever one of them meets the log itself.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "db/merkle.hpp"
#include "db/note.hpp"
#include "dimmguard/result.hpp"

namespace dimmguard::db {

inline constexpr std::string_view checkpoints_magic = "dimmguard-checkpoints 1";

/// The signed-note key name of station `station`: the origin of its log's checkpoints and the
/// name on its signatures and cosignatures ("dimmguard-station-<key id>").
[[nodiscard]] std::string station_note_name(std::string_view station);

/// One station's log as this registry holds it: its sightings <station>:1 .. <station>:size,
/// every one stored and accepted, and the RFC 6962 head over them in sequence order.
struct HeldLog {
    std::string station;
    std::uint64_t size = 0;
    merkle::Hash root = merkle::empty_root();
};
/// What is held of `station`'s log (size 0 when nothing). With `at`, the head of its first `at`
/// sightings instead (nullopt when fewer are held). Heads come from the accepted Merkle log,
/// checked against the trusted state; Errc::signature_invalid when the stored log was edited.
[[nodiscard]] Result<std::optional<HeldLog>> held_log(Database& database, const std::string& station,
                                                      std::optional<std::uint64_t> at = std::nullopt);
/// How many of `station`'s sightings the trusted state says were accepted here (0 when none),
/// without held_log()'s check that every one is stored in sequence order: that check reads
/// every row of the log (minutes for millions of rows), and a count to show needs none of it.
[[nodiscard]] Result<std::uint64_t> accepted_log_size(Database& database, const std::string& station);

/// One signature on a head of a station's log, as stored.
struct CheckpointSignature {
    std::string station;          ///< whose log
    std::uint64_t size = 0;
    merkle::Hash root{};
    std::string signer;           ///< key id: the station itself, or a witness
    bool cosignature = false;     ///< a witness's cosignature/v1; false: the station's own signature
    std::uint64_t timestamp = 0;  ///< cosignatures: when the witness signed (POSIX seconds)
    note::Signature signature;
};

struct WitnessReport {
    std::vector<CheckpointSignature> signatures;  ///< stored signatures that verify, by station, size, signer
    /// Split views: two heads of one size of a log, or a signed head that is not the head of
    /// what this registry holds of that log. Each names the station, the size and the signers.
    std::vector<std::string> conflicts;
    std::vector<std::string> problems;            ///< stored signatures that no longer verify
    [[nodiscard]] bool ok() const noexcept { return conflicts.empty() && problems.empty(); }
};
/// Every stored signature re-verified (signers must be this station or trusted for role
/// station at `now`, empty = the clock), and every conflict among them and with the logs held.
[[nodiscard]] Result<WitnessReport> witness_report(Database& database, const std::string& now = {});

struct WitnessOutcome {
    std::optional<CheckpointSignature> cosigned;  ///< the cosignature made now, if any
    std::vector<std::string> conflicts;           ///< why it was not cosigned
};
/// Witness another station's log as held here: the held head must agree with every stored
/// signature of that log (the same head at the same size, a prefix at a smaller size); then it
/// is cosigned by this station (once per size) and stored. `log import` calls it after each
/// import; conflicts are returned, not errors.
[[nodiscard]] Result<WitnessOutcome> witness_station(Database& database, const std::string& station, const std::string& now = {});

struct CheckpointExport {
    std::size_t notes = 0;       ///< heads written
    std::size_t signatures = 0;  ///< signatures on them
};
/// Write this station's own signed head and every stored signature of every log, one signed
/// note per head, atomically (docs/registry-format.md, "Checkpoint files").
[[nodiscard]] Result<CheckpointExport> export_checkpoints(Database& database, const std::filesystem::path& path,
                                                          const std::string& now = {});
/// What export_checkpoints() writes, as text (for the fleet server).
[[nodiscard]] Result<std::pair<std::string, CheckpointExport>> checkpoints_text(Database& database, const std::string& now = {});

/// One note of a checkpoints file: a head of station `station`'s log and its signatures.
struct CheckpointNote {
    std::string station;
    note::Checkpoint checkpoint;
    note::Note note;
};
/// Parse a checkpoints file strictly, checking no signature: the magic line, then
/// "note <base64 of a signed note>" lines, each a checkpoint of a station's log
/// ("dimmguard-station-<key id>", no extension lines). Errc::bad_format naming `name` and the line.
[[nodiscard]] Result<std::vector<CheckpointNote>> parse_checkpoints(std::string_view text, std::string_view name);

struct CheckpointImport {
    std::size_t notes = 0;
    std::size_t stored = 0;                ///< new signatures stored
    std::size_t ignored = 0;               ///< signatures by keys not trusted for role station
    std::vector<CheckpointSignature> cosigned;  ///< heads this station cosigned after checking them
    std::vector<std::string> conflicts;
};
/// Read a checkpoints file: every signature by this station or a key trusted for role station
/// is verified and stored (others are ignored and counted); then every log held here that the
/// file names is witnessed (witness_station), this station's own against its own log.
/// Errc::bad_format for a malformed file, Errc::signature_invalid when a signature by a trusted
/// key does not verify; nothing is stored then.
[[nodiscard]] Result<CheckpointImport> import_checkpoints(Database& database, const std::filesystem::path& path,
                                                          const std::string& now = {});
/// import_checkpoints() of text that came from elsewhere (the fleet server); `name` starts
/// every message.
[[nodiscard]] Result<CheckpointImport> import_checkpoints_text(Database& database, std::string_view text, const std::string& name,
                                                               const std::string& now = {});

}  // namespace dimmguard::db
