// SPDX-License-Identifier: GPL-3.0-or-later
// Signed bundles: canonical text format, streaming reader, signing writer, record codecs.
#include "db/bundle.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/sqlite_registry.hpp"
#include "text.hpp"

namespace dimmguard::db {
namespace {

constexpr std::array<std::uint8_t, 256> make_lower_hex_table() {
    std::array<std::uint8_t, 256> t{};
    for (auto& v : t) v = 1;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = 0;
    for (int c = 'a'; c <= 'f'; ++c) t[static_cast<std::size_t>(c)] = 0;
    return t;
}
constexpr auto not_lower_hex = make_lower_hex_table();

/// Branch-free: this runs over every record signature of every import (128 M characters
/// per million records), where std::all_of with a lambda was the largest cost.
bool is_lower_hex(std::string_view s) noexcept {
    unsigned bad = 0;
    for (char c : s) bad |= not_lower_hex[static_cast<unsigned char>(c)];
    return bad == 0;
}

bool is_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Canonical unsigned decimal: digits, no leading zero (except "0"), fits in 63 bits.
std::optional<std::uint64_t> parse_decimal(std::string_view s) noexcept {
    if (!is_digits(s) || (s.size() > 1 && s[0] == '0') || s.size() > 18) return std::nullopt;
    std::uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

using detail::split;

std::string join(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out.push_back(sep);
        out += items[i];
    }
    return out;
}

/// Comma-separated list of lower-case hex tokens of `width` digits; empty string = empty list.
Result<std::vector<std::string>> parse_hex_list(std::string_view s, std::size_t width, std::string_view what) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    for (auto item : split(s, ',')) {
        if (item.size() != width || !is_lower_hex(item)) {
            return fail(Errc::bad_format, std::string(what) + " '" + std::string(item) + "' is not " + std::to_string(width) +
                                              " lower-case hex digits");
        }
        out.emplace_back(item);
    }
    return out;
}

bool is_week_date(std::string_view s) noexcept {
    // "2021-W01"
    return s.size() == 8 && is_digits(s.substr(0, 4)) && s[4] == '-' && s[5] == 'W' && is_digits(s.substr(6, 2)) &&
           s.substr(6, 2) >= "01" && s.substr(6, 2) <= "53";
}

bool is_type_token(std::string_view s) noexcept {
    return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

int days_in_month(int year, int month) noexcept {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}

int to_int(std::string_view s) noexcept {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

// ---- roles and time ---------------------------------------------------------------------

bool is_role(std::string_view role) noexcept {
    return std::find(std::begin(role_names), std::end(role_names), role) != std::end(role_names);
}

bool is_trust_role(std::string_view role) noexcept { return is_role(role) || role == qa_role; }

std::string_view record_type_for_role(std::string_view role) noexcept {
    if (role == "parts") return "part";
    if (role == "serials") return "serial";
    if (role == "revocations") return "revocation";
    if (role == "station") return "sighting";
    return {};
}

bool is_rfc3339_utc(std::string_view t) noexcept {
    // YYYY-MM-DDTHH:MM:SSZ
    if (t.size() != 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != 'Z') return false;
    for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U, 11U, 12U, 14U, 15U, 17U, 18U}) {
        if (t[i] < '0' || t[i] > '9') return false;
    }
    const int year = to_int(t.substr(0, 4)), month = to_int(t.substr(5, 2)), day = to_int(t.substr(8, 2));
    const int hour = to_int(t.substr(11, 2)), minute = to_int(t.substr(14, 2)), second = to_int(t.substr(17, 2));
    return year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month) && hour <= 23 &&
           minute <= 59 && second <= 59;
}

Result<std::string> normalize_time(std::string_view text, std::string_view what) {
    std::string t(text);
    if (t.size() == 10) t += "T00:00:00Z";
    if (!is_rfc3339_utc(t)) {
        return fail(Errc::usage, std::string(what) + " '" + std::string(text) +
                                     "' is not a UTC time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
    }
    return t;
}

// utc_now() (db/sqlite_registry.hpp) is defined in station_log.cpp.

// ---- field encoding -------------------------------------------------------------------

std::string encode_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '%': out += "%25"; break;
        case '\t': out += "%09"; break;
        case '\n': out += "%0A"; break;
        case '\r': out += "%0D"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

Result<std::string> decode_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\t' || c == '\n' || c == '\r') return fail(Errc::bad_format, "raw control character in a field");
        if (c != '%') {
            out.push_back(c);
            continue;
        }
        const std::string_view esc = text.substr(i + 1, 2);
        if (esc == "25") out.push_back('%');
        else if (esc == "09") out.push_back('\t');
        else if (esc == "0A") out.push_back('\n');
        else if (esc == "0D") out.push_back('\r');
        else return fail(Errc::bad_format, "bad escape '%" + std::string(esc) + "' (only %25 %09 %0A %0D)");
        i += 2;
    }
    return out;
}

