// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard scan [--bus N | --all | --bench FILE] [--json] [--save DIR]`: read every SPD.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_list.hpp"
#include "commands.hpp"
#include "engine/exit_status.hpp"
#include "engine/session.hpp"
#include "output.hpp"
#include "dimmguard/bytes.hpp"
#include "firmware_io/acquire.hpp"
#include "firmware_io/dump_file.hpp"
#include "firmware_io/spd_reader.hpp"
#include "text_output.hpp"
#include "verifier/jep106.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_json.hpp"

namespace dimmguard::cli {
namespace {

using Json = nlohmann::ordered_json;
namespace fio = firmware_io;

struct ScanOptions {
    int bus = -1;
    bool all = false;
    std::string bench;
    std::string replay;
    std::string slot;
    bool json = false;
    std::string save;
    std::string trace;
    std::string sysfs_root = "/";
    std::string dev_root = "/dev";
};


Json identity_json(const fio::ModuleRead& m) {
    Json devices = Json::array();
    for (const auto& d : m.devices) {
        Json dj = {{"role", d.role}, {"address", hex_byte(d.address)}, {"present", d.present}};
        if (d.present) {
            if (d.role != "pmic0") dj["device_type"] = to_hex(std::array<std::uint8_t, 2>{d.device_type_msb, d.device_type_lsb});
            dj["revision"] = hex_byte(d.revision);
            dj["vendor"] = verifier::to_json(verifier::decode_jep106(d.vendor_bank, d.vendor_code));
        }
        devices.push_back(std::move(dj));
    }
    Json j = {{"devices", devices}};
    if (m.hub) {
        char wp[8];
        std::snprintf(wp, sizeof wp, "0x%04x", unsigned{m.hub->write_protect});
        j["hub_state"] = {{"capability", hex_byte(m.hub->capability)},
                          {"mr11", hex_byte(m.hub->mr11)},
                          {"write_protect", wp},
                          {"write_protect_blocks", std::popcount(m.hub->write_protect)},
                          {"status", hex_byte(m.hub->status)},
                          {"temperature_c", m.hub->temperature_c ? Json(*m.hub->temperature_c) : Json(nullptr)}};
    }
    return j;
}

std::string summary_line(const fio::AcquiredModule& s, const verifier::DecodedSpd* d, const fio::ModuleRead& m) {
    std::ostringstream line;
    char head[64];
    std::snprintf(head, sizeof head, "%-7s %s  %-4s ", s.bus.c_str(), hex_byte(s.address).c_str(),
                  std::string(dimmguard::generation_name(m.generation)).c_str());
    line << head;
    if (d) {
        const auto& mf = d->manufacturing;
        line << d->module_type << "  " << format_capacity(d->geometry.capacity_bytes) << "  "
             << (mf.module_maker.name.empty() ? mf.module_maker.display() : mf.module_maker.name) << "  "
             << (mf.part_number.empty() ? "(no part number)" : mf.part_number) << "  serial " << mf.serial_hex;
    }
    char tail[96];
    if (s.via == "bus") std::snprintf(tail, sizeof tail, "  read %.1f ms wire, %llu transactions", m.wire_ms,
                                      static_cast<unsigned long long>(m.stats.transactions));
    else std::snprintf(tail, sizeof tail, "  read via %s", s.via.c_str());
    line << tail;
    if (!s.label.empty()) line << "  [" << s.label << "]";
    if (!m.crc_ok) line << (m.unstable ? "  UNSTABLE READ" : "  BAD CRC");
    return line.str();
}

int run_scan(const ScanOptions& o) {
    const int sources = (o.bus >= 0 ? 1 : 0) + (o.all ? 1 : 0) + (o.bench.empty() ? 0 : 1) + (o.replay.empty() ? 0 : 1);
    if (sources != 1) {
        std::fprintf(stderr, "dimmguard scan: choose exactly one of --bus N, --all, --bench FILE or --replay TRACE\n");
        return exit_usage;
    }
    engine::SessionOptions options;
    options.source = source_from_flags({}, o.bus, o.all, o.bench, o.replay, o.sysfs_root, o.dev_root);
    options.slot = o.slot;
    auto session = engine::InspectionSession::prepare(std::move(options));
    if (!session) {
        std::fprintf(stderr, "dimmguard scan: %s\n", session.error().message.c_str());
        return engine::exit_status_of(session.error());
    }
    StderrProgress progress;
    auto acquired = session->acquire({}, progress.callback(), !o.trace.empty());
    progress.clear();
    if (!acquired) {
        std::fprintf(stderr, "dimmguard scan: %s\n", acquired.error().message.c_str());
        if (o.json) {
            const Json doc = {{"schema_version", verifier::json_schema_version}, {"command", "scan"},
                              {"exit_status", exit_unreadable}, {"error", {{"code", errc_name(acquired.error().code)}, {"message", acquired.error().message}}},
                              {"modules", Json::array()}};
            std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        }
        return exit_unreadable;
    }
    const auto& trace = acquired->trace;
    auto modules = &acquired->modules;
    int status = exit_ok;
    Json list = Json::array();
    std::string text;
    for (auto& s : *modules) {
        Json entry = {{"source", {{"kind", s.via == "bus" ? "bus" : "sysfs"}, {"bus", s.bus}, {"address", hex_byte(s.address)}, {"via", s.via}}}};
        if (!s.label.empty()) entry["source"]["label"] = s.label;
        if (!s.read) {
            status |= exit_unreadable;
            std::fprintf(stderr, "dimmguard scan: %s\n", s.read.error().message.c_str());
            entry["ok"] = false;
            entry["error"] = {{"code", errc_name(s.read.error().code)}, {"message", s.read.error().message}};
            list.push_back(std::move(entry));
            continue;
        }
        const fio::ModuleRead& m = *s.read;
        if (m.unstable) status |= exit_unreadable;
        auto decoded = verifier::decode_spd(m.image);
        std::string saved;
        if (!o.save.empty()) {
            std::error_code ec;
            std::filesystem::create_directories(o.save, ec);
            const auto path = std::filesystem::path(o.save) / (s.bus + "-" + hex_byte(s.address) + ".bin");
            if (auto w = fio::write_raw_dump(path, m.image); !w) {
                std::fprintf(stderr, "dimmguard scan: %s\n", w.error().message.c_str());
                status |= exit_unreadable;
            } else {
                saved = path.string();
            }
        }
        entry["ok"] = !m.unstable;
        entry["generation"] = dimmguard::generation_name(m.generation);
        entry["read"] = {{"transactions", m.stats.transactions}, {"wire_bits", m.stats.wire_bits},
                         {"wire_ms", m.wire_ms}, {"page_writes", m.stats.writes}, {"reads", m.reads}, {"crc_ok", m.crc_ok},
                         {"crc_bad_stable", m.crc_bad_stable}, {"unstable", m.unstable}, {"problems", m.problems}};
        if (!saved.empty()) entry["saved"] = saved;
        entry["live"] = identity_json(m);
        if (decoded) entry["spd"] = verifier::to_json(*decoded);
        list.push_back(std::move(entry));
        if (!o.json) {
            text += summary_line(s, decoded ? &*decoded : nullptr, m) + '\n';
            for (const auto& p : m.problems) text += "    ! " + p + '\n';
            if (!saved.empty()) text += "    saved " + saved + '\n';
        }
    }
    if (!o.trace.empty()) {
        std::string lines;
        for (const auto& l : trace) lines += l + '\n';
        if (auto w = write_file_atomically(o.trace, lines); !w) {
            std::fprintf(stderr, "dimmguard scan: %s\n", w.error().message.c_str());
            status |= exit_unreadable;
        }
    }
    if (o.json) {
        const Json doc = {{"schema_version", verifier::json_schema_version},
                          {"tool", {{"name", "dimmguard"}, {"version", DIMMGUARD_VERSION}}},
                          {"command", "scan"},
                          {"exit_status", status},
                          {"modules", list}};
        const std::string out = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
        std::fwrite(out.data(), 1, out.size(), stdout);
    } else {
        if (modules->empty()) text = "no SPD found\n";
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return status;
}

}  // namespace

void register_scan(CLI::App& app, Runner& run) {
    auto o = std::make_shared<ScanOptions>();
    CLI::App* cmd = app.add_subcommand("scan", command_description("scan"));
    cmd->add_option("--bus", o->bus, "read /dev/i2c-N (reads and page selects only)")->check(CLI::NonNegativeNumber);
    cmd->add_flag("--all", o->all, "every SPD of this machine: through the kernel driver's sysfs file where one is "
                                   "bound (ee1004, spd5118), over the SMBus otherwise");
    cmd->add_option("--bench", o->bench, "an emulated bench file (dimmguard-bench(5))");
    cmd->add_option("--replay", o->replay, "a trace written by --trace, replayed as the bus (reproduces that scan exactly)");
    cmd->add_option("--slot", o->slot, "only this module: a bench slot label (A4), an address (0x52) or a location (\"i2c-0 0x52\")");
    cmd->add_flag("--json", o->json, "print one JSON document");
    cmd->add_option("--save", o->save, "also write each raw image to DIR/<bus>-<address>.bin");
    cmd->add_option("--trace", o->trace, "write every bus transaction to FILE, one line each");
    cmd->add_option("--sysfs-root", o->sysfs_root, "root of the sysfs tree (testing)")->group("");
    cmd->add_option("--dev-root", o->dev_root, "directory holding the i2c-N nodes (testing)")->group("");
    set_footer(cmd, "scan", "An unstable read counts as unreadable. Only reads and the EE1004 / SPD5118 page selects ever reach a bus.");
    cmd->callback([o, &run] { run = [o] { return run_scan(*o); }; });
}

}  // namespace dimmguard::cli
