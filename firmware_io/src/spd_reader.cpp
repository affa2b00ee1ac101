// SPDX-License-Identifier: GPL-3.0-or-later
// Reads SPD images and DDR5 identity registers over a guarded SmbusBus (spd-reference.md 10).
#include "firmware_io/spd_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <numeric>

#include "dimmguard/bytes.hpp"

namespace dimmguard::firmware_io {
namespace {

constexpr std::size_t block_bytes = 32;

bool retryable(Errc code) { return code == Errc::nack || code == Errc::timeout || code == Errc::busy || code == Errc::io; }

BusStats minus(const BusStats& after, const BusStats& before) {
    BusStats d;
    d.transactions = after.transactions - before.transactions;
    d.wire_bits = after.wire_bits - before.wire_bits;
    d.bytes_read = after.bytes_read - before.bytes_read;
    d.writes = after.writes - before.writes;
    d.refused_writes = after.refused_writes - before.refused_writes;
    d.errors = after.errors - before.errors;
    return d;
}

std::string spans_text(const std::vector<CrcSpan>& spans) {
    std::string out;
    for (const auto& s : spans) out += (out.empty() ? "" : ", ") + std::to_string(s.first) + "-" + std::to_string(s.last);
    return out;
}

}  // namespace

std::vector<CrcSpan> failing_crc_spans(Generation g, std::span<const std::uint8_t> image) {
    std::vector<CrcSpan> bad;
    for (const auto& s : crc_spans(g, image)) {
        if (image.size() < s.stored_at + 2U) {
            bad.push_back(s);
            continue;
        }
        const auto computed = crc16_spd(image.subspan(s.first, s.last - s.first + 1U));
        if (le16(image, s.stored_at) != computed) bad.push_back(s);
    }
    return bad;
}

Result<void> SpdReader::select_ee1004(int page) {
    auto r = bus_.select_ee1004_page(page);
    for (int attempt = 1; !r && retryable(r.error().code) && attempt < std::max(1, options_.page_select_attempts); ++attempt) {
        r = bus_.select_ee1004_page(page);
    }
    return r;
}

Result<void> SpdReader::select_spd5118(Address a, int page) {
    auto r = bus_.select_spd5118_page(a, page);
    for (int attempt = 1; !r && retryable(r.error().code) && attempt < std::max(1, options_.page_select_attempts); ++attempt) {
        r = bus_.select_spd5118_page(a, page);
    }
    return r;
}

Result<std::uint8_t> SpdReader::byte(Address a, std::uint8_t off, int attempts) {
    auto r = bus_.read_byte_data(a, off);
    for (int attempt = 1; !r && retryable(r.error().code) && attempt < std::max(1, attempts); ++attempt) {
        r = bus_.read_byte_data(a, off);
    }
    return r;
}

// Read `out.size()` bytes from offset `first` with the fewest wire bits the adapter allows:
// aligned 32-byte I2C block reads (30 + 9N bits), else SMBus word reads (48 bits for 2 bytes),
// else byte reads (39 bits each). Callers never let a window cross 0x7f -> 0x80, so every word
// stays within one half; an odd tail is read by byte. Each transaction gets `attempts` tries.
Result<void> SpdReader::window(Address a, std::uint8_t first, std::span<std::uint8_t> out, int attempts) {
    const auto retry = [&](auto&& once) {
        auto r = once();
        for (int attempt = 1; !r && retryable(r.error().code) && attempt < std::max(1, attempts); ++attempt) r = once();
        return r;
    };
    const BusCapabilities caps = bus_.capabilities();
    if (caps.read_i2c_block) {
        for (std::size_t done = 0; done < out.size(); done += block_bytes) {
            const std::size_t n = std::min(block_bytes, out.size() - done);
            const auto at = static_cast<std::uint8_t>(first + done);
            auto r = retry([&] { return bus_.read_i2c_block(a, at, out.subspan(done, n)); });
            if (!r) return r;
        }
        return {};
    }
    std::size_t done = 0;
    if (caps.read_word_data) {
        for (; done + 2 <= out.size(); done += 2) {
            const auto at = static_cast<std::uint8_t>(first + done);
            auto r = retry([&] { return bus_.read_word_data(a, at); });
            if (!r) return tl::unexpected(r.error());
            out[done] = (*r)[0];
            out[done + 1] = (*r)[1];
        }
    }
    for (; done < out.size(); ++done) {
        auto r = byte(a, static_cast<std::uint8_t>(first + done), attempts);
        if (!r) return tl::unexpected(r.error());
        out[done] = *r;
    }
    return {};
}

// How many bytes from offset 0 the first read of an address takes. With I2C block reads one
// transaction brings MR0-MR13 of a DDR5 hub (signature, MR11 page register, MR12/MR13
// write-protect map) for little more than bytes 0-2 alone, so identification, the page
// register and the hub identity share one read. Without block reads bytes 0-2 (DDR3/DDR4 type
// byte, hub signature) are what every module needs: two words, or three bytes; a hub then gets
// the rest of MR0-MR13 in the same kind of read (identify).
constexpr std::size_t hub_head_bytes = 14;  // MR0-MR13
static std::size_t head_size(const BusCapabilities& caps) {
    return caps.read_i2c_block ? hub_head_bytes : caps.read_word_data ? 4 : 3;
}

Result<Generation> SpdReader::identify(Address a, std::vector<std::uint8_t>* head_out) {
    // An empty slot NACKs; so does a present module on a bad contact, once in a while. A few
    // attempts before "absent" keep a flaky module from vanishing without a word.
    std::vector<std::uint8_t> head(head_size(bus_.capabilities()));
    if (auto r = window(a, 0x00, head, std::max(1, options_.probe_attempts)); !r) return tl::unexpected(r.error());
    const std::uint8_t b0 = head[0], b1 = head[1], b2 = head[2];
    if (head_out != nullptr) *head_out = head;
    const std::string where = bus_.id() + " " + hex_byte(a);
    if (b0 == 0x51 && (b1 == 0x18 || b1 == 0x08)) {
        // A hub: the rest of MR0-MR13 (MR11 page register, MR12/MR13 protection, identity) now,
        // in the same kind of read, so that neither the image read nor the identity read of
        // this pass needs its own transactions for them. Reads only; a failure just leaves the
        // head short and those registers are read where they are needed, as before.
        if (head_out != nullptr && head.size() < hub_head_bytes) {
            std::vector<std::uint8_t> rest(hub_head_bytes - head.size());
            if (window(a, static_cast<std::uint8_t>(head.size()), rest)) {
                head_out->insert(head_out->end(), rest.begin(), rest.end());
            }
        }
        return Generation::ddr5;
    }
    if (b0 == 0x00 && b1 == 0x00 && b2 == 0x00) {
        // A Renesas-style hub hides MR0-MR127 while its page is not 0; recovering needs an MR11
        // write before the hub is confirmed, which dimmguard does not do on an unknown segment.
        auto mr11 = head.size() > spd5118_mr11 ? Result<std::uint8_t>(head[spd5118_mr11]) : byte(a, spd5118_mr11);
        if (mr11 && (*mr11 & 0xf0) == 0 && (*mr11 & 0x07) != 0) {
            // On a segment where another hub has shown itself, the guard lets page 0 be selected
            // (spd-reference.md 10.3); then the registers must show the signature.
            if (bus_.select_spd5118_page(a, 0)) {
                if (head_out != nullptr) head_out->clear();  // read before the page changed
                auto m0 = byte(a, 0x00);
                auto m1 = byte(a, 0x01);
                if (m0 && m1 && *m0 == 0x51 && (*m1 == 0x18 || *m1 == 0x08)) return Generation::ddr5;
                return fail(Errc::unsupported, where + ": registers still read 0 on page 0: not an SPD5118 hub");
            }
            return fail(Errc::unsupported, where + ": registers read 0 and MR11 selects page " +
                                               std::to_string(*mr11 & 0x07) +
                                               ": a DDR5 hub left off page 0 by firmware; read it through sysfs or power-cycle");
        }
    }
    if (const Generation g = generation_from_type_byte(b2); g == Generation::ddr3 || g == Generation::ddr4) return g;
    if (auto page_zero = bus_.ee1004_page_is_zero(); page_zero && !*page_zero) {
        return fail(Errc::unsupported, where + ": EE1004 page 1 is selected (left so by firmware or another tool), so the "
                                           "generation cannot be confirmed by reading; dimmguard does not select pages "
                                           "on an unconfirmed bus: read it through sysfs or after a reboot");
    }
    return fail(Errc::unsupported, where + ": answers but is not a DDR3/DDR4 SPD or a DDR5 hub (bytes " +
                                       hex_byte(b0) + " " + hex_byte(b1) + " " + hex_byte(b2) + ")");
}

Result<std::vector<SlotProbe>> SpdReader::probe() {
    std::vector<SlotProbe> out;
    for (Address a = 0x50; a <= 0x57; ++a) {
        SlotProbe p;
        p.address = a;
        auto g = identify(a);
        if (g) {
            p.present = true;
            p.generation = *g;
        } else if (g.error().code != Errc::nack) {
            if (g.error().code == Errc::permission_denied || g.error().code == Errc::not_found) return tl::unexpected(g.error());
            p.present = true;
            p.detail = g.error().message;
        }
        out.push_back(p);
    }
    return out;
}

Result<void> SpdReader::restore_pages(Generation g, Address a) {
    if (g == Generation::ddr4) return select_ee1004(0);
    if (g == Generation::ddr5) return select_spd5118(a, 0);
    return {};
}

// DDR4: the page state is shared by every module on the segment, so each module is read page 0
// then page 1 and the segment is left on page 0 before the next module is touched.
Result<std::vector<std::uint8_t>> SpdReader::read_ddr4(Address a) {
    std::vector<std::uint8_t> img(full_image_size(Generation::ddr4));
    auto page_zero = bus_.ee1004_page_is_zero();
    if (!page_zero) return tl::unexpected(page_zero.error());
    if (!*page_zero) {
        if (auto r = select_ee1004(0); !r) return tl::unexpected(r.error());
    }
    Result<void> r = window(a, 0x00, std::span<std::uint8_t>(img).subspan(0, 256));
    if (r) r = select_ee1004(1);
    if (r) r = window(a, 0x00, std::span<std::uint8_t>(img).subspan(256, 256));
    auto restored = select_ee1004(0);
    if (!r) return tl::unexpected(r.error());
    if (!restored) return tl::unexpected(restored.error());
    return img;
}

// `mr11`: the hub's MR11 as read by the identification read just before (no transaction in
// between), which saves reading it again; re-reads pass nothing and read it afresh.
Result<std::vector<std::uint8_t>> SpdReader::read_image(Address a, Generation g, std::optional<std::uint8_t> mr11_known) {
    switch (g) {
    case Generation::ddr3: {
        std::vector<std::uint8_t> img(full_image_size(g));
        if (auto r = window(a, 0x00, img); !r) return tl::unexpected(r.error());
        return img;
    }
    case Generation::ddr4: return read_ddr4(a);
    case Generation::ddr5: {
        auto mr11 = mr11_known ? Result<std::uint8_t>(*mr11_known) : byte(a, spd5118_mr11);
        if (!mr11) return tl::unexpected(mr11.error());
        if (*mr11 & spd5118_mr11_addressing_bit) {
            return fail(Errc::unsupported, bus_.id() + " " + hex_byte(a) +
                                               ": hub is in 2-byte addressing mode (MR11 bit 3), left so by firmware; "
                                               "dimmguard never changes it: power-cycle the module or read it through sysfs");
        }
        std::vector<std::uint8_t> img(full_image_size(g));
        int page = *mr11 & 0x07;
        Result<void> r;
        for (int p = 0; p < 8 && r; ++p) {
            if (page != p) {
                r = select_spd5118(a, p);
                if (!r) break;
                page = p;
            }
            r = window(a, 0x80, std::span<std::uint8_t>(img).subspan(static_cast<std::size_t>(p) * 128, 128));
        }
        auto restored = page == 0 ? Result<void>{} : select_spd5118(a, 0);
        if (!r) return tl::unexpected(r.error());
        if (!restored) return tl::unexpected(restored.error());
        return img;
    }
    case Generation::unknown: break;
    }
    return fail(Errc::internal, "unknown generation");
}

// `hub_registers`: MR0-MR13 when the identification read of this pass already brought them
// (one I2C block read); otherwise they are read here.
void SpdReader::read_ddr5_identity(ModuleRead& m, std::span<const std::uint8_t> hub_registers) {
    const Address a = m.address;
    const Address hid = a & 0x07;
    std::array<std::uint8_t, 14> mr{};  // MR0-MR5 identity and capability, MR11 page, MR12/MR13 protection
    Result<void> hub_read;
    if (hub_registers.size() >= mr.size()) {
        std::copy_n(hub_registers.begin(), mr.size(), mr.begin());
    } else {
        hub_read = window(a, 0x00, mr);
    }
    DeviceIdentity hub{.role = "hub", .address = a};
    if (hub_read) {
        hub.present = true;
        hub.device_type_msb = mr[0];
        hub.device_type_lsb = mr[1];
        hub.revision = mr[2];
        hub.vendor_bank = mr[3];
        hub.vendor_code = mr[4];
        HubState state;
        state.capability = mr[5];
        state.mr11 = mr[11];
        state.write_protect = static_cast<std::uint16_t>(mr[12] | (mr[13] << 8));
        std::array<std::uint8_t, 3> status{};
        if (auto s = window(a, 0x30, status); s) {
            state.status = status[0];
            if (mr[1] == 0x18) {
                const auto raw = static_cast<std::uint16_t>(status[1] | (status[2] << 8));
                auto value = static_cast<std::int16_t>(static_cast<std::uint16_t>((raw & 0x1ffcU) << 3));
                state.temperature_c = (value >> 5) * 0.25;  // bits [12:2] signed, 0.25 degC per LSB
            }
        } else {
            m.problems.push_back(s.error().message);
        }
        m.hub = state;
    } else {
        m.problems.push_back(hub_read.error().message);
    }
    m.devices.push_back(hub);

    const auto read_device = [&](std::string role, Address address, std::uint8_t first, std::size_t count) {
        DeviceIdentity d{.role = std::move(role), .address = address};
        std::array<std::uint8_t, 5> regs{};
        // Block, word or byte reads as the adapter offers, retried like every read.
        auto r = window(address, first, std::span<std::uint8_t>(regs).subspan(0, count));
        if (r) {
            d.present = true;
            if (count == 3) {  // PMIC R3B revision, R3C/R3D vendor
                d.revision = regs[0];
                d.vendor_bank = regs[1];
                d.vendor_code = regs[2];
            } else {           // TS MR0-MR4
                d.device_type_msb = regs[0];
                d.device_type_lsb = regs[1];
                d.revision = regs[2];
                d.vendor_bank = regs[3];
                d.vendor_code = regs[4];
            }
        }
        m.devices.push_back(d);
    };
    read_device("pmic0", static_cast<Address>(0x48 | hid), 0x3b, 3);
    read_device("ts0", static_cast<Address>(0x10 | hid), 0x00, 5);
    read_device("ts1", static_cast<Address>(0x30 | hid), 0x00, 5);
}

namespace {

bool same_identity(const std::vector<DeviceIdentity>& a, const std::vector<DeviceIdentity>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const DeviceIdentity& x, const DeviceIdentity& y) {
        return x.role == y.role && x.address == y.address && x.present == y.present && x.device_type_msb == y.device_type_msb &&
               x.device_type_lsb == y.device_type_lsb && x.revision == y.revision && x.vendor_bank == y.vendor_bank &&
               x.vendor_code == y.vendor_code;
    });
}

