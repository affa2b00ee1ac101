// SPDX-License-Identifier: GPL-3.0-or-later
// Recording, replay and fault-injecting bus decorators.
#include "firmware_io/bus_decorators.hpp"

#include <algorithm>
#include <sstream>

#include "dimmguard/bytes.hpp"

namespace dimmguard::firmware_io {
namespace {

std::string outcome(const Error& e) { return "error " + std::string(errc_name(e.code)); }

std::optional<Errc> errc_from_name(std::string_view name) {
    for (Errc c : {Errc::usage, Errc::not_found, Errc::permission_denied, Errc::busy, Errc::nack, Errc::io,
                   Errc::timeout, Errc::truncated, Errc::bad_format, Errc::unsupported, Errc::signature_invalid,
                   Errc::untrusted_key, Errc::db, Errc::cancelled, Errc::internal}) {
        if (errc_name(c) == name) return c;
    }
    return std::nullopt;
}

std::string request_rb(const std::string& bus, Address d, std::uint8_t off) {
    return bus + " rb " + hex_byte(d) + " " + hex_byte(off);
}
std::string request_rw(const std::string& bus, Address d, std::uint8_t off) {
    return bus + " rw " + hex_byte(d) + " " + hex_byte(off);
}
std::string request_rblk(const std::string& bus, Address d, std::uint8_t off, std::size_t n) {
    return bus + " rblk " + hex_byte(d) + " " + hex_byte(off) + " " + std::to_string(n);
}
std::string request_rx(const std::string& bus, Address d) { return bus + " rx " + hex_byte(d); }
std::string request_tx(const std::string& bus, Address d, std::uint8_t v) {
    return bus + " tx " + hex_byte(d) + " " + hex_byte(v);
}
std::string request_wb(const std::string& bus, Address d, std::uint8_t reg, std::uint8_t v) {
    return bus + " wb " + hex_byte(d) + " " + hex_byte(reg) + " " + hex_byte(v);
}

// The bus name is the first token of a line; requests are compared without it so that a
// recording replays on a bus with another name.
std::string strip_bus(const std::string& request) {
    const auto space = request.find(' ');
    return space == std::string::npos ? request : request.substr(space + 1);
}

}  // namespace

// ---------------------------------------------------------------- RecordingBus

RecordingBus::RecordingBus(std::shared_ptr<SmbusBus> inner) : inner_(std::move(inner)) {}

std::vector<std::string> RecordingBus::write_lines() const {
    std::vector<std::string> out;
    for (const auto& line : lines_) {
        const std::string request = strip_bus(line);
        if (request.starts_with("tx ") || request.starts_with("wb ")) out.push_back(line);
    }
    return out;
}

Result<std::uint8_t> RecordingBus::do_read_byte_data(Address device, std::uint8_t offset) {
    auto r = inner_->read_byte_data(device, offset);
    lines_.push_back(request_rb(id(), device, offset) + " -> " + (r ? hex_byte(*r) : outcome(r.error())));
    return r;
}

Result<std::array<std::uint8_t, 2>> RecordingBus::do_read_word_data(Address device, std::uint8_t offset) {
    auto r = inner_->read_word_data(device, offset);
    lines_.push_back(request_rw(id(), device, offset) + " -> " +
                     (r ? to_hex(std::span<const std::uint8_t>(r->data(), r->size())) : outcome(r.error())));
    return r;
}

Result<void> RecordingBus::do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) {
    auto r = inner_->read_i2c_block(device, offset, out);
    lines_.push_back(request_rblk(id(), device, offset, out.size()) + " -> " +
                     (r ? to_hex(std::span<const std::uint8_t>(out.data(), out.size())) : outcome(r.error())));
    return r;
}

Result<std::uint8_t> RecordingBus::do_receive_byte(Address device) {
    // Only the EE1004 read-page-address probe uses receive byte; record it as ack / nack.
    auto r = inner_->ee1004_page_is_zero();
    (void)device;
    lines_.push_back(request_rx(id(), ee1004_spa0) + " -> " + (r ? (*r ? "ack" : "nack") : outcome(r.error())));
    if (!r) return tl::unexpected(r.error());
    if (!*r) return fail(Errc::nack, id() + " 0x36: nack (page 1 selected)");
    return std::uint8_t{0xff};
}

Result<void> RecordingBus::do_send_byte(Address device, std::uint8_t value) {
    auto r = inner_->send_byte(device, value);
    lines_.push_back(request_tx(id(), device, value) + " -> " +
                     (r ? std::string("ok") : (r.error().code == Errc::usage ? "refused" : outcome(r.error()))));
    return r;
}

Result<void> RecordingBus::do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) {
    auto r = inner_->write_byte_data(device, reg, value);
    lines_.push_back(request_wb(id(), device, reg, value) + " -> " +
                     (r ? std::string("ok") : (r.error().code == Errc::usage ? "refused" : outcome(r.error()))));
    return r;
}

// ---------------------------------------------------------------- ReplayBus

