// SPDX-License-Identifier: GPL-3.0-or-later
// The adapter survey behind `dimmguard adapters` and `dimmguard doctor`.
#include "adapters.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <system_error>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

extern "C" {
#include <linux/i2c.h>
}

#include "firmware_io/linux_smbus.hpp"
#include "firmware_io/spd_reader.hpp"

namespace dimmguard::cli {
namespace {

namespace fs = std::filesystem;
namespace fio = firmware_io;

std::string first_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    if (in) std::getline(in, line);
    return line;
}

std::string user_name(uid_t uid) {
    if (const passwd* p = ::getpwuid(uid)) return p->pw_name;
    return std::to_string(uid);
}

std::string group_name(gid_t gid) {
    if (const group* g = ::getgrgid(gid)) return g->gr_name;
    return std::to_string(gid);
}

// Kernel clients at 0x50-0x57 of bus N: <root>/sys/bus/i2c/devices/N-00XX/name, and whether a
// driver is bound (a `driver` link).
struct Client {
    unsigned address = 0;
    std::string name;
    bool bound = false;
};

std::vector<Client> spd_clients(const fs::path& sysfs_root, int bus) {
    std::vector<Client> out;
    for (unsigned a = 0x50; a <= 0x57; ++a) {
        char dir[32];
        std::snprintf(dir, sizeof dir, "%d-%04x", bus, a);
        const fs::path client = sysfs_root / "sys/bus/i2c/devices" / dir;
        std::error_code ec;
        if (!fs::is_directory(client, ec)) continue;
        out.push_back({a, first_line(client / "name"), fs::exists(fs::symlink_status(client / "driver", ec))});
    }
    return out;
}

}  // namespace

std::string read_functions(unsigned long functionality) {
    std::string out;
    const auto add = [&out](const char* what) {
        if (!out.empty()) out += ", ";
        out += what;
    };
    if ((functionality & I2C_FUNC_SMBUS_READ_I2C_BLOCK) != 0) add("I2C block");
    if ((functionality & I2C_FUNC_SMBUS_READ_WORD_DATA) != 0) add("word");
    if ((functionality & I2C_FUNC_SMBUS_READ_BYTE_DATA) != 0) add("byte");
    return out.empty() ? std::string("none of the SMBus reads SPDs need") : out;
}

AdapterSurvey survey_adapters(const fs::path& sysfs_root, const fs::path& dev_root, bool probe) {
    AdapterSurvey survey;
    auto adapters = fio::list_adapters(sysfs_root);
    if (!adapters) {
        survey.error = adapters.error().message;
        return survey;
    }
    auto bound = fio::list_spd_devices(sysfs_root);   // missing /sys/bus/i2c/devices: none bound
    for (auto& info : *adapters) {
        AdapterReport r;
        r.info = info;
        r.node = dev_root / ("i2c-" + std::to_string(info.number));
        struct stat st {};
        if (::stat(r.node.c_str(), &st) == 0) {
            r.node_present = true;
            r.node_owner = user_name(st.st_uid) + ":" + group_name(st.st_gid);
            char mode[8];
            std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
            r.node_mode = mode;
        }
        // Opening the node and I2C_FUNCS put nothing on the wire.
        auto bus = fio::LinuxSmbusBus::open(info.number, dev_root, sysfs_root);
        if (bus) {
            r.access = "read-write";
            r.functionality = (*bus)->functionality();
        } else {
            r.access_error = bus.error().message;
            switch (bus.error().code) {
            case Errc::permission_denied: r.access = "permission-denied"; break;
            case Errc::not_found: r.access = "missing"; break;
            case Errc::unsupported: r.access = "not-i2c-dev"; break;
            default: r.access = "error"; break;
            }
        }

        bool owned = false;
        if (bound) {
            for (const auto& d : *bound) {
                if (d.bus != info.number) continue;
                owned = true;
                const std::string generation = d.driver == "ee1004" ? "DDR4" : d.driver == "spd5118" ? "DDR5" : "DDR3";
                r.spd.push_back({d.address, d.driver, d.eeprom.string(), {}, generation, {}});
            }
        }
        for (const auto& c : spd_clients(sysfs_root, info.number)) {
            const bool listed = std::any_of(r.spd.begin(), r.spd.end(), [&](const SpdAddress& s) { return s.address == c.address; });
            if (listed || c.bound) continue;
            r.spd.push_back({c.address, {}, {}, c.name, {}, {}});
        }

        if (info.kind == "other") {
            r.not_probed = "not a memory SMBus (" + (info.driver.empty() ? std::string("no driver") : info.driver) + ")";
        } else if (owned) {
            r.not_probed = "the kernel owns SPDs on this segment: read through sysfs";
        } else if (!bus) {
            r.not_probed = "cannot open " + r.node.string();
        } else if (!probe) {
            r.not_probed = "probe not requested";
        } else {
            fio::SpdReader reader(**bus);
            auto probes = reader.probe();
            if (!probes) {
                r.not_probed = "probe failed: " + probes.error().message;
            } else {
                r.probed = true;
                for (const auto& p : *probes) {
                    if (!p.present) continue;
                    auto it = std::find_if(r.spd.begin(), r.spd.end(), [&](const SpdAddress& s) { return s.address == p.address; });
                    if (it == r.spd.end()) it = r.spd.insert(r.spd.end(), SpdAddress{p.address, {}, {}, {}, {}, {}});
                    if (p.generation) it->generation = std::string(generation_name(*p.generation));
                    it->detail = p.detail;
                }
            }
        }
        std::sort(r.spd.begin(), r.spd.end(), [](const SpdAddress& a, const SpdAddress& b) { return a.address < b.address; });
        survey.adapters.push_back(std::move(r));
    }
    return survey;
}

}  // namespace dimmguard::cli
