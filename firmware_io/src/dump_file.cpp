// SPDX-License-Identifier: GPL-3.0-or-later
// Dump-file source: detects raw vs text dumps and parses i2cdump / plain hex strictly.
#include "firmware_io/dump_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dimmguard::firmware_io {
namespace {

bool valid_image_size(std::size_t n) { return n == 256 || n == 512 || n == 1024; }

std::string size_error(std::size_t n, std::string_view kind) {
    return std::string(kind) + " of " + std::to_string(n) + " bytes; expected 256, 512 or 1024";
}

// Byte classes for the text scanners, one table lookup per byte: hex digits carry their value
// (0-15); the others are text (TAB, LF, CR, printable ASCII), blank (space, TAB, CR; also text)
// or binary.
constexpr std::uint8_t binary_byte = 0x10;
constexpr std::uint8_t text_byte = 0x20;
constexpr std::uint8_t blank_byte = 0x40 | text_byte;

constexpr std::array<std::uint8_t, 256> byte_class = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned c = 0; c < 256; ++c) {
        if (c >= '0' && c <= '9') t[c] = static_cast<std::uint8_t>(c - '0');
        else if (c >= 'a' && c <= 'f') t[c] = static_cast<std::uint8_t>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') t[c] = static_cast<std::uint8_t>(c - 'A' + 10);
        else if (c == ' ' || c == '\t' || c == '\r') t[c] = blank_byte;
        else if (c == '\n' || (c >= 0x20 && c < 0x7f)) t[c] = text_byte;
        else t[c] = binary_byte;
    }
    return t;
}();

constexpr std::uint8_t class_of(char c) noexcept { return byte_class[static_cast<unsigned char>(c)]; }

/// Space, TAB or CR: what separates the tokens of a line.
constexpr bool is_blank(char c) noexcept { return class_of(c) == blank_byte; }

bool is_text(std::span<const std::uint8_t> content) {
    std::uint8_t any = 0;
    for (const std::uint8_t b : content) any |= byte_class[b];
    return (any & binary_byte) == 0;
}

int hex_value(char c) {
    const std::uint8_t k = class_of(c);
    return k < 16 ? k : -1;
}

bool parse_hex_number(std::string_view s, unsigned long& out) {
    if (s.starts_with("0x") || s.starts_with("0X")) s.remove_prefix(2);
    if (s.empty() || s.size() > 8) return false;
    unsigned long v = 0;
    for (char c : s) {
        const int d = hex_value(c);
        if (d < 0) return false;
        v = v * 16 + static_cast<unsigned long>(d);
    }
    out = v;
    return true;
}

// Appends the whitespace-separated tokens of `line` to `out` (callers reuse one vector, so a
// batch decode does not allocate per line).
void split_ws(std::string_view line, std::vector<std::string_view>& out) {
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_blank(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !is_blank(line[i])) ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
}

// i2cdump's column header: "     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f    0123456789abcdef"
bool is_i2cdump_header(const std::vector<std::string_view>& tokens) {
    if (tokens.size() < 16) return false;
    static constexpr const char* columns[] = {"0", "1", "2", "3", "4", "5", "6", "7",
                                              "8", "9", "a", "b", "c", "d", "e", "f"};
    for (std::size_t i = 0; i < 16; ++i) {
        if (tokens[i] != columns[i]) return false;
    }
    return true;
}

