// SPDX-License-Identifier: GPL-3.0-or-later
// Decoded SPD -> JSON, field by field, as documented in docs/json-output.md.
#include "verifier/spd_json.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "dimmguard/bytes.hpp"

namespace dimmguard::verifier {
namespace {

using Json = nlohmann::ordered_json;

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", unsigned{v});
    return buf;
}

// Builds the nlohmann tree from the emitter's calls (to_json).
class TreeSink {
public:
    void begin_object() { open(Json::object()); }
    void begin_array() { open(Json::array()); }
    void end() {
        Level done = std::move(stack_.back());
        stack_.pop_back();
        place(std::move(done.key), std::move(done.value));
    }
    void key(std::string_view k) { key_.assign(k); }
    void null() { place(std::move(key_), Json(nullptr)); }
    void boolean(bool v) { place(std::move(key_), Json(v)); }
    template <class Integer>
    void integer(Integer v) { place(std::move(key_), Json(v)); }
    void number(double v) { place(std::move(key_), Json(v)); }
    void string(std::string_view v) { place(std::move(key_), Json(std::string(v))); }
    Json take() { return std::move(root_); }

private:
    struct Level {
        std::string key;   // its key in the enclosing object
        Json value;
    };
    void open(Json container) {
        stack_.push_back({std::move(key_), std::move(container)});
        key_.clear();
    }
    // The keys of one object are distinct by construction, so members are appended without
    // operator[]'s search.
    void place(std::string key, Json v) {
        key_.clear();
        if (stack_.empty()) {
            root_ = std::move(v);
            return;
        }
        Json& parent = stack_.back().value;
        if (parent.is_array()) parent.get_ref<Json::array_t&>().push_back(std::move(v));
        else parent.get_ref<Json::object_t&>().emplace_back(std::move(key), std::move(v));
    }
    std::vector<Level> stack_;
    std::string key_;
    Json root_;
};

// One value into either sink, chosen by its C++ type.
template <class Sink>
void put(Sink& s, bool v) { s.boolean(v); }
template <class Sink, class Integer>
    requires(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>)
void put(Sink& s, Integer v) { s.integer(v); }
template <class Sink>
void put(Sink& s, double v) { s.number(v); }
template <class Sink>
void put(Sink& s, const char* v) { s.string(v); }
template <class Sink>
void put(Sink& s, std::string_view v) { s.string(v); }
template <class Sink>
void put(Sink& s, const std::string& v) { s.string(v); }
template <class Sink>
void put(Sink& s, std::nullptr_t) { s.null(); }

template <class Sink, class T>
void field(Sink& s, std::string_view key, const T& value) {
    s.key(key);
    put(s, value);
}

// A number where 0 means "not set": null then.
template <class Sink, class Integer>
void nullable(Sink& s, std::string_view key, Integer v) {
    s.key(key);
    if (v == 0) s.null();
    else s.integer(v);
}

// A string, or null when `present` is false.
template <class Sink>
void string_or_null(Sink& s, std::string_view key, bool present, std::string_view v) {
    s.key(key);
    if (present) s.string(v);
    else s.null();
}

template <class Sink>
void emit(Sink& s, const Jep106Id& id) {
    s.begin_object();
    field(s, "raw", id.hex());
    field(s, "programmed", id.programmed);
    field(s, "parity_ok", id.parity_ok);
    field(s, "bank", id.bank);
    field(s, "code", hex_byte(static_cast<std::uint8_t>(id.code)));
    string_or_null(s, "name", !id.name.empty(), id.name);
    field(s, "display", id.display());
    s.end();
}

template <class Sink>
void emit_notes(Sink& s, const DecodedSpd& spd) {
    s.key("notes");
    s.begin_array();
    for (const auto& n : spd.notes) {
        s.begin_object();
        field(s, "field", n.field);
        field(s, "message", n.message);
        s.end();
    }
    s.end();
}

template <class Sink>
void emit(Sink& s, const DecodedSpd& spd) {
    s.begin_object();
    field(s, "memory_type", generation_name(spd.type));
    field(s, "type_byte", hex_byte(spd.type_byte));
    field(s, "type_name", spd.type_name);
    field(s, "image_size", spd.image_size);
    field(s, "spd_bytes_total", spd.spd_bytes_total);
    field(s, "spd_bytes_used", spd.spd_bytes_used);
    field(s, "truncated", spd.truncated);
    field(s, "spd_revision", spd.spd_revision);
    if (spd.type == Generation::unknown) {
        emit_notes(s, spd);
        s.end();
        return;
    }

    s.key("module");
    s.begin_object();
    field(s, "type", spd.module_type);
    field(s, "type_code", spd.module_type_raw);
    field(s, "hybrid", spd.hybrid);
    field(s, "registered", spd.registered);
    field(s, "thermal_sensor", spd.thermal_sensor);
    s.end();

    const Geometry& g = spd.geometry;
    s.key("geometry");
    s.begin_object();
    nullable(s, "capacity_bytes", g.capacity_bytes);
    s.key("capacity_gib");
    if (g.capacity_bytes == 0) s.null();
    else s.number(static_cast<double>(g.capacity_bytes) / (1024.0 * 1024 * 1024));
    field(s, "package_ranks", g.package_ranks);
    field(s, "logical_ranks", g.logical_ranks);
    nullable(s, "die_density_mbit", g.die_density_mbit);
    field(s, "die_count", g.die_count);
    field(s, "package", g.package);
    field(s, "three_ds", g.three_ds);
    field(s, "asymmetric", g.asymmetric);
    nullable(s, "device_width", g.device_width);
    field(s, "subchannels", g.subchannels);
    nullable(s, "primary_bus_width", g.primary_bus_width);
    field(s, "ecc_bus_width", g.ecc_bus_width);
    field(s, "ecc", g.ecc_bus_width > 0);
    field(s, "bank_groups", g.bank_groups);
    field(s, "banks_per_group", g.banks_per_group);
    field(s, "row_bits", g.row_bits);
    field(s, "column_bits", g.column_bits);
    s.end();

    const Timings& t = spd.timings;
    s.key("timings");
    s.begin_object();
    nullable(s, "tck_min_ps", t.tck_min_ps);
    nullable(s, "tck_max_ps", t.tck_max_ps);
    nullable(s, "speed_mts", t.speed_mts);
    nullable(s, "speed_grade_mts", t.speed_grade_mts);
    field(s, "speed_name", t.speed_name);
    s.key("cas_latencies");
    s.begin_array();
    for (const auto cl : t.cas_latencies) put(s, cl);
    s.end();
    nullable(s, "taa_ps", t.taa_ps);
    nullable(s, "trcd_ps", t.trcd_ps);
    nullable(s, "trp_ps", t.trp_ps);
    nullable(s, "tras_ps", t.tras_ps);
    nullable(s, "trc_ps", t.trc_ps);
    nullable(s, "cl", t.cl);
    nullable(s, "trcd_clocks", t.trcd_clocks);
    nullable(s, "trp_clocks", t.trp_clocks);
    s.end();

    const Manufacturing& m = spd.manufacturing;
    s.key("manufacturing");
    s.begin_object();
    field(s, "present", m.present);
    if (m.present) {
        s.key("module_maker");
        emit(s, m.module_maker);
        field(s, "location", hex_byte(m.location));
        s.key("date");
        s.begin_object();
        field(s, "raw", to_hex(std::array<std::uint8_t, 2>{m.date.year_raw, m.date.week_raw}));
        field(s, "programmed", m.date.programmed);
        field(s, "valid", m.date.valid);
        s.key("year");
        if (m.date.valid) put(s, m.date.year);
        else s.null();
        s.key("week");
        if (m.date.valid) put(s, m.date.week);
        else s.null();
        field(s, "text", m.date.to_string());
        s.end();
        field(s, "serial", m.serial_hex);
        field(s, "serial_blank", m.serial_blank);
        field(s, "part_number", m.part_number);
        field(s, "part_number_printable", m.part_number_printable);
        field(s, "part_number_raw", m.part_number_raw_hex);
        field(s, "revision", spd.type == Generation::ddr3 ? hex16(m.revision) : hex_byte(static_cast<std::uint8_t>(m.revision)));
        s.key("dram_maker");
        emit(s, m.dram_maker);
        string_or_null(s, "dram_stepping", m.dram_stepping.has_value(), m.dram_stepping ? hex_byte(*m.dram_stepping) : std::string());
    }
    s.end();

    s.key("components");
    s.begin_array();
    for (const auto& c : spd.components) {
        s.begin_object();
        field(s, "role", c.role);
        field(s, "present", c.present);
        s.key("vendor");
        emit(s, c.vendor);
        field(s, "type_code", hex_byte(c.type_raw));
        string_or_null(s, "type", c.present && !c.type_name.empty(), c.type_name);
        field(s, "revision", hex_byte(c.revision));
        if (c.role == "ts") field(s, "count", c.count);
        s.end();
    }
    s.end();

    s.key("crc");
    s.begin_array();
    for (const auto& b : spd.crc) {
        s.begin_object();
        field(s, "block", b.name);
        field(s, "first", b.first);
        field(s, "last", b.last);
        field(s, "stored_at", b.stored_at);
        field(s, "present", b.present);
        string_or_null(s, "stored", b.present, b.present ? hex16(b.stored) : std::string());
        string_or_null(s, "computed", b.present, b.present ? hex16(b.computed) : std::string());
        field(s, "ok", b.ok());
        s.end();
    }
    s.end();
    field(s, "crc_ok", spd.crc_ok());

    s.key("profiles");
    s.begin_array();
    for (const auto& p : spd.profiles) {
        s.begin_object();
        field(s, "kind", p.kind);
        field(s, "offset", p.offset);
        field(s, "version", hex_byte(p.version));
        s.key("profiles");
        s.begin_array();
        for (const auto& e : p.profiles) {
            s.begin_object();
            field(s, "index", e.index);
            field(s, "enabled", e.enabled);
            nullable(s, "tck_ps", e.tck_ps);
            nullable(s, "speed_mts", e.speed_mts);
            string_or_null(s, "name", !e.name.empty(), e.name);
            s.end();
        }
        s.end();
        s.end();
    }
    s.end();

    s.key("hpe_smartmemory");
    s.begin_object();
    field(s, "present", spd.hpe_smartmemory_offset.has_value());
    if (spd.hpe_smartmemory_offset) field(s, "offset", *spd.hpe_smartmemory_offset);
    s.end();

    s.key("fingerprint");
    s.begin_object();
    field(s, "algorithm", "sha256");
    field(s, "version", fingerprint_version);
    field(s, "available", spd.fingerprint.available);
    string_or_null(s, "value", spd.fingerprint.available, spd.fingerprint.sha256_hex);
    s.key("ranges");
    s.begin_array();
    for (const auto& r : spd.fingerprint.ranges) {
        s.begin_array();
        put(s, r.first);
        put(s, r.last);
        s.end();
    }
    s.end();
    s.end();

    emit_notes(s, spd);
    s.end();
}

}  // namespace

