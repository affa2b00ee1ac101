// SPDX-License-Identifier: GPL-3.0-or-later
// The one way to read a small input file that someone else wrote (policy, key, trust document,
// labels CSV, SMBIOS text, bench file, synthesizer spec): one message and one error code per way
// it can be unusable, so every command reports a missing file, a directory or an unreadable file
// alike (exit status 2) and never throws.
#pragma once

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "dimmguard/result.hpp"

namespace dimmguard {

/// Read all of `path`. Errors, each naming the path: Errc::not_found "no such file",
/// Errc::io "is a directory, expected a file" / "is not a regular file" / read error,
/// Errc::permission_denied "cannot open (Permission denied)", Errc::bad_format when it holds
/// more than `max_bytes`. Character devices and FIFOs (/dev/stdin) are read as a stream,
/// up to `max_bytes`.
[[nodiscard]] inline Result<std::string> read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes = 64ULL << 20) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return fail(ec && ec != std::errc::no_such_file_or_directory ? Errc::io : Errc::not_found, path.string() + ": no such file");
    }
    if (std::filesystem::is_directory(status)) return fail(Errc::io, path.string() + ": is a directory, expected a file");
    const bool regular = std::filesystem::is_regular_file(status);
    const bool stream = std::filesystem::is_character_file(status) || std::filesystem::is_fifo(status);
    if (!regular && !stream) return fail(Errc::io, path.string() + ": is not a regular file");
    if (regular) {
        const auto size = std::filesystem::file_size(path, ec);
        if (!ec && size > max_bytes) {
            return fail(Errc::bad_format, path.string() + ": " + std::to_string(size) + " bytes is larger than the " +
                                              std::to_string(max_bytes) + " this file may have");
        }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int e = errno;
        return fail(e == EACCES || e == EPERM ? Errc::permission_denied : Errc::io,
                    path.string() + ": cannot open (" + std::strerror(e) + ")");
    }
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) {
            return fail(Errc::bad_format, path.string() + ": larger than the " + std::to_string(max_bytes) + " bytes this file may have");
        }
    }
    if (in.bad()) return fail(Errc::io, path.string() + ": read failed");
    return text;
}

}  // namespace dimmguard
