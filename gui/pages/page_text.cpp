// SPDX-License-Identifier: GPL-3.0-or-later
// The shared translated words of the pages.
#include "page_text.hpp"

#include <map>

namespace dimmguard::gui {

QString PageText::verdict(std::string_view name) {
    if (name == "genuine") return tr("Genuine");
    if (name == "suspect") return tr("Suspect");
    if (name == "counterfeit") return tr("Counterfeit");
    if (name == "unknown") return tr("Unknown");
    if (name == "unreadable") return tr("Unreadable");
    return qs(name);
}

QColor PageText::verdictColour(std::string_view name) {
    if (name == "genuine") return {0x1b, 0x7f, 0x3b};
    if (name == "suspect") return {0xb2, 0x6a, 0x00};
    if (name == "counterfeit") return {0xc6, 0x28, 0x28};
    return {0x61, 0x61, 0x61};
}

QString PageText::event(std::string_view name) {
    if (name == "intake") return tr("intake");
    if (name == "bench") return tr("bench");
    if (name == "burn-in") return tr("burn-in");
    if (name == "ship") return tr("ship");
    if (name == "return") return tr("return");
    if (name == "move") return tr("move");
    if (name == "quarantine") return tr("quarantine");
    if (name == "release") return tr("release");
    if (name == "rma") return tr("return to supplier");
    if (name == "scrap") return tr("scrap");
    return qs(name);
}

QString PageText::yesNo(bool value) { return value ? tr("yes") : tr("no"); }

QString PageText::listSeparator() { return tr(", ", "separator of a list of words"); }

QString PageText::role(std::string_view name) {
    if (name == "parts") return tr("parts");
    if (name == "serials") return tr("serials");
    if (name == "revocations") return tr("revocations");
    if (name == "station") return tr("station");
    if (name == "qa") return tr("QA releases");
    return qs(name);
}

QString PageText::field(const std::string& key) {
    // Keys of verifier::to_json(DecodedSpd) (docs/json-output.md).
    static const std::map<std::string, const char*> labels = {
        {"algorithm", QT_TR_NOOP("Algorithm")},
        {"asymmetric", QT_TR_NOOP("Asymmetric")},
        {"available", QT_TR_NOOP("Available")},
        {"bank", QT_TR_NOOP("Bank")},
        {"bank_groups", QT_TR_NOOP("Bank groups")},
        {"banks_per_group", QT_TR_NOOP("Banks per group")},
        {"block", QT_TR_NOOP("Block")},
        {"capacity_bytes", QT_TR_NOOP("Capacity (bytes)")},
        {"capacity_gib", QT_TR_NOOP("Capacity (GB)")},
        {"cas_latencies", QT_TR_NOOP("CAS latencies")},
        {"cl", QT_TR_NOOP("CL")},
        {"code", QT_TR_NOOP("Code")},
        {"column_bits", QT_TR_NOOP("Column bits")},
        {"components", QT_TR_NOOP("Components")},
        {"computed", QT_TR_NOOP("Computed")},
        {"count", QT_TR_NOOP("Count")},
        {"crc", QT_TR_NOOP("CRC")},
        {"crc_ok", QT_TR_NOOP("CRC correct")},
        {"date", QT_TR_NOOP("Manufacturing date")},
        {"device_width", QT_TR_NOOP("Device width")},
        {"die_count", QT_TR_NOOP("Dies per package")},
        {"die_density_mbit", QT_TR_NOOP("Die density (Mbit)")},
        {"display", QT_TR_NOOP("Name")},
        {"dram_maker", QT_TR_NOOP("DRAM maker")},
        {"dram_stepping", QT_TR_NOOP("DRAM stepping")},
        {"ecc", QT_TR_NOOP("ECC")},
        {"ecc_bus_width", QT_TR_NOOP("ECC bus width")},
        {"enabled", QT_TR_NOOP("Enabled")},
        {"field", QT_TR_NOOP("Field")},
        {"fingerprint", QT_TR_NOOP("Fingerprint")},
        {"first", QT_TR_NOOP("First byte")},
        {"geometry", QT_TR_NOOP("Geometry")},
        {"hpe_smartmemory", QT_TR_NOOP("HPE SmartMemory block")},
        {"hybrid", QT_TR_NOOP("Hybrid")},
        {"image_size", QT_TR_NOOP("Image size (bytes)")},
        {"index", QT_TR_NOOP("Index")},
        {"kind", QT_TR_NOOP("Kind")},
        {"last", QT_TR_NOOP("Last byte")},
        {"location", QT_TR_NOOP("Manufacturing location")},
        {"logical_ranks", QT_TR_NOOP("Logical ranks")},
        {"manufacturing", QT_TR_NOOP("Manufacturing (identity)")},
        {"memory_type", QT_TR_NOOP("Memory type")},
        {"message", QT_TR_NOOP("Message")},
        {"module", QT_TR_NOOP("Module")},
        {"module_maker", QT_TR_NOOP("Module maker")},
        {"name", QT_TR_NOOP("Name")},
        {"notes", QT_TR_NOOP("Decoder notes")},
        {"offset", QT_TR_NOOP("Offset")},
        {"ok", QT_TR_NOOP("Correct")},
        {"package", QT_TR_NOOP("Package")},
        {"package_ranks", QT_TR_NOOP("Package ranks")},
        {"parity_ok", QT_TR_NOOP("Parity correct")},
        {"part_number", QT_TR_NOOP("Part number")},
        {"part_number_printable", QT_TR_NOOP("Part number printable")},
        {"part_number_raw", QT_TR_NOOP("Part number (raw bytes)")},
        {"present", QT_TR_NOOP("Present")},
        {"primary_bus_width", QT_TR_NOOP("Primary bus width")},
        {"profiles", QT_TR_NOOP("Profiles")},
        {"programmed", QT_TR_NOOP("Programmed")},
        {"ranges", QT_TR_NOOP("Byte ranges")},
        {"raw", QT_TR_NOOP("Raw")},
        {"registered", QT_TR_NOOP("Registered")},
        {"revision", QT_TR_NOOP("Revision")},
        {"role", QT_TR_NOOP("Role")},
        {"row_bits", QT_TR_NOOP("Row bits")},
        {"serial", QT_TR_NOOP("Serial number")},
        {"serial_blank", QT_TR_NOOP("Serial blank")},
        {"spd_bytes_total", QT_TR_NOOP("SPD bytes total")},
        {"spd_bytes_used", QT_TR_NOOP("SPD bytes used")},
        {"spd_revision", QT_TR_NOOP("SPD revision")},
        {"speed_grade_mts", QT_TR_NOOP("Speed grade (MT/s)")},
        {"speed_mts", QT_TR_NOOP("Speed (MT/s)")},
        {"speed_name", QT_TR_NOOP("Speed")},
        {"stored", QT_TR_NOOP("Stored")},
        {"stored_at", QT_TR_NOOP("Stored at")},
        {"subchannels", QT_TR_NOOP("Sub-channels")},
        {"taa_ps", QT_TR_NOOP("tAA (ps)")},
        {"tck_max_ps", QT_TR_NOOP("tCKmax (ps)")},
        {"tck_min_ps", QT_TR_NOOP("tCKmin (ps)")},
        {"tck_ps", QT_TR_NOOP("tCK (ps)")},
        {"text", QT_TR_NOOP("Text")},
        {"thermal_sensor", QT_TR_NOOP("Thermal sensor")},
        {"three_ds", QT_TR_NOOP("3DS stack")},
        {"timings", QT_TR_NOOP("Timings")},
        {"tras_ps", QT_TR_NOOP("tRAS (ps)")},
        {"trc_ps", QT_TR_NOOP("tRC (ps)")},
        {"trcd_clocks", QT_TR_NOOP("tRCD (clocks)")},
        {"trcd_ps", QT_TR_NOOP("tRCD (ps)")},
        {"trp_clocks", QT_TR_NOOP("tRP (clocks)")},
        {"trp_ps", QT_TR_NOOP("tRP (ps)")},
        {"truncated", QT_TR_NOOP("Truncated")},
        {"type", QT_TR_NOOP("Type")},
        {"type_byte", QT_TR_NOOP("Type byte")},
        {"type_code", QT_TR_NOOP("Type code")},
        {"type_name", QT_TR_NOOP("Type name")},
        {"valid", QT_TR_NOOP("Valid")},
        {"value", QT_TR_NOOP("Value")},
        {"vendor", QT_TR_NOOP("Vendor")},
        {"version", QT_TR_NOOP("Version")},
        {"week", QT_TR_NOOP("Week")},
        {"year", QT_TR_NOOP("Year")},
    };
    const auto it = labels.find(key);
    return it == labels.end() ? qs(key) : tr(it->second);
}

}  // namespace dimmguard::gui
