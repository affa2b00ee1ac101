// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard decode FILE... [--json]`: its options (CLI11). The decoding and printing are in
// decode_run.cpp, which the static `dimmguard` runs without this parser (cli/main.cpp).
#include <memory>
#include <string>
#include <vector>

#include "command_list.hpp"
#include "commands.hpp"
#include "decode_run.hpp"

namespace dimmguard::cli {
namespace {

struct DecodeOptions {
    std::vector<std::string> files;
    bool json = false;
};

}  // namespace

void register_decode(CLI::App& app, Runner& run) {
    auto options = std::make_shared<DecodeOptions>();
    CLI::App* cmd = app.add_subcommand("decode", command_description("decode"));
    cmd->add_option("files", options->files, "SPD dump files")->required();
    cmd->add_flag("--json", options->json, "print one JSON document");
    set_footer(cmd, "decode", "Bad CRCs, reserved values and truncation are reported in the output, not as errors.");
    cmd->callback([options, &run] { run = [options] { return run_decode_files(options->files, options->json); }; });
}

}  // namespace dimmguard::cli
