// SPDX-License-Identifier: GPL-3.0-or-later
// What this machine offers for reading SPDs: every I2C adapter with its driver, its
// /dev/i2c-N node (present? can this user open it?), the reads it supports, and which SPD
// addresses are there (owned by a kernel driver, or answering dimmguard's read-only probe).
// Shared by `dimmguard adapters` and `dimmguard doctor`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "firmware_io/sysfs.hpp"

namespace dimmguard::cli {

/// One address 0x50-0x57 that holds (or names) an SPD.
struct SpdAddress {
    unsigned address = 0;
    /// "ee1004", "spd5118" or "at24" when a kernel driver owns it (read its `eeprom` file);
    /// "" when it answered the probe over the bus.
    std::string owner;
    std::string eeprom;          ///< the owner's sysfs eeprom file
    /// A kernel client declared here without a bound driver ("spd5118" with the module not
    /// loaded): the bus refuses nothing, but the sysfs file is missing.
    std::string unbound_client;
    std::string generation;      ///< "DDR4", "DDR5" ... when the probe identified it
    std::string detail;          ///< why a present address is not an SPD dimmguard reads
};

struct AdapterReport {
    firmware_io::AdapterInfo info;
    std::filesystem::path node;  ///< dev_root / "i2c-N"
    bool node_present = false;
    std::string node_owner;      ///< "root:dimmguard"
    std::string node_mode;       ///< "0660"
    /// "read-write" (this user can open it), "permission-denied", "missing" or "not-i2c-dev".
    std::string access;
    std::string access_error;    ///< the open error, one line
    std::optional<unsigned long> functionality;  ///< I2C_FUNCS when the node could be opened
    bool probed = false;
    std::string not_probed;      ///< why the SPD addresses were not probed
    std::vector<SpdAddress> spd;
};

struct AdapterSurvey {
    std::vector<AdapterReport> adapters;
    std::string error;           ///< non-empty when the adapters could not be listed at all
};

/// Survey every adapter under `sysfs_root`. Adapters of kind "other" (graphics DDC, DP AUX)
/// and segments where a kernel driver owns an SPD are never probed; probing reads MR0/MR1 and
/// byte 2 at 0x50-0x57 through the guarded bus, only when `probe` is set.
[[nodiscard]] AdapterSurvey survey_adapters(const std::filesystem::path& sysfs_root, const std::filesystem::path& dev_root,
                                            bool probe);

/// "I2C block, word, byte" from an I2C_FUNCS mask (the SMBus reads dimmguard can use).
[[nodiscard]] std::string read_functions(unsigned long functionality);

}  // namespace dimmguard::cli
