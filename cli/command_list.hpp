// SPDX-License-Identifier: GPL-3.0-or-later
// Every subcommand of `dimmguard`, in the order --help lists them, and where it runs: in the
// `dimmguard` executable itself (decoding and synthesis: static, no dynamic loader) or in
// `dimmguard-commands`, the executable it hands the command line to (everything that reads a
// bus, the registry, OpenSSL or the user database; docs/performance.md, "Start-up and decode"). One table,
// so the list --help prints cannot drift between the two.
#pragma once

#include <string_view>

namespace dimmguard::cli {

struct CommandInfo {
    const char* name;
    const char* description;
    bool in_module;  ///< runs in dimmguard-commands (registry, buses, OpenSSL, NSS lookups)
};

inline constexpr CommandInfo command_list[] = {
    {"decode", "Decode SPD dump files (raw 256/512/1024 B, i2cdump text, or OFFSET: hex)", false},
    {"scan", "Read every SPD on a bus, on all local buses, or on an emulated bench", true},
    {"verify", "Check modules against the signed registry: genuine, suspect, counterfeit or unknown", true},
    {"adapters", "List I2C adapters: driver, reads, SPDs at 0x50-0x57, and whether you can open them", true},
    {"doctor", "Check that this machine is ready: i2c-dev, group, access, SPD drivers, write protection, registry, clock", true},
    {"spd", "SPD image tools", false},
    {"bundle", "Author and check signed registry bundles (format: dimmguard-bundle(5))", true},
    {"registry", "The local signed registry: trust roots, trust documents, bundles", true},
    {"log", "This station's signed inspection log, sightings from other stations, custody", true},
    {"evidence", "Evidence bundles: one inspection with everything it relied on, checked offline", true},
    {"sync", "Exchange signed sightings and checkpoints with the fleet server (PostgreSQL)", true},
    {"fleet", "Set up the fleet server (its administrator): schema, stations", true},
};

/// The entry of command_list named `name`, or nullptr.
[[nodiscard]] constexpr const CommandInfo* find_command(std::string_view name) noexcept {
    for (const auto& c : command_list)
        if (name == c.name) return &c;
    return nullptr;
}

/// The description of a listed command (registration code uses it, so --help has one source).
[[nodiscard]] constexpr const char* command_description(std::string_view name) noexcept {
    const CommandInfo* c = find_command(name);
    return c ? c->description : "";
}

/// The subcommand the command line names: its first word that is not an option of the top
/// level (--color WHEN, --color=WHEN, --help, --version, ...). nullptr when there is none.
[[nodiscard]] const char* named_command(int argc, char** argv) noexcept;

}  // namespace dimmguard::cli
