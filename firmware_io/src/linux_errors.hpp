// SPDX-License-Identifier: GPL-3.0-or-later
// Private: turns the errno of a failed /dev/i2c-N call into a one-line dimmguard Error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dimmguard/error.hpp"

namespace dimmguard::firmware_io::detail {

/// The Linux call that failed; the same errno means different things on different calls
/// (EBUSY from I2C_SLAVE is a bound kernel driver, ENXIO from a transfer is a NACK).
enum class LinuxCall {
    open,              ///< open("/dev/i2c-N")
    functionality,     ///< ioctl(I2C_FUNCS)
    select_address,    ///< ioctl(I2C_SLAVE)
    read_byte_data,
    read_word_data,
    read_i2c_block,
    receive_byte,
    send_byte,
    write_byte_data,
};

/// The system's description of an errno, lower-cased to match dimmguard messages
/// ("input/output error"). Thread-safe (strerror_r).
[[nodiscard]] std::string errno_text(int error_number);

/// Map `error_number` (positive errno) to an Error.
///  `object`  names what failed: the device path for open/functionality ("/dev/i2c-1"), the
///            bus for select_address ("i2c-1"), bus and address for transfers ("i2c-1 0x52").
///  `offset`  the byte / register of a transfer (the target address for select_address).
/// ENXIO -> nack, ETIMEDOUT -> timeout, EAGAIN -> busy (arbitration), EBUSY on select_address
/// -> busy (kernel driver), EACCES/EPERM on open -> permission_denied, ENOENT/ENODEV on open
/// -> not_found, EOPNOTSUPP -> unsupported, ENOTTY on I2C_FUNCS -> unsupported (not an
/// i2c-dev node), EIO and anything else -> io with the system's description.
[[nodiscard]] Error linux_error(int error_number, LinuxCall call, std::string_view object,
                                std::optional<std::uint8_t> offset = std::nullopt);

}  // namespace dimmguard::firmware_io::detail