// The common line of a plain hex dump, "OFFSET: hh hh ..." or "hh hh ...", parsed in one pass
// straight into `bytes`. Returns false, with `bytes` as it was, for any other line (comments,
// i2cdump headers, bad tokens, an offset out of sequence, more than 1024 bytes): the general
// path below then parses it and names the problem, so both paths accept exactly the same text.
bool plain_hex_line(std::string_view line, std::vector<std::uint8_t>& bytes) {
    const char* p = line.data();
    const char* const end = p + line.size();
    while (p != end && is_blank(*p)) ++p;
    if (p == end || *p == '#') return false;
    const std::size_t before = bytes.size();
    const char* q = p;
    while (q != end && !is_blank(*q)) ++q;
    if (q[-1] == ':') {   // the offset token
        unsigned long offset = 0;
        if (!parse_hex_number(std::string_view(p, static_cast<std::size_t>(q - 1 - p)), offset) || offset != before) {
            return false;
        }
        p = q;
    }
    std::uint8_t parsed[1024];
    std::size_t n = 0;
    const std::size_t room = 1024 - std::min<std::size_t>(before, 1024);
    for (;;) {
        // The usual spacing, " hh" after " hh", in one step per byte.
        while (end - p >= 3 && p[0] == ' ' && n != room) {
            const std::uint8_t h = class_of(p[1]);
            const std::uint8_t l = class_of(p[2]);
            if ((h | l) >= 16 || (end - p > 3 && !is_blank(p[3]))) break;
            parsed[n++] = static_cast<std::uint8_t>(h << 4 | l);
            p += 3;
        }
        while (p != end && is_blank(*p)) ++p;
        if (p == end) break;
        // A token of exactly two hex digits: two digit classes, then a blank or the end.
        if (end - p < 2 || n == room) return false;
        const std::uint8_t h = class_of(p[0]);
        const std::uint8_t l = class_of(p[1]);
        if ((h | l) >= 16 || (end - p > 2 && !is_blank(p[2]))) return false;
        parsed[n++] = static_cast<std::uint8_t>(h << 4 | l);
        p += 2;
    }
    bytes.insert(bytes.end(), parsed, parsed + n);
    return true;
}

std::string line_prefix(std::size_t number) { return "line " + std::to_string(number) + ": "; }

Result<DumpImage> parse_text(std::string_view text) {
    DumpImage image;
    image.format = DumpFormat::hex;
    image.bytes.reserve(1024);
    bool i2cdump = false;
    std::size_t number = 0;
    std::size_t pos = 0;
    std::vector<std::string_view> tokens;
    tokens.reserve(48);
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++number;
        if (!i2cdump && plain_hex_line(line, image.bytes)) {
            if (end == text.size()) break;
            continue;
        }
        tokens.clear();
        split_ws(line, tokens);
        if (tokens.empty() || tokens.front().starts_with("#")) {
            if (end == text.size()) break;
            continue;
        }
        if (is_i2cdump_header(tokens)) {
            i2cdump = true;
            image.format = DumpFormat::i2cdump;
            continue;
        }
        std::size_t first = 0;
        if (tokens.front().back() == ':') {
            unsigned long offset = 0;
            if (!parse_hex_number(tokens.front().substr(0, tokens.front().size() - 1), offset)) {
                return fail(Errc::bad_format, line_prefix(number) + "'" + std::string(tokens.front()) +
                                                  "' is not a hex offset");
            }
            if (offset != image.bytes.size()) {
                char buf[96];
                std::snprintf(buf, sizeof buf, "offset 0x%lx does not follow the previous line (expected 0x%zx)",
                              offset, image.bytes.size());
                return fail(Errc::bad_format, line_prefix(number) + buf);
            }
            first = 1;
        }
        if (i2cdump && first == 1) {
            // i2cdump ends the byte columns with a blank gap before its ASCII column, whose text
            // (spaces included) can look like hex bytes ("ab"). Read bytes only up to that gap,
            // so a short row (`i2cdump -r`) is reported instead of taking ASCII text as data.
            const auto bytes_start = static_cast<std::size_t>(tokens.front().data() + tokens.front().size() - line.data());
            const std::size_t gap = line.find("   ", bytes_start);
            tokens.resize(1);
            split_ws(line.substr(bytes_start, gap == std::string_view::npos ? gap : gap - bytes_start), tokens);
        }
        const std::size_t limit = i2cdump ? std::min(tokens.size(), first + 16) : tokens.size();
        if (i2cdump && tokens.size() < first + 16) {
            return fail(Errc::truncated, line_prefix(number) + "i2cdump row has " +
                                             std::to_string(tokens.size() - first) + " of 16 bytes");
        }
        for (std::size_t i = first; i < limit; ++i) {
            const std::string_view tok = tokens[i];
            if (tok.size() == 2) {   // the usual case: two hex digits
                const int h = hex_value(tok[0]);
                const int l = hex_value(tok[1]);
                if (h >= 0 && l >= 0 && image.bytes.size() < 1024) {
                    image.bytes.push_back(static_cast<std::uint8_t>(h * 16 + l));
                    continue;
                }
            }
            if (tok == "XX" || tok == "xx") {
                char buf[96];
                std::snprintf(buf, sizeof buf, "byte 0x%02zx could not be read when the dump was taken (XX)",
                              image.bytes.size());
                return fail(Errc::bad_format, line_prefix(number) + buf);
            }
            const int hi = tok.size() == 2 ? hex_value(tok[0]) : -1;
            const int lo = tok.size() == 2 ? hex_value(tok[1]) : -1;
            if (hi < 0 || lo < 0) {
                return fail(Errc::bad_format, line_prefix(number) + "'" + std::string(tok) + "' is not a hex byte");
            }
            image.bytes.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
            if (image.bytes.size() > 1024) {
                return fail(Errc::bad_format, line_prefix(number) + "more than 1024 bytes of hex data");
            }
        }
        if (end == text.size()) break;
    }
    if (image.bytes.empty()) return fail(Errc::bad_format, "no hex data found");
    if (!valid_image_size(image.bytes.size())) {
        return fail(Errc::truncated, size_error(image.bytes.size(), "hex dump"));
    }
    return image;
}

}  // namespace

