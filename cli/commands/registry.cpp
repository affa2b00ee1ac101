// SPDX-License-Identifier: GPL-3.0-or-later
// (being written: the `dimmguard registry` commands)
#include "commands.hpp"

namespace dimmguard::cli {
void register_registry(CLI::App&, Runner&) {}
}  // namespace dimmguard::cli
