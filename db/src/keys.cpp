// SPDX-License-Identifier: GPL-3.0-or-later
// Ed25519 through OpenSSL 3 EVP: raw keys in memory, PEM on disk, one-shot sign/verify.
#include "db/keys.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "db/merkle.hpp"
#include "dimmguard/bytes.hpp"
#include "dimmguard/input_file.hpp"
#include "file_io.hpp"

namespace dimmguard::db {
namespace {

struct PkeyDeleter {
    void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
struct BioDeleter {
    void operator()(BIO* b) const noexcept { BIO_free(b); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;

// Private keys decoded by KeyPair::load_pem, by the exact PEM text they came from (the file is
// still read and its mode checked on every load; a changed file is decoded afresh).
std::mutex loaded_keys_mutex;
std::map<std::string, KeyPair> loaded_keys;

template <std::size_t N>
Result<std::array<std::uint8_t, N>> from_hex_fixed(std::string_view hex, const char* what) {
    if (hex.size() != 2 * N) return fail(Errc::bad_format, std::string(what) + " must be " + std::to_string(2 * N) + " hex digits");
    const auto bytes = dimmguard::from_hex(hex);
    if (!bytes) return fail(Errc::bad_format, std::string(what) + " is not hex");
    std::array<std::uint8_t, N> out{};
    std::copy(bytes->begin(), bytes->end(), out.begin());
    return out;
}

Result<std::string> read_small_file(const std::filesystem::path& path) { return read_input_file(path, 64 * 1024); }

}  // namespace

namespace detail {

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view data, mode_t mode, bool overwrite) {
    const std::string name = path.string();
    if (!overwrite && std::filesystem::exists(path)) return fail(Errc::usage, name + ": already exists (not overwritten)");
    std::string tmpl = (path.has_parent_path() ? path.parent_path().string() : std::string(".")) + "/." +
                       path.filename().string() + ".XXXXXX";
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return fail(Errc::io, name + ": cannot create (" + std::strerror(errno) + ")");
    bool ok = ::fchmod(fd, mode) == 0;
    for (std::size_t done = 0; ok && done < data.size();) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += static_cast<std::size_t>(n);
    }
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (!ok) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return fail(Errc::io, name + ": write failed (" + why + ")");
    }
    // Without `overwrite`, link() publishes the file only if the name is still free, so two
    // processes creating the same key never replace each other's (rename() would).
    if (!overwrite) {
        const int linked = ::link(tmpl.c_str(), name.c_str());
        const int err = errno;
        ::unlink(tmpl.c_str());
        if (linked != 0) {
            return fail(err == EEXIST ? Errc::usage : Errc::io,
                        name + (err == EEXIST ? ": already exists (not overwritten)" : ": write failed (" + std::string(std::strerror(err)) + ")"));
        }
        return {};
    }
    if (::rename(tmpl.c_str(), name.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return fail(Errc::io, name + ": write failed (" + why + ")");
    }
    return {};
}

}  // namespace detail

namespace {

using detail::write_file_atomic;

Pkey pkey_from_public(const RawPublicKey& raw) {
    return Pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()));
}

Pkey pkey_from_seed(const std::array<std::uint8_t, 32>& seed) {
    return Pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
}

Result<RawPublicKey> raw_public(EVP_PKEY* key) {
    RawPublicKey raw{};
    std::size_t len = raw.size();
    if (EVP_PKEY_get_raw_public_key(key, raw.data(), &len) != 1 || len != raw.size()) {
        return fail(Errc::bad_format, "not an Ed25519 key");
    }
    return raw;
}

}  // namespace

Result<PublicKey> PublicKey::from_raw(std::span<const std::uint8_t> raw) {
    if (raw.size() != 32) return fail(Errc::bad_format, "an Ed25519 public key has 32 bytes, not " + std::to_string(raw.size()));
    PublicKey k;
    std::copy(raw.begin(), raw.end(), k.raw_.begin());
    if (!pkey_from_public(k.raw_)) return fail(Errc::bad_format, "not a valid Ed25519 public key");
    return k;
}

Result<PublicKey> PublicKey::from_hex(std::string_view hex) {
    auto raw = from_hex_fixed<32>(hex, "public key");
    if (!raw) return tl::unexpected(raw.error());
    return from_raw(*raw);
}

