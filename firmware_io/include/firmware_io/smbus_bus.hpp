// SPDX-License-Identifier: GPL-3.0-or-later
// The SMBus as SPD reading needs it: reads, plus the two protocol page-select writes, behind a
// guard that no back end can skip (public calls are non-virtual and check first).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "dimmguard/result.hpp"

namespace dimmguard::firmware_io {

/// 7-bit I2C address.
using Address = std::uint8_t;

/// What the adapter can do (Linux: I2C_FUNCS; emulated: declared in the bench file).
struct BusCapabilities {
    bool read_byte_data = true;
    bool read_i2c_block = true;   ///< i801 yes (ICH5+), piix4 no
    bool read_word_data = true;   ///< i801 and piix4 yes (the best piix4 offers: 2 bytes per transaction)
    bool receive_byte = true;
    bool send_byte = true;
    bool write_byte_data = true;
};

/// The SMBus transactions dimmguard ever issues.
enum class TransactionKind { read_byte_data, read_word_data, read_i2c_block, receive_byte, send_byte, write_byte_data };

/// Bits on the wire: START, repeated START and STOP cost one bit-time each, every byte 9 clocks
/// (8 data + ACK). Read byte data = 39, read word data = 48 (START + addr/W 9 + cmd 9 + Sr +
/// addr/R 9 + 2 data bytes 18 + STOP), I2C block read of N bytes = 30 + 9N, send byte = 20,
/// write byte data = 29, receive byte = 20 (spd-reference.md 1.1). A lower bound: bus-free
/// time and clock stretching are not counted.
[[nodiscard]] constexpr std::uint32_t wire_bits(TransactionKind kind, std::size_t data_bytes = 1) noexcept {
    switch (kind) {
    case TransactionKind::read_byte_data: return 39;
    case TransactionKind::read_word_data: return 48;
    case TransactionKind::read_i2c_block: return 30 + 9 * static_cast<std::uint32_t>(data_bytes);
    case TransactionKind::receive_byte: return 20;
    case TransactionKind::send_byte: return 20;
    case TransactionKind::write_byte_data: return 29;
    }
    return 0;
}

/// Counters of everything that reached the back end through this bus object.
struct BusStats {
    std::uint64_t transactions = 0;
    std::uint64_t wire_bits = 0;
    std::uint64_t bytes_read = 0;
    std::uint64_t writes = 0;          ///< page selects that reached the back end
    std::uint64_t refused_writes = 0;  ///< writes the guard stopped
    std::uint64_t errors = 0;          ///< failed transactions (nack, timeout, io)
    /// Wire time at the given clock, in microseconds.
    [[nodiscard]] double wire_us(std::uint32_t clock_hz) const noexcept {
        return clock_hz == 0 ? 0.0 : static_cast<double>(wire_bits) * 1e6 / clock_hz;
    }
};

/// Addresses and registers of the protocol writes (spd-reference.md 9.3).
inline constexpr Address ee1004_spa0 = 0x36;   ///< set page 0 / read page address
inline constexpr Address ee1004_spa1 = 0x37;   ///< set page 1
inline constexpr std::uint8_t spd5118_mr11 = 0x0b;
inline constexpr std::uint8_t spd5118_mr11_addressing_bit = 0x08;
[[nodiscard]] constexpr bool is_spd_address(Address a) noexcept { return a >= 0x50 && a <= 0x57; }

/// A bus segment. Reads (byte, word, I2C block) go anywhere; the only writes that can ever reach a back end are
///  W1  send-byte 0x00 to 0x36/0x37 (EE1004 page select), and only after this bus has seen a
///      DDR4 SPD (byte 2 = 0x0c) on the segment and no DDR5 hub signature anywhere on it;
///  W2  write-byte-data to MR11 (0x0b) of an SPD5118 hub at 0x50-0x57, value = addressing bit as
///      last read from that hub's MR11 | page 0-7, and only after that address answered with the
///      hub signature (MR0 = 0x51, MR1 = 0x18 or 0x08). One exception (spd-reference.md 10.3): on
///      a segment where another address has shown the hub signature, an address whose MR0-MR2
///      read 0 and whose MR11 selects a page other than 0 (a hub hiding its registers) may be
///      switched to page 0, and only to page 0.
/// Everything else is refused with Errc::usage before any back end sees it.
class SmbusBus {
public:
    virtual ~SmbusBus() = default;
    SmbusBus(const SmbusBus&) = delete;
    SmbusBus& operator=(const SmbusBus&) = delete;

