// SPDX-License-Identifier: GPL-3.0-or-later
// Import rate and peak RSS of a 1 M-record serials bundle (issue #4: >= 250k records/s,
// <= 256 MB). Generation (1 M Ed25519 signatures) is not timed; each import runs in a fresh
// child process so its peak RSS is the import's alone.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "db/bundle.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/trust.hpp"

namespace fs = std::filesystem;
using namespace dimmguard;
using namespace dimmguard::db;

namespace {

constexpr const char* now = "2026-06-01T00:00:00Z";

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "registry_import_bench: %s\n", message.c_str());
    std::exit(1);
}

template <class T>
T must(Result<T> r, const char* what) {
    if (!r) die(std::string(what) + ": " + r.error().message);
    return std::move(*r);
}

void must(Result<void> r, const char* what) {
    if (!r) die(std::string(what) + ": " + r.error().message);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The bundle, its publisher key and a root key, generated once into `dir` and reused.
void generate(const fs::path& dir, std::uint32_t records) {
    const fs::path bundle = dir / "serials.bundle";
    if (fs::exists(bundle) && fs::exists(dir / "publisher.key") && fs::exists(dir / "root.key")) {
        std::fprintf(stderr, "reusing %s\n", bundle.c_str());
        return;
    }
    fs::create_directories(dir);
    const KeyPair root = must(KeyPair::generate(), "keygen");
    const KeyPair publisher = must(KeyPair::generate(), "keygen");
    must(root.save_pem(dir / "root.key", true), "save key");
    must(publisher.save_pem(dir / "publisher.key", true), "save key");
    const auto t0 = std::chrono::steady_clock::now();
    auto writer = must(BundleWriter::create(publisher, {"serials", 1, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 0}), "writer");
    constexpr std::uint32_t chunk = 50'000;
    static constexpr const char* parts[] = {"M321R4GA0BB0-CQK", "M321R8GA0BB0-CQK", "MTC20F2085S1RC48BA1", "HMCG88AEBRA115N"};
    static constexpr const char* makers[] = {"802c", "80ce", "80ad", "859b"};
    for (std::uint32_t first = 0; first < records; first += chunk) {
        std::vector<std::string> texts;
        for (std::uint32_t i = first; i < std::min(records, first + chunk); ++i) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "serial\t%s-%02x-%04x-%08x\t%s", makers[i % 4], (i / 7) % 16, 0x2201 + (i / 100'000) % 40,
                          i * 2654435761U, parts[i % 4]);
            texts.emplace_back(buf);
        }
        must(writer.add_many(texts), "sign");
        std::fprintf(stderr, "\rgenerated %u/%u records", std::min(records, first + chunk), records);
    }
    must(writer.finish_file(bundle), "write bundle");
    std::fprintf(stderr, "\ngenerated %s in %.1f s (not measured)\n", bundle.c_str(), seconds_since(t0));
}

/// Child: a fresh registry trusting the publisher, then one timed import.
int child_import(const fs::path& dir, const fs::path& data) {
    const KeyPair root = must(KeyPair::load_pem(dir / "root.key"), "root key");
    const KeyPair publisher = must(KeyPair::load_pem(dir / "publisher.key"), "publisher key");
    auto db = must(Database::open(data), "open");
    TrustStore store(db);
    must(store.init({root.public_key()}, 1), "init");
    TrustDocument doc;
    doc.version = 1;
    doc.created = "2026-01-01T00:00:00Z";
    doc.expires = "2027-01-01T00:00:00Z";
    doc.roots = {{root.public_key().id(), root.public_key()}};
    doc.publishers = {{publisher.public_key().id(), publisher.public_key(), {"serials"}, "2027-01-01T00:00:00Z"}};
    (void)must(store.accept_document(must(sign_trust_document(doc, {root}), "sign trust"), now), "trust");

    double pass1 = 0;
    const auto t0 = std::chrono::steady_clock::now();
    auto result = must(import_bundle(db, dir / "serials.bundle", now,
                                     [&](const ImportProgress& p) {
                                         if (p.phase == "checking" && p.done == p.total) pass1 = seconds_since(t0);
                                     }),
                       "import");
    const double total = seconds_since(t0);
    struct rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    std::printf("%llu %.6f %.6f %ld %llu %.6f\n", static_cast<unsigned long long>(result.records), total, pass1, usage.ru_maxrss,
                static_cast<unsigned long long>(fs::file_size(registry_path(data))), cpu);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "--child") return child_import(args[1], args[2]);
    std::uint32_t records = 1'000'000;
    int runs = 3;
    fs::path keep;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--records" && i + 1 < args.size()) records = static_cast<std::uint32_t>(std::stoul(args[++i]));
        else if (args[i] == "--runs" && i + 1 < args.size()) runs = std::stoi(args[++i]);
        else if (args[i] == "--keep" && i + 1 < args.size()) keep = args[++i];
        else die("usage: registry_import_bench [--records N] [--runs R] [--keep DIR]");
    }
    const fs::path dir = keep.empty() ? fs::temp_directory_path() / ("dimmguard-import-bench-" + std::to_string(::getpid())) : keep;
    generate(dir, records);
    std::printf("records %u, bundle %.1f MB\n", records, static_cast<double>(fs::file_size(dir / "serials.bundle")) / 1e6);
    std::printf("%-4s %10s %9s %9s %9s %11s %11s %9s\n", "run", "records", "wall s", "pass1 s", "cpu s", "records/s", "peak RSS MB", "db MB");
    std::vector<double> rates, rss;
    for (int run = 1; run <= runs; ++run) {
        const fs::path data = dir / ("data-" + std::to_string(run));
        fs::remove_all(data);
        const fs::path out = dir / "child.out";
        const pid_t pid = ::fork();
        if (pid == 0) {
            std::fflush(stdout);
            if (!std::freopen(out.c_str(), "w", stdout)) _exit(1);
            const std::string self = fs::read_symlink("/proc/self/exe").string();
            ::execl(self.c_str(), self.c_str(), "--child", dir.c_str(), data.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die("import child failed");
        unsigned long long n = 0, db_bytes = 0;
        double total = 0, pass1 = 0, cpu = 0;
        long maxrss_kb = 0;
        std::FILE* f = std::fopen(out.c_str(), "r");
        if (!f || std::fscanf(f, "%llu %lf %lf %ld %llu %lf", &n, &total, &pass1, &maxrss_kb, &db_bytes, &cpu) != 6) die("cannot read child output");
        std::fclose(f);
        const double rate = static_cast<double>(n) / total;
        rates.push_back(rate);
        rss.push_back(static_cast<double>(maxrss_kb) / 1024.0);
        std::printf("%-4d %10llu %9.2f %9.2f %9.2f %11.0f %11.1f %9.1f\n", run, n, total, pass1, cpu, rate, rss.back(),
                    static_cast<double>(db_bytes) / 1e6);
        std::fflush(stdout);
        fs::remove_all(data);
    }
    std::sort(rates.begin(), rates.end());
    std::printf("median %.0f records/s (target >= 250000), max peak RSS %.1f MB (target <= 256)\n", rates[rates.size() / 2],
                *std::max_element(rss.begin(), rss.end()));
    if (keep.empty()) fs::remove_all(dir);
    return 0;
}
