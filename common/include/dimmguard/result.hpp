// SPDX-License-Identifier: GPL-3.0-or-later
// Result<T> = tl::expected<T, Error> (std::expected is C++23), plus context helpers.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

#include "dimmguard/error.hpp"

namespace dimmguard {

template <class T>
using Result = tl::expected<T, Error>;

/// Build a failed Result of any type: `return fail(Errc::io, "i2c-1: ...");`
[[nodiscard]] inline tl::unexpected<Error> fail(Errc code, std::string message) {
    return tl::unexpected<Error>(Error{code, std::move(message)});
}

/// Prefix an error's message with where it happened, as each layer passes it up
/// ("slot 0x52: nack at byte 0x7e"). Successful results pass through unchanged.
template <class T>
[[nodiscard]] Result<T> with_context(Result<T> result, std::string_view context) {
    if (!result) {
        result.error().message = std::string(context) + ": " + result.error().message;
    }
    return result;
}

}  // namespace dimmguard
