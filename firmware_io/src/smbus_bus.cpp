// SPDX-License-Identifier: GPL-3.0-or-later
// The write guard and accounting shared by every bus back end and decorator.
#include "firmware_io/smbus_bus.hpp"

#include <algorithm>

#include "dimmguard/bytes.hpp"

namespace dimmguard::firmware_io {
namespace {

bool hub_signature(std::optional<std::uint8_t> mr0, std::optional<std::uint8_t> mr1) {
    return mr0 == 0x51 && (mr1 == 0x18 || mr1 == 0x08);
}

std::string where(const SmbusBus& bus, Address device) { return bus.id() + " " + hex_byte(device); }

}  // namespace

template <class T>
Result<T> SmbusBus::count(Result<T> result, TransactionKind kind, std::size_t bytes) {
    ++stats_.transactions;
    stats_.wire_bits += wire_bits(kind, bytes);
    if (!result) ++stats_.errors;
    return result;
}

void SmbusBus::observe_read(Address device, std::uint8_t offset, std::span<const std::uint8_t> bytes) {
    if (!is_spd_address(device)) return;
    SlotSeen& slot = seen_[static_cast<std::size_t>(device - 0x50)];
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const std::size_t at = offset + i;
        // Offsets 0x00-0x7f are SPD bytes 0-127 on DDR3/DDR4 page 0 and MR0-MR127 on a DDR5 hub.
        if (ee1004_page1_) continue;
        if (at == 0x00) slot.mr0 = bytes[i];
        if (at == 0x01) slot.mr1 = bytes[i];
        if (at == 0x02) slot.byte2 = bytes[i];
        if (at == spd5118_mr11) slot.mr11 = bytes[i];
    }
    slot.hub = slot.hub || hub_signature(slot.mr0, slot.mr1);
    slot.ddr4 = slot.ddr4 || (slot.byte2 == 0x0c && !hub_signature(slot.mr0, slot.mr1));
}

namespace {
// A hub that hides MR0-MR127 while MR11 selects another page (Renesas/IDT, spd-reference 4.1).
bool hiding_hub(std::optional<std::uint8_t> mr0, std::optional<std::uint8_t> mr1, std::optional<std::uint8_t> byte2,
                std::optional<std::uint8_t> mr11) {
    return mr0 == 0x00 && mr1 == 0x00 && byte2 == 0x00 && mr11 && (*mr11 & 0xf0) == 0 && (*mr11 & 0x07) != 0;
}
}  // namespace

Result<void> SmbusBus::refuse(std::string why) {
    ++stats_.refused_writes;
    return fail(Errc::usage, "refused write: " + std::move(why));
}

void SmbusBus::reset_guard() noexcept {
    seen_ = {};
    ee1004_page1_ = false;
}

Result<std::uint8_t> SmbusBus::read_byte_data(Address device, std::uint8_t offset) {
    auto r = count(do_read_byte_data(device, offset), TransactionKind::read_byte_data, 1);
    if (r) {
        ++stats_.bytes_read;
        const std::uint8_t value = *r;
        observe_read(device, offset, std::span<const std::uint8_t>(&value, 1));
    }
    return r;
}

Result<std::array<std::uint8_t, 2>> SmbusBus::read_word_data(Address device, std::uint8_t offset) {
    // The same window rule as block reads: offset and offset + 1 must sit in one half (0x00-0x7f
    // registers / page-independent, 0x80-0xff the NVM page) and must not wrap to 0x00.
    if (offset == 0x7f || offset == 0xff) {
        return fail(Errc::usage, where(*this, device) + ": word read at " + hex_byte(offset) +
                                     " would cross a 128-byte window boundary");
    }
    if (!capabilities().read_word_data) {
        return fail(Errc::unsupported, id() + ": adapter has no read word data");
    }
    auto r = count(do_read_word_data(device, offset), TransactionKind::read_word_data, 2);
    if (r) {
        stats_.bytes_read += 2;
        observe_read(device, offset, *r);
    }
    return r;
}

Result<void> SmbusBus::read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) {
    if (out.empty() || out.size() > 32) {
        return fail(Errc::usage, where(*this, device) + ": i2c block read of " + std::to_string(out.size()) +
                                     " bytes (1-32 allowed)");
    }
    const std::size_t last = offset + out.size() - 1;
    if (last > 0xff || (offset < 0x80 && last >= 0x80)) {
        return fail(Errc::usage, where(*this, device) + ": i2c block read at " + hex_byte(offset) +
                                     " would cross a 128-byte window boundary");
    }
    if (!capabilities().read_i2c_block) {
        return fail(Errc::unsupported, id() + ": adapter has no i2c block read");
    }
    auto r = count(do_read_i2c_block(device, offset, out), TransactionKind::read_i2c_block, out.size());
    if (r) {
        stats_.bytes_read += out.size();
        observe_read(device, offset, out);
    }
    return r;
}

