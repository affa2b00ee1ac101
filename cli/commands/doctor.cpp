// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard doctor [--json] [--data-dir DIR]`: is this machine ready to read and verify
// modules? One line per check, each problem with the command that fixes it.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "adapters.hpp"
#include "command_list.hpp"
#include "commands.hpp"
#include "db/database.hpp"
#include "dimmguard/text.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "verifier/spd_json.hpp"

namespace dimmguard::cli {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

struct DoctorOptions {
    bool json = false;
    std::string data_dir;
    std::string now;
    std::string sysfs_root = "/";
    std::string dev_root = "/dev";
};

enum class Level { ok, info, warn, fail };

struct Check {
    std::string name;
    Level level = Level::ok;
    std::string message;
    std::string fix;             ///< the command (or step) that fixes it; empty when ok
    int exit_bit = 0;            ///< what a failure adds to the exit status
};

const char* level_name(Level l) {
    switch (l) {
    case Level::ok: return "ok";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::fail: return "fail";
    }
    return "?";
}

// Seconds since the epoch of "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; -1 when malformed.
long long epoch_of(const std::string& t) {
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const int n = std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s);
    if (n != 3 && n != 6) return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return static_cast<long long>(::timegm(&tm));
}

std::string user_name() {
    if (const passwd* p = ::getpwuid(::geteuid())) return p->pw_name;
    return std::to_string(::geteuid());
}

bool in_group(gid_t gid) {
    if (::getegid() == gid) return true;
    const int n = ::getgroups(0, nullptr);
    if (n <= 0) return false;
    std::vector<gid_t> groups(static_cast<std::size_t>(n));
    const int got = ::getgroups(n, groups.data());
    return got > 0 && std::find(groups.begin(), groups.begin() + got, gid) != groups.begin() + got;
}

void check_i2c_dev(const DoctorOptions& o, std::vector<Check>& out) {
    const fs::path root(o.sysfs_root);
    std::error_code ec;
    if (fs::exists(root / "sys/module/i2c_dev", ec) || fs::exists(root / "sys/class/i2c-dev", ec)) {
        out.push_back({"i2c-dev", Level::ok, "the i2c-dev module is loaded (/dev/i2c-N nodes)", {}, 0});
    } else {
        out.push_back({"i2c-dev", Level::fail, "i2c-dev is not loaded: there are no /dev/i2c-N nodes to read SPDs through",
                       "sudo modprobe i2c-dev   (the dimmguard package loads it at boot: /usr/lib/modules-load.d/dimmguard.conf)",
                       exit_unreadable});
    }
}

// Group membership: the udev rule gives the SMBus nodes to the dimmguard group.
void check_group(std::vector<Check>& out) {
    const group* g = ::getgrnam("dimmguard");
    const std::string user = user_name();
    if (::geteuid() == 0) {
        out.push_back({"group", Level::ok, "running as root; operators need only the dimmguard group", {}, 0});
    } else if (g == nullptr) {
        out.push_back({"group", Level::fail, "there is no dimmguard group",
                       "sudo systemd-sysusers   (the dimmguard package creates it), then: sudo usermod -aG dimmguard " + user,
                       exit_unreadable});
    } else if (!in_group(g->gr_gid)) {
        out.push_back({"group", Level::fail, "you (" + user + ") are not in the dimmguard group",
                       "sudo usermod -aG dimmguard " + user + "   then log out and in again (or: newgrp dimmguard)",
                       exit_unreadable});
    } else {
        out.push_back({"group", Level::ok, user + " is in the dimmguard group", {}, 0});
    }
}

