// SPDX-License-Identifier: GPL-3.0-or-later
// One way to get every module's bytes from a source — an SMBus, all local buses (sysfs where a
// kernel driver owns the SPD), an emulated bench, dump files, or a recorded bus trace replayed
// as a bus — shared by scan, verify and the desk application (through engine::InspectionSession).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "firmware_io/bench_file.hpp"
#include "firmware_io/spd_reader.hpp"
#include "firmware_io/sysfs.hpp"

namespace dimmguard::firmware_io {

struct AcquireSource {
    enum class Kind { bus, all, bench, files, replay };
    Kind kind = Kind::files;
    int bus = -1;                                   ///< Kind::bus
    std::filesystem::path bench;                    ///< Kind::bench
    std::vector<std::filesystem::path> files;       ///< Kind::files
    std::filesystem::path trace;                    ///< Kind::replay: a trace written by acquire (scan --trace)
    std::filesystem::path sysfs_root = "/";
    std::filesystem::path dev_root = "/dev";
};

/// One module (or one failure) found at a source.
struct AcquiredModule {
    std::string location;                           ///< "i2c-0 0x50", or the file path
    std::string bus;                                ///< "i2c-0" ("" for files)
    Address address = 0;
    std::string via;                                ///< "bus", "sysfs (ee1004)", "file (raw)"
    std::string label;                              ///< bench slot label ("" when none)
    Result<ModuleRead> read = fail(Errc::internal, "not read");  ///< for files: image only, crc checked
};

/// Progress callback: called before each module or bus is read ("i2c-0 0x52"), with the
/// module's slot label when it has one ("A4").
using AcquireProgress = std::function<void(const std::string& what, const std::string& label)>;

/// How acquire() runs. Every member may be left empty.
struct AcquireOptions {
    /// Builds images for a bench's "synth" slots (verifier::synthesize_from_json).
    ImageFactory synth;
    /// Receives the trace: a header (trace_header_line) and one line per bus transaction
    /// (RecordingBus format) or sysfs read, replayable with AcquireSource::Kind::replay.
    std::vector<std::string>* trace = nullptr;
    AcquireProgress progress;
    /// Asked before every module is read; true stops with Errc::cancelled.
    std::function<bool()> cancelled;
    /// Which present modules to read (location, slot label, address); empty = every module.
    /// Probing still covers 0x50-0x57; modules not wanted are neither read nor listed.
    std::function<bool(const std::string& location, const std::string& label, Address address)> wanted;

    /// Options with only `synth` set.
    [[nodiscard]] static AcquireOptions with_synth(ImageFactory factory) {
        AcquireOptions o;
        o.synth = std::move(factory);
        return o;
    }
};

/// One adapter that "every local SPD" (AcquireSource::Kind::all) touches. Only SMBus hosts and
/// USB bridges are listed (never GPU DDC, DP AUX ...). Where a kernel driver owns SPDs on the
/// segment they are read through sysfs and the bus is left alone; elsewhere the bus is probed.
struct LocalSegment {
    AdapterInfo adapter;
    std::vector<SysfsSpdDevice> sysfs;   ///< driver-owned SPDs; empty = probe over the bus
};
[[nodiscard]] Result<std::vector<LocalSegment>> local_segments(const std::filesystem::path& sysfs_root);

/// Which SPD locations ("i2c-0 0x50") answer at a source right now: the same segments acquire()
/// reads, probed with reads only (SpdReader::probe); driver-owned SPDs are present by
/// definition. Sorted. Errors: the source cannot be probed at all (a bench file that does not
/// load, the one bus of Kind::bus cannot be opened or probed); Errc::usage for files and replay.
[[nodiscard]] Result<std::vector<std::string>> present_modules(const AcquireSource& source, const ImageFactory& synth);

/// First line of every trace acquire() writes.
inline constexpr std::string_view trace_header_line = "# dimmguard bus trace v1";

/// Read everything at a source. Errors of the whole source (no such bench file, no /dev/i2c-N,
/// a trace that does not replay, Errc::cancelled) come back as Error; errors of single modules
/// are inside the list.
[[nodiscard]] Result<std::vector<AcquiredModule>> acquire(const AcquireSource& source, const AcquireOptions& options = {});

}  // namespace dimmguard::firmware_io
