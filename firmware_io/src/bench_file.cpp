// SPDX-License-Identifier: GPL-3.0-or-later
// Bench file loader: validates the JSON strictly (every error names its field path) and builds
// the emulated segments with hub, PMIC, thermal-sensor and RCD models (docs/bench-format.md).
#include "firmware_io/bench_file.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "dimmguard/bytes.hpp"
#include "dimmguard/spd_generation.hpp"
#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/dump_file.hpp"

namespace dimmguard::firmware_io {
namespace {

using json = nlohmann::json;

constexpr std::size_t max_bench_file_bytes = 1 << 20;
constexpr std::uint32_t min_clock_hz = 10'000;     // SMBus minimum
constexpr std::uint32_t max_clock_hz = 3'400'000;  // I2C high-speed mode

// DDR5 SPD bytes that declare the module's components (JESD400-5, spd-reference.md 4.5).
constexpr std::size_t spd_module_type = 3;
constexpr std::size_t spd_hub_vendor = 194;   // 194-195, JEP106 stored form
constexpr std::size_t spd_hub_revision = 197;
constexpr std::size_t spd_pmic0_vendor = 198;  // 198-199
constexpr std::size_t spd_pmic0_revision = 201;
constexpr std::size_t spd_ts_vendor = 210;  // 210-211
constexpr std::size_t spd_ts_type = 212;    // [7] TS0, [6] TS1, [3:0] 0 TS5111, 1 TS5110
constexpr std::size_t spd_ts_revision = 213;
constexpr std::size_t spd_rcd_vendor = 240;  // 240-241
constexpr std::size_t spd_rcd_type = 242;    // [7] present
constexpr std::size_t spd_rcd_revision = 243;

// Module-side device addresses: (local device type << 3) | HID (spd-reference.md 5.1).
constexpr Address pmic0_base = 0x48;
constexpr Address ts0_base = 0x10;
constexpr Address ts1_base = 0x30;
constexpr Address rcd_base = 0x58;

// PMIC identity registers (ZenStates-Core Ddr5Pmic.cs, spd-reference.md 5.3).
constexpr std::uint8_t pmic_r3b_revision = 0x3b;
constexpr std::uint8_t pmic_r3c_vendor_bank = 0x3c;
constexpr std::uint8_t pmic_r3d_vendor_code = 0x3d;

// DRAM type (SPD byte 2) to its name and the image size its EEPROM holds (dimmguard/spd_generation.hpp).
std::string_view generation_name(std::uint8_t type) { return dimmguard::generation_name(generation_from_type_byte(type)); }

std::size_t generation_size(std::uint8_t type) { return full_image_size(generation_from_type_byte(type)); }

tl::unexpected<Error> bad(const std::string& path, const std::string& what) {
    return fail(Errc::bad_format, path + ": " + what);
}

std::string quoted(const json& value) { return value.dump(); }

Result<void> check_object(const json& value, const std::string& path, std::initializer_list<std::string_view> allowed) {
    if (!value.is_object()) return bad(path, "expected an object, got " + quoted(value));
    for (const auto& item : value.items()) {
        const bool known = std::any_of(allowed.begin(), allowed.end(), [&](std::string_view k) { return k == item.key(); });
        if (!known) return bad(path + "." + item.key(), "unknown field");
    }
    return {};
}

// "0x.." with 1-`max_digits` hex digits.
std::optional<std::uint32_t> parse_prefixed_hex(std::string_view text, std::size_t max_digits) {
    if (!(text.starts_with("0x") || text.starts_with("0X"))) return std::nullopt;
    text.remove_prefix(2);
    if (text.empty() || text.size() > max_digits) return std::nullopt;
    std::uint32_t value = 0;
    for (char c : text) {
        const int d = hex_digit(c);
        if (d < 0) return std::nullopt;
        value = value * 16 + static_cast<std::uint32_t>(d);
    }
    return value;
}

// A register-sized value: "0x12" (hex string) or a JSON integer, at most `max`.
Result<std::uint32_t> get_unsigned(const json& value, const std::string& path, std::uint32_t max, std::size_t digits,
                                   std::string_view example) {
    const std::string expected = "expected " + std::string(example) + " or a number 0-" + std::to_string(max);
    if (value.is_string()) {
        const auto parsed = parse_prefixed_hex(value.get_ref<const std::string&>(), digits);
        if (!parsed) return bad(path, expected + ", got " + quoted(value));
        if (*parsed > max) return bad(path, quoted(value) + " is larger than " + std::to_string(max));
        return *parsed;
    }
    if (value.is_number_integer()) {
        if (value.is_number_unsigned()) {
            const auto v = value.get<std::uint64_t>();
            if (v > max) return bad(path, std::to_string(v) + " is larger than " + std::to_string(max));
            return static_cast<std::uint32_t>(v);
        }
        const auto v = value.get<std::int64_t>();
        if (v < 0 || v > static_cast<std::int64_t>(max)) return bad(path, std::to_string(v) + " is outside 0-" + std::to_string(max));
        return static_cast<std::uint32_t>(v);
    }
    return bad(path, expected + ", got " + quoted(value));
}

Result<std::uint8_t> get_byte(const json& value, const std::string& path) {
    auto v = get_unsigned(value, path, 0xff, 2, "a byte such as \"0x12\"");
    if (!v) return tl::unexpected(v.error());
    return static_cast<std::uint8_t>(*v);
}

Result<std::uint16_t> get_word(const json& value, const std::string& path) {
    auto v = get_unsigned(value, path, 0xffff, 4, "a 16-bit value such as \"0x00ff\"");
    if (!v) return tl::unexpected(v.error());
    return static_cast<std::uint16_t>(*v);
}

// JEP106 vendor ID in the stored two-byte form, bank byte first: "80b3" (or "0x80b3").
Result<std::array<std::uint8_t, 2>> get_vendor(const json& value, const std::string& path) {
    const std::string expected = "expected the JEP106 ID as stored, 4 hex digits bank byte first (\"80b3\"), got ";
    if (!value.is_string()) return bad(path, expected + quoted(value));
    std::string_view text = value.get_ref<const std::string&>();
    if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
    if (text.size() != 4) return bad(path, expected + quoted(value));
    std::array<int, 4> d{};
    for (std::size_t i = 0; i < 4; ++i) {
        d[i] = hex_digit(text[i]);
        if (d[i] < 0) return bad(path, expected + quoted(value));
    }
    return std::array<std::uint8_t, 2>{static_cast<std::uint8_t>(d[0] * 16 + d[1]),
                                       static_cast<std::uint8_t>(d[2] * 16 + d[3])};
}

Result<bool> get_bool(const json& value, const std::string& path) {
    if (!value.is_boolean()) return bad(path, "expected true or false, got " + quoted(value));
    return value.get<bool>();
}

Result<std::string> get_string(const json& value, const std::string& path) {
    if (!value.is_string()) return bad(path, "expected a string, got " + quoted(value));
    return value.get<std::string>();
}

Result<double> get_number(const json& value, const std::string& path, double min, double max) {
    if (!value.is_number()) return bad(path, "expected a number, got " + quoted(value));
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < min || v > max) {
        return bad(path, quoted(value) + " is outside " + json(min).dump() + " to " + json(max).dump());
    }
    return v;
}

Result<std::int64_t> get_integer(const json& value, const std::string& path, std::int64_t min, std::int64_t max) {
    if (!value.is_number_integer()) return bad(path, "expected an integer, got " + quoted(value));
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
        return bad(path, quoted(value) + " is larger than " + std::to_string(max));
    }
    const auto v = value.get<std::int64_t>();
    if (v < min) return bad(path, quoted(value) + " is less than " + std::to_string(min));
    if (v > max) return bad(path, quoted(value) + " is larger than " + std::to_string(max));
    return v;
}

