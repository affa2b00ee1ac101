// SPDX-License-Identifier: GPL-3.0-or-later
// The canonical signed bundle format (docs/registry-format.md): header, records, writer,
// streaming parser, and the record encoders for parts, issued serials and revocations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/keys.hpp"
#include "dimmguard/result.hpp"
#include "verifier/registry_interface.hpp"

namespace dimmguard::db {

/// Highest bundle version a header may carry (18 decimal digits): the writer and the parser agree.
inline constexpr std::int64_t max_bundle_version = 999'999'999'999'999'999;

inline constexpr std::string_view bundle_magic = "dimmguard-bundle 1";
inline constexpr std::string_view unsigned_bundle_magic = "dimmguard-unsigned-bundle 1";
/// Domain-separation prefixes of the signed messages.
inline constexpr std::string_view header_signing_prefix = "dimmguard-bundle-header-v1\n";
inline constexpr std::string_view record_signing_prefix = "dimmguard-record-v1\n";

/// Roles a publisher key can hold (trust documents) and a bundle can declare.
inline constexpr std::string_view role_names[] = {"parts", "serials", "revocations", "station"};
[[nodiscard]] bool is_role(std::string_view role) noexcept;
/// A role a trust document can give a key that signs no bundle: `qa` approves releases of
/// quarantined or judged modules (docs/custody.md).
inline constexpr std::string_view qa_role = "qa";
/// is_role(role) or the qa role: what a trust document's publisher line may list.
[[nodiscard]] bool is_trust_role(std::string_view role) noexcept;
/// The record type a bundle of `role` carries: "part", "serial", "revocation", "sighting".
[[nodiscard]] std::string_view record_type_for_role(std::string_view role) noexcept;

// ---- time -----------------------------------------------------------------------------

/// True for exactly "YYYY-MM-DDTHH:MM:SSZ" with a valid calendar date (the only form stored;
/// it compares correctly as a string).
[[nodiscard]] bool is_rfc3339_utc(std::string_view text) noexcept;
/// Accept "YYYY-MM-DD" (midnight UTC) or the full form; Errc::usage naming `what` otherwise.
[[nodiscard]] Result<std::string> normalize_time(std::string_view text, std::string_view what);

// ---- fields ---------------------------------------------------------------------------

/// Percent-encode '%', TAB, LF and CR (as %25 %09 %0A %0D); everything else is kept.
[[nodiscard]] std::string encode_field(std::string_view text);
/// Inverse of encode_field; refuses anything encode_field would not produce (Errc::bad_format).
[[nodiscard]] Result<std::string> decode_field(std::string_view text);

// ---- header and records ---------------------------------------------------------------

struct BundleHeader {
    std::string publisher;       ///< key id of public_key
    PublicKey public_key;
    std::string role;            ///< parts | serials | revocations | station
    std::int64_t version = 0;    ///< >= 1, strictly increasing per publisher and role
    std::string created;         ///< RFC 3339 UTC
    std::string expires;
    std::uint64_t records = 0;
    std::string digest;          ///< SHA-256 hex over every record line including its LF

    /// The canonical header line (line 2, without its LF).
    [[nodiscard]] std::string line() const;
    /// Parse line 2; Errc::bad_format naming the field. Only the canonical form is accepted.
    [[nodiscard]] static Result<BundleHeader> parse(std::string_view line);
};

/// One record line: `type TAB fields... TAB signature`.
struct BundleRecord {
    std::string type;
    std::vector<std::string> fields;   ///< still percent-encoded where the type encodes
    std::string signed_text;           ///< the line up to (not including) the last TAB
    Signature signature{};

