// SPDX-License-Identifier: GPL-3.0-or-later
// The one integer a test's SQL query answers (a count, a sum, a length), on a real connection.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string_view>

#include "db/sqlite.hpp"

inline std::int64_t sql_scalar(dimmguard::db::Connection& c, std::string_view sql) {
    auto s = c.prepare(sql);
    REQUIRE(s);
    auto row = s->step();
    REQUIRE(row);
    REQUIRE(*row);
    return s->column_int64(0);
}