std::size_t bytes_differing(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    if (a.size() != b.size()) return std::max(a.size(), b.size());
    return std::inner_product(a.begin(), a.end(), b.begin(), std::size_t{0}, std::plus<>(),
                              [](std::uint8_t x, std::uint8_t y) { return x != y ? 1U : 0U; });
}

}  // namespace

// Read the image (and the identity registers) again until two reads agree. A corrupting bus
// rarely corrupts two reads the same way, so agreement is what makes bytes evidence; without it
// the read is unstable and nothing may be judged from it.
void SpdReader::stabilise(ModuleRead& m, std::span<const std::uint8_t> hub_registers) {
    const std::string where = m.bus + " " + hex_byte(m.address);
    const int bound = std::max(1, options_.max_reads);
    m.reads = 1;
    if (bound > 1) {
        // Two identical reads settle a clean bus. Once reads have disagreed (or failed) the bus
        // is known to corrupt data, and two reads hit by the same flip are no longer negligible
        // over a warehouse's worth of modules: then three identical reads are needed.
        std::vector<std::pair<std::vector<std::uint8_t>, int>> seen{{m.image, 1}};
        int needed = 2;
        bool agreed = false;
        std::size_t worst = 0;
        std::string failure;
        while (!agreed && m.reads < bound) {
            auto again = read_image(m.address, m.generation);
            ++m.reads;
            if (!again) {
                failure = again.error().message;
                needed = 3;
                continue;
            }
            bool matched = false;
            for (auto& [image, count] : seen) {
                if (image == *again) {
                    matched = true;
                    agreed = ++count >= needed;
                    if (agreed) m.image = image;
                    break;
                }
                worst = std::max(worst, bytes_differing(image, *again));
            }
            if (!matched) {
                needed = 3;
                seen.emplace_back(std::move(*again), 1);
            }
        }
        if (!agreed) {
            m.unstable = true;
            m.problems.push_back(where + ": " + std::to_string(m.reads) + " reads, never " + std::to_string(needed) + " identical" +
                                 (worst ? " (up to " + std::to_string(worst) + " bytes differ)" : std::string()) +
                                 (failure.empty() ? std::string() : "; a re-read failed: " + failure) +
                                 ": the bus is corrupting data (unstable read)");
        }
    }
    if (m.generation == Generation::ddr5 && options_.read_identity) {
        read_ddr5_identity(m, hub_registers);
        if (bound > 1) {
            std::vector<std::pair<std::vector<DeviceIdentity>, int>> seen{{m.devices, 1}};
            int needed = 2;
            bool agreed = false;
            for (int n = 1; !agreed && n < bound; ++n) {
                ModuleRead again;
                again.bus = m.bus;
                again.address = m.address;
                read_ddr5_identity(again);
                bool matched = false;
                for (auto& [devices, count] : seen) {
                    if (same_identity(devices, again.devices)) {
                        matched = true;
                        agreed = ++count >= needed;
                        if (agreed) {
                            m.devices = std::move(again.devices);
                            m.hub = again.hub;
                        }
                        break;
                    }
                }
                if (!matched) {
                    needed = 3;
                    seen.emplace_back(std::move(again.devices), 1);
                }
            }
            if (!agreed) {
                m.unstable = true;
                m.problems.push_back(where + ": the hub / PMIC / sensor identity registers never read the same " + std::to_string(needed) +
                                     " times: the bus is corrupting data (unstable read)");
            }
        }
    }
}

