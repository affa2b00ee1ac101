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
    // custody (appended: codes are never renumbered)
    prior_verdict,
    // registry v2 (appended)
    registry_rollback,
    // fleet (appended)
    registry_offline,
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

/// What kind of fraud a verdict stands for, so intake staff know which complaint to file.
enum class FraudKind {
    none,            ///< genuine, unknown, unreadable, or suspect for reasons that are no kind of fraud
    cloned,          ///< another module carries the same identity (DUP_*, LOT_CLONE, revoked serial)
    relabelled,      ///< the label (or firmware's record) claims another part than the SPD
    reflashed,       ///< the SPD was rewritten to claim another part (fingerprint / attributes / serial's part)
    used_as_new,     ///< a module that already left (shipped) sold again as new: fraud, not a fake
    fake_board,      ///< the board's live devices or DRAM do not match what the SPD claims; unissued serial
    corrupted,       ///< the SPD is damaged (CRC): a defect, not fraud
};
/// "", "cloned", "relabelled", "re-flashed", "used sold as new", "fake board", "corrupted".
[[nodiscard]] std::string_view fraud_kind_name(FraudKind kind) noexcept;
/// JSON / CSV form: "", "cloned", "relabelled", "reflashed", "used_as_new", "fake_board", "corrupted".
[[nodiscard]] std::string_view fraud_kind_id(FraudKind kind) noexcept;
[[nodiscard]] FraudKind fraud_kind_from_id(std::string_view id) noexcept;
/// The kind behind `verdict`: for counterfeit, the strongest fraud finding decides (used sold as
/// new > cloned > fake board > re-flashed > relabelled); PRIOR_VERDICT alone carries the earlier
/// verdict's kind. An integrity-only suspect is `corrupted`. Everything else is `none`.
[[nodiscard]] FraudKind fraud_kind_of(const std::vector<Finding>& findings, Verdict verdict);

}  // namespace dimmguard::verifier