    /// Parse one line (without its LF). Errc::bad_format.
    [[nodiscard]] static Result<BundleRecord> parse(std::string_view line);
    /// signed_text + TAB + signature hex (no LF).
    [[nodiscard]] std::string line() const;
    /// Verify the record signature with `key`.
    [[nodiscard]] bool verify(const PublicKey& key) const;
};

/// The message a record signature covers.
[[nodiscard]] std::string record_signing_message(std::string_view signed_text);

/// Encoders produce the signed text (type and fields, no signature); decoders take the
/// verified signed text and refuse non-canonical or malformed content (Errc::bad_format).
[[nodiscard]] std::string encode_part(const verifier::PartRecord& part);
[[nodiscard]] std::string encode_serial(const verifier::SerialRecord& serial);
[[nodiscard]] std::string encode_revocation(const verifier::Revocation& revocation);
[[nodiscard]] Result<verifier::PartRecord> decode_part(std::string_view signed_text);
[[nodiscard]] Result<verifier::SerialRecord> decode_serial(std::string_view signed_text);
[[nodiscard]] Result<verifier::Revocation> decode_revocation(std::string_view signed_text);
/// Decode and check the signed text of a record of this role's type (parts/serials/revocations);
/// other roles only get the generic syntax check.
[[nodiscard]] Result<void> check_record_text(std::string_view role, std::string_view signed_text);

// ---- reading --------------------------------------------------------------------------

/// A whole bundle in memory (small bundles, tests).
struct ParsedBundle {
    BundleHeader header;
    Signature header_signature{};
    std::vector<BundleRecord> records;
};

/// Streaming reader: the header is checked on open (syntax and header signature by the
/// embedded public key), records come one at a time, and finish() checks count and digest.
/// Errors name the file and line: "b.bundle line 7: ...".
class BundleReader {
public:
    /// Open a file (Errc::not_found / io) and read lines 1-3.
    [[nodiscard]] static Result<BundleReader> open(const std::filesystem::path& path);
    /// Read from memory (the text must outlive the reader).
    [[nodiscard]] static Result<BundleReader> from_text(std::string_view text, std::string name = "bundle");
    BundleReader(BundleReader&&) noexcept;
    BundleReader& operator=(BundleReader&&) noexcept;
    ~BundleReader();

    [[nodiscard]] const BundleHeader& header() const noexcept;
    [[nodiscard]] const Signature& header_signature() const noexcept;
    /// The next record line, checked for syntax (type, fields, 128-hex signature) and, for
    /// the roles this library knows, decoded against the record type of the role. The line
    /// stays valid until the next call. nullopt after the last record.
    [[nodiscard]] Result<std::optional<BundleRecord>> next();
    /// Like next() but without building a BundleRecord: `signed_text` and `signature_hex`
    /// point into the reader's buffer (fast path of the importer).
    struct RawRecord {
        std::string_view signed_text;
        std::string_view signature_hex;
        std::string_view type;
    };
    [[nodiscard]] Result<std::optional<RawRecord>> next_raw();
    /// Stop checking record syntax in next_raw() (only split the line). For a second pass
    /// over a file whose digest was checked before: finish() still compares the digest, so a
    /// changed file is detected before anything read this way may be used.
    void skip_record_checks() noexcept;
    /// After the last record: the count and digest must match the header (Errc::bad_format).
    [[nodiscard]] Result<void> finish();
    [[nodiscard]] std::uint64_t records_read() const noexcept;
    [[nodiscard]] const std::string& name() const noexcept;

private:
    struct Impl;
    explicit BundleReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Read and check everything (header signature, syntax, count, digest, and every record
/// signature when `verify_records`) of a bundle in memory.
[[nodiscard]] Result<ParsedBundle> parse_bundle(std::string_view text, bool verify_records = true);
[[nodiscard]] Result<ParsedBundle> parse_bundle_file(const std::filesystem::path& path, bool verify_records = true);

// ---- writing --------------------------------------------------------------------------

/// Builds a signed bundle: add() signs each record (one Ed25519 signature per record),
/// finish() writes the header and its signature. Records are spooled to a temporary file so
/// large bundles never sit in memory; the output appears atomically.
class BundleWriter {
public:
    struct Options {
        std::string role;
        std::int64_t version = 1;
        std::string created;   ///< default: now
        std::string expires;
        unsigned threads = 0;  ///< signing threads for add_many(); 0 = hardware concurrency
    };
    /// Errc::usage for a bad role, version or time.
    [[nodiscard]] static Result<BundleWriter> create(const KeyPair& key, Options options);
    BundleWriter(BundleWriter&&) noexcept;
    BundleWriter& operator=(BundleWriter&&) noexcept;
    ~BundleWriter();

    /// Sign and append one record given as its signed text (`type TAB fields`).
    [[nodiscard]] Result<void> add(std::string_view signed_text);
    /// Sign many records in parallel and append them in order.
    [[nodiscard]] Result<void> add_many(const std::vector<std::string>& signed_texts);
    /// The complete bundle text (small bundles).
    [[nodiscard]] Result<std::string> finish_text();
    /// Write the complete bundle to `path` (atomically, mode 0644).
    [[nodiscard]] Result<void> finish_file(const std::filesystem::path& path);

private:
    struct Impl;
    explicit BundleWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// ---- unsigned bundles (`bundle build` -> `bundle sign`) -------------------------------

/// `dimmguard-unsigned-bundle 1`, `role=<role>`, then one signed-text line per record.
struct UnsignedBundle {
    std::string role;
    std::vector<std::string> records;  ///< signed texts
};
[[nodiscard]] std::string unsigned_bundle_text(const UnsignedBundle& bundle);
[[nodiscard]] Result<UnsignedBundle> parse_unsigned_bundle(std::string_view text, std::string_view name);

}  // namespace dimmguard::db
