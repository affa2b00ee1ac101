// SPDX-License-Identifier: GPL-3.0-or-later
// The real bus: /dev/i2c-N through the kernel's i2c-dev interface and libi2c.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "dimmguard/result.hpp"
#include "firmware_io/smbus_bus.hpp"

namespace dimmguard::firmware_io {

/// One Linux I2C adapter opened through /dev/i2c-N. It issues exactly the transactions
/// SmbusBus hands to it (reads, and the page selects the guard allowed) and selects targets
/// with ioctl(I2C_SLAVE) only, so an address owned by a kernel driver (ee1004, spd5118) is
/// refused with Errc::busy instead of being forced. Owns the file descriptor (closed in the
/// destructor). Not thread-safe: one bus object per thread.
class LinuxSmbusBus final : public SmbusBus {
public:
    /// Open `dev_root`/i2c-`bus_number` read-write and read its I2C_FUNCS. The adapter's name is
    /// taken from `sysfs_root`/sys/class/i2c-adapter/i2c-N/name when present.
    /// Errors: Errc::not_found (no such node: i2c-dev not loaded or wrong number),
    /// Errc::permission_denied (not in the dimmguard group), Errc::unsupported (not an i2c-dev
    /// node: I2C_FUNCS failed), Errc::usage (negative bus number), Errc::io otherwise.
    [[nodiscard]] static Result<std::unique_ptr<LinuxSmbusBus>> open(
        int bus_number, const std::filesystem::path& dev_root = "/dev",
        const std::filesystem::path& sysfs_root = "/");

    ~LinuxSmbusBus() override;

    [[nodiscard]] std::string name() const override;  ///< "i2c-1 (SMBus I801 adapter at efa0)"
    [[nodiscard]] BusCapabilities capabilities() const override { return capabilities_; }
    /// The kernel does not report the SMBus clock; 100 kHz is what PC hosts run (spd-reference 1.3).
    [[nodiscard]] std::uint32_t clock_hz() const override { return clock_hz_; }
    [[nodiscard]] int bus_number() const noexcept { return bus_number_; }
    /// The raw I2C_FUNCS mask, for diagnostics.
    [[nodiscard]] unsigned long functionality() const noexcept { return functionality_; }

private:
    LinuxSmbusBus(int fd, int bus_number, std::string adapter_name, unsigned long functionality);

    Result<std::uint8_t> do_read_byte_data(Address device, std::uint8_t offset) override;
    Result<std::array<std::uint8_t, 2>> do_read_word_data(Address device, std::uint8_t offset) override;
    Result<void> do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) override;
    Result<std::uint8_t> do_receive_byte(Address device) override;
    Result<void> do_send_byte(Address device, std::uint8_t value) override;
    Result<void> do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) override;

    /// ioctl(I2C_SLAVE) unless `device` is already the selected target.
    Result<void> select(Address device);
    [[nodiscard]] std::string where(Address device) const;  ///< "i2c-1 0x52"

    int fd_ = -1;
    int bus_number_ = 0;
    std::string short_name_;    ///< "i2c-1"
    std::string adapter_name_;  ///< from sysfs, may be empty
    unsigned long functionality_ = 0;
    BusCapabilities capabilities_;
    std::uint32_t clock_hz_ = 100'000;
    std::optional<Address> selected_;
};

}  // namespace dimmguard::firmware_io
