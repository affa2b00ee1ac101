// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard adapters [--json]`: every I2C adapter, what it can read, which SPD addresses are
// there and whether this user can open it (as `smartctl --scan` lists the disks).
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "adapters.hpp"
#include "command_list.hpp"
#include "commands.hpp"
#include "dimmguard/bytes.hpp"
#include "verifier/spd_json.hpp"

namespace dimmguard::cli {
namespace {

using Json = nlohmann::ordered_json;

struct AdaptersOptions {
    bool json = false;
    bool no_probe = false;
    std::string sysfs_root = "/";
    std::string dev_root = "/dev";
};

std::string access_text(const AdapterReport& a) {
    if (a.access == "read-write") return "you can read it (" + a.node.string() + " " + a.node_owner + " " + a.node_mode + ")";
    if (a.access == "permission-denied") {
        return "no access to " + a.node.string() + " (" + a.node_owner + " " + a.node_mode +
               "): join the dimmguard group (dimmguard doctor)";
    }
    if (a.access == "missing") return "no " + a.node.string() + ": load i2c-dev (sudo modprobe i2c-dev)";
    return a.access_error;
}

std::string spd_text(const SpdAddress& s) {
    std::string line = hex_byte(static_cast<std::uint8_t>(s.address)) + "  ";
    if (!s.owner.empty()) {
        line += s.generation + " SPD owned by " + s.owner + ": " + s.eeprom;
    } else if (!s.unbound_client.empty() && s.generation.empty() && s.detail.empty()) {
        line += "kernel client '" + s.unbound_client + "' without a driver (sudo modprobe " + s.unbound_client + ")";
    } else if (!s.generation.empty()) {
        line += s.generation + " SPD answers on the bus";
    } else {
        line += "answers, not an SPD dimmguard reads" + (s.detail.empty() ? std::string() : ": " + s.detail);
    }
    return line;
}

int run_adapters(const AdaptersOptions& o) {
    const AdapterSurvey survey = survey_adapters(o.sysfs_root, o.dev_root, !o.no_probe);
    const int status = survey.error.empty() ? exit_ok : exit_unreadable;
    if (o.json) {
        Json list = Json::array();
        for (const auto& a : survey.adapters) {
            Json spd = Json::array();
            for (const auto& s : a.spd) {
                Json e = {{"address", hex_byte(static_cast<std::uint8_t>(s.address))},
                          {"owner", s.owner.empty() ? Json(nullptr) : Json(s.owner)},
                          {"eeprom", s.eeprom.empty() ? Json(nullptr) : Json(s.eeprom)},
                          {"generation", s.generation.empty() ? Json(nullptr) : Json(s.generation)}};
                if (!s.unbound_client.empty()) e["unbound_client"] = s.unbound_client;
                if (!s.detail.empty()) e["detail"] = s.detail;
                spd.push_back(std::move(e));
            }
            Json functions = nullptr;
            if (a.functionality) {
                char raw[24];
                std::snprintf(raw, sizeof raw, "0x%08lx", *a.functionality);
                functions = {{"i2c_block", (*a.functionality & 0x04000000UL) != 0},
                             {"word", (*a.functionality & 0x00200000UL) != 0},
                             {"byte", (*a.functionality & 0x00080000UL) != 0},
                             {"raw", raw}};
            }
            list.push_back({{"bus", "i2c-" + std::to_string(a.info.number)},
                            {"name", a.info.name},
                            {"driver", a.info.driver.empty() ? Json(nullptr) : Json(a.info.driver)},
                            {"kind", a.info.kind},
                            {"node", {{"path", a.node.string()},
                                      {"present", a.node_present},
                                      {"owner", a.node_present ? Json(a.node_owner) : Json(nullptr)},
                                      {"mode", a.node_present ? Json(a.node_mode) : Json(nullptr)},
                                      {"access", a.access},
                                      {"error", a.access_error.empty() ? Json(nullptr) : Json(a.access_error)}}},
                            {"reads", functions},
                            {"probed", a.probed},
                            {"not_probed", a.not_probed.empty() ? Json(nullptr) : Json(a.not_probed)},
                            {"spd", spd}});
        }
        Json doc = {{"schema_version", verifier::json_schema_version},
                    {"tool", {{"name", "dimmguard"}, {"version", DIMMGUARD_VERSION}}},
                    {"command", "adapters"},
                    {"exit_status", status},
                    {"adapters", list}};
        if (!survey.error.empty()) doc["error"] = survey.error;
        std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        if (!survey.error.empty()) std::fprintf(stderr, "dimmguard adapters: %s\n", survey.error.c_str());
        return status;
    }
    if (!survey.error.empty()) {
        std::fprintf(stderr, "dimmguard adapters: %s\n", survey.error.c_str());
        return status;
    }
    if (survey.adapters.empty()) {
        std::printf("no I2C adapters (load the SMBus driver: sudo modprobe i2c-i801, or i2c-piix4 on AMD)\n");
        return status;
    }
    for (const auto& a : survey.adapters) {
        std::printf("i2c-%-3d %s", a.info.number, a.info.name.c_str());
        std::printf("  [%s, %s]\n", a.info.driver.empty() ? "no driver" : a.info.driver.c_str(),
                    a.info.kind == "motherboard" ? "SMBus host" : a.info.kind == "usb-bridge" ? "USB bridge" : "not a memory bus");
        if (a.info.kind != "other") {
            std::printf("        %s\n", access_text(a).c_str());
            if (a.functionality) std::printf("        reads: %s\n", read_functions(*a.functionality).c_str());
        }
        for (const auto& s : a.spd) std::printf("        %s\n", spd_text(s).c_str());
        if (a.probed && a.spd.empty()) std::printf("        no SPD answers at 0x50-0x57\n");
        if (a.info.kind != "other" && !a.probed && !a.not_probed.empty() && a.spd.empty()) std::printf("        SPDs not probed: %s\n", a.not_probed.c_str());
    }
    return status;
}

}  // namespace

void register_adapters(CLI::App& app, Runner& run) {
    auto o = std::make_shared<AdaptersOptions>();
    CLI::App* cmd = app.add_subcommand("adapters", command_description("adapters"));
    cmd->add_flag("--json", o->json, "print one JSON document");
    cmd->add_flag("--no-probe", o->no_probe, "do not probe 0x50-0x57 over the bus (list what the kernel knows)");
    cmd->add_option("--sysfs-root", o->sysfs_root, "root of the sysfs tree (testing)")->group("");
    cmd->add_option("--dev-root", o->dev_root, "directory holding the i2c-N nodes (testing)")->group("");
    set_footer(cmd, "adapters", "Probing reads MR0/MR1 and byte 2 at 0x50-0x57 on SMBus hosts and USB bridges only, never on\n"
                                "graphics or display buses, and never on a segment whose SPDs a kernel driver owns.");
    cmd->callback([o, &run] { run = [o] { return run_adapters(*o); }; });
}

}  // namespace dimmguard::cli
