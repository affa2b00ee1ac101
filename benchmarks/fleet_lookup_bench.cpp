// SPDX-License-Identifier: GPL-3.0-or-later
// Online lookup latency at inspection time (issue #17): fleet::OnlineRegistry::history() as
// verify calls it for each module, against a fleet server that may hold millions of rows
// (benchmarks/fleet_bench.sh --server-rows N loads them). Interleaved per round:
//   local    SqliteRegistry::history() alone (what --offline costs);
//   absent   an identity no station recorded: one index probe on the server, no row back;
//   present  an identity another station recorded (its signed rows come back, are checked
//            against the trust store and merged: the answer must hold them).
// Every answer is checked (present: more sightings than the local registry holds, none
// tampered; absent: nothing added, not offline); a wrong answer stops the run.
//
// fleet_lookup_bench --data-dir DIR --server CONNINFO --present FILE [--lookups N]
//   FILE: identity keys, one per line, that another station recorded and synced.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "db/sqlite_registry.hpp"
#include "fleet/online.hpp"
#include "verifier/custody.hpp"

using namespace dimmguard;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "fleet_lookup_bench: %s\n", message.c_str());
    std::exit(1);
}

double quantile(std::vector<double> xs, double q) {
    std::sort(xs.begin(), xs.end());
    return xs[std::min(xs.size() - 1, static_cast<std::size_t>(q * static_cast<double>(xs.size() - 1) + 0.5))];
}

void report(const char* name, const std::vector<double>& us) {
    std::printf("%-8s n=%6zu  p50 %8.1f us  p99 %8.1f us  max %8.1f us\n", name, us.size(), quantile(us, 0.5), quantile(us, 0.99),
                *std::max_element(us.begin(), us.end()));
}

}  // namespace

int main(int argc, char** argv) {
    std::string data_dir, server, present_file;
    std::size_t lookups = 3000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) die(a + " needs a value");
            return argv[++i];
        };
        if (a == "--data-dir") data_dir = value();
        else if (a == "--server") server = value();
        else if (a == "--present") present_file = value();
        else if (a == "--lookups") lookups = std::stoul(value());
        else die("unknown argument " + a);
    }
    if (data_dir.empty() || server.empty() || present_file.empty()) die("usage: --data-dir DIR --server CONNINFO --present FILE [--lookups N]");
    std::vector<verifier::ModuleIdentity> present;
    std::ifstream in(present_file);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        auto id = verifier::ModuleIdentity::parse(line);
        if (!id) die(present_file + ": " + line + ": " + id.error().message);
        present.push_back(*id);
    }
    if (present.empty()) die(present_file + ": no identities");

    auto database = db::Database::open_existing(data_dir);
    if (!database) die(database.error().message);
    db::SqliteRegistry local(*database);
    fleet::OnlineRegistry online(*database, local, server);
    std::mt19937_64 random(42);
    std::vector<double> t_local, t_absent, t_present;
    const auto timed = [](auto&& f) {
        const auto t0 = Clock::now();
        auto r = f();
        return std::make_pair(std::chrono::duration<double, std::micro>(Clock::now() - t0).count(), std::move(r));
    };
    for (std::size_t round = 0; round < lookups + 50; ++round) {
        const bool warm = round >= 50;  // the first rounds open the connection and the pages
        char serial[9];
        std::snprintf(serial, sizeof serial, "%08llx", static_cast<unsigned long long>(random() & 0xffffffffULL));
        auto absent = verifier::ModuleIdentity::parse(std::string("80ce-01-2407-") + serial);
        if (!absent) die(absent.error().message);
        const auto& known = present[round % present.size()];

        auto [us_local, h_local] = timed([&] { return local.history(known); });
        if (!h_local) die("local: " + h_local.error().message);
        auto [us_absent, h_absent] = timed([&] { return online.history(*absent); });
        if (!h_absent) die("absent: " + h_absent.error().message);
        if (!h_absent->offline.empty()) die("the server did not answer: " + h_absent->offline.front());
        if (h_absent->fold.custody().sightings != 0) die("an identity nobody recorded came back with sightings: " + absent->key());
        auto [us_present, h_present] = timed([&] { return online.history(known); });
        if (!h_present) die("present: " + h_present.error().message);
        if (!h_present->offline.empty() || !h_present->tampered.empty()) die("present: offline or tampered: " + known.key());
        if (h_present->fold.custody().sightings <= h_local->fold.custody().sightings) die("present: the server's sightings of " + known.key() + " are missing");
        if (warm) {
            t_local.push_back(us_local);
            t_absent.push_back(us_absent);
            t_present.push_back(us_present);
        }
    }
    std::printf("fleet_lookup_bench: %zu lookups of each kind after 50 warm-up rounds, %zu known identities\n", lookups, present.size());
    report("local", t_local);
    report("absent", t_absent);
    report("present", t_present);
    return 0;
}
