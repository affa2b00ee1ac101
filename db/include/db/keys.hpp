// SPDX-License-Identifier: GPL-3.0-or-later
// Ed25519 keys (OpenSSL 3 EVP, PEM files), signatures and key ids.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dimmguard/result.hpp"

namespace dimmguard::db {

using Signature = std::array<std::uint8_t, 64>;
using RawPublicKey = std::array<std::uint8_t, 32>;

/// A public key. `id()` = first 16 bytes of SHA-256 over the raw 32-byte key, as 32 hex digits.
class PublicKey {
public:
    [[nodiscard]] static Result<PublicKey> from_raw(std::span<const std::uint8_t> raw);  ///< 32 bytes
    [[nodiscard]] static Result<PublicKey> from_hex(std::string_view hex);                 ///< 64 hex digits
    /// Read a PEM "PUBLIC KEY" (SPKI) file. Errc::not_found / bad_format naming the file.
    [[nodiscard]] static Result<PublicKey> load_pem(const std::filesystem::path& path);
    [[nodiscard]] Result<void> save_pem(const std::filesystem::path& path) const;  ///< mode 0644, atomic

    [[nodiscard]] const RawPublicKey& raw() const noexcept { return raw_; }
    [[nodiscard]] std::string hex() const;
    [[nodiscard]] std::string id() const;
    /// True only when OpenSSL's verification returns 1 for exactly this message.
    [[nodiscard]] bool verify(std::span<const std::uint8_t> message, const Signature& signature) const;
    [[nodiscard]] bool verify(std::string_view message, const Signature& signature) const;

    friend bool operator==(const PublicKey& a, const PublicKey& b) noexcept { return a.raw_ == b.raw_; }

private:
    RawPublicKey raw_{};
};

/// A private key with its public half.
class KeyPair {
public:
    [[nodiscard]] static Result<KeyPair> generate();
    /// Read a PEM "PRIVATE KEY" file; refused (Errc::permission_denied) when group or world can
    /// read it, as ssh does.
    [[nodiscard]] static Result<KeyPair> load_pem(const std::filesystem::path& path);
    /// Write the private key with mode 0600 (atomically; never over an existing file unless
    /// `overwrite`).
    [[nodiscard]] Result<void> save_pem(const std::filesystem::path& path, bool overwrite = false) const;

    /// A key known by its public half (e.g. station.pub) whose private half is read from
    /// `path` (load_pem) the first time it signs or is saved: a process that only looks never
    /// decodes the private key. Copies share the one read. Signing fails (Errc::bad_format) when
    /// the file holds another key than `public_key`.
    [[nodiscard]] static KeyPair deferred(const PublicKey& public_key, const std::filesystem::path& path);

    [[nodiscard]] const PublicKey& public_key() const noexcept { return public_; }
    [[nodiscard]] Result<Signature> sign(std::span<const std::uint8_t> message) const;
    [[nodiscard]] Result<Signature> sign(std::string_view message) const;

private:
    struct Deferred;
    [[nodiscard]] Result<std::array<std::uint8_t, 32>> seed() const;

    std::array<std::uint8_t, 32> seed_{};
    PublicKey public_;
    std::shared_ptr<Deferred> deferred_;   ///< set for deferred(): where the seed is read from
};

/// Lower-case hex of a signature and back (Errc::bad_format).
[[nodiscard]] std::string signature_hex(const Signature& signature);
[[nodiscard]] Result<Signature> signature_from_hex(std::string_view hex);

/// SHA-256 (OpenSSL) of `data`, lower-case hex.
[[nodiscard]] std::string sha256_hex(std::span<const std::uint8_t> data);
[[nodiscard]] std::string sha256_hex(std::string_view data);

/// Incremental SHA-256 for large inputs (bundles).
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;
    void update(std::string_view data);
    [[nodiscard]] std::string finish_hex();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dimmguard::db
