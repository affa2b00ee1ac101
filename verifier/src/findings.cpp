// SPDX-License-Identifier: GPL-3.0-or-later
// Finding names and the severity -> verdict rule.
#include "verifier/findings.hpp"

#include <algorithm>
#include <array>

namespace dimmguard::verifier {
namespace {

struct Name {
    FindingCode code;
    const char* name;
};

constexpr std::array<Name, 30> names{{
    {FindingCode::crc_bad, "CRC_BAD"},
    {FindingCode::read_unstable, "READ_UNSTABLE"},
    {FindingCode::jep106_invalid, "JEP106_INVALID"},
    {FindingCode::maker_unknown, "MAKER_UNKNOWN"},
    {FindingCode::part_number_invalid, "PART_NUMBER_INVALID"},
    {FindingCode::date_invalid, "DATE_INVALID"},
    {FindingCode::date_future, "DATE_FUTURE"},
    {FindingCode::serial_blank, "SERIAL_BLANK"},
    {FindingCode::part_attr_mismatch, "PART_ATTR_MISMATCH"},
    {FindingCode::fingerprint_mismatch, "FINGERPRINT_MISMATCH"},
    {FindingCode::date_out_of_window, "DATE_OUT_OF_WINDOW"},
    {FindingCode::part_unknown, "PART_UNKNOWN"},
    {FindingCode::hub_vendor_mismatch, "HUB_VENDOR_MISMATCH"},
    {FindingCode::pmic_vendor_mismatch, "PMIC_VENDOR_MISMATCH"},
    {FindingCode::rcd_vendor_mismatch, "RCD_VENDOR_MISMATCH"},
    {FindingCode::hub_type_mismatch, "HUB_TYPE_MISMATCH"},
    {FindingCode::write_protect_off, "WRITE_PROTECT_OFF"},
    {FindingCode::consumer_profile_on_server_part, "CONSUMER_PROFILE_ON_SERVER_PART"},
    {FindingCode::dram_maker_implausible, "DRAM_MAKER_IMPLAUSIBLE"},
    {FindingCode::serial_not_issued, "SERIAL_NOT_ISSUED"},
    {FindingCode::serial_part_mismatch, "SERIAL_PART_MISMATCH"},
    {FindingCode::serial_revoked, "SERIAL_REVOKED"},
    {FindingCode::dup_serial, "DUP_SERIAL"},
    {FindingCode::dup_in_scan, "DUP_IN_SCAN"},
    {FindingCode::dup_reentry, "DUP_REENTRY"},
    {FindingCode::lot_clone, "LOT_CLONE"},
    {FindingCode::label_mismatch, "LABEL_MISMATCH"},
    {FindingCode::smbios_mismatch, "SMBIOS_MISMATCH"},
    {FindingCode::registry_tampered, "REGISTRY_TAMPERED"},
    {FindingCode::registry_stale, "REGISTRY_STALE"},
}};

}  // namespace

std::string_view finding_code_name(FindingCode code) noexcept {
    for (const auto& n : names) {
        if (n.code == code) return n.name;
    }
    return "UNKNOWN";
}

std::optional<FindingCode> finding_code_from_name(std::string_view name) noexcept {
    for (const auto& n : names) {
        if (name == n.name) return n.code;
    }
    return std::nullopt;
}

std::string_view severity_name(Severity s) noexcept {
    switch (s) {
    case Severity::info: return "info";
    case Severity::warn: return "warn";
    case Severity::fail: return "fail";
    }
    return "info";
}

std::string_view category_name(Category c) noexcept {
    switch (c) {
    case Category::integrity: return "integrity";
    case Category::identity: return "identity";
    case Category::part: return "part";
    case Category::hardware: return "hardware";
    case Category::history: return "history";
    case Category::context: return "context";
    case Category::registry: return "registry";
    }
    return "integrity";
}

std::string_view verdict_name(Verdict v) noexcept {
    switch (v) {
    case Verdict::genuine: return "genuine";
    case Verdict::suspect: return "suspect";
    case Verdict::counterfeit: return "counterfeit";
    case Verdict::unknown: return "unknown";
    case Verdict::unreadable: return "unreadable";
    }
    return "unknown";
}

bool integrity_only(const std::vector<Finding>& findings) {
    bool any = false;
    for (const auto& f : findings) {
        if (f.severity == Severity::info) continue;
        any = true;
        if (f.category != Category::integrity) return false;
    }
    return any;
}

Verdict verdict_from(const std::vector<Finding>& findings, bool compared_with_trusted_part) {
    const bool fraud = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
        return f.severity == Severity::fail && f.category != Category::integrity && f.category != Category::registry;
    });
    if (fraud) return Verdict::counterfeit;
    const bool doubt = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
        return f.severity != Severity::info && f.category != Category::registry;
    });
    if (doubt) return Verdict::suspect;
    // A registry problem (tampered or expired data) is not the module's fault, but nothing it
    // says can vouch for the module either: never genuine on such data.
    const bool registry_problem = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
        return f.severity != Severity::info && f.category == Category::registry;
    });
    if (registry_problem) return Verdict::unknown;
    return compared_with_trusted_part ? Verdict::genuine : Verdict::unknown;
}

}  // namespace dimmguard::verifier