Result<bool> SmbusBus::ee1004_page_is_zero() {
    auto r = count(do_receive_byte(ee1004_spa0), TransactionKind::receive_byte, 1);
    if (r) return true;
    if (r.error().code == Errc::nack) return false;  // RPA: NACK means page 1
    return tl::unexpected(r.error());
}

Result<void> SmbusBus::send_byte(Address device, std::uint8_t value) {
    if (device != ee1004_spa0 && device != ee1004_spa1) {
        return refuse(where(*this, device) + ": send byte is only allowed to the EE1004 page addresses 0x36/0x37");
    }
    if (value != 0x00) return refuse(where(*this, device) + ": EE1004 page select carries 0x00, not " + hex_byte(value));
    const bool hub_on_segment = std::any_of(seen_.begin(), seen_.end(), [](const SlotSeen& s) { return s.hub; });
    if (hub_on_segment) {
        return refuse(where(*this, device) + ": a DDR5 hub answers on this segment, where 0x30-0x37 is a thermal sensor");
    }
    const bool ddr4_seen = std::any_of(seen_.begin(), seen_.end(), [](const SlotSeen& s) { return s.ddr4; });
    if (!ddr4_seen) {
        return refuse(where(*this, device) + ": no DDR4 SPD confirmed on this segment (on DDR3 buses 0x30-0x37 "
                                             "is the permanent write-protect command)");
    }
    auto r = count(do_send_byte(device, value), TransactionKind::send_byte, 1);
    if (r) {
        ++stats_.writes;
        ee1004_page1_ = device == ee1004_spa1;
    }
    return r;
}

Result<void> SmbusBus::write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) {
    if (!is_spd_address(device)) {
        return refuse(where(*this, device) + ": writes are only allowed to SPD hubs at 0x50-0x57");
    }
    if (reg != spd5118_mr11) {
        return refuse(where(*this, device) + ": register " + hex_byte(reg) + " is not the SPD5118 page register MR11");
    }
    const SlotSeen& slot = seen_[static_cast<std::size_t>(device - 0x50)];
    if (!slot.mr11) return refuse(where(*this, device) + ": MR11 must be read before it is written");
    if (!slot.hub) {
        const bool other_hub = std::any_of(seen_.begin(), seen_.end(), [](const SlotSeen& s) { return s.hub; });
        const bool back_to_page0 = value == (*slot.mr11 & spd5118_mr11_addressing_bit);
        if (!(other_hub && back_to_page0 && hiding_hub(slot.mr0, slot.mr1, slot.byte2, slot.mr11))) {
            return refuse(where(*this, device) + ": no SPD5118 hub signature read at this address (on DDR4 this would "
                                                 "overwrite SPD byte 11)");
        }
    }
    if ((value & 0xf0) != 0) return refuse(where(*this, device) + ": MR11 value " + hex_byte(value) + " sets reserved bits");
    if ((value & spd5118_mr11_addressing_bit) != (*slot.mr11 & spd5118_mr11_addressing_bit)) {
        return refuse(where(*this, device) + ": MR11 write would change the addressing mode (bit 3)");
    }
    auto r = count(do_write_byte_data(device, reg, value), TransactionKind::write_byte_data, 1);
    if (r) {
        ++stats_.writes;
        seen_[static_cast<std::size_t>(device - 0x50)].mr11 = value;
    }
    return r;
}

Result<void> SmbusBus::select_ee1004_page(int page) {
    if (page != 0 && page != 1) return fail(Errc::usage, "EE1004 page " + std::to_string(page) + " does not exist");
    return send_byte(page == 0 ? ee1004_spa0 : ee1004_spa1, 0x00);
}

Result<void> SmbusBus::select_spd5118_page(Address hub, int page) {
    if (page < 0 || page > 7) return fail(Errc::usage, "SPD5118 page " + std::to_string(page) + " does not exist");
    if (!is_spd_address(hub)) return refuse(where(*this, hub) + ": not an SPD hub address");
    const auto& slot = seen_[static_cast<std::size_t>(hub - 0x50)];
    const std::uint8_t mode = slot.mr11.value_or(0) & spd5118_mr11_addressing_bit;
    return write_byte_data(hub, spd5118_mr11, static_cast<std::uint8_t>(mode | page));
}

}  // namespace dimmguard::firmware_io
