// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard`: decode SPD images (and, as later issues land, scan buses and verify modules).
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "terminal.hpp"

int main(int argc, char** argv) {
    dimmguard::cli::install_terminal_filter();
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
        dimmguard::cli::set_footer(&app, "", "Every command: dimmguard COMMAND --help. Manual pages: dimmguard(1), dimmguard-COMMAND(1).\n"
                                             "Text from SPDs, labels, bundles and other stations is printed with control characters escaped.");
        dimmguard::cli::Runner run;
        dimmguard::cli::register_decode(app, run);
        dimmguard::cli::register_scan(app, run);
        dimmguard::cli::register_verify(app, run);
        dimmguard::cli::register_adapters(app, run);
        dimmguard::cli::register_doctor(app, run);
        dimmguard::cli::register_spd(app, run);
        dimmguard::cli::register_bundle(app, run);
        dimmguard::cli::register_registry(app, run);
        dimmguard::cli::register_log(app, run);
        dimmguard::cli::register_evidence(app, run);
        dimmguard::cli::register_sync(app, run);
        dimmguard::cli::register_fleet(app, run);
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
            return dimmguard::cli::exit_usage;
        }
        using dimmguard::cli::ColourMode;
        dimmguard::cli::set_colour_mode(colour == "always" ? ColourMode::always
                                        : colour == "never" ? ColourMode::never
                                                            : ColourMode::automatic);
        return run ? run() : dimmguard::cli::exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dimmguard: internal error: %s\n", e.what());
        return 1;
    }
}