namespace {

// A PEM "PUBLIC KEY" exactly as save_pem writes an Ed25519 key (its 44-byte SubjectPublicKeyInfo),
// read without OpenSSL's decoder framework, whose start-up made reading a key cost about a
// millisecond. nullopt for any other text; OpenSSL then reads it.
std::optional<RawPublicKey> ed25519_spki_pem(std::string_view text) {
    static constexpr std::string_view begin = "-----BEGIN PUBLIC KEY-----\n", end = "-----END PUBLIC KEY-----\n";
    if (!text.starts_with(begin) || !text.ends_with(end) || text.size() > begin.size() + end.size() + 128) return std::nullopt;
    std::string body(text.substr(begin.size(), text.size() - begin.size() - end.size()));
    std::erase(body, '\n');
    auto der = merkle::base64_decode(body);
    static constexpr std::uint8_t prefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    if (!der || der->size() != sizeof prefix + 32 || !std::equal(std::begin(prefix), std::end(prefix), der->begin())) return std::nullopt;
    RawPublicKey raw{};
    std::copy(der->begin() + sizeof prefix, der->end(), raw.begin());
    return raw;
}

}  // namespace

Result<PublicKey> PublicKey::load_pem(const std::filesystem::path& path) {
    auto text = read_small_file(path);
    if (!text) return tl::unexpected(text.error());
    if (auto raw = ed25519_spki_pem(*text)) return from_raw(*raw);
    Bio bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
    Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
        return fail(Errc::bad_format, path.string() + ": not a PEM Ed25519 public key");
    }
    auto raw = raw_public(key.get());
    if (!raw) return fail(Errc::bad_format, path.string() + ": " + raw.error().message);
    return from_raw(*raw);
}

Result<void> PublicKey::save_pem(const std::filesystem::path& path) const {
    Pkey key = pkey_from_public(raw_);
    Bio bio(BIO_new(BIO_s_mem()));
    if (!key || !bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) return fail(Errc::internal, "cannot encode public key");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return write_file_atomic(path, std::string_view(data, static_cast<std::size_t>(n)), 0644, true);
}

std::string PublicKey::hex() const { return to_hex(raw_); }

std::string PublicKey::id() const { return sha256_hex(raw_).substr(0, 32); }

bool PublicKey::verify(std::span<const std::uint8_t> message, const Signature& signature) const {
    Pkey key = pkey_from_public(raw_);
    MdCtx ctx(EVP_MD_CTX_new());
    if (!key || !ctx) return false;
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
}

bool PublicKey::verify(std::string_view message, const Signature& signature) const {
    return verify(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()), signature);
}

Result<KeyPair> KeyPair::generate() {
    Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key) return fail(Errc::internal, "openssl could not generate an Ed25519 key");
    KeyPair pair;
    std::size_t len = pair.seed_.size();
    if (EVP_PKEY_get_raw_private_key(key.get(), pair.seed_.data(), &len) != 1 || len != 32) {
        return fail(Errc::internal, "openssl did not return the private key");
    }
    auto raw = raw_public(key.get());
    if (!raw) return tl::unexpected(raw.error());
    auto pub = PublicKey::from_raw(*raw);
    if (!pub) return tl::unexpected(pub.error());
    pair.public_ = *pub;
    return pair;
}

Result<KeyPair> KeyPair::load_pem(const std::filesystem::path& path) {
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) return fail(Errc::not_found, path.string() + ": no such key file");
    if (S_ISDIR(st.st_mode)) return fail(Errc::io, path.string() + ": is a directory, expected a key file");
    if ((st.st_mode & 0077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return fail(Errc::permission_denied, path.string() + ": private key is readable by group or others (mode " +
                                                 mode + "); run chmod 600 on it");
    }
    auto text = read_small_file(path);
    if (!text) return tl::unexpected(text.error());
    // OpenSSL 3's PEM decoder costs about as much as several signature checks, and the station
    // key is read on every sighting lookup: remember what each exact file text decoded to.
    {
        std::lock_guard lock(loaded_keys_mutex);
        if (auto it = loaded_keys.find(*text); it != loaded_keys.end()) return it->second;
    }
    Bio bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
        return fail(Errc::bad_format, path.string() + ": not a PEM Ed25519 private key");
    }
    KeyPair pair;
    std::size_t len = pair.seed_.size();
    if (EVP_PKEY_get_raw_private_key(key.get(), pair.seed_.data(), &len) != 1 || len != 32) {
        return fail(Errc::bad_format, path.string() + ": cannot read the Ed25519 private key");
    }
    auto raw = raw_public(key.get());
    if (!raw) return tl::unexpected(raw.error());
    auto pub = PublicKey::from_raw(*raw);
    if (!pub) return tl::unexpected(pub.error());
    pair.public_ = *pub;
    std::lock_guard lock(loaded_keys_mutex);
    if (loaded_keys.size() >= 16) loaded_keys.clear();
    loaded_keys.emplace(std::move(*text), pair);
    return pair;
}