void check_bus(const DoctorOptions& o, const AdapterSurvey& survey, std::vector<Check>& out) {
    if (!survey.error.empty()) {
        out.push_back({"smbus-host", Level::fail, "cannot list I2C adapters: " + survey.error,
                       "run dimmguard on the machine itself, not in a container without /sys", exit_unreadable});
        return;
    }
    std::vector<const AdapterReport*> hosts;
    for (const auto& a : survey.adapters) {
        if (a.info.kind != "other") hosts.push_back(&a);
    }
    if (hosts.empty()) {
        out.push_back({"smbus-host", Level::fail, "no SMBus host adapter (only display or other I2C buses)",
                       "sudo modprobe i2c-i801   (Intel; i2c-piix4 on AMD)", exit_unreadable});
    } else {
        std::string names;
        for (const auto* a : hosts) {
            names += (names.empty() ? "" : ", ") + std::string("i2c-") + std::to_string(a->info.number) + " " + a->info.name +
                     (a->info.driver.empty() ? std::string() : " (" + a->info.driver + ")");
        }
        out.push_back({"smbus-host", Level::ok, names, {}, 0});
    }
    const std::string user = user_name();

    for (const auto* a : hosts) {
        const std::string name = "access i2c-" + std::to_string(a->info.number);
        if (a->access == "read-write") {
            out.push_back({name, Level::ok, a->node.string() + " " + a->node_owner + " " + a->node_mode + ": readable", {}, 0});
        } else if (a->access == "permission-denied") {
            std::string fix = "sudo udevadm trigger --subsystem-match=i2c-dev --action=change   (applies the dimmguard rule)";
            if (a->node_owner.find(":dimmguard") != std::string::npos) fix = "sudo usermod -aG dimmguard " + user + "   then log in again";
            out.push_back({name, Level::fail, a->node.string() + " " + a->node_owner + " " + a->node_mode + ": permission denied", fix,
                           exit_unreadable});
        } else if (a->access == "missing") {
            out.push_back({name, Level::fail, "no " + a->node.string(), "sudo modprobe i2c-dev", exit_unreadable});
        } else {
            out.push_back({name, Level::fail, a->access_error, "check that " + a->node.string() + " is an i2c-dev node",
                           exit_unreadable});
        }
    }

    // Kernel drivers owning SPDs: reads through sysfs need no group and cannot write.
    std::string owned;
    std::string unbound;
    for (const auto& a : survey.adapters) {
        for (const auto& s : a.spd) {
            char where[32];
            std::snprintf(where, sizeof where, "%d-%04x", a.info.number, s.address);
            if (!s.owner.empty()) owned += (owned.empty() ? "" : ", ") + std::string(where) + " " + s.owner;
            else if (!s.unbound_client.empty()) unbound += (unbound.empty() ? "" : ", ") + std::string(where) + " " + s.unbound_client;
        }
    }
    if (!unbound.empty()) {
        out.push_back({"spd-drivers", Level::warn, "SPD clients without a bound driver: " + unbound,
                       "sudo modprobe ee1004 spd5118   (DDR4 / DDR5; or delete the client to read over the bus)", 0});
    } else if (!owned.empty()) {
        out.push_back({"spd-drivers", Level::ok, "read through sysfs: " + owned, {}, 0});
    } else {
        out.push_back({"spd-drivers", Level::info, "no SPD is owned by ee1004 or spd5118: dimmguard reads them over the SMBus", {}, 0});
    }

    // Intel PCH / ICH: HOSTC (PCI config 0x40) bit 4 is SPD Write Disable; once set by the
    // firmware, the chipset refuses writes to 0x50-0x57 until the next reset.
    for (const auto* a : hosts) {
        const std::string name = "spd-write-disable i2c-" + std::to_string(a->info.number);
        if (a->info.driver.find("i801") == std::string::npos) {
            out.push_back({name, Level::info, "not reported by " + (a->info.driver.empty() ? std::string("this adapter") : a->info.driver) +
                                                  ": the hub or EEPROM write protection is all there is", {}, 0});
            continue;
        }
        const fs::path config = fs::path(o.sysfs_root) / "sys/class/i2c-adapter" / ("i2c-" + std::to_string(a->info.number)) / "device/config";
        std::ifstream in(config, std::ios::binary);
        char bytes[0x41] = {};
        in.read(bytes, sizeof bytes);
        if (in.gcount() < static_cast<std::streamsize>(sizeof bytes)) {
            out.push_back({name, Level::info, "unknown: PCI config 0x40 of the i801 host is readable by root only",
                           "sudo dimmguard doctor", 0});
        } else if ((static_cast<unsigned char>(bytes[0x40]) & 0x10) != 0) {
            out.push_back({name, Level::ok, "set: the chipset blocks SMBus writes to the SPD EEPROMs", {}, 0});
        } else {
            out.push_back({name, Level::warn, "clear: any program with access to this bus can write the SPD EEPROMs",
                           "enable \"SPD Write Disable\" in the firmware setup (dimmguard itself never writes SPD data)", 0});
        }
    }
}

