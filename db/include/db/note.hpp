// SPDX-License-Identifier: GPL-3.0-or-later
// C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519
// cosignatures (c2sp.org/tlog-cosignature, cosignature/v1).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/keys.hpp"
#include "db/merkle.hpp"
#include "dimmguard/result.hpp"

namespace dimmguard::db::note {

/// Signature type bytes of the signed-note key hash (key ID).
inline constexpr std::uint8_t ed25519_type = 0x01;
inline constexpr std::uint8_t cosignature_v1_type = 0x04;
/// Signature lines parse() accepts (the spec asks for at least 16; Go's sumdb note allows 100).
inline constexpr std::size_t max_signatures = 100;

/// One signature line: "— <name> base64(big-endian key_hash || bytes)".
struct Signature {
    std::string name;
    std::uint32_t key_hash = 0;
    std::vector<std::uint8_t> bytes;  ///< at least one byte; 64 for Ed25519, 72 for a cosignature
    friend bool operator==(const Signature&, const Signature&) = default;
};

/// A note: its text (ending in a newline, as signed) and its signatures in order.
struct Note {
    std::string text;
    std::vector<Signature> signatures;
    friend bool operator==(const Note&, const Note&) = default;
};

/// A key name: non-empty UTF-8 with no Unicode space and no '+'.
[[nodiscard]] bool valid_key_name(std::string_view name) noexcept;
/// First four bytes, big-endian, of SHA-256(name || 0x0A || type || public key).
[[nodiscard]] std::uint32_t key_hash(std::string_view name, std::uint8_t type, const PublicKey& key);

/// Parse a signed note strictly: valid UTF-8 with no control character but newline (so no CR),
/// the text up to the last blank line, then 1 to max_signatures lines of an em dash (U+2014),
/// a space, a valid key name, a space and canonical base64 of more than 4 bytes.
/// Errc::bad_format naming what is wrong. Signatures are not checked here (see verified_by).
[[nodiscard]] Result<Note> parse(std::string_view message);
/// The note as text: parse(format(n)) == n for every note that parse() returns or that the
/// signing functions here make.
[[nodiscard]] std::string format(const Note& note);

/// Sign `text` (a valid note text ending in a newline) as key `name` with an Ed25519 key
/// (signature type 0x01). Errc::usage for a bad name or text.
[[nodiscard]] Result<Signature> sign_ed25519(std::string_view text, std::string_view name, const KeyPair& key);

/// A trusted Ed25519 note key.
struct Verifier {
    std::string name;
    PublicKey key;
};

/// Names of the verifiers whose Ed25519 signature on the note verifies, each once, in the order
/// their first signature appears. Signatures from unknown keys (name or key hash not matching a
/// verifier) are ignored, as the spec requires; a signature from a known key that does not
/// verify is Errc::signature_invalid. An empty list means no trusted key signed the note: the
/// caller must then reject it.
[[nodiscard]] Result<std::vector<std::string>> verified_by(const Note& note, std::span<const Verifier> verifiers);

/// The verifier key text "<name>+<8 hex key hash>+base64(type || 32-byte key)".
[[nodiscard]] std::string verifier_key(std::string_view name, const PublicKey& key, std::uint8_t type = ed25519_type);
/// Parse a verifier key of the given signature type (Ed25519 0x01 or cosignature 0x04).
/// Errc::bad_format for malformed text or a key hash that does not match; Errc::unsupported for
/// another signature type.
[[nodiscard]] Result<Verifier> parse_verifier_key(std::string_view vkey, std::uint8_t type = ed25519_type);

/// A transparency log checkpoint: the note text of a tree head.
struct Checkpoint {
    std::string origin;
    std::uint64_t size = 0;
    merkle::Hash root{};
    std::vector<std::string> extensions;  ///< opaque extra lines, each non-empty
    friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

/// "<origin>\n<decimal size>\n<base64 root>\n" followed by one line per extension.
[[nodiscard]] std::string checkpoint_text(const Checkpoint& checkpoint);
/// Strict inverse of checkpoint_text: a valid note text of at least three non-empty lines, the
/// size without leading zeros (except "0") and within 64 bits, the root canonical base64 of 32
/// bytes. Errc::bad_format.
[[nodiscard]] Result<Checkpoint> parse_checkpoint(std::string_view text);

/// A cosignature/v1 (Ed25519, type 0x04) by key `name` over the checkpoint at `timestamp` (POSIX
/// seconds, at most 2^63 - 1): bytes are the 8-byte big-endian timestamp and the signature of
/// "cosignature/v1\ntime <timestamp>\n" + checkpoint_text(). Errc::usage for a bad name,
/// timestamp or checkpoint.
[[nodiscard]] Result<Signature> cosign(const Checkpoint& checkpoint, std::uint64_t timestamp, std::string_view name,
                                       const KeyPair& key);
/// Check a cosignature by `cosigner` and return its timestamp. Errc::untrusted_key when the
/// signature's name or key hash is not the cosigner's, Errc::bad_format when its bytes are not a
/// timestamped Ed25519 signature, Errc::signature_invalid when it does not verify.
[[nodiscard]] Result<std::uint64_t> verify_cosignature(const Checkpoint& checkpoint, const Signature& signature,
                                                       const Verifier& cosigner);

}  // namespace dimmguard::db::note
