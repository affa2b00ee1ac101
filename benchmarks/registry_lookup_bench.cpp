// SPDX-License-Identifier: GPL-3.0-or-later
// Lookup latency of the registry (issue #4: p99 <= 1 ms including signature verification) with
// 1 M parts, 1 M issued serials and 10 M sightings.
//
// Build (once, reusable with --dir): a trust root and publishers through TrustStore; a parts,
// a serials and a revocations bundle signed for real and imported with import_bundle; then the
// sightings, inserted in bulk with SQL in one transaction. Sightings carry real canonical lines
// and a consistent hash chain, but only the sightings of the identities the benchmark queries
// are signed for real (by the local station key, or by a second, trusted station's key for
// "imported" rows); the others carry a dummy signature. Lookups only verify the rows of the
// identity asked for, so this does not change what is measured; `dimmguard log verify` would
// report the dummy-signed local entries as edited.
//
// The data is consistent enough for the verifier: part records carry the real fingerprint of
// the image the synthesizer makes for that part, serials carry their part's maker and a valid
// date, and every identity's 10 sightings tell a plausible life (intake, bench, burn-in, ship;
// at another station; returned, bench, burn-in).
//
// Measure: a fresh Database::open + SqliteRegistry (as `dimmguard verify` does), then every
// kind of lookup interleaved round-robin, each timed per call with steady_clock, after a
// warm-up. Every answer is checked: the expected records, all trusted, nothing tampered.
// Then end to end (issue #5): `verify`'s flow (acquire from an emulated bench, Inspector,
// recording) on modules with issued serials and 10 earlier sightings, one module per verify
// (intake) and 16 per verify (a server at burn-in); every module must come out genuine.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/sighting_query.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"
#include "firmware_io/acquire.hpp"
#include "verifier/custody.hpp"
#include "verifier/inspection.hpp"
#include "verifier/policy.hpp"
#include "verifier/registry_interface.hpp"
#include "verifier/spd_synth.hpp"

namespace fs = std::filesystem;
using namespace dimmguard;
using namespace dimmguard::db;
namespace vf = dimmguard::verifier;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";
constexpr const char* created = "2026-01-01T00:00:00Z";
constexpr const char* expires = "2027-01-01T00:00:00Z";
constexpr std::time_t first_sighting_time = 1'748'736'000;  // 2025-06-01T00:00:00Z, one per second after
constexpr const char* makers[] = {"802c", "80ce", "80ad", "859b"};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "registry_lookup_bench: %s\n", message.c_str());
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

struct Params {
    std::uint32_t parts = 1'000'000;
    std::uint32_t serials = 1'000'000;
    std::uint64_t sightings = 10'000'000;
    std::uint32_t queried = 20'000;   ///< identities whose sightings are signed for real
    std::uint64_t seed = 42;

    [[nodiscard]] std::string text() const {
        return std::to_string(parts) + " " + std::to_string(serials) + " " + std::to_string(sightings) + " " + std::to_string(queried) +
               " " + std::to_string(seed);
    }
    [[nodiscard]] std::uint32_t revocations() const { return (serials + 99) / 100; }
};

// ---- the synthetic registry (deterministic from the indices) ----------------------------

std::string part_number(std::uint32_t j) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "DG%cR%07u-%s", j % 2 ? '5' : '4', j, j % 2 ? "4800" : "3200");
    return buf;
}

std::uint32_t part_of_serial(std::uint32_t i, std::uint32_t parts) { return static_cast<std::uint32_t>((std::uint64_t{i} * 7919U) % parts); }
bool revoked(std::uint32_t i) { return i % 100 == 0; }

/// Number of parts of the registry being built or measured (identity() needs it: a serial's
/// maker is its part's maker).
std::uint32_t g_parts = 1;

/// The module maker of part j; the DRAM is the maker's own (Crucial modules carry Micron DRAM),
/// as the built-in policy expects of first-party modules.
const char* part_maker(std::uint32_t j) { return makers[j % 4]; }
const char* part_dram_maker(std::uint32_t j) { return j % 4 == 3 ? "802c" : makers[j % 4]; }

/// The SPD of part j: odd parts DDR5 RDIMM 64 GB 2Rx4 4800, even parts DDR4 RDIMM 32 GB 2Rx4
/// 3200. Every image the synthesizer makes from this (with any identity) has part j's fingerprint.
vf::SynthSpec part_spec(std::uint32_t j) {
    vf::SynthSpec s;
    const bool ddr5 = j % 2 != 0;
    s.type = ddr5 ? dimmguard::Generation::ddr5 : dimmguard::Generation::ddr4;
    s.module_type = "RDIMM";
    s.capacity_bytes = (ddr5 ? 64ULL : 32ULL) << 30;
    s.ranks = 2;
    s.device_width = 4;
    s.speed_mts = ddr5 ? 4800 : 3200;
    s.maker = part_maker(j);
    s.dram_maker = part_dram_maker(j);
    s.part_number = part_number(j);
    return s;
}

/// The fingerprint of part j's image (0), or of a second accepted SPD revision that no module
/// here carries (1). g_fingerprints holds the real ones, filled by compute_fingerprints().
std::vector<std::string> g_fingerprints;

std::string fingerprint(std::uint32_t j, int which) {
    if (which == 0) return g_fingerprints.at(j);
    return sha256_hex("part " + std::to_string(j) + " revision B");
}

/// Synthesize and decode one image per part, on all cores (about 1M images at registry scale).
void compute_fingerprints(std::uint32_t parts) {
    const auto t0 = std::chrono::steady_clock::now();
    g_fingerprints.assign(parts, std::string());
    const unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    std::atomic<bool> failed{false};
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (std::uint32_t j = t; j < parts; j += threads) {
                auto image = vf::synthesize(part_spec(j));
                auto spd = image ? vf::decode_spd(*image) : Result<vf::DecodedSpd>(tl::unexpected(image.error()));
                if (!spd || !spd->fingerprint.available) {
                    failed = true;
                    return;
                }
                g_fingerprints[j] = spd->fingerprint.sha256_hex;
            }
        });
    }
    for (auto& th : pool) th.join();
    if (failed) die("could not synthesize the part images");
    std::fprintf(stderr, "  fingerprints of %u part images (synthesized and decoded) in %.1f s\n", parts, seconds_since(t0));
}

