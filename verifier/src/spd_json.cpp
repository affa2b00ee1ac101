// SPDX-License-Identifier: GPL-3.0-or-later
// Decoded SPD -> JSON, field by field, as documented in docs/json-output.md.
#include "verifier/spd_json.hpp"

#include "dimmguard/bytes.hpp"

namespace dimmguard::verifier {
namespace {

using Json = nlohmann::ordered_json;

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", unsigned{v});
    return buf;
}

Json nullable(int v) { return v == 0 ? Json(nullptr) : Json(v); }
Json nullable(std::uint32_t v) { return v == 0 ? Json(nullptr) : Json(v); }
Json nullable(std::uint64_t v) { return v == 0 ? Json(nullptr) : Json(v); }

}  // namespace

Json to_json(const Jep106Id& id) {
    return {
        {"raw", id.hex()},
        {"programmed", id.programmed},
        {"parity_ok", id.parity_ok},
        {"bank", id.bank},
        {"code", hex_byte(static_cast<std::uint8_t>(id.code))},
        {"name", id.name.empty() ? Json(nullptr) : Json(id.name)},
        {"display", id.display()},
    };
}

Json to_json(const DecodedSpd& spd) {
    Json j;
    j["memory_type"] = generation_name(spd.type);
    j["type_byte"] = hex_byte(spd.type_byte);
    j["type_name"] = spd.type_name;
    j["image_size"] = spd.image_size;
    j["spd_bytes_total"] = spd.spd_bytes_total;
    j["spd_bytes_used"] = spd.spd_bytes_used;
    j["truncated"] = spd.truncated;
    j["spd_revision"] = spd.spd_revision;
    if (spd.type == Generation::unknown) {
        j["notes"] = Json::array();
        for (const auto& n : spd.notes) j["notes"].push_back({{"field", n.field}, {"message", n.message}});
        return j;
    }

    j["module"] = {
        {"type", spd.module_type},
        {"type_code", spd.module_type_raw},
        {"hybrid", spd.hybrid},
        {"registered", spd.registered},
        {"thermal_sensor", spd.thermal_sensor},
    };
    const Geometry& g = spd.geometry;
    j["geometry"] = {
        {"capacity_bytes", nullable(g.capacity_bytes)},
        {"capacity_gib", g.capacity_bytes == 0 ? Json(nullptr)
                                               : Json(static_cast<double>(g.capacity_bytes) / (1024.0 * 1024 * 1024))},
        {"package_ranks", g.package_ranks},
        {"logical_ranks", g.logical_ranks},
        {"die_density_mbit", nullable(g.die_density_mbit)},
        {"die_count", g.die_count},
        {"package", g.package},
        {"three_ds", g.three_ds},
        {"asymmetric", g.asymmetric},
        {"device_width", nullable(g.device_width)},
        {"subchannels", g.subchannels},
        {"primary_bus_width", nullable(g.primary_bus_width)},
        {"ecc_bus_width", g.ecc_bus_width},
        {"ecc", g.ecc_bus_width > 0},
        {"bank_groups", g.bank_groups},
        {"banks_per_group", g.banks_per_group},
        {"row_bits", g.row_bits},
        {"column_bits", g.column_bits},
    };
    const Timings& t = spd.timings;
    j["timings"] = {
        {"tck_min_ps", nullable(t.tck_min_ps)},
        {"tck_max_ps", nullable(t.tck_max_ps)},
        {"speed_mts", nullable(t.speed_mts)},
        {"speed_grade_mts", nullable(t.speed_grade_mts)},
        {"speed_name", t.speed_name},
        {"cas_latencies", t.cas_latencies},
        {"taa_ps", nullable(t.taa_ps)},
        {"trcd_ps", nullable(t.trcd_ps)},
        {"trp_ps", nullable(t.trp_ps)},
        {"tras_ps", nullable(t.tras_ps)},
        {"trc_ps", nullable(t.trc_ps)},
        {"cl", nullable(t.cl)},
        {"trcd_clocks", nullable(t.trcd_clocks)},
        {"trp_clocks", nullable(t.trp_clocks)},
    };
    const Manufacturing& m = spd.manufacturing;
    if (m.present) {
        j["manufacturing"] = {
            {"present", true},
            {"module_maker", to_json(m.module_maker)},
            {"location", hex_byte(m.location)},
            {"date", {{"raw", to_hex(std::array<std::uint8_t, 2>{m.date.year_raw, m.date.week_raw})},
                      {"programmed", m.date.programmed},
                      {"valid", m.date.valid},
                      {"year", m.date.valid ? Json(m.date.year) : Json(nullptr)},
                      {"week", m.date.valid ? Json(m.date.week) : Json(nullptr)},
                      {"text", m.date.to_string()}}},
            {"serial", m.serial_hex},
            {"serial_blank", m.serial_blank},
            {"part_number", m.part_number},
            {"part_number_printable", m.part_number_printable},
            {"part_number_raw", m.part_number_raw_hex},
            {"revision", spd.type == Generation::ddr3 ? hex16(m.revision) : hex_byte(static_cast<std::uint8_t>(m.revision))},
            {"dram_maker", to_json(m.dram_maker)},
            {"dram_stepping", m.dram_stepping ? Json(hex_byte(*m.dram_stepping)) : Json(nullptr)},
        };
    } else {
        j["manufacturing"] = {{"present", false}};
    }
    j["components"] = Json::array();
    for (const auto& c : spd.components) {
        Json cj = {
            {"role", c.role},
            {"present", c.present},
            {"vendor", to_json(c.vendor)},
            {"type_code", hex_byte(c.type_raw)},
            {"type", c.present && !c.type_name.empty() ? Json(c.type_name) : Json(nullptr)},
            {"revision", hex_byte(c.revision)},
        };
        if (c.role == "ts") cj["count"] = c.count;
        j["components"].push_back(std::move(cj));
    }
    j["crc"] = Json::array();
    for (const auto& b : spd.crc) {
        j["crc"].push_back({
            {"block", b.name},
            {"first", b.first},
            {"last", b.last},
            {"stored_at", b.stored_at},
            {"present", b.present},
            {"stored", b.present ? Json(hex16(b.stored)) : Json(nullptr)},
            {"computed", b.present ? Json(hex16(b.computed)) : Json(nullptr)},
            {"ok", b.ok()},
        });
    }
    j["crc_ok"] = spd.crc_ok();
    j["profiles"] = Json::array();
    for (const auto& p : spd.profiles) {
        Json pj = {{"kind", p.kind}, {"offset", p.offset}, {"version", hex_byte(p.version)},
                             {"profiles", Json::array()}};
        for (const auto& e : p.profiles) {
            pj["profiles"].push_back({{"index", e.index},
                                      {"enabled", e.enabled},
                                      {"tck_ps", nullable(e.tck_ps)},
                                      {"speed_mts", nullable(e.speed_mts)},
                                      {"name", e.name.empty() ? Json(nullptr) : Json(e.name)}});
        }
        j["profiles"].push_back(std::move(pj));
    }
    j["hpe_smartmemory"] = spd.hpe_smartmemory_offset
        ? Json{{"present", true}, {"offset", *spd.hpe_smartmemory_offset}}
        : Json{{"present", false}};
    Json ranges = Json::array();
    for (const auto& r : spd.fingerprint.ranges) ranges.push_back({r.first, r.last});
    j["fingerprint"] = {
        {"algorithm", "sha256"},
        {"version", fingerprint_version},
        {"available", spd.fingerprint.available},
        {"value", spd.fingerprint.available ? Json(spd.fingerprint.sha256_hex) : Json(nullptr)},
        {"ranges", ranges},
    };
    j["notes"] = Json::array();
    for (const auto& n : spd.notes) j["notes"].push_back({{"field", n.field}, {"message", n.message}});
    return j;
}

}  // namespace dimmguard::verifier
