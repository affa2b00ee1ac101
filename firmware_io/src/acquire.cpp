// SPDX-License-Identifier: GPL-3.0-or-later
// Module acquisition from buses, sysfs, benches, dump files and recorded traces.
#include "firmware_io/acquire.hpp"
#include "dimmguard/numbers.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "dimmguard/bytes.hpp"
#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/dump_file.hpp"
#include "firmware_io/linux_smbus.hpp"
#include "firmware_io/sysfs.hpp"

namespace dimmguard::firmware_io {
namespace {

/// A trace is text of a few lines per transaction; a whole 16-slot DDR5 bench read byte by
/// byte is under 2 MiB. Anything far larger is not a trace.
constexpr std::uintmax_t max_trace_bytes = 64ULL << 20;

Generation generation_of(const std::vector<std::uint8_t>& image) {
    return generation_from_type_byte(image.size() > 2 ? image[2] : 0);
}

ModuleRead image_only(std::string bus, Address address, std::vector<std::uint8_t> image) {
    ModuleRead m;
    m.bus = std::move(bus);
    m.address = address;
    m.generation = generation_of(image);
    m.image = std::move(image);
    // An image of no generation we know has no CRC to trust.
    m.crc_ok = m.generation != Generation::unknown && failing_crc_spans(m.generation, m.image).empty();
    return m;
}

/// Sysfs reads until two agree, or three once reads have differed (the rule of
/// SpdReader::stabilise), at most `max_reads`: the kernel driver's bytes cross the same contacts
/// as ours. `next` gives the next read, or nullopt when there is none (a replay).
Result<ModuleRead> settle(const std::string& bus, Address address, int max_reads,
                          const std::function<std::optional<Result<std::vector<std::uint8_t>>>()>& next) {
    std::vector<std::pair<std::vector<std::uint8_t>, int>> seen;
    std::optional<Error> failure;
    int reads = 0;
    int needed = 2;
    while (reads < max_reads) {
        auto r = next();
        if (!r) break;
        ++reads;
        if (!*r) {
            failure = r->error();
            if (seen.empty() && reads == 1 && (r->error().code == Errc::permission_denied || r->error().code == Errc::not_found)) break;
            needed = 3;
            continue;
        }
        bool matched = false;
        for (auto& [image, count] : seen) {
            if (image != **r) continue;
            matched = true;
            if (++count >= needed) {
                ModuleRead m = image_only(bus, address, image);
                m.reads = reads;
                return m;
            }
            break;
        }
        if (!matched) {
            if (!seen.empty()) needed = 3;
            seen.emplace_back(std::move(**r), 1);
        }
    }
    if (seen.empty()) return tl::unexpected(failure ? *failure : Error{Errc::io, bus + " " + hex_byte(address) + ": no read"});
    ModuleRead m = image_only(bus, address, std::move(seen.front().first));
    m.reads = reads;
    m.unstable = true;
    m.problems.push_back(bus + " " + hex_byte(address) + ": " + std::to_string(reads) + " sysfs reads, never " + std::to_string(needed) +
                         " identical" + (failure ? "; a read failed: " + failure->message : std::string()) + " (unstable read)");
    return m;
}

Error cancelled_error() { return Error{Errc::cancelled, "cancelled before every module was read"}; }

bool is_cancelled(const AcquireOptions& o) { return o.cancelled && o.cancelled(); }

/// "# bus i2c-0 block=1 word=1 clock=100000 name=<adapter name>"
std::string bus_header(const SmbusBus& bus) {
    return "# bus " + bus.id() + " block=" + (bus.capabilities().read_i2c_block ? "1" : "0") +
           " word=" + (bus.capabilities().read_word_data ? "1" : "0") + " clock=" + std::to_string(bus.clock_hz()) + " name=" + bus.name();
}

/// Probe a bus and read every present module on it. `filter` false reads every module (a
/// replayed trace must see the requests it recorded), and the caller filters afterwards.
Result<void> read_bus(const std::shared_ptr<SmbusBus>& raw, std::vector<AcquiredModule>& out, const AcquireOptions& o,
                      bool filter, const std::function<std::string(Address)>& label_of) {
    std::shared_ptr<SmbusBus> bus = raw;
    std::shared_ptr<RecordingBus> recorder;
    if (o.trace != nullptr) {
        o.trace->push_back(bus_header(*raw));
        bus = recorder = std::make_shared<RecordingBus>(raw);
    }
    struct Flush {
        std::shared_ptr<RecordingBus>& recorder;
        std::vector<std::string>* trace;
        ~Flush() {
            if (recorder) trace->insert(trace->end(), recorder->lines().begin(), recorder->lines().end());
        }
    } flush{recorder, o.trace};
    SpdReader reader(*bus);
    const std::string id = raw->id();
    if (o.progress) o.progress(id, {});
    auto probes = reader.probe();
    if (!probes) {
        out.push_back(AcquiredModule{id, id, 0, "bus", "", tl::unexpected(probes.error())});
        return {};
    }
    for (const auto& p : *probes) {
        if (!p.present) continue;
        AcquiredModule m{id + " " + hex_byte(p.address), id, p.address, "bus", label_of ? label_of(p.address) : std::string(),
                         fail(Errc::unsupported, p.detail)};
        if (filter && o.wanted && !o.wanted(m.location, m.label, m.address)) continue;
        if (is_cancelled(o)) return tl::unexpected(cancelled_error());
        if (o.progress) o.progress(m.location, m.label);
        if (p.generation) m.read = reader.read(p.address);
        if (o.trace != nullptr && !m.label.empty()) o.trace->push_back("# slot " + m.location + " " + m.label);
        out.push_back(std::move(m));
    }
    return {};
}

void read_sysfs(const SysfsSpdDevice& dev, const std::string& id, std::vector<AcquiredModule>& out, const AcquireOptions& o) {
    AcquiredModule m{id + " " + hex_byte(dev.address), id, dev.address, "sysfs (" + dev.driver + ")", "", fail(Errc::internal, "")};
    if (o.progress) o.progress(m.location, {});
    m.read = settle(id, dev.address, ReadOptions{}.max_reads, [&]() -> std::optional<Result<std::vector<std::uint8_t>>> {
        auto bytes = read_spd_eeprom(dev);
        if (o.trace != nullptr) {
            o.trace->push_back(m.location + " sysfs " + dev.driver + " -> " +
                               (bytes ? to_hex(*bytes) : "error " + std::string(errc_name(bytes.error().code))));
        }
        return bytes;
    });
    out.push_back(std::move(m));
}

// ---------------------------------------------------------------- replay

/// One bus segment of a trace, in the order it first appears.
struct TraceSegment {
    std::string id;
    std::string name;
    BusCapabilities capabilities;
    bool capabilities_known = false;
    std::uint32_t clock_hz = 100'000;
    std::vector<std::string> transactions;
    struct SysfsRead {
        Address address = 0;
        std::string driver;
        Result<std::vector<std::uint8_t>> bytes = fail(Errc::internal, "");
    };
    std::vector<SysfsRead> sysfs;
    std::map<Address, std::string> labels;
};

Result<Address> parse_address(const std::string& text) {
    auto bytes = from_hex(text.starts_with("0x") ? std::string_view(text).substr(2) : std::string_view());
    if (!bytes || bytes->size() != 1) return fail(Errc::bad_format, "'" + text + "' is not an address such as 0x50");
    return (*bytes)[0];
}

std::optional<Errc> errc_named(std::string_view name) {
    for (int c = 0; c <= static_cast<int>(Errc::internal); ++c) {
        if (errc_name(static_cast<Errc>(c)) == name) return static_cast<Errc>(c);
    }
    return std::nullopt;
}

Result<std::vector<TraceSegment>> parse_trace(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return fail(ec == std::errc::no_such_file_or_directory ? Errc::not_found : Errc::io, path.string() + ": cannot read the trace (" + ec.message() + ")");
    if (size > max_trace_bytes) return fail(Errc::bad_format, path.string() + ": " + std::to_string(size) + " bytes is too large for a bus trace");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::io, path.string() + ": cannot open the trace");
    std::vector<TraceSegment> segments;
    std::map<std::string, std::size_t> index;
    const auto segment = [&](const std::string& id) -> TraceSegment& {
        auto [it, fresh] = index.emplace(id, segments.size());
        if (fresh) {
            TraceSegment fresh_segment;
            fresh_segment.id = id;
            fresh_segment.name = id;
            segments.push_back(std::move(fresh_segment));
        }
        return segments[it->second];
    };
    std::string line;
    std::size_t number = 0;
    bool any = false;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const std::string where = path.string() + " line " + std::to_string(number);
        std::istringstream words(line);
        if (line.front() == '#') {
            std::string hash, kind, id;
            words >> hash >> kind >> id;
            if (kind == "bus" && !id.empty()) {
                TraceSegment& s = segment(id);
                std::string field;
                bool word_seen = false;
                while (words >> field) {
                    if (field.starts_with("block=")) {
                        s.capabilities.read_i2c_block = field == "block=1";
                        s.capabilities_known = true;
                        // Traces from before word reads have no word= field: their reader never
                        // issued one, so replaying them must not either.
                        if (!word_seen) s.capabilities.read_word_data = false;
                    } else if (field.starts_with("word=")) {
                        s.capabilities.read_word_data = field == "word=1";
                        word_seen = true;
                    } else if (field.starts_with("clock=")) {
                        const std::string digits = field.substr(6);
                        if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
                            return fail(Errc::bad_format, where + ": bad clock '" + field + "'");
                        }
                        s.clock_hz = static_cast<std::uint32_t>(parse_unsigned(digits, 999'999'999).value_or(0));   // <= 9 digits, checked above
                    } else if (field.starts_with("name=")) {
                        const auto at = line.find(" name=");
                        s.name = line.substr(at + 6);
                        break;
                    }
                }
            } else if (kind == "slot" && !id.empty()) {
                std::string address, label;
                words >> address;
                std::getline(words >> std::ws, label);
                auto a = parse_address(address);
                if (!a) return fail(Errc::bad_format, where + ": " + a.error().message);
                segment(id).labels[*a] = label;
            }
            continue;
        }
        std::string id, second, third;
        words >> id >> second >> third;
        if (id.empty() || second.empty()) return fail(Errc::bad_format, where + ": not a trace line");
        any = true;
        if (third != "sysfs") {
            segment(id).transactions.push_back(line);
            continue;
        }
        // "i2c-1 0x50 sysfs ee1004 -> <hex>" (or "-> error <code>"): a read through a kernel driver.
        TraceSegment::SysfsRead r;
        auto address = parse_address(second);
        if (!address) return fail(Errc::bad_format, where + ": " + address.error().message);
        r.address = *address;
        std::string arrow, result;
        words >> r.driver >> arrow;
        std::getline(words >> std::ws, result);
        if (arrow != "->" || r.driver.empty()) return fail(Errc::bad_format, where + ": expected 'LOCATION sysfs DRIVER -> BYTES'");
        if (result.starts_with("error ")) {
            const auto code = errc_named(result.substr(6));
            if (!code) return fail(Errc::bad_format, where + ": unknown error '" + result + "'");
            r.bytes = fail(*code, id + " " + second + ": replayed " + result.substr(6) + " from sysfs");
        } else {
            auto bytes = from_hex(result);
            if (!bytes || bytes->empty()) return fail(Errc::bad_format, where + ": bad image bytes");
            r.bytes = std::move(*bytes);
        }
        segment(id).sysfs.push_back(std::move(r));
    }
    if (!any) return fail(Errc::bad_format, path.string() + ": no bus transactions: not a dimmguard trace (scan --trace FILE writes one)");
    return segments;
}

}  // namespace

