// SPDX-License-Identifier: GPL-3.0-or-later
// Findings: stable codes with a severity, a category, a message and the evidence behind them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dimmguard::verifier {

/// Stable finding codes (docs/findings.md). Never renumber or rename: reports and tickets cite them.
enum class FindingCode {
    // image
    crc_bad, read_unstable, jep106_invalid, maker_unknown, part_number_invalid, date_invalid, date_future,
    serial_blank,
    // claimed part
    part_attr_mismatch, fingerprint_mismatch, date_out_of_window, part_unknown,
    // hardware (DDR5)
    hub_vendor_mismatch, pmic_vendor_mismatch, rcd_vendor_mismatch, hub_type_mismatch, write_protect_off,
    consumer_profile_on_server_part, dram_maker_implausible,
    // serials and history
    serial_not_issued, serial_part_mismatch, serial_revoked, dup_serial, dup_in_scan, dup_reentry, lot_clone,
    // context
    label_mismatch, smbios_mismatch, registry_tampered, registry_stale,
};

/// "CRC_BAD", "DUP_SERIAL" ...
[[nodiscard]] std::string_view finding_code_name(FindingCode code) noexcept;
[[nodiscard]] std::optional<FindingCode> finding_code_from_name(std::string_view name) noexcept;

/// info: recorded, changes nothing; warn: the module is suspect; fail: the module is counterfeit
/// (except integrity-only failures, see verdict rules).
enum class Severity { info, warn, fail };
[[nodiscard]] std::string_view severity_name(Severity s) noexcept;

/// What kind of problem: corruption is not fraud (design.md).
enum class Category { integrity, identity, part, hardware, history, context, registry };
[[nodiscard]] std::string_view category_name(Category c) noexcept;

struct Finding {
    FindingCode code = FindingCode::crc_bad;
    Severity severity = Severity::info;
    Category category = Category::integrity;
    std::string message;                                        ///< plain words, one line
    std::vector<std::pair<std::string, std::string>> evidence;  ///< "expected" / "found" / "bytes" ...
};

/// genuine: every check passed against a trusted part record; suspect; counterfeit; unknown:
/// nothing to compare with (local checks still ran); unreadable: the module could not be read.
enum class Verdict { genuine, suspect, counterfeit, unknown, unreadable };
[[nodiscard]] std::string_view verdict_name(Verdict v) noexcept;

/// Severity -> verdict: any fail outside the integrity and registry categories -> counterfeit;
/// integrity failures or any warn -> suspect (shown as "SPD corrupted" when only integrity
/// findings); registry problems alone -> unknown (never genuine on unverifiable data);
/// otherwise genuine when a trusted part record was compared, else unknown.
[[nodiscard]] Verdict verdict_from(const std::vector<Finding>& findings, bool compared_with_trusted_part);

/// True when every warn/fail finding is in the integrity category ("SPD corrupted").
[[nodiscard]] bool integrity_only(const std::vector<Finding>& findings);

}  // namespace dimmguard::verifier