// `"registers": {"0x3b": "0x12", ...}` onto `registers`.
Result<void> apply_registers(const json& value, const std::string& path, std::map<std::uint8_t, std::uint8_t>& registers) {
    if (!value.is_object()) return bad(path, "expected an object of \"0xNN\": \"0xNN\" pairs, got " + quoted(value));
    for (const auto& item : value.items()) {
        const std::string at = path + "." + item.key();
        const auto reg = parse_prefixed_hex(item.key(), 2);
        if (!reg) return bad(at, "register names are written \"0x3b\"");
        auto v = get_byte(item.value(), at);
        if (!v) return tl::unexpected(v.error());
        registers[static_cast<std::uint8_t>(*reg)] = *v;
    }
    return {};
}

// MR49/MR50 of a DDR5 hub or TS5111: bits [12:2] two's complement, 0.25 degC per LSB.
void set_temperature(std::map<std::uint8_t, std::uint8_t>& registers, double celsius) {
    const auto quarter = static_cast<std::int32_t>(std::lround(celsius * 4.0));
    const auto raw = static_cast<std::uint16_t>((static_cast<std::uint32_t>(quarter) << 2) & 0x1ffcU);
    registers[0x31] = static_cast<std::uint8_t>(raw & 0xff);
    registers[0x32] = static_cast<std::uint8_t>(raw >> 8);
}