Result<std::vector<LocalSegment>> local_segments(const std::filesystem::path& sysfs_root) {
    auto adapters = list_adapters(sysfs_root);
    if (!adapters) return tl::unexpected(adapters.error());
    auto bound = list_spd_devices(sysfs_root);
    std::vector<LocalSegment> out;
    for (auto& adapter : *adapters) {
        if (adapter.kind == "other") continue;
        LocalSegment segment{std::move(adapter), {}};
        if (bound) {
            for (const auto& dev : *bound) {
                if (dev.bus == segment.adapter.number) segment.sysfs.push_back(dev);
            }
        }
        out.push_back(std::move(segment));
    }
    return out;
}

Result<std::vector<std::string>> present_modules(const AcquireSource& source, const ImageFactory& synth) {
    std::vector<std::string> present;
    const auto probe_bus = [&present](SmbusBus& bus) -> Result<void> {
        SpdReader reader(bus);
        auto probes = reader.probe();
        if (!probes) return tl::unexpected(probes.error());
        for (const auto& p : *probes) {
            if (p.present) present.push_back(bus.id() + " " + hex_byte(p.address));
        }
        return {};
    };
    switch (source.kind) {
    case AcquireSource::Kind::bench: {
        auto bench = load_bench_file(source.bench, synth);
        if (!bench) return tl::unexpected(bench.error());
        for (const auto& bus : bench->buses) {
            if (auto r = probe_bus(*bus); !r) return tl::unexpected(r.error());
        }
        break;
    }
    case AcquireSource::Kind::bus: {
        auto bus = LinuxSmbusBus::open(source.bus, source.dev_root, source.sysfs_root);
        if (!bus) return tl::unexpected(bus.error());
        if (auto r = probe_bus(**bus); !r) return tl::unexpected(r.error());
        break;
    }
    case AcquireSource::Kind::all: {
        auto segments = local_segments(source.sysfs_root);
        if (!segments) return tl::unexpected(segments.error());
        for (const auto& [adapter, drivers] : *segments) {
            for (const auto& d : drivers) present.push_back("i2c-" + std::to_string(d.bus) + " " + hex_byte(d.address));
            if (!drivers.empty()) continue;  // the kernel owns this segment: never probe it
            auto bus = LinuxSmbusBus::open(adapter.number, source.dev_root, source.sysfs_root);
            if (bus) (void)probe_bus(**bus);   // an adapter that cannot be opened has nothing to show
        }
        break;
    }
    case AcquireSource::Kind::files:
    case AcquireSource::Kind::replay: return fail(Errc::usage, "presence is probed on buses and benches only");
    }
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    return present;
}

