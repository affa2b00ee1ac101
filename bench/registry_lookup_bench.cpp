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
// Measure: a fresh Database::open + SqliteRegistry (as `dimmguard verify` does), then every
// kind of lookup interleaved round-robin, each timed per call with steady_clock, after a
// warm-up. Every answer is checked: the expected records, all trusted, nothing tampered.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/registry.hpp"
#include "db/station_log.hpp"
#include "db/trust.hpp"
#include "verifier/registry.hpp"

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
    std::snprintf(buf, sizeof buf, "M321R%07uB0-CQK", j);
    return buf;
}

std::string fingerprint(std::uint32_t j, int which) { return sha256_hex("part " + std::to_string(j) + " image " + std::to_string(which)); }

vf::PartRecord part_record(std::uint32_t j) {
    vf::PartRecord p;
    p.part_number = part_number(j);
    p.fingerprints = {fingerprint(j, 0)};
    if (j % 3 == 0) p.fingerprints.push_back(fingerprint(j, 1));
    std::sort(p.fingerprints.begin(), p.fingerprints.end());
    p.memory_type = j % 2 ? "DDR5" : "DDR4";
    p.module_type = "RDIMM";
    p.capacity_bytes = (j % 2 ? 64ULL : 32ULL) << 30;
    p.ranks = 2;
    p.device_width = 4;
    p.die_density_mbit = 16384;
    p.speed_mts = j % 2 ? 4800 : 3200;
    p.dram_makers = {"80ce"};
    p.date_from = "2022-W01";
    return p;
}