constexpr double min_temperature_c = -256.0;
constexpr double max_temperature_c = 255.75;

Result<Spd5118Config> parse_hub(const json* hub, const std::string& path, const std::vector<std::uint8_t>& image) {
    Spd5118Config config;
    config.vendor_bank = image[spd_hub_vendor];
    config.vendor_code = image[spd_hub_vendor + 1];
    config.revision = image[spd_hub_revision];
    // Factory server modules write-protect the SPD's configuration half (blocks 0-7); client
    // modules usually leave it open. The bench can override either way.
    const unsigned module_type = image[3] & 0x0fU;
    const bool registered = module_type == 1 || module_type == 4 || module_type == 7;
    config.write_protect = registered ? 0x00ff : 0x0000;
    if (hub == nullptr) return config;
    if (auto ok = check_object(*hub, path, {"vendor", "revision", "device_type", "write_protect", "mr11",
                                           "hide_registers_off_page0", "temperature_c"});
        !ok) {
        return tl::unexpected(ok.error());
    }
    for (const auto& item : hub->items()) {
        const std::string at = path + "." + item.key();
        const json& v = item.value();
        if (item.key() == "vendor") {
            auto id = get_vendor(v, at);
            if (!id) return tl::unexpected(id.error());
            config.vendor_bank = (*id)[0];
            config.vendor_code = (*id)[1];
        } else if (item.key() == "revision") {
            auto b = get_byte(v, at);
            if (!b) return tl::unexpected(b.error());
            config.revision = *b;
        } else if (item.key() == "device_type") {
            auto b = get_byte(v, at);
            if (!b) return tl::unexpected(b.error());
            config.device_type_lsb = *b;
        } else if (item.key() == "write_protect") {
            auto w = get_word(v, at);
            if (!w) return tl::unexpected(w.error());
            config.write_protect = *w;
        } else if (item.key() == "mr11") {
            auto b = get_byte(v, at);
            if (!b) return tl::unexpected(b.error());
            if ((*b & 0xf0) != 0) return bad(at, hex_byte(*b) + " sets reserved bits (MR11 holds bits [3:0] only)");
            config.mr11 = *b;
        } else if (item.key() == "hide_registers_off_page0") {
            auto b = get_bool(v, at);
            if (!b) return tl::unexpected(b.error());
            config.hide_registers_off_page0 = *b;
        } else {  // temperature_c
            auto t = get_number(v, at, min_temperature_c, max_temperature_c);
            if (!t) return tl::unexpected(t.error());
            config.temperature_c = *t;
        }
    }
    return config;
}

// Common part of the pmic / ts / rcd blocks: "present", "vendor", "revision", "registers" and,
// per device, "device_type" and "temperature_c". Values land in `registers` in that order, so
// an explicit "registers" entry wins over the named fields.
struct SideDevice {
    bool present = false;
    std::map<std::uint8_t, std::uint8_t> registers;
};

struct SideLayout {
    std::uint8_t vendor_bank_reg;
    std::uint8_t vendor_code_reg;
    std::uint8_t revision_reg;
    std::optional<std::uint8_t> device_type_reg;
    bool has_temperature;
    bool has_ts_switches;  // "ts0" / "ts1" instead of "present"
};

