// SPDX-License-Identifier: GPL-3.0-or-later
// What the Bench screen shows about one SPD image, computed without widgets: which bytes are
// identity fields, which are fingerprint-covered, which differ from a reference image, and
// which module of an inspection can serve as that reference.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/report.hpp"
#include "verifier/spd.hpp"

namespace dimmguard::gui {

/// Highlight classes of one byte in the hex view (a bit set).
enum ByteMark : std::uint8_t {
    mark_none = 0,
    mark_identity = 1U << 0,     ///< manufacturing block: maker, location, date, revision, DRAM maker
    mark_serial = 1U << 1,       ///< the 4 serial bytes
    mark_part_number = 1U << 2,  ///< the part number field
    mark_fingerprint = 1U << 3,  ///< hashed into the fingerprint (docs/fingerprint.md)
    mark_differs = 1U << 4,      ///< differs from the reference image
};

/// One identity field of the manufacturing block, by JEDEC offsets.
struct IdentityField {
    enum class Kind { maker, location, date, serial, part_number, revision, dram_maker, stepping };
    Kind kind = Kind::maker;
    std::uint16_t first = 0;
    std::uint16_t last = 0;   ///< inclusive
};

/// The manufacturing-block fields of a generation (DDR3 Annex K bytes 117-149, DDR4 Annex L
/// bytes 320-352, DDR5 JESD400-5 bytes 512-554); empty for an unknown generation.
[[nodiscard]] std::vector<IdentityField> identity_fields(dimmguard::Generation type);

/// Per-byte marks for an image of `size` bytes: identity fields and fingerprint ranges of
/// `spd`, plus mark_differs for every offset in `differing`.
[[nodiscard]] std::vector<std::uint8_t> byte_marks(const verifier::DecodedSpd& spd, std::size_t size,
                                                   const std::vector<std::size_t>& differing = {});

/// Offsets where `image` and `reference` differ. Offsets present in only one of them (the
/// images have different sizes) count as different, up to the size of `image`.
[[nodiscard]] std::vector<std::size_t> differing_offsets(std::span<const std::uint8_t> image,
                                                         std::span<const std::uint8_t> reference);

/// A fingerprint range with the offsets in it that differ from the reference.
struct RangeDiff {
    verifier::ByteRange range;
    std::vector<std::size_t> differing;
};

/// For each fingerprint-covered range of `fingerprint`, the differing offsets inside it.
[[nodiscard]] std::vector<RangeDiff> fingerprint_range_diffs(const verifier::Fingerprint& fingerprint,
                                                             const std::vector<std::size_t>& differing);

/// Differing offsets outside every fingerprint range (identity, vendor and end-user areas).
[[nodiscard]] std::vector<std::size_t> differing_outside_fingerprint(const verifier::Fingerprint& fingerprint,
                                                                     const std::vector<std::size_t>& differing);

/// The accepted fingerprints of a part as the inspection knows them: the registry part record
/// that any module of `report` with this part number was compared with (empty when none).
[[nodiscard]] std::vector<std::string> accepted_fingerprints(const engine::InspectionReport& report,
                                                             const std::string& part_number);

/// A reference module for `selected`: another readable module of the same part number whose
/// fingerprint is one of `accepted` (the registry's accepted fingerprints of that part), so
/// its bytes stand for the golden part. The lowest index wins; nullopt when there is none.
[[nodiscard]] std::optional<int> pick_reference(const engine::InspectionReport& report, int selected,
                                                const std::vector<std::string>& accepted);

/// The same search in another inspection (of the same lot): a module of `self`'s part number
/// whose fingerprint is one of `accepted`, skipping `self` itself.
[[nodiscard]] std::optional<int> pick_reference_in(const engine::InspectionReport& report, const verifier::ModuleReport& self,
                                                   const std::vector<std::string>& accepted);

/// "0x0205" style offset text.
[[nodiscard]] std::string offset_text(std::size_t offset);

/// Compact list of offsets: "0x0004-0x0006, 0x01fe" (at most `max_items` runs, then "...").
[[nodiscard]] std::string offsets_text(const std::vector<std::size_t>& offsets, std::size_t max_items = 8);

}  // namespace dimmguard::gui