void SpdReader::check_crc(ModuleRead& m) {
    const std::vector<CrcSpan> bad = failing_crc_spans(m.generation, m.image);
    m.crc_ok = bad.empty();
    if (bad.empty() || m.unstable) return;
    if (m.reads > 1) {
        m.crc_bad_stable = true;
        m.problems.push_back(m.bus + " " + hex_byte(m.address) + ": crc mismatch in bytes " + spans_text(bad) +
                             ", identical on a second read: the image is stored with a bad crc");
    } else {
        m.problems.push_back(m.bus + " " + hex_byte(m.address) + ": crc mismatch in bytes " + spans_text(bad) + " (read once)");
    }
}

Result<ModuleRead> SpdReader::read(Address address) {
    const BusStats before = bus_.stats();
    std::vector<std::uint8_t> head;
    auto g = identify(address, &head);
    if (!g) return tl::unexpected(g.error());
    ModuleRead m;
    m.bus = bus_.id();
    m.address = address;
    m.generation = *g;
    // The identification read of a DDR5 hub may already hold MR11 (and MR0-MR13): reuse them.
    const bool hub_head = *g == Generation::ddr5 && head.size() > spd5118_mr11;
    auto image = read_image(address, *g, hub_head ? std::optional<std::uint8_t>(head[spd5118_mr11]) : std::nullopt);
    if (!image) return tl::unexpected(image.error());
    m.image = std::move(*image);
    stabilise(m, hub_head ? std::span<const std::uint8_t>(head) : std::span<const std::uint8_t>());
    check_crc(m);
    m.stats = minus(bus_.stats(), before);
    m.wire_ms = m.stats.wire_us(bus_.clock_hz()) / 1000.0;
    return m;
}

std::vector<Result<ModuleRead>> SpdReader::read_all() {
    std::vector<Result<ModuleRead>> out;
    auto probes = probe();
    if (!probes) {
        out.push_back(tl::unexpected(probes.error()));
        return out;
    }
    for (const auto& p : *probes) {
        if (!p.present) continue;
        if (!p.generation) {
            out.push_back(fail(Errc::unsupported, p.detail));
            continue;
        }
        out.push_back(read(p.address));
    }
    return out;
}

}  // namespace dimmguard::firmware_io
