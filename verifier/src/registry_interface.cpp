// SPDX-License-Identifier: GPL-3.0-or-later
// Module identities and event kinds shared by the verifier and the registry.
#include "verifier/registry_interface.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "dimmguard/bytes.hpp"

namespace dimmguard::verifier {
namespace {

bool is_hex(std::string_view s, std::size_t n) {
    return s.size() == n && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isdigit(c) != 0 || (c >= 'a' && c <= 'f');
    });
}

}  // namespace

std::string ModuleIdentity::key() const { return maker + "-" + location + "-" + date + "-" + serial; }

Result<ModuleIdentity> ModuleIdentity::parse(std::string_view key) {
    ModuleIdentity id;
    std::array<std::string*, 4> parts{&id.maker, &id.location, &id.date, &id.serial};
    constexpr std::array<std::size_t, 4> sizes{4, 2, 4, 8};
    std::size_t start = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const std::size_t end = i == 3 ? key.size() : key.find('-', start);
        if (end == std::string_view::npos) return fail(Errc::bad_format, "identity '" + std::string(key) + "' is not MAKER-LOC-DATE-SERIAL");
        *parts[i] = std::string(key.substr(start, end - start));
        if (!is_hex(*parts[i], sizes[i])) {
            return fail(Errc::bad_format, "identity '" + std::string(key) + "': part " + std::to_string(i + 1) + " must be " +
                                              std::to_string(sizes[i]) + " lower-case hex digits");
        }
        start = end + 1;
    }
    return id;
}

bool ModuleIdentity::serial_blank() const { return serial == "00000000" || serial == "ffffffff" || serial == "20202020"; }

Result<ModuleIdentity> identity_of(const DecodedSpd& spd) {
    const auto& m = spd.manufacturing;
    if (!m.present) return fail(Errc::truncated, "the image has no manufacturing block");
    ModuleIdentity id;
    id.maker = m.module_maker.hex();
    id.location = to_hex(std::array<std::uint8_t, 1>{m.location});
    id.date = to_hex(std::array<std::uint8_t, 2>{m.date.year_raw, m.date.week_raw});
    id.serial = m.serial_hex;
    return id;
}

std::string_view event_kind_name(EventKind kind) noexcept {
    switch (kind) {
    case EventKind::intake: return "intake";
    case EventKind::bench: return "bench";
    case EventKind::burn_in: return "burn-in";
    case EventKind::ship: return "ship";
    case EventKind::return_: return "return";
    case EventKind::move: return "move";
    case EventKind::quarantine: return "quarantine";
    case EventKind::release: return "release";
    case EventKind::rma: return "rma";
    case EventKind::scrap: return "scrap";
    }
    return "intake";
}

std::optional<EventKind> event_kind_from_name(std::string_view name) noexcept {
    if (name == "install") return EventKind::burn_in;
    for (EventKind k : {EventKind::intake, EventKind::bench, EventKind::burn_in, EventKind::ship, EventKind::return_, EventKind::move,
                        EventKind::quarantine, EventKind::release, EventKind::rma, EventKind::scrap}) {
        if (event_kind_name(k) == name) return k;
    }
    return std::nullopt;
}

bool is_disposition(EventKind kind) noexcept {
    return kind == EventKind::quarantine || kind == EventKind::release || kind == EventKind::rma || kind == EventKind::scrap;
}

}  // namespace dimmguard::verifier
