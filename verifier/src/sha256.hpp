// SPDX-License-Identifier: GPL-3.0-or-later
// A small streaming SHA-256 (FIPS 180-4) for fingerprints: no library start-up cost on the
// decode path; the CPU's SHA extensions when it has them. Checked against OpenSSL in tests/verifier/sha256_test.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace dimmguard::verifier::detail {

/// Tests: allow (the default) or forbid the CPU's SHA extensions; returns whether blocks now use
/// them (false on a CPU without them). Not thread-safe: call before hashing starts.
bool sha256_use_hardware(bool allowed) noexcept;

class Sha256 {
public:
    Sha256() noexcept;
    void update(std::span<const std::uint8_t> data) noexcept;
    [[nodiscard]] std::array<std::uint8_t, 32> finish() noexcept;

private:
    void block(const std::uint8_t* p) noexcept;
    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

}  // namespace dimmguard::verifier::detail
