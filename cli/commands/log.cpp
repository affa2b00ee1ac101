// SPDX-License-Identifier: GPL-3.0-or-later
// (being written: the `dimmguard log` commands)
#include "commands.hpp"

namespace dimmguard::cli {
void register_log(CLI::App&, Runner&) {}
}  // namespace dimmguard::cli