Result<std::vector<AcquiredModule>> acquire(const AcquireSource& source, const AcquireOptions& options) {
    std::vector<AcquiredModule> modules;
    if (options.trace != nullptr) options.trace->emplace_back(trace_header_line);
    const auto wanted = [&](const AcquiredModule& m) { return !options.wanted || options.wanted(m.location, m.label, m.address); };
    switch (source.kind) {
    case AcquireSource::Kind::files:
        for (const auto& path : source.files) {
            AcquiredModule m{path.string(), "", 0, "file", "", fail(Errc::internal, "")};
            if (!wanted(m)) continue;
            if (is_cancelled(options)) return tl::unexpected(cancelled_error());
            if (options.progress) options.progress(path.string(), {});
            auto dump = load_dump_file(path);
            if (!dump) {
                m.read = tl::unexpected(dump.error());
            } else {
                m.via = "file (" + std::string(dump_format_name(dump->format)) + ")";
                m.read = image_only("", 0, std::move(dump->bytes));
            }
            modules.push_back(std::move(m));
        }
        return modules;
    case AcquireSource::Kind::bench: {
        auto bench = load_bench_file(source.bench, options.synth);
        if (!bench) return tl::unexpected(bench.error());
        for (std::size_t i = 0; i < bench->buses.size(); ++i) {
            const auto label_of = [&](Address address) {
                for (const auto& socket : bench->sockets) {
                    if (socket.bus_index == i && socket.address == address) return socket.label;
                }
                return std::string();
            };
            if (auto r = read_bus(bench->buses[i], modules, options, true, label_of); !r) return tl::unexpected(r.error());
        }
        return modules;
    }
    case AcquireSource::Kind::bus: {
        auto bus = LinuxSmbusBus::open(source.bus, source.dev_root, source.sysfs_root);
        if (!bus) return tl::unexpected(bus.error());
        if (auto r = read_bus(std::shared_ptr<SmbusBus>(std::move(*bus)), modules, options, true, {}); !r) return tl::unexpected(r.error());
        return modules;
    }
    case AcquireSource::Kind::all: {
        auto segments = local_segments(source.sysfs_root);
        if (!segments) return tl::unexpected(segments.error());
        for (const auto& [adapter, drivers] : *segments) {
            const std::string id = "i2c-" + std::to_string(adapter.number);
            for (const auto& dev : drivers) {
                if (options.wanted && !options.wanted(id + " " + hex_byte(dev.address), "", dev.address)) continue;
                if (is_cancelled(options)) return tl::unexpected(cancelled_error());
                read_sysfs(dev, id, modules, options);
            }
            if (!drivers.empty()) continue;  // the kernel owns this segment: do not touch its pages
            auto bus = LinuxSmbusBus::open(adapter.number, source.dev_root, source.sysfs_root);
            if (!bus) {
                modules.push_back(AcquiredModule{id, id, 0, "bus", "", tl::unexpected(bus.error())});
                continue;
            }
            if (auto r = read_bus(std::shared_ptr<SmbusBus>(std::move(*bus)), modules, options, true, {}); !r) {
                return tl::unexpected(r.error());
            }
        }
        return modules;
    }
    case AcquireSource::Kind::replay: {
        auto segments = parse_trace(source.trace);
        if (!segments) return tl::unexpected(segments.error());
        std::vector<AcquiredModule> all;
        for (auto& s : *segments) {
            // Consecutive reads of one address are one module read until two agreed.
            for (std::size_t i = 0; i < s.sysfs.size();) {
                const auto& first = s.sysfs[i];
                AcquiredModule m{s.id + " " + hex_byte(first.address), s.id, first.address, "sysfs (" + first.driver + ")", "", fail(Errc::internal, "")};
                if (is_cancelled(options)) return tl::unexpected(cancelled_error());
                const Address address = first.address;
                m.read = settle(s.id, address, ReadOptions{}.max_reads, [&]() -> std::optional<Result<std::vector<std::uint8_t>>> {
                    if (i >= s.sysfs.size() || s.sysfs[i].address != address) return std::nullopt;
                    return std::move(s.sysfs[i++].bytes);
                });
                while (i < s.sysfs.size() && s.sysfs[i].address == address) ++i;
                all.push_back(std::move(m));
            }
            if (s.transactions.empty()) continue;
            if (!s.capabilities_known) {
                s.capabilities.read_i2c_block = false;
                s.capabilities.read_word_data = false;
                for (const auto& t : s.transactions) {
                    if (t.find(" rblk ") != std::string::npos) s.capabilities.read_i2c_block = true;
                    if (t.find(" rw ") != std::string::npos) s.capabilities.read_word_data = true;
                }
            }
            auto replay = ReplayBus::load(s.transactions, s.name, s.capabilities, s.clock_hz);
            if (!replay) return fail(Errc::bad_format, source.trace.string() + ": " + replay.error().message);
            std::shared_ptr<ReplayBus> bus(std::move(*replay));
            const auto label_of = [&s](Address address) {
                const auto it = s.labels.find(address);
                return it == s.labels.end() ? std::string() : it->second;
            };
            if (auto r = read_bus(bus, all, options, false, label_of); !r) return tl::unexpected(r.error());
            if (bus->remaining() != 0) {
                return fail(Errc::bad_format, source.trace.string() + ": " + std::to_string(bus->remaining()) + " recorded transactions on " +
                                                  s.id + " were never requested: the trace was made by a reader that reads differently");
            }
        }
        for (auto& m : all) {
            if (wanted(m)) modules.push_back(std::move(m));
        }
        return modules;
    }
    }
    return modules;
}

}  // namespace dimmguard::firmware_io