/// Part j's record, as `bundle build --from-spd` would write it from the image, plus the
/// second revision's fingerprint for every third part.
vf::PartRecord part_record(std::uint32_t j) {
    static const vf::DecodedSpd ddr4 = *vf::decode_spd(*vf::synthesize(part_spec(0)));
    static const vf::DecodedSpd ddr5 = *vf::decode_spd(*vf::synthesize(part_spec(1)));
    const vf::DecodedSpd& spd = j % 2 ? ddr5 : ddr4;
    vf::PartRecord p;
    p.part_number = part_number(j);
    p.fingerprints = {fingerprint(j, 0)};
    if (j % 3 == 0) p.fingerprints.push_back(fingerprint(j, 1));
    std::sort(p.fingerprints.begin(), p.fingerprints.end());
    p.memory_type = std::string(dimmguard::generation_name(spd.type));
    p.module_type = spd.module_type;
    p.capacity_bytes = spd.geometry.capacity_bytes;
    p.ranks = spd.geometry.package_ranks;
    p.device_width = spd.geometry.device_width;
    p.die_density_mbit = spd.geometry.die_density_mbit;
    p.speed_mts = spd.timings.speed_grade_mts != 0 ? spd.timings.speed_grade_mts : spd.timings.speed_mts;
    p.dram_makers = {part_dram_maker(j)};
    p.date_from = "2022-W01";
    return p;
}

