// SPDX-License-Identifier: GPL-3.0-or-later
// The exit status of every `dimmguard` command (design.md), defined once. `verify` ORs the bits.
#pragma once

#include "dimmguard/error.hpp"

namespace dimmguard::engine {

inline constexpr int exit_ok = 0;
inline constexpr int exit_usage = 1;          ///< bad flags or arguments; nothing was done
inline constexpr int exit_unreadable = 2;     ///< a file, bus or module could not be read
inline constexpr int exit_suspect = 4;        ///< at least one module is suspect
inline constexpr int exit_counterfeit = 8;    ///< at least one module is counterfeit
inline constexpr int exit_registry = 16;      ///< a registry or trust problem (missing, expired, tampered, refused)

/// The exit status for an error that ended a command: usage 1; a missing or unreadable input
/// (not found, permission, I/O, bus faults, cancelled) 2; anything about the registry or
/// signatures 16.
[[nodiscard]] constexpr int exit_status_of(const Error& error) noexcept {
    switch (error.code) {
    case Errc::usage: return exit_usage;
    case Errc::not_found:
    case Errc::permission_denied:
    case Errc::busy:
    case Errc::nack:
    case Errc::io:
    case Errc::timeout:
    case Errc::truncated:
    case Errc::unsupported:
    case Errc::cancelled: return exit_unreadable;
    case Errc::bad_format:
    case Errc::signature_invalid:
    case Errc::untrusted_key:
    case Errc::db:
    case Errc::internal: return exit_registry;
    }
    return exit_registry;
}

}  // namespace dimmguard::engine