Result<std::unique_ptr<ReplayBus>> ReplayBus::load(const std::vector<std::string>& lines, std::string name,
                                                   BusCapabilities capabilities, std::uint32_t clock_hz) {
    std::unique_ptr<ReplayBus> bus(new ReplayBus());
    bus->name_ = std::move(name);
    bus->capabilities_ = capabilities;
    bus->clock_hz_ = clock_hz;
    std::size_t number = 0;
    for (const auto& raw : lines) {
        ++number;
        if (raw.empty() || raw.front() == '#') continue;
        const auto arrow = raw.find(" -> ");
        if (arrow == std::string::npos) {
            return fail(Errc::bad_format, "recording line " + std::to_string(number) + ": no ' -> ' in '" + raw + "'");
        }
        Entry e;
        e.request = strip_bus(raw.substr(0, arrow));
        const std::string result = raw.substr(arrow + 4);
        if (result.starts_with("error ")) {
            const auto code = errc_from_name(result.substr(6));
            if (!code) return fail(Errc::bad_format, "recording line " + std::to_string(number) + ": unknown error '" + result + "'");
            e.ok = false;
            e.error = *code;
        } else if (result == "refused") {
            continue;  // never reached the bus it was recorded on
        } else if (result == "nack") {
            e.ok = false;
            e.error = Errc::nack;
        } else if (result != "ok" && result != "ack") {
            std::string hex = result.starts_with("0x") ? result.substr(2) : result;
            if (hex.size() % 2 != 0 || hex.empty() ||
                !std::all_of(hex.begin(), hex.end(), [](unsigned char c) { return std::isxdigit(c) != 0; })) {
                return fail(Errc::bad_format, "recording line " + std::to_string(number) + ": bad data '" + result + "'");
            }
            for (std::size_t i = 0; i < hex.size(); i += 2) {
                e.data.push_back(static_cast<std::uint8_t>(hex_digit(hex[i]) << 4 | hex_digit(hex[i + 1])));
            }
        }
        bus->entries_.push_back(std::move(e));
    }
    return bus;
}

Result<const ReplayBus::Entry*> ReplayBus::expect(const std::string& request) {
    const std::string wanted = strip_bus(request);
    if (next_ >= entries_.size()) {
        return fail(Errc::io, id() + ": replay: request '" + wanted + "' after the end of the recording");
    }
    const Entry& e = entries_[next_];
    if (e.request != wanted) {
        return fail(Errc::io, id() + ": replay: expected '" + e.request + "', got '" + wanted + "' (transaction " +
                                  std::to_string(next_ + 1) + ")");
    }
    ++next_;
    return &e;
}

Result<std::uint8_t> ReplayBus::do_read_byte_data(Address device, std::uint8_t offset) {
    auto e = expect(request_rb(id(), device, offset));
    if (!e) return tl::unexpected(e.error());
    if (!(*e)->ok) return fail((*e)->error, id() + " " + hex_byte(device) + ": replayed " + std::string(errc_name((*e)->error)));
    if ((*e)->data.size() != 1) return fail(Errc::bad_format, id() + ": replay: read byte entry without one byte of data");
    return (*e)->data[0];
}

Result<std::array<std::uint8_t, 2>> ReplayBus::do_read_word_data(Address device, std::uint8_t offset) {
    auto e = expect(request_rw(id(), device, offset));
    if (!e) return tl::unexpected(e.error());
    if (!(*e)->ok) return fail((*e)->error, id() + " " + hex_byte(device) + ": replayed " + std::string(errc_name((*e)->error)));
    if ((*e)->data.size() != 2) return fail(Errc::bad_format, id() + ": replay: word entry without two bytes of data");
    return std::array<std::uint8_t, 2>{(*e)->data[0], (*e)->data[1]};
}

Result<void> ReplayBus::do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) {
    auto e = expect(request_rblk(id(), device, offset, out.size()));
    if (!e) return tl::unexpected(e.error());
    if (!(*e)->ok) return fail((*e)->error, id() + " " + hex_byte(device) + ": replayed " + std::string(errc_name((*e)->error)));
    if ((*e)->data.size() != out.size()) return fail(Errc::bad_format, id() + ": replay: block entry of the wrong length");
    std::copy((*e)->data.begin(), (*e)->data.end(), out.begin());
    return {};
}

Result<std::uint8_t> ReplayBus::do_receive_byte(Address device) {
    auto e = expect(request_rx(id(), device));
    if (!e) return tl::unexpected(e.error());
    if (!(*e)->ok) return fail((*e)->error, id() + " " + hex_byte(device) + ": nack");
    return std::uint8_t{0xff};
}

Result<void> ReplayBus::do_send_byte(Address device, std::uint8_t value) {
    auto e = expect(request_tx(id(), device, value));
    if (!e) return tl::unexpected(e.error());
    if (!(*e)->ok) return fail((*e)->error, id() + " " + hex_byte(device) + ": replayed " + std::string(errc_name((*e)->error)));
    return {};
}

