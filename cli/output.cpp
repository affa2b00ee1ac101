// SPDX-License-Identifier: GPL-3.0-or-later
// Terminal output helpers shared by the commands.
#include "output.hpp"

#include "commands.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <span>

#include "dimmguard/text.hpp"
#include "firmware_io/dump_file.hpp"
#include "terminal.hpp"

namespace dimmguard::cli {

StderrProgress::StderrProgress() : tty_(isatty(STDERR_FILENO) != 0) {}

StderrProgress::~StderrProgress() { clear(); }

engine::ProgressCallback StderrProgress::callback() {
    if (!tty_) return {};
    return [this](const engine::ProgressEvent& e) {
        std::string line;
        switch (e.phase) {
        case engine::ProgressEvent::Phase::opening_registry: line = "opening the registry"; break;
        case engine::ProgressEvent::Phase::reading: line = "reading " + e.what; break;
        case engine::ProgressEvent::Phase::checking:
            line = "checking " + e.what + " (" + std::to_string(e.done + 1) + "/" + std::to_string(e.total) + ")";
            break;
        }
        std::fprintf(raw_stderr(), "\r\033[K%s", terminal_safe(line, true).c_str());
        std::fflush(raw_stderr());
        shown_ = true;
    };
}

void StderrProgress::clear() {
    if (!shown_) return;
    std::fprintf(raw_stderr(), "\r\033[K");
    std::fflush(raw_stderr());
    shown_ = false;
}

Result<db::PublicKey> public_key_argument(const std::string& argument) {
    return std::filesystem::exists(argument) || argument.size() != 64 ? db::PublicKey::load_pem(argument) : db::PublicKey::from_hex(argument);
}

Result<void> write_file_atomically(const std::string& path, const std::string& text) {
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    return firmware_io::write_raw_dump(path, bytes);
}

firmware_io::AcquireSource source_from_flags(const std::vector<std::string>& files, int bus, bool all, const std::string& bench,
                                             const std::string& replay, const std::string& sysfs_root, const std::string& dev_root) {
    using Kind = firmware_io::AcquireSource::Kind;
    firmware_io::AcquireSource source;
    if (!files.empty()) {
        source.kind = Kind::files;
        for (const auto& f : files) source.files.emplace_back(f);
    } else if (!bench.empty()) {
        source.kind = Kind::bench;
        source.bench = bench;
    } else if (!replay.empty()) {
        source.kind = Kind::replay;
        source.trace = replay;
    } else if (bus >= 0) {
        source.kind = Kind::bus;
        source.bus = bus;
    } else if (all) {
        source.kind = Kind::all;
    }
    source.sysfs_root = sysfs_root;
    source.dev_root = dev_root;
    return source;
}

}  // namespace dimmguard::cli
