// SPDX-License-Identifier: GPL-3.0-or-later
// The one inspection flow under the CLI and the GUI: acquired modules -> decode -> rules ->
// verdict -> sighting -> report.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firmware_io/acquire.hpp"
#include "verifier/findings.hpp"
#include "verifier/policy.hpp"
#include "verifier/registry_interface.hpp"
#include "verifier/rules.hpp"
#include "verifier/spd.hpp"

namespace dimmguard::verifier {

struct InspectOptions {
    EventKind event = EventKind::intake;
    std::map<std::string, std::string> context;   ///< lot, bench, server, slot, customer ...
    /// Label text per module: key = location ("i2c-0 0x50", a file path) or bench slot label;
    /// key "*" applies to every module (a single scanned label).
    std::map<std::string, std::string> labels;
    std::vector<SmbiosDevice> smbios;             ///< burn-in: matched by slot label == locator
    bool record = true;                           ///< write a signed sighting per module
    bool strict = false;                          ///< count `unknown` as suspect in the exit status
    std::string today_week;                       ///< "2026-W48"; empty = the clock
    std::string site;                             ///< this station's site (custody: moves inside a site)
    /// Reads the module at another location of the same source now and returns its identity
    /// key ("" when the slot is empty, unreadable or did not read the same twice: never
    /// evidence). Set when only some slots of a multi-slot source are read (`--slot`): a module
    /// this station holds, last seen here at another location, is checked against what sits
    /// there now; the same identity in both slots is DUP_IN_SCAN (docs/custody.md, "Clones
    /// scanned one slot at a time").
    std::function<std::string(const std::string& location)> identity_at;
};

/// Progress reporting (stderr lines in the CLI, a queued signal in the GUI).
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    virtual void step(std::string_view what) = 0;
};

struct ModuleReport {
    std::string location;                         ///< "i2c-0 0x50" or the file path
    std::string via;                              ///< "bus", "sysfs (ee1004)", "file (raw)"
    std::string slot;                             ///< bench slot label / DIMM locator
    std::optional<Error> error;                   ///< could not be read or decoded
    std::optional<firmware_io::ModuleRead> read;
    std::optional<DecodedSpd> spd;
    std::optional<std::string> label;             ///< the label text compared with this module
    ModuleCheck check;
    Verdict verdict = Verdict::unknown;
    FraudKind fraud_kind = FraudKind::none;       ///< what kind of fraud the verdict stands for
    std::string reason;                           ///< the top reason in plain words
    std::optional<std::string> sighting;          ///< id of the recorded sighting
};

/// What the Inspector decided; engine::InspectionReport adds the session around it.
struct InspectionResult {
    std::vector<ModuleReport> modules;
    std::vector<std::string> registry_problems;   ///< the registry could not answer or record
};

class Inspector {
public:
    /// `registry` may be null (no database: every verdict is at best unknown; the caller reports
    /// why the registry is missing).
    Inspector(const Policy& policy, RegistryInterface* registry, std::string station, InspectOptions options,
              ProgressSink* progress = nullptr);

    /// Decode, check, judge and (optionally) record every acquired module, then the scan-level rules.
    [[nodiscard]] InspectionResult inspect(std::vector<firmware_io::AcquiredModule> modules);

private:
    void check_other_slots(InspectionResult& report);
    const Policy& policy_;
    RegistryInterface* registry_;
    std::string station_;
    InspectOptions options_;
    ProgressSink* progress_;
};

}  // namespace dimmguard::verifier