Result<void> parse_side(const json& block, const std::string& path, const SideLayout& layout, SideDevice& device,
                        SideDevice* second) {
    std::vector<std::string_view> allowed{"vendor", "revision", "registers"};
    if (layout.has_ts_switches) {
        allowed.insert(allowed.end(), {"ts0", "ts1"});
    } else {
        allowed.push_back("present");
    }
    if (layout.device_type_reg) allowed.push_back("device_type");
    if (layout.has_temperature) allowed.push_back("temperature_c");
    if (!block.is_object()) return bad(path, "expected an object, got " + quoted(block));
    for (const auto& item : block.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
            return bad(path + "." + item.key(), "unknown field");
        }
    }
    const auto each = [&](auto&& fn) {
        fn(device);
        if (second != nullptr) fn(*second);
    };
    for (const char* key : {"present", "ts0", "ts1", "vendor", "revision", "device_type", "temperature_c", "registers"}) {
        if (!block.contains(key)) continue;
        const std::string at = path + "." + key;
        const json& v = block.at(key);
        const std::string_view k = key;
        if (k == "present" || k == "ts0" || k == "ts1") {
            auto b = get_bool(v, at);
            if (!b) return tl::unexpected(b.error());
            if (k == "ts1") {
                if (second != nullptr) second->present = *b;
            } else {
                device.present = *b;
            }
        } else if (k == "vendor") {
            auto id = get_vendor(v, at);
            if (!id) return tl::unexpected(id.error());
            each([&](SideDevice& d) {
                d.registers[layout.vendor_bank_reg] = (*id)[0];
                d.registers[layout.vendor_code_reg] = (*id)[1];
            });
        } else if (k == "revision") {
            auto b = get_byte(v, at);
            if (!b) return tl::unexpected(b.error());
            each([&](SideDevice& d) { d.registers[layout.revision_reg] = *b; });
        } else if (k == "device_type") {
            auto b = get_byte(v, at);
            if (!b) return tl::unexpected(b.error());
            each([&](SideDevice& d) { d.registers[*layout.device_type_reg] = *b; });
        } else if (k == "temperature_c") {
            auto t = get_number(v, at, min_temperature_c, max_temperature_c);
            if (!t) return tl::unexpected(t.error());
            each([&](SideDevice& d) { set_temperature(d.registers, *t); });
        } else {  // registers
            if (auto ok = apply_registers(v, at, device.registers); !ok) return ok;
            if (second != nullptr) {
                if (auto ok = apply_registers(v, at, second->registers); !ok) return ok;
            }
        }
    }
    return {};
}

// Image of a slot's "spd" block.
struct SlotImage {
    std::vector<std::uint8_t> bytes;
    std::string source;
    std::string path;  // field path of the image source, for size / type errors
};

Result<SlotImage> load_slot_image(const json& spd, const std::string& path, const std::filesystem::path& base_dir,
                                  const ImageFactory& synth) {
    if (auto ok = check_object(spd, path, {"file", "synth"}); !ok) return tl::unexpected(ok.error());
    if (spd.contains("file") == spd.contains("synth")) return bad(path, "needs exactly one of 'file' or 'synth'");
    if (spd.contains("file")) {
        const std::string at = path + ".file";
        auto file = get_string(spd.at("file"), at);
        if (!file) return tl::unexpected(file.error());
        if (file->empty()) return bad(at, "empty file name");
        const std::filesystem::path written(*file);
        const std::filesystem::path full = written.is_absolute() ? written : base_dir / written;
        auto dump = load_dump_file(full);
        if (!dump) {
            // Name the file as the bench wrote it, not as resolved against the bench's folder.
            Error error = dump.error();
            const std::string resolved = full.string() + ": ";
            if (error.message.starts_with(resolved)) error.message = *file + ": " + error.message.substr(resolved.size());
            error.message = at + ": " + error.message;
            return tl::unexpected(std::move(error));
        }
        return SlotImage{std::move(dump->bytes), "file:" + *file, at};
    }
    const std::string at = path + ".synth";
    const json& description = spd.at("synth");
    if (!description.is_object()) return bad(at, "expected a synth description object, got " + quoted(description));
    if (!synth) return fail(Errc::unsupported, at + ": synthesized images are not available here");
    Result<std::vector<std::uint8_t>> made = fail(Errc::internal, "no image");
    try {
        made = synth(description);
    } catch (const std::exception& e) {
        return bad(at, e.what());
    }
    if (!made) {
        Error error = made.error();
        error.message = at + ": " + error.message;
        return tl::unexpected(std::move(error));
    }
    return SlotImage{std::move(*made), "synth", at};
}

