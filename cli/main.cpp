// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard`: the one command users type. It answers `--version` and runs the plain
// `decode FILE... [--json]` itself, linked statically in release builds and without a
// command-line parser or iostreams, so those starts cost no dynamic loading, no relocation of
// libraries and no parser or locale set-up. Every other command line (other commands, options,
// --help, usage errors) is handed unchanged (execv) to `dimmguard-commands`, which holds every
// command and its parser (docs/performance.md, "Start-up and decode").
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "command_list.hpp"
#include "decode_run.hpp"
#include "terminal.hpp"

namespace dimmguard::cli {
namespace {

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
int run_elsewhere(char** argv) {
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

// `dimmguard decode FILE... [--json]`, the form batch jobs and scripts run, read here. Any other
// form (another option, a word starting with '-', a command name, --json twice, no file) goes
// to the parser in dimmguard-commands, which gives the same result for this form (the CLI test
// compares them) and the errors and help for the others. -1: not this form.
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
    install_stdio_terminal_filter();
    try {
        return run_decode_files(files, json);
    } catch (const std::exception& e) {   // as the parser's run reports it
        std::fprintf(stderr, "dimmguard: internal error: %s\n", e.what());
        return 1;
    }
}

}  // namespace
}  // namespace dimmguard::cli

int main(int argc, char** argv) {
    using namespace dimmguard::cli;
    // `dimmguard --version` alone: inventory agents and scripts run it on every machine.
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::fputs("dimmguard " DIMMGUARD_VERSION "\n", stdout);
        return std::fflush(stdout) == 0 ? 0 : 2;
    }
    if (const int status = plain_decode(argc, argv); status >= 0) return status;
    return run_elsewhere(argv);
}
