// SPDX-License-Identifier: GPL-3.0-or-later
// A fresh directory under the system temp dir for one test, removed with its contents at scope exit.
#pragma once

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace test_support {

class TempDir {
public:
    TempDir() {
        std::string name = (std::filesystem::temp_directory_path() / "dimmguard-test-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) FAIL("cannot create a temporary directory: " << std::strerror(errno));
        path_ = name;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

}  // namespace test_support