std::string_view dump_format_name(DumpFormat format) noexcept {
    switch (format) {
    case DumpFormat::raw: return "raw";
    case DumpFormat::i2cdump: return "i2cdump";
    case DumpFormat::hex: return "hex";
    }
    return "raw";
}

Result<DumpImage> parse_dump(std::span<const std::uint8_t> content) {
    if (content.empty()) return fail(Errc::truncated, "empty file");
    if (!is_text(content)) {
        if (!valid_image_size(content.size())) return fail(Errc::truncated, size_error(content.size(), "raw dump"));
        return DumpImage{std::vector<std::uint8_t>(content.begin(), content.end()), DumpFormat::raw};
    }
    const std::string_view text(reinterpret_cast<const char*>(content.data()), content.size());
    return parse_text(text);
}

Result<DumpImage> read_dump_file(const std::string& name) {
    // Plain POSIX I/O: open + fstat + read, a handful of system calls per file (batch decodes).
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) return fail(Errc::not_found, name + ": no such file");
        if (err == EACCES || err == EPERM) return fail(Errc::permission_denied, name + ": permission denied");
        return fail(Errc::io, name + ": cannot open (" + std::strerror(err) + ")");
    }
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st{};
    if (::fstat(fd, &st) != 0) return fail(Errc::io, name + ": cannot stat (" + std::strerror(errno) + ")");
    if (S_ISDIR(st.st_mode)) return fail(Errc::bad_format, name + ": is a directory, not a dump file");
    std::vector<std::uint8_t> content;
    content.reserve(S_ISREG(st.st_mode) ? std::min<std::size_t>(static_cast<std::size_t>(st.st_size), max_dump_file_bytes + 1) : 4096);
    std::array<std::uint8_t, 4096> buffer{};
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR) continue;
            if (errno == EISDIR) return fail(Errc::bad_format, name + ": is a directory, not a dump file");
            return fail(Errc::io, name + ": read error (" + std::strerror(errno) + ")");
        }
        if (got == 0) break;
        content.insert(content.end(), buffer.begin(), buffer.begin() + got);
        if (content.size() > max_dump_file_bytes) {
            return fail(Errc::bad_format, name + ": larger than " + std::to_string(max_dump_file_bytes) +
                                              " bytes, not an SPD dump");
        }
        // A regular file read to the size fstat gave is whole: no read to see the end.
        if (S_ISREG(st.st_mode) && st.st_size > 0 && content.size() == static_cast<std::size_t>(st.st_size)) break;
    }
    return with_context(parse_dump(content), name);
}

}  // namespace dimmguard::firmware_io
