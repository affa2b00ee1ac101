// SPDX-License-Identifier: GPL-3.0-or-later
// Every subcommand of `dimmguard`, in the order --help lists them. One table, so the list --help
// prints and the words the static `dimmguard` hands on (cli/main.cpp) cannot drift apart.
#pragma once

#include <string_view>

namespace dimmguard::cli {

struct CommandInfo {
    const char* name;
    const char* description;
};

inline constexpr CommandInfo command_list[] = {
    {"decode", "Decode SPD dump files (raw 256/512/1024 B, i2cdump text, or OFFSET: hex)"},
    {"scan", "Read every SPD on a bus, on all local buses, or on an emulated bench"},
    {"verify", "Check modules against the signed registry: genuine, suspect, counterfeit or unknown"},
    {"adapters", "List I2C adapters: driver, reads, SPDs at 0x50-0x57, and whether you can open them"},
    {"doctor", "Check that this machine is ready: i2c-dev, group, access, SPD drivers, write protection, registry, clock"},
    {"spd", "SPD image tools"},
    {"bundle", "Author and check signed registry bundles (format: dimmguard-bundle(5))"},
    {"registry", "The local signed registry: trust roots, trust documents, bundles"},
    {"log", "This station's signed inspection log, sightings from other stations, custody"},
    {"evidence", "Evidence bundles: one inspection with everything it relied on, checked offline"},
    {"sync", "Exchange signed sightings and checkpoints with the fleet server (PostgreSQL)"},
    {"fleet", "Set up the fleet server (its administrator): schema, stations"},
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
