// SPDX-License-Identifier: GPL-3.0-or-later
// Shared helpers of the CLI tests: run the real `dimmguard` binary as a subprocess.
#pragma once

#include <catch2/catch.hpp>

#include "../support/temp_dir.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

extern char** environ;

namespace cli_test {

using test_support::TempDir;

namespace fs = std::filesystem;
using nlohmann::json;

struct RunResult {
    int status = -1;  ///< exit status; -1 if the process was killed by a signal
    std::string out;
    std::string err;

    [[nodiscard]] std::vector<std::string> err_lines() const {
        std::vector<std::string> lines;
        std::istringstream in(err);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }
};

inline std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::uint8_t> read_bytes(const fs::path& path) {
    const std::string s = slurp(path);
    return {s.begin(), s.end()};
}

inline void write_bytes(const fs::path& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

/// The source tree (examples, fixtures), from ctest's environment.
inline fs::path source_dir() {
    const char* dir = std::getenv("DIMMGUARD_SOURCE_DIR");
    if (dir == nullptr || *dir == '\0') FAIL("DIMMGUARD_SOURCE_DIR is not set: run these tests through ctest");
    return dir;
}

inline std::string binary_path() {
    const char* binary = std::getenv("DIMMGUARD_BINARY");
    if (binary == nullptr || *binary == '\0') {
        FAIL("DIMMGUARD_BINARY is not set: run these tests through ctest, or set it to the dimmguard binary");
    }
    if (!fs::exists(binary)) FAIL("DIMMGUARD_BINARY=" << binary << " does not exist");
    return binary;
}

/// Run `dimmguard ARGS...` with stdin from /dev/null, capturing stdout and stderr through
/// files in `scratch` (no pipes, so a chatty child can never deadlock the test).
/// Run `argv` (argv[0] is the program's path) the same way.
inline RunResult run_program(std::vector<std::string> argv_storage, const TempDir& scratch) {
    static int counter = 0;
    const std::string binary = argv_storage.at(0);
    const std::string tag = std::to_string(++counter);
    const fs::path out_path = scratch.path() / (".stdout-" + tag);
    const fs::path err_path = scratch.path() / (".stderr-" + tag);
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    REQUIRE(posix_spawn_file_actions_init(&actions) == 0);
    REQUIRE(posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0) == 0);
    REQUIRE(posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600) == 0);
    REQUIRE(posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600) == 0);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) FAIL("cannot run " << binary << ": " << std::strerror(spawned));

    int wait_status = 0;
    while (::waitpid(pid, &wait_status, 0) < 0) {
        if (errno != EINTR) FAIL("waitpid failed: " << std::strerror(errno));
    }
    RunResult result;
    result.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
    result.out = slurp(out_path);
    result.err = slurp(err_path);
    fs::remove(out_path);
    fs::remove(err_path);
    INFO("dimmguard stderr: " << result.err);
    REQUIRE(result.status != -1);  // a crash (or sanitizer abort by signal) is never a pass
    return result;
}

inline RunResult run_dimmguard(const std::vector<std::string>& args, const TempDir& scratch) {
    std::vector<std::string> argv{binary_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(std::move(argv), scratch);
}

inline json parse_json(const RunResult& r) {
    INFO("stdout: " << r.out);
    INFO("stderr: " << r.err);
    json doc;
    REQUIRE_NOTHROW(doc = json::parse(r.out));
    REQUIRE(doc.is_object());
    return doc;
}

}  // namespace cli_test
