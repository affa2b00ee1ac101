// SPDX-License-Identifier: GPL-3.0-or-later
// Tests for the sysfs source: adapter discovery, SPD devices and eeprom reads on the fake
// trees in tests/data/sysfs/ (and small trees built in a temporary directory).
#include <catch2/catch.hpp>

#include "../support/temp_dir.hpp"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "firmware_io/acquire.hpp"
#include "firmware_io/sysfs.hpp"

namespace fs = std::filesystem;
using dimmguard::Errc;
using dimmguard::firmware_io::AdapterInfo;
using dimmguard::firmware_io::list_adapters;
using dimmguard::firmware_io::list_spd_devices;
using dimmguard::firmware_io::local_segments;
using dimmguard::firmware_io::read_spd_eeprom;
using dimmguard::firmware_io::SysfsSpdDevice;

using test_support::TempDir;

namespace {

fs::path source_dir() {
    const char* dir = std::getenv("DIMMGUARD_SOURCE_DIR");
    if (dir == nullptr || *dir == '\0') FAIL("DIMMGUARD_SOURCE_DIR is not set (run the tests through ctest)");
    return dir;
}

fs::path tree(const char* name) { return source_dir() / "tests/data/sysfs" / name; }

std::vector<std::uint8_t> file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    REQUIRE(out);
}

// A client directory as the kernel lays it out: name, and eeprom when a driver is bound.
void add_client(const fs::path& root, const std::string& entry, const std::string& name, std::size_t eeprom_bytes) {
    const fs::path dir = root / "sys/bus/i2c/devices" / entry;
    write_file(dir / "name", name + "\n");
    if (eeprom_bytes > 0) write_file(dir / "eeprom", std::string(eeprom_bytes, '\x5a'));
}

void check_adapter(const AdapterInfo& a, int number, const std::string& name, const std::string& driver,
                   const std::string& kind) {
    INFO("i2c-" << a.number << " " << a.name);
    CHECK(a.number == number);
    CHECK(a.name == name);
    CHECK(a.driver == driver);
    CHECK(a.kind == kind);
}

}  // namespace

TEST_CASE("sysfs: adapters of an Intel DDR4 system: i801 from its driver link, sorted by number", "[firmware_io][sysfs]") {
    const auto adapters = list_adapters(tree("intel-ddr4"));
    REQUIRE(adapters);
    REQUIRE(adapters->size() == 3);
    check_adapter((*adapters)[0], 0, "SMBus I801 adapter at efa0", "i801_smbus", "motherboard");
    check_adapter((*adapters)[1], 2, "i915 gmbus dpc", "i915", "other");
    check_adapter((*adapters)[2], 10, "AUX B/DDI B/PHY B", "", "other");
}

TEST_CASE("sysfs: adapters of an AMD DDR5 system: piix4 ports are motherboard adapters", "[firmware_io][sysfs]") {
    const auto adapters = list_adapters(tree("amd-ddr5"));
    REQUIRE(adapters);
    REQUIRE(adapters->size() == 3);
    check_adapter((*adapters)[0], 0, "AMDGPU DM i2c hw bus 0", "amdgpu", "other");
    check_adapter((*adapters)[1], 1, "SMBus PIIX4 adapter port 0 at 0b00", "piix4_smbus", "motherboard");
    check_adapter((*adapters)[2], 2, "SMBus PIIX4 adapter port 2 at 0b00", "piix4_smbus", "motherboard");
}

TEST_CASE("sysfs: USB bridges: driver link for the CP2112, names recognised for MCP2221 and CH341", "[firmware_io][sysfs]") {
    const auto adapters = list_adapters(tree("usb-bridge"));
    REQUIRE(adapters);
    REQUIRE(adapters->size() == 3);
    check_adapter((*adapters)[0], 3, "CP2112 SMBus Bridge on hidraw0", "cp2112", "usb-bridge");
    check_adapter((*adapters)[1], 4, "MCP2221 usb-i2c bridge", "mcp2221", "usb-bridge");
    check_adapter((*adapters)[2], 5, "CH341 I2C USB bus 003 device 004", "ch341", "usb-bridge");

    const auto devices = list_spd_devices(tree("usb-bridge"));
    REQUIRE(devices);
    CHECK(devices->empty());  // the adapter entry i2c-3 under bus/i2c/devices is not a client
}

