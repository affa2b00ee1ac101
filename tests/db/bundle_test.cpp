// SPDX-License-Identifier: GPL-3.0-or-later
// (tests for this unit are being written)
#include <catch2/catch.hpp>
