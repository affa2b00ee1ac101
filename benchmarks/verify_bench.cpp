// SPDX-License-Identifier: GPL-3.0-or-later
// End-to-end verify latency: the Inspector on the demo bench (read over the emulated bus,
// decode, rules, registry lookups, signed sighting) against a registry made by
// examples/demo/make-demo-registry.sh. Usage: verify_bench DEMO_DATA_DIR BENCH_JSON [ROUNDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "firmware_io/acquire.hpp"
#include "verifier/inspection.hpp"
#include "verifier/policy.hpp"
#include "verifier/spd_synth.hpp"

using namespace dimmguard;

namespace {
double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    return v[i];
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: verify_bench DEMO_DATA_DIR BENCH_JSON [ROUNDS]\n");
        return 1;
    }
    const int rounds = argc > 3 ? std::atoi(argv[3]) : 50;
    auto db = db::Database::open(argv[1]);
    if (!db) {
        std::fprintf(stderr, "verify_bench: %s\n", db.error().message.c_str());
        return 1;
    }
    auto station = db->station();
    if (!station) return 1;
    db::SqliteRegistry registry(*db);
    firmware_io::AcquireSource source;
    source.kind = firmware_io::AcquireSource::Kind::bench;
    source.bench = argv[2];
    std::vector<double> per_module_us, acquire_us, inspect_us;
    for (int r = 0; r < rounds; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        auto modules = firmware_io::acquire(source, firmware_io::AcquireOptions::with_synth(verifier::synthesize_from_json));
        const auto t1 = std::chrono::steady_clock::now();
        if (!modules) return 1;
        const auto n = modules->size();
        verifier::InspectOptions options;
        options.context["lot"] = "BENCH";
        options.event = verifier::EventKind::bench;  // bench events: no re-entry findings from earlier rounds
        verifier::Inspector inspector(verifier::Policy::builtin(), &registry, station->id, options);
        auto report = inspector.inspect(std::move(*modules));
        const auto t2 = std::chrono::steady_clock::now();
        acquire_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / static_cast<double>(n));
        inspect_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count() / static_cast<double>(n));
        per_module_us.push_back(std::chrono::duration<double, std::micro>(t2 - t0).count() / static_cast<double>(n));
    }
    std::printf("| stage (per module, mean over each round of 16) | p50 us | p99 us | max us |\n|---|---:|---:|---:|\n");
    const auto row = [](const char* name, const std::vector<double>& v) {
        std::printf("| %s | %.0f | %.0f | %.0f |\n", name, percentile(v, 0.5), percentile(v, 0.99), percentile(v, 1.0));
    };
    row("acquire (emulated bus read, synth)", acquire_us);
    row("inspect (decode, rules, lookups, signed sighting)", inspect_us);
    row("end to end", per_module_us);
    std::printf("modules per second end to end (p50): %.0f\n", 1e6 / percentile(per_module_us, 0.5));
    // Each round adds one sighting per module: does a module with a long history cost more?
    if (inspect_us.size() >= 20) {
        const auto mean = [](auto begin, auto end) {
            double sum = 0;
            for (auto it = begin; it != end; ++it) sum += *it;
            return sum / static_cast<double>(end - begin);
        };
        const double first = mean(inspect_us.begin(), inspect_us.begin() + 10);
        const double last = mean(inspect_us.end() - 10, inspect_us.end());
        std::printf("inspect per module, mean of rounds 1-10: %.0f us; of rounds %zu-%zu: %.0f us (ratio %.2f)\n", first, inspect_us.size() - 9,
                    inspect_us.size(), last, last / first);
    }
    return 0;
}