    /// Read one register / SPD byte. Errc::nack when nothing answers.
    [[nodiscard]] Result<std::uint8_t> read_byte_data(Address device, std::uint8_t offset);
    /// SMBus read word data: the bytes at `offset` ([0], the low byte of the SMBus word) and
    /// `offset` + 1 ([1], the high byte). Errc::usage for a word that would cross 0x7f->0x80 or
    /// wrap past 0xff (offset 0x7f or 0xff), Errc::unsupported when the adapter cannot. The guard
    /// learns from the two bytes exactly as from byte and block reads.
    [[nodiscard]] Result<std::array<std::uint8_t, 2>> read_word_data(Address device, std::uint8_t offset);
    /// I2C block read of 1-32 bytes that does not cross 0x7f->0x80 or wrap past 0xff; Errc::unsupported
    /// when the adapter cannot, Errc::usage for a bad length or a crossing.
    [[nodiscard]] Result<void> read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out);
    /// EE1004 read page address (receive byte at 0x36): true when page 0 is selected (ACK),
    /// false for page 1 (NACK). Errc::io for other failures.
    [[nodiscard]] Result<bool> ee1004_page_is_zero();
    /// W1: EE1004 set page (send byte to 0x36 for page 0, 0x37 for page 1).
    [[nodiscard]] Result<void> select_ee1004_page(int page);
    /// W2: SPD5118 page select through MR11, preserving the addressing-mode bit.
    [[nodiscard]] Result<void> select_spd5118_page(Address hub, int page);

    /// Raw write entry points. They exist so that every write, from any caller, goes through the
    /// same allow-list; anything that is not exactly W1 or W2 is refused (Errc::usage).
    [[nodiscard]] Result<void> send_byte(Address device, std::uint8_t value);
    [[nodiscard]] Result<void> write_byte_data(Address device, std::uint8_t reg, std::uint8_t value);

    [[nodiscard]] virtual std::string name() const = 0;          ///< "i2c-1 (SMBus I801 adapter at efa0)"
    /// The short bus name used in messages and recordings: name() up to the first space ("i2c-1").
    [[nodiscard]] std::string id() const {
        std::string n = name();
        return n.substr(0, n.find(' '));
    }
    [[nodiscard]] virtual BusCapabilities capabilities() const = 0;
    [[nodiscard]] virtual std::uint32_t clock_hz() const { return 100'000; }
    [[nodiscard]] const BusStats& stats() const noexcept { return stats_; }

    /// Forget what the guard learned (a new session on the bus, e.g. modules were swapped).
    void reset_guard() noexcept;

protected:
    SmbusBus() = default;

private:
    virtual Result<std::uint8_t> do_read_byte_data(Address device, std::uint8_t offset) = 0;
    virtual Result<std::array<std::uint8_t, 2>> do_read_word_data(Address device, std::uint8_t offset) = 0;
    virtual Result<void> do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) = 0;
    virtual Result<std::uint8_t> do_receive_byte(Address device) = 0;
    virtual Result<void> do_send_byte(Address device, std::uint8_t value) = 0;
    virtual Result<void> do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) = 0;

    void observe_read(Address device, std::uint8_t offset, std::span<const std::uint8_t> bytes);
    Result<void> refuse(std::string why);
    template <class T>
    Result<T> count(Result<T> result, TransactionKind kind, std::size_t bytes);

    // What the guard has seen on this segment, per SPD address (index address - 0x50).
    struct SlotSeen {
        std::optional<std::uint8_t> mr0, mr1, mr11, byte2;
        bool hub = false;   ///< the hub signature was seen here (sticky until reset_guard)
        bool ddr4 = false;  ///< byte 2 = 0x0c was seen here on page 0 (sticky)
    };
    std::array<SlotSeen, 8> seen_{};
    bool ee1004_page1_ = false;  ///< our own last page select (reads at offsets <0x80 are then page 1)
    BusStats stats_;
};

}  // namespace dimmguard::firmware_io
