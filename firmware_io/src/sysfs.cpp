// SPDX-License-Identifier: GPL-3.0-or-later
// Sysfs source: adapter discovery from /sys/class/i2c-adapter and SPD EEPROMs exposed by the
// ee1004 / spd5118 / at24 drivers. The root is a parameter so tests run on a fake tree.
#include "firmware_io/sysfs.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <optional>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

#include "dimmguard/bytes.hpp"
#include "linux_errors.hpp"

namespace dimmguard::firmware_io {
namespace {

namespace fs = std::filesystem;

// Sysfs attributes are one line ending in '\n'.
std::optional<std::string> read_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    return line;
}

template <class T>
std::optional<T> parse_number(std::string_view text, int base) {
    if (text.empty()) return std::nullopt;
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return out;
}

// Adapter names as the drivers print them (i2c-i801.c, i2c-piix4.c, hid-cp2112.c,
// hid-mcp2221.c, Microchip's i2c-mcp2221 and the out-of-tree i2c-ch341-usb).
std::string driver_from_name(std::string_view name) {
    if (name.starts_with("SMBus I801 adapter")) return "i801";
    if (name.starts_with("SMBus PIIX4 adapter")) return "piix4";
    if (name.starts_with("CP2112 SMBus Bridge")) return "cp2112";
    if (name.starts_with("MCP2221 usb-i2c bridge") || name.starts_with("i2c-mcp2221")) return "mcp2221";
    if (name.starts_with("CH341 I2C USB") || name.starts_with("i2c-ch341-usb")) return "ch341";
    return {};
}

std::string classify(std::string_view driver, std::string_view name) {
    // PC chipset SMBus hosts: the drivers in drivers/i2c/busses/ that serve DIMM slots, and
    // their "SMBus <chip> adapter at ..." naming convention.
    static constexpr std::array<std::string_view, 12> motherboard{
        "i801", "piix4", "amd756", "amd8111", "amd_smbus", "nforce2", "sis5595", "sis630", "sis96x",
        "ali15", "vt596", "viapro"};
    static constexpr std::array<std::string_view, 7> bridges{"cp2112", "mcp2221", "ch341", "tiny-usb",
                                                             "diolan",  "dln2",    "osif"};
    const std::string d = lower(driver);
    for (std::string_view m : motherboard) {
        if (contains(d, m)) return "motherboard";
    }
    for (std::string_view b : bridges) {
        if (contains(d, b)) return "usb-bridge";
    }
    if (name.starts_with("SMBus ") || name.starts_with("SMBus2 ")) return "motherboard";
    if (contains(lower(name), "usb")) return "usb-bridge";
    return "other";
}

Result<std::vector<fs::path>> list_directory(const fs::path& dir, std::string_view what) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return fail(Errc::not_found, dir.string() + ": no such directory (" + std::string(what) + ")");
    }
    std::vector<fs::path> entries;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator{}; it.increment(ec)) entries.push_back(it->path());
    if (ec) return fail(Errc::io, dir.string() + ": cannot list: " + ec.message());
    return entries;
}

Errc open_errc(int error_number) {
    switch (error_number) {
    case ENOENT: return Errc::not_found;
    case EACCES:
    case EPERM: return Errc::permission_denied;
    default: return Errc::io;
    }
}

// Closes the descriptor on every path out of read_spd_eeprom.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    [[nodiscard]] int get() const noexcept { return fd_; }

private:
    int fd_;
};

constexpr std::size_t chunk_bytes = 128;
constexpr int attempts_per_chunk = 3;

}  // namespace

Result<std::vector<AdapterInfo>> list_adapters(const fs::path& root) {
    // The i2c-adapter class is a compatibility class (CONFIG_I2C_COMPAT) that newer kernels no
    // longer have (Debian's 6.12 has none); every kernel lists its adapters as i2c-N on the i2c
    // bus as well.
    fs::path dir = root / "sys/class/i2c-adapter";
    std::error_code probe_ec;
    if (!fs::is_directory(dir, probe_ec) && fs::is_directory(root / "sys/bus/i2c/devices", probe_ec)) {
        dir = root / "sys/bus/i2c/devices";
    }
    auto entries = list_directory(dir, "is sysfs mounted and the i2c core loaded?");
    if (!entries) return tl::unexpected(entries.error());
    std::vector<AdapterInfo> adapters;
    for (const fs::path& entry : *entries) {
        const std::string base = entry.filename().string();
        if (!base.starts_with("i2c-")) continue;
        const auto number = parse_number<int>(std::string_view(base).substr(4), 10);
        if (!number) continue;
        auto name = read_line(entry / "name");
        if (!name) continue;  // adapter removed while we looked (a USB bridge unplugged)
        AdapterInfo info;
        info.number = *number;
        info.name = std::move(*name);
        std::error_code ec;
        fs::path driver_link = fs::read_symlink(entry / "device" / "driver", ec);
        if (ec) {  // no class "device" link (bus/i2c/devices layout): the parent device's driver
            ec.clear();
            const fs::path real = fs::canonical(entry, ec);
            if (!ec) driver_link = fs::read_symlink(real.parent_path() / "driver", ec);
        }
        info.driver = ec ? driver_from_name(info.name) : driver_link.filename().string();
        info.kind = classify(info.driver, info.name);
        adapters.push_back(std::move(info));
    }
    std::sort(adapters.begin(), adapters.end(),
              [](const AdapterInfo& a, const AdapterInfo& b) { return a.number < b.number; });
    return adapters;
}

