// SPDX-License-Identifier: GPL-3.0-or-later
// One way to get every module's bytes from a source — an SMBus, all local buses (sysfs where a
// kernel driver owns the SPD), an emulated bench, or dump files — shared by scan, verify and the GUI.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "firmware_io/bench_file.hpp"
#include "firmware_io/spd_reader.hpp"
#include "firmware_io/sysfs.hpp"

namespace dimmguard::firmware_io {

struct AcquireSource {
    enum class Kind { bus, all, bench, files };
    Kind kind = Kind::files;
    int bus = -1;                                   ///< Kind::bus
    std::filesystem::path bench;                    ///< Kind::bench
    std::vector<std::filesystem::path> files;       ///< Kind::files
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

/// Progress callback: called before each module or bus is read ("i2c-0 0x52").
using AcquireProgress = std::function<void(const std::string&)>;

/// One adapter that "every local SPD" (AcquireSource::Kind::all) touches. Only SMBus hosts and
/// USB bridges are listed (never GPU DDC, DP AUX ...). Where a kernel driver owns SPDs on the
/// segment they are read through sysfs and the bus is left alone; elsewhere the bus is probed.
struct LocalSegment {
    AdapterInfo adapter;
    std::vector<SysfsSpdDevice> sysfs;   ///< driver-owned SPDs; empty = probe over the bus
};
[[nodiscard]] Result<std::vector<LocalSegment>> local_segments(const std::filesystem::path& sysfs_root);

/// Read everything at a source. Errors of the whole source (no such bench file, no /dev/i2c-N)
/// come back as Error; errors of single modules are inside the list. With `trace`, every bus
/// transaction is appended as a RecordingBus line.
[[nodiscard]] Result<std::vector<AcquiredModule>> acquire(const AcquireSource& source, const ImageFactory& synth,
                                                          std::vector<std::string>* trace = nullptr,
                                                          const AcquireProgress& progress = {});

}  // namespace dimmguard::firmware_io
