// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard decode FILE... [--json]`: decode SPD dump files.
#include <cstdio>
#include <iostream>
#include <sstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_list.hpp"
#include "commands.hpp"
#include "firmware_io/dump_file.hpp"
#include "text_output.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_json.hpp"

namespace dimmguard::cli {
namespace {

struct DecodeOptions {
    std::vector<std::string> files;
    bool json = false;
};

int run_decode(const DecodeOptions& options) {
    int status = exit_ok;
    nlohmann::ordered_json modules = nlohmann::ordered_json::array();
    bool first = true;
    for (const auto& file : options.files) {
        auto dump = firmware_io::load_dump_file(file);
        Result<verifier::DecodedSpd> decoded =
            dump ? with_context(verifier::decode_spd(dump->bytes), file) : tl::unexpected(dump.error());
        if (!decoded) {
            status |= exit_unreadable;
            std::cerr << "dimmguard: " << decoded.error().message << '\n';
            if (options.json) {
                modules.push_back({{"source", {{"kind", "file"}, {"path", file}}},
                                   {"ok", false},
                                   {"error", {{"code", errc_name(decoded.error().code)}, {"message", decoded.error().message}}}});
            }
            continue;
        }
        if (options.json) {
            modules.push_back({{"source", {{"kind", "file"}, {"path", file}, {"format", firmware_io::dump_format_name(dump->format)}}},
                               {"ok", true},
                               {"spd", verifier::to_json(*decoded)}});
            continue;
        }
        // One buffered write per module: many small stream writes dominated the run time.
        std::ostringstream text;
        if (!first) text << '\n';
        first = false;
        text << "== " << file << " (" << firmware_io::dump_format_name(dump->format) << ", "
             << dump->bytes.size() << " bytes) ==\n";
        print_decoded(text, *decoded);
        const std::string rendered = text.str();
        std::fwrite(rendered.data(), 1, rendered.size(), stdout);
    }
    if (options.json) {
        const nlohmann::ordered_json doc = {
            {"schema_version", verifier::json_schema_version},
            {"tool", {{"name", "dimmguard"}, {"version", DIMMGUARD_VERSION}}},
            {"command", "decode"},
            {"jep106_revision", std::string(verifier::jep106_table_revision())},
            {"exit_status", status},
            {"modules", modules},
        };
        const std::string rendered = verifier::json_text(doc) + '\n';
        std::fwrite(rendered.data(), 1, rendered.size(), stdout);
    }
    return status;
}

}  // namespace

void register_decode(CLI::App& app, Runner& run) {
    auto options = std::make_shared<DecodeOptions>();
    CLI::App* cmd = app.add_subcommand("decode", command_description("decode"));
    cmd->add_option("files", options->files, "SPD dump files")->required();
    cmd->add_flag("--json", options->json, "print one JSON document");
    set_footer(cmd, "decode", "Bad CRCs, reserved values and truncation are reported in the output, not as errors.");
    cmd->callback([options, &run] { run = [options] { return run_decode(*options); }; });
}

}  // namespace dimmguard::cli