void check_registry(const DoctorOptions& o, std::vector<Check>& out) {
    const fs::path dir = o.data_dir.empty() ? db::default_data_dir() : fs::path(o.data_dir);
    const std::string d = " --data-dir " + dir.string();
    const std::string now = o.now.empty() ? db::utc_now() : o.now;
    if (!db::registry_exists(dir)) {
        out.push_back({"registry", Level::fail, "no registry in " + dir.string(),
                       "dimmguard registry init --root-key ROOT.pub" + d + "   then registry trust and registry import", exit_registry});
        return;
    }
    auto database = db::Database::open_read_only(dir);
    if (!database) {
        out.push_back({"registry", Level::fail, database.error().message, "restore " + dir.string() + " from a backup", exit_registry});
        return;
    }
    auto st = db::registry_status(*database, now);
    if (!st) {
        out.push_back({"registry", Level::fail, st.error().message, "dimmguard registry status" + d, exit_registry});
        return;
    }
    if (!st->initialised) {
        out.push_back({"registry", Level::fail, "no pinned root key in " + dir.string(),
                       "dimmguard registry init --root-key ROOT.pub" + d, exit_registry});
        return;
    }
    if (!st->integrity_problems.empty()) {
        out.push_back({"registry", Level::fail, "does not match its trusted state: " + st->integrity_problems.front() +
                                                    (st->integrity_problems.size() > 1 ? " (and " + std::to_string(st->integrity_problems.size() - 1) + " more)" : std::string()),
                       "dimmguard registry status" + d + "   (restore the registry from a backup)", exit_registry});
    } else {
        out.push_back({"registry", Level::ok, dir.string() + ": " + std::to_string(st->parts) + " parts, " + std::to_string(st->serials) +
                                                  " serials, " + std::to_string(st->revocations) + " revocations",
                       {}, 0});
    }

    const long long t_now = epoch_of(now);
    constexpr long long day = 86400;
    std::string newest_created;
    if (!st->trust) {
        out.push_back({"trust", Level::fail, "no trust document accepted", "dimmguard registry trust DOC" + d, exit_registry});
    } else if (st->trust_problem) {
        out.push_back({"trust", Level::fail, *st->trust_problem, "dimmguard registry trust NEWER-DOC" + d, exit_registry});
    } else {
        const auto& t = *st->trust;
        newest_created = t.created;
        const long long left = epoch_of(t.expires) - t_now;
        if (t.expires <= now) {
            out.push_back({"trust", Level::fail, "trust document v" + std::to_string(t.version) + " expired " + t.expires,
                           "dimmguard registry trust NEWER-DOC" + d + "   (ask the registry's root key holders)", exit_registry});
        } else if (left < 30 * day) {
            out.push_back({"trust", Level::warn, "trust document v" + std::to_string(t.version) + " expires " + t.expires + " (in " +
                                                     std::to_string(left / day) + " days)",
                           "dimmguard registry trust NEWER-DOC" + d, 0});
        } else {
            out.push_back({"trust", Level::ok, "trust document v" + std::to_string(t.version) + " until " + t.expires, {}, 0});
        }
    }

    if (st->bundles.empty()) {
        out.push_back({"bundles", Level::fail, "no bundle imported: every module would be 'unknown'",
                       "dimmguard registry import BUNDLE" + d, exit_registry});
    } else {
        int problems = 0, expired = 0, soon = 0;
        std::string first;
        for (const auto& b : st->bundles) {
            if (b.created > newest_created) newest_created = b.created;
            const std::string what = b.role + " v" + std::to_string(b.version) + " of " + b.publisher;
            if (b.problem) {
                if (problems++ == 0 && first.empty()) first = what + ": " + *b.problem;
            } else if (b.expired) {
                if (expired++ == 0 && first.empty()) first = what + " expired " + b.expires;
            } else if (epoch_of(b.expires) - t_now < 30 * day) {
                if (soon++ == 0 && first.empty()) first = what + " expires " + b.expires;
            }
        }
        const std::string count = std::to_string(st->bundles.size()) + " bundle" + (st->bundles.size() == 1 ? "" : "s");
        if (problems + expired > 0) {
            out.push_back({"bundles", Level::fail, count + ", " + std::to_string(problems + expired) + " unusable: " + first,
                           "dimmguard registry import NEWER-BUNDLE" + d, exit_registry});
        } else if (soon > 0) {
            out.push_back({"bundles", Level::warn, count + ": " + first, "dimmguard registry import NEWER-BUNDLE" + d, 0});
        } else {
            out.push_back({"bundles", Level::ok, count + ", none expiring within 30 days", {}, 0});
        }
    }

    // A clock behind the registry makes fresh data look "not yet valid" and an expired bundle
    // look current; a clock far ahead expires everything.
    if (t_now < 0) {
        out.push_back({"clock", Level::fail, "cannot read the time '" + now + "'", "timedatectl", exit_registry});
    } else if (!newest_created.empty() && epoch_of(newest_created) - t_now > 300) {
        out.push_back({"clock", Level::fail, "the clock (" + now + ") is behind the registry's newest data (created " + newest_created + ")",
                       "sudo timedatectl set-ntp true   (or set the time: sudo timedatectl set-time ...)", exit_registry});
    } else {
        out.push_back({"clock", Level::ok, now + (newest_created.empty() ? std::string() : ", after the newest registry data (" + newest_created + ")"),
                       {}, 0});
    }
}

