// SPDX-License-Identifier: GPL-3.0-or-later
// The verification rules: from a module's decoded SPD, live identity, label and history to
// findings (docs/findings.md). Pure functions over their inputs plus registry lookups.
#pragma once

#include <map>
#include <optional>
#include <ctime>
#include <string>
#include <vector>

#include "firmware_io/spd_reader.hpp"
#include "verifier/custody.hpp"
#include "verifier/findings.hpp"
#include "verifier/policy.hpp"
#include "verifier/registry_interface.hpp"
#include "verifier/spd.hpp"

namespace dimmguard::verifier {

/// SMBIOS type 17 (dmidecode) data for the slot the module sits in.
struct SmbiosDevice {
    std::string locator;        ///< "CPU0_DIMM_A1"
    std::string manufacturer;
    std::string serial;
    std::string part_number;
};

/// Everything known about one module at inspection time.
struct ModuleEvidence {
    const DecodedSpd* spd = nullptr;                    ///< required
    const firmware_io::ModuleRead* read = nullptr;      ///< when read from a bus: live identity, read quality
    std::optional<std::string> label;                   ///< scanned label text (barcode or typed)
    std::optional<SmbiosDevice> smbios;                 ///< burn-in: the slot's SMBIOS record
};

/// Where and when the inspection happens.
struct CheckContext {
    const Policy* policy = nullptr;                     ///< required
    RegistryInterface* registry = nullptr;                       ///< null: local checks only (verdict at best unknown)
    std::string station;                                ///< this station's id (for "held elsewhere")
    EventKind event = EventKind::intake;
    std::string today_week;                             ///< "2026-W48": DATE_FUTURE
    std::string site;                                   ///< this station's site (moves inside a site)
    std::string lot;                                    ///< context lot of this inspection ("" = none)
    std::string server;                                 ///< context server (burn-in)
};

struct ModuleCheck {
    std::vector<Finding> findings;
    bool compared_with_trusted_part = false;            ///< a trusted part record matched the fingerprint
    std::optional<ModuleIdentity> identity;
    std::optional<Signed<PartRecord>> part;             ///< the registry record compared with
    std::optional<Custody> custody;                     ///< custody before this inspection (registry answered)
};

/// Run every per-module rule. Errors only when the registry cannot answer (Errc::db ...).
[[nodiscard]] Result<ModuleCheck> check_module(const ModuleEvidence& evidence, const CheckContext& context);

/// One module of a scan as the scan-level rules see it.
struct ScanMember {
    ModuleCheck* check = nullptr;
    const DecodedSpd* spd = nullptr;
    std::span<const std::uint8_t> image;
    std::string lot;                                    ///< context lot ("" = none)
};

/// Rules across the modules of one scan: DUP_IN_SCAN, LOT_CLONE (>= 3 byte-identical images
/// in one lot). Adds findings to the members' checks.
void check_scan(std::vector<ScanMember>& members);

/// ISO 8601 week of a UTC time: "2026-W48".
[[nodiscard]] std::string iso_week_of(std::time_t time);
/// iso_week_of() the clock.
[[nodiscard]] std::string iso_week_now();

}  // namespace dimmguard::verifier
