// SPDX-License-Identifier: GPL-3.0-or-later
// Decoded SPD -> JSON, field by field, as documented in docs/json-output.md.
#include "verifier/spd_json.hpp"

#include <charconv>
#include <cmath>

#include "dimmguard/bytes.hpp"

namespace dimmguard::verifier {
namespace {

using Json = nlohmann::ordered_json;

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", unsigned{v});
    return buf;
}

// Appends a member. The keys of one object are distinct by construction, and operator[] on an
// ordered_json object searches its members one by one (most of to_json's time went there).
void put(Json& j, const char* key, Json value) {
    if (j.is_null()) j = Json::object();
    j.get_ref<Json::object_t&>().emplace_back(key, std::move(value));
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
    put(j, "memory_type", generation_name(spd.type));
    put(j, "type_byte", hex_byte(spd.type_byte));
    put(j, "type_name", spd.type_name);
    put(j, "image_size", spd.image_size);
    put(j, "spd_bytes_total", spd.spd_bytes_total);
    put(j, "spd_bytes_used", spd.spd_bytes_used);
    put(j, "truncated", spd.truncated);
    put(j, "spd_revision", spd.spd_revision);
    if (spd.type == Generation::unknown) {
        put(j, "notes", Json::array());
        for (const auto& n : spd.notes) j["notes"].push_back({{"field", n.field}, {"message", n.message}});
        return j;
    }

    put(j, "module", {
        {"type", spd.module_type},
        {"type_code", spd.module_type_raw},
        {"hybrid", spd.hybrid},
        {"registered", spd.registered},
        {"thermal_sensor", spd.thermal_sensor},
    });
    const Geometry& g = spd.geometry;
    put(j, "geometry", {
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
    });
    const Timings& t = spd.timings;
    put(j, "timings", {
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
    });
    const Manufacturing& m = spd.manufacturing;
    if (m.present) {
        put(j, "manufacturing", {
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
        });
    } else {
        put(j, "manufacturing", {{"present", false}});
    }
    put(j, "components", Json::array());
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
    put(j, "crc", Json::array());
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
    put(j, "crc_ok", spd.crc_ok());
    put(j, "profiles", Json::array());
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
    put(j, "hpe_smartmemory", spd.hpe_smartmemory_offset
        ? Json{{"present", true}, {"offset", *spd.hpe_smartmemory_offset}}
        : Json{{"present", false}});
    Json ranges = Json::array();
    for (const auto& r : spd.fingerprint.ranges) ranges.push_back({r.first, r.last});
    put(j, "fingerprint", {
        {"algorithm", "sha256"},
        {"version", fingerprint_version},
        {"available", spd.fingerprint.available},
        {"value", spd.fingerprint.available ? Json(spd.fingerprint.sha256_hex) : Json(nullptr)},
        {"ranges", ranges},
    });
    put(j, "notes", Json::array());
    for (const auto& n : spd.notes) j["notes"].push_back({{"field", n.field}, {"message", n.message}});
    return j;
}

namespace {

void write_string(std::string& out, const std::string& s) {
    for (const char c : s) {
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
            out += Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
            return;
        }
    }
    out += '"';
    out += s;
    out += '"';
}

template <class Integer>
void write_integer(std::string& out, Integer v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// nlohmann's pretty printer with indent 2: "{}" / "[]" when empty, else one member per line.
void write_value(std::string& out, const Json& j, std::size_t indent) {
    switch (j.type()) {
    case Json::value_t::object: {
        if (j.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& member : j.get_ref<const Json::object_t&>()) {
            if (!first) out += ",\n";
            first = false;
            out.append(indent + 2, ' ');
            write_string(out, member.first);
            out += ": ";
            write_value(out, member.second, indent + 2);
        }
        out += '\n';
        out.append(indent, ' ');
        out += '}';
        return;
    }
    case Json::value_t::array: {
        if (j.empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        bool first = true;
        for (const auto& value : j) {
            if (!first) out += ",\n";
            first = false;
            out.append(indent + 2, ' ');
            write_value(out, value, indent + 2);
        }
        out += '\n';
        out.append(indent, ' ');
        out += ']';
        return;
    }
    case Json::value_t::string: write_string(out, j.get_ref<const std::string&>()); return;
    case Json::value_t::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::number_integer: write_integer(out, j.get<std::int64_t>()); return;
    case Json::value_t::number_unsigned: write_integer(out, j.get<std::uint64_t>()); return;
    case Json::value_t::number_float: {
        // nlohmann's own shortest round-trip formatting (its serializer calls the same function).
        const double v = j.get<double>();
        if (!std::isfinite(v)) {
            out += "null";
            return;
        }
        char buf[64];
        out.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
        return;
    }
    default: out += j.dump(-1, ' ', false, Json::error_handler_t::replace); return;   // binary, discarded
    }
}

}  // namespace

std::string json_text(const Json& doc) {
    std::string out;
    out.reserve(4096);
    write_value(out, doc, 0);
    return out;
}

void append_json_text(std::string& out, const Json& value, std::size_t indent) { write_value(out, value, indent); }

}  // namespace dimmguard::verifier
