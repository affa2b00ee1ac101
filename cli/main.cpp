// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard`: decode SPD images (and, as later issues land, scan buses and verify modules).
#include <cstdio>
#include <exception>
#include <iostream>

#include "commands.hpp"
#include "terminal.hpp"

int main(int argc, char** argv) {
    dimmguard::cli::install_terminal_filter();
    try {
        CLI::App app{"dimmguard " DIMMGUARD_VERSION
                     " - catch counterfeit memory modules from their SPD\n"
                     "Decodes DDR3/DDR4/DDR5 SPD images, reads them from SMBus, sysfs or an emulated bench,\n"
                     "and synthesizes test images."};
        app.set_version_flag("--version", "dimmguard " DIMMGUARD_VERSION);
        app.require_subcommand(1);
        app.footer("Exit status: 0 success, 1 usage error, 2 a file, bus or module could not be read (or a file written),\n"
                   "4 suspect, 8 counterfeit, 16 registry or trust problem (bits combine for verify).\n"
                   "Text from SPDs, labels, bundles and other stations is printed with control characters escaped.\n"
                   "Documentation: docs/json-output.md, docs/fingerprint.md.");
        dimmguard::cli::Runner run;
        dimmguard::cli::register_decode(app, run);
        dimmguard::cli::register_scan(app, run);
        dimmguard::cli::register_verify(app, run);
        dimmguard::cli::register_spd(app, run);
        dimmguard::cli::register_bundle(app, run);
        dimmguard::cli::register_registry(app, run);
        dimmguard::cli::register_log(app, run);
        dimmguard::cli::register_evidence(app, run);
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
        return run ? run() : dimmguard::cli::exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dimmguard: internal error: %s\n", e.what());
        return 1;
    }
}
