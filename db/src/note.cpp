// SPDX-License-Identifier: GPL-3.0-or-later
// C2SP signed notes, verifier keys, checkpoints and cosignature/v1, parsed strictly: anything
// another implementation could read differently is refused rather than guessed at.
#include "db/note.hpp"

#include <algorithm>
#include <limits>

#include "dimmguard/bytes.hpp"
#include "dimmguard/text.hpp"

namespace dimmguard::db::note {
namespace {

// U+2014 EM DASH and a space open every signature line.
constexpr std::string_view signature_prefix = "\xe2\x80\x94 ";
constexpr std::string_view cosignature_header = "cosignature/v1\n";
constexpr std::size_t cosignature_bytes = 8 + 64;
constexpr std::uint64_t max_timestamp = std::numeric_limits<std::int64_t>::max();

// Unicode White_Space (Go's unicode.IsSpace, which the reference implementation uses).
constexpr bool unicode_space(std::uint32_t cp) noexcept {
    return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

// Valid UTF-8 without ASCII control characters other than newline.
bool valid_note_text(std::string_view s) noexcept {
    const bool has_control = std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; });
    return !has_control && valid_utf8(s);
}

template <class Int>
void put_big_endian(std::vector<std::uint8_t>& out, Int value) {
    for (int shift = static_cast<int>(sizeof(Int) * 8) - 8; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

template <class Int>
Int get_big_endian(std::span<const std::uint8_t> bytes) {
    Int value = 0;
    for (std::size_t i = 0; i < sizeof(Int); ++i) value = static_cast<Int>(value << 8 | bytes[i]);
    return value;
}

// A key hash as verifier keys and messages write it: 8 lower-case hex digits.
std::string hex32(std::uint32_t value) {
    std::vector<std::uint8_t> bytes;
    put_big_endian(bytes, value);
    return to_hex(bytes);
}

Result<Signature> parse_signature_line(std::string_view line, std::size_t number) {
    const std::string where = "note signature line " + std::to_string(number);
    if (!line.starts_with(signature_prefix)) return fail(Errc::bad_format, where + " does not start with an em dash and a space");
    line.remove_prefix(signature_prefix.size());
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return fail(Errc::bad_format, where + " has no space between key name and signature");
    Signature signature;
    signature.name = std::string(line.substr(0, space));
    if (!valid_key_name(signature.name)) return fail(Errc::bad_format, where + " has an invalid key name");
    auto bytes = merkle::base64_decode(line.substr(space + 1));
    if (!bytes) return fail(Errc::bad_format, where + ": " + bytes.error().message);
    if (bytes->size() < 5) return fail(Errc::bad_format, where + " is too short for a key hash and a signature");
    signature.key_hash = get_big_endian<std::uint32_t>(*bytes);
    signature.bytes.assign(bytes->begin() + 4, bytes->end());
    return signature;
}

std::string cosigned_message(const Checkpoint& checkpoint, std::uint64_t timestamp) {
    return std::string(cosignature_header) + "time " + std::to_string(timestamp) + "\n" + checkpoint_text(checkpoint);
}

Result<std::uint64_t> parse_size(std::string_view digits) {
    const bool all_digits = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!all_digits) return fail(Errc::bad_format, "checkpoint tree size is not a decimal number");
    if (digits.size() > 1 && digits[0] == '0') return fail(Errc::bad_format, "checkpoint tree size has a leading zero");
    std::uint64_t value = 0;
    for (char c : digits) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            return fail(Errc::bad_format, "checkpoint tree size does not fit in 64 bits");
        }
        value = value * 10 + digit;
    }
    return value;
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start < text.size();) {
        const auto end = text.find('\n', start);
        lines.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

}  // namespace

bool valid_key_name(std::string_view name) noexcept {
    if (name.empty() || !valid_utf8(name)) return false;
    for (std::size_t at = 0; at < name.size();) {
        const int length = detail::utf8_sequence(name.substr(at));
        const std::uint32_t cp = detail::utf8_code_point(name.substr(at), length);
        if (cp < 0x20 || cp == '+' || unicode_space(cp)) return false;
        at += static_cast<std::size_t>(length);
    }
    return true;
}

std::uint32_t key_hash(std::string_view name, std::uint8_t type, const PublicKey& key) {
    std::string input(name);
    input.push_back('\n');
    input.push_back(static_cast<char>(type));
    input.append(key.raw().begin(), key.raw().end());
    const std::string digest = sha256_hex(input);
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 8; ++i) value = value << 4 | static_cast<std::uint32_t>(hex_digit(digest[i]));
    return value;
}

