// SPDX-License-Identifier: GPL-3.0-or-later
// Tests for the Linux bus: errno -> Error mapping (exact messages) and LinuxSmbusBus::open on
// nodes that are not adapters. Nothing here opens /dev/i2c-* except the hidden [.hw] test.
#include <catch2/catch.hpp>

#include "../support/temp_dir.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "linux_errors.hpp"  // private header, tested white-box
#include "dimmguard/bytes.hpp"
#include "firmware_io/linux_smbus.hpp"

namespace fs = std::filesystem;
using dimmguard::Errc;
using dimmguard::Error;
using dimmguard::firmware_io::LinuxSmbusBus;
using dimmguard::firmware_io::detail::linux_error;
using dimmguard::firmware_io::detail::LinuxCall;

using test_support::TempDir;

namespace {

void check_error(const Error& e, Errc code, const std::string& message) {
    CHECK(dimmguard::errc_name(e.code) == dimmguard::errc_name(code));
    CHECK(e.message == message);
}

}  // namespace

TEST_CASE("linux bus: errno mapping for transfers", "[firmware_io][linux]") {
    check_error(linux_error(ENXIO, LinuxCall::read_byte_data, "i2c-1 0x52", 0x7e), Errc::nack,
                "i2c-1 0x52: nack at byte 0x7e");
    check_error(linux_error(ENXIO, LinuxCall::read_i2c_block, "i2c-1 0x52", 0x80), Errc::nack,
                "i2c-1 0x52: nack at byte 0x80");
    check_error(linux_error(ENXIO, LinuxCall::read_word_data, "i2c-1 0x52", 0x7e), Errc::nack,
                "i2c-1 0x52: nack at byte 0x7e");
    check_error(linux_error(ETIMEDOUT, LinuxCall::read_word_data, "i2c-1 0x52", 0x20), Errc::timeout,
                "i2c-1 0x52: timeout at byte 0x20");
    check_error(linux_error(EAGAIN, LinuxCall::read_word_data, "i2c-1 0x52", 0x40), Errc::busy,
                "i2c-1 0x52: bus arbitration lost (another master, e.g. the BMC) at byte 0x40");
    check_error(linux_error(EOPNOTSUPP, LinuxCall::read_word_data, "i2c-1 0x52", 0x00), Errc::unsupported,
                "i2c-1 0x52: adapter does not support read word data");
    check_error(linux_error(EIO, LinuxCall::read_word_data, "i2c-1 0x52", 0x82), Errc::io,
                "i2c-1 0x52: read word data failed at byte 0x82: input/output error");
    check_error(linux_error(ENXIO, LinuxCall::receive_byte, "i2c-0 0x36"), Errc::nack,
                "i2c-0 0x36: nack on receive byte");
    check_error(linux_error(ENXIO, LinuxCall::send_byte, "i2c-0 0x37"), Errc::nack, "i2c-0 0x37: nack on send byte");
    check_error(linux_error(ENXIO, LinuxCall::write_byte_data, "i2c-1 0x50", 0x0b), Errc::nack,
                "i2c-1 0x50: nack writing register 0x0b");
    check_error(linux_error(ETIMEDOUT, LinuxCall::read_byte_data, "i2c-1 0x52", 0x7e), Errc::timeout,
                "i2c-1 0x52: timeout at byte 0x7e");
    check_error(linux_error(EAGAIN, LinuxCall::read_i2c_block, "i2c-1 0x52", 0x40), Errc::busy,
                "i2c-1 0x52: bus arbitration lost (another master, e.g. the BMC) at byte 0x40");
    check_error(linux_error(EOPNOTSUPP, LinuxCall::read_i2c_block, "i2c-1 0x52", 0x00), Errc::unsupported,
                "i2c-1 0x52: adapter does not support i2c block read");
    check_error(linux_error(EIO, LinuxCall::read_byte_data, "i2c-1 0x52", 0x7e), Errc::io,
                "i2c-1 0x52: read byte data failed at byte 0x7e: input/output error");
    check_error(linux_error(EPROTO, LinuxCall::read_byte_data, "i2c-1 0x52", 0x01), Errc::io,
                "i2c-1 0x52: read byte data failed at byte 0x01: protocol error");
    check_error(linux_error(EBADMSG, LinuxCall::read_byte_data, "i2c-1 0x52", 0x10), Errc::io,
                "i2c-1 0x52: pec error at byte 0x10");
}

TEST_CASE("linux bus: errno mapping for open, I2C_FUNCS and I2C_SLAVE", "[firmware_io][linux]") {
    check_error(linux_error(EBUSY, LinuxCall::select_address, "i2c-1", 0x52), Errc::busy,
                "i2c-1: 0x52 is owned by a kernel driver (ee1004/spd5118); read it through sysfs "
                "(dimmguard scan --all) or unbind the driver");
    check_error(linux_error(EINVAL, LinuxCall::select_address, "i2c-1", 0x52), Errc::usage,
                "i2c-1: 0x52 is not a valid 7-bit address");
    check_error(linux_error(EACCES, LinuxCall::open, "/dev/i2c-1"), Errc::permission_denied,
                "/dev/i2c-1: permission denied; add the user to the dimmguard group (dimmguard doctor shows how)");
    check_error(linux_error(EPERM, LinuxCall::open, "/dev/i2c-1"), Errc::permission_denied,
                "/dev/i2c-1: permission denied; add the user to the dimmguard group (dimmguard doctor shows how)");
    check_error(linux_error(ENOENT, LinuxCall::open, "/dev/i2c-7"), Errc::not_found,
                "/dev/i2c-7: no such adapter (is i2c-dev loaded? modprobe i2c-dev)");
    check_error(linux_error(ENODEV, LinuxCall::open, "/dev/i2c-7"), Errc::not_found,
                "/dev/i2c-7: no such adapter (is i2c-dev loaded? modprobe i2c-dev)");
    check_error(linux_error(EIO, LinuxCall::open, "/dev/i2c-1"), Errc::io,
                "/dev/i2c-1: cannot open: input/output error");
    check_error(linux_error(ENOTTY, LinuxCall::functionality, "/dev/i2c-9"), Errc::unsupported,
                "/dev/i2c-9: not an i2c-dev adapter (I2C_FUNCS: inappropriate ioctl for device)");
}