struct BusBuild {
    std::shared_ptr<EmulatedBus> bus;
    std::optional<std::uint8_t> generation;  // of the first module on the segment
    std::map<Address, std::string> used;     // SPD address -> field path of its slot
};

Result<void> attach(EmulatedBus& bus, Address address, std::shared_ptr<EmulatedDevice> device, const std::string& path) {
    auto ok = bus.attach(address, std::move(device));
    if (!ok) return bad(path, ok.error().message);
    return {};
}

Result<void> parse_slot(const json& slot, const std::string& path, std::size_t bus_index, const std::string& bus_name,
                        BusBuild& build, const std::string& bus_path, const std::filesystem::path& base_dir,
                        const ImageFactory& synth, EmulatedBench& bench) {
    if (auto ok = check_object(slot, path, {"address", "label", "spd", "hub", "pmic", "ts", "rcd"}); !ok) return ok;
    if (!slot.contains("address")) return bad(path + ".address", "missing");
    auto address = get_byte(slot.at("address"), path + ".address");
    if (!address) return tl::unexpected(address.error());
    if (!is_spd_address(*address)) {
        return bad(path + ".address", hex_byte(*address) + " is not an SPD address (0x50-0x57)");
    }
    if (const auto it = build.used.find(*address); it != build.used.end()) {
        return bad(path + ".address", hex_byte(*address) + " is already used by " + it->second);
    }
    build.used.emplace(*address, path);
    std::string label;
    if (slot.contains("label")) {
        auto l = get_string(slot.at("label"), path + ".label");
        if (!l) return tl::unexpected(l.error());
        label = std::move(*l);
    }
    if (!slot.contains("spd")) return bad(path + ".spd", "missing");
    auto image = load_slot_image(slot.at("spd"), path + ".spd", base_dir, synth);
    if (!image) return tl::unexpected(image.error());
    std::vector<std::uint8_t>& bytes = image->bytes;
    if (bytes.size() < 3) return bad(image->path, std::to_string(bytes.size()) + "-byte image is too short for an SPD");
    const std::uint8_t type = bytes[2];
    const std::size_t expected = generation_size(type);
    if (expected == 0) {
        return bad(image->path, "DRAM type " + hex_byte(type) + " (byte 2) cannot be emulated (0x0b DDR3, 0x0c DDR4, 0x12 DDR5)");
    }
    if (bytes.size() != expected) {
        return bad(image->path, std::to_string(bytes.size()) + "-byte image, but a " + std::string(generation_name(type)) +
                                    " SPD is " + std::to_string(expected) + " bytes");
    }
    if (build.generation && *build.generation != type) {
        const auto [a, b] = std::minmax(*build.generation, type);
        return bad(bus_path, std::string(generation_name(a)) + " and " + std::string(generation_name(b)) +
                                 " modules cannot share a segment");
    }
    build.generation = type;
    if (type != type_byte_ddr5) {
        for (const char* key : {"hub", "pmic", "ts", "rcd"}) {
            if (slot.contains(key)) {
                return bad(path + "." + key, "only DDR5 slots take a '" + std::string(key) + "' block (this image is " +
                                                 std::string(generation_name(type)) + ")");
            }
        }
    }

    EmulatedBus& bus = *build.bus;
    const Address hid = *address & 0x07;
    if (type == type_byte_ddr3) {
        if (auto ok = attach(bus, *address, std::make_shared<At24Device>(bytes), path + ".address"); !ok) return ok;
    } else if (type == type_byte_ddr4) {
        if (auto ok = attach(bus, *address, std::make_shared<Ee1004Device>(bytes, bus.ee1004_segment()), path + ".address");
            !ok) {
            return ok;
        }
    } else {
        // By default every device reports what the SPD declares, so a genuine module is
        // consistent; the bench overrides registers to emulate counterfeit hardware.
        auto hub = parse_hub(slot.contains("hub") ? &slot.at("hub") : nullptr, path + ".hub", bytes);
        if (!hub) return tl::unexpected(hub.error());

        SideDevice pmic{true, {{pmic_r3b_revision, bytes[spd_pmic0_revision]},
                               {pmic_r3c_vendor_bank, bytes[spd_pmic0_vendor]},
                               {pmic_r3d_vendor_code, bytes[spd_pmic0_vendor + 1]}}};
        if (slot.contains("pmic")) {
            const SideLayout layout{pmic_r3c_vendor_bank, pmic_r3d_vendor_code, pmic_r3b_revision, std::nullopt, false, false};
            if (auto ok = parse_side(slot.at("pmic"), path + ".pmic", layout, pmic, nullptr); !ok) return ok;
        }

        const std::uint8_t ts_type = bytes[spd_ts_type];
        std::map<std::uint8_t, std::uint8_t> ts_registers{
            {0x00, 0x51},
            {0x01, static_cast<std::uint8_t>((ts_type & 0x0f) == 1 ? 0x10 : 0x11)},  // TS5110 grade B / TS5111 grade A
            {0x02, bytes[spd_ts_revision]},
            {0x03, bytes[spd_ts_vendor]},
            {0x04, bytes[spd_ts_vendor + 1]},
        };
        set_temperature(ts_registers, hub->temperature_c);
        SideDevice ts0{(ts_type & 0x80) != 0, ts_registers};
        SideDevice ts1{(ts_type & 0x40) != 0, ts_registers};
        if (slot.contains("ts")) {
            const SideLayout layout{0x03, 0x04, 0x02, std::uint8_t{0x01}, true, true};
            if (auto ok = parse_side(slot.at("ts"), path + ".ts", layout, ts0, &ts1); !ok) return ok;
        }

        const unsigned module_type = bytes[spd_module_type] & 0x0fU;
        const bool registered = module_type == 1 || module_type == 4 || module_type == 7;  // RDIMM, LRDIMM, MRDIMM
        SideDevice rcd{registered && (bytes[spd_rcd_type] & 0x80) != 0,
                       {{0x00, bytes[spd_rcd_vendor]},
                        {0x01, bytes[spd_rcd_vendor + 1]},
                        {0x02, static_cast<std::uint8_t>(bytes[spd_rcd_type] & 0x0f)},
                        {0x03, bytes[spd_rcd_revision]}}};
        if (slot.contains("rcd")) {
            rcd.present = true;
            const SideLayout layout{0x00, 0x01, 0x03, std::uint8_t{0x02}, false, false};
            if (auto ok = parse_side(slot.at("rcd"), path + ".rcd", layout, rcd, nullptr); !ok) return ok;
        }

        if (auto ok = attach(bus, *address, std::make_shared<Spd5118Device>(bytes, *hub), path + ".address"); !ok) return ok;
        if (pmic.present) {
            if (auto ok = attach(bus, pmic0_base | hid, std::make_shared<RegisterDevice>("pmic", pmic.registers), path + ".pmic");
                !ok) {
                return ok;
            }
        }
        if (ts0.present) {
            if (auto ok = attach(bus, ts0_base | hid, std::make_shared<RegisterDevice>("ts", ts0.registers), path + ".ts"); !ok) {
                return ok;
            }
        }
        if (ts1.present) {
            if (auto ok = attach(bus, ts1_base | hid, std::make_shared<RegisterDevice>("ts", ts1.registers), path + ".ts"); !ok) {
                return ok;
            }
        }
        if (rcd.present) {
            if (auto ok = attach(bus, rcd_base | hid, std::make_shared<RegisterDevice>("rcd", rcd.registers), path + ".rcd"); !ok) {
                return ok;
            }
        }
    }
    bench.sockets.push_back(BenchSlot{bus_name, bus_index, *address, std::move(label), std::move(image->source), type});
    return {};
}

