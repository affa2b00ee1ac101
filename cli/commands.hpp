// SPDX-License-Identifier: GPL-3.0-or-later
// Subcommand registration for the `dimmguard` CLI; each returns the process exit status.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "dimmguard/error.hpp"
#include "engine/exit_status.hpp"

namespace dimmguard::cli {

// Exit statuses shared by the commands (defined once, in engine/exit_status.hpp).
using engine::exit_ok;
using engine::exit_registry;
using engine::exit_unreadable;
using engine::exit_usage;

/// `bundle` and `registry`: print "dimmguard: <message>" and return the exit status of the
/// error: usage 1; a missing or unreadable file 2; anything else about the registry 16.
int report_registry_error(const Error& e);

/// The one exit-status text, the same in every --help and man page.
inline constexpr const char* exit_status_text =
    "Exit status: 0 success; 1 usage error; 2 a file, bus or module could not be read (or a file\n"
    "written); 4 a suspect module; 8 a counterfeit module; 16 a registry or trust problem.\n"
    "The bits combine: 10 = a counterfeit module and an unreadable one.";

/// Footer of a (sub)command's --help: `note` (may be empty), the exit-status text and its
/// manual page, dimmguard-`page`(1) ("" = dimmguard(1)).
void set_footer(CLI::App* cmd, const std::string& page, const std::string& note = {});

/// --color=auto|always|never (and NO_COLOR for auto), set once by main().
enum class ColourMode { automatic, always, never };
void set_colour_mode(ColourMode mode);

/// Colour stdout: --color=always; or --color=auto (the default), a terminal and NO_COLOR
/// (no-color.org) unset or empty.
[[nodiscard]] bool colour_stdout();

/// A subcommand registers its options and sets `run` to the action to perform when chosen.
using Runner = std::function<int()>;

void register_decode(CLI::App& app, Runner& run);
void register_spd(CLI::App& app, Runner& run);
void register_scan(CLI::App& app, Runner& run);
void register_verify(CLI::App& app, Runner& run);
void register_bundle(CLI::App& app, Runner& run);    ///< bundle keygen | build | sign | verify
void register_registry(CLI::App& app, Runner& run);  ///< registry init | trust | import | status
void register_log(CLI::App& app, Runner& run);       ///< log verify | export | import | show
void register_evidence(CLI::App& app, Runner& run);  ///< evidence export | verify
void register_adapters(CLI::App& app, Runner& run);  ///< like smartctl --scan
void register_doctor(CLI::App& app, Runner& run);    ///< is this machine ready?
void register_sync(CLI::App& app, Runner& run);      ///< sync with the fleet server
void register_fleet(CLI::App& app, Runner& run);     ///< fleet init | add-station | stations

}  // namespace dimmguard::cli
