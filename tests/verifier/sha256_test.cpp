// SPDX-License-Identifier: GPL-3.0-or-later
// The fingerprint's SHA-256: FIPS 180-4 vectors and agreement with OpenSSL on random input.
#include <catch2/catch.hpp>

#include <random>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

#include "dimmguard/bytes.hpp"
#include "sha256.hpp"

using dimmguard::verifier::detail::Sha256;

namespace {

std::string ours(std::span<const std::uint8_t> data, std::size_t chunk) {
    Sha256 h;
    for (std::size_t i = 0; i < data.size(); i += chunk) h.update(data.subspan(i, std::min(chunk, data.size() - i)));
    return dimmguard::to_hex(h.finish());
}

std::string openssl(std::span<const std::uint8_t> data) {
    std::array<unsigned char, 32> out{};
    unsigned int n = 0;
    REQUIRE(EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr) == 1);
    return dimmguard::to_hex(out);
}

std::vector<std::uint8_t> text(std::string_view s) { return {s.begin(), s.end()}; }

}  // namespace

TEST_CASE("sha256 reproduces the FIPS 180-4 examples", "[verifier][sha256]") {
    // Both paths: the portable code, and the CPU's SHA extensions where it has them.
    const bool hardware = GENERATE(false, true);
    INFO("SHA extensions allowed: " << hardware << ", used: " << dimmguard::verifier::detail::sha256_use_hardware(hardware));
    CHECK(ours({}, 1) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(ours(text("abc"), 1) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(ours(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), 7) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::vector<std::uint8_t> million(1'000'000, 'a');
    CHECK(ours(million, 4096) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 agrees with OpenSSL for every length and chunking", "[verifier][sha256]") {
    const bool hardware = GENERATE(false, true);
    INFO("SHA extensions allowed: " << hardware << ", used: " << dimmguard::verifier::detail::sha256_use_hardware(hardware));
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(0, 255);
    for (std::size_t length = 0; length <= 1100; length += 13) {
        std::vector<std::uint8_t> data(length);
        for (auto& b : data) b = static_cast<std::uint8_t>(byte(rng));
        const std::string expected = openssl(data);
        for (std::size_t chunk : {std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{65}, std::size_t{1024}}) {
            INFO("length " << length << " chunk " << chunk);
            CHECK(ours(data, chunk) == expected);
        }
    }
}
