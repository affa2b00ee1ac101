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

constexpr std::array<Name, 33> names{{
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
    {FindingCode::prior_verdict, "PRIOR_VERDICT"},
    {FindingCode::registry_rollback, "REGISTRY_ROLLBACK"},
    {FindingCode::registry_offline, "REGISTRY_OFFLINE"},
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
        if (f.code == FindingCode::prior_verdict) {
            // An earlier "SPD corrupted" verdict keeps the module suspect, and corrupted.
            const bool corrupted = std::any_of(f.evidence.begin(), f.evidence.end(),
                                               [](const auto& e) { return e.first == "fraud_kind" && e.second == "corrupted"; });
            if (corrupted) continue;
            return false;
        }
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

namespace {

struct KindName {
    FraudKind kind;
    std::string_view id;
    std::string_view name;
};
constexpr std::array<KindName, 7> kind_names{{
    {FraudKind::none, "", ""},
    {FraudKind::cloned, "cloned", "cloned"},
    {FraudKind::relabelled, "relabelled", "relabelled"},
    {FraudKind::reflashed, "reflashed", "re-flashed"},
    {FraudKind::used_as_new, "used_as_new", "used sold as new"},
    {FraudKind::fake_board, "fake_board", "fake board"},
    {FraudKind::corrupted, "corrupted", "corrupted"},
}};

FraudKind kind_of(FindingCode code) {
    switch (code) {
    case FindingCode::dup_reentry: return FraudKind::used_as_new;
    case FindingCode::dup_serial:
    case FindingCode::dup_in_scan:
    case FindingCode::lot_clone:
    case FindingCode::serial_revoked: return FraudKind::cloned;
    case FindingCode::hub_vendor_mismatch:
    case FindingCode::pmic_vendor_mismatch:
    case FindingCode::rcd_vendor_mismatch:
    case FindingCode::hub_type_mismatch:
    case FindingCode::dram_maker_implausible:
    case FindingCode::serial_not_issued:
    case FindingCode::jep106_invalid:
    case FindingCode::maker_unknown:
    case FindingCode::part_number_invalid: return FraudKind::fake_board;
    case FindingCode::fingerprint_mismatch:
    case FindingCode::part_attr_mismatch:
    case FindingCode::serial_part_mismatch:
    case FindingCode::consumer_profile_on_server_part:
    case FindingCode::date_out_of_window:
    case FindingCode::date_invalid:
    case FindingCode::date_future: return FraudKind::reflashed;
    case FindingCode::label_mismatch:
    case FindingCode::smbios_mismatch: return FraudKind::relabelled;
    default: return FraudKind::none;
    }
}

int strength(FraudKind k) {
    switch (k) {
    case FraudKind::used_as_new: return 5;
    case FraudKind::cloned: return 4;
    case FraudKind::fake_board: return 3;
    case FraudKind::reflashed: return 2;
    case FraudKind::relabelled: return 1;
    default: return 0;
    }
}

}  // namespace

std::string_view fraud_kind_name(FraudKind kind) noexcept {
    for (const auto& k : kind_names) {
        if (k.kind == kind) return k.name;
    }
    return "";
}

std::string_view fraud_kind_id(FraudKind kind) noexcept {
    for (const auto& k : kind_names) {
        if (k.kind == kind) return k.id;
    }
    return "";
}

FraudKind fraud_kind_from_id(std::string_view id) noexcept {
    for (const auto& k : kind_names) {
        if (!id.empty() && k.id == id) return k.kind;
    }
    return FraudKind::none;
}

FraudKind fraud_kind_of(const std::vector<Finding>& findings, Verdict verdict) {
    if (verdict == Verdict::suspect && integrity_only(findings)) return FraudKind::corrupted;
    if (verdict != Verdict::counterfeit) return FraudKind::none;
    FraudKind best = FraudKind::none;
    FraudKind prior = FraudKind::none;
    for (const auto& f : findings) {
        if (f.severity != Severity::fail) continue;
        if (f.code == FindingCode::prior_verdict) {
            for (const auto& [key, value] : f.evidence) {
                if (key == "fraud_kind") prior = fraud_kind_from_id(value);
            }
            continue;
        }
        const FraudKind k = kind_of(f.code);
        if (strength(k) > strength(best)) best = k;
    }
    return best != FraudKind::none ? best : prior;
}

}  // namespace dimmguard::verifier