Result<BusCapabilities> parse_capabilities(const json& value, const std::string& path) {
    if (auto ok = check_object(value, path, {"read_byte_data", "read_word_data", "i2c_block_read", "receive_byte", "send_byte",
                                             "write_byte_data"});
        !ok) {
        return tl::unexpected(ok.error());
    }
    BusCapabilities caps;
    const std::pair<const char*, bool BusCapabilities::*> fields[] = {
        {"read_byte_data", &BusCapabilities::read_byte_data}, {"read_word_data", &BusCapabilities::read_word_data},
        {"i2c_block_read", &BusCapabilities::read_i2c_block},
        {"receive_byte", &BusCapabilities::receive_byte},     {"send_byte", &BusCapabilities::send_byte},
        {"write_byte_data", &BusCapabilities::write_byte_data}};
    for (const auto& [key, member] : fields) {
        if (!value.contains(key)) continue;
        auto b = get_bool(value.at(key), path + "." + key);
        if (!b) return tl::unexpected(b.error());
        caps.*member = *b;
    }
    return caps;
}

Result<FaultPlan> parse_faults(const json& value, const std::string& path) {
    if (auto ok = check_object(value, path, {"seed", "nack_rate", "timeout_rate", "bitflip_rate", "vanish_after"}); !ok) {
        return tl::unexpected(ok.error());
    }
    FaultPlan plan;
    if (value.contains("seed")) {
        const json& seed = value.at("seed");
        if (!seed.is_number_unsigned()) return bad(path + ".seed", "expected a non-negative integer, got " + quoted(seed));
        plan.seed = seed.get<std::uint64_t>();
    }
    const std::pair<const char*, double FaultPlan::*> rates[] = {{"nack_rate", &FaultPlan::nack_rate},
                                                                 {"timeout_rate", &FaultPlan::timeout_rate},
                                                                 {"bitflip_rate", &FaultPlan::bitflip_rate}};
    for (const auto& [key, member] : rates) {
        if (!value.contains(key)) continue;
        auto r = get_number(value.at(key), path + "." + key, 0.0, 1.0);
        if (!r) return tl::unexpected(r.error());
        plan.*member = *r;
    }
    if (plan.nack_rate + plan.timeout_rate + plan.bitflip_rate > 1.0) {
        return bad(path, "nack_rate + timeout_rate + bitflip_rate exceed 1");
    }
    if (value.contains("vanish_after")) {
        auto v = get_integer(value.at("vanish_after"), path + ".vanish_after", -1, INT64_MAX);
        if (!v) return tl::unexpected(v.error());
        plan.vanish_after = *v;
    }
    return plan;
}