Result<void> ReplayBus::do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) {
    auto e = expect(request_wb(id(), device, reg, value));
    if (!e) return tl::unexpected(e.error());
    if (!(*e)->ok) return fail((*e)->error, id() + " " + hex_byte(device) + ": replayed " + std::string(errc_name((*e)->error)));
    return {};
}

// ---------------------------------------------------------------- FaultyBus

FaultyBus::FaultyBus(std::shared_ptr<SmbusBus> inner, FaultPlan plan)
    : inner_(std::move(inner)), plan_(plan), rng_(plan.seed) {}

FaultyBus::Fault FaultyBus::roll() {
    ++transactions_;
    if (plan_.vanish_after >= 0 && transactions_ > plan_.vanish_after) return Fault::vanished;
    // One draw per transaction keeps the fault sequence a pure function of seed and request count.
    const double x = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    double edge = plan_.nack_rate;
    if (x < edge) return Fault::nack;
    edge += plan_.timeout_rate;
    if (x < edge) return Fault::timeout;
    edge += plan_.bitflip_rate;
    if (x < edge) return Fault::bitflip;
    return Fault::none;
}

Error FaultyBus::fault_error(Fault fault, Address device, std::uint8_t offset) const {
    const std::string where = inner_->id() + " " + hex_byte(device);
    switch (fault) {
    case Fault::timeout: return Error{Errc::timeout, where + ": timeout at byte " + hex_byte(offset) + " (injected)"};
    case Fault::vanished: return Error{Errc::nack, where + ": nack at byte " + hex_byte(offset) + " (device vanished, injected)"};
    default: return Error{Errc::nack, where + ": nack at byte " + hex_byte(offset) + " (injected)"};
    }
}

Result<std::uint8_t> FaultyBus::do_read_byte_data(Address device, std::uint8_t offset) {
    const Fault f = roll();
    if (f == Fault::nack || f == Fault::timeout || f == Fault::vanished) {
        ++injected_;
        return tl::unexpected(fault_error(f, device, offset));
    }
    auto r = inner_->read_byte_data(device, offset);
    if (r && f == Fault::bitflip) {
        ++injected_;
        const auto bit = std::uniform_int_distribution<int>(0, 7)(rng_);
        return static_cast<std::uint8_t>(*r ^ (1U << bit));
    }
    return r;
}

Result<std::array<std::uint8_t, 2>> FaultyBus::do_read_word_data(Address device, std::uint8_t offset) {
    const Fault f = roll();
    if (f == Fault::nack || f == Fault::timeout || f == Fault::vanished) {
        ++injected_;
        return tl::unexpected(fault_error(f, device, offset));
    }
    auto r = inner_->read_word_data(device, offset);
    if (r && f == Fault::bitflip) {
        ++injected_;
        const auto index = std::uniform_int_distribution<std::size_t>(0, 1)(rng_);
        const auto bit = std::uniform_int_distribution<int>(0, 7)(rng_);
        (*r)[index] = static_cast<std::uint8_t>((*r)[index] ^ (1U << bit));
    }
    return r;
}

Result<void> FaultyBus::do_read_i2c_block(Address device, std::uint8_t offset, std::span<std::uint8_t> out) {
    const Fault f = roll();
    if (f == Fault::nack || f == Fault::timeout || f == Fault::vanished) {
        ++injected_;
        return tl::unexpected(fault_error(f, device, offset));
    }
    auto r = inner_->read_i2c_block(device, offset, out);
    if (r && f == Fault::bitflip) {
        ++injected_;
        const auto index = std::uniform_int_distribution<std::size_t>(0, out.size() - 1)(rng_);
        const auto bit = std::uniform_int_distribution<int>(0, 7)(rng_);
        out[index] = static_cast<std::uint8_t>(out[index] ^ (1U << bit));
    }
    return r;
}

Result<std::uint8_t> FaultyBus::do_receive_byte(Address device) {
    const Fault f = roll();
    if (f == Fault::timeout || f == Fault::vanished) {
        ++injected_;
        return tl::unexpected(fault_error(f, device, 0));
    }
    auto r = inner_->ee1004_page_is_zero();
    if (!r) return tl::unexpected(r.error());
    if (!*r) return fail(Errc::nack, inner_->id() + " 0x36: nack (page 1 selected)");
    return std::uint8_t{0xff};
}

Result<void> FaultyBus::do_send_byte(Address device, std::uint8_t value) {
    const Fault f = roll();
    if (f == Fault::nack || f == Fault::timeout || f == Fault::vanished) {
        ++injected_;
        return tl::unexpected(fault_error(f, device, value));
    }
    return inner_->send_byte(device, value);
}

Result<void> FaultyBus::do_write_byte_data(Address device, std::uint8_t reg, std::uint8_t value) {
    const Fault f = roll();
    if (f == Fault::nack || f == Fault::timeout || f == Fault::vanished) {
        ++injected_;
        return tl::unexpected(fault_error(f, device, reg));
    }
    return inner_->write_byte_data(device, reg, value);
}

}  // namespace dimmguard::firmware_io