// ---- header ---------------------------------------------------------------------------

std::string BundleHeader::line() const {
    std::string s = "header";
    s += "\tpublisher=" + publisher;
    s += "\tpublic_key=" + public_key.hex();
    s += "\trole=" + role;
    s += "\tversion=" + std::to_string(version);
    s += "\tcreated=" + created;
    s += "\texpires=" + expires;
    s += "\trecords=" + std::to_string(records);
    s += "\tdigest=" + digest;
    return s;
}

Result<BundleHeader> BundleHeader::parse(std::string_view line) {
    static constexpr std::string_view keys[] = {"publisher", "public_key", "role", "version", "created", "expires", "records", "digest"};
    const auto parts = split(line, '\t');
    if (parts.empty() || parts[0] != "header") return fail(Errc::bad_format, "header: line 2 must start with 'header'");
    if (parts.size() != 1 + std::size(keys)) {
        return fail(Errc::bad_format, "header: expected " + std::to_string(std::size(keys)) + " fields, found " +
                                          std::to_string(parts.size() - 1));
    }
    std::string_view values[std::size(keys)];
    for (std::size_t i = 0; i < std::size(keys); ++i) {
        const auto field = parts[i + 1];
        if (field.size() <= keys[i].size() || field.substr(0, keys[i].size()) != keys[i] || field[keys[i].size()] != '=') {
            return fail(Errc::bad_format, "header: field " + std::to_string(i + 1) + " must be " + std::string(keys[i]) + "=...");
        }
        values[i] = field.substr(keys[i].size() + 1);
    }
    BundleHeader h;
    auto key = PublicKey::from_hex(values[1]);
    if (!key || !is_lower_hex(values[1])) return fail(Errc::bad_format, "header: public_key is not 64 lower-case hex digits of an Ed25519 key");
    h.public_key = *key;
    h.publisher = std::string(values[0]);
    if (h.publisher != key->id()) return fail(Errc::bad_format, "header: publisher " + h.publisher + " is not the key id of public_key (" + key->id() + ")");
    h.role = std::string(values[2]);
    if (!is_role(h.role)) return fail(Errc::bad_format, "header: unknown role '" + h.role + "'");
    const auto version = parse_decimal(values[3]);
    if (!version || *version == 0) return fail(Errc::bad_format, "header: version must be a positive integer");
    h.version = static_cast<std::int64_t>(*version);
    h.created = std::string(values[4]);
    h.expires = std::string(values[5]);
    if (!is_rfc3339_utc(h.created)) return fail(Errc::bad_format, "header: created is not YYYY-MM-DDTHH:MM:SSZ");
    if (!is_rfc3339_utc(h.expires)) return fail(Errc::bad_format, "header: expires is not YYYY-MM-DDTHH:MM:SSZ");
    if (h.expires <= h.created) return fail(Errc::bad_format, "header: expires is not after created");
    const auto records = parse_decimal(values[6]);
    if (!records) return fail(Errc::bad_format, "header: records must be a non-negative integer");
    h.records = *records;
    h.digest = std::string(values[7]);
    if (h.digest.size() != 64 || !is_lower_hex(h.digest)) return fail(Errc::bad_format, "header: digest is not 64 lower-case hex digits");
    if (h.line() != line) return fail(Errc::bad_format, "header: not in canonical form");
    return h;
}

// ---- records --------------------------------------------------------------------------

std::string record_signing_message(std::string_view signed_text) {
    std::string m;
    m.reserve(record_signing_prefix.size() + signed_text.size());
    m += record_signing_prefix;
    m += signed_text;
    return m;
}