TEST_CASE("sysfs: adapter names are recognised without a driver link", "[firmware_io][sysfs]") {
    TempDir root;
    const fs::path dir = root.path() / "sys/class/i2c-adapter";
    write_file(dir / "i2c-0/name", "SMBus I801 adapter at 5000\n");
    write_file(dir / "i2c-1/name", "SMBus PIIX4 adapter port 1 at 0b20\n");
    write_file(dir / "i2c-2/name", "i2c-mcp2221 at bus 001 device 007\n");
    write_file(dir / "i2c-3/name", "i2c-ch341-usb at bus 002 device 003\n");
    write_file(dir / "i2c-4/name", "SMBus nForce2 adapter at 4c00\n");
    write_file(dir / "i2c-5/name", "Synopsys DesignWare I2C adapter\n");
    write_file(dir / "not-an-adapter/name", "ignored\n");
    fs::create_directories(dir / "i2c-6");  // vanished while listing: no name file

    const auto adapters = list_adapters(root.path());
    REQUIRE(adapters);
    REQUIRE(adapters->size() == 6);
    check_adapter((*adapters)[0], 0, "SMBus I801 adapter at 5000", "i801", "motherboard");
    check_adapter((*adapters)[1], 1, "SMBus PIIX4 adapter port 1 at 0b20", "piix4", "motherboard");
    check_adapter((*adapters)[2], 2, "i2c-mcp2221 at bus 001 device 007", "mcp2221", "usb-bridge");
    check_adapter((*adapters)[3], 3, "i2c-ch341-usb at bus 002 device 003", "ch341", "usb-bridge");
    check_adapter((*adapters)[4], 4, "SMBus nForce2 adapter at 4c00", "", "motherboard");
    check_adapter((*adapters)[5], 5, "Synopsys DesignWare I2C adapter", "", "other");
}

TEST_CASE("sysfs: adapters are found on the i2c bus when the kernel has no i2c-adapter class",
          "[firmware_io][sysfs]") {
    // Kernels without CONFIG_I2C_COMPAT (Debian's 6.12, found by the QEMU e2e test) have no
    // sys/class/i2c-adapter; adapters are still listed as i2c-N beside the clients.
    TempDir root;
    const fs::path dir = root.path() / "sys/bus/i2c/devices";
    write_file(dir / "i2c-0/name", "SMBus stub driver\n");
    write_file(dir / "i2c-1/name", "SMBus PIIX4 adapter port 0 at 0b00\n");
    add_client(root.path(), "0-0050", "spd5118", 1024);
    const auto adapters = list_adapters(root.path());
    REQUIRE(adapters);
    REQUIRE(adapters->size() == 2);
    check_adapter((*adapters)[0], 0, "SMBus stub driver", "", "motherboard");
    check_adapter((*adapters)[1], 1, "SMBus PIIX4 adapter port 0 at 0b00", "piix4", "motherboard");
}

TEST_CASE("sysfs: ee1004 devices are found and their eeprom files match the images they were made from",
          "[firmware_io][sysfs]") {
    const auto devices = list_spd_devices(tree("intel-ddr4"));
    REQUIRE(devices);
    REQUIRE(devices->size() == 2);  // 0-0036 (dummy) and 0-0018 (jc42) are not SPD devices
    const char* examples[] = {"ddr4-rdimm-samsung-32g.bin", "ddr4-rdimm-skhynix-64g.bin"};
    for (std::size_t i = 0; i < 2; ++i) {
        const SysfsSpdDevice& d = (*devices)[i];
        CHECK(d.bus == 0);
        CHECK(d.address == static_cast<std::uint8_t>(0x50 + i));
        CHECK(d.driver == "ee1004");
        CHECK(d.eeprom.filename() == "eeprom");
        const auto image = read_spd_eeprom(d);
        REQUIRE(image);
        CHECK(image->size() == 512);
        CHECK(*image == file_bytes(source_dir() / "examples/spd" / examples[i]));
    }
}

TEST_CASE("sysfs: an spd5118 device is found, one without a bound driver is left to the bus", "[firmware_io][sysfs]") {
    const auto devices = list_spd_devices(tree("amd-ddr5"));
    REQUIRE(devices);
    REQUIRE(devices->size() == 1);
    const SysfsSpdDevice& d = devices->front();
    CHECK(d.bus == 1);
    CHECK(d.address == 0x50);
    CHECK(d.driver == "spd5118");
    const auto image = read_spd_eeprom(d);
    REQUIRE(image);
    CHECK(image->size() == 1024);
    CHECK(*image == file_bytes(source_dir() / "examples/spd/ddr5-udimm-kingston-16g-xmp.bin"));
}

TEST_CASE("sysfs: local segments for --all: no GPU or DP adapter, driver-owned SPDs through sysfs, the rest over the bus",
          "[firmware_io][sysfs]") {
    // acquire(--all) and the desk app's presence poller both touch exactly these.
    const auto amd = local_segments(tree("amd-ddr5"));
    REQUIRE(amd);
    REQUIRE(amd->size() == 2);  // i2c-0 (amdgpu) is never probed
    CHECK((*amd)[0].adapter.number == 1);
    REQUIRE((*amd)[0].sysfs.size() == 1);  // spd5118 owns 1-0050: read through sysfs, bus left alone
    CHECK((*amd)[0].sysfs[0].address == 0x50);
    CHECK((*amd)[1].adapter.number == 2);
    CHECK((*amd)[1].sysfs.empty());  // no driver: probed over the bus

    const auto intel = local_segments(tree("intel-ddr4"));
    REQUIRE(intel);
    REQUIRE(intel->size() == 1);  // i915 gmbus and DP AUX are never probed
    CHECK((*intel)[0].adapter.number == 0);
    CHECK((*intel)[0].sysfs.size() == 2);

    CHECK_FALSE(local_segments(tree("no-such-tree")));
}

