// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a raw dump file atomically. Apart from dump_file.cpp, so that reading dumps (the
// static `dimmguard`) links no std::filesystem (with it come the locale facets and their
// start-up).
#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "firmware_io/dump_file.hpp"

namespace dimmguard::firmware_io {

Result<void> write_raw_dump(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
    const std::string name = path.string();
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string tmpl = dir.string();
    tmpl += "/.";
    tmpl += path.filename().string();
    tmpl += ".XXXXXX";
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return fail(Errc::io, name + ": cannot create a temporary file (" + std::strerror(errno) + ")");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmpl.c_str());
            return fail(Errc::io, name + ": write failed (" + why + ")");
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fchmod(fd, 0644) == 0 && ::fsync(fd) == 0;
    const std::string sync_error = synced ? std::string() : std::strerror(errno);
    if (::close(fd) != 0 || !synced) {
        const std::string why = synced ? std::string(std::strerror(errno)) : sync_error;
        ::unlink(tmpl.c_str());
        return fail(Errc::io, name + ": write failed (" + why + ")");
    }
    if (::rename(tmpl.c_str(), name.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return fail(Errc::io, name + ": cannot replace (" + why + ")");
    }
    return {};
}

}  // namespace dimmguard::firmware_io
