# SPDX-License-Identifier: GPL-3.0-or-later
# Third-party dependencies: Debian 12 packages only, nothing fetched or vendored.
find_package(tl-expected REQUIRED)          # libexpected-dev
find_package(nlohmann_json 3 REQUIRED)      # nlohmann-json3-dev
find_package(CLI11 REQUIRED)                # libcli11-dev
find_package(OpenSSL 3.0 REQUIRED)          # libssl-dev
find_package(SQLite3 REQUIRED)              # libsqlite3-dev (CMake's FindSQLite3)
find_package(Catch2 2 REQUIRED)             # catch2 (2.13, header-only)

# libi2c ships neither a CMake config nor a .pc file. Its archive (6 kB, LGPL-2.1) is linked in:
# one shared object fewer for the dynamic loader at every start, and the static `dimmguard`
# executable needs it (cli/CMakeLists.txt).
find_path(I2C_INCLUDE_DIR i2c/smbus.h REQUIRED)
find_library(DIMMGUARD_I2C_LIBRARY NAMES libi2c.a i2c REQUIRED)
if(NOT TARGET i2c::i2c)
  add_library(i2c::i2c UNKNOWN IMPORTED)
  set_target_properties(i2c::i2c PROPERTIES
    IMPORTED_LOCATION "${DIMMGUARD_I2C_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${I2C_INCLUDE_DIR}")
endif()

# Core libraries must never link Qt (design.md: one Qt-free core under CLI and GUI).
function(dimmguard_check_core_targets_free_of_qt)
  foreach(target IN LISTS ARGN)
    get_target_property(libs ${target} LINK_LIBRARIES)
    get_target_property(ilibs ${target} INTERFACE_LINK_LIBRARIES)
    foreach(lib IN LISTS libs ilibs)
      if(lib MATCHES "Qt")
        message(FATAL_ERROR "core target ${target} links ${lib}: core libraries must not use Qt")
      endif()
    endforeach()
  endforeach()
endfunction()
