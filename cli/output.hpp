// SPDX-License-Identifier: GPL-3.0-or-later
// What every `dimmguard` command shares for its terminal output: the progress line on stderr,
// whether to colour stdout, atomic report files, and the source chosen by flags.
#pragma once

#include <string>
#include <vector>

#include "db/keys.hpp"
#include "dimmguard/result.hpp"
#include "engine/session.hpp"

namespace dimmguard::cli {

/// Progress on stderr as one line rewritten in place, only when stderr is a terminal; clear()
/// removes it before the results are printed.
class StderrProgress {
public:
    StderrProgress();
    ~StderrProgress();
    StderrProgress(const StderrProgress&) = delete;
    StderrProgress& operator=(const StderrProgress&) = delete;
    [[nodiscard]] engine::ProgressCallback callback();
    void clear();

private:
    bool tty_ = false;
    bool shown_ = false;
};

/// Write `text` to `path` through a temporary file in the same folder and a rename, so a
/// failed write never leaves a half-written file. Errc::io naming the problem.
[[nodiscard]] Result<void> write_file_atomically(const std::string& path, const std::string& text);

/// A public key given on the command line: a PEM file, or the 64 hex digits of the raw key.
[[nodiscard]] Result<db::PublicKey> public_key_argument(const std::string& argument);

/// The source the flags name (exactly one is set; the caller checks).
[[nodiscard]] firmware_io::AcquireSource source_from_flags(const std::vector<std::string>& files, int bus, bool all,
                                                           const std::string& bench, const std::string& replay,
                                                           const std::string& sysfs_root, const std::string& dev_root);

}  // namespace dimmguard::cli
