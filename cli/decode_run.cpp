// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard decode`: decoding the files and printing them as text or one JSON document. No
// command-line parser and no iostreams here: the static `dimmguard` links this alone (cli/main.cpp).
#include "decode_run.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "dimmguard/error.hpp"
#include "engine/exit_status.hpp"
#include "firmware_io/dump_file.hpp"
#include "text_output.hpp"
#include "verifier/jep106.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_json.hpp"

namespace dimmguard::cli {
namespace {

using engine::exit_ok;
using engine::exit_unreadable;

void report(const std::string& message) {
    std::fputs("dimmguard: ", stderr);
    std::fwrite(message.data(), 1, message.size(), stderr);
    std::fputc('\n', stderr);
}

// One file's outcome: its dump and decoded image, or the error that stopped it.
struct Decoded {
    Result<firmware_io::DumpImage> dump;
    Result<verifier::DecodedSpd> spd;
};

Decoded decode_file(const std::string& file) {
    auto dump = firmware_io::read_dump_file(file);
    Result<verifier::DecodedSpd> spd =
        dump ? with_context(verifier::decode_spd(dump->bytes), file) : tl::unexpected(dump.error());
    return {std::move(dump), std::move(spd)};
}

int run_text(const std::vector<std::string>& files) {
    int status = exit_ok;
    bool first = true;
    std::string text;
    for (const auto& file : files) {
        const Decoded d = decode_file(file);
        if (!d.spd) {
            status |= exit_unreadable;
            report(d.spd.error().message);
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
int run_json(const std::vector<std::string>& files) {
    int status = exit_ok;
    std::vector<Decoded> decoded;
    decoded.reserve(files.size());
    for (const auto& file : files) {
        decoded.push_back(decode_file(file));
        if (!decoded.back().spd) {
            status |= exit_unreadable;
            report(decoded.back().spd.error().message);
        }
    }
    std::string text;
    verifier::JsonWriter out(text);
    out.begin_object();
    out.key("schema_version");
    out.integer(verifier::json_schema_version);
    out.key("tool");
    out.begin_object();
    out.key("name");
    out.string("dimmguard");
    out.key("version");
    out.string(DIMMGUARD_VERSION);
    out.end();
    out.key("command");
    out.string("decode");
    out.key("jep106_revision");
    out.string(verifier::jep106_table_revision());
    out.key("exit_status");
    out.integer(status);
    out.key("modules");
    out.begin_array();
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        const Decoded& d = decoded[i];
        out.begin_object();
        out.key("source");
        out.begin_object();
        out.key("kind");
        out.string("file");
        out.key("path");
        out.string(files[i]);
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
        // The writer only appends: what it wrote so far goes out, module by module.
        std::fwrite(text.data(), 1, text.size(), stdout);
        text.clear();
    }
    out.end();
    out.end();
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), stdout);
    return status;
}

}  // namespace

int run_decode_files(const std::vector<std::string>& files, bool json) {
    return json ? run_json(files) : run_text(files);
}

}  // namespace dimmguard::cli