Result<void> parse_bus(const json& value, std::size_t index, std::vector<std::string>& names,
                       const std::filesystem::path& base_dir, const ImageFactory& synth, EmulatedBench& bench) {
    const std::string path = "buses[" + std::to_string(index) + "]";
    if (auto ok = check_object(value, path, {"name", "clock_hz", "adapter", "capabilities", "faults", "slots"}); !ok) return ok;
    if (!value.contains("name")) return bad(path + ".name", "missing");
    auto name = get_string(value.at("name"), path + ".name");
    if (!name) return tl::unexpected(name.error());
    if (name->empty()) return bad(path + ".name", "empty bus name");
    if (std::find(names.begin(), names.end(), *name) != names.end()) {
        return bad(path + ".name", "bus \"" + *name + "\" is defined twice");
    }
    names.push_back(*name);
    std::uint32_t clock_hz = 100'000;
    if (value.contains("clock_hz")) {
        auto c = get_integer(value.at("clock_hz"), path + ".clock_hz", min_clock_hz, max_clock_hz);
        if (!c) return tl::unexpected(c.error());
        clock_hz = static_cast<std::uint32_t>(*c);
    }
    std::string adapter;
    if (value.contains("adapter")) {
        auto a = get_string(value.at("adapter"), path + ".adapter");
        if (!a) return tl::unexpected(a.error());
        adapter = std::move(*a);
    }
    BusCapabilities caps;
    if (value.contains("capabilities")) {
        auto c = parse_capabilities(value.at("capabilities"), path + ".capabilities");
        if (!c) return tl::unexpected(c.error());
        caps = *c;
    }
    std::optional<FaultPlan> faults;
    if (value.contains("faults")) {
        auto f = parse_faults(value.at("faults"), path + ".faults");
        if (!f) return tl::unexpected(f.error());
        faults = *f;
    }
    // The bus name the way a Linux bus names itself ("i2c-1 (SMBus I801 adapter at efa0)").
    const std::string full_name = adapter.empty() ? *name : *name + " (" + adapter + ")";
    BusBuild build{std::make_shared<EmulatedBus>(full_name, clock_hz, caps), std::nullopt, {}};
    if (!value.contains("slots")) return bad(path + ".slots", "missing");
    const json& slots = value.at("slots");
    if (!slots.is_array()) return bad(path + ".slots", "expected an array, got " + quoted(slots));
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const std::string slot_path = path + ".slots[" + std::to_string(i) + "]";
        if (auto ok = parse_slot(slots[i], slot_path, index, *name, build, path, base_dir, synth, bench); !ok) return ok;
    }
    bench.emulated.push_back(build.bus);
    if (faults) {
        bench.buses.push_back(std::make_shared<FaultyBus>(build.bus, *faults));
    } else {
        bench.buses.push_back(build.bus);
    }
    return {};
}

