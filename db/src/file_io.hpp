// SPDX-License-Identifier: GPL-3.0-or-later
// Atomic small-file writes for the db library (keys, the trusted state).
#pragma once

#include <filesystem>
#include <string_view>
#include <sys/types.h>

#include "dimmguard/result.hpp"

namespace dimmguard::db::detail {

/// Write `data` to a temporary file beside `path` with `mode`, fsync it, then publish it:
/// rename() when `overwrite`, else link() (Errc::usage when `path` exists). Never leaves a
/// half-written `path`.
[[nodiscard]] Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view data, mode_t mode, bool overwrite);

}  // namespace dimmguard::db::detail
