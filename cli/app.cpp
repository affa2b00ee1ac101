// SPDX-License-Identifier: GPL-3.0-or-later
#include "app.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "command_list.hpp"

namespace dimmguard::cli {

namespace {
ColourMode colour_mode = ColourMode::automatic;
}  // namespace

void set_colour_mode(ColourMode mode) { colour_mode = mode; }

bool colour_stdout() {
    if (colour_mode != ColourMode::automatic) return colour_mode == ColourMode::always;
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) != 0 && (no_colour == nullptr || *no_colour == '\0');
}

void set_footer(CLI::App* cmd, const std::string& page, const std::string& note) {
    std::string text = note;
    if (!text.empty()) text += '\n';
    text += exit_status_text;
    text += "\nManual: man " + (page.empty() ? std::string("dimmguard") : "dimmguard-" + page) + "";
    cmd->footer(text);
}

const char* named_command(int argc, char** argv) noexcept {
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (std::strcmp(arg, "--color") == 0) {
            ++i;  // its value
            continue;
        }
        if (arg[0] == '-') continue;
        return arg;
    }
    return nullptr;
}

int run_cli(int argc, char** argv, CommandLookup lookup, int (*elsewhere)(int, char**), bool all_options) {
    try {
        CLI::App app{"dimmguard " DIMMGUARD_VERSION
                     " - catch counterfeit memory modules from their SPD\n"
                     "Decodes DDR3/DDR4/DDR5 SPD images, reads them from SMBus, sysfs or an emulated bench,\n"
                     "verifies them against a signed registry, and synthesizes test images.",
                     "dimmguard"};   // the name in "Usage:", whatever path ran the binary
        app.set_version_flag("--version", "dimmguard " DIMMGUARD_VERSION);
        app.require_subcommand(1);
        // Options of the top level are accepted after the subcommand too (dimmguard verify ... --color never).
        app.fallthrough();
        std::string colour = "auto";
        app.add_option("--color", colour, "colour the output: auto (a terminal, unless NO_COLOR is set), always or never")
            ->check(CLI::IsMember({"auto", "always", "never"}))
            ->option_text("WHEN");
        set_footer(&app, "", "Every command: dimmguard COMMAND --help. Manual pages: dimmguard(1), dimmguard-COMMAND(1).\n"
                             "Text from SPDs, labels, bundles and other stations is printed with control characters escaped.");
        Runner run;
        // Only the command the line names gets its options (building all of them was a third of
        // `--version`'s time); the others are listed by name and description for --help.
        const char* named = named_command(argc, argv);
        for (const CommandInfo& command : command_list) {
            const Registrar registrar = lookup(command.name);
            if (registrar != nullptr && (all_options || (named != nullptr && std::strcmp(named, command.name) == 0))) {
                registrar(app, run);
                continue;
            }
            // Listed only; choosing it anyway (named_command() saw the line differently from
            // CLI11) runs it with every option registered, or in the binary that holds it.
            CLI::App* stub = app.add_subcommand(command.name, command.description);
            stub->prefix_command();
            stub->callback([&run, argc, argv, lookup, elsewhere, held = registrar != nullptr] {
                run = [=] { return held ? run_cli(argc, argv, lookup, elsewhere, true) : elsewhere(argc, argv); };
            });
        }
        try {
            app.parse(argc, argv);
        } catch (const CLI::CallForHelp& e) {
            return app.exit(e);
        } catch (const CLI::CallForAllHelp& e) {
            return app.exit(e);
        } catch (const CLI::CallForVersion& e) {
            return app.exit(e);
        } catch (const CLI::ParseError& e) {
            std::fprintf(stderr, "dimmguard: %s\n", e.what());
            std::fprintf(stderr, "run 'dimmguard --help' for usage\n");
            return exit_usage;
        }
        set_colour_mode(colour == "always" ? ColourMode::always : colour == "never" ? ColourMode::never : ColourMode::automatic);
        return run ? run() : exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dimmguard: internal error: %s\n", e.what());
        return 1;
    }
}

}  // namespace dimmguard::cli
