// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard decode` once its command line is read: by the static `dimmguard` itself for the
// plain form, by register_decode's parser (commands/decode.cpp) for the rest.
#pragma once

#include <string>
#include <vector>

namespace dimmguard::cli {

/// Decodes `files` and prints them (text, or one JSON document when `json`); returns the exit
/// status (0, or exit_unreadable when any file could not be read or decoded).
int run_decode_files(const std::vector<std::string>& files, bool json);

}  // namespace dimmguard::cli
