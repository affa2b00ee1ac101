// SPDX-License-Identifier: GPL-3.0-or-later
// Policy loading; the default document is data/policy.json, embedded at build time.
#include "verifier/policy.hpp"
#include "dimmguard/input_file.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

namespace dimmguard::verifier {
namespace {

constexpr const char* builtin_policy_json =
#include "policy_json.inc"
    ;

Result<std::set<std::string>> string_set(const nlohmann::json& doc, const char* field) {
    std::set<std::string> out;
    if (!doc.contains(field)) return out;
    if (!doc.at(field).is_array()) return fail(Errc::bad_format, std::string("policy field '") + field + "': expected an array");
    for (const auto& v : doc.at(field)) {
        if (!v.is_string()) return fail(Errc::bad_format, std::string("policy field '") + field + "': expected strings");
        out.insert(v.get<std::string>());
    }
    return out;
}

}  // namespace

Result<Policy> Policy::from_json(const nlohmann::json& doc) {
    if (!doc.is_object()) return fail(Errc::bad_format, "policy: expected a JSON object");
    // Checked by hand: json::value() throws when the stored type differs (found by fuzz_text_formats).
    const auto version = doc.find("schema_version");
    if (version == doc.end() || !version->is_number_integer() || version->get<std::int64_t>() != 1) {
        return fail(Errc::bad_format, "policy: schema_version must be 1");
    }
    Policy p;
    try {
        for (const auto& fp : doc.value("first_party", nlohmann::json::array())) {
            const auto maker = fp.at("maker").get<std::string>();
            p.maker_names[maker] = fp.value("name", maker);
            for (const auto& d : fp.at("dram_makers")) p.first_party_dram[maker].insert(d.get<std::string>());
        }
        for (const auto& b : doc.value("blank_serials_expected", nlohmann::json::array())) {
            const auto maker = b.at("maker").get<std::string>();
            p.blank_serials_expected.insert(maker);
            p.maker_names.emplace(maker, b.value("name", maker));
        }
        for (const auto& b : doc.value("binary_dates", nlohmann::json::array())) {
            const auto maker = b.at("maker").get<std::string>();
            p.binary_date_makers.insert(maker);
            p.maker_names.emplace(maker, b.value("name", maker));
        }
    } catch (const nlohmann::json::exception& e) {
        return fail(Errc::bad_format, std::string("policy: ") + e.what());
    }
    auto server = string_set(doc, "server_module_types");
    if (!server) return tl::unexpected(server.error());
    p.server_module_types = *server;
    if (doc.contains("write_protect_expected")) {
        const auto& wp = doc.at("write_protect_expected");
        auto types = string_set(wp, "module_types");
        auto makers = string_set(wp, "makers");
        if (!types) return tl::unexpected(types.error());
        if (!makers) return tl::unexpected(makers.error());
        p.write_protect_module_types = *types;
        p.write_protect_makers = *makers;
    }
    return p;
}

Result<Policy> Policy::load(const std::filesystem::path& path) {
    auto text = read_input_file(path, 4U << 20);
    if (!text) return tl::unexpected(text.error());
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& e) {
        return fail(Errc::bad_format, path.string() + ": not valid JSON (" + e.what() + ")");
    }
    return with_context(from_json(doc), path.string());
}

const Policy& Policy::builtin() {
    static const Policy policy = [] {
        auto p = from_json(nlohmann::json::parse(builtin_policy_json));
        return p ? *p : Policy{};  // the embedded document is tested; a broken one is a build bug
    }();
    return policy;
}

}  // namespace dimmguard::verifier