namespace {

/// Syntax shared by every record line; returns (signed_text, signature_hex, type).
Result<BundleReader::RawRecord> split_record_line(std::string_view line) {
    // The signature is always the last 128 characters: look there first (a backward scan of
    // every line showed up in the import profile).
    const std::size_t last_tab = line.size() > 128 && line[line.size() - 129] == '\t' ? line.size() - 129 : line.rfind('\t');
    if (last_tab == std::string_view::npos) return fail(Errc::bad_format, "record has no signature field");
    const std::string_view sig = line.substr(last_tab + 1);
    if (sig.size() != 128 || !is_lower_hex(sig)) return fail(Errc::bad_format, "record signature is not 128 lower-case hex digits");
    const std::string_view text = line.substr(0, last_tab);
    const std::size_t first_tab = text.find('\t');
    const std::string_view type = text.substr(0, first_tab);
    if (!is_type_token(type)) return fail(Errc::bad_format, "record type '" + std::string(type.substr(0, 32)) + "' is not a lower-case word");
    if (first_tab == std::string_view::npos) return fail(Errc::bad_format, "record " + std::string(type) + " has no fields");
    if (text.find('\r') != std::string_view::npos) return fail(Errc::bad_format, "record " + std::string(type) + " contains a carriage return");
    return BundleReader::RawRecord{text, sig, type};
}

/// Fast canonical check of "serial TAB identity TAB part" (one million per import).
Result<void> check_serial_text(std::string_view text) {
    // identity: 4-2-4-8 lower hex
    if (text.size() < 7 + 21 + 2 || text.substr(0, 7) != "serial\t") return fail(Errc::bad_format, "not a serial record");
    const std::string_view id = text.substr(7, 21);
    static constexpr std::size_t dashes[] = {4, 7, 12};
    for (std::size_t i = 0; i < id.size(); ++i) {
        const char c = id[i];
        const bool dash = std::find(std::begin(dashes), std::end(dashes), i) != std::end(dashes);
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return fail(Errc::bad_format, "serial record: identity '" + std::string(id) + "' is not MAKER-LOC-DATE-SERIAL in lower-case hex");
        }
    }
    if (text[28] != '\t') return fail(Errc::bad_format, "serial record: identity must be followed by the part number");
    const std::string_view part = text.substr(29);
    if (part.empty()) return fail(Errc::bad_format, "serial record: empty part number");
    if (part.find('\t') != std::string_view::npos) return fail(Errc::bad_format, "serial record: expected 3 fields");
    if (part.find('%') != std::string_view::npos) {
        auto d = decode_field(part);
        if (!d) return fail(Errc::bad_format, "serial record: part number: " + d.error().message);
    }
    return {};
}

}  // namespace

Result<BundleRecord> BundleRecord::parse(std::string_view line) {
    auto raw = split_record_line(line);
    if (!raw) return tl::unexpected(raw.error());
    BundleRecord r;
    r.type = std::string(raw->type);
    r.signed_text = std::string(raw->signed_text);
    auto sig = signature_from_hex(raw->signature_hex);
    if (!sig) return tl::unexpected(sig.error());
    r.signature = *sig;
    auto parts = split(raw->signed_text, '\t');
    for (std::size_t i = 1; i < parts.size(); ++i) r.fields.emplace_back(parts[i]);
    return r;
}

std::string BundleRecord::line() const { return signed_text + "\t" + signature_hex(signature); }

bool BundleRecord::verify(const PublicKey& key) const { return key.verify(record_signing_message(signed_text), signature); }

std::string encode_part(const verifier::PartRecord& p) {
    std::string s = "part";
    auto add = [&s](std::string_view v) {
        s.push_back('\t');
        s += v;
    };
    add(encode_field(p.part_number));
    add(join(p.fingerprints, ','));
    add(encode_field(p.memory_type));
    add(encode_field(p.module_type));
    add(std::to_string(p.capacity_bytes));
    add(std::to_string(p.ranks));
    add(std::to_string(p.device_width));
    add(std::to_string(p.die_density_mbit));
    add(std::to_string(p.speed_mts));
    add(join(p.dram_makers, ','));
    add(join(p.hub_vendors, ','));
    add(join(p.pmic_vendors, ','));
    add(join(p.rcd_vendors, ','));
    add(p.date_from);
    add(p.date_to);
    return s;
}

std::string encode_serial(const verifier::SerialRecord& r) {
    return "serial\t" + r.identity.key() + "\t" + encode_field(r.part_number);
}

std::string encode_revocation(const verifier::Revocation& r) {
    return "revocation\t" + r.identity.key() + "\t" + encode_field(r.reason);
}

