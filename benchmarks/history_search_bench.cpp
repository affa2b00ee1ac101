// SPDX-License-Identifier: GPL-3.0-or-later
// History search latency (issue #11: under 100 ms on 10 M sightings) of db::find_sightings,
// including the signature check of every row returned.
//
// Build (once, reusable with --dir): a registry whose local inspection log holds N sightings
// (default 10 M), every one signed for real by the station key and hash-chained, loaded through
// db::SightingBulkLoader in one transaction. 1 M module identities (4 makers, random serials)
// are seen 10 times each, spread over the whole period; 2,000 part numbers; a lot per 5,000
// consecutive sightings; one sighting every 6 s (about 1.9 years); verdicts 97 % genuine,
// 2 % suspect, 0.8 % unknown, 0.2 % counterfeit.
//
// Measure: a fresh Database::open_existing (as the History screen opens it), then each kind of
// search, interleaved round-robin over different values, timed per call with steady_clock
// (wall) and the thread's CPU clock; every returned row must verify.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/keys.hpp"
#include "db/sighting_query.hpp"
#include "db/station_log.hpp"
#include "verifier/registry_interface.hpp"

namespace fs = std::filesystem;
using namespace dimmguard;
namespace vf = dimmguard::verifier;

namespace {

constexpr std::time_t first_time = 1'704'067'200;   // 2024-01-01T00:00:00Z
constexpr std::time_t step_seconds = 6;
constexpr std::uint32_t identities = 1'000'000;
constexpr std::uint32_t parts = 2'000;
constexpr std::uint64_t lot_size = 5'000;
constexpr const char* makers[] = {"802c", "80ce", "80ad", "859b"};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "history_search_bench: %s\n", message.c_str());
    std::exit(1);
}

template <class T>
T must(Result<T> r, const std::string& what) {
    if (!r) die(what + ": " + r.error().message);
    return std::move(*r);
}

