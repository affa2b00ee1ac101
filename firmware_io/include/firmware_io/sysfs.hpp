// SPDX-License-Identifier: GPL-3.0-or-later
// What the kernel already knows: I2C adapters, and SPD EEPROMs bound to ee1004/spd5118/at24.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dimmguard/result.hpp"
#include "firmware_io/smbus_bus.hpp"

namespace dimmguard::firmware_io {

/// One I2C adapter from <root>/sys/class/i2c-adapter/i2c-N.
struct AdapterInfo {
    int number = 0;      ///< N of /dev/i2c-N
    std::string name;    ///< "SMBus I801 adapter at efa0"
    /// Kernel driver: the basename of the device/driver link ("i801_smbus", "piix4_smbus",
    /// "cp2112") when present, else recognised from the name ("i801", "piix4", "cp2112",
    /// "mcp2221", "ch341"), else empty.
    std::string driver;
    std::string kind;    ///< "motherboard" (PC SMBus host), "usb-bridge" or "other"
};

/// Every adapter, sorted by number. Errc::not_found when <root>/sys/class/i2c-adapter does
/// not exist (no sysfs, or no I2C core); Errc::io when it cannot be listed. An adapter whose
/// `name` cannot be read (it went away during the scan) is left out.
[[nodiscard]] Result<std::vector<AdapterInfo>> list_adapters(const std::filesystem::path& root = "/");

/// An SPD EEPROM the kernel has bound a driver to, readable through its `eeprom` file.
struct SysfsSpdDevice {
    int bus = 0;
    Address address = 0;         ///< 0x50-0x57
    std::string driver;          ///< "ee1004" (DDR4), "spd5118" (DDR5) or "at24" (name "spd", DDR3)
    std::filesystem::path eeprom;
};

/// Size of the `eeprom` file each driver exposes: at24 256, ee1004 512, spd5118 1024; 0 for
/// anything else.
[[nodiscard]] std::size_t sysfs_eeprom_bytes(std::string_view driver) noexcept;

/// SPD devices from <root>/sys/bus/i2c/devices/N-00XX whose `name` is ee1004, spd5118 or spd,
/// at 0x50-0x57, with an `eeprom` file (a client without a bound driver has none; read that
/// one over the bus instead). Sorted by bus, then address. Errc::not_found when
/// <root>/sys/bus/i2c/devices does not exist.
[[nodiscard]] Result<std::vector<SysfsSpdDevice>> list_spd_devices(const std::filesystem::path& root = "/");

/// Read the whole `eeprom` file in chunks of at most 128 bytes (large reads fail on some
/// spd5118 systems), continuing after short reads and retrying a failed chunk twice.
/// Errors name the file: Errc::usage (address outside 0x50-0x57 or unknown driver),
/// Errc::not_found, Errc::permission_denied, Errc::truncated (shorter than the driver's size),
/// Errc::bad_format (longer), Errc::io.
[[nodiscard]] Result<std::vector<std::uint8_t>> read_spd_eeprom(const SysfsSpdDevice& device);

}  // namespace dimmguard::firmware_io
