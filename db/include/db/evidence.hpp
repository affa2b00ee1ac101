// SPDX-License-Identifier: GPL-3.0-or-later
// Evidence bundles: one self-contained text file that lets anyone holding only the root key
// check, offline, what an inspection recorded and what it relied on (docs/registry-format.md,
// "Evidence bundles"): the inspection's sighting with its inclusion proof in the station's log,
// a checkpoint of that log signed by the station, every other sighting of the module, the
// publisher records the verdict used (revocations, the issued serial, the part record) with
// their signed bundle headers, the root-signed trust chain, and optionally the SPD image.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "dimmguard/result.hpp"
#include "verifier/findings.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

inline constexpr std::string_view evidence_magic = "dimmguard-evidence 1";

/// One finding of the inspection as the exporter explains it. Not signed: evidence verify checks
/// the warn / fail codes against the ones the signed sighting recorded (its context
/// `findings`); the severity and message are the exporter's explanation.
struct EvidenceFinding {
    std::string code;       ///< FindingCode name, "DUP_SERIAL"
    std::string severity;   ///< "info", "warn", "fail", or "-" when unknown
    std::string message;    ///< plain words; empty when unknown
};

/// The findings of an inspection as evidence lines: code, severity and the verifier's message.
[[nodiscard]] std::vector<EvidenceFinding> evidence_findings(const std::vector<verifier::Finding>& findings);

/// Build the evidence of the sighting `sighting_id` ("<station>:<n>") recorded by this station.
/// `findings` are the inspection's findings as its caller holds them (the desk app), or
/// explain_signed_findings() of findings computed again; their warn / fail codes (every
/// severity but info) must be the codes the sighting signed. When empty, the signed codes are
/// written without messages. `spd_image`, when given, must be the image the sighting's
/// fingerprint was taken of.
/// Errc::not_found for an unknown id, Errc::usage for another station's sighting, an image
/// that does not match or findings that are not the signed ones, Errc::signature_invalid when
/// the registry does not answer cleanly for the module (tampered or rolled back: evidence is
/// never built from what cannot be proven).
[[nodiscard]] Result<std::string> export_evidence(Database& database, const std::string& sighting_id,
                                                  const std::optional<std::vector<std::uint8_t>>& spd_image, const std::string& now = {},
                                                  const std::vector<EvidenceFinding>& findings = {});

/// This station's sighting `sighting_id` as its signed line reads, for a caller that computes
/// the inspection's findings again (its event and context). Errc::not_found for an unknown id,
/// Errc::usage for another station's sighting, Errc::signature_invalid for a line that does not
/// parse.
[[nodiscard]] Result<verifier::Sighting> evidence_subject(Database& database, const std::string& sighting_id);

/// Finding lines for `subject` from findings computed again later from its SPD image
/// (`evidence export --spd`; the registry, the clock and the label may differ from the
/// inspection's): one per warn / fail code the sighting signed, with the severity and message
/// of a recomputed warn / fail finding of that code, or "-" and no message when none was
/// found again. Recomputed findings of other codes are left out: they were not the
/// inspection's.
[[nodiscard]] std::vector<EvidenceFinding> explain_signed_findings(const verifier::Sighting& subject,
                                                                   const std::vector<EvidenceFinding>& recomputed);

struct EvidenceReport {
    verifier::Sighting subject;                       ///< the inspection's sighting (when it parsed)
    std::string station_site;
    std::uint64_t checkpoint_size = 0;
    std::vector<verifier::Sighting> sightings;         ///< every sighting of the module that verified
    std::vector<std::string> records;                  ///< "role publisher/vN: key" for each verified record
    bool spd_included = false;
    std::vector<EvidenceFinding> findings;             ///< as listed in the file (the exporter's words)
    std::vector<std::string> signed_codes;             ///< warn / fail codes the subject sighting signed
    std::vector<std::string> problems;                 ///< empty: everything verified
    [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// Check an evidence file against root keys only (no registry, no network): the trust chain
/// from `roots` (`threshold` of them sign the first document), the station key vouched for
/// role station by the newest document, the signed checkpoint, the inclusion proof of the
/// subject and of every sighting of this station, the signatures of every other sighting and
/// record, the SPD image's fingerprint, and that the listed warn / fail findings are the codes
/// the subject sighting signed. Errc::bad_format only when the file is not
/// evidence at all; every failed check is a problem in the report.
[[nodiscard]] Result<EvidenceReport> verify_evidence(std::string_view text, const std::vector<PublicKey>& roots, int threshold = 1);

}  // namespace dimmguard::db
