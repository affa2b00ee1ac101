// SPDX-License-Identifier: GPL-3.0-or-later
// Test aid (not installed): one process that records sightings into a file-backed database for
// a while, as one of several concurrent writers in the log concurrency test (log_test.cpp).
//
//   log_writer DATA_DIR WORKER SECONDS [MAX_COUNT]
//
// Records sightings of identities 802c-06-2243-<WORKER:2 hex><n:6 hex> until SECONDS have
// passed (or MAX_COUNT were recorded), reopening the database every 25 records as short-lived
// CLI processes do. Prints "recorded N" on stdout; on the first error prints it on stderr and
// exits 1 (exit 3 when the error mentions a lock).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"

namespace {

std::string hex(unsigned value, int digits) {
    static const char* const digit = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = digit[value & 0xfU];
        value >>= 4;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace dimmguard;
    if (argc < 4) {
        std::fprintf(stderr, "usage: log_writer DATA_DIR WORKER SECONDS [MAX_COUNT]\n");
        return 1;
    }
    const std::string data_dir = argv[1];
    const auto worker = static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10));
    const double seconds = std::strtod(argv[3], nullptr);
    const long max_count = argc > 4 ? std::strtol(argv[4], nullptr, 10) : -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);

    long recorded = 0;
    std::optional<db::Database> database;
    while (std::chrono::steady_clock::now() < deadline && (max_count < 0 || recorded < max_count)) {
        if (!database || recorded % 25 == 0) {
            database.reset();
            auto opened = db::Database::open(data_dir);
            if (!opened) {
                std::fprintf(stderr, "worker %u: open: %s\nrecorded %ld\n", worker, opened.error().message.c_str(), recorded);
                std::printf("recorded %ld\n", recorded);
                return opened.error().message.find("locked") != std::string::npos ? 3 : 1;
            }
            database.emplace(std::move(*opened));
        }
        verifier::Sighting s;
        s.identity = verifier::ModuleIdentity{"802c", "06", "2243", hex(worker, 2) + hex(static_cast<unsigned>(recorded), 6)};
        s.fingerprint = "f" + hex(worker, 2);
        s.part_number = "MTC20F2085S1RC48BA1";
        s.verdict = "genuine";
        s.event = verifier::EventKind::burn_in;
        s.context = {{"worker", std::to_string(worker)}, {"n", std::to_string(recorded)}};
        db::SqliteRegistry registry(*database);
        auto r = registry.record_sighting(s);
        if (!r) {
            std::fprintf(stderr, "worker %u: record: %s\n", worker, r.error().message.c_str());
            std::printf("recorded %ld\n", recorded);
            return r.error().message.find("locked") != std::string::npos ? 3 : 1;
        }
        ++recorded;
    }
    std::printf("recorded %ld\n", recorded);
    return 0;
}