/// Serial i: its part's maker, location 00..0f, a valid BCD date 2022-W01..W40, and a 32-bit
/// serial (a bijection of i).
vf::ModuleIdentity identity(std::uint32_t i) {
    char loc[3], date[5], serial[9];
    std::snprintf(loc, sizeof loc, "%02x", (i / 7) % 16);
    std::snprintf(date, sizeof date, "22%02u", 1 + (i / 100'000) % 40);
    std::snprintf(serial, sizeof serial, "%08x", (i + 1) * 2654435761U);  // a bijection of the 32-bit serials
    return {part_maker(part_of_serial(i, g_parts)), loc, date, serial};
}

/// An identity no serials bundle lists (locations 10..1f are never issued) but of a maker
/// that publishes its serials.
vf::ModuleIdentity unissued_identity(std::uint32_t i) {
    vf::ModuleIdentity id = identity(i);
    char loc[3];
    std::snprintf(loc, sizeof loc, "%02x", 0x10 + i % 16);
    id.location = loc;
    return id;
}

/// A permutation of 0..n-1 for sighting round r: k -> (k * a + b) mod n.
struct Round {
    std::uint64_t a = 1, b = 0;
};
Round round_permutation(std::uint64_t r, std::uint64_t n) {
    static constexpr std::uint64_t primes[] = {7919, 104729, 1299709, 15485863, 179424673, 2147483647, 3, 11, 13, 17};
    std::uint64_t a = primes[r % std::size(primes)] + 2 * (r / std::size(primes));
    while (std::gcd(a % n == 0 ? n : a % n, n) != 1) ++a;
    return {a % n == 0 ? 1 : a % n, (r * 40503U) % n};
}

std::string rfc3339(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

/// Sign `texts` in parallel with `key` (one Ed25519 signature each), as BundleWriter does.
std::vector<std::string> sign_all(const KeyPair& key, const std::vector<std::string>& messages) {
    std::vector<std::string> out(messages.size());
    const unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    const std::size_t per = (messages.size() + threads - 1) / threads;
    std::vector<char> ok(messages.size(), 0);
    for (unsigned t = 0; t < threads; ++t) {
        const std::size_t first = t * per, last = std::min(messages.size(), first + per);
        if (first >= last) continue;
        pool.emplace_back([&, first, last] {
            for (std::size_t i = first; i < last; ++i) {
                auto s = key.sign(messages[i]);
                if (s) {
                    out[i] = signature_hex(*s);
                    ok[i] = 1;
                }
            }
        });
    }
    for (auto& th : pool) th.join();
    if (std::find(ok.begin(), ok.end(), 0) != ok.end()) die("signing failed");
    return out;
}

struct Keys {
    KeyPair root, parts, serials, revocations, remote_station;
};

Keys make_keys(const fs::path& dir) {
    Keys k{must(KeyPair::generate(), "keygen"), must(KeyPair::generate(), "keygen"), must(KeyPair::generate(), "keygen"),
           must(KeyPair::generate(), "keygen"), must(KeyPair::generate(), "keygen")};
    must(k.remote_station.save_pem(dir / "remote-station.key", true), "save key");
    return k;
}

void write_bundle(const KeyPair& key, const std::string& role, std::uint32_t count, const std::function<std::string(std::uint32_t)>& text,
                  const fs::path& path) {
    const auto t0 = std::chrono::steady_clock::now();
    auto writer = must(BundleWriter::create(key, {role, 1, created, expires, 0}), "writer");
    constexpr std::uint32_t chunk = 50'000;
    for (std::uint32_t first = 0; first < count; first += chunk) {
        std::vector<std::string> texts;
        for (std::uint32_t i = first; i < std::min(count, first + chunk); ++i) texts.push_back(text(i));
        must(writer.add_many(texts), "sign " + role);
        std::fprintf(stderr, "\r  %s: signed %u/%u records", role.c_str(), std::min(count, first + chunk), count);
    }
    must(writer.finish_file(path), "write bundle");
    std::fprintf(stderr, "\n  %s: bundle written in %.1f s (%.1f MB)\n", role.c_str(), seconds_since(t0),
                 static_cast<double>(fs::file_size(path)) / 1e6);
}

void import(Database& db, const fs::path& path) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = must(import_bundle(db, path, now), "import " + path.string());
    std::fprintf(stderr, "  imported %llu records from %s in %.1f s\n", static_cast<unsigned long long>(r.records), path.filename().c_str(),
                 seconds_since(t0));
    fs::remove(path);
}

/// The whole registry, into dir/data. Writes dir/params and dir/queried when complete.
void build(const fs::path& dir, const Params& p) {
    const auto t_all = std::chrono::steady_clock::now();
    fs::remove_all(dir / "data");
    fs::remove(dir / "params");
    fs::create_directories(dir);
    std::fprintf(stderr, "building the registry in %s (%u parts, %u serials, %u revocations, %llu sightings)\n", (dir / "data").c_str(),
                 p.parts, p.serials, p.revocations(), static_cast<unsigned long long>(p.sightings));
    compute_fingerprints(p.parts);
    Keys keys = make_keys(dir);
    auto db = must(Database::open(dir / "data"), "open");
    must(db.set_site("Shenzhen DC2 intake"), "site");
    const Station self = must(db.station(), "station key");

    // Trust: one root, a publisher per role, and a second station whose sightings were imported.
    TrustStore store(db);
    must(store.init({keys.root.public_key()}, 1), "trust init");
    TrustDocument doc;
    doc.version = 1;
    doc.created = created;
    doc.expires = expires;
    doc.roots = {{keys.root.public_key().id(), keys.root.public_key()}};
    doc.publishers = {{keys.parts.public_key().id(), keys.parts.public_key(), {"parts"}, expires},
                      {keys.serials.public_key().id(), keys.serials.public_key(), {"serials"}, expires},
                      {keys.revocations.public_key().id(), keys.revocations.public_key(), {"revocations"}, expires},
                      {keys.remote_station.public_key().id(), keys.remote_station.public_key(), {"station"}, expires}};
    (void)must(store.accept_document(must(sign_trust_document(doc, {keys.root}), "sign trust"), now), "accept trust");

    auto t0 = std::chrono::steady_clock::now();
    write_bundle(keys.parts, "parts", p.parts, [](std::uint32_t j) { return encode_part(part_record(j)); }, dir / "parts.bundle");
    import(db, dir / "parts.bundle");
    write_bundle(
        keys.serials, "serials", p.serials, [&](std::uint32_t i) { return encode_serial({identity(i), part_number(part_of_serial(i, p.parts))}); },
        dir / "serials.bundle");
    import(db, dir / "serials.bundle");
    write_bundle(
        keys.revocations, "revocations", p.revocations(), [](std::uint32_t n) { return encode_revocation({identity(n * 100), "cloned: seen in two places"}); },
        dir / "revocations.bundle");
    import(db, dir / "revocations.bundle");
    const double bundles_s = seconds_since(t0);

    // Sightings: rounds over all identities, each in its own pseudo-random order, so the rows of
    // one identity lie far apart in the table (as a log filled over months would have them).
    std::mt19937_64 random(p.seed);
    std::vector<std::uint32_t> all(p.serials);
    std::iota(all.begin(), all.end(), 0U);
    std::vector<std::uint32_t> queried;
    std::sample(all.begin(), all.end(), std::back_inserter(queried), std::min<std::uint32_t>(p.queried, p.serials), random);
    std::vector<char> is_queried(p.serials, 0);
    for (auto q : queried) is_queried[q] = 1;
    std::vector<std::uint8_t> count(p.serials, 0);

    t0 = std::chrono::steady_clock::now();
    // Bulk-load settings for this one transaction only (restored by commit; a fresh open measures).
    {
        auto loader = must(SightingBulkLoader::begin(db), "begin bulk load");
        const std::string dummy_signature(128, '0');
        const std::string remote_id = keys.remote_station.public_key().id();
        std::string prev(log_genesis_hash);
        std::int64_t local_count = 0, remote_count = 0, signed_count = 0;
        constexpr std::uint64_t chunk = 100'000;
        // A module's life over the 10 rounds: intake, bench test, burn-in and shipping here; then
        // intake, bench and shipping at the other station (imported); then returned here, bench
        // and burn-in again. Consistent: nothing is held at two places, no re-entry without a return.
        static constexpr vf::EventKind events[] = {vf::EventKind::intake, vf::EventKind::bench,  vf::EventKind::burn_in, vf::EventKind::ship,
                                                   vf::EventKind::intake, vf::EventKind::bench,  vf::EventKind::ship,    vf::EventKind::return_,
                                                   vf::EventKind::bench,  vf::EventKind::burn_in};
        struct Row {
            vf::Sighting s;
            std::string line;
            bool local = true;
            bool sign = false;
        };
        for (std::uint64_t first = 0; first < p.sightings; first += chunk) {
            const std::uint64_t last = std::min(p.sightings, first + chunk);
            std::vector<Row> rows;
            rows.reserve(last - first);
            std::vector<std::string> local_msgs, remote_msgs;
            for (std::uint64_t s = first; s < last; ++s) {
                const std::uint64_t r = s / p.serials, k = s % p.serials;
                const Round perm = round_permutation(r, p.serials);
                const auto i = static_cast<std::uint32_t>((k * perm.a + perm.b) % p.serials);
                Row row;
                row.local = r % 10 < 4 || r % 10 > 6;  // rounds 4-6 were at the other station and imported
                row.sign = is_queried[i] != 0;
                const std::uint32_t j = part_of_serial(i, p.parts);
                row.s.id = row.local ? self.id + ":" + std::to_string(++local_count) : remote_id + ":" + std::to_string(++remote_count);
                row.s.identity = identity(i);
                row.s.fingerprint = fingerprint(j, 0);
                row.s.part_number = part_number(j);
                row.s.verdict = "genuine";
                row.s.station = row.local ? self.id : remote_id;
                row.s.site = row.local ? self.site : "Frankfurt RMA";
                row.s.event = events[r % 10];
                row.s.context = {{"lot", "LOT-" + std::to_string(s / 5000)}, {"bench", "b" + std::to_string(s % 4)}, {"slot", "A" + std::to_string(k % 8)}};
                row.s.time = rfc3339(first_sighting_time + static_cast<std::time_t>(s));
                row.line = sighting_line(row.s);
                if (row.sign) (row.local ? local_msgs : remote_msgs).push_back(record_message(row.line));
                ++count[i];
                rows.push_back(std::move(row));
            }
            const auto local_sigs = sign_all(self.key, local_msgs);
            const auto remote_sigs = sign_all(keys.remote_station, remote_msgs);
            std::size_t next_local = 0, next_remote = 0;
            for (const Row& row : rows) {
                const std::string& signature = !row.sign ? dummy_signature : row.local ? local_sigs[next_local++] : remote_sigs[next_remote++];
                signed_count += row.sign ? 1 : 0;
                if (row.local) {
                    const std::string entry = log_entry_hash(prev, row.line, signature);
                    must(loader.add(row.line, signature, true, prev, entry), "insert sighting");
                    prev = entry;
                } else {
                    must(loader.add(row.line, signature, false), "insert sighting");
                }
            }
            std::fprintf(stderr, "\r  sightings: %llu/%llu rows (%lld signed for real), %.0f s", static_cast<unsigned long long>(last),
                         static_cast<unsigned long long>(p.sightings), static_cast<long long>(signed_count), seconds_since(t0));
        }
        // The signed head of the local log, and the imported station, as the real code writes them.
        must(loader.set_log_head(local_count, prev), "log head");
        must(loader.note_station(keys.remote_station.public_key(), "Frankfurt RMA"), "note station");
        std::fprintf(stderr, "\n  committing (indexes, ANALYZE) ...");
        must(loader.commit(/*analyze=*/true), "commit");
    }
    const double sightings_s = seconds_since(t0);
    std::fprintf(stderr, " done in %.1f s\n", sightings_s);

    std::ofstream q(dir / "queried");
    for (auto i : queried) q << i << ' ' << static_cast<unsigned>(count[i]) << '\n';
    q.close();
    std::ofstream(dir / "params") << p.text() << '\n';
    std::ofstream(dir / "build-times") << bundles_s << ' ' << sightings_s << ' ' << seconds_since(t_all) << '\n';
    std::fprintf(stderr, "registry built in %.0f s (bundles: sign + import %.0f s; sightings %.0f s)\n", seconds_since(t_all), bundles_s,
                 sightings_s);
}

// ---- measuring ---------------------------------------------------------------------------

struct Kind {
    std::string name;
    std::string note;
    std::function<bool(std::uint64_t)> call;  ///< one lookup (the argument picks the key); false = wrong answer
    std::vector<double> us;      ///< wall time per call (steady_clock)
    std::vector<double> cpu_us;  ///< this thread's CPU time per call (excludes waiting for a core)
    std::uint64_t failures = 0;
    std::uint64_t records = 0;  ///< trusted records returned (all calls)
    bool on = true;             ///< timed in this run (--only)
};

double thread_cpu_us() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

double percentile(const std::vector<double>& sorted, double p) {
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

template <class T>
bool clean(const Result<vf::Lookup<T>>& r, std::size_t expected, std::uint64_t& records) {
    if (!r) {
        std::fprintf(stderr, "lookup error: %s\n", r.error().message.c_str());
        return false;
    }
    for (const auto& t : r->tampered) std::fprintf(stderr, "TAMPERED: %s\n", t.c_str());
    for (const auto& t : r->rolled_back) std::fprintf(stderr, "ROLLED BACK: %s\n", t.c_str());
    records += r->trusted.size();
    return r->tampered.empty() && r->rolled_back.empty() && !r->stale && r->trusted.size() == expected;
}


/// What the history rules get (registry.history(): the custody fold of `expected` sightings).
bool clean(const Result<vf::History>& r, std::size_t expected, std::uint64_t& records) {
    if (!r) {
        std::fprintf(stderr, "history error: %s\n", r.error().message.c_str());
        return false;
    }
    for (const auto& t : r->tampered) std::fprintf(stderr, "TAMPERED: %s\n", t.c_str());
    for (const auto& t : r->rolled_back) std::fprintf(stderr, "ROLLED BACK: %s\n", t.c_str());
    records += r->fold.custody().sightings;
    return r->tampered.empty() && r->rolled_back.empty() && r->fold.custody().sightings == expected;
}

// ---- end-to-end verify (issue #5) ----------------------------------------------------------

/// The image of module i (serial i, its part's spec) as a raw file.
void write_module_image(std::uint32_t i, const fs::path& file) {
    const vf::ModuleIdentity id = identity(i);
    vf::SynthSpec s = part_spec(part_of_serial(i, g_parts));
    s.serial_hex = id.serial;
    s.location = static_cast<std::uint8_t>(std::stoul(id.location, nullptr, 16));
    s.year = 2022;
    s.week = 1 + static_cast<int>((i / 100'000) % 40);
    const auto image = must(vf::synthesize(s), "synthesize module " + id.key());
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(image.data()), static_cast<std::streamsize>(image.size()));
    if (!out) die("cannot write " + file.string());
}

/// An emulated bench file: one bus per 8 modules (addresses 0x50-0x57), slots labelled A1...
void write_bench(const fs::path& file, const std::vector<std::uint32_t>& modules, const fs::path& images) {
    nlohmann::ordered_json buses = nlohmann::ordered_json::array();
    for (std::size_t b = 0; b * 8 < modules.size(); ++b) {
        nlohmann::ordered_json slots = nlohmann::ordered_json::array();
        for (std::size_t k = b * 8; k < std::min(modules.size(), b * 8 + 8); ++k) {
            const fs::path image = images / ("module-" + std::to_string(modules[k]) + ".bin");
            write_module_image(modules[k], image);
            char address[8];
            std::snprintf(address, sizeof address, "0x%02zx", 0x50 + k % 8);
            slots.push_back({{"address", address}, {"label", std::string(1, static_cast<char>('A' + b)) + std::to_string(k % 8 + 1)},
                             {"spd", {{"file", image.string()}}}});
        }
        buses.push_back({{"name", "i2c-" + std::to_string(b)}, {"adapter", "SMBus I801 adapter"}, {"clock_hz", 100000}, {"slots", slots}});
    }
    nlohmann::ordered_json bench = {{"schema_version", 1}, {"description", "registry_lookup_bench end-to-end verify"}, {"buses", buses}};
    std::ofstream(file) << bench.dump(2) << '\n';
}

/// Timestamps of the Inspector's "checking <module>" steps: per-module latency inside one scan.
class StepClock final : public vf::ProgressSink {
public:
    std::vector<std::chrono::steady_clock::time_point> marks;
    void step(std::string_view what) override {
        if (what.rfind("checking ", 0) == 0) marks.push_back(std::chrono::steady_clock::now());
    }
};

struct VerifyStats {
    std::vector<double> us, cpu_us;
    std::map<std::string, int> verdicts;
    std::map<std::string, int> findings;  ///< codes on modules that were not genuine
    int modules = 0;
    double wall_s = 0;
};

void tally(const vf::InspectionResult& report, VerifyStats& stats) {
    for (const auto& m : report.modules) {
        ++stats.modules;
        ++stats.verdicts[std::string(vf::verdict_name(m.verdict))];
        if (m.error) ++stats.findings["read error: " + m.error->message];
        if (m.verdict == vf::Verdict::genuine) continue;
        for (const auto& f : m.check.findings) ++stats.findings[std::string(vf::finding_code_name(f.code))];
    }
}

/// Runs `dimmguard verify`'s flow (firmware_io::acquire on an emulated bench, then the
/// Inspector with every rule, the registry lookups and one signed sighting per module) on
/// modules whose serials were issued and seen 10 times before.
///  - desk: one module per verify at a warehouse desk, event return (each module's history here
///    ends in a burn-in, i.e. installed in a server, so custody judges a plain `intake` of it a
///    second module carrying the identity, DUP_SERIAL; a module back from a server is a return);
///  - burn-in: 16 modules per verify (a server), event burn-in.
void verify_end_to_end(const fs::path& dir, vf::RegistryInterface& registry, const std::string& station, const std::vector<std::uint32_t>& pool,
                       std::size_t intake_modules, std::size_t servers) {
    const fs::path work = dir / "verify-work";
    fs::remove_all(work);
    fs::create_directories(work);
    std::vector<std::uint32_t> ddr4, ddr5;
    for (auto i : pool) (part_of_serial(i, g_parts) % 2 ? ddr5 : ddr4).push_back(i);
    // Every identity taken gets a new sighting, so it is listed in verify-used and later runs
    // leave it out of their pool.
    std::vector<std::uint32_t> taken;
    const auto take = [&taken](std::vector<std::uint32_t>& from, std::size_t n) {
        if (from.size() < n) die("not enough unused identities for the verify run (delete the registry directory to rebuild)");
        std::vector<std::uint32_t> out(from.begin(), from.begin() + static_cast<std::ptrdiff_t>(n));
        from.erase(from.begin(), from.begin() + static_cast<std::ptrdiff_t>(n));
        taken.insert(taken.end(), out.begin(), out.end());
        return out;
    };
    // Prepare every bench file first (not timed).
    std::vector<fs::path> intake_benches, server_benches;
    for (std::size_t k = 0; k < intake_modules; ++k) {
        const fs::path bench = work / ("intake-" + std::to_string(k) + ".json");
        write_bench(bench, take(k % 2 ? ddr5 : ddr4, 1), work);
        intake_benches.push_back(bench);
    }
    for (std::size_t k = 0; k < servers; ++k) {
        const fs::path bench = work / ("server-" + std::to_string(k) + ".json");
        write_bench(bench, take(k % 2 ? ddr5 : ddr4, 16), work);
        server_benches.push_back(bench);
    }
    {
        std::ofstream used(dir / "verify-used", std::ios::app);  // identities with a new sighting: never reused
        for (auto i : taken) used << i << '\n';
    }

    const auto inspect = [&](const fs::path& bench, vf::EventKind event, const std::string& server, StepClock* clock) {
        firmware_io::AcquireSource source;
        source.kind = firmware_io::AcquireSource::Kind::bench;
        source.bench = bench;
        auto modules = must(firmware_io::acquire(source, firmware_io::AcquireOptions::with_synth(vf::synthesize_from_json)), "acquire " + bench.string());
        vf::InspectOptions options;
        options.event = event;
        options.context = {{"lot", "PO-2026-0601"}, {"bench", "b1"}};
        if (!server.empty()) options.context["server"] = server;
        options.today_week = "2026-W22";
        vf::Inspector inspector(vf::Policy::builtin(), &registry, station, options, clock);
        return inspector.inspect(std::move(modules));
    };

    VerifyStats intake, burn_in, per_module;
    auto t_all = std::chrono::steady_clock::now();
    for (const auto& bench : intake_benches) {
        const double c0 = thread_cpu_us();
        const auto t0 = std::chrono::steady_clock::now();
        const auto report = inspect(bench, vf::EventKind::return_, "", nullptr);
        const auto t1 = std::chrono::steady_clock::now();
        intake.us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        intake.cpu_us.push_back(thread_cpu_us() - c0);
        tally(report, intake);
    }
    intake.wall_s = seconds_since(t_all);
    t_all = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < server_benches.size(); ++k) {
        StepClock clock;
        const double c0 = thread_cpu_us();
        const auto t0 = std::chrono::steady_clock::now();
        const auto report = inspect(server_benches[k], vf::EventKind::burn_in, "srv-" + std::to_string(k), &clock);
        const auto t1 = std::chrono::steady_clock::now();
        burn_in.us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        burn_in.cpu_us.push_back(thread_cpu_us() - c0);
        tally(report, burn_in);
        // Per module inside the scan: from one "checking" step to the next (the last to the end,
        // which includes the scan-level rules).
        clock.marks.push_back(t1);
        for (std::size_t m = 1; m < clock.marks.size(); ++m) {
            per_module.us.push_back(std::chrono::duration<double, std::micro>(clock.marks[m] - clock.marks[m - 1]).count());
        }
    }
    burn_in.wall_s = seconds_since(t_all);
    fs::remove_all(work);

    std::printf("\nend-to-end verify (acquire over the emulated bus, decode, every rule, registry lookups, one signed sighting per module):\n\n");
    std::printf("| %-40s | %6s | %8s | %8s | %8s | %8s | %8s | %10s |\n", "verify", "calls", "p50 ms", "p99 ms", "max ms", "CPU p50", "CPU p99",
                "modules/s");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    const auto row = [](const char* name, VerifyStats& v, double modules_per_s) {
        if (v.us.empty()) return;
        std::sort(v.us.begin(), v.us.end());
        std::sort(v.cpu_us.begin(), v.cpu_us.end());
        const bool cpu = !v.cpu_us.empty();
        std::printf("| %-40s | %6zu | %8.2f | %8.2f | %8.2f | %8s | %8s | %10s |\n", name, v.us.size(), percentile(v.us, 0.5) / 1e3,
                    percentile(v.us, 0.99) / 1e3, v.us.back() / 1e3, cpu ? std::to_string(percentile(v.cpu_us, 0.5) / 1e3).substr(0, 5).c_str() : "",
                    cpu ? std::to_string(percentile(v.cpu_us, 0.99) / 1e3).substr(0, 5).c_str() : "",
                    modules_per_s > 0 ? std::to_string(static_cast<int>(modules_per_s)).c_str() : "");
    };
    row("desk: 1 module per verify (return)", intake, intake.wall_s > 0 ? intake.modules / intake.wall_s : 0);
    row("burn-in: 16 modules per verify (server)", burn_in, burn_in.wall_s > 0 ? burn_in.modules / burn_in.wall_s : 0);
    row("  one module within a burn-in verify", per_module, 0);
    bool all_genuine = true;
    for (const VerifyStats* v : {&intake, &burn_in}) {
        std::string verdicts;
        for (const auto& [name, n] : v->verdicts) {
            verdicts += (verdicts.empty() ? "" : ", ") + name + " " + std::to_string(n);
            if (name != "genuine") all_genuine = false;
        }
        std::printf("%s verdicts: %s\n", v == &intake ? "desk" : "burn-in", verdicts.c_str());
        for (const auto& [code, n] : v->findings) std::printf("  finding on a non-genuine module: %s x%d\n", code.c_str(), n);
    }
    if (!all_genuine) die("end-to-end verify: every module here is genuine by construction, but some were not judged so (see above)");
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    Params p;
    fs::path dir;
    std::uint64_t lookups = 10'000, warmup = 1'000;
    bool keep = false;
    std::size_t verify_intake = 400, verify_servers = 40;
    std::string only;  ///< --only PREFIX: time only the lookup kinds whose name starts with it
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto next = [&]() -> std::string {
            if (i + 1 >= args.size()) die("missing value after " + args[i]);
            return args[++i];
        };
        if (args[i] == "--dir") dir = next(), keep = true;
        else if (args[i] == "--parts") p.parts = static_cast<std::uint32_t>(std::stoul(next()));
        else if (args[i] == "--serials") p.serials = static_cast<std::uint32_t>(std::stoul(next()));
        else if (args[i] == "--sightings") p.sightings = std::stoull(next());
        else if (args[i] == "--queried") p.queried = static_cast<std::uint32_t>(std::stoul(next()));
        else if (args[i] == "--lookups") lookups = std::stoull(next());
        else if (args[i] == "--warmup") warmup = std::stoull(next());
        else if (args[i] == "--seed") p.seed = std::stoull(next());
        else if (args[i] == "--verify-intake") verify_intake = std::stoull(next());
        else if (args[i] == "--verify-servers") verify_servers = std::stoull(next());
        else if (args[i] == "--only") only = next();
        else die("usage: registry_lookup_bench [--dir DIR (kept and reused)] [--parts N] [--serials N] [--sightings N] [--queried N] "
                 "[--lookups N] [--warmup N] [--seed S] [--verify-intake N] [--verify-servers N] [--only KIND]");
    }
    if (p.parts == 0 || p.serials == 0 || p.queried == 0) die("--parts, --serials and --queried must be positive");
    g_parts = p.parts;
    if (dir.empty()) dir = fs::temp_directory_path() / ("dimmguard-lookup-bench-" + std::to_string(::getpid()));

    std::string stored;
    if (std::ifstream in(dir / "params"); in) std::getline(in, stored);
    if (stored == p.text() && fs::exists(registry_path(dir / "data"))) {
        std::fprintf(stderr, "reusing the registry in %s\n", (dir / "data").c_str());
    } else {
        build(dir, p);
        if (keep) std::fprintf(stderr, "kept: run again with --dir %s (same sizes) to skip the build\n", dir.c_str());
    }

    std::vector<std::pair<std::uint32_t, std::size_t>> queried;  // identity index, sightings of it
    {
        std::ifstream in(dir / "queried");
        std::uint32_t i = 0;
        std::size_t n = 0;
        while (in >> i >> n) queried.emplace_back(i, n);
        if (queried.empty()) die((dir / "queried").string() + ": missing");
    }
    // The first half of the queried identities is for the lookups (their sighting counts must not
    // change); the second half for the end-to-end verify runs, which record a sighting for each
    // module they verify, so every run takes identities no earlier run used.
    std::vector<std::uint32_t> verify_pool;
    {
        const std::size_t half = queried.size() / 2;
        std::vector<char> used(p.serials, 0);
        if (std::ifstream in(dir / "verify-used"); in) {
            for (std::uint32_t i = 0; in >> i;) used.at(i) = 1;
        }
        for (std::size_t k = half; k < queried.size(); ++k) {
            const std::uint32_t i = queried[k].first;
            if (!used[i] && !revoked(i)) verify_pool.push_back(i);  // revoked ones would rightly fail
        }
        queried.resize(std::max<std::size_t>(half, 1));
    }
    double build_bundles = 0, build_sightings = 0, build_total = 0;
    if (std::ifstream in(dir / "build-times"); in) in >> build_bundles >> build_sightings >> build_total;

    // As `dimmguard verify` starts: open the database (migrations, a quick probe), one registry.
    const auto t_open = std::chrono::steady_clock::now();
    auto db = must(Database::open(dir / "data"), "open");
    const double open_s = seconds_since(t_open);
    SqliteRegistry sqlite_registry(db, now);
    vf::RegistryInterface& registry = sqlite_registry;
    // The first sightings lookup of a process also counts every accepted station log's rows
    // against the trusted state once (docs/registry-format.md, "Merkle logs"): timed apart.
    const auto t_first = std::chrono::steady_clock::now();
    if (auto first = registry.sightings(identity(queried.front().first)); !first || !first->tampered.empty() || !first->rolled_back.empty()) {
        die("first sightings lookup: not a clean answer");
    }
    const double first_s = seconds_since(t_first);

    std::mt19937_64 random(p.seed ^ 0x5eed);
    auto any_serial = [&] { return static_cast<std::uint32_t>(random() % p.serials); };
    auto any_queried = [&] { return queried[random() % queried.size()]; };
    auto not_revoked = [&] {
        std::uint32_t i = any_serial();
        return revoked(i) ? (i + 1) % p.serials : i;
    };

    std::vector<Kind> kinds;
    const auto add_kind = [&kinds](std::string name, std::string note, std::function<bool(std::uint64_t)> call) {
        Kind k;
        k.name = std::move(name);
        k.note = std::move(note);
        k.call = std::move(call);
        kinds.push_back(std::move(k));
    };
    add_kind("part (hit)", "1 record", [&](std::uint64_t) {
                         const std::uint32_t j = static_cast<std::uint32_t>(random() % p.parts);
                         const auto r = registry.part(part_number(j));
                         return clean(r, 1, kinds[0].records) && r->trusted[0].record.part_number == part_number(j);
                     });
    add_kind("part (miss)", "0 records", [&](std::uint64_t) {
                         return clean(registry.part(part_number(p.parts + static_cast<std::uint32_t>(random() % p.parts))), 0, kinds[1].records);
                     });
    add_kind("issued_serial (hit)", "1 record", [&](std::uint64_t) {
                         const std::uint32_t i = any_serial();
                         const auto r = registry.issued_serial(identity(i));
                         return clean(r, 1, kinds[2].records) && r->trusted[0].record.part_number == part_number(part_of_serial(i, p.parts));
                     });
    add_kind("issued_serial (miss)", "0 records", [&](std::uint64_t) {
                         return clean(registry.issued_serial(unissued_identity(any_serial())), 0, kinds[3].records);
                     });
    add_kind("revocations (hit)", "1 record", [&](std::uint64_t) {
                         return clean(registry.revocations(identity(static_cast<std::uint32_t>(random() % p.revocations()) * 100)), 1, kinds[4].records);
                     });
    add_kind("revocations (miss)", "0 records", [&](std::uint64_t) {
                         return clean(registry.revocations(identity(not_revoked())), 0, kinds[5].records);
                     });
    add_kind("sightings", "", [&](std::uint64_t) {
                         const auto [i, n] = any_queried();
                         return clean(registry.sightings(identity(i)), n, kinds[6].records);
                     });
    // What serial_rules + registry_part_rules ask per module (verifier/src/rules.cpp), for a
    // known module seen before ...
    add_kind("verify, known module", "part + revocations + issued_serial + history", [&](std::uint64_t) {
                         const auto [i, n] = any_queried();
                         const vf::ModuleIdentity id = identity(i);
                         std::uint64_t& rec = kinds[7].records;
                         bool ok = clean(registry.part(part_number(part_of_serial(i, p.parts))), 1, rec);
                         ok = clean(registry.revocations(id), revoked(i) ? 1 : 0, rec) && ok;
                         ok = clean(registry.issued_serial(id), 1, rec) && ok;
                         ok = clean(registry.history(id), n, rec) && ok;
                         return ok;
                     });
    // ... and for a module whose serial was never issued and never seen (adds publishes_serials).
    add_kind("verify, unissued module", "part + revocations + issued_serial + publishes_serials + history", [&](std::uint64_t) {
                         const std::uint32_t i = any_serial();
                         const vf::ModuleIdentity id = unissued_identity(i);
                         std::uint64_t& rec = kinds[8].records;
                         bool ok = clean(registry.part(part_number(part_of_serial(i, p.parts))), 1, rec);
                         ok = clean(registry.revocations(id), 0, rec) && ok;
                         ok = clean(registry.issued_serial(id), 0, rec) && ok;
                         auto publishes = registry.publishes_serials(id.maker);
                         ok = publishes && *publishes && ok;
                         ok = clean(registry.history(id), 0, rec) && ok;
                         return ok;
                     });

    // ... and for a module this station has recorded before (an earlier end-to-end verify run
    // of this benchmark recorded it): its custody summary answers the history, so it costs the
    // same whatever the module's history (docs/registry-format.md, "Custody summaries").
    std::vector<std::pair<std::uint32_t, std::size_t>> recorded;   // identity index, sightings
    if (std::ifstream in(dir / "verify-used"); in) {
        for (std::uint32_t i = 0; in >> i && recorded.size() < 2000;) {
            auto h = registry.history(identity(i));
            if (h && h->tampered.empty() && h->summarized > 0 && h->summarized == h->fold.custody().sightings) {
                recorded.emplace_back(i, h->fold.custody().sightings);
            }
        }
    }
    if (!recorded.empty()) {
        const std::size_t index = kinds.size();
        add_kind("verify, module recorded here", "part + revocations + issued_serial + history (summary)", [&, index](std::uint64_t) {
                             const auto [i, n] = recorded[static_cast<std::size_t>(random() % recorded.size())];
                             const vf::ModuleIdentity id = identity(i);
                             std::uint64_t& rec = kinds[index].records;
                             bool ok = clean(registry.part(part_number(part_of_serial(i, p.parts))), 1, rec);
                             ok = clean(registry.revocations(id), revoked(i) ? 1 : 0, rec) && ok;
                             ok = clean(registry.issued_serial(id), 1, rec) && ok;
                             auto h = registry.history(id);
                             ok = clean(h, n, rec) && h->summarized == n && ok;
                             return ok;
                         });
    } else {
        std::fprintf(stderr, "no module with a custody summary yet (run once with --verify-intake > 0): 'verify, module recorded here' left out\n");
    }

    // Reference: one Ed25519 verification of a sighting-sized message, the unit every lookup
    // pays per returned record.
    const KeyPair reference_key = must(KeyPair::generate(), "keygen");
    const std::string reference_message = record_message(std::string(330, 'x'));
    const Signature reference_signature = must(reference_key.sign(reference_message), "sign");
    add_kind("Ed25519 verify alone", "reference", [&](std::uint64_t) { return reference_key.public_key().verify(reference_message, reference_signature); });

    // --only: time only the kinds whose name starts with it (to profile one kind). The calls
    // refer to their kind by index, so the others stay in the list, switched off.
    if (!only.empty()) {
        for (auto& k : kinds) k.on = k.name.rfind(only, 0) == 0;
        if (std::none_of(kinds.begin(), kinds.end(), [](const Kind& k) { return k.on; })) die("--only " + only + ": no lookup kind starts with it");
    }
    // Interleaved: one call of each kind per round, so load changes hit every kind alike.
    for (auto& k : kinds) {
        k.us.reserve(lookups);
        k.cpu_us.reserve(lookups);
    }
    for (std::uint64_t round = 0; round < warmup + lookups; ++round) {
        for (auto& k : kinds) {
            if (!k.on) continue;
            const double c0 = thread_cpu_us();
            const auto t0 = std::chrono::steady_clock::now();
            const bool ok = k.call(round);
            const auto t1 = std::chrono::steady_clock::now();
            const double c1 = thread_cpu_us();
            if (!ok) ++k.failures;
            if (round >= warmup) {
                k.us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
                k.cpu_us.push_back(c1 - c0);
            }
        }
    }

    const auto file_mb = [&](const std::string& name) {
        std::error_code ec;
        const auto size = fs::file_size(dir / "data" / name, ec);
        return ec ? 0.0 : static_cast<double>(size) / 1e6;
    };
    struct rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("registry: %u parts, %u serials, %u revocations, %llu sightings (%zu identities with real signatures)\n", p.parts, p.serials,
                p.revocations(), static_cast<unsigned long long>(p.sightings), queried.size());
    const std::string file_name(registry_file_name);
    std::printf("database: %s %.1f MB (+ wal %.1f MB)\n", file_name.c_str(), file_mb(file_name), file_mb(file_name + "-wal"));
    if (build_total > 0) {
        std::printf("build: %.0f s (bundles signed + imported %.0f s, sightings %.0f s)\n", build_total, build_bundles, build_sightings);
    }
    std::printf("open (Database::open): %.2f s\n", open_s);
    std::printf("first sightings lookup (with the once-per-process count of every accepted log): %.3f s\n", first_s);
    std::printf("lookups: %llu per kind after %llu warm-up rounds, interleaved; peak RSS %.0f MB\n\n", static_cast<unsigned long long>(lookups),
                static_cast<unsigned long long>(warmup), static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::printf("| %-24s | %8s | %8s | %8s | %8s | %8s | %8s | %8s | %7s | %s |\n", "lookup", "p50 µs", "p99 µs", "p99.9 µs", "max µs",
                "mean µs", "CPU p50", "CPU p99", "records", "wrong or tampered");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    bool all_ok = true;
    double worst_p99 = 0;
    for (auto& k : kinds) {
        if (!k.on) continue;
        std::sort(k.us.begin(), k.us.end());
        std::sort(k.cpu_us.begin(), k.cpu_us.end());
        const double mean = std::accumulate(k.us.begin(), k.us.end(), 0.0) / static_cast<double>(k.us.size());
        const double p99 = percentile(k.us, 0.99);
        worst_p99 = std::max(worst_p99, p99);
        std::printf("| %-24s | %8.0f | %8.0f | %8.0f | %8.0f | %8.0f | %8.0f | %8.0f | %7.2f | %llu |\n", k.name.c_str(), percentile(k.us, 0.50),
                    p99, percentile(k.us, 0.999), k.us.back(), mean, percentile(k.cpu_us, 0.50), percentile(k.cpu_us, 0.99),
                    static_cast<double>(k.records) / static_cast<double>(warmup + lookups), static_cast<unsigned long long>(k.failures));
        all_ok = all_ok && k.failures == 0;
    }
    std::printf("\n(wall = steady_clock per call; CPU = CLOCK_THREAD_CPUTIME_ID per call, i.e. without time spent waiting for a core;\n"
                " records = trusted records per call, averaged; every one was signature- and trust-verified)\n");
    double load[3] = {0, 0, 0};
    if (getloadavg(load, 3) == 3) std::printf("load average at the end: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    std::printf("worst p99 %.0f µs (target <= 1000 µs per lookup); answers %s\n", worst_p99,
                all_ok ? "all as expected, all trusted, none tampered" : "WRONG (see above)");
    if (verify_intake + verify_servers > 0) {
        const std::string station = must(db.station(), "station key").id;
        verify_end_to_end(dir, registry, station, verify_pool, verify_intake, verify_servers);
    }
    if (keep) std::printf("reuse: registry_lookup_bench --dir %s (same sizes); delete the directory when done\n", dir.c_str());
    else fs::remove_all(dir);
    return all_ok ? 0 : 1;
}
