// SPDX-License-Identifier: GPL-3.0-or-later
// The emulated bench: device models that behave like the real parts behind an SmbusBus.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firmware_io/smbus_bus.hpp"

namespace dimmguard::firmware_io {

/// One device on an emulated segment. Every hook NACKs by default, as a real part that does
/// not implement a transaction would.
class EmulatedDevice {
public:
    virtual ~EmulatedDevice() = default;
    [[nodiscard]] virtual std::string model() const = 0;  ///< "at24", "ee1004", "spd5118", "pmic", "ts", "rcd"
    [[nodiscard]] virtual Result<std::uint8_t> read_byte_data(std::uint8_t offset);
    [[nodiscard]] virtual Result<std::uint8_t> receive_byte();
    [[nodiscard]] virtual Result<void> write_byte_data(std::uint8_t reg, std::uint8_t value);
    [[nodiscard]] virtual Result<void> send_byte(std::uint8_t value);
    /// Bytes written into non-volatile memory or configuration registers by anyone. A reader
    /// that is working correctly never changes this (the guard makes sure of it).
    [[nodiscard]] std::uint64_t stray_writes() const noexcept { return stray_writes_; }

protected:
    std::uint64_t stray_writes_ = 0;
};

/// State shared by every EE1004 on one segment: the page selected by 0x36/0x37.
struct Ee1004Segment {
    int page = 0;
};

/// DDR3: 256-byte AT24-style EEPROM at 0x50-0x57, flat offsets.
class At24Device final : public EmulatedDevice {
public:
    explicit At24Device(std::vector<std::uint8_t> image);  ///< 256 bytes (shorter images are 0xff padded)
    [[nodiscard]] std::string model() const override { return "at24"; }
    Result<std::uint8_t> read_byte_data(std::uint8_t offset) override;
    Result<void> write_byte_data(std::uint8_t reg, std::uint8_t value) override;  ///< stores: a real AT24 would

private:
    std::array<std::uint8_t, 256> data_{};
};

/// DDR4: 512-byte EE1004, two 256-byte pages selected bus-wide through 0x36/0x37.
class Ee1004Device final : public EmulatedDevice {
public:
    Ee1004Device(std::vector<std::uint8_t> image, std::shared_ptr<Ee1004Segment> segment);
    [[nodiscard]] std::string model() const override { return "ee1004"; }
    Result<std::uint8_t> read_byte_data(std::uint8_t offset) override;
    Result<void> write_byte_data(std::uint8_t reg, std::uint8_t value) override;

private:
    std::array<std::uint8_t, 512> data_{};
    std::shared_ptr<Ee1004Segment> segment_;
};

/// Hub registers of an emulated SPD5118 (bench file "hub" object).
struct Spd5118Config {
    std::uint8_t device_type_lsb = 0x18;   ///< MR1: 0x18 with thermal sensor, 0x08 without
    std::uint8_t revision = 0x12;          ///< MR2
    std::uint8_t vendor_bank = 0x80;       ///< MR3 (JEP106 continuation count with parity)
    std::uint8_t vendor_code = 0xb3;       ///< MR4
    std::uint16_t write_protect = 0x0000;  ///< MR12 (blocks 7-0) | MR13 << 8 (blocks 15-8)
    std::uint8_t mr11 = 0x00;              ///< power-on page / addressing mode
    bool hide_registers_off_page0 = false; ///< Renesas-style: MR0-MR127 read 0 while MR11 page != 0
    double temperature_c = 35.0;
};

/// DDR5: SPD5118 hub, MR0-MR127 at 0x00-0x7f, 1024 bytes of NVM through the 0x80-0xff window.
class Spd5118Device final : public EmulatedDevice {
public:
    Spd5118Device(std::vector<std::uint8_t> image, Spd5118Config config);
    [[nodiscard]] std::string model() const override { return "spd5118"; }
    Result<std::uint8_t> read_byte_data(std::uint8_t offset) override;
    Result<void> write_byte_data(std::uint8_t reg, std::uint8_t value) override;
    [[nodiscard]] std::uint8_t mr11() const noexcept { return registers_[0x0b]; }

private:
    std::array<std::uint8_t, 1024> nvm_{};
    std::array<std::uint8_t, 128> registers_{};
    bool hide_;
};

/// A register file device (DDR5 PMIC at 0x48|HID, thermal sensor at 0x10|HID): fixed values,
/// unlisted registers read 0x00. Writes are counted as stray and ignored.
class RegisterDevice final : public EmulatedDevice {
public:
    RegisterDevice(std::string model, std::map<std::uint8_t, std::uint8_t> registers);
    [[nodiscard]] std::string model() const override { return model_; }
    Result<std::uint8_t> read_byte_data(std::uint8_t offset) override;
    Result<void> write_byte_data(std::uint8_t reg, std::uint8_t value) override;

private:
    std::string model_;
    std::map<std::uint8_t, std::uint8_t> registers_;
};

/// A segment of emulated devices. 0x36/0x37 are handled as EE1004 page commands when an EE1004
/// sits on the segment (and NACK otherwise); empty addresses NACK.
class EmulatedBus final : public SmbusBus {
public:
    EmulatedBus(std::string name, std::uint32_t clock_hz = 100'000, BusCapabilities capabilities = {});
    /// Add a device; Errc::usage when the address is taken or not a 7-bit address.
    [[nodiscard]] Result<void> attach(Address address, std::shared_ptr<EmulatedDevice> device);
    [[nodiscard]] std::shared_ptr<Ee1004Segment> ee1004_segment() const noexcept { return segment_; }
    [[nodiscard]] std::shared_ptr<EmulatedDevice> device_at(Address address) const;
    /// Sum of stray writes over every device (must stay 0).
    [[nodiscard]] std::uint64_t stray_writes() const;

    [[nodiscard]] std::string name() const override { return name_; }
    [[nodiscard]] BusCapabilities capabilities() const override { return capabilities_; }
    [[nodiscard]] std::uint32_t clock_hz() const override { return clock_hz_; }

private:
    Result<std::uint8_t> do_read_byte_data(Address device, std::uint8_t offset) override;
    Result<std::array<std::uint8_t, 2>> do_read_word_data(Address device, std::uint8_t offset) override;
    Result<void> do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) override;
    Result<std::uint8_t> do_receive_byte(Address device) override;
    Result<void> do_send_byte(Address device, std::uint8_t value) override;
    Result<void> do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) override;
    Result<EmulatedDevice*> find(Address device, std::uint8_t offset);

    std::string name_;
    std::uint32_t clock_hz_;
    BusCapabilities capabilities_;
    std::map<Address, std::shared_ptr<EmulatedDevice>> devices_;
    std::shared_ptr<Ee1004Segment> segment_ = std::make_shared<Ee1004Segment>();
    bool has_ee1004_ = false;
};

}  // namespace dimmguard::firmware_io
