// SPDX-License-Identifier: GPL-3.0-or-later
// Device models for the emulated bench (AT24, EE1004, SPD5118, register devices) and their bus.
#include "firmware_io/emulated_bus.hpp"

#include <algorithm>
#include <cmath>

#include "dimmguard/bytes.hpp"

namespace dimmguard::firmware_io {
namespace {

Error nack(std::string what) { return Error{Errc::nack, std::move(what)}; }

template <std::size_t N>
void fill_image(std::array<std::uint8_t, N>& dst, const std::vector<std::uint8_t>& src) {
    dst.fill(0xff);  // erased EEPROM cells read 0xff
    std::copy_n(src.begin(), std::min(src.size(), N), dst.begin());
}

}  // namespace

Result<std::uint8_t> EmulatedDevice::read_byte_data(std::uint8_t) { return tl::unexpected(nack("no read")); }
Result<std::uint8_t> EmulatedDevice::receive_byte() { return tl::unexpected(nack("no receive")); }
Result<void> EmulatedDevice::write_byte_data(std::uint8_t, std::uint8_t) { return tl::unexpected(nack("no write")); }
Result<void> EmulatedDevice::send_byte(std::uint8_t) { return tl::unexpected(nack("no send")); }

At24Device::At24Device(std::vector<std::uint8_t> image) { fill_image(data_, image); }

Result<std::uint8_t> At24Device::read_byte_data(std::uint8_t offset) { return data_[offset]; }

Result<void> At24Device::write_byte_data(std::uint8_t reg, std::uint8_t value) {
    data_[reg] = value;  // a real 24C02 would store it: exactly the damage the guard prevents
    ++stray_writes_;
    return {};
}

Ee1004Device::Ee1004Device(std::vector<std::uint8_t> image, std::shared_ptr<Ee1004Segment> segment)
    : segment_(std::move(segment)) {
    fill_image(data_, image);
}

Result<std::uint8_t> Ee1004Device::read_byte_data(std::uint8_t offset) {
    return data_[static_cast<std::size_t>(segment_->page) * 256 + offset];
}

Result<void> Ee1004Device::write_byte_data(std::uint8_t reg, std::uint8_t value) {
    data_[static_cast<std::size_t>(segment_->page) * 256 + reg] = value;
    ++stray_writes_;
    return {};
}

Spd5118Device::Spd5118Device(std::vector<std::uint8_t> image, Spd5118Config c) : hide_(c.hide_registers_off_page0) {
    fill_image(nvm_, image);
    registers_[0x00] = 0x51;
    registers_[0x01] = c.device_type_lsb;
    registers_[0x02] = c.revision;
    registers_[0x03] = c.vendor_bank;
    registers_[0x04] = c.vendor_code;
    registers_[0x05] = c.device_type_lsb == 0x18 ? 0x03 : 0x01;  // MR5: hub + (TS) supported
    registers_[0x0b] = c.mr11;
    registers_[0x0c] = static_cast<std::uint8_t>(c.write_protect & 0xff);
    registers_[0x0d] = static_cast<std::uint8_t>(c.write_protect >> 8);
    // MR49/MR50: temperature, 0.25 degC per LSB in bits [12:2] (two's complement).
    const auto quarter = static_cast<std::int32_t>(std::lround(c.temperature_c * 4.0));
    const auto raw = static_cast<std::uint16_t>((static_cast<std::uint32_t>(quarter) << 2) & 0x1ffcU);
    registers_[0x31] = static_cast<std::uint8_t>(raw & 0xff);
    registers_[0x32] = static_cast<std::uint8_t>(raw >> 8);
}

Result<std::uint8_t> Spd5118Device::read_byte_data(std::uint8_t offset) {
    const unsigned page = registers_[0x0b] & 0x07U;
    if (offset >= 0x80) return nvm_[page * 128 + (offset - 0x80U)];
    if (hide_ && page != 0 && offset != 0x0b) return std::uint8_t{0};
    return registers_[offset];
}

Result<void> Spd5118Device::write_byte_data(std::uint8_t reg, std::uint8_t value) {
    if (reg == 0x0b) {
        // Page select and addressing mode: the one register a reader may write (bits [3:0]).
        // Changing the addressing mode (bit 3) is never legitimate; a page select that keeps
        // the mode a BIOS left behind (2-byte mode included) is.
        if (((value ^ registers_[0x0b]) & 0x08) != 0) ++stray_writes_;
        registers_[0x0b] = static_cast<std::uint8_t>(value & 0x0f);
        return {};
    }
    ++stray_writes_;
    if (reg >= 0x80) {
        const unsigned page = registers_[0x0b] & 0x07U;
        const std::size_t at = page * 128 + (reg - 0x80U);
        const unsigned block = static_cast<unsigned>(at / 64);
        const unsigned protect = static_cast<unsigned>(registers_[0x0c]) | (static_cast<unsigned>(registers_[0x0d]) << 8);
        if ((protect >> block) & 1U) return {};  // protected block: write ignored
        nvm_[at] = value;
    } else {
        registers_[reg] = value;
    }
    return {};
}

RegisterDevice::RegisterDevice(std::string model, std::map<std::uint8_t, std::uint8_t> registers)
    : model_(std::move(model)), registers_(std::move(registers)) {}

Result<std::uint8_t> RegisterDevice::read_byte_data(std::uint8_t offset) {
    const auto it = registers_.find(offset);
    return it == registers_.end() ? std::uint8_t{0} : it->second;
}

Result<void> RegisterDevice::write_byte_data(std::uint8_t, std::uint8_t) {
    ++stray_writes_;
    return {};
}

EmulatedBus::EmulatedBus(std::string name, std::uint32_t clock_hz, BusCapabilities capabilities)
    : name_(std::move(name)), clock_hz_(clock_hz), capabilities_(capabilities) {}

Result<void> EmulatedBus::attach(Address address, std::shared_ptr<EmulatedDevice> device) {
    if (address > 0x7f) return fail(Errc::usage, id() + ": " + hex_byte(address) + " is not a 7-bit address");
    if (address == ee1004_spa0 || address == ee1004_spa1) {
        if (device->model() == "ts") {
            // DDR5 TS1 lives at 0x30-0x37; it may sit on 0x36/0x37 only without any EE1004.
        } else {
            return fail(Errc::usage, id() + ": " + hex_byte(address) + " is reserved for EE1004 page commands");
        }
    }
    if (!devices_.emplace(address, std::move(device)).second) {
        return fail(Errc::usage, id() + ": two devices at " + hex_byte(address));
    }
    has_ee1004_ = has_ee1004_ || devices_.at(address)->model() == "ee1004";
    return {};
}

std::shared_ptr<EmulatedDevice> EmulatedBus::device_at(Address address) const {
    const auto it = devices_.find(address);
    return it == devices_.end() ? nullptr : it->second;
}

std::uint64_t EmulatedBus::stray_writes() const {
    std::uint64_t n = 0;
    for (const auto& [address, device] : devices_) n += device->stray_writes();
    return n;
}

Result<EmulatedDevice*> EmulatedBus::find(Address device, std::uint8_t offset) {
    const auto it = devices_.find(device);
    if (it == devices_.end()) {
        return fail(Errc::nack, id() + " " + hex_byte(device) + ": nack at byte " + hex_byte(offset));
    }
    return it->second.get();
}

Result<std::uint8_t> EmulatedBus::do_read_byte_data(Address device, std::uint8_t offset) {
    auto d = find(device, offset);
    if (!d) return tl::unexpected(d.error());
    auto r = (*d)->read_byte_data(offset);
    if (!r) return fail(Errc::nack, id() + " " + hex_byte(device) + ": nack at byte " + hex_byte(offset));
    return r;
}

// A word read is a two-byte sequential read: the device's address pointer advances exactly as
// for an I2C block read (SMBus word = low byte at `offset`, high byte at `offset` + 1).
Result<std::array<std::uint8_t, 2>> EmulatedBus::do_read_word_data(Address device, std::uint8_t offset) {
    std::array<std::uint8_t, 2> word{};
    if (auto r = do_read_i2c_block(device, offset, word); !r) return tl::unexpected(r.error());
    return word;
}

Result<void> EmulatedBus::do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) {
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto b = do_read_byte_data(device, static_cast<std::uint8_t>(offset + i));
        if (!b) return tl::unexpected(b.error());
        out[i] = *b;
    }
    return {};
}

Result<std::uint8_t> EmulatedBus::do_receive_byte(Address device) {
    if (device == ee1004_spa0 && has_ee1004_) {
        // RPA: the EE1004s ACK while page 0 is selected and NACK on page 1.
        if (segment_->page == 0) return std::uint8_t{0xff};
        return fail(Errc::nack, id() + " 0x36: nack (page 1 selected)");
    }
    auto d = find(device, 0);
    if (!d) return tl::unexpected(d.error());
    return (*d)->receive_byte();
}

Result<void> EmulatedBus::do_send_byte(Address device, std::uint8_t value) {
    if ((device == ee1004_spa0 || device == ee1004_spa1) && has_ee1004_) {
        segment_->page = device == ee1004_spa0 ? 0 : 1;
        return {};
    }
    auto d = find(device, value);
    if (!d) return tl::unexpected(d.error());
    return (*d)->send_byte(value);
}

Result<void> EmulatedBus::do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) {
    auto d = find(device, reg);
    if (!d) return tl::unexpected(d.error());
    auto r = (*d)->write_byte_data(reg, value);
    if (!r) return fail(Errc::nack, id() + " " + hex_byte(device) + ": nack writing " + hex_byte(reg));
    return r;
}

}  // namespace dimmguard::firmware_io