Result<verifier::PartRecord> decode_part(std::string_view text) {
    const auto f = split(text, '\t');
    if (f.size() != 16 || f[0] != "part") return fail(Errc::bad_format, "part record: expected 'part' and 15 fields, found " + std::to_string(f.size() - 1) + " fields");
    verifier::PartRecord p;
    auto pn = decode_field(f[1]);
    if (!pn || pn->empty()) return fail(Errc::bad_format, "part record: bad part number" + (pn ? std::string() : ": " + pn.error().message));
    p.part_number = *pn;
    const std::string ctx = "part record " + p.part_number + ": ";
    auto fps = parse_hex_list(f[2], 64, "fingerprint");
    if (!fps) return fail(Errc::bad_format, ctx + fps.error().message);
    p.fingerprints = *fps;
    auto mt = decode_field(f[3]);
    auto mod = decode_field(f[4]);
    if (!mt || !mod) return fail(Errc::bad_format, ctx + "bad memory or module type");
    p.memory_type = *mt;
    p.module_type = *mod;
    auto cap = parse_decimal(f[5]);
    if (!cap) return fail(Errc::bad_format, ctx + "capacity_bytes is not a decimal integer");
    p.capacity_bytes = *cap;
    int* ints[] = {&p.ranks, &p.device_width, &p.die_density_mbit, &p.speed_mts};
    static constexpr const char* int_names[] = {"ranks", "device_width", "die_density_mbit", "speed_mts"};
    for (std::size_t i = 0; i < 4; ++i) {
        auto v = parse_decimal(f[6 + i]);
        if (!v || *v > 1'000'000'000) return fail(Errc::bad_format, ctx + int_names[i] + " is not a decimal integer");
        *ints[i] = static_cast<int>(*v);
    }
    std::vector<std::string>* lists[] = {&p.dram_makers, &p.hub_vendors, &p.pmic_vendors, &p.rcd_vendors};
    static constexpr const char* list_names[] = {"dram maker", "hub vendor", "pmic vendor", "rcd vendor"};
    for (std::size_t i = 0; i < 4; ++i) {
        auto l = parse_hex_list(f[10 + i], 4, list_names[i]);
        if (!l) return fail(Errc::bad_format, ctx + l.error().message);
        *lists[i] = *l;
    }
    p.date_from = std::string(f[14]);
    p.date_to = std::string(f[15]);
    if ((!p.date_from.empty() && !is_week_date(p.date_from)) || (!p.date_to.empty() && !is_week_date(p.date_to))) {
        return fail(Errc::bad_format, ctx + "dates must be empty or YYYY-Www");
    }
    if (encode_part(p) != text) return fail(Errc::bad_format, ctx + "not in canonical form");
    return p;
}

Result<verifier::SerialRecord> decode_serial(std::string_view text) {
    if (auto c = check_serial_text(text); !c) return tl::unexpected(c.error());
    verifier::SerialRecord r;
    auto id = verifier::ModuleIdentity::parse(text.substr(7, 21));
    if (!id) return fail(Errc::bad_format, "serial record: " + id.error().message);
    r.identity = *id;
    auto pn = decode_field(text.substr(29));
    if (!pn) return fail(Errc::bad_format, "serial record: " + pn.error().message);
    r.part_number = *pn;
    return r;
}

Result<verifier::Revocation> decode_revocation(std::string_view text) {
    const auto f = split(text, '\t');
    if (f.size() != 3 || f[0] != "revocation") return fail(Errc::bad_format, "revocation record: expected 'revocation', identity and reason");
    verifier::Revocation r;
    auto id = verifier::ModuleIdentity::parse(f[1]);
    if (!id) return fail(Errc::bad_format, "revocation record: " + id.error().message);
    r.identity = *id;
    auto reason = decode_field(f[2]);
    if (!reason) return fail(Errc::bad_format, "revocation record " + r.identity.key() + ": reason: " + reason.error().message);
    r.reason = *reason;
    if (encode_revocation(r) != text) return fail(Errc::bad_format, "revocation record " + r.identity.key() + ": not in canonical form");
    return r;
}

Result<void> check_record_text(std::string_view role, std::string_view text) {
    if (role == "serials") return check_serial_text(text);
    if (role == "parts") {
        auto p = decode_part(text);
        if (!p) return tl::unexpected(p.error());
        return {};
    }
    if (role == "revocations") {
        auto r = decode_revocation(text);
        if (!r) return tl::unexpected(r.error());
        return {};
    }
    // station and future roles: generic syntax only (the station log decodes its records)
    const std::string_view expected = record_type_for_role(role);
    const std::string_view type = text.substr(0, text.find('\t'));
    if (!expected.empty() && type != expected) {
        return fail(Errc::bad_format, "record type '" + std::string(type) + "' in a " + std::string(role) + " bundle (expected " +
                                          std::string(expected) + ")");
    }
    return {};
}

// ---- reader ---------------------------------------------------------------------------

struct BundleReader::Impl {
    std::string name;
    int fd = -1;
    std::vector<char> buffer;      // file mode
    std::string_view text;         // memory mode
    const char* data = nullptr;    // current window
    std::size_t size = 0;
    std::size_t pos = 0;
    bool eof = false;
    std::uint64_t line_number = 0;
    BundleHeader header;
    Signature header_signature{};
    Sha256Stream hash;
    std::uint64_t count = 0;
    bool done = false;
    bool check_records = true;

    ~Impl() {
        if (fd >= 0) ::close(fd);
    }

    Error error(std::string message) const {
        return Error{Errc::bad_format, name + " line " + std::to_string(line_number) + ": " + message};
    }

    /// Next line without its LF; nullopt at a clean end of input. A final line without LF
    /// is a truncation error.
    Result<std::optional<std::string_view>> get_line() {
        for (;;) {
            const char* start = data + pos;
            const void* nl = std::memchr(start, '\n', size - pos);
            if (nl != nullptr) {
                const auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
                pos += len + 1;
                ++line_number;
                return std::optional<std::string_view>(std::string_view(start, len));
            }
            if (fd < 0 || eof) {
                if (pos == size) return std::optional<std::string_view>{};
                ++line_number;
                return tl::unexpected(error("truncated (the last line has no line feed)"));
            }
            // refill: move the partial line to the front, grow when one line fills the buffer
            const std::size_t rest = size - pos;
            if (rest > 0 && pos > 0) std::memmove(buffer.data(), buffer.data() + pos, rest);
            pos = 0;
            size = rest;
            if (size == buffer.size()) {
                if (buffer.size() >= (16U << 20)) return tl::unexpected(error("line longer than 16 MiB"));
                buffer.resize(buffer.size() * 2);
            }
            const ssize_t n = ::read(fd, buffer.data() + size, buffer.size() - size);
            if (n < 0) {
                if (errno == EINTR) continue;
                return fail(Errc::io, name + ": read failed (" + std::strerror(errno) + ")");
            }
            if (n == 0) eof = true;
            size += static_cast<std::size_t>(n);
            data = buffer.data();
        }
    }

    Result<void> read_head() {
        auto l1 = get_line();
        if (!l1) return tl::unexpected(l1.error());
        if (!*l1) return fail(Errc::bad_format, name + ": empty file (not a dimmguard bundle)");
        if (**l1 != bundle_magic) {
            if (**l1 == unsigned_bundle_magic) return tl::unexpected(error("this is an unsigned bundle; sign it with 'dimmguard bundle sign'"));
            return tl::unexpected(error("not a dimmguard bundle (expected '" + std::string(bundle_magic) + "')"));
        }
        auto l2 = get_line();
        if (!l2) return tl::unexpected(l2.error());
        if (!*l2) return tl::unexpected(error("truncated before the header"));
        auto h = BundleHeader::parse(**l2);
        if (!h) return tl::unexpected(error(h.error().message));
        header = std::move(*h);
        const std::string header_line(**l2);
        auto l3 = get_line();
        if (!l3) return tl::unexpected(l3.error());
        if (!*l3) return tl::unexpected(error("truncated before the header signature"));
        const std::string_view sig_line = **l3;
        constexpr std::string_view tag = "header-signature\t";
        if (sig_line.substr(0, tag.size()) != tag) return tl::unexpected(error("expected 'header-signature'"));
        const std::string_view hex = sig_line.substr(tag.size());
        auto sig = signature_from_hex(hex);
        if (!sig || !is_lower_hex(hex)) return tl::unexpected(error("header signature is not 128 lower-case hex digits"));
        header_signature = *sig;
        if (!header.public_key.verify(std::string(header_signing_prefix) + header_line, header_signature)) {
            return tl::unexpected(error("header signature does not verify with the publisher key " + header.publisher));
        }
        return {};
    }

    Result<std::optional<RawRecord>> next_raw() {
        if (done) return std::optional<RawRecord>{};
        auto l = get_line();
        if (!l) return tl::unexpected(l.error());
        if (!*l) {
            done = true;
            return std::optional<RawRecord>{};
        }
        const std::string_view line = **l;
        hash.update(std::string_view(line.data(), line.size() + 1));  // the LF follows in the buffer
        if (++count > header.records) {
            return tl::unexpected(error("more records than the header's " + std::to_string(header.records)));
        }
        if (!check_records) {
            const std::size_t last_tab = line.size() > 128 && line[line.size() - 129] == '\t' ? line.size() - 129 : line.rfind('\t');
            if (last_tab == std::string_view::npos) return tl::unexpected(error("record has no signature field"));
            const std::string_view signed_part = line.substr(0, last_tab);
            return std::optional<RawRecord>(RawRecord{signed_part, line.substr(last_tab + 1), signed_part.substr(0, signed_part.find('\t'))});
        }
        auto raw = split_record_line(line);
        if (!raw) return tl::unexpected(error(raw.error().message));
        if (auto c = check_record_text(header.role, raw->signed_text); !c) return tl::unexpected(error(c.error().message));
        return std::optional<RawRecord>(*raw);
    }
};

BundleReader::BundleReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BundleReader::BundleReader(BundleReader&&) noexcept = default;
BundleReader& BundleReader::operator=(BundleReader&&) noexcept = default;
BundleReader::~BundleReader() = default;

Result<BundleReader> BundleReader::open(const std::filesystem::path& path) {
    auto impl = std::make_unique<Impl>();
    impl->name = path.string();
    impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (impl->fd < 0) {
        const int e = errno;
        return fail(e == ENOENT ? Errc::not_found : (e == EACCES ? Errc::permission_denied : Errc::io),
                    impl->name + ": cannot open (" + std::strerror(e) + ")");
    }
    struct stat st{};
    if (::fstat(impl->fd, &st) == 0 && S_ISDIR(st.st_mode)) return fail(Errc::io, impl->name + ": is a directory");
    impl->buffer.resize(1U << 20);
    impl->data = impl->buffer.data();
    if (auto r = impl->read_head(); !r) return tl::unexpected(r.error());
    return BundleReader(std::move(impl));
}

Result<BundleReader> BundleReader::from_text(std::string_view text, std::string name) {
    auto impl = std::make_unique<Impl>();
    impl->name = std::move(name);
    impl->text = text;
    impl->data = text.data();
    impl->size = text.size();
    if (auto r = impl->read_head(); !r) return tl::unexpected(r.error());
    return BundleReader(std::move(impl));
}

const BundleHeader& BundleReader::header() const noexcept { return impl_->header; }
const Signature& BundleReader::header_signature() const noexcept { return impl_->header_signature; }
std::uint64_t BundleReader::records_read() const noexcept { return impl_->count; }
void BundleReader::skip_record_checks() noexcept { impl_->check_records = false; }
const std::string& BundleReader::name() const noexcept { return impl_->name; }

Result<std::optional<BundleReader::RawRecord>> BundleReader::next_raw() { return impl_->next_raw(); }

Result<std::optional<BundleRecord>> BundleReader::next() {
    auto raw = impl_->next_raw();
    if (!raw) return tl::unexpected(raw.error());
    if (!*raw) return std::optional<BundleRecord>{};
    auto rec = BundleRecord::parse(std::string((*raw)->signed_text) + "\t" + std::string((*raw)->signature_hex));
    if (!rec) return tl::unexpected(impl_->error(rec.error().message));
    return std::optional<BundleRecord>(std::move(*rec));
}

Result<void> BundleReader::finish() {
    while (!impl_->done) {
        auto r = impl_->next_raw();
        if (!r) return tl::unexpected(r.error());
    }
    if (impl_->count != impl_->header.records) {
        return fail(Errc::bad_format, impl_->name + ": holds " + std::to_string(impl_->count) + " records, the header says " +
                                          std::to_string(impl_->header.records) + " (truncated?)");
    }
    const std::string digest = impl_->hash.finish_hex();
    if (digest != impl_->header.digest) {
        return fail(Errc::bad_format, impl_->name + ": record digest " + digest.substr(0, 16) +
                                          "... does not match the signed header (records were changed)");
    }
    return {};
}

namespace {

// Read every record of an opened bundle, verifying each signature when asked, then the count
// and digest (shared by the text and the file entry points).
Result<ParsedBundle> read_all_records(Result<BundleReader> reader, bool verify_records) {
    if (!reader) return tl::unexpected(reader.error());
    ParsedBundle out;
    out.header = reader->header();
    out.header_signature = reader->header_signature();
    for (;;) {
        auto r = reader->next();
        if (!r) return tl::unexpected(r.error());
        if (!*r) break;
        if (verify_records && !(*r)->verify(out.header.public_key)) {
            return fail(Errc::signature_invalid, reader->name() + " record " + std::to_string(reader->records_read()) +
                                                     ": signature does not verify with the publisher key " + out.header.publisher);
        }
        out.records.push_back(std::move(**r));
    }
    if (auto f = reader->finish(); !f) return tl::unexpected(f.error());
    return out;
}

}  // namespace

Result<ParsedBundle> parse_bundle(std::string_view text, bool verify_records) {
    return read_all_records(BundleReader::from_text(text), verify_records);
}

Result<ParsedBundle> parse_bundle_file(const std::filesystem::path& path, bool verify_records) {
    return read_all_records(BundleReader::open(path), verify_records);
}

// ---- writer ---------------------------------------------------------------------------

struct BundleWriter::Impl {
    KeyPair key;
    Options options;
    std::FILE* spool = nullptr;
    Sha256Stream hash;
    std::uint64_t count = 0;
    ~Impl() {
        if (spool) std::fclose(spool);
    }

    Result<void> append(std::string_view text, const Signature& sig) {
        if (text.find('\n') != std::string_view::npos) return fail(Errc::usage, "record contains a line feed");
        std::string line(text);
        line += '\t';
        line += signature_hex(sig);
        line += '\n';
        hash.update(line);
        if (std::fwrite(line.data(), 1, line.size(), spool) != line.size()) return fail(Errc::io, "bundle spool: write failed");
        ++count;
        return {};
    }

    Result<std::string> head() {
        BundleHeader h;
        h.public_key = key.public_key();
        h.publisher = h.public_key.id();
        h.role = options.role;
        h.version = options.version;
        h.created = options.created;
        h.expires = options.expires;
        h.records = count;
        h.digest = hash.finish_hex();
        const std::string line = h.line();
        auto sig = key.sign(std::string(header_signing_prefix) + line);
        if (!sig) return tl::unexpected(sig.error());
        return std::string(bundle_magic) + "\n" + line + "\nheader-signature\t" + signature_hex(*sig) + "\n";
    }
};

BundleWriter::BundleWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
BundleWriter::BundleWriter(BundleWriter&&) noexcept = default;
BundleWriter& BundleWriter::operator=(BundleWriter&&) noexcept = default;
BundleWriter::~BundleWriter() = default;

Result<BundleWriter> BundleWriter::create(const KeyPair& key, Options options) {
    if (!is_role(options.role)) return fail(Errc::usage, "unknown role '" + options.role + "' (parts, serials, revocations, station)");
    if (options.version < 1 || options.version > max_bundle_version) {
        return fail(Errc::usage, "bundle version must be between 1 and " + std::to_string(max_bundle_version) + " (what a bundle header may hold)");
    }
    if (options.created.empty()) options.created = utc_now();
    auto created = normalize_time(options.created, "created");
    if (!created) return tl::unexpected(created.error());
    auto expires = normalize_time(options.expires, "expires");
    if (!expires) return tl::unexpected(expires.error());
    options.created = *created;
    options.expires = *expires;
    if (options.expires <= options.created) return fail(Errc::usage, "expires " + options.expires + " is not after created " + options.created);
    auto impl = std::make_unique<Impl>();
    impl->key = key;
    impl->options = std::move(options);
    impl->spool = std::tmpfile();
    if (!impl->spool) return fail(Errc::io, std::string("cannot create a temporary file (") + std::strerror(errno) + ")");
    return BundleWriter(std::move(impl));
}

Result<void> BundleWriter::add(std::string_view signed_text) {
    if (auto c = check_record_text(impl_->options.role, signed_text); !c) return fail(Errc::usage, "record: " + c.error().message);
    auto sig = impl_->key.sign(record_signing_message(signed_text));
    if (!sig) return tl::unexpected(sig.error());
    return impl_->append(signed_text, *sig);
}

Result<void> BundleWriter::add_many(const std::vector<std::string>& texts) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (auto c = check_record_text(impl_->options.role, texts[i]); !c) {
            return fail(Errc::usage, "record " + std::to_string(i + 1) + ": " + c.error().message);
        }
    }
    unsigned threads = impl_->options.threads ? impl_->options.threads : std::max(1U, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, texts.size() / 64)));
    std::vector<Signature> sigs(texts.size());
    std::vector<char> ok(texts.size(), 0);
    auto work = [&](std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) {
            auto s = impl_->key.sign(record_signing_message(texts[i]));
            if (s) {
                sigs[i] = *s;
                ok[i] = 1;
            }
        }
    };
    if (threads <= 1) {
        work(0, texts.size());
    } else {
        std::vector<std::thread> pool;
        const std::size_t per = (texts.size() + threads - 1) / threads;
        for (unsigned t = 0; t < threads; ++t) {
            const std::size_t first = t * per, last = std::min(texts.size(), first + per);
            if (first < last) pool.emplace_back(work, first, last);
        }
        for (auto& th : pool) th.join();
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (!ok[i]) return fail(Errc::internal, "record " + std::to_string(i + 1) + ": signing failed");
        if (auto r = impl_->append(texts[i], sigs[i]); !r) return r;
    }
    return {};
}