Result<Note> parse(std::string_view message) {
    if (!valid_utf8(message)) return fail(Errc::bad_format, "note is not valid UTF-8");
    if (!valid_note_text(message)) return fail(Errc::bad_format, "note has a control character other than newline");
    const auto split = message.rfind("\n\n");
    if (split == std::string_view::npos) return fail(Errc::bad_format, "note has no blank line before its signatures");
    Note note;
    note.text = std::string(message.substr(0, split + 1));
    const std::string_view block = message.substr(split + 2);
    if (block.empty()) return fail(Errc::bad_format, "note has no signatures");
    if (block.back() != '\n') return fail(Errc::bad_format, "note's last signature line does not end in a newline");
    // Line by line, so a note of a million signature lines stops at the limit.
    for (std::size_t start = 0, end = 0; start < block.size(); start = end + 1) {
        end = block.find('\n', start);
        if (note.signatures.size() == max_signatures) {
            return fail(Errc::bad_format, "note has more than " + std::to_string(max_signatures) + " signatures");
        }
        auto signature = parse_signature_line(block.substr(start, end - start), note.signatures.size() + 1);
        if (!signature) return tl::unexpected(signature.error());
        note.signatures.push_back(std::move(*signature));
    }
    return note;
}

std::string format(const Note& note) {
    std::string out = note.text + "\n";
    for (const Signature& signature : note.signatures) {
        std::vector<std::uint8_t> bytes;
        bytes.reserve(4 + signature.bytes.size());
        put_big_endian(bytes, signature.key_hash);
        bytes.insert(bytes.end(), signature.bytes.begin(), signature.bytes.end());
        out.append(signature_prefix);
        out.append(signature.name);
        out.push_back(' ');
        out.append(merkle::base64_encode(bytes));
        out.push_back('\n');
    }
    return out;
}

Result<Signature> sign_ed25519(std::string_view text, std::string_view name, const KeyPair& key) {
    if (!valid_key_name(name)) return fail(Errc::usage, "invalid note key name (empty, or a space or '+' in it)");
    if (text.empty() || text.back() != '\n' || !valid_note_text(text)) {
        return fail(Errc::usage, "note text must be UTF-8 ending in a newline, with no other control character");
    }
    auto signed_bytes = key.sign(text);
    if (!signed_bytes) return tl::unexpected(signed_bytes.error());
    return Signature{std::string(name), key_hash(name, ed25519_type, key.public_key()),
                     std::vector<std::uint8_t>(signed_bytes->begin(), signed_bytes->end())};
}

Result<std::vector<std::string>> verified_by(const Note& note, std::span<const Verifier> verifiers) {
    std::vector<std::uint32_t> hashes;
    for (const Verifier& v : verifiers) hashes.push_back(key_hash(v.name, ed25519_type, v.key));
    std::vector<std::string> names;
    for (const Signature& signature : note.signatures) {
        bool known = false, valid = false;
        for (std::size_t i = 0; i < verifiers.size(); ++i) {
            if (verifiers[i].name != signature.name || hashes[i] != signature.key_hash) continue;
            known = true;
            db::Signature raw{};
            if (signature.bytes.size() != raw.size()) continue;
            std::copy(signature.bytes.begin(), signature.bytes.end(), raw.begin());
            valid = valid || verifiers[i].key.verify(note.text, raw);
        }
        if (!known) continue;   // the spec: signatures from unknown keys are ignored
        if (!valid) {
            return fail(Errc::signature_invalid, "note signature by " + signature.name + "+" + hex32(signature.key_hash) + " does not verify");
        }
        if (std::find(names.begin(), names.end(), signature.name) == names.end()) names.push_back(signature.name);
    }
    return names;
}

std::string verifier_key(std::string_view name, const PublicKey& key, std::uint8_t type) {
    std::vector<std::uint8_t> material{type};
    material.insert(material.end(), key.raw().begin(), key.raw().end());
    return std::string(name) + "+" + hex32(key_hash(name, type, key)) + "+" + merkle::base64_encode(material);
}

