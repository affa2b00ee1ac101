// SPDX-License-Identifier: GPL-3.0-or-later
// Verification rules. Each rule cites where its facts come from (counterfeit-tells.md, design.md).
#include "verifier/rules.hpp"

#include "verifier/label.hpp"
#include "dimmguard/numbers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

#include "dimmguard/bytes.hpp"
#include "verifier/custody.hpp"
#include "verifier/jep106.hpp"
#include "verifier/part_number.hpp"

namespace dimmguard::verifier {
namespace {

using Evidence = std::vector<std::pair<std::string, std::string>>;

void add(ModuleCheck& c, FindingCode code, Severity sev, Category cat, std::string message, Evidence evidence = {}) {
    c.findings.push_back(Finding{code, sev, cat, std::move(message), std::move(evidence)});
}

std::string gib(std::uint64_t bytes) {
    if (bytes == 0) return "unknown capacity";
    if (bytes % (1ULL << 30) == 0) return std::to_string(bytes >> 30) + " GB";
    return std::to_string(bytes >> 20) + " MB";
}

std::string describe(std::uint64_t capacity, int ranks, int width) {
    return gib(capacity) + " " + std::to_string(ranks) + "R x" + std::to_string(width);
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// "2026-W48" from a valid DateCode.
std::string week_text(const DateCode& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", d.year, d.week);
    return buf;
}

// ---------------------------------------------------------------- image rules
void image_rules(const ModuleEvidence& ev, const CheckContext& ctx, ModuleCheck& c) {
    const DecodedSpd& spd = *ev.spd;
    if (ev.read && ev.read->unstable) {
        add(c, FindingCode::read_unstable, Severity::fail, Category::integrity,
            "two reads of the module gave different bytes: the SPD cannot be trusted as read",
            {{"problems", ev.read->problems.empty() ? "" : ev.read->problems.front()}});
    }
    for (const auto& b : spd.crc) {
        if (b.ok()) continue;
        char what[96];
        std::snprintf(what, sizeof what, "bytes %u-%u", unsigned{b.first}, unsigned{b.last});
        char vals[64];
        std::snprintf(vals, sizeof vals, "stored 0x%04x, computed 0x%04x", unsigned{b.stored}, unsigned{b.computed});
        add(c, FindingCode::crc_bad, Severity::fail, Category::integrity,
            std::string("SPD checksum wrong over ") + what + ": the configuration was edited or corrupted",
            {{"block", b.name}, {"range", what}, {"crc", b.present ? vals : "missing (image truncated)"}});
    }
    const auto& m = spd.manufacturing;
    if (!m.present) return;
    if (m.module_maker.programmed && !m.module_maker.parity_ok) {
        add(c, FindingCode::jep106_invalid, Severity::warn, Category::identity,
            "module maker ID " + m.module_maker.hex() + " is not a valid JEP106 code (parity)",
            {{"bytes", m.module_maker.hex()}});
    } else if (!m.module_maker.programmed) {
        add(c, FindingCode::maker_unknown, Severity::warn, Category::identity, "module maker ID is not programmed",
            {{"bytes", m.module_maker.hex()}});
    } else if (m.module_maker.name.empty()) {
        add(c, FindingCode::maker_unknown, Severity::info, Category::identity,
            "module maker " + m.module_maker.hex() + " is not in the JEP106 table (" + std::string(jep106_table_revision()) + ")",
            {{"bytes", m.module_maker.hex()}});
    }
    if (!m.part_number_printable) {
        add(c, FindingCode::part_number_invalid, Severity::warn, Category::identity,
            "part number holds non-ASCII bytes: edited or corrupted", {{"raw", m.part_number_raw_hex}});
    } else if (m.part_number.empty()) {
        add(c, FindingCode::part_number_invalid, Severity::info, Category::identity, "part number is blank");
    }
    if (m.date.programmed && !m.date.valid) {
        add(c, FindingCode::date_invalid, Severity::warn, Category::identity,
            "manufacturing date " + m.date.to_string() + " is neither a BCD nor a binary year and week",
            {{"raw", hex_byte(m.date.year_raw) + " " + hex_byte(m.date.week_raw)}});
    } else if (m.date.binary && !ctx.policy->binary_date_makers.count(m.module_maker.hex())) {
        // Readable, but not the way JEDEC writes it, and this maker is not known to do so.
        add(c, FindingCode::date_invalid, Severity::info, Category::identity,
            "manufacturing date " + hex_byte(m.date.year_raw) + " " + hex_byte(m.date.week_raw) + " is stored in binary, not BCD (read as " +
                week_text(m.date) + "); " + m.module_maker.display() + " is not known to do so",
            {{"raw", hex_byte(m.date.year_raw) + " " + hex_byte(m.date.week_raw)}, {"read_as", week_text(m.date)}});
    }
    if (m.date.valid && !ctx.today_week.empty() && week_text(m.date) > ctx.today_week) {
        add(c, FindingCode::date_future, Severity::warn, Category::identity,
            "manufacturing date " + week_text(m.date) + " is after today (" + ctx.today_week + ")",
            {{"date", week_text(m.date)}, {"today", ctx.today_week}});
    }
    if (m.serial_blank) {
        const bool expected = ctx.policy->blank_serials_expected.count(m.module_maker.hex()) > 0;
        add(c, FindingCode::serial_blank, Severity::info, Category::identity,
            std::string("serial number is not programmed (") + m.serial_hex + ")" +
                (expected ? "; this maker ships modules without serials" : "; duplicate checks are skipped"),
            {{"serial", m.serial_hex}});
    }
}

// ---------------------------------------------------------------- claimed part
void part_number_rules(const DecodedSpd& spd, ModuleCheck& c) {
    auto pn = decode_part_number(spd.manufacturing.part_number);
    if (!pn) return;
    const auto mismatch = [&](const char* field, Confidence conf, const std::string& says, const std::string& is) {
        add(c, FindingCode::part_attr_mismatch, conf == Confidence::high ? Severity::fail : Severity::warn, Category::part,
            pn->maker + " part number " + pn->part_number + " says " + field + " " + says + "; the SPD says " + is,
            {{"field", field}, {"part_number_says", says}, {"spd_says", is}, {"confidence", std::string(confidence_name(conf))}});
    };
    const auto usable = [](const auto& claim) { return claim && claim->confidence >= Confidence::medium; };
    const Geometry& g = spd.geometry;
    if (usable(pn->memory_type) && pn->memory_type->value != spd.type) {
        mismatch("generation", pn->memory_type->confidence, std::string(generation_name(pn->memory_type->value)),
                 std::string(generation_name(spd.type)));
    }
    if (usable(pn->module_type) && !same_module_type(pn->module_type->value, spd.module_type)) {
        mismatch("module type", pn->module_type->confidence, pn->module_type->value, spd.module_type);
    }
    if (usable(pn->capacity_bytes) && pn->capacity_bytes->value != g.capacity_bytes) {
        mismatch("capacity", pn->capacity_bytes->confidence, gib(pn->capacity_bytes->value), describe(g.capacity_bytes, g.package_ranks, g.device_width));
    }
    if (usable(pn->device_width) && pn->device_width->value != g.device_width) {
        mismatch("device width", pn->device_width->confidence, "x" + std::to_string(pn->device_width->value), "x" + std::to_string(g.device_width));
    }
    if (usable(pn->ranks) && pn->ranks->value != g.package_ranks) {
        mismatch("ranks", pn->ranks->confidence, std::to_string(pn->ranks->value), std::to_string(g.package_ranks));
    }
    if (usable(pn->ecc) && pn->ecc->value != (g.ecc_bus_width > 0)) {
        mismatch("ECC", pn->ecc->confidence, pn->ecc->value ? "yes" : "no", g.ecc_bus_width > 0 ? "yes" : "no");
    }
    if (usable(pn->speed_mts) && pn->speed_mts->value != spd.timings.speed_grade_mts) {
        mismatch("speed", pn->speed_mts->confidence, std::to_string(pn->speed_mts->value) + " MT/s",
                 spd.timings.speed_grade_mts ? std::to_string(spd.timings.speed_grade_mts) + " MT/s" : spd.timings.speed_name);
    }
}

// The attribute diff that explains a fingerprint mismatch.
std::string attribute_diff(const PartRecord& p, const DecodedSpd& spd) {
    const Geometry& g = spd.geometry;
    std::vector<std::string> diffs;
    if (!p.memory_type.empty() && p.memory_type != generation_name(spd.type)) diffs.push_back(p.memory_type + " vs " + std::string(generation_name(spd.type)));
    if (!p.module_type.empty() && !same_module_type(p.module_type, spd.module_type)) diffs.push_back(p.module_type + " vs " + spd.module_type);
    if ((p.capacity_bytes && p.capacity_bytes != g.capacity_bytes) || (p.ranks && p.ranks != g.package_ranks) ||
        (p.device_width && p.device_width != g.device_width)) {
        diffs.push_back("part says " + describe(p.capacity_bytes, p.ranks, p.device_width) + "; SPD says " +
                        describe(g.capacity_bytes, g.package_ranks, g.device_width));
    }
    if (p.die_density_mbit && p.die_density_mbit != g.die_density_mbit) {
        diffs.push_back("die " + std::to_string(p.die_density_mbit / 1024) + " Gb vs " + std::to_string(g.die_density_mbit / 1024) + " Gb");
    }
    if (p.speed_mts && p.speed_mts != spd.timings.speed_grade_mts) {
        diffs.push_back("speed " + std::to_string(p.speed_mts) + " vs " + std::to_string(spd.timings.speed_grade_mts) + " MT/s");
    }
    if (diffs.empty()) return "the attributes agree, but other configuration bytes differ from every accepted image";
    std::string out;
    for (const auto& d : diffs) out += (out.empty() ? "" : "; ") + d;
    return out;
}

/// REGISTRY_ROLLBACK once per missing piece of accepted data (the same bundle can answer
/// several lookups of one module: reported once).
template <class Answer>   // Lookup<T> or History
void registry_rollback_findings(const Answer& lookup, ModuleCheck& c) {
    for (const auto& m : lookup.rolled_back) {
        const bool seen = std::any_of(c.findings.begin(), c.findings.end(), [&](const Finding& f) {
            return f.code == FindingCode::registry_rollback && !f.evidence.empty() && f.evidence.front().second == m;
        });
        if (!seen) {
            add(c, FindingCode::registry_rollback, Severity::warn, Category::registry,
                "data this station accepted is missing from the registry (rolled back or deleted): the answer may be incomplete", {{"detail", m}});
        }
    }
}

bool in_set(const std::vector<std::string>& allowed, const std::string& value) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

Result<void> registry_part_rules(const ModuleEvidence& ev, const CheckContext& ctx, ModuleCheck& c) {
    const DecodedSpd& spd = *ev.spd;
    const std::string& pn = spd.manufacturing.part_number;
    if (pn.empty()) return {};
    auto lookup = ctx.registry->part(pn);
    if (!lookup) return tl::unexpected(lookup.error());
    for (const auto& t : lookup->tampered) {
        add(c, FindingCode::registry_tampered, Severity::warn, Category::registry,
            "a registry record for part " + pn + " failed verification and was ignored", {{"detail", t}});
    }
    registry_rollback_findings(*lookup, c);
    if (lookup->trusted.empty()) {
        add(c, FindingCode::part_unknown, Severity::info, Category::part,
            "part number " + pn + " is not in the registry: nothing to compare the module with");
        return {};
    }
    if (lookup->stale) {
        add(c, FindingCode::registry_stale, Severity::warn, Category::registry,
            "the registry data for part " + pn + " has expired: import a current bundle");
    }
    // A part may have several records (SPD revisions); the fingerprint must be accepted by one.
    const Signed<PartRecord>* match = nullptr;
    for (const auto& s : lookup->trusted) {
        const auto& fps = s.record.fingerprints;
        if (spd.fingerprint.available && std::find(fps.begin(), fps.end(), spd.fingerprint.sha256_hex) != fps.end()) match = &s;
    }
    const Signed<PartRecord>& record = match ? *match : lookup->trusted.front();
    c.part = record;
    if (!match && !spd.crc_ok()) {
        // A corrupted block changes the fingerprint too: that is not evidence of fraud.
        add(c, FindingCode::fingerprint_mismatch, Severity::warn, Category::integrity,
            "SPD does not match any accepted image of " + pn + ", but its CRC is wrong, so the difference may be corruption",
            {{"fingerprint", spd.fingerprint.available ? spd.fingerprint.sha256_hex : "unavailable"}, {"signer", record.signer}});
    } else if (!match) {
        add(c, FindingCode::fingerprint_mismatch, Severity::fail, Category::part,
            "SPD does not match any accepted image of " + pn + ": " + attribute_diff(record.record, spd),
            {{"fingerprint", spd.fingerprint.available ? spd.fingerprint.sha256_hex : "unavailable"},
             {"accepted", std::to_string(record.record.fingerprints.size()) + " fingerprint(s)"},
             {"signer", record.signer}});
    } else {
        c.compared_with_trusted_part = true;
    }
    const auto& p = record.record;
    const auto& date = spd.manufacturing.date;
    if (date.valid && ((!p.date_from.empty() && week_text(date) < p.date_from) || (!p.date_to.empty() && week_text(date) > p.date_to))) {
        add(c, FindingCode::date_out_of_window, Severity::warn, Category::part,
            "manufacturing date " + week_text(date) + " is outside the production window of " + pn + " (" +
                (p.date_from.empty() ? "..." : p.date_from) + " to " + (p.date_to.empty() ? "..." : p.date_to) + ")");
    }
    if (!in_set(p.dram_makers, spd.manufacturing.dram_maker.hex())) {
        add(c, FindingCode::dram_maker_implausible, Severity::fail, Category::part,
            "DRAM maker " + spd.manufacturing.dram_maker.display() + " is not one the part record allows",
            {{"dram_maker", spd.manufacturing.dram_maker.hex()}});
    }
    // Declared components against the allowed bill of materials (vendors second-source across lots).
    for (const auto& comp : spd.components) {
        if (!comp.present) continue;
        const std::string vendor = comp.vendor.hex();
        if ((comp.role == "hub" && !in_set(p.hub_vendors, vendor))) {
            add(c, FindingCode::hub_vendor_mismatch, Severity::fail, Category::hardware,
                "the SPD declares a hub by " + comp.vendor.display() + ", which " + pn + " is not built with", {{"declared", vendor}});
        } else if (comp.role.starts_with("pmic") && !in_set(p.pmic_vendors, vendor)) {
            // Every PMIC the SPD declares (PMIC0, and PMIC1 / PMIC2 on modules with several).
            add(c, FindingCode::pmic_vendor_mismatch, Severity::fail, Category::hardware,
                "the SPD declares " + comp.role + " by " + comp.vendor.display() + ", which " + pn + " is not built with",
                {{"declared", vendor}, {"device", comp.role}});
        } else if ((comp.role == "rcd" || comp.role == "register") && !in_set(p.rcd_vendors, vendor)) {
            add(c, FindingCode::rcd_vendor_mismatch, Severity::fail, Category::hardware,
                "the SPD declares a register by " + comp.vendor.display() + ", which " + pn + " is not built with", {{"declared", vendor}});
        }
    }
    return {};
}

// ---------------------------------------------------------------- hardware (live vs declared)
void hardware_rules(const ModuleEvidence& ev, const CheckContext& ctx, ModuleCheck& c) {
    const DecodedSpd& spd = *ev.spd;
    const auto declared = [&](const std::string& role) -> const Component* {
        for (const auto& comp : spd.components) {
            if (comp.role == role) return &comp;
        }
        return nullptr;
    };
    if (ev.read && spd.type == Generation::ddr5) {
        for (const auto& live : ev.read->devices) {
            const Component* d = declared(live.role == "hub" ? "hub" : live.role == "pmic0" ? "pmic0" : "");
            if (!d || !d->present) continue;
            const auto live_vendor = decode_jep106(live.vendor_bank, live.vendor_code);
            if (!live.present) {
                add(c, live.role == "hub" ? FindingCode::hub_vendor_mismatch : FindingCode::pmic_vendor_mismatch,
                    Severity::warn, Category::hardware,
                    "the SPD declares a " + live.role + " by " + d->vendor.display() + " but nothing answered at " + hex_byte(live.address),
                    {{"declared", d->vendor.hex()}, {"address", hex_byte(live.address)}});
                continue;
            }
            if (live_vendor.hex() != d->vendor.hex()) {
                add(c, live.role == "hub" ? FindingCode::hub_vendor_mismatch : FindingCode::pmic_vendor_mismatch,
                    Severity::fail, Category::hardware,
                    "the " + std::string(live.role == "hub" ? "SPD hub" : "PMIC") + " on the module is made by " + live_vendor.display() +
                        " but the SPD declares " + d->vendor.display() + ": the SPD image was copied from another module",
                    {{"live", live_vendor.hex()}, {"declared", d->vendor.hex()}, {"address", hex_byte(live.address)}});
            }
            if (live.role == "hub") {
                const bool is_5118 = live.device_type_msb == 0x51 && (live.device_type_lsb == 0x18 || live.device_type_lsb == 0x08);
                if (d->type_name == "SPD5118" && !is_5118) {
                    add(c, FindingCode::hub_type_mismatch, Severity::fail, Category::hardware,
                        "the hub reports device type " + hex_byte(live.device_type_msb) + hex_byte(live.device_type_lsb).substr(2) +
                            " but the SPD declares an SPD5118");
                }
            }
        }
        const bool server = ctx.policy->write_protect_module_types.count(spd.module_type) > 0;
        const bool maker = ctx.policy->write_protect_makers.count(spd.manufacturing.module_maker.hex()) > 0;
        if (ev.read->hub && server && maker && ev.read->hub->write_protect == 0) {
            add(c, FindingCode::write_protect_off, Severity::warn, Category::hardware,
                "no SPD block is write-protected, which factory " + spd.module_type + "s from this maker normally are (weak evidence)",
                {{"mr12_mr13", "0x0000"}});
        }
    }
    // Consumer overclocking profiles on a server module.
    const auto pn = decode_part_number(spd.manufacturing.part_number);
    const bool server_type = ctx.policy->server_module_types.count(spd.module_type) > 0 ||
                             (pn && pn->module_type && ctx.policy->server_module_types.count(pn->module_type->value) > 0);
    if (server_type) {
        for (const auto& p : spd.profiles) {
            add(c, FindingCode::consumer_profile_on_server_part, Severity::fail, Category::part,
                "an " + p.kind + " overclocking profile on a server module: a consumer SPD image was reused",
                {{"profile", p.kind}, {"offset", std::to_string(p.offset)}});
        }
    }
    // First-party modules carry their own DRAM (policy data, per brand).
    const auto& mf = spd.manufacturing;
    if (mf.present && mf.dram_maker.programmed) {
        const auto it = ctx.policy->first_party_dram.find(mf.module_maker.hex());
        if (it != ctx.policy->first_party_dram.end() && it->second.count(mf.dram_maker.hex()) == 0) {
            add(c, FindingCode::dram_maker_implausible, Severity::fail, Category::part,
                ctx.policy->maker_names.at(mf.module_maker.hex()) + " builds its modules with its own DRAM, but the SPD names " +
                    mf.dram_maker.display(),
                {{"module_maker", mf.module_maker.hex()}, {"dram_maker", mf.dram_maker.hex()}});
        }
    }
}

// ---------------------------------------------------------------- serials and history
Result<void> serial_rules(const CheckContext& ctx, const DecodedSpd& spd, ModuleCheck& c) {
    if (!c.identity || c.identity->serial_blank()) return {};
    const ModuleIdentity& id = *c.identity;
    auto revoked = ctx.registry->revocations(id);
    if (!revoked) return tl::unexpected(revoked.error());
    for (const auto& t : revoked->tampered) {
        add(c, FindingCode::registry_tampered, Severity::warn, Category::registry, "a revocation record failed verification and was ignored", {{"detail", t}});
    }
    registry_rollback_findings(*revoked, c);
    for (const auto& r : revoked->trusted) {
        add(c, FindingCode::serial_revoked, Severity::fail, Category::history,
            "identity " + id.key() + " is revoked by its maker: " + r.record.reason, {{"identity", id.key()}, {"signer", r.signer}});
    }
    auto issued = ctx.registry->issued_serial(id);
    if (!issued) return tl::unexpected(issued.error());
    for (const auto& t : issued->tampered) {
        add(c, FindingCode::registry_tampered, Severity::warn, Category::registry, "an issued-serial record failed verification and was ignored", {{"detail", t}});
    }
    registry_rollback_findings(*issued, c);
    if (!issued->trusted.empty()) {
        const auto& rec = issued->trusted.front().record;
        if (upper(rec.part_number) != upper(spd.manufacturing.part_number)) {
            add(c, FindingCode::serial_part_mismatch, Severity::fail, Category::history,
                "serial " + id.serial + " was issued for " + rec.part_number + ", not " + spd.manufacturing.part_number,
                {{"issued_for", rec.part_number}, {"spd", spd.manufacturing.part_number}});
        }
    } else {
        auto publishes = ctx.registry->publishes_serials(id.maker);
        if (!publishes) return tl::unexpected(publishes.error());
        if (*publishes && issued->tampered.empty() && issued->rolled_back.empty()) {
            add(c, FindingCode::serial_not_issued, Severity::fail, Category::history,
                "the maker publishes its issued serials and " + id.key() + " is not among them", {{"identity", id.key()}});
        }
    }
    auto seen = ctx.registry->history(id);
    if (!seen) return tl::unexpected(seen.error());
    for (const auto& t : seen->tampered) {
        add(c, FindingCode::registry_tampered, Severity::warn, Category::registry, "a sighting failed verification and was ignored", {{"detail", t}});
    }
    registry_rollback_findings(*seen, c);
    for (const auto& why : seen->offline) {
        // Intake never waits for the network: judged on what this station holds, and said so.
        add(c, FindingCode::registry_offline, Severity::info, Category::registry,
            "the fleet server did not answer: other stations' newest sightings were not checked (judged on this registry)", {{"detail", why}});
    }
    // Only sightings of a stable, CRC-good image carry a fingerprint and a part number
    // (inspection.cpp); the others are custody evidence, never a second module.
    std::set<std::string> other_fp, other_pn;
    for (const auto& fp : seen->fingerprints) {
        if (spd.fingerprint.available && fp != spd.fingerprint.sha256_hex) other_fp.insert(fp);
    }
    for (const auto& pn : seen->part_numbers) {
        if (upper(pn) != upper(spd.manufacturing.part_number)) other_pn.insert(pn);
    }
    if (!other_fp.empty() || !other_pn.empty()) {
        add(c, FindingCode::dup_serial, Severity::fail, Category::history,
            "identity " + id.key() + " was seen before with " +
                (other_pn.empty() ? std::string("a different SPD image") : "part number " + *other_pn.begin()) +
                ": two physical modules carry this identity",
            {{"identity", id.key()}, {"other_fingerprints", std::to_string(other_fp.size())}, {"other_parts", std::to_string(other_pn.size())}});
    }
    Custody custody = std::move(seen->fold.custody());
    const Arrival arrival = classify_arrival(custody, Scene{ctx.station, ctx.site, ctx.event, ctx.lot, ctx.server});
    switch (arrival.kind) {
    case Arrival::Kind::reentry:
        add(c, FindingCode::dup_reentry, Severity::fail, Category::history, "identity " + id.key() + " " + arrival.explanation,
            {{"identity", id.key()}, {"custody", std::string(custody_state_name(custody.state))}, {"since", custody.since},
             {"customer", custody.customer}});
        break;
    case Arrival::Kind::held_here:
    case Arrival::Kind::held_elsewhere:
    case Arrival::Kind::installed:
        add(c, FindingCode::dup_serial, Severity::fail, Category::history, "identity " + id.key() + " " + arrival.explanation,
            {{"identity", id.key()}, {"held_at", custody.station}, {"custody", std::string(custody_state_name(custody.state))},
             {"lot", custody.lot}, {"server", custody.server}, {"since", custody.since}});
        break;
    case Arrival::Kind::fresh:
    case Arrival::Kind::reinspection: break;
    }
    if (custody.unresolved) {
        // Stickiness: nothing but a signed disposition makes an identity better than it was judged.
        const Sighting& prior = *custody.unresolved;
        const auto findings = prior.context.find(std::string(context_findings));
        const auto kind = prior.context.find(std::string(context_fraud_kind));
        std::string verdict = prior.verdict;
        std::transform(verdict.begin(), verdict.end(), verdict.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        add(c, FindingCode::prior_verdict, verdict_rank(prior.verdict) >= 2 ? Severity::fail : Severity::warn, Category::history,
            "judged " + verdict + " on " + prior.time + " by " + (prior.site.empty() ? "station " + prior.station : prior.site) +
                (findings != prior.context.end() && !findings->second.empty() ? " (" + findings->second + ")" : std::string()) +
                ", not resolved since: only a QA release clears it (dimmguard log dispose)",
            {{"identity", id.key()}, {"verdict", prior.verdict}, {"time", prior.time}, {"station", prior.station}, {"sighting", prior.id},
             {"fraud_kind", kind == prior.context.end() ? std::string() : kind->second}});
    }
    c.custody = std::move(custody);
    return {};
}

// ---------------------------------------------------------------- context
std::vector<std::string> tokens(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : text) {
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' || ch == '/') {
            cur.push_back(ch);
        } else if (!cur.empty()) {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// Label and SPD part numbers match when one is a prefix of the other after dropping the Micron
// "MTA" prefix (SPDs omit it; labels add customer suffixes such as Samsung's "-CWD70").
bool part_numbers_match(std::string label, std::string spd) {
    label = upper(label);
    spd = upper(spd);
    for (std::string* s : {&label, &spd}) {
        if (s->starts_with("MTA")) *s = s->substr(3);
    }
    if (label.size() < 6 || spd.size() < 6) return label == spd;
    return label.starts_with(spd) || spd.starts_with(label);
}

// The JEDEC module designation printed on every big maker's label ("PC4-2666V-RB2-11",
// "PC3L-12800S", "PC5-4800B-RC0-1010-XT"): a speed/type string, not a part number.
bool jedec_designation(const std::string& word) {
    const std::string w = upper(word);
    if (w.size() < 4 || !w.starts_with("PC") || !std::isdigit(static_cast<unsigned char>(w[2]))) return false;
    const std::size_t dash = w[3] == 'L' ? 4 : 3;
    return dash < w.size() && w[dash] == '-';
}

void label_rules(const ModuleEvidence& ev, ModuleCheck& c) {
    if (!ev.label || ev.label->empty()) return;
    const DecodedSpd& spd = *ev.spd;
    const auto& mf = spd.manufacturing;
    // A GS1 payload (DataMatrix / GS1-128 as the scanner typed it) becomes its part number and
    // serial; maker 1D strings and typed text pass through (label.hpp).
    const auto words = tokens(label_words(*ev.label));
    // Part number: any token that decodes as a module part number, or equals the SPD's.
    for (const auto& w : words) {
        if (jedec_designation(w)) continue;
        const bool looks_like_pn = decode_part_number(w).has_value() || (w.size() >= 8 && w.find('-') != std::string::npos);
        if (!looks_like_pn) continue;
        if (!part_numbers_match(w, mf.part_number)) {
            add(c, FindingCode::label_mismatch, Severity::fail, Category::context,
                "label part number " + w + " does not match the SPD's " + (mf.part_number.empty() ? "(blank)" : mf.part_number),
                {{"label", w}, {"spd", mf.part_number}});
        }
        break;
    }
    // Serial: an 8-hex-digit token, in SPD byte order or reversed (labels differ by maker).
    // (Only when the image holds a serial: a truncated one has no manufacturing block.)
    if (mf.present && mf.serial_hex.size() == 8 && !mf.serial_blank) {
        std::string reversed;
        for (std::size_t i = 0; i < 8; i += 2) reversed = mf.serial_hex.substr(i, 2) + reversed;
        for (const auto& w : words) {
            std::string t = upper(w);
            if (t.starts_with("S/N")) t = t.substr(3);
            if (t.size() != 8 || !std::all_of(t.begin(), t.end(), [](unsigned char ch) { return std::isxdigit(ch) != 0; })) continue;
            if (t != upper(mf.serial_hex) && t != upper(reversed)) {
                add(c, FindingCode::label_mismatch, Severity::fail, Category::context,
                    "label serial " + t + " does not match the SPD's " + mf.serial_hex, {{"label", t}, {"spd", mf.serial_hex}});
            }
            break;
        }
    }
    // Capacity: "64GB", "64 GB", "32G".
    for (std::size_t i = 0; i < words.size(); ++i) {
        std::string w = upper(words[i]);
        std::string unit;
        std::size_t digits = 0;
        while (digits < w.size() && std::isdigit(static_cast<unsigned char>(w[digits]))) ++digits;
        if (digits == 0 || digits > 4) continue;
        unit = w.substr(digits);
        if (unit.empty() && i + 1 < words.size()) unit = upper(words[i + 1]);
        if (unit != "GB" && unit != "G" && unit != "GIB") continue;
        const std::uint64_t claimed = parse_unsigned(std::string_view(w).substr(0, digits), 9999).value_or(0) << 30;   // <= 4 digits
        if (spd.geometry.capacity_bytes != 0 && claimed != spd.geometry.capacity_bytes) {
            add(c, FindingCode::label_mismatch, Severity::fail, Category::context,
                "label says " + gib(claimed) + "; the SPD says " + gib(spd.geometry.capacity_bytes),
                {{"label", gib(claimed)}, {"spd", gib(spd.geometry.capacity_bytes)}});
        }
        break;
    }
}

void smbios_rules(const ModuleEvidence& ev, ModuleCheck& c) {
    if (!ev.smbios) return;
    const auto& mf = ev.spd->manufacturing;
    const auto& dmi = *ev.smbios;
    const auto placeholder = [](const std::string& s) {
        const std::string u = upper(s);
        return u.empty() || u == "NOT SPECIFIED" || u == "UNKNOWN" || u == "NO DIMM" || u == "00000000";
    };
    if (!placeholder(dmi.part_number) && !part_numbers_match(dmi.part_number, mf.part_number)) {
        add(c, FindingCode::smbios_mismatch, Severity::warn, Category::context,
            "firmware (SMBIOS) reports part " + dmi.part_number + " for " + dmi.locator + "; the SPD says " + mf.part_number,
            {{"smbios", dmi.part_number}, {"spd", mf.part_number}, {"locator", dmi.locator}});
    }
    if (!placeholder(dmi.serial) && mf.present && mf.serial_hex.size() == 8 && !mf.serial_blank) {
        std::string reversed;
        for (std::size_t i = 0; i < 8; i += 2) reversed = mf.serial_hex.substr(i, 2) + reversed;
        const std::string s = upper(dmi.serial);
        if (s != upper(mf.serial_hex) && s != upper(reversed)) {
            add(c, FindingCode::smbios_mismatch, Severity::warn, Category::context,
                "firmware (SMBIOS) reports serial " + dmi.serial + " for " + dmi.locator + "; the SPD says " + mf.serial_hex,
                {{"smbios", dmi.serial}, {"spd", mf.serial_hex}, {"locator", dmi.locator}});
        }
    }
}

}  // namespace

std::string iso_week_of(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%G-W%V", &tm);
    return buf;
}

std::string iso_week_now() { return iso_week_of(std::time(nullptr)); }

Result<ModuleCheck> check_module(const ModuleEvidence& ev, const CheckContext& ctx) {
    ModuleCheck c;
    if (ev.spd == nullptr || ctx.policy == nullptr) return fail(Errc::internal, "check_module without an SPD or a policy");
    const DecodedSpd& spd = *ev.spd;
    if (auto id = identity_of(spd)) c.identity = *id;
    image_rules(ev, ctx, c);
    if (spd.type == Generation::unknown) return c;
    part_number_rules(spd, c);
    hardware_rules(ev, ctx, c);
    label_rules(ev, c);
    smbios_rules(ev, c);
    if (ctx.registry != nullptr && spd.manufacturing.present) {
        if (auto r = registry_part_rules(ev, ctx, c); !r) return tl::unexpected(r.error());
        if (auto r = serial_rules(ctx, spd, c); !r) return tl::unexpected(r.error());
    }
    return c;
}

void check_scan(std::vector<ScanMember>& members) {
    std::map<std::string, std::vector<ScanMember*>> by_identity;
    for (auto& m : members) {
        if (m.check && m.check->identity && !m.check->identity->serial_blank()) by_identity[m.check->identity->key()].push_back(&m);
    }
    for (auto& [key, group] : by_identity) {
        if (group.size() < 2) continue;
        for (auto* m : group) {
            add(*m->check, FindingCode::dup_in_scan, Severity::fail, Category::history,
                std::to_string(group.size()) + " modules in this scan carry identity " + key + ": at least one is a copy",
                {{"identity", key}, {"count", std::to_string(group.size())}});
        }
    }
    // LOT_CLONE: one donor image (serial included) flashed onto many sticks of a lot.
    std::map<std::pair<std::string, std::string>, std::vector<ScanMember*>> by_image;
    for (auto& m : members) {
        if (m.check && !m.image.empty()) by_image[{m.lot, to_hex(m.image)}].push_back(&m);
    }
    for (auto& [key, group] : by_image) {
        if (group.size() < 3) continue;
        for (auto* m : group) {
            add(*m->check, FindingCode::lot_clone, Severity::fail, Category::history,
                std::to_string(group.size()) + " modules" + (key.first.empty() ? std::string() : " of lot " + key.first) +
                    " have byte-identical SPD images, serial included: one image was flashed onto many modules",
                {{"count", std::to_string(group.size())}, {"lot", key.first}});
        }
    }
}

}  // namespace dimmguard::verifier
