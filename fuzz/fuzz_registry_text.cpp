// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: what arrives from publishers and other stations, parsed before any signature is
// trusted: signed bundles (header and records), unsigned bundles, trust documents, sighting
// lines (log exports and imports), checkpoints files (log witness), evidence files
// (evidence verify, checked against a fixed root key), and custody summary bodies (rows of the
// registry file, which anyone who can write it can edit).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "db/bundle.hpp"
#include "db/evidence.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"
#include "db/witness.hpp"
#include "custody_summary.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)dimmguard::db::parse_bundle(text, /*verify_records=*/false);
    (void)dimmguard::db::parse_unsigned_bundle(text, "fuzz");
    (void)dimmguard::db::TrustDocument::parse(text);
    (void)dimmguard::db::parse_checkpoints(text, "fuzz");
    static const auto root = dimmguard::db::PublicKey::from_hex(std::string(64, '1'));
    if (root) (void)dimmguard::db::verify_evidence(text, {*root});
    static const auto identity = dimmguard::verifier::ModuleIdentity::parse("802c-06-2418-3bf2a0b1");
    if (identity) (void)dimmguard::db::detail::parse_summary_body(text, *identity);
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        const auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        (void)dimmguard::db::parse_sighting_line(line);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return 0;
}
