// SPDX-License-Identifier: GPL-3.0-or-later
// Byte classification and reference selection for the Bench screen (pure functions, tested).
#include "bench_analysis.hpp"

#include <algorithm>
#include <cstdio>

#include "verifier/spd_layout.hpp"

namespace dimmguard::gui {

namespace {

std::uint16_t end_of(std::uint16_t first, std::uint16_t length) { return static_cast<std::uint16_t>(first + length - 1); }

}  // namespace

std::vector<IdentityField> identity_fields(dimmguard::Generation type) {
    const auto layout = verifier::manufacturing_layout(type);
    if (!layout) return {};
    using K = IdentityField::Kind;
    std::vector<IdentityField> fields{
        {K::maker, layout->maker, end_of(layout->maker, 2)},
        {K::location, layout->location, layout->location},
        {K::date, layout->date, end_of(layout->date, 2)},
        {K::serial, layout->serial, end_of(layout->serial, 4)},
        {K::part_number, layout->part, end_of(layout->part, layout->part_len)},
        {K::revision, layout->revision, end_of(layout->revision, layout->revision_len)},
        {K::dram_maker, layout->dram_maker, end_of(layout->dram_maker, 2)},
    };
    if (layout->stepping) fields.push_back({K::stepping, *layout->stepping, *layout->stepping});
    return fields;
}

std::vector<std::uint8_t> byte_marks(const verifier::DecodedSpd& spd, std::size_t size, const std::vector<std::size_t>& differing) {
    std::vector<std::uint8_t> marks(size, mark_none);
    const auto set = [&](std::size_t first, std::size_t last, std::uint8_t mark) {
        for (std::size_t i = first; i <= last && i < size; ++i) marks[i] = static_cast<std::uint8_t>(marks[i] | mark);
    };
    for (const auto& field : identity_fields(spd.type)) {
        const std::uint8_t mark = field.kind == IdentityField::Kind::serial        ? mark_serial
                                  : field.kind == IdentityField::Kind::part_number ? mark_part_number
                                                                                   : mark_identity;
        set(field.first, field.last, mark);
    }
    if (spd.fingerprint.available) {
        for (const auto& range : spd.fingerprint.ranges) set(range.first, range.last, mark_fingerprint);
    }
    for (std::size_t offset : differing) set(offset, offset, mark_differs);
    return marks;
}

std::vector<std::size_t> differing_offsets(std::span<const std::uint8_t> image, std::span<const std::uint8_t> reference) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < image.size(); ++i) {
        if (i >= reference.size() || image[i] != reference[i]) out.push_back(i);
    }
    return out;
}

std::vector<RangeDiff> fingerprint_range_diffs(const verifier::Fingerprint& fingerprint, const std::vector<std::size_t>& differing) {
    std::vector<RangeDiff> out;
    for (const auto& range : fingerprint.ranges) {
        RangeDiff diff{range, {}};
        for (std::size_t offset : differing) {
            if (offset >= range.first && offset <= range.last) diff.differing.push_back(offset);
        }
        out.push_back(std::move(diff));
    }
    return out;
}

std::vector<std::size_t> differing_outside_fingerprint(const verifier::Fingerprint& fingerprint, const std::vector<std::size_t>& differing) {
    std::vector<std::size_t> out;
    for (std::size_t offset : differing) {
        const bool covered = std::any_of(fingerprint.ranges.begin(), fingerprint.ranges.end(),
                                         [offset](const verifier::ByteRange& r) { return offset >= r.first && offset <= r.last; });
        if (!covered) out.push_back(offset);
    }
    return out;
}

std::vector<std::string> accepted_fingerprints(const engine::InspectionReport& report, const std::string& part_number) {
    for (const auto& module : report.modules) {
        if (module.check.part && module.check.part->record.part_number == part_number) return module.check.part->record.fingerprints;
    }
    return {};
}

std::optional<int> pick_reference_in(const engine::InspectionReport& report, const verifier::ModuleReport& self,
                                     const std::vector<std::string>& accepted) {
    if (!self.spd || !self.read) return std::nullopt;
    for (std::size_t i = 0; i < report.modules.size(); ++i) {
        const auto& other = report.modules[i];
        if (&other == &self) continue;
        if (!other.spd || !other.read || other.error) continue;
        if (other.spd->manufacturing.part_number != self.spd->manufacturing.part_number) continue;
        if (!other.spd->fingerprint.available) continue;
        if (std::find(accepted.begin(), accepted.end(), other.spd->fingerprint.sha256_hex) == accepted.end()) continue;
        return static_cast<int>(i);
    }
    return std::nullopt;
}

std::optional<int> pick_reference(const engine::InspectionReport& report, int selected, const std::vector<std::string>& accepted) {
    if (selected < 0 || static_cast<std::size_t>(selected) >= report.modules.size()) return std::nullopt;
    return pick_reference_in(report, report.modules[static_cast<std::size_t>(selected)], accepted);
}

std::string offset_text(std::size_t offset) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%04zx", offset);
    return buffer;
}

std::string offsets_text(const std::vector<std::size_t>& offsets, std::size_t max_items) {
    std::string out;
    std::size_t items = 0;
    for (std::size_t i = 0; i < offsets.size();) {
        std::size_t j = i;
        while (j + 1 < offsets.size() && offsets[j + 1] == offsets[j] + 1) ++j;
        if (items == max_items) {
            out += ", ...";
            break;
        }
        if (!out.empty()) out += ", ";
        out += offset_text(offsets[i]);
        if (j > i) {
            out += '-';
            out += offset_text(offsets[j]);
        }
        ++items;
        i = j + 1;
    }
    return out;
}

}  // namespace dimmguard::gui
