// SPDX-License-Identifier: GPL-3.0-or-later
// The report of one inspection session: the Inspector's verdicts plus where, when and how the
// session ran. Every front end renders from it (engine/render.hpp); the exit status is computed
// once, by the session.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "verifier/inspection.hpp"

namespace dimmguard::engine {

struct InspectionReport {
    std::vector<verifier::ModuleReport> modules;
    /// Registry problems, one line each, saying what to do: the registry is missing, unusable,
    /// or could not answer or record during the run.
    std::vector<std::string> registry_problems;
    verifier::EventKind event = verifier::EventKind::intake;
    std::map<std::string, std::string> context;   ///< lot, server, customer ... as recorded
    std::string station;                          ///< this station's key id ("" without a registry)
    std::string site;                             ///< this station's site name ("" without a registry)
    std::string data_dir;                         ///< where the registry was looked for
    std::string source;                           ///< "bench examples/demo/bench.json", "i2c-0", "3 files" ...
    bool recorded = false;                        ///< sightings were recorded (registry usable, no --no-record)
    bool strict = false;                          ///< `unknown` counts as suspect in the exit status
    std::string started;                          ///< RFC 3339 UTC
    std::string finished;                         ///< RFC 3339 UTC
    int exit_status = 0;                          ///< engine/exit_status.hpp bits

    /// The context value `lot` ("" when none).
    [[nodiscard]] std::string lot() const;
};

/// Exit status bits of a set of verdicts: unreadable 2, suspect 4 (and unknown with `strict`),
/// counterfeit 8, registry problems or registry findings 16.
[[nodiscard]] int exit_status_of(const std::vector<verifier::ModuleReport>& modules,
                                 const std::vector<std::string>& registry_problems, bool strict);

/// Plain facts about one module for tables and reports, without any toolkit: empty strings when
/// the SPD could not be decoded.
struct ModuleFacts {
    std::string where;      ///< slot label, else the location ("i2c-0 0x50")
    std::string maker;      ///< module maker name (JEP106), or its code
    std::string part;
    std::string capacity;   ///< "64 GB"
    std::string speed;      ///< "DDR5-4800"
    std::string type;       ///< "DDR5 RDIMM"
    std::string serial;     ///< as stored, hex
    std::string date;       ///< "2024-W18", "not programmed", "invalid (...)"
};
[[nodiscard]] ModuleFacts module_facts(const verifier::ModuleReport& module);

/// Codes of the warn and fail findings, space-separated ("CRC_BAD FINGERPRINT_MISMATCH").
[[nodiscard]] std::string finding_codes(const verifier::ModuleReport& module);

/// The verdict as shown: "suspect" for an integrity-only suspect is still "suspect"; upper-case
/// for tables ("GENUINE").
[[nodiscard]] std::string verdict_upper(verifier::Verdict verdict);

}  // namespace dimmguard::engine
