// SPDX-License-Identifier: GPL-3.0-or-later
// The one error type every dimmguard library returns: a closed code plus a message.
#pragma once

#include <string>
#include <string_view>

namespace dimmguard {

/// What kind of failure an Error reports; callers branch on this, users read the message.
enum class Errc {
    usage,
    not_found,
    permission_denied,
    busy,
    nack,
    io,
    timeout,
    truncated,
    bad_format,
    unsupported,
    signature_invalid,
    untrusted_key,
    db,
    cancelled,  ///< the caller asked to stop (a cancelled inspection judges and records nothing)
    internal,
};

/// "Could not get an answer": never used for a suspect module (that is a finding).
struct Error {
    Errc code = Errc::internal;
    std::string message;  ///< lower-case, no full stop, names the object: "i2c-1 0x52: nack at byte 0x7e"
};

/// Stable lower-case name of an error code, for JSON and logs.
[[nodiscard]] constexpr std::string_view errc_name(Errc code) noexcept {
    switch (code) {
    case Errc::usage: return "usage";
    case Errc::not_found: return "not_found";
    case Errc::permission_denied: return "permission_denied";
    case Errc::busy: return "busy";
    case Errc::nack: return "nack";
    case Errc::io: return "io";
    case Errc::timeout: return "timeout";
    case Errc::truncated: return "truncated";
    case Errc::bad_format: return "bad_format";
    case Errc::unsupported: return "unsupported";
    case Errc::signature_invalid: return "signature_invalid";
    case Errc::untrusted_key: return "untrusted_key";
    case Errc::db: return "db";
    case Errc::cancelled: return "cancelled";
    case Errc::internal: return "internal";
    }
    return "internal";
}

}  // namespace dimmguard
