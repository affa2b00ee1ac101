// SPDX-License-Identifier: GPL-3.0-or-later
// The top level of `dimmguard`: builds the parser, runs the chosen subcommand. Both executables
// (cli/main.cpp, cli/commands_main.cpp) run it, each with the commands it holds.
#pragma once

#include <string_view>

#include "commands.hpp"

namespace dimmguard::cli {

/// A subcommand's registration function (register_decode, ...).
using Registrar = void (*)(CLI::App&, Runner&);

/// What this binary holds: the registration of a listed command, or nullptr when it is not here.
using CommandLookup = Registrar (*)(std::string_view name);

/// Parses the command line (the terminal filter is already in place: terminal.hpp) and runs the subcommand; returns the exit status. A listed command
/// `lookup` does not hold is registered by name and description only (so --help lists it);
/// choosing it calls `elsewhere` with the whole command line. Only the command named on the line
/// gets its options registered, unless `all_options`.
int run_cli(int argc, char** argv, CommandLookup lookup, int (*elsewhere)(int argc, char** argv), bool all_options = false);

}  // namespace dimmguard::cli