TEST_CASE("linux bus: open: a missing adapter node gives the modprobe advice", "[firmware_io][linux]") {
    TempDir dev;
    const auto bus = LinuxSmbusBus::open(9, dev.path(), dev.path());
    REQUIRE_FALSE(bus);
    check_error(bus.error(), Errc::not_found,
                (dev.path() / "i2c-9").string() + ": no such adapter (is i2c-dev loaded? modprobe i2c-dev)");
}

TEST_CASE("linux bus: open: a regular file is not an adapter, I2C_FUNCS fails cleanly", "[firmware_io][linux]") {
    TempDir dev;
    { std::ofstream(dev.path() / "i2c-9") << "not a device\n"; }
    const auto bus = LinuxSmbusBus::open(9, dev.path(), dev.path());
    REQUIRE_FALSE(bus);
    check_error(bus.error(), Errc::unsupported,
                (dev.path() / "i2c-9").string() +
                    ": not an i2c-dev adapter (I2C_FUNCS: inappropriate ioctl for device)");
}

TEST_CASE("linux bus: open: an unreadable node asks for the dimmguard group", "[firmware_io][linux]") {
    if (::geteuid() == 0) {
        // Root bypasses file permissions, and CI runs as root: run this very test case again as
        // the unprivileged user nobody (setpriv, util-linux) and require that it passed there.
        // The binary is copied to a world-readable directory first: the build tree may sit under
        // a directory nobody cannot enter (/root).
        std::string shared = (fs::path("/tmp") / "dimmguard-setpriv-XXXXXX").string();
        REQUIRE(::mkdtemp(shared.data()) != nullptr);
        const fs::path copy = fs::path(shared) / "firmware_io_tests";
        fs::copy_file("/proc/self/exe", copy);
        fs::permissions(shared, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                                    fs::perms::others_exec);
        fs::permissions(copy, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                                  fs::perms::others_exec);
        const std::string command = "cd / && TMPDIR=/tmp setpriv --reuid=65534 --regid=65534 --clear-groups '" + copy.string() +
                                    "' 'linux bus: open: an unreadable node asks for the dimmguard group' -r compact 2>&1";
        std::FILE* child = ::popen(command.c_str(), "r");
        REQUIRE(child != nullptr);
        std::string output;
        char buffer[512];
        while (std::fgets(buffer, sizeof buffer, child) != nullptr) output += buffer;
        const int status = ::pclose(child);
        std::error_code ec;
        fs::remove_all(shared, ec);
        INFO(command << "\n" << output);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        CHECK(output.find("Passed 1 test case with 3 assertions") != std::string::npos);
        return;
    }
    TempDir dev;
    { std::ofstream(dev.path() / "i2c-9") << ""; }
    fs::permissions(dev.path() / "i2c-9", fs::perms::none);
    const auto bus = LinuxSmbusBus::open(9, dev.path(), dev.path());
    REQUIRE_FALSE(bus);
    check_error(bus.error(), Errc::permission_denied,
                (dev.path() / "i2c-9").string() +
                    ": permission denied; add the user to the dimmguard group (dimmguard doctor shows how)");
}

TEST_CASE("linux bus: open: a negative bus number is a usage error", "[firmware_io][linux]") {
    const auto bus = LinuxSmbusBus::open(-1);
    REQUIRE_FALSE(bus);
    CHECK(bus.error().code == Errc::usage);
}

// Real hardware, never in CI: DIMMGUARD_HW_BUS=N ./firmware_io_tests "[.hw]"
// Reads SPD byte 0x00 and 0x02 at 0x50-0x57 (read byte data only, rule R1); writes nothing.
TEST_CASE("linux bus: hardware: read the first SPD bytes on a real bus", "[.hw][firmware_io][linux]") {
    const char* env = std::getenv("DIMMGUARD_HW_BUS");
    if (env == nullptr || *env == '\0') {
        WARN("DIMMGUARD_HW_BUS is not set; nothing to do");
        return;
    }
    const auto bus = LinuxSmbusBus::open(std::atoi(env));
    if (!bus) FAIL(bus.error().message);
    auto& b = **bus;
    const auto caps = b.capabilities();
    INFO(b.name() << " funcs " << std::hex << b.functionality());
    WARN(b.name() << ": read byte data " << caps.read_byte_data << ", i2c block read " << caps.read_i2c_block);
    for (std::uint8_t address = 0x50; address <= 0x57; ++address) {
        const auto byte0 = b.read_byte_data(address, 0x00);
        if (!byte0) {
            WARN(byte0.error().message);
            continue;
        }
        const auto byte2 = b.read_byte_data(address, 0x02);
        WARN(b.name() << " " << dimmguard::hex_byte(address) << ": byte 0x00 = " << dimmguard::hex_byte(*byte0)
                      << ", byte 0x02 = " << (byte2 ? dimmguard::hex_byte(*byte2) : byte2.error().message));
    }
    CHECK(b.stats().writes == 0);
    CHECK(b.stats().refused_writes == 0);
}
