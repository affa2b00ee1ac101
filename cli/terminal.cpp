// SPDX-License-Identifier: GPL-3.0-or-later
// The terminal filter behind stdout / stderr: glibc's fopencookie() streams that pass every
// write through dimmguard::TerminalFilter to the original stream. No iostreams here: the static
// `dimmguard` links this file alone (std::cout and std::cerr follow in terminal_streams.cpp).
#include "terminal.hpp"

#include <string>

#include "dimmguard/text.hpp"

namespace dimmguard::cli {
namespace {

struct Filtered {
    std::FILE* target = nullptr;
    TerminalFilter filter;
};

// Never destroyed: glibc flushes the streams after every static destructor has run.
Filtered* out_state = nullptr;
Filtered* err_state = nullptr;
std::FILE* original_out = stdout;
std::FILE* original_err = stderr;

ssize_t filtered_write(void* cookie, const char* data, std::size_t size) {
    auto* f = static_cast<Filtered*>(cookie);
    const std::string safe = f->filter.feed(std::string_view(data, size));
    if (!safe.empty() && std::fwrite(safe.data(), 1, safe.size(), f->target) != safe.size()) return -1;
    std::fflush(f->target);
    return static_cast<ssize_t>(size);
}

int filtered_close(void* cookie) {
    auto* f = static_cast<Filtered*>(cookie);
    const std::string tail = f->filter.finish();
    if (!tail.empty()) std::fwrite(tail.data(), 1, tail.size(), f->target);
    return std::fflush(f->target);
}

std::FILE* make(Filtered& state, std::FILE* target) {
    state.target = target;
    cookie_io_functions_t io{};
    io.write = filtered_write;
    io.close = filtered_close;
    std::FILE* f = ::fopencookie(&state, "w", io);
    return f != nullptr ? f : target;
}

bool installed = false;

}  // namespace

void install_stdio_terminal_filter() {
    if (installed) return;
    installed = true;
    original_out = stdout;
    original_err = stderr;
    out_state = new Filtered;
    err_state = new Filtered;
    std::FILE* out = make(*out_state, original_out);
    std::FILE* err = make(*err_state, original_err);
    std::setvbuf(err, nullptr, _IONBF, 0);
    stdout = out;
    stderr = err;
}

std::FILE* raw_stdout() {
    std::fflush(stdout);   // keep the order of what was printed before
    return original_out;
}

std::FILE* raw_stderr() {
    std::fflush(stderr);
    return original_err;
}

}  // namespace dimmguard::cli