void must(Result<void> r, const std::string& what) {
    if (!r) die(what + ": " + r.error().message);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::uint64_t mix(std::uint64_t x) {   // splitmix64
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::string hex(std::uint64_t value, int digits) {
    static const char* d = "0123456789abcdef";
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = d[value & 15];
    return out;
}

vf::ModuleIdentity identity(std::uint32_t i) {
    return {makers[i % 4], "06", "2243", hex(mix(i) & 0xffffffffULL, 8)};
}

std::string part_number(std::uint32_t j) { return "MTA" + std::to_string(10000 + j) + "-RC48BA1"; }

std::string rfc3339(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

const char* verdict_of(std::uint64_t s) {
    const std::uint64_t r = mix(s * 7 + 3) % 1000;
    if (r < 2) return "counterfeit";
    if (r < 10) return "unknown";
    if (r < 30) return "suspect";
    return "genuine";
}

vf::Sighting sighting_of(std::uint64_t s, const std::string& station, const std::string& site) {
    const auto i = static_cast<std::uint32_t>(mix(s) % identities);
    vf::Sighting out;
    out.id = station + ":" + std::to_string(s + 1);
    out.identity = identity(i);
    out.fingerprint = hex(mix(i % parts + 77), 16) + hex(mix(i % parts + 78), 16);
    out.part_number = part_number(static_cast<std::uint32_t>(mix(i + 5) % parts));
    out.verdict = verdict_of(s);
    out.station = station;
    out.site = site;
    out.event = vf::EventKind::intake;
    out.context = {{"lot", "LOT-" + std::to_string(s / lot_size)}, {"slot", "A" + std::to_string(s % 8)}};
    out.time = rfc3339(first_time + static_cast<std::time_t>(s) * step_seconds);
    return out;
}

std::vector<std::string> sign_all(const db::KeyPair& key, const std::vector<std::string>& lines) {
    std::vector<std::string> out(lines.size());
    const unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    const std::size_t per = (lines.size() + threads - 1) / threads;
    std::vector<char> ok(lines.size(), 0);
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t first = t * per, last = std::min(lines.size(), first + per);
        if (first >= last) continue;
        pool.emplace_back([&, first, last] {
            for (std::size_t i = first; i < last; ++i) {
                if (auto s = key.sign(db::record_message(lines[i]))) {
                    out[i] = db::signature_hex(*s);
                    ok[i] = 1;
                }
            }
        });
    }
    for (auto& th : pool) th.join();
    if (std::find(ok.begin(), ok.end(), 0) != ok.end()) die("signing failed");
    return out;
}

void build(const fs::path& data, std::uint64_t count) {
    const auto t0 = std::chrono::steady_clock::now();
    auto database = must(db::Database::open(data), "open");
    must(database.set_site("Benchmark intake"), "site");
    const auto station = must(database.station(), "station");
    auto loader = must(db::SightingBulkLoader::begin(database), "begin bulk load");
    std::string prev(db::log_genesis_hash);
    constexpr std::uint64_t chunk = 100'000;
    for (std::uint64_t first = 0; first < count; first += chunk) {
        const std::uint64_t last = std::min(count, first + chunk);
        std::vector<std::string> lines;
        lines.reserve(last - first);
        for (std::uint64_t s = first; s < last; ++s) lines.push_back(db::sighting_line(sighting_of(s, station.id, station.site)));
        const auto signatures = sign_all(station.key, lines);
        for (std::size_t k = 0; k < lines.size(); ++k) {
            const std::string entry = db::log_entry_hash(prev, lines[k], signatures[k]);
            must(loader.add(lines[k], signatures[k], true, prev, entry), "add");
            prev = entry;
        }
        std::fprintf(stderr, "\r  sightings: %" PRIu64 "/%" PRIu64 ", %.0f s", last, count, seconds_since(t0));
    }
    must(loader.set_log_head(static_cast<std::int64_t>(count), prev), "log head");
    const auto t1 = std::chrono::steady_clock::now();
    std::fprintf(stderr, "\n  committing (building the indexes) ...");
    must(loader.commit(), "commit");
    std::fprintf(stderr, " %.0f s\n", seconds_since(t1));
    std::fprintf(stderr, "registry of %" PRIu64 " sightings built in %.0f s\n", count, seconds_since(t0));
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

struct Kind {
    Kind(std::string n, std::function<db::SightingQuery(std::uint64_t)> m) : name(std::move(n)), make(std::move(m)) {}
    std::string name;
    std::function<db::SightingQuery(std::uint64_t)> make;
    std::size_t limit = 200;
    int page = 1;   ///< timed call: this page (the ones before it are fetched, untimed, for its cursor)
    std::vector<double> ms, cpu_ms;
    std::uint64_t rows = 0, more = 0;
};

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t count = 10'000'000;
    std::size_t rounds = 20;
    std::size_t limit = 200;
    fs::path dir;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) die(a + " needs a value");
            return argv[++i];
        };
        if (a == "--sightings") count = std::stoull(next());
        else if (a == "--rounds") rounds = std::stoul(next());
        else if (a == "--limit") limit = std::stoul(next());
        else if (a == "--dir") dir = next();
        else die("usage: history_search_bench [--sightings N] [--rounds R] [--limit ROWS] [--dir DIR]");
    }
    const bool temporary = dir.empty();
    if (temporary) dir = fs::temp_directory_path() / ("history-search-bench-" + std::to_string(::getpid()));
    const fs::path data = dir / "data";
    const std::string params = std::to_string(count);
    std::string stored;
    if (std::ifstream in(dir / "params"); in) std::getline(in, stored);
    if (stored == params && db::registry_exists(data)) {
        std::fprintf(stderr, "reusing %s (%s sightings)\n", dir.c_str(), params.c_str());
    } else {
        fs::remove_all(dir);
        fs::create_directories(dir);
        build(data, count);
        std::ofstream(dir / "params") << params << '\n';
    }

    const auto open_t0 = std::chrono::steady_clock::now();
    auto database = must(db::Database::open_existing(data), "open_existing");
    const double open_ms = seconds_since(open_t0) * 1e3;
    const auto station = must(database.station(), "station");

    // Values taken from the data: a sighting in the middle of round r gives the identity, part,
    // lot and day asked for, so every search has matches.
    const auto pick = [&](std::uint64_t r) { return sighting_of(mix(r + 1000) % count, station.id, station.site); };
    std::vector<Kind> kinds = {
        {"identity key (exact)", [&](std::uint64_t r) { db::SightingQuery q; q.text = pick(r).identity.key(); return q; }},
        {"serial prefix (4 hex)", [&](std::uint64_t r) { db::SightingQuery q; q.text = pick(r).identity.serial.substr(0, 4); return q; }},
        {"identity prefix (maker, 1/4 of rows)", [&](std::uint64_t r) { db::SightingQuery q; q.text = makers[r % 4]; return q; }},
        {"part number (exact)", [&](std::uint64_t r) { db::SightingQuery q; q.part = pick(r).part_number; return q; }},
        {"part prefix (MTA1, ~half)", [&](std::uint64_t) { db::SightingQuery q; q.part = "mta1"; return q; }},
        {"lot", [&](std::uint64_t r) { db::SightingQuery q; q.lot = pick(r).context.at("lot"); return q; }},
        {"verdict counterfeit (0.2 %)", [&](std::uint64_t) { db::SightingQuery q; q.verdict = "counterfeit"; return q; }},
        {"verdict genuine (97 %)", [&](std::uint64_t) { db::SightingQuery q; q.verdict = "genuine"; return q; }},
        {"one day", [&](std::uint64_t r) { db::SightingQuery q; q.from_day = q.to_day = pick(r).time.substr(0, 10); return q; }},
        {"part + counterfeit", [&](std::uint64_t r) { db::SightingQuery q; q.part = pick(r).part_number; q.verdict = "counterfeit"; return q; }},
        {"serial prefix + 30 days", [&](std::uint64_t r) {
             db::SightingQuery q;
             const vf::Sighting s = pick(r);
             q.text = s.identity.serial.substr(0, 3);
             q.to_day = s.time.substr(0, 10);
             q.from_day = rfc3339(first_time + static_cast<std::time_t>(mix(r + 1000) % count) * step_seconds - 30 * 86400).substr(0, 10);
             return q;
         }},
        {"no filter", [&](std::uint64_t) { return db::SightingQuery{}; }},
    };
    // "Show older sightings": the History screen's next pages, each after the last row shown.
    kinds.emplace_back("no filter, page 10 (cursor)", [&](std::uint64_t) { return db::SightingQuery{}; });
    kinds.back().page = 10;
    kinds.emplace_back("part prefix (MTA1), page 10", [&](std::uint64_t) { db::SightingQuery q; q.part = "mta1"; return q; });
    kinds.back().page = 10;
    kinds.emplace_back("lot, page 3", [&](std::uint64_t r) { db::SightingQuery q; q.lot = pick(r).context.at("lot"); return q; });
    kinds.back().page = 3;
    for (auto& k : kinds) k.limit = limit;
    Kind full{"verdict genuine, 10,000 rows in one call", [&](std::uint64_t) { db::SightingQuery q; q.verdict = "genuine"; return q; }};
    full.limit = 10'000;

    const auto run = [&](Kind& k, std::uint64_t r, bool record) {
        db::SightingQuery q = k.make(r);
        for (int p = 1; p < k.page; ++p) {
            auto before = must(db::find_sightings(database, q, k.limit), k.name);
            if (before.rows.empty()) break;
            q.before_time = before.rows.back().order_time;
            q.before_seq = before.rows.back().seq;
        }
        const double c0 = thread_cpu_ms();
        const auto t0 = std::chrono::steady_clock::now();
        auto found = must(db::find_sightings(database, q, k.limit), k.name);
        const double ms = seconds_since(t0) * 1e3;
        const double cpu = thread_cpu_ms() - c0;
        for (const auto& row : found.rows) {
            if (!row.verified) die(k.name + ": unverified row " + std::to_string(row.seq) + ": " + row.problem);
        }
        if (record) {
            k.ms.push_back(ms);
            k.cpu_ms.push_back(cpu);
            k.rows += found.rows.size();
            k.more += found.more ? 1 : 0;
        }
    };
    for (auto& k : kinds) run(k, 0, false);   // warm-up
    for (std::size_t r = 1; r <= rounds; ++r) {
        for (auto& k : kinds) run(k, r, true);
    }
    for (std::size_t r = 1; r <= std::max<std::size_t>(3, rounds / 4); ++r) run(full, r, true);

    std::printf("history_search_bench: %" PRIu64 " sightings, %zu rounds, limit %zu rows (open_existing %.1f ms)\n", count, rounds, limit,
                open_ms);
    std::printf("%-46s %9s %9s %9s %9s %9s %8s %6s\n", "search", "p50 ms", "p95 ms", "max ms", "cpu p50", "cpu max", "rows/q", "more");
    kinds.push_back(std::move(full));
    for (const auto& k : kinds) {
        std::printf("%-46s %9.1f %9.1f %9.1f %9.1f %9.1f %8.0f %3" PRIu64 "/%zu\n", k.name.c_str(), percentile(k.ms, 0.5),
                    percentile(k.ms, 0.95), percentile(k.ms, 1.0), percentile(k.cpu_ms, 0.5), percentile(k.cpu_ms, 1.0),
                    static_cast<double>(k.rows) / static_cast<double>(k.ms.size()), k.more, k.ms.size());
    }
    std::error_code ec;
    std::printf("database: %.1f MB\n", static_cast<double>(fs::file_size(db::registry_path(data), ec)) / 1e6);
    if (temporary) fs::remove_all(dir, ec);
    return 0;
}