Json to_json(const Jep106Id& id) {
    TreeSink sink;
    emit(sink, id);
    return sink.take();
}

Json to_json(const DecodedSpd& spd) {
    TreeSink sink;
    emit(sink, spd);
    return sink.take();
}

void write_json(JsonWriter& out, const DecodedSpd& spd) { emit(out, spd); }

namespace {

void write_string(std::string& out, std::string_view s) {
    for (const char c : s) {
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
            out += Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
            return;
        }
    }
    out += '"';
    out += s;
    out += '"';
}

// Out of line, so the checks cost the writer's hot paths one compare each.
[[noreturn, gnu::cold, gnu::noinline]] void misuse(const char* what) { throw std::logic_error(what); }

// nlohmann's shortest round-trip formatting (its serializer calls the same function); null
// for what JSON cannot hold, as nlohmann prints it.
void write_double(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[64];
    out.append(buf, nlohmann::detail::to_chars(buf, buf + sizeof buf, v));
}

}  // namespace

std::string json_text(const Json& doc) {
    std::string out;
    out.reserve(4096);
    JsonWriter writer(out);
    writer.value(doc);
    return out;
}

void append_json_text(std::string& out, const Json& value, std::size_t indent) {
    JsonWriter writer(out, indent);
    writer.value(value);
}

