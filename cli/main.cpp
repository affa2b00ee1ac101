// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard`: the one command users type. Decoding and synthesis run in this executable, which
// is linked statically in release builds (no dynamic loader, no libcrypto or libsqlite3 to
// relocate at every start); every other command line is handed, unchanged, to
// `dimmguard-commands` (execv), which holds every command and the libraries they need
// (docs/performance.md, "Start-up and decode").
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <exception>
#include <vector>

#include "app.hpp"
#include "command_list.hpp"
#include "commands.hpp"
#include "terminal.hpp"

namespace dimmguard::cli {
namespace {

Registrar local_command(std::string_view name) {
    if (name == "decode") return register_decode;
    if (name == "spd") return register_spd;
    return nullptr;
}

// The directory of this executable (/proc/self/exe), "" when it cannot be read.
std::string executable_dir() {
    char buffer[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (n <= 0) return {};
    const std::string path(buffer, static_cast<std::size_t>(n));
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Installed: <bindir>/<DIMMGUARD_COMMANDS_RELDIR>/dimmguard-commands (/usr/bin ->
// /usr/libexec/dimmguard). In the build tree: next to this executable.
int run_elsewhere(int, char** argv) {
    const std::string dir = executable_dir();
    if (dir.empty()) {
        std::fprintf(stderr, "dimmguard: internal error: cannot find this program's directory (/proc/self/exe: %s)\n",
                     std::strerror(errno));
        return 1;
    }
    const std::string installed = dir + "/" DIMMGUARD_COMMANDS_RELDIR "/dimmguard-commands";
    const std::string built = dir + "/dimmguard-commands";
    const std::string& path = ::access(installed.c_str(), X_OK) == 0 ? installed : built;
    std::fflush(nullptr);
    ::execv(path.c_str(), argv);
    std::fprintf(stderr, "dimmguard: internal error: cannot run %s: %s (reinstall dimmguard)\n", path.c_str(), std::strerror(errno));
    return 1;
}

// `dimmguard decode FILE... [--json]`, the form batch jobs and scripts run, parsed here: building
// the parser allocated and touched more memory than decoding a file, and on machines where a
// page fault is dear that was most of a one-file decode. Any other form (another option, a word
// starting with '-', a command name, --json twice) goes to the parser, which gives the same
// result for this form and the errors and help for the others. -1: not this form.
int plain_decode(int argc, char** argv) {
    if (argc < 3 || std::strcmp(argv[1], "decode") != 0) return -1;
    std::vector<std::string> files;
    bool json = false;
    for (int i = 2; i < argc; ++i) {
        const char* arg = argv[i];
        if (std::strcmp(arg, "--json") == 0 && !json) {
            json = true;
            continue;
        }
        if (arg[0] == '-' || arg[0] == '\0' || find_command(arg) != nullptr) return -1;
        files.emplace_back(arg);
    }
    if (files.empty()) return -1;
    install_terminal_filter();
    try {
        return run_decode_files(files, json);
    } catch (const std::exception& e) {   // as run_cli reports it
        std::fprintf(stderr, "dimmguard: internal error: %s\n", e.what());
        return 1;
    }
}

}  // namespace
}  // namespace dimmguard::cli

int main(int argc, char** argv) {
    using namespace dimmguard::cli;
    // `dimmguard --version` alone: the answer without building a parser (inventory agents and
    // scripts run it on every machine).
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::fputs("dimmguard " DIMMGUARD_VERSION "\n", stdout);
        return std::fflush(stdout) == 0 ? 0 : 2;
    }
    if (const char* name = named_command(argc, argv)) {
        const CommandInfo* command = find_command(name);
        if (command != nullptr && command->in_module) return run_elsewhere(argc, argv);
    }
    if (const int status = plain_decode(argc, argv); status >= 0) return status;
    install_terminal_filter();
    return run_cli(argc, argv, local_command, run_elsewhere);
}
