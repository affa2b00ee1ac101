// SPDX-License-Identifier: GPL-3.0-or-later
// Everything `dimmguard` prints passes a terminal filter (dimmguard/text.hpp): control
// characters, C1 codes, bidirectional overrides and bytes that are not UTF-8 become visible
// escapes, so data written by a counterfeiter (SPD text, labels, another station's context, a
// bundle's fields) cannot move the cursor, retitle the window or hide a verdict.
#pragma once

#include <cstdio>

namespace dimmguard::cli {

/// Route stdout, stderr, std::cout and std::cerr through the filter (once, at start-up).
void install_terminal_filter();

/// Route stdout and stderr only (the static `dimmguard`, which uses no iostreams: linking them
/// costs every start their initialisation).
void install_stdio_terminal_filter();

/// The unfiltered streams, for output the CLI composes itself and has already made safe: the
/// coloured verify report (engine::render_text escapes every data field) and the progress line.
[[nodiscard]] std::FILE* raw_stdout();
[[nodiscard]] std::FILE* raw_stderr();

}  // namespace dimmguard::cli
