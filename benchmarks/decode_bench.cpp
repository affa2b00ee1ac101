// SPDX-License-Identifier: GPL-3.0-or-later
// decode_bench: in-process SPD decode throughput over the shared corpus.
//
// Loads every corpus image (ddr3/ddr4/ddr5 *.bin) into memory once, then times
//   decode        decode_spd() only
//   +to_json      decode_spd() + to_json() (building the JSON tree)
//   +dump         decode_spd() + to_json() + dump() (JSON text through the tree; `dimmguard
//                 decode --json` writes the same text with JsonWriter, without a tree)
// per generation and over the whole corpus. Each (mode, set) pair is measured R times; the
// repetitions are the outer loop so that modes and sets are interleaved in time (these
// machines are noisy). Results are reported as median and min ns/image, with images/s and
// MB/s derived from the median. Results belong in docs/performance.md, never in a test.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "firmware_io/dump_file.hpp"
#include "verifier/spd.hpp"
#include "verifier/spd_json.hpp"

#ifndef DIMMGUARD_BENCH_DEFAULT_CORPUS
#define DIMMGUARD_BENCH_DEFAULT_CORPUS "../shared/spd-corpus"
#endif

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Image {
    std::string name;
    std::vector<std::uint8_t> bytes;
};

struct ImageSet {
    std::string label;        // "DDR3", "DDR4", "DDR5", "all"
    std::string dir;          // corpus sub-directory, empty for "all"
    std::vector<const Image*> images;
    std::size_t total_bytes = 0;
};

enum class Mode { decode, to_json, dump };

constexpr Mode all_modes[] = {Mode::decode, Mode::to_json, Mode::dump};

std::string_view mode_name(Mode mode) {
    switch (mode) {
    case Mode::decode: return "decode";
    case Mode::to_json: return "decode+to_json";
    case Mode::dump: return "decode+to_json+dump";
    }
    return "?";
}

struct Options {
    fs::path corpus = DIMMGUARD_BENCH_DEFAULT_CORPUS;
    std::size_t repetitions = 7;
    std::size_t iterations = 0;      // 0: calibrate per (mode, set) to target_ms
    std::size_t target_ms = 200;
};

// Everything the optimiser must not drop is folded into this value, which is printed.
std::uint64_t g_checksum = 0;

// One unit of work; returns a value that depends on the decoded result.
std::uint64_t process(const Image& image, Mode mode) {
    auto decoded = dimmguard::verifier::decode_spd(image.bytes);
    if (!decoded) return 1;
    std::uint64_t acc = decoded->geometry.capacity_bytes;
    acc += decoded->notes.size() + decoded->crc.size() + decoded->manufacturing.part_number.size();
    acc += static_cast<std::uint64_t>(decoded->timings.speed_mts);
    if (!decoded->fingerprint.sha256_hex.empty()) {
        acc += static_cast<std::uint8_t>(decoded->fingerprint.sha256_hex.front());
    }
    if (mode == Mode::decode) return acc;
    const nlohmann::json json = dimmguard::verifier::to_json(*decoded);
    acc += json.size();
    if (mode == Mode::dump) acc += json.dump(2).size();
    return acc;
}

// Runs `iterations` passes over the set; returns elapsed nanoseconds.
double time_set(const ImageSet& set, Mode mode, std::size_t iterations) {
    std::uint64_t acc = 0;
    const auto start = Clock::now();
    for (std::size_t i = 0; i < iterations; ++i) {
        for (const Image* image : set.images) acc += process(*image, mode);
    }
    const auto stop = Clock::now();
    g_checksum += acc;
    return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count());
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

bool parse_count(std::string_view text, std::size_t& out) {
    if (text.empty()) return false;
    std::size_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<std::size_t>(c - '0');
        if (value > 100'000'000) return false;
    }
    if (value == 0) return false;
    out = value;
    return true;
}

void usage(std::ostream& out) {
    out << "usage: decode_bench [CORPUS_DIR] [--repetitions R] [--iterations N] [--target-ms MS]\n"
           "  CORPUS_DIR     shared SPD corpus (default " DIMMGUARD_BENCH_DEFAULT_CORPUS ")\n"
           "  --repetitions  measurements per (mode, set), reported as median/min (default 7)\n"
           "  --iterations   passes over the set per measurement (default: calibrated)\n"
           "  --target-ms    calibration target per measurement (default 200)\n";
}

bool parse_args(int argc, char** argv, Options& options) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    bool have_corpus = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        auto count_arg = [&](std::size_t& out) {
            if (i + 1 >= args.size() || !parse_count(args[i + 1], out)) {
                std::cerr << "decode_bench: " << arg << " needs a positive integer\n";
                return false;
            }
            ++i;
            return true;
        };
        if (arg == "-h" || arg == "--help") {
            usage(std::cout);
            std::exit(0);
        } else if (arg == "--repetitions") {
            if (!count_arg(options.repetitions)) return false;
        } else if (arg == "--iterations") {
            if (!count_arg(options.iterations)) return false;
        } else if (arg == "--target-ms") {
            if (!count_arg(options.target_ms)) return false;
        } else if (!arg.starts_with("-") && !have_corpus) {
            options.corpus = fs::path(arg);
            have_corpus = true;
        } else {
            std::cerr << "decode_bench: unexpected argument '" << arg << "'\n";
            usage(std::cerr);
            return false;
        }
    }
    return true;
}

