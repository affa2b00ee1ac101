// SPDX-License-Identifier: GPL-3.0-or-later
// (being written: the `dimmguard bundle` commands)
#include "commands.hpp"

namespace dimmguard::cli {
void register_bundle(CLI::App&, Runner&) {}
}  // namespace dimmguard::cli