Result<void> KeyPair::save_pem(const std::filesystem::path& path, bool overwrite) const {
    auto seed = this->seed();
    if (!seed) return tl::unexpected(seed.error());
    Pkey key = pkey_from_seed(*seed);
    Bio bio(BIO_new(BIO_s_mem()));
    if (!key || !bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return fail(Errc::internal, "cannot encode private key");
    }
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return write_file_atomic(path, std::string_view(data, static_cast<std::size_t>(n)), 0600, overwrite);
}

struct KeyPair::Deferred {
    std::filesystem::path path;
    std::mutex mutex;
    std::optional<std::array<std::uint8_t, 32>> seed;
};

KeyPair KeyPair::deferred(const PublicKey& public_key, const std::filesystem::path& path) {
    KeyPair pair;
    pair.public_ = public_key;
    pair.deferred_ = std::make_shared<Deferred>();
    pair.deferred_->path = path;
    return pair;
}

Result<std::array<std::uint8_t, 32>> KeyPair::seed() const {
    if (!deferred_) return seed_;
    std::lock_guard lock(deferred_->mutex);
    if (!deferred_->seed) {
        auto loaded = load_pem(deferred_->path);
        if (!loaded) return tl::unexpected(loaded.error());
        if (!(loaded->public_key() == public_)) {
            return fail(Errc::bad_format, deferred_->path.string() + " is not the key its public half (" + public_.id() +
                                              ") names: restore the pair, or remove station.pub to have it written again");
        }
        deferred_->seed = loaded->seed_;
    }
    return *deferred_->seed;
}

Result<Signature> KeyPair::sign(std::span<const std::uint8_t> message) const {
    auto seed = this->seed();
    if (!seed) return tl::unexpected(seed.error());
    Pkey key = pkey_from_seed(*seed);
    MdCtx ctx(EVP_MD_CTX_new());
    Signature sig{};
    std::size_t len = sig.size();
    if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 || len != sig.size()) {
        return fail(Errc::internal, "openssl could not sign");
    }
    return sig;
}

Result<Signature> KeyPair::sign(std::string_view message) const {
    return sign(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(message.data()), message.size()));
}

std::string signature_hex(const Signature& signature) { return to_hex(signature); }

Result<Signature> signature_from_hex(std::string_view hex) { return from_hex_fixed<64>(hex, "signature"); }

std::string sha256_hex(std::span<const std::uint8_t> data) {
    std::array<unsigned char, 32> digest{};
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &n, EVP_sha256(), nullptr);
    return to_hex(digest);
}

std::string sha256_hex(std::string_view data) {
    return sha256_hex(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

struct Sha256Stream::Impl {
    MdCtx ctx{EVP_MD_CTX_new()};
};

Sha256Stream::Sha256Stream() : impl_(std::make_unique<Impl>()) { EVP_DigestInit_ex(impl_->ctx.get(), EVP_sha256(), nullptr); }
Sha256Stream::~Sha256Stream() = default;
void Sha256Stream::update(std::string_view data) { EVP_DigestUpdate(impl_->ctx.get(), data.data(), data.size()); }
std::string Sha256Stream::finish_hex() {
    std::array<unsigned char, 32> digest{};
    unsigned int n = 0;
    EVP_DigestFinal_ex(impl_->ctx.get(), digest.data(), &n);
    return to_hex(digest);
}

}  // namespace dimmguard::db
