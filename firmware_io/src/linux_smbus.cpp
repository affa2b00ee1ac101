// SPDX-License-Identifier: GPL-3.0-or-later
// LinuxSmbusBus: /dev/i2c-N with libi2c, I2C_FUNCS checked first, I2C_SLAVE only, and every
// errno turned into a one-line message that says what to do about it.
#include "firmware_io/linux_smbus.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/i2c-dev.h>
#include <linux/i2c.h>
extern "C" {
#include <i2c/smbus.h>  // Debian's libi2c header has no extern "C" guard of its own
}

#include "dimmguard/bytes.hpp"
#include "linux_errors.hpp"

namespace dimmguard::firmware_io {

namespace detail {

// strerror() is not thread-safe and the GUI reads buses from worker threads; glibc's GNU
// strerror_r returns a pointer to either its static text or our buffer.
std::string errno_text(int error_number) {
    char buffer[128] = {};
    std::string text = strerror_r(error_number, buffer, sizeof buffer);
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

namespace {

std::string_view transaction_name(LinuxCall call) {
    switch (call) {
    case LinuxCall::read_byte_data: return "read byte data";
    case LinuxCall::read_word_data: return "read word data";
    case LinuxCall::read_i2c_block: return "i2c block read";
    case LinuxCall::receive_byte: return "receive byte";
    case LinuxCall::send_byte: return "send byte";
    case LinuxCall::write_byte_data: return "write byte data";
    case LinuxCall::open: return "open";
    case LinuxCall::functionality: return "I2C_FUNCS";
    case LinuxCall::select_address: return "I2C_SLAVE";
    }
    return "transaction";
}

// " at byte 0x7e" / " writing register 0x0b" / " on receive byte": where in the device it failed.
std::string position(LinuxCall call, std::optional<std::uint8_t> offset) {
    switch (call) {
    case LinuxCall::read_byte_data:
    case LinuxCall::read_word_data:
    case LinuxCall::read_i2c_block:
        return offset ? " at byte " + hex_byte(*offset) : std::string{};
    case LinuxCall::write_byte_data:
        return offset ? " writing register " + hex_byte(*offset) : std::string{" on write byte data"};
    case LinuxCall::receive_byte: return " on receive byte";
    case LinuxCall::send_byte: return " on send byte";
    case LinuxCall::open:
    case LinuxCall::functionality:
    case LinuxCall::select_address: break;
    }
    return {};
}

Error open_error(int error_number, std::string_view path) {
    const std::string object(path);
    switch (error_number) {
    case ENOENT:
    case ENODEV:
        return {Errc::not_found, object + ": no such adapter (is i2c-dev loaded? modprobe i2c-dev)"};
    case EACCES:
    case EPERM:
        return {Errc::permission_denied,
                object + ": permission denied; add the user to the dimmguard group (dimmguard doctor shows how)"};
    case EBUSY: return {Errc::busy, object + ": device busy"};
    default: return {Errc::io, object + ": cannot open: " + errno_text(error_number)};
    }
}

Error select_error(int error_number, std::string_view bus, std::optional<std::uint8_t> address) {
    const std::string object(bus);
    const std::string target = address ? hex_byte(*address) : std::string{"the address"};
    switch (error_number) {
    case EBUSY:
        return {Errc::busy, object + ": " + target +
                                " is owned by a kernel driver (ee1004/spd5118); read it through sysfs "
                                "(dimmguard scan --all) or unbind the driver"};
    case EINVAL: return {Errc::usage, object + ": " + target + " is not a valid 7-bit address"};
    default: return {Errc::io, object + ": cannot select " + target + ": " + errno_text(error_number)};
    }
}

}  // namespace

Error linux_error(int error_number, LinuxCall call, std::string_view object, std::optional<std::uint8_t> offset) {
    if (call == LinuxCall::open) return open_error(error_number, object);
    if (call == LinuxCall::select_address) return select_error(error_number, object, offset);
    const std::string prefix = std::string(object) + ": ";
    if (call == LinuxCall::functionality) {
        if (error_number == ENOTTY || error_number == EINVAL) {
            return {Errc::unsupported, prefix + "not an i2c-dev adapter (I2C_FUNCS: " + errno_text(error_number) + ")"};
        }
        return {Errc::io, prefix + "I2C_FUNCS failed: " + errno_text(error_number)};
    }
    const std::string at = position(call, offset);
    switch (error_number) {
    case ENXIO: return {Errc::nack, prefix + "nack" + at};
    case ETIMEDOUT: return {Errc::timeout, prefix + "timeout" + at};
    case EAGAIN: return {Errc::busy, prefix + "bus arbitration lost (another master, e.g. the BMC)" + at};
    case EOPNOTSUPP:
        return {Errc::unsupported, prefix + "adapter does not support " + std::string(transaction_name(call))};
    case EBADMSG: return {Errc::io, prefix + "pec error" + at};
    default:
        return {Errc::io, prefix + std::string(transaction_name(call)) + " failed" + at + ": " +
                              errno_text(error_number)};
    }
}

}  // namespace detail

namespace {

using detail::LinuxCall;
using detail::linux_error;

std::string read_adapter_name(const std::filesystem::path& sysfs_root, int bus_number) {
    // sys/class/i2c-adapter is gone on kernels without CONFIG_I2C_COMPAT; sys/bus/i2c/devices has it all.
    const std::string adapter = "i2c-" + std::to_string(bus_number);
    std::ifstream in(sysfs_root / "sys/class/i2c-adapter" / adapter / "name");
    if (!in) in.open(sysfs_root / "sys/bus/i2c/devices" / adapter / "name");
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
}

BusCapabilities to_capabilities(unsigned long functionality) {
    BusCapabilities c;
    c.read_byte_data = (functionality & I2C_FUNC_SMBUS_READ_BYTE_DATA) != 0;
    c.read_i2c_block = (functionality & I2C_FUNC_SMBUS_READ_I2C_BLOCK) != 0;
    c.read_word_data = (functionality & I2C_FUNC_SMBUS_READ_WORD_DATA) != 0;
    c.receive_byte = (functionality & I2C_FUNC_SMBUS_READ_BYTE) != 0;
    c.send_byte = (functionality & I2C_FUNC_SMBUS_WRITE_BYTE) != 0;
    c.write_byte_data = (functionality & I2C_FUNC_SMBUS_WRITE_BYTE_DATA) != 0;
    return c;
}

// libi2c returns the value (>= 0) or -errno.
int negative_errno(int result) { return result < 0 ? -result : EIO; }

}  // namespace

Result<std::unique_ptr<LinuxSmbusBus>> LinuxSmbusBus::open(int bus_number, const std::filesystem::path& dev_root,
                                                           const std::filesystem::path& sysfs_root) {
    if (bus_number < 0) return fail(Errc::usage, "i2c bus number " + std::to_string(bus_number) + " is not valid");
    const std::filesystem::path node = dev_root / ("i2c-" + std::to_string(bus_number));
    const int fd = ::open(node.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) return tl::unexpected(linux_error(errno, LinuxCall::open, node.string()));

    // I2C_FUNCS first: it is harmless on any node (no bus traffic) and tells us both that this
    // really is an i2c-dev adapter and which transactions it can carry.
    unsigned long functionality = 0;
    if (::ioctl(fd, I2C_FUNCS, &functionality) < 0) {
        const int error_number = errno;
        ::close(fd);
        return tl::unexpected(linux_error(error_number, LinuxCall::functionality, node.string()));
    }
    return std::unique_ptr<LinuxSmbusBus>(
        new LinuxSmbusBus(fd, bus_number, read_adapter_name(sysfs_root, bus_number), functionality));
}

LinuxSmbusBus::LinuxSmbusBus(int fd, int bus_number, std::string adapter_name, unsigned long functionality)
    : fd_(fd),
      bus_number_(bus_number),
      short_name_("i2c-" + std::to_string(bus_number)),
      adapter_name_(std::move(adapter_name)),
      functionality_(functionality),
      capabilities_(to_capabilities(functionality)) {}

LinuxSmbusBus::~LinuxSmbusBus() {
    if (fd_ >= 0) ::close(fd_);
}

std::string LinuxSmbusBus::name() const {
    return adapter_name_.empty() ? short_name_ : short_name_ + " (" + adapter_name_ + ")";
}

std::string LinuxSmbusBus::where(Address device) const { return short_name_ + " " + hex_byte(device); }

Result<void> LinuxSmbusBus::select(Address device) {
    if (selected_ == device) return {};
    // I2C_SLAVE, never I2C_SLAVE_FORCE: a bound ee1004/spd5118 caches the page state, and moving
    // it underneath the driver makes the kernel's next read silently wrong (spd-reference 8.1).
    if (::ioctl(fd_, I2C_SLAVE, static_cast<unsigned long>(device)) < 0) {
        selected_.reset();
        return tl::unexpected(linux_error(errno, LinuxCall::select_address, short_name_, device));
    }
    selected_ = device;
    return {};
}

Result<std::uint8_t> LinuxSmbusBus::do_read_byte_data(Address device, std::uint8_t offset) {
    if (auto s = select(device); !s) return tl::unexpected(s.error());
    const int r = i2c_smbus_read_byte_data(fd_, offset);
    if (r < 0) return tl::unexpected(linux_error(negative_errno(r), LinuxCall::read_byte_data, where(device), offset));
    return static_cast<std::uint8_t>(r & 0xff);
}

Result<std::array<std::uint8_t, 2>> LinuxSmbusBus::do_read_word_data(Address device, std::uint8_t offset) {
    if (auto s = select(device); !s) return tl::unexpected(s.error());
    const int r = i2c_smbus_read_word_data(fd_, offset);
    if (r < 0) return tl::unexpected(linux_error(negative_errno(r), LinuxCall::read_word_data, where(device), offset));
    // SMBus sends the low byte first: it is the byte at `offset`.
    return std::array<std::uint8_t, 2>{static_cast<std::uint8_t>(r & 0xff), static_cast<std::uint8_t>((r >> 8) & 0xff)};
}

Result<void> LinuxSmbusBus::do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) {
    if (auto s = select(device); !s) return tl::unexpected(s.error());
    if (out.empty() || out.size() > I2C_SMBUS_BLOCK_MAX) {  // SmbusBus checks this; never trust it blindly
        return fail(Errc::usage, where(device) + ": i2c block read of " + std::to_string(out.size()) + " bytes");
    }
    const auto length = static_cast<std::uint8_t>(out.size());
    const int r = i2c_smbus_read_i2c_block_data(fd_, offset, length, out.data());
    if (r < 0) return tl::unexpected(linux_error(negative_errno(r), LinuxCall::read_i2c_block, where(device), offset));
    if (static_cast<std::size_t>(r) != out.size()) {
        return fail(Errc::io, where(device) + ": short block read at byte " + hex_byte(offset) + " (" +
                                  std::to_string(r) + " of " + std::to_string(out.size()) + " bytes)");
    }
    return {};
}

Result<std::uint8_t> LinuxSmbusBus::do_receive_byte(Address device) {
    if (auto s = select(device); !s) return tl::unexpected(s.error());
    const int r = i2c_smbus_read_byte(fd_);
    if (r < 0) return tl::unexpected(linux_error(negative_errno(r), LinuxCall::receive_byte, where(device)));
    return static_cast<std::uint8_t>(r & 0xff);
}

Result<void> LinuxSmbusBus::do_send_byte(Address device, std::uint8_t value) {
    if (auto s = select(device); !s) return tl::unexpected(s.error());
    const int r = i2c_smbus_write_byte(fd_, value);
    if (r < 0) return tl::unexpected(linux_error(negative_errno(r), LinuxCall::send_byte, where(device)));
    return {};
}

Result<void> LinuxSmbusBus::do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) {
    if (auto s = select(device); !s) return tl::unexpected(s.error());
    const int r = i2c_smbus_write_byte_data(fd_, reg, value);
    if (r < 0) return tl::unexpected(linux_error(negative_errno(r), LinuxCall::write_byte_data, where(device), reg));
    return {};
}

}  // namespace dimmguard::firmware_io
