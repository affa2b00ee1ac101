// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard-commands`: every subcommand of `dimmguard`, registered in full. `dimmguard` hands it
// the command line (execv) for the commands that need the registry, a bus, OpenSSL or the user
// database; users never run it by name (cli/main.cpp).
#include <cstdio>
#include <string_view>

#include "app.hpp"
#include "terminal.hpp"

namespace dimmguard::cli {
namespace {

Registrar any_command(std::string_view name) {
    if (name == "decode") return register_decode;
    if (name == "scan") return register_scan;
    if (name == "verify") return register_verify;
    if (name == "adapters") return register_adapters;
    if (name == "doctor") return register_doctor;
    if (name == "spd") return register_spd;
    if (name == "bundle") return register_bundle;
    if (name == "registry") return register_registry;
    if (name == "log") return register_log;
    if (name == "evidence") return register_evidence;
    if (name == "sync") return register_sync;
    if (name == "fleet") return register_fleet;
    return nullptr;
}

int nowhere(int, char**) {
    std::fprintf(stderr, "dimmguard: internal error: a command is missing from dimmguard-commands\n");
    return 1;
}

}  // namespace
}  // namespace dimmguard::cli

int main(int argc, char** argv) {
    using namespace dimmguard::cli;
    install_terminal_filter();
    return run_cli(argc, argv, any_command, nowhere);
}