int run_doctor(const DoctorOptions& o) {
    std::vector<Check> checks;
    check_i2c_dev(o, checks);
    check_group(checks);
    check_bus(o, survey_adapters(o.sysfs_root, o.dev_root, false), checks);
    check_registry(o, checks);
    int status = exit_ok;
    for (const auto& c : checks) {
        if (c.level == Level::fail) status |= c.exit_bit;
    }
    if (o.json) {
        Json list = Json::array();
        for (const auto& c : checks) {
            list.push_back({{"check", c.name}, {"status", level_name(c.level)}, {"message", c.message},
                            {"fix", c.fix.empty() ? Json(nullptr) : Json(c.fix)}});
        }
        const Json doc = {{"schema_version", verifier::json_schema_version},
                          {"tool", {{"name", "dimmguard"}, {"version", DIMMGUARD_VERSION}}},
                          {"command", "doctor"},
                          {"exit_status", status},
                          {"checks", list}};
        std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        return status;
    }
    const bool colour = colour_stdout();
    std::string text;
    for (const auto& c : checks) {
        const char* on = "";
        if (colour) on = c.level == Level::fail ? "\033[1;31m" : c.level == Level::warn ? "\033[1;33m" : c.level == Level::ok ? "\033[32m" : "";
        char head[160];
        std::snprintf(head, sizeof head, "%s%-4s%s  %-24s ", on, level_name(c.level), *on ? "\033[0m" : "", c.name.c_str());
        text += head + terminal_safe(c.message, true) + '\n';
        if (!c.fix.empty()) text += std::string(31, ' ') + "fix: " + terminal_safe(c.fix, true) + '\n';
    }
    const auto failed = std::count_if(checks.begin(), checks.end(), [](const Check& c) { return c.level == Level::fail; });
    const auto warned = std::count_if(checks.begin(), checks.end(), [](const Check& c) { return c.level == Level::warn; });
    text += failed == 0 ? (warned == 0 ? "ready\n" : "ready, with " + std::to_string(warned) + " warning" + (warned == 1 ? "" : "s") + "\n")
                        : "not ready: " + std::to_string(failed) + " check" + (failed == 1 ? "" : "s") + " failed\n";
    // Every field was escaped above (adapter names, registry problems), so the colour codes,
    // which are ours, may take the raw stream as the verify report does.
    std::fwrite(text.data(), 1, text.size(), colour ? raw_stdout() : stdout);
    return status;
}

}  // namespace

void register_doctor(CLI::App& app, Runner& run) {
    auto o = std::make_shared<DoctorOptions>();
    CLI::App* cmd = app.add_subcommand("doctor", command_description("doctor"));
    cmd->add_flag("--json", o->json, "print one JSON document");
    cmd->add_option("--data-dir", o->data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR, else ~/.local/share/dimmguard)");
    cmd->add_option("--now", o->now, "time used as now, YYYY-MM-DDTHH:MM:SSZ (testing)")->group("");
    cmd->add_option("--sysfs-root", o->sysfs_root, "root of the sysfs tree (testing)")->group("");
    cmd->add_option("--dev-root", o->dev_root, "directory holding the i2c-N nodes (testing)")->group("");
    set_footer(cmd, "doctor", "Doctor never puts a transaction on a bus: it reads sysfs, opens /dev/i2c-N and reads the registry.\n"
                              "0 means ready (warnings allowed); a failed check sets 2 (bus) or 16 (registry, trust, clock).");
    cmd->callback([o, &run] { run = [o] { return run_doctor(*o); }; });
}

}  // namespace dimmguard::cli
