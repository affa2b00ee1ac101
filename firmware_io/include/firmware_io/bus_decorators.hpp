// SPDX-License-Identifier: GPL-3.0-or-later
// Bus decorators: record every transaction as a text line, replay a recording as a bus, and
// inject seeded faults. Each is itself an SmbusBus, so the guard runs at every layer.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "firmware_io/smbus_bus.hpp"

namespace dimmguard::firmware_io {

/// Passes everything to `inner` and writes one line per transaction:
///   "i2c-0 rb 0x50 0x00 -> 0x23"            read byte data
///   "i2c-0 rw 0x50 0x00 -> 2311"            read word data (hex of the bytes at 0x00 and 0x01,
///                                           in bus order: SMBus low byte first)
///   "i2c-0 rblk 0x50 0x80 32 -> 2311...00"  i2c block read (hex of the bytes)
///   "i2c-0 rx 0x36 -> ack" / "-> nack"      receive byte (EE1004 read page address)
///   "i2c-0 tx 0x36 0x00 -> ok"              send byte (EE1004 page select)
///   "i2c-0 wb 0x50 0x0b 0x01 -> ok"         write byte data (SPD5118 MR11)
/// A failed transaction ends in "-> error <code>". A write the guard refuses never reaches
/// this decorator's inner bus and leaves no line (stats().refused_writes counts it).
class RecordingBus final : public SmbusBus {
public:
    explicit RecordingBus(std::shared_ptr<SmbusBus> inner);
    [[nodiscard]] const std::vector<std::string>& lines() const noexcept { return lines_; }
    /// Transactions that wrote (tx / wb lines), for safety assertions.
    [[nodiscard]] std::vector<std::string> write_lines() const;
    [[nodiscard]] std::string name() const override { return inner_->name(); }
    [[nodiscard]] BusCapabilities capabilities() const override { return inner_->capabilities(); }
    [[nodiscard]] std::uint32_t clock_hz() const override { return inner_->clock_hz(); }

private:
    Result<std::uint8_t> do_read_byte_data(Address device, std::uint8_t offset) override;
    Result<std::array<std::uint8_t, 2>> do_read_word_data(Address device, std::uint8_t offset) override;
    Result<void> do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) override;
    Result<std::uint8_t> do_receive_byte(Address device) override;
    Result<void> do_send_byte(Address device, std::uint8_t value) override;
    Result<void> do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) override;

    std::shared_ptr<SmbusBus> inner_;
    std::vector<std::string> lines_;
};

/// Serves a recording made by RecordingBus: each request must match the next line exactly
/// (kind, address, offset, length, value); the first mismatch fails with Errc::io naming the
/// expected and the actual request, and so does a request after the end of the recording.
class ReplayBus final : public SmbusBus {
public:
    /// Errc::bad_format names the line that cannot be parsed.
    [[nodiscard]] static Result<std::unique_ptr<ReplayBus>> load(const std::vector<std::string>& lines,
                                                                 std::string name, BusCapabilities capabilities = {},
                                                                 std::uint32_t clock_hz = 100'000);
    [[nodiscard]] std::size_t remaining() const noexcept { return entries_.size() - next_; }
    [[nodiscard]] std::string name() const override { return name_; }
    [[nodiscard]] BusCapabilities capabilities() const override { return capabilities_; }
    [[nodiscard]] std::uint32_t clock_hz() const override { return clock_hz_; }

private:
    struct Entry {
        std::string request;              ///< the line up to " -> "
        bool ok = true;
        Errc error = Errc::io;
        std::vector<std::uint8_t> data;   ///< read result
    };
    ReplayBus() = default;
    Result<const Entry*> expect(const std::string& request);
    Result<std::uint8_t> do_read_byte_data(Address device, std::uint8_t offset) override;
    Result<std::array<std::uint8_t, 2>> do_read_word_data(Address device, std::uint8_t offset) override;
    Result<void> do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) override;
    Result<std::uint8_t> do_receive_byte(Address device) override;
    Result<void> do_send_byte(Address device, std::uint8_t value) override;
    Result<void> do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) override;

    std::string name_;
    BusCapabilities capabilities_;
    std::uint32_t clock_hz_ = 100'000;
    std::vector<Entry> entries_;
    std::size_t next_ = 0;
};

/// Fault mix for FaultyBus; rates are per transaction, 0..1.
struct FaultPlan {
    std::uint64_t seed = 1;
    double nack_rate = 0.0;       ///< transaction fails with Errc::nack
    double timeout_rate = 0.0;    ///< transaction fails with Errc::timeout
    double bitflip_rate = 0.0;    ///< one bit of the returned data is flipped (silently!)
    std::int64_t vanish_after = -1;  ///< after this many transactions every address NACKs (-1: never)
};

/// Injects faults into reads (and page-select writes) of `inner`. The same seed and the same
/// sequence of requests give the same faults.
class FaultyBus final : public SmbusBus {
public:
    FaultyBus(std::shared_ptr<SmbusBus> inner, FaultPlan plan);
    [[nodiscard]] std::uint64_t injected() const noexcept { return injected_; }
    [[nodiscard]] std::string name() const override { return inner_->name(); }
    [[nodiscard]] BusCapabilities capabilities() const override { return inner_->capabilities(); }
    [[nodiscard]] std::uint32_t clock_hz() const override { return inner_->clock_hz(); }

private:
    enum class Fault { none, nack, timeout, bitflip, vanished };
    Fault roll();
    Error fault_error(Fault fault, Address device, std::uint8_t offset) const;
    Result<std::uint8_t> do_read_byte_data(Address device, std::uint8_t offset) override;
    Result<std::array<std::uint8_t, 2>> do_read_word_data(Address device, std::uint8_t offset) override;
    Result<void> do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) override;
    Result<std::uint8_t> do_receive_byte(Address device) override;
    Result<void> do_send_byte(Address device, std::uint8_t value) override;
    Result<void> do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) override;

    std::shared_ptr<SmbusBus> inner_;
    FaultPlan plan_;
    std::mt19937_64 rng_;
    std::int64_t transactions_ = 0;
    std::uint64_t injected_ = 0;
};

}  // namespace dimmguard::firmware_io
