// SPDX-License-Identifier: GPL-3.0-or-later
// Module acquisition from buses, sysfs, benches and dump files.
#include "firmware_io/acquire.hpp"

#include <memory>

#include "dimmguard/bytes.hpp"
#include "firmware_io/bus_decorators.hpp"
#include "firmware_io/dump_file.hpp"
#include "firmware_io/linux_smbus.hpp"
#include "firmware_io/sysfs.hpp"

namespace dimmguard::firmware_io {
namespace {

Generation generation_of(const std::vector<std::uint8_t>& image) {
    const std::uint8_t type = image.size() > 2 ? image[2] : 0;
    if (type == 0x0c) return Generation::ddr4;
    if (type == 0x12) return Generation::ddr5;
    return Generation::ddr3;
}

ModuleRead image_only(std::string bus, Address address, std::vector<std::uint8_t> image) {
    ModuleRead m;
    m.bus = std::move(bus);
    m.address = address;
    m.generation = generation_of(image);
    m.image = std::move(image);
    m.crc_ok = failing_crc_spans(m.generation, m.image).empty();
    return m;
}

void read_bus(const std::shared_ptr<SmbusBus>& raw, std::vector<AcquiredModule>& out, std::vector<std::string>* trace,
              const AcquireProgress& progress) {
    std::shared_ptr<SmbusBus> bus = raw;
    std::shared_ptr<RecordingBus> recorder;
    if (trace != nullptr) bus = recorder = std::make_shared<RecordingBus>(raw);
    struct Flush {
        std::shared_ptr<RecordingBus>& recorder;
        std::vector<std::string>* trace;
        ~Flush() {
            if (recorder) trace->insert(trace->end(), recorder->lines().begin(), recorder->lines().end());
        }
    } flush{recorder, trace};
    SpdReader reader(*bus);
    const std::string id = raw->id();
    if (progress) progress(id);
    auto probes = reader.probe();
    if (!probes) {
        out.push_back(AcquiredModule{id, id, 0, "bus", "", tl::unexpected(probes.error())});
        return;
    }
    for (const auto& p : *probes) {
        if (!p.present) continue;
        AcquiredModule m{id + " " + hex_byte(p.address), id, p.address, "bus", "", fail(Errc::unsupported, p.detail)};
        if (progress) progress(m.location);
        if (p.generation) m.read = reader.read(p.address);
        out.push_back(std::move(m));
    }
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

Result<std::vector<AcquiredModule>> acquire(const AcquireSource& source, const ImageFactory& synth,
                                            std::vector<std::string>* trace, const AcquireProgress& progress) {
    std::vector<AcquiredModule> modules;
    switch (source.kind) {
    case AcquireSource::Kind::files:
        for (const auto& path : source.files) {
            if (progress) progress(path.string());
            AcquiredModule m{path.string(), "", 0, "file", "", fail(Errc::internal, "")};
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
        auto bench = load_bench_file(source.bench, synth);
        if (!bench) return tl::unexpected(bench.error());
        for (std::size_t i = 0; i < bench->buses.size(); ++i) {
            const std::size_t before = modules.size();
            read_bus(bench->buses[i], modules, trace, progress);
            for (std::size_t k = before; k < modules.size(); ++k) {
                for (const auto& slot : bench->sockets) {
                    if (slot.bus_index == i && slot.address == modules[k].address) modules[k].label = slot.label;
                }
            }
        }
        return modules;
    }
    case AcquireSource::Kind::bus: {
        auto bus = LinuxSmbusBus::open(source.bus, source.dev_root, source.sysfs_root);
        if (!bus) return tl::unexpected(bus.error());
        read_bus(std::shared_ptr<SmbusBus>(std::move(*bus)), modules, trace, progress);
        return modules;
    }
    case AcquireSource::Kind::all: {
        auto segments = local_segments(source.sysfs_root);
        if (!segments) return tl::unexpected(segments.error());
        for (const auto& [adapter, drivers] : *segments) {
            const std::string id = "i2c-" + std::to_string(adapter.number);
            for (const auto& dev : drivers) {
                AcquiredModule m{id + " " + hex_byte(dev.address), id, dev.address, "sysfs (" + dev.driver + ")", "",
                                 fail(Errc::internal, "")};
                if (progress) progress(m.location);
                auto bytes = read_spd_eeprom(dev);
                if (bytes) m.read = image_only(id, dev.address, std::move(*bytes));
                else m.read = tl::unexpected(bytes.error());
                modules.push_back(std::move(m));
            }
            if (!drivers.empty()) continue;  // the kernel owns this segment: do not touch its pages
            auto bus = LinuxSmbusBus::open(adapter.number, source.dev_root, source.sysfs_root);
            if (!bus) {
                modules.push_back(AcquiredModule{id, id, 0, "bus", "", tl::unexpected(bus.error())});
                continue;
            }
            read_bus(std::shared_ptr<SmbusBus>(std::move(*bus)), modules, trace, progress);
        }
        return modules;
    }
    }
    return modules;
}

}  // namespace dimmguard::firmware_io
