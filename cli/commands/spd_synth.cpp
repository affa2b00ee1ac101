// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard spd synth`: write a JEDEC-valid DDR4/DDR5 SPD image from a short description.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dimmguard/input_file.hpp"
#include "command_list.hpp"
#include "commands.hpp"
#include "firmware_io/dump_file.hpp"
#include "verifier/spd_synth.hpp"

namespace dimmguard::cli {
namespace {

struct SynthOptions {
    std::string spec_file;
    std::string type = "ddr5";
    std::string module_type;
    std::string capacity;
    int ranks = 0;
    std::string width;
    int dies = 0;
    bool three_ds = false;
    int speed = 0;
    std::string ecc;  // "", "on", "off"
    std::string maker, dram_maker, part, serial, date;
    int location = -1, revision = -1;
    std::string hub_vendor, pmic_vendor, rcd_vendor, ts_vendor;
    std::vector<int> xmp;
    bool no_thermal_sensor = false;
    std::string output;
};

Result<verifier::SynthSpec> build_spec(const SynthOptions& o) {
    nlohmann::json j = nlohmann::json::object();
    if (!o.spec_file.empty()) {
        auto text = read_input_file(o.spec_file, 1U << 20);
        if (!text) return tl::unexpected(text.error());
        try {
            j = nlohmann::json::parse(*text);
        } catch (const nlohmann::json::exception& e) {
            return fail(Errc::bad_format, o.spec_file + ": not valid JSON (" + std::string(e.what()) + ")");
        }
        if (!j.is_object()) return fail(Errc::bad_format, o.spec_file + ": expected a JSON object");
    }
    // Command-line options override the spec file.
    const auto set = [&](const char* key, const std::string& v) { if (!v.empty()) j[key] = v; };
    if (o.spec_file.empty() || !o.type.empty()) set("type", o.type);
    set("module_type", o.module_type);
    set("capacity", o.capacity);
    if (o.ranks) j["ranks"] = o.ranks;
    set("width", o.width);
    if (o.dies) j["dies"] = o.dies;
    if (o.three_ds) j["three_ds"] = true;
    if (o.speed) j["speed"] = o.speed;
    if (o.ecc == "on") j["ecc"] = true;
    if (o.ecc == "off") j["ecc"] = false;
    set("maker", o.maker);
    set("dram_maker", o.dram_maker);
    set("part_number", o.part);
    set("serial", o.serial);
    set("date", o.date);
    if (o.location >= 0) j["location"] = o.location;
    if (o.revision >= 0) j["revision"] = o.revision;
    set("hub_vendor", o.hub_vendor);
    set("pmic_vendor", o.pmic_vendor);
    set("rcd_vendor", o.rcd_vendor);
    set("ts_vendor", o.ts_vendor);
    if (!o.xmp.empty()) j["xmp"] = o.xmp;
    if (o.no_thermal_sensor) j["thermal_sensor"] = false;
    auto spec = verifier::synth_spec_from_json(j);
    if (!spec && !o.spec_file.empty()) return with_context(std::move(spec), o.spec_file);
    return spec;
}

int run_synth(const SynthOptions& o) {
    auto spec = build_spec(o);
    if (!spec) {
        std::cerr << "dimmguard spd synth: " << spec.error().message << '\n';
        return exit_usage;
    }
    auto image = verifier::synthesize(*spec);
    if (!image) {
        std::cerr << "dimmguard spd synth: " << image.error().message << '\n';
        return image.error().code == Errc::usage ? exit_usage : exit_unreadable;
    }
    if (auto written = firmware_io::write_raw_dump(o.output, *image); !written) {
        std::cerr << "dimmguard spd synth: " << written.error().message << '\n';
        return exit_unreadable;
    }
    std::cerr << "wrote " << image->size() << " bytes to " << o.output << '\n';
    return exit_ok;
}

}  // namespace

void register_spd(CLI::App& app, Runner& run) {
    CLI::App* spd = app.add_subcommand("spd", command_description("spd"));
    spd->require_subcommand(1);
    set_footer(spd, "spd");
    auto o = std::make_shared<SynthOptions>();
    o->type.clear();
    CLI::App* cmd = spd->add_subcommand("synth", "Write a JEDEC-valid DDR4/DDR5 SPD image (correct CRCs) from a description");
    cmd->add_option("--spec", o->spec_file, "JSON description (dimmguard-spd(1)); options below override it");
    cmd->add_option("--type", o->type, "ddr4 or ddr5 (default ddr5)")->check(CLI::IsMember({"ddr4", "ddr5", "DDR4", "DDR5"}));
    cmd->add_option("--module", o->module_type, "RDIMM, UDIMM, SO-DIMM/SODIMM, LRDIMM, CUDIMM, CSODIMM (default RDIMM)");
    cmd->add_option("--capacity", o->capacity, "module capacity, e.g. 32G");
    cmd->add_option("--ranks", o->ranks, "package ranks (default 1)")->check(CLI::Range(1, 8));
    cmd->add_option("--width", o->width, "SDRAM width: x4, x8, x16 (default x8)");
    cmd->add_option("--dies", o->dies, "dies per package: 2 = DDP, or the 3DS stack height with --3ds")->check(CLI::Range(1, 16));
    cmd->add_flag("--3ds", o->three_ds, "dies are a 3DS stack");
    cmd->add_option("--speed", o->speed, "JEDEC data rate in MT/s, e.g. 3200 or 4800");
    cmd->add_option("--ecc", o->ecc, "on or off (default: on for RDIMM/LRDIMM)")->check(CLI::IsMember({"on", "off"}));
    cmd->add_option("--maker", o->maker, "module maker: JEP106 name or prefix (\"Samsung\", \"Micron Technology\") or hex \"802c\"");
    cmd->add_option("--dram-maker", o->dram_maker, "DRAM maker (default: the module maker)");
    cmd->add_option("--part", o->part, "module part number");
    cmd->add_option("--serial", o->serial, "serial number, 8 hex digits");
    cmd->add_option("--date", o->date, "manufacturing date YYYY-Www, e.g. 2024-W10");
    cmd->add_option("--location", o->location, "manufacturing location byte")->check(CLI::Range(0, 255));
    cmd->add_option("--revision", o->revision, "module revision byte")->check(CLI::Range(0, 255));
    cmd->add_option("--hub-vendor", o->hub_vendor, "DDR5 SPD hub maker (default IDT)");
    cmd->add_option("--pmic-vendor", o->pmic_vendor, "DDR5 PMIC maker (default IDT on RDIMM, Richtek Power on client)");
    cmd->add_option("--rcd-vendor", o->rcd_vendor, "register / RCD / CKD maker (default Montage Technology Group)");
    cmd->add_option("--ts-vendor", o->ts_vendor, "DDR5 thermal sensor maker (default IDT)");
    cmd->add_option("--xmp", o->xmp, "add XMP profiles at these data rates (DDR4 XMP 2.0, DDR5 XMP 3.0)");
    cmd->add_flag("--no-thermal-sensor", o->no_thermal_sensor, "declare no thermal sensor");
    cmd->add_option("-o,--output", o->output, "where to write the raw image (written atomically)")->required();
    set_footer(cmd, "spd", "Example: dimmguard spd synth --type ddr5 --module rdimm --capacity 64G --ranks 2 --width x4 \\\n"
                           "           --speed 4800 --maker \"Micron Technology\" --part MTC40F2046S1RC48BA1 --serial 3bf239f8 -o m.bin");
    cmd->callback([o, &run] { run = [o] { return run_synth(*o); }; });
}

}  // namespace dimmguard::cli