Result<EmulatedBench> parse_document(const json& doc, const std::filesystem::path& base_dir, const ImageFactory& synth) {
    if (!doc.is_object()) return fail(Errc::bad_format, "a bench file is a JSON object, got " + quoted(doc));
    for (const auto& item : doc.items()) {
        if (item.key() != "schema_version" && item.key() != "description" && item.key() != "buses") {
            return bad(item.key(), "unknown field");
        }
    }
    if (!doc.contains("schema_version")) return bad("schema_version", "missing");
    const json& version = doc.at("schema_version");
    if (!version.is_number_integer()) return bad("schema_version", "expected an integer, got " + quoted(version));
    if (version.get<std::int64_t>() != bench_schema_version) {
        return bad("schema_version", quoted(version) + " is not supported (expected " + std::to_string(bench_schema_version) + ")");
    }
    if (doc.contains("description")) {
        if (auto d = get_string(doc.at("description"), "description"); !d) return tl::unexpected(d.error());
    }
    if (!doc.contains("buses")) return bad("buses", "missing");
    const json& buses = doc.at("buses");
    if (!buses.is_array()) return bad("buses", "expected an array, got " + quoted(buses));
    if (buses.empty()) return bad("buses", "a bench needs at least one bus");
    EmulatedBench bench;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < buses.size(); ++i) {
        if (auto ok = parse_bus(buses[i], i, names, base_dir, synth, bench); !ok) return tl::unexpected(ok.error());
    }
    return bench;
}

}  // namespace

Result<EmulatedBench> parse_bench(const json& doc, const std::filesystem::path& base_dir, const ImageFactory& synth) {
    try {
        return parse_document(doc, base_dir, synth);
    } catch (const json::exception& e) {
        // Every access above is type-checked first; this is a last line of defence.
        return fail(Errc::internal, std::string("bench: unexpected JSON error: ") + e.what());
    }
}

Result<EmulatedBench> load_bench_file(const std::filesystem::path& path, const ImageFactory& synth) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return fail(Errc::not_found, name + ": no such file");
    if (std::filesystem::is_directory(status)) return fail(Errc::io, name + ": is a directory, expected a bench file");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::permission_denied, name + ": cannot open");
    std::string text;
    std::array<char, 4096> buffer{};
    while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bench_file_bytes) {
            return fail(Errc::bad_format, name + ": larger than " + std::to_string(max_bench_file_bytes) + " bytes, not a bench file");
        }
    }
    if (in.bad()) return fail(Errc::io, name + ": read error");
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> from "parse error"
        std::string what = e.what();
        if (const auto close = what.find("] "); what.starts_with("[json.exception") && close != std::string::npos) {
            what.erase(0, close + 2);
        }
        return fail(Errc::bad_format, name + ": not valid JSON: " + what);
    }
    const std::filesystem::path base = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    return with_context(parse_bench(doc, base, synth), name);
}

}  // namespace dimmguard::firmware_io