vf::ModuleIdentity identity(std::uint32_t i) {
    char loc[3], date[5], serial[9];
    std::snprintf(loc, sizeof loc, "%02x", (i / 7) % 16);
    std::snprintf(date, sizeof date, "%04x", 0x2201 + (i / 100'000) % 40);
    std::snprintf(serial, sizeof serial, "%08x", (i + 1) * 2654435761U);  // a bijection of the 32-bit serials
    return {makers[i % 4], loc, date, serial};
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

std::uint32_t part_of_serial(std::uint32_t i, std::uint32_t parts) { return static_cast<std::uint32_t>((std::uint64_t{i} * 7919U) % parts); }
bool revoked(std::uint32_t i) { return i % 100 == 0; }

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
    auto& c = db.connection();
    // Bulk-load settings for this one transaction only (restored below; a fresh open measures).
    must(c.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000;"), "pragmas");
    {
        auto tx = must(Transaction::begin(c), "begin");
        auto insert = must(c.prepare("INSERT INTO sightings(id, identity, station, line, signature, prev_hash, entry_hash, local) "
                                     "VALUES(?, ?, ?, ?, ?, ?, ?, ?)"),
                           "prepare");
        const std::string dummy_signature(128, '0');
        const std::string remote_id = keys.remote_station.public_key().id();
        std::string prev(log_genesis_hash);
        std::int64_t local_count = 0, remote_count = 0, signed_count = 0;
        constexpr std::uint64_t chunk = 100'000;
        static constexpr vf::EventKind events[] = {vf::EventKind::intake, vf::EventKind::bench, vf::EventKind::burn_in, vf::EventKind::intake,
                                                   vf::EventKind::ship};
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
                row.local = r % 5 != 3;  // every fifth round was seen at the other station and imported
                row.sign = is_queried[i] != 0;
                const std::uint32_t j = part_of_serial(i, p.parts);
                row.s.id = row.local ? self.id + ":" + std::to_string(++local_count) : remote_id + ":" + std::to_string(++remote_count);
                row.s.identity = identity(i);
                row.s.fingerprint = fingerprint(j, 0);
                row.s.part_number = part_number(j);
                row.s.verdict = "genuine";
                row.s.station = row.local ? self.id : remote_id;
                row.s.site = row.local ? self.site : "Frankfurt RMA";
                row.s.event = events[r % 5];
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
                insert.reset();
                insert.bind(1, row.s.id).bind(2, row.s.identity.key()).bind(3, row.s.station).bind(4, row.line).bind(5, signature);
                if (row.local) {
                    const std::string entry = log_entry_hash(prev, row.line, signature);
                    insert.bind(6, prev).bind(7, entry).bind(8, std::int64_t{1});
                    prev = entry;
                } else {
                    insert.bind_null(6).bind_null(7).bind(8, std::int64_t{0});
                }
                must(insert.run(), "insert sighting");
            }
            std::fprintf(stderr, "\r  sightings: %llu/%llu rows (%lld signed for real), %.0f s", static_cast<unsigned long long>(last),
                         static_cast<unsigned long long>(p.sightings), static_cast<long long>(signed_count), seconds_since(t0));
        }
        // The signed head of the local log, and the imported station, as the real code writes them.
        auto head_sig = must(self.key.sign(log_head_message(self.id, local_count, prev)), "sign head");
        auto head = must(c.prepare("INSERT INTO log_head(station, count, entry_hash, signature) VALUES(?, ?, ?, ?)"), "prepare head");
        head.bind(1, self.id).bind(2, local_count).bind(3, prev).bind(4, signature_hex(head_sig));
        must(head.run(), "insert head");
        auto station = must(c.prepare("INSERT INTO stations(key_id, public_key, site) VALUES(?, ?, ?)"), "prepare station");
        station.bind(1, remote_id).bind(2, keys.remote_station.public_key().hex()).bind(3, "Frankfurt RMA");
        must(station.run(), "insert station");
        std::fprintf(stderr, "\n  committing ...");
        must(tx.commit(), "commit");
    }
    must(c.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"), "restore pragmas");
    must(c.exec("ANALYZE"), "analyze");
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
    records += r->trusted.size();
    return r->tampered.empty() && !r->stale && r->trusted.size() == expected;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    Params p;
    fs::path dir;
    std::uint64_t lookups = 10'000, warmup = 1'000;
    bool keep = false;
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
        else die("usage: registry_lookup_bench [--dir DIR (kept and reused)] [--parts N] [--serials N] [--sightings N] [--queried N] "
                 "[--lookups N] [--warmup N] [--seed S]");
    }
    if (p.parts == 0 || p.serials == 0 || p.queried == 0) die("--parts, --serials and --queried must be positive");
    if (dir.empty()) dir = fs::temp_directory_path() / ("dimmguard-lookup-bench-" + std::to_string(::getpid()));

    std::string stored;
    if (std::ifstream in(dir / "params"); in) std::getline(in, stored);
    if (stored == p.text() && fs::exists(dir / "data" / "registry.sqlite")) {
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
    double build_bundles = 0, build_sightings = 0, build_total = 0;
    if (std::ifstream in(dir / "build-times"); in) in >> build_bundles >> build_sightings >> build_total;

    // As `dimmguard verify` starts: open the database (migrations, integrity check), one registry.
    const auto t_open = std::chrono::steady_clock::now();
    auto db = must(Database::open(dir / "data"), "open");
    const double open_s = seconds_since(t_open);
    SqliteRegistry sqlite_registry(db, now);
    vf::Registry& registry = sqlite_registry;

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
    add_kind("verify, known module", "part + revocations + issued_serial + sightings", [&](std::uint64_t) {
                         const auto [i, n] = any_queried();
                         const vf::ModuleIdentity id = identity(i);
                         std::uint64_t& rec = kinds[7].records;
                         bool ok = clean(registry.part(part_number(part_of_serial(i, p.parts))), 1, rec);
                         ok = clean(registry.revocations(id), revoked(i) ? 1 : 0, rec) && ok;
                         ok = clean(registry.issued_serial(id), 1, rec) && ok;
                         ok = clean(registry.sightings(id), n, rec) && ok;
                         return ok;
                     });
    // ... and for a module whose serial was never issued and never seen (adds publishes_serials).
    add_kind("verify, unissued module", "part + revocations + issued_serial + publishes_serials + sightings", [&](std::uint64_t) {
                         const std::uint32_t i = any_serial();
                         const vf::ModuleIdentity id = unissued_identity(i);
                         std::uint64_t& rec = kinds[8].records;
                         bool ok = clean(registry.part(part_number(part_of_serial(i, p.parts))), 1, rec);
                         ok = clean(registry.revocations(id), 0, rec) && ok;
                         ok = clean(registry.issued_serial(id), 0, rec) && ok;
                         auto publishes = registry.publishes_serials(id.maker);
                         ok = publishes && *publishes && ok;
                         ok = clean(registry.sightings(id), 0, rec) && ok;
                         return ok;
                     });

    // Reference: one Ed25519 verification of a sighting-sized message, the unit every lookup
    // pays per returned record.
    const KeyPair reference_key = must(KeyPair::generate(), "keygen");
    const std::string reference_message = record_message(std::string(330, 'x'));
    const Signature reference_signature = must(reference_key.sign(reference_message), "sign");
    add_kind("Ed25519 verify alone", "reference", [&](std::uint64_t) { return reference_key.public_key().verify(reference_message, reference_signature); });

    // Interleaved: one call of each kind per round, so load changes hit every kind alike.
    for (auto& k : kinds) {
        k.us.reserve(lookups);
        k.cpu_us.reserve(lookups);
    }
    for (std::uint64_t round = 0; round < warmup + lookups; ++round) {
        for (auto& k : kinds) {
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

    const auto file_mb = [&](const char* name) {
        std::error_code ec;
        const auto size = fs::file_size(dir / "data" / name, ec);
        return ec ? 0.0 : static_cast<double>(size) / 1e6;
    };
    struct rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("registry: %u parts, %u serials, %u revocations, %llu sightings (%zu identities with real signatures)\n", p.parts, p.serials,
                p.revocations(), static_cast<unsigned long long>(p.sightings), queried.size());
    std::printf("database: registry.sqlite %.1f MB (+ wal %.1f MB)\n", file_mb("registry.sqlite"), file_mb("registry.sqlite-wal"));
    if (build_total > 0) {
        std::printf("build: %.0f s (bundles signed + imported %.0f s, sightings %.0f s)\n", build_total, build_bundles, build_sightings);
    }
    std::printf("open (Database::open, with its integrity check): %.2f s\n", open_s);
    std::printf("lookups: %llu per kind after %llu warm-up rounds, interleaved; peak RSS %.0f MB\n\n", static_cast<unsigned long long>(lookups),
                static_cast<unsigned long long>(warmup), static_cast<double>(usage.ru_maxrss) / 1024.0);
    std::printf("| %-24s | %8s | %8s | %8s | %8s | %8s | %8s | %8s | %7s | %s |\n", "lookup", "p50 µs", "p99 µs", "p99.9 µs", "max µs",
                "mean µs", "CPU p50", "CPU p99", "records", "wrong or tampered");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    bool all_ok = true;
    double worst_p99 = 0;
    for (auto& k : kinds) {
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
    if (keep) std::printf("reuse: registry_lookup_bench --dir %s (same sizes); delete the directory when done\n", dir.c_str());
    else fs::remove_all(dir);
    return all_ok ? 0 : 1;
}
