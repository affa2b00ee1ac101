# SPDX-License-Identifier: GPL-3.0-or-later
# Per-target warning flags (never through CMAKE_CXX_FLAGS).
function(dimmguard_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
    -Wold-style-cast -Wnon-virtual-dtor -Wcast-align -Wnull-dereference
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(DIMMGUARD_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(DIMMGUARD_TSAN)
  if(DIMMGUARD_SANITIZE)
    message(FATAL_ERROR "DIMMGUARD_TSAN and DIMMGUARD_SANITIZE cannot be combined (ThreadSanitizer excludes ASan)")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

if(DIMMGUARD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
