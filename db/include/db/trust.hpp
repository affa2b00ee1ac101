// SPDX-License-Identifier: GPL-3.0-or-later
// The trust store: pinned root keys and the chain of root-signed trust documents that name
// publisher keys, their roles and expiry (docs/registry-format.md, "Trust documents").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "dimmguard/result.hpp"

namespace dimmguard::db {

/// Highest trust-document version (9 decimal digits): the writer and the parser agree.
inline constexpr std::int64_t max_trust_version = 999'999'999;

inline constexpr std::string_view trust_magic = "dimmguard-trust 1";
inline constexpr std::string_view trust_signing_prefix = "dimmguard-trust-v1\n";

struct TrustRoot {
    std::string key_id;
    PublicKey key;
};

struct TrustedPublisher {
    std::string key_id;
    PublicKey key;
    std::vector<std::string> roles;   ///< subset of role_names, in document order
    std::string expires;              ///< RFC 3339 UTC
    [[nodiscard]] bool has_role(std::string_view role) const;
};

struct RootSignature {
    std::string key_id;
    Signature signature{};
};

/// A parsed trust document. `body()` is the signed text (everything above the first
/// root-signature line).
struct TrustDocument {
    std::int64_t version = 0;
    std::string created;
    std::string expires;
    int threshold = 1;                      ///< root signatures the NEXT document needs
    std::vector<TrustRoot> roots;           ///< keys allowed to sign the next document
    std::vector<TrustedPublisher> publishers;
    std::vector<RootSignature> signatures;

    /// Canonical text without signatures (what the roots sign).
    [[nodiscard]] std::string body() const;
    /// body() plus the root-signature lines.
    [[nodiscard]] std::string text() const;
    [[nodiscard]] const TrustedPublisher* publisher(std::string_view key_id) const;
    /// Parse and check syntax and canonical form (no signature check). Errc::bad_format.
    [[nodiscard]] static Result<TrustDocument> parse(std::string_view text);
    /// Distinct keys of `roots` whose signature over body() verifies.
    [[nodiscard]] int valid_signatures(const std::vector<TrustRoot>& signers) const;
};

/// Sign `document` (its signatures are replaced) with each root key; returns the text.
[[nodiscard]] Result<std::string> sign_trust_document(TrustDocument document, const std::vector<KeyPair>& root_keys);

/// Trust state over the database. Everything is re-verified from the stored texts when read:
/// an edited database file yields Errc::untrusted_key, never a trusted key. The answers are
/// remembered while neither the file (PRAGMA data_version) nor the trusted state changes.
class TrustStore {
public:
    explicit TrustStore(Database& database) : db_(database) {}

    /// Pin root keys (threshold = root signatures the first document needs, >= 1). Refused
    /// (Errc::usage) when roots are already pinned, unless `force` (which also forgets every
    /// accepted trust document).
    [[nodiscard]] Result<void> init(const std::vector<PublicKey>& roots, int threshold, bool force = false);
    [[nodiscard]] Result<bool> initialised();

    struct Pinned {
        std::vector<TrustRoot> roots;
        int threshold = 1;
    };
    [[nodiscard]] Result<Pinned> pinned();

    /// Accept a new document: signed by >= threshold distinct current root keys (the pinned
    /// roots for the first document), version above the current one, not expired at `now`.
    /// Errc::signature_invalid / untrusted_key / bad_format / usage with the reason.
    [[nodiscard]] Result<TrustDocument> accept_document(std::string_view text, std::string_view now);

    /// The current (highest accepted) document, after re-verifying the whole chain from the
    /// pinned roots; nullopt when none was accepted. Errc::untrusted_key when the stored
    /// chain no longer verifies.
    [[nodiscard]] Result<std::optional<TrustDocument>> current();

    /// Ok when `key_id` is trusted for `role` at `now` (RFC 3339); else Errc::untrusted_key
    /// with the reason: unknown key, wrong role, expired key, expired document, no document.
    [[nodiscard]] Result<PublicKey> publisher_trusted(std::string_view key_id, std::string_view role, std::string_view now);

private:
    [[nodiscard]] Result<Pinned> read_pinned();
    [[nodiscard]] Result<std::optional<TrustDocument>> read_current();
    Database& db_;
};

/// Why a publisher is or is not trusted in `document` at `now` (nullopt = trusted); the same
/// reasons as TrustStore::publisher_trusted, for callers that hold the document already.
[[nodiscard]] std::optional<std::string> publisher_untrusted_reason(const TrustDocument& document, std::string_view key_id,
                                                                    std::string_view role, std::string_view now);

}  // namespace dimmguard::db