std::string format_number(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_args(argc, argv, options)) return 2;
    options.corpus = options.corpus.lexically_normal();

    std::error_code ec;
    if (!fs::is_directory(options.corpus, ec) || !fs::exists(options.corpus / "MANIFEST.tsv", ec)) {
        std::cerr << "decode_bench: SPD corpus not found at '" << options.corpus.string()
                  << "' (expected MANIFEST.tsv and ddr3/ddr4/ddr5 there); pass its path as the first argument.\n"
                  << "decode_bench: nothing measured.\n";
        return 1;
    }

    // Load every image once; the timed loops never touch the file system.
    std::vector<Image> images;
    std::vector<ImageSet> sets;
    for (const char* generation : {"ddr3", "ddr4", "ddr5"}) {
        const fs::path dir = options.corpus / generation;
        std::vector<fs::path> files;
        if (fs::is_directory(dir, ec)) {
            for (const auto& entry : fs::directory_iterator(dir, ec)) {
                if (entry.is_regular_file() && entry.path().extension() == ".bin") files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            std::cerr << "decode_bench: warning: no *.bin images in " << dir.string() << '\n';
            continue;
        }
        for (const auto& file : files) {
            auto dump = dimmguard::firmware_io::load_dump_file(file);
            if (!dump) {
                std::cerr << "decode_bench: skipping " << dump.error().message << '\n';
                continue;
            }
            images.push_back(Image{file.lexically_relative(options.corpus).string(), std::move(dump->bytes)});
        }
        std::string label = "DDR" + std::string(generation).substr(3);
        sets.push_back(ImageSet{label, generation, {}, 0});
    }
    if (images.empty()) {
        std::cerr << "decode_bench: no images loaded from " << options.corpus.string() << "; nothing measured.\n";
        return 1;
    }
    // Pointers into `images` are taken only now that it no longer grows.
    ImageSet all{"all", "", {}, 0};
    for (const Image& image : images) {
        for (ImageSet& set : sets) {
            if (image.name.starts_with(set.dir + "/")) {
                set.images.push_back(&image);
                set.total_bytes += image.bytes.size();
            }
        }
        all.images.push_back(&image);
        all.total_bytes += image.bytes.size();
    }
    sets.push_back(all);

    // Sanity: every image must decode, or the figures measure the error path.
    std::size_t failures = 0;
    for (const Image& image : images) {
        if (!dimmguard::verifier::decode_spd(image.bytes)) {
            ++failures;
            std::cerr << "decode_bench: warning: " << image.name << " does not decode\n";
        }
    }

    std::cout << "decode_bench: corpus " << options.corpus.string() << " (" << images.size() << " images, "
              << all.total_bytes << " bytes";
    for (const ImageSet& set : sets) {
        if (set.label != "all") std::cout << "; " << set.label << ' ' << set.images.size();
    }
    std::cout << "), " << failures << " decode failures\n";

    // Calibrate iterations per (mode, set) after one warm-up pass.
    struct Cell {
        Mode mode;
        const ImageSet* set;
        std::size_t iterations = 1;
        std::vector<double> ns_per_image;
    };
    std::vector<Cell> cells;
    for (Mode mode : all_modes) {
        for (const ImageSet& set : sets) {
            Cell cell{mode, &set, 1, {}};
            (void)time_set(set, mode, 1);  // warm-up
            if (options.iterations > 0) {
                cell.iterations = options.iterations;
            } else {
                const double one = std::max(time_set(set, mode, 1), 1.0);
                const double wanted = static_cast<double>(options.target_ms) * 1e6 / one;
                cell.iterations = static_cast<std::size_t>(std::clamp(wanted, 1.0, 1e7));
            }
            cells.push_back(std::move(cell));
        }
    }
    std::cout << "decode_bench: " << options.repetitions << " repetitions, interleaved over modes and sets"
              << (options.iterations > 0 ? "" : " (iterations calibrated to ~" + std::to_string(options.target_ms) + " ms)")
              << "\n\n";

    for (std::size_t rep = 0; rep < options.repetitions; ++rep) {
        for (Cell& cell : cells) {
            const double ns = time_set(*cell.set, cell.mode, cell.iterations);
            const double units = static_cast<double>(cell.iterations * cell.set->images.size());
            cell.ns_per_image.push_back(ns / units);
        }
    }

    std::cout << "| set | mode | images | iterations | median ns/image | min ns/image | median images/s | median MB/s |\n"
                 "|---|---|---:|---:|---:|---:|---:|---:|\n";
    for (const Cell& cell : cells) {
        const double med = median(cell.ns_per_image);
        const double best = *std::min_element(cell.ns_per_image.begin(), cell.ns_per_image.end());
        const double images_per_s = 1e9 / med;
        const double bytes_per_image =
            static_cast<double>(cell.set->total_bytes) / static_cast<double>(cell.set->images.size());
        const double mb_per_s = images_per_s * bytes_per_image / 1e6;
        std::cout << "| " << cell.set->label << " | " << mode_name(cell.mode) << " | " << cell.set->images.size()
                  << " | " << cell.iterations << " | " << format_number(med, 0) << " | " << format_number(best, 0)
                  << " | " << format_number(images_per_s, 0) << " | " << format_number(mb_per_s, 1) << " |\n";
    }
    std::cout << "\nchecksum " << g_checksum << " (printed so the work cannot be optimised away)\n";
    return failures == 0 ? 0 : 1;
}