Result<std::string> BundleWriter::finish_text() {
    auto head = impl_->head();
    if (!head) return tl::unexpected(head.error());
    std::string out = *head;
    std::fflush(impl_->spool);
    std::rewind(impl_->spool);
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, impl_->spool)) > 0;) out.append(buf, n);
    return out;
}

Result<void> BundleWriter::finish_file(const std::filesystem::path& path) {
    auto head = impl_->head();
    if (!head) return tl::unexpected(head.error());
    const std::string name = path.string();
    std::string tmpl = (path.has_parent_path() ? path.parent_path().string() : std::string(".")) + "/." + path.filename().string() + ".XXXXXX";
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return fail(Errc::io, name + ": cannot create (" + std::strerror(errno) + ")");
    auto write_all = [fd](const char* p, std::size_t n) {
        while (n > 0) {
            const ssize_t w = ::write(fd, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return false;
            p += w;
            n -= static_cast<std::size_t>(w);
        }
        return true;
    };
    bool ok = ::fchmod(fd, 0644) == 0 && write_all(head->data(), head->size());
    std::fflush(impl_->spool);
    std::rewind(impl_->spool);
    std::vector<char> buf(1U << 20);
    for (std::size_t n; ok && (n = std::fread(buf.data(), 1, buf.size(), impl_->spool)) > 0;) ok = write_all(buf.data(), n);
    ok = ok && ::fsync(fd) == 0;
    ok = (::close(fd) == 0) && ok;
    if (!ok || ::rename(tmpl.c_str(), name.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmpl.c_str());
        return fail(Errc::io, name + ": write failed (" + why + ")");
    }
    return {};
}

// ---- unsigned bundles -----------------------------------------------------------------

std::string unsigned_bundle_text(const UnsignedBundle& bundle) {
    std::string out = std::string(unsigned_bundle_magic) + "\nrole=" + bundle.role + "\n";
    for (const auto& r : bundle.records) {
        out += r;
        out += '\n';
    }
    return out;
}

Result<UnsignedBundle> parse_unsigned_bundle(std::string_view text, std::string_view name) {
    UnsignedBundle b;
    const std::string n(name);
    if (text.empty() || text.back() != '\n') return fail(Errc::bad_format, n + ": truncated (no final line feed)");
    auto lines = split(text.substr(0, text.size() - 1), '\n');
    if (lines.size() < 2 || lines[0] != unsigned_bundle_magic) {
        if (!lines.empty() && lines[0] == bundle_magic) return fail(Errc::bad_format, n + ": already signed");
        return fail(Errc::bad_format, n + ": not an unsigned dimmguard bundle (expected '" + std::string(unsigned_bundle_magic) + "')");
    }
    if (lines[1].substr(0, 5) != "role=" || !is_role(lines[1].substr(5))) return fail(Errc::bad_format, n + " line 2: expected role=parts|serials|revocations|station");
    b.role = std::string(lines[1].substr(5));
    for (std::size_t i = 2; i < lines.size(); ++i) {
        if (auto c = check_record_text(b.role, lines[i]); !c) {
            return fail(Errc::bad_format, n + " line " + std::to_string(i + 1) + ": " + c.error().message);
        }
        b.records.emplace_back(lines[i]);
    }
    return b;
}

}  // namespace dimmguard::db
