// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: a recorded bus trace (`scan --trace` output, `verify --replay FILE`), replayed
// as the bus through the real reader, and every module read from it decoded. The input lives
// in a memfd so no file is written per run.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "firmware_io/acquire.hpp"
#include "verifier/spd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const int fd = ::memfd_create("fuzz-trace", 0);
    if (fd < 0) return 0;
    if (::ftruncate(fd, 0) != 0) return 0;
    if (size > 0 && ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
    dimmguard::firmware_io::AcquireSource source;
    source.kind = dimmguard::firmware_io::AcquireSource::Kind::replay;
    source.trace = "/proc/self/fd/" + std::to_string(fd);
    auto modules = dimmguard::firmware_io::acquire(source);
    if (!modules) return 0;
    for (const auto& m : *modules) {
        if (m.read) (void)dimmguard::verifier::decode_spd(m.read->image);
    }
    return 0;
}
