// SPDX-License-Identifier: GPL-3.0-or-later
// The SPD reader: probes 0x50-0x57 with reads only, identifies each module's generation, reads
// the whole image with the fewest wire bits the adapter allows (I2C block reads, else SMBus word
// reads, else byte reads), restores page 0, reads the
// DDR5 hub / PMIC / thermal-sensor identity registers, and checks the CRCs (re-reading to tell
// an unstable bus from an image stored with a bad CRC).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dimmguard/spd_generation.hpp"
#include "firmware_io/smbus_bus.hpp"

namespace dimmguard::firmware_io {

// The generation enum and the CRC-block table are dimmguard::Generation and
// dimmguard::crc_spans (common/include/dimmguard/spd_generation.hpp), shared with the verifier.

/// A DDR5 module-side device read live (hub, PMIC, thermal sensor).
struct DeviceIdentity {
    std::string role;                  ///< "hub", "pmic0", "ts0", "ts1"
    Address address = 0;
    bool present = false;              ///< answered on the bus
    std::uint8_t device_type_msb = 0;  ///< hub / TS MR0
    std::uint8_t device_type_lsb = 0;  ///< hub / TS MR1
    std::uint8_t revision = 0;         ///< hub / TS MR2, PMIC R3B
    std::uint8_t vendor_bank = 0;      ///< hub / TS MR3, PMIC R3C (JEP106 continuation count)
    std::uint8_t vendor_code = 0;      ///< hub / TS MR4, PMIC R3D
};

/// Live hub state beyond identity.
struct HubState {
    std::uint8_t capability = 0;       ///< MR5
    std::uint8_t mr11 = 0;             ///< as found before reading (page, addressing mode)
    std::uint16_t write_protect = 0;   ///< MR12 | MR13 << 8: one bit per 64-byte NVM block
    std::uint8_t status = 0;           ///< MR48
    std::optional<double> temperature_c;  ///< MR49/MR50 when the hub has a sensor
};

/// Everything read from one module. `image` and `devices` are what two reads agreed on, unless
/// `unstable` (then they are the first read and must not be judged).
struct ModuleRead {
    std::string bus;                   ///< bus name
    Address address = 0;
    Generation generation = Generation::ddr3;
    std::vector<std::uint8_t> image;   ///< 256 / 512 / 1024 bytes
    std::vector<DeviceIdentity> devices;  ///< DDR5: hub, pmic0, ts0, ts1 (as found)
    std::optional<HubState> hub;       ///< DDR5 only
    bool crc_ok = false;               ///< every CRC block matches
    bool crc_bad_stable = false;       ///< a CRC mismatch that two reads agree on (stored that way)
    bool unstable = false;             ///< no two of up to ReadOptions::max_reads reads agreed
    int reads = 0;                     ///< image reads made (1 + re-reads)
    BusStats stats;                    ///< transactions and bits spent on this module
    double wire_ms = 0.0;              ///< stats.wire_bits at the bus clock
    std::vector<std::string> problems; ///< lower-case notes naming the bus and address
};

/// Result of probing one SPD address.
struct SlotProbe {
    Address address = 0;
    bool present = false;
    std::optional<Generation> generation;  ///< empty when something answers but is not an SPD we know
    std::string detail;                    ///< why a present address is not read
};

struct ReadOptions {
    bool read_identity = true;         ///< DDR5 hub MRs, PMIC and thermal sensors
    int retries = 2;                   ///< per transaction, for NACK / timeout / arbitration loss
    /// Read the image (and the DDR5 identity registers) until two reads agree, or three once
    /// any two have differed, at most this many times; otherwise the read is unstable. 1 = a
    /// single read (bus-layer tests only): bytes read once are never evidence (docs/custody.md).
    int max_reads = 6;
    /// Attempts of the first probe read of each address: a single NACK on a flaky contact must
    /// not make a present module vanish.
    int probe_attempts = 3;
    /// Attempts of each page-select write (EE1004 SPA0/SPA1, SPD5118 MR11).
    int page_select_attempts = 3;
};

class SpdReader {
public:
    explicit SpdReader(SmbusBus& bus, ReadOptions options = {}) : bus_(bus), options_(options) {}

    /// Probe 0x50-0x57 with reads only (MR0/MR1 and byte 2, plus the EE1004 page probe).
    [[nodiscard]] Result<std::vector<SlotProbe>> probe();

    /// Read one module. Errc::nack when nothing answers, Errc::unsupported for an unknown
    /// device, Errc::io / timeout when the bus fails even after retries; the pages are restored
    /// to 0 on every path.
    [[nodiscard]] Result<ModuleRead> read(Address address);

    /// Probe and read every SPD on the bus, one module at a time (DDR4 modules share the page
    /// state, so each is left on page 0 before the next). One result per present address.
    [[nodiscard]] std::vector<Result<ModuleRead>> read_all();

private:
    Result<std::uint8_t> byte(Address a, std::uint8_t off, int attempts);
    Result<std::uint8_t> byte(Address a, std::uint8_t off) { return byte(a, off, 1 + options_.retries); }
    Result<void> window(Address a, std::uint8_t first, std::span<std::uint8_t> out, int attempts);
    Result<void> window(Address a, std::uint8_t first, std::span<std::uint8_t> out) {
        return window(a, first, out, 1 + options_.retries);
    }
    Result<Generation> identify(Address a, std::vector<std::uint8_t>* head = nullptr);
    Result<std::vector<std::uint8_t>> read_image(Address a, Generation g, std::optional<std::uint8_t> mr11 = std::nullopt);
    Result<std::vector<std::uint8_t>> read_ddr4(Address a);
    void read_ddr5_identity(ModuleRead& m, std::span<const std::uint8_t> hub_registers = {});
    void stabilise(ModuleRead& m, std::span<const std::uint8_t> hub_registers);
    void check_crc(ModuleRead& m);
    Result<void> select_ee1004(int page);
    Result<void> select_spd5118(Address a, int page);
    Result<void> restore_pages(Generation g, Address a);

    SmbusBus& bus_;
    ReadOptions options_;
};

/// The CRC blocks (dimmguard::crc_spans) of `image` whose stored value does not match or that
/// the image is too short to hold (empty: all good, or a generation without CRC blocks).
[[nodiscard]] std::vector<CrcSpan> failing_crc_spans(Generation g, std::span<const std::uint8_t> image);

}  // namespace dimmguard::firmware_io
