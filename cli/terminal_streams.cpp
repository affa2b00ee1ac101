// SPDX-License-Identifier: GPL-3.0-or-later
// std::cout and std::cerr through the terminal filter of stdout and stderr (terminal.cpp).
#include <ext/stdio_sync_filebuf.h>

#include <iostream>

#include "terminal.hpp"

namespace dimmguard::cli {

void install_terminal_filter() {
    static bool installed = false;
    if (installed) return;
    installed = true;
    install_stdio_terminal_filter();
    // Never destroyed: std::cout and std::cerr are flushed after every static destructor ran.
    std::cout.rdbuf(new __gnu_cxx::stdio_sync_filebuf<char>(stdout));
    std::cerr.rdbuf(new __gnu_cxx::stdio_sync_filebuf<char>(stderr));
}

}  // namespace dimmguard::cli
