// SPDX-License-Identifier: GPL-3.0-or-later
// The inspection session: the one way the CLI (`verify`, `scan`) and the desk application
// inspect modules. It opens the registry, owns the source (bench, bus, all local adapters,
// dump files or a recorded trace), the slot filter, the labels, event, context and policy,
// honours a cancel token, reports progress, and computes the exit status exactly once.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dimmguard/result.hpp"
#include "engine/report.hpp"
#include "firmware_io/acquire.hpp"
#include "verifier/policy.hpp"
#include "verifier/rules.hpp"

namespace dimmguard::engine {

/// Shared between the thread that runs a session and the one that may stop it. Copies share
/// one flag.
class CancelToken {
public:
    CancelToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const noexcept { flag_->store(true); }
    [[nodiscard]] bool cancelled() const noexcept { return flag_->load(); }

private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

/// What the session is doing, for a progress line or bar.
struct ProgressEvent {
    enum class Phase { opening_registry, reading, checking };
    Phase phase = Phase::reading;
    std::string what;      ///< "i2c-0 0x52", a file path, or "" while opening the registry
    std::string slot;      ///< bench slot label of `what` when known ("A4")
    int done = 0;          ///< modules finished in this phase
    int total = 0;         ///< modules in this phase (0 while reading: not known yet)
};
using ProgressCallback = std::function<void(const ProgressEvent&)>;

/// Everything a session needs; front ends fill it from flags or widgets.
struct SessionOptions {
    std::filesystem::path data_dir;               ///< registry directory; empty = db::default_data_dir()
    firmware_io::AcquireSource source;
    /// Only this module: a slot label ("A4"), an address ("0x52") or a location
    /// ("i2c-0 0x52"), case-insensitive; empty = every module of the source.
    std::string slot;
    /// One scanned label for the one module inspected ("" = none); with more than one module
    /// run() fails with Errc::usage naming --slot and --labels.
    std::string label;
    /// Labels per module: key = location, slot label or file path.
    std::map<std::string, std::string> labels;
    /// A CSV of LOCATION,LABEL rows (header "slot,label" or "location,label" optional), merged
    /// over `labels`.
    std::filesystem::path labels_file;
    verifier::EventKind event = verifier::EventKind::intake;
    std::map<std::string, std::string> context;   ///< lot, server, customer ...
    std::filesystem::path policy_file;            ///< empty = the built-in policy
    std::filesystem::path smbios_file;            ///< `dmidecode -t 17` output (burn-in)
    bool record = true;                           ///< record signed sightings
    bool strict = false;                          ///< count `unknown` as suspect in the exit status
    std::string today_week;                       ///< "2026-W48"; empty = the clock
    std::string now;                              ///< RFC 3339 for registry expiry; empty = the clock
    /// Online lookups (docs/fleet.md): the fleet server to ask for other stations' sightings of
    /// each module while it is judged; "" = the one `dimmguard sync` last reached, if any.
    std::string fleet_server;
    bool offline = false;                         ///< never ask a fleet server (judge on the local registry)
    std::chrono::milliseconds fleet_timeout{200}; ///< deadline for connecting and for each lookup
};

/// "KEY=VALUE" -> (key, value); Errc::usage naming the text otherwise.
[[nodiscard]] Result<std::pair<std::string, std::string>> parse_context_pair(const std::string& text);

/// The modules of a source as read, before any judgement (`scan`): what acquire() returned,
/// plus the trace when asked for.
struct Acquisition {
    std::vector<firmware_io::AcquiredModule> modules;
    std::vector<std::string> trace;
};

class InspectionSession {
public:
    /// Check and load everything the options name (labels file, policy, SMBIOS file, context)
    /// before anything touches a bus or the registry. Errc::usage (or the file's error) with a
    /// message naming the option.
    [[nodiscard]] static Result<InspectionSession> prepare(SessionOptions options);

    /// Read the source without judging (`scan`), with the bus trace when `keep_trace`. Errors of
    /// the whole source come back as Error (Errc::cancelled when cancelled); errors of single
    /// modules are in the list.
    [[nodiscard]] Result<Acquisition> acquire(const CancelToken& cancel = {}, const ProgressCallback& progress = {},
                                              bool keep_trace = false) const;

    /// Open the registry, read the source, judge every module and record the sightings.
    /// Errors: the source could not be read at all, no module matched the slot filter
    /// (Errc::not_found), or Errc::cancelled (nothing was judged or recorded). A registry that
    /// is missing or unusable is not an error: it is in the report (exit bit 16).
    [[nodiscard]] Result<InspectionReport> run(const CancelToken& cancel = {}, const ProgressCallback& progress = {}) const;

    [[nodiscard]] const SessionOptions& options() const noexcept { return options_; }

private:
    InspectionSession() = default;
    [[nodiscard]] firmware_io::AcquireOptions acquire_options(const CancelToken& cancel, const ProgressCallback& progress,
                                                              std::vector<std::string>* trace) const;
    SessionOptions options_;
    verifier::Policy policy_;
    std::vector<verifier::SmbiosDevice> smbios_;
};

/// Text naming a source for reports and messages ("bench examples/demo/bench.json", "i2c-0").
[[nodiscard]] std::string describe_source(const firmware_io::AcquireSource& source);

}  // namespace dimmguard::engine
