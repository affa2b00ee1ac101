// SPDX-License-Identifier: GPL-3.0-or-later
// Whole-process timing of two commands, interleaved A B A B: the wall time of each run from
// posix_spawn to waitpid (no shell in between), stdout and stderr to /dev/null. Prints the
// median and minimum of each and the median of the per-pair ratios A/B, so a comparison holds
// while the machine's speed drifts. Used by compare_decode_dimms.sh and for start-up figures.
//
// usage: process_pair_bench [--runs N] [--warmup N] [--label TEXT] -- A... -- B...
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "process_pair_bench: %s\n", message.c_str());
    std::exit(2);
}

void usage(std::FILE* to) {
    std::fprintf(to,
                 "usage: process_pair_bench [--runs N] [--warmup N] [--label TEXT] -- A [ARG...] -- B [ARG...]\n"
                 "  Runs A and B in turn (A B A B ...), each from posix_spawn to waitpid with stdout and\n"
                 "  stderr to /dev/null, after --warmup untimed runs of each (default 3). Prints one\n"
                 "  Markdown row per command (median and minimum ms) and one for the median of the\n"
                 "  pair ratios A/B. --runs counted pairs (default 31). Exit 1 when a run fails.\n");
}

// One run of argv; returns wall microseconds. A command that does not exit 0 ends the benchmark:
// a tool that fails early would look fast.
double run_once(const std::vector<char*>& argv, int devnull) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, devnull, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, devnull, STDERR_FILENO);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) die(std::string("cannot start '") + argv[0] + "': " + std::strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) die(std::string("waitpid: ") + std::strerror(errno));
    }
    const auto end = std::chrono::steady_clock::now();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "process_pair_bench: '%s' failed (status %d)\n", argv[0], status);
        std::exit(1);
    }
    return std::chrono::duration<double, std::micro>(end - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int positive(const char* text, const char* option) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < 1 || v > 100000) die(std::string(option) + " needs a positive integer");
    return static_cast<int>(v);
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 31;
    int warmup = 3;
    std::string label;
    int i = 1;
    for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            usage(stdout);
            return 0;
        }
        if (i + 1 >= argc) die("option '" + arg + "' needs a value");
        if (arg == "--runs") runs = positive(argv[++i], "--runs");
        else if (arg == "--warmup") warmup = std::min(positive(argv[++i], "--warmup"), 100);
        else if (arg == "--label") label = argv[++i];
        else die("unknown option '" + arg + "'");
    }
    std::vector<char*> a, b;
    if (i >= argc) die("missing '-- A... -- B...'");
    for (++i; i < argc && std::strcmp(argv[i], "--") != 0; ++i) a.push_back(argv[i]);
    if (i >= argc) die("missing the second '--' before command B");
    for (++i; i < argc; ++i) b.push_back(argv[i]);
    if (a.empty() || b.empty()) die("both commands need a program name");
    a.push_back(nullptr);
    b.push_back(nullptr);

    const int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull < 0) die("cannot open /dev/null");
    for (int w = 0; w < warmup; ++w) {
        run_once(a, devnull);
        run_once(b, devnull);
    }
    std::vector<double> ta, tb, ratio;
    for (int r = 0; r < runs; ++r) {
        const double x = run_once(a, devnull);
        const double y = run_once(b, devnull);
        ta.push_back(x);
        tb.push_back(y);
        ratio.push_back(x / y);
    }
    auto name = [](const std::vector<char*>& cmd) {
        std::string s;
        for (char* p : cmd) {
            if (!p) break;
            if (!s.empty()) s += ' ';
            s += p;
            if (s.size() > 60) return s.substr(0, 57) + "...";
        }
        return s;
    };
    const std::string l = label.empty() ? std::string() : label + " | ";
    std::printf("| %sA `%s` | %d | %.3f | %.3f |\n", l.c_str(), name(a).c_str(), runs, median(ta) / 1000,
                *std::min_element(ta.begin(), ta.end()) / 1000);
    std::printf("| %sB `%s` | %d | %.3f | %.3f |\n", l.c_str(), name(b).c_str(), runs, median(tb) / 1000,
                *std::min_element(tb.begin(), tb.end()) / 1000);
    std::printf("| %sA/B | | **%.2fx** (median of pair ratios) | %.2fx (ratio of minima) |\n", l.c_str(), median(ratio),
                *std::min_element(ta.begin(), ta.end()) / *std::min_element(tb.begin(), tb.end()));
    close(devnull);
    return 0;
}
