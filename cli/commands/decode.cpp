// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard decode FILE... [--json]`: decode SPD dump files.
#include <cstdio>
#include <iostream>
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

// One file's outcome: its dump and decoded image, or the error that stopped it.
struct Decoded {
    Result<firmware_io::DumpImage> dump;
    Result<verifier::DecodedSpd> spd;
};

Decoded decode_file(const std::string& file) {
    auto dump = firmware_io::load_dump_file(file);
    Result<verifier::DecodedSpd> spd =
        dump ? with_context(verifier::decode_spd(dump->bytes), file) : tl::unexpected(dump.error());
    return {std::move(dump), std::move(spd)};
}

int run_text(const DecodeOptions& options) {
    int status = exit_ok;
    bool first = true;
    std::string text;
    for (const auto& file : options.files) {
        const Decoded d = decode_file(file);
        if (!d.spd) {
            status |= exit_unreadable;
            std::cerr << "dimmguard: " << d.spd.error().message << '\n';
            continue;
        }
        // One buffered write per module: many small stream writes dominated the run time.
        text.clear();
        if (!first) text += '\n';
        first = false;
        text += "== ";
        text += file;
        text += " (";
        text += firmware_io::dump_format_name(d.dump->format);
        text += ", ";
        text += std::to_string(d.dump->bytes.size());
        text += " bytes) ==\n";
        print_decoded(text, *d.spd);
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return status;
}

// The document is written a module at a time, without a JSON tree, in the text json_text()
// gives for the whole document built as a tree (the test compares them): holding every module's
// tree until the end cost more in fresh heap pages than the decoding itself, and building the
// trees most of the instructions. The exit status comes before the modules, so
// every file is decoded first; a DecodedSpd is a small fraction of its JSON tree.
int run_json(const DecodeOptions& options) {
    int status = exit_ok;
    std::vector<Decoded> decoded;
    decoded.reserve(options.files.size());
    for (const auto& file : options.files) {
        decoded.push_back(decode_file(file));
        if (!decoded.back().spd) {
            status |= exit_unreadable;
            std::cerr << "dimmguard: " << decoded.back().spd.error().message << '\n';
        }
    }
    const nlohmann::ordered_json head = {
        {"schema_version", verifier::json_schema_version},
        {"tool", {{"name", "dimmguard"}, {"version", DIMMGUARD_VERSION}}},
        {"command", "decode"},
        {"jep106_revision", std::string(verifier::jep106_table_revision())},
        {"exit_status", status},
    };
    std::string text = verifier::json_text(head);
    text.resize(text.size() - 2);   // "\n}": the modules member follows
    text += ",\n  \"modules\": ";
    if (decoded.empty()) text += "[]";
    else text += "[\n";
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        const std::string& file = options.files[i];
        const Decoded& d = decoded[i];
        text.append(4, ' ');
        verifier::JsonWriter out(text, 4);
        out.begin_object();
        out.key("source");
        out.begin_object();
        out.key("kind");
        out.string("file");
        out.key("path");
        out.string(file);
        if (d.spd) {
            out.key("format");
            out.string(firmware_io::dump_format_name(d.dump->format));
        }
        out.end();
        out.key("ok");
        out.boolean(d.spd.has_value());
        if (d.spd) {
            out.key("spd");
            verifier::write_json(out, *d.spd);
        } else {
            out.key("error");
            out.begin_object();
            out.key("code");
            out.string(errc_name(d.spd.error().code));
            out.key("message");
            out.string(d.spd.error().message);
            out.end();
        }
        out.end();
        text += i + 1 < decoded.size() ? ",\n" : "\n  ]";
        std::fwrite(text.data(), 1, text.size(), stdout);
        text.clear();
    }
    text += "\n}\n";
    std::fwrite(text.data(), 1, text.size(), stdout);
    return status;
}

}  // namespace

int run_decode_files(const std::vector<std::string>& files, bool json) {
    const DecodeOptions options{files, json};
    return json ? run_json(options) : run_text(options);
}

void register_decode(CLI::App& app, Runner& run) {
    auto options = std::make_shared<DecodeOptions>();
    CLI::App* cmd = app.add_subcommand("decode", command_description("decode"));
    cmd->add_option("files", options->files, "SPD dump files")->required();
    cmd->add_flag("--json", options->json, "print one JSON document");
    set_footer(cmd, "decode", "Bad CRCs, reserved values and truncation are reported in the output, not as errors.");
    cmd->callback([options, &run] { run = [options] { return run_decode_files(options->files, options->json); }; });
}

}  // namespace dimmguard::cli