JsonWriter::JsonWriter(std::string& out, std::size_t indent) : out_(out), indent_(indent) {}

void JsonWriter::before_value() {
    if (levels_.empty()) return;
    Level& parent = levels_.back();
    if (!parent.array) return;   // key() wrote the member's start
    out_ += parent.empty ? "\n" : ",\n";
    parent.empty = false;
    out_.append(indent_ + 2 * levels_.size(), ' ');
}

void JsonWriter::open(bool array) {
    before_value();
    out_ += array ? '[' : '{';
    levels_.push_back({array, true});
}

void JsonWriter::end() {
    if (levels_.empty()) misuse("JsonWriter::end() outside an object or array");
    const Level done = levels_.back();
    levels_.pop_back();
    if (!done.empty) {
        out_ += '\n';
        out_.append(indent_ + 2 * levels_.size(), ' ');
    }
    out_ += done.array ? ']' : '}';
}

void JsonWriter::key(std::string_view k) {
    if (levels_.empty() || levels_.back().array) misuse("JsonWriter::key() outside an object");
    Level& parent = levels_.back();
    out_ += parent.empty ? "\n" : ",\n";
    parent.empty = false;
    out_.append(indent_ + 2 * levels_.size(), ' ');
    write_string(out_, k);
    out_ += ": ";
}

void JsonWriter::null() {
    before_value();
    out_ += "null";
}

void JsonWriter::boolean(bool v) {
    before_value();
    out_ += v ? "true" : "false";
}

void JsonWriter::number(double v) {
    before_value();
    write_double(out_, v);
}

void JsonWriter::string(std::string_view v) {
    before_value();
    write_string(out_, v);
}

void JsonWriter::value(const Json& j) {
    switch (j.type()) {
    case Json::value_t::object:
        begin_object();
        for (const auto& member : j.get_ref<const Json::object_t&>()) {
            key(member.first);
            value(member.second);
        }
        end();
        return;
    case Json::value_t::array:
        begin_array();
        for (const auto& element : j) value(element);
        end();
        return;
    case Json::value_t::string: string(j.get_ref<const std::string&>()); return;
    case Json::value_t::boolean: boolean(j.get<bool>()); return;
    case Json::value_t::null: null(); return;
    case Json::value_t::number_integer: integer(j.get<std::int64_t>()); return;
    case Json::value_t::number_unsigned: integer(j.get<std::uint64_t>()); return;
    case Json::value_t::number_float: number(j.get<double>()); return;
    default:   // binary, discarded: as nlohmann prints them
        before_value();
        out_ += j.dump(-1, ' ', false, Json::error_handler_t::replace);
        return;
    }
}

void JsonWriter::write_integer(long long v) {
    before_value();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

void JsonWriter::write_integer(unsigned long long v) {
    before_value();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace dimmguard::verifier
