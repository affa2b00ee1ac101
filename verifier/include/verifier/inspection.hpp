// SPDX-License-Identifier: GPL-3.0-or-later
// The one inspection flow under the CLI and the GUI: acquired modules -> decode -> rules ->
// verdict -> sighting -> report.
#pragma once

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

/// Exit status bits of `verify` (design.md): combined with OR.
inline constexpr int exit_all_genuine = 0;
inline constexpr int exit_usage_error = 1;
inline constexpr int exit_unreadable_bit = 2;
inline constexpr int exit_suspect_bit = 4;
inline constexpr int exit_counterfeit_bit = 8;
inline constexpr int exit_registry_bit = 16;

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
    ModuleCheck check;
    Verdict verdict = Verdict::unknown;
    std::string reason;                           ///< the top reason in plain words
    std::optional<std::string> sighting;          ///< id of the recorded sighting
};

struct InspectionReport {
    std::vector<ModuleReport> modules;
    std::vector<std::string> registry_problems;   ///< registry missing / unusable
    int exit_status = 0;
};

class Inspector {
public:
    /// `registry` may be null (no database: every verdict is at best unknown, exit bit 16).
    Inspector(const Policy& policy, RegistryInterface* registry, std::string station, InspectOptions options,
              ProgressSink* progress = nullptr);

    /// Decode, check, judge and (optionally) record every acquired module, then the scan-level rules.
    [[nodiscard]] InspectionReport inspect(std::vector<firmware_io::AcquiredModule> modules);

private:
    const Policy& policy_;
    RegistryInterface* registry_;
    std::string station_;
    InspectOptions options_;
    ProgressSink* progress_;
};

/// The exit status of a report (bit mask above).
[[nodiscard]] int exit_status_of(const InspectionReport& report, bool strict);

}  // namespace dimmguard::verifier