std::size_t sysfs_eeprom_bytes(std::string_view driver) noexcept {
    if (driver == "at24") return 256;
    if (driver == "ee1004") return 512;
    if (driver == "spd5118") return 1024;
    return 0;
}

Result<std::vector<SysfsSpdDevice>> list_spd_devices(const fs::path& root) {
    auto entries = list_directory(root / "sys/bus/i2c/devices", "is sysfs mounted?");
    if (!entries) return tl::unexpected(entries.error());
    std::vector<SysfsSpdDevice> devices;
    for (const fs::path& entry : *entries) {
        // Clients are named "<bus>-<4 hex digits>" ("0-0050"); adapters ("i2c-0") sit beside them.
        const std::string base = entry.filename().string();
        const auto dash = base.find('-');
        if (dash == std::string::npos || base.size() - dash - 1 != 4) continue;
        const auto bus = parse_number<int>(std::string_view(base).substr(0, dash), 10);
        const auto address = parse_number<unsigned>(std::string_view(base).substr(dash + 1), 16);
        if (!bus || !address || *address > 0xff || !is_spd_address(static_cast<Address>(*address))) continue;
        const auto name = read_line(entry / "name");
        if (!name) continue;
        std::string driver;
        if (*name == "ee1004" || *name == "spd5118") driver = *name;
        else if (*name == "spd") driver = "at24";
        else continue;
        std::error_code ec;
        const fs::path eeprom = entry / "eeprom";
        if (!fs::exists(eeprom, ec)) continue;  // registered but no driver bound: read it over the bus
        devices.push_back(SysfsSpdDevice{*bus, static_cast<Address>(*address), std::move(driver), eeprom});
    }
    std::sort(devices.begin(), devices.end(), [](const SysfsSpdDevice& a, const SysfsSpdDevice& b) {
        return a.bus != b.bus ? a.bus < b.bus : a.address < b.address;
    });
    return devices;
}

Result<std::vector<std::uint8_t>> read_spd_eeprom(const SysfsSpdDevice& device) {
    const std::string file = device.eeprom.string();
    if (!is_spd_address(device.address)) {
        return fail(Errc::usage, file + ": " + hex_byte(device.address) + " is not an SPD address (0x50-0x57)");
    }
    const std::size_t expected = sysfs_eeprom_bytes(device.driver);
    if (expected == 0) return fail(Errc::usage, file + ": unknown SPD driver '" + device.driver + "'");

    const FileDescriptor fd(::open(device.eeprom.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        const int error_number = errno;
        return fail(open_errc(error_number), file + ": " + detail::errno_text(error_number));
    }
    std::vector<std::uint8_t> image(expected);
    std::size_t done = 0;
    int failures = 0;
    while (done < expected) {
        // At most 128 bytes, never across a 128-byte boundary (one DDR5 page window per read).
        const std::size_t want = std::min(chunk_bytes - done % chunk_bytes, expected - done);
        const ssize_t n = ::pread(fd.get(), image.data() + done, want, static_cast<off_t>(done));
        if (n > 0) {
            done += static_cast<std::size_t>(n);  // a short read just continues where it stopped
            failures = 0;
            continue;
        }
        if (n == 0) {
            return fail(Errc::truncated, file + ": " + std::to_string(done) + " bytes; expected " +
                                             std::to_string(expected) + " for " + device.driver);
        }
        const int error_number = errno;
        if (error_number == EINTR) continue;
        // The driver reads the bus for us; a transient NACK or arbitration loss is worth a retry.
        if (++failures < attempts_per_chunk && (error_number == EIO || error_number == EAGAIN ||
                                                error_number == ETIMEDOUT || error_number == ENXIO)) {
            continue;
        }
        return fail(error_number == ETIMEDOUT ? Errc::timeout : Errc::io,
                    file + ": read failed at byte " + std::to_string(done) + ": " + detail::errno_text(error_number));
    }
    std::uint8_t extra = 0;
    if (::pread(fd.get(), &extra, 1, static_cast<off_t>(expected)) > 0) {
        return fail(Errc::bad_format, file + ": longer than " + std::to_string(expected) + " bytes expected for " +
                                          device.driver);
    }
    return image;
}

}  // namespace dimmguard::firmware_io
