// SPDX-License-Identifier: GPL-3.0-or-later
// Every rendering of an inspection report in one place: text (the `verify` table and findings),
// JSON (schema version 1, docs/json-output.md), JUnit XML (burn-in pipelines) and CSV (the desk
// application's lot and inspection reports).
#pragma once

#include <memory>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/report.hpp"
#include "verifier/custody.hpp"

namespace dimmguard::engine {

struct TextStyle {
    bool colour = false;   ///< ANSI colours for the verdict column (a terminal, NO_COLOR unset)
};

/// One line per module (location, verdict, part, serial, top reason), then the warn/fail
/// findings with their evidence, then the tally.
[[nodiscard]] std::string render_text(const InspectionReport& report, TextStyle style = {});

/// Custody as JSON (verify --json, log show --json): state, station, site, lot, server,
/// customer, since, returned, released, description, unresolved verdict and conflicts.
[[nodiscard]] nlohmann::ordered_json custody_json(const verifier::Custody& custody);

/// The `verify --json` document (verifier::json_schema_version), ending in a newline.
[[nodiscard]] std::string render_json(const InspectionReport& report);

/// JUnit XML: one test case per module; unreadable modules are errors, suspect and
/// counterfeit (and unknown with strict) are failures.
[[nodiscard]] std::string render_junit(const InspectionReport& report);

/// CSV with a header and one row per module of every report, in order: time, lot, label,
/// station, slot, location, verdict, maker, part, capacity, speed, serial, date, reason,
/// findings, sighting, fraud_kind. RFC 4180 with the formula guard (engine/csv.hpp).
[[nodiscard]] std::string render_csv(std::span<const std::shared_ptr<const InspectionReport>> reports);

}  // namespace dimmguard::engine