TEST_CASE("sysfs: at24 'spd' clients, non-SPD addresses and sort order", "[firmware_io][sysfs]") {
    TempDir root;
    add_client(root.path(), "12-0052", "spd", 256);
    add_client(root.path(), "3-0051", "ee1004", 512);
    add_client(root.path(), "3-0050", "ee1004", 512);
    add_client(root.path(), "3-0036", "ee1004", 512);   // a page-select address, never an SPD
    add_client(root.path(), "3-0058", "spd5118", 1024); // 0x58 is an RCD address on DDR5
    add_client(root.path(), "3-0018", "jc42", 0);
    add_client(root.path(), "3-00zz", "ee1004", 512);
    const auto devices = list_spd_devices(root.path());
    REQUIRE(devices);
    REQUIRE(devices->size() == 3);
    CHECK(((*devices)[0].bus == 3 && (*devices)[0].address == 0x50));
    CHECK(((*devices)[1].bus == 3 && (*devices)[1].address == 0x51));
    CHECK(((*devices)[2].bus == 12 && (*devices)[2].address == 0x52));
    CHECK((*devices)[2].driver == "at24");
    const auto image = read_spd_eeprom((*devices)[2]);
    REQUIRE(image);
    CHECK(image->size() == 256);
}

TEST_CASE("sysfs: errors: missing root, wrong size, non-SPD address, unknown driver, missing file",
          "[firmware_io][sysfs]") {
    TempDir root;
    SECTION("missing root") {
        const auto adapters = list_adapters(root.path() / "nowhere");
        REQUIRE_FALSE(adapters);
        CHECK(adapters.error().code == Errc::not_found);
        CHECK_THAT(adapters.error().message, Catch::Contains("nowhere/sys/class/i2c-adapter: no such directory"));
        const auto devices = list_spd_devices(root.path() / "nowhere");
        REQUIRE_FALSE(devices);
        CHECK(devices.error().code == Errc::not_found);
        CHECK_THAT(devices.error().message, Catch::Contains("nowhere/sys/bus/i2c/devices: no such directory"));
    }
    SECTION("an eeprom file shorter than the driver's size") {
        add_client(root.path(), "0-0050", "ee1004", 300);
        const auto devices = list_spd_devices(root.path());
        REQUIRE(devices);
        REQUIRE(devices->size() == 1);
        const auto image = read_spd_eeprom(devices->front());
        REQUIRE_FALSE(image);
        CHECK(image.error().code == Errc::truncated);
        CHECK(image.error().message == devices->front().eeprom.string() + ": 300 bytes; expected 512 for ee1004");
    }
    SECTION("an eeprom file longer than the driver's size") {
        add_client(root.path(), "0-0050", "ee1004", 1024);
        const auto devices = list_spd_devices(root.path());
        REQUIRE(devices);
        REQUIRE(devices->size() == 1);
        const auto image = read_spd_eeprom(devices->front());
        REQUIRE_FALSE(image);
        CHECK(image.error().code == Errc::bad_format);
        CHECK(image.error().message ==
              devices->front().eeprom.string() + ": longer than 512 bytes expected for ee1004");
    }
    SECTION("a device outside 0x50-0x57 is refused before the file is opened") {
        const SysfsSpdDevice d{0, 0x36, "ee1004", root.path() / "0-0036/eeprom"};
        const auto image = read_spd_eeprom(d);
        REQUIRE_FALSE(image);
        CHECK(image.error().code == Errc::usage);
        CHECK(image.error().message == d.eeprom.string() + ": 0x36 is not an SPD address (0x50-0x57)");
    }
    SECTION("an unknown driver") {
        const SysfsSpdDevice d{0, 0x50, "eeprom", root.path() / "0-0050/eeprom"};
        const auto image = read_spd_eeprom(d);
        REQUIRE_FALSE(image);
        CHECK(image.error().code == Errc::usage);
        CHECK(image.error().message == d.eeprom.string() + ": unknown SPD driver 'eeprom'");
    }
    SECTION("a missing eeprom file") {
        const SysfsSpdDevice d{0, 0x50, "spd5118", root.path() / "0-0050/eeprom"};
        const auto image = read_spd_eeprom(d);
        REQUIRE_FALSE(image);
        CHECK(image.error().code == Errc::not_found);
        CHECK(image.error().message == d.eeprom.string() + ": no such file or directory");
    }
}