Result<Verifier> parse_verifier_key(std::string_view vkey, std::uint8_t type) {
    const auto first = vkey.find('+');
    const auto second = first == std::string_view::npos ? first : vkey.find('+', first + 1);
    if (second == std::string_view::npos) return fail(Errc::bad_format, "verifier key is not <name>+<hash>+<key>");
    const std::string_view name = vkey.substr(0, first);
    const std::string_view hash_hex = vkey.substr(first + 1, second - first - 1);
    if (!valid_key_name(name)) return fail(Errc::bad_format, "verifier key has an invalid name");
    const bool lower_hex = hash_hex.size() == 8 && std::all_of(hash_hex.begin(), hash_hex.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
    if (!lower_hex) return fail(Errc::bad_format, "verifier key hash is not 8 lower-case hex digits");
    auto material = merkle::base64_decode(vkey.substr(second + 1));
    if (!material) return fail(Errc::bad_format, "verifier key: " + material.error().message);
    if (material->empty()) return fail(Errc::bad_format, "verifier key has no key");
    if ((*material)[0] != type) {
        return fail(Errc::unsupported, "verifier key of signature type " + hex_byte((*material)[0]) + ", expected " + hex_byte(type));
    }
    auto key = PublicKey::from_raw(std::span(*material).subspan(1));
    if (!key) return fail(Errc::bad_format, "verifier key: " + key.error().message);
    if (hex32(key_hash(name, type, *key)) != hash_hex) return fail(Errc::bad_format, "verifier key hash does not match its name and key");
    return Verifier{std::string(name), *key};
}

std::string checkpoint_text(const Checkpoint& checkpoint) {
    std::string text = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" + merkle::to_base64(checkpoint.root) + "\n";
    for (const std::string& extension : checkpoint.extensions) text += extension + "\n";
    return text;
}

Result<Checkpoint> parse_checkpoint(std::string_view text) {
    if (!valid_note_text(text)) return fail(Errc::bad_format, "checkpoint is not UTF-8 text without control characters");
    if (text.empty() || text.back() != '\n') return fail(Errc::bad_format, "checkpoint does not end in a newline");
    const auto lines = lines_of(text);
    if (lines.size() < 3) return fail(Errc::bad_format, "checkpoint has fewer than three lines");
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) return fail(Errc::bad_format, "checkpoint line " + std::to_string(i + 1) + " is empty");
    }
    Checkpoint checkpoint;
    checkpoint.origin = std::string(lines[0]);
    auto size = parse_size(lines[1]);
    if (!size) return tl::unexpected(size.error());
    checkpoint.size = *size;
    auto root = merkle::hash_from_base64(lines[2]);
    if (!root) return fail(Errc::bad_format, "checkpoint root hash: " + root.error().message);
    checkpoint.root = *root;
    for (std::size_t i = 3; i < lines.size(); ++i) checkpoint.extensions.emplace_back(lines[i]);
    return checkpoint;
}

Result<Signature> cosign(const Checkpoint& checkpoint, std::uint64_t timestamp, std::string_view name, const KeyPair& key) {
    if (!valid_key_name(name)) return fail(Errc::usage, "invalid cosigner name (empty, or a space or '+' in it)");
    if (timestamp > max_timestamp) return fail(Errc::usage, "cosignature timestamp above 2^63 - 1");
    auto round_trip = parse_checkpoint(checkpoint_text(checkpoint));
    if (!round_trip || *round_trip != checkpoint) return fail(Errc::usage, "checkpoint to cosign is not well-formed");
    auto signed_bytes = key.sign(cosigned_message(checkpoint, timestamp));
    if (!signed_bytes) return tl::unexpected(signed_bytes.error());
    Signature signature{std::string(name), key_hash(name, cosignature_v1_type, key.public_key()), {}};
    put_big_endian(signature.bytes, timestamp);
    signature.bytes.insert(signature.bytes.end(), signed_bytes->begin(), signed_bytes->end());
    return signature;
}

Result<std::uint64_t> verify_cosignature(const Checkpoint& checkpoint, const Signature& signature, const Verifier& cosigner) {
    if (signature.name != cosigner.name || signature.key_hash != key_hash(cosigner.name, cosignature_v1_type, cosigner.key)) {
        return fail(Errc::untrusted_key, "signature " + signature.name + "+" + hex32(signature.key_hash) + " is not by cosigner " + cosigner.name);
    }
    if (signature.bytes.size() != cosignature_bytes) {
        return fail(Errc::bad_format, "cosignature by " + cosigner.name + " is " + std::to_string(signature.bytes.size()) + " bytes, not 72");
    }
    const auto timestamp = get_big_endian<std::uint64_t>(signature.bytes);
    if (timestamp > max_timestamp) return fail(Errc::bad_format, "cosignature by " + cosigner.name + " has a timestamp above 2^63 - 1");
    db::Signature raw{};
    std::copy(signature.bytes.begin() + 8, signature.bytes.end(), raw.begin());
    if (!cosigner.key.verify(cosigned_message(checkpoint, timestamp), raw)) {
        return fail(Errc::signature_invalid, "cosignature by " + cosigner.name + " does not verify");
    }
    return timestamp;
}

}  // namespace dimmguard::db::note
