# SPDX-License-Identifier: GPL-3.0-or-later
# Man pages (scdoc sources beside this file) and bash / zsh completion (../completion).
# Included by packaging/CMakeLists.txt after include(GNUInstallDirs), with the dimmguard target
# defined:
#   man_pages             ALL target: build/.../packaging/man/NAME.N (scdoc) and NAME.N.gz (gzip -9n)
#   install               NAME.N.gz to share/man/manN (component cli; dimmguard-gui.1 component gui),
#                         completions to share/bash-completion/completions and share/zsh/vendor-completions
#   man_pages_match_help  ctest: check-help.py, the pages and completions against `dimmguard --help`
#   man_pages_render      ctest: check-render.sh, every page through man(1) without a groff warning
# Needs scdoc (Debian package scdoc) unless DIMMGUARD_MAN_PAGES is OFF; the completions and
# man_pages_match_help do not, so this file may be included whatever DIMMGUARD_MAN_PAGES is.

set(dimmguard_man_source_dir ${CMAKE_CURRENT_LIST_DIR})
set(dimmguard_completion_dir ${CMAKE_CURRENT_LIST_DIR}/../completion)
set(dimmguard_man_dir ${CMAKE_CURRENT_BINARY_DIR}/man)

# DIMMGUARD_MAN_PAGES OFF: no pages (and no scdoc needed); the completions are still installed.
set(dimmguard_build_man_pages ON)
if(DEFINED DIMMGUARD_MAN_PAGES AND NOT DIMMGUARD_MAN_PAGES)
  set(dimmguard_build_man_pages OFF)
else()
  find_program(DIMMGUARD_SCDOC scdoc)
  if(NOT DIMMGUARD_SCDOC)
    message(FATAL_ERROR "scdoc was not found: it builds the man pages. Install it (apt-get install scdoc), "
                        "or configure with -DDIMMGUARD_MAN_PAGES=OFF to build without man pages.")
  endif()
  if(NOT DIMMGUARD_GZIP)
    find_program(DIMMGUARD_GZIP gzip REQUIRED)
  endif()
endif()

if(dimmguard_build_man_pages)
  # The date in the pages' footer: SOURCE_DATE_EPOCH when the build sets it (dpkg-buildpackage
  # does), else the date of the newest debian/changelog entry, so that a rebuild of the same source
  # gives the same pages (reproducible builds).
  set(dimmguard_man_epoch "$ENV{SOURCE_DATE_EPOCH}")
  set(dimmguard_changelog ${CMAKE_CURRENT_LIST_DIR}/../debian/changelog)
  if(dimmguard_man_epoch STREQUAL "" AND EXISTS ${dimmguard_changelog})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${dimmguard_changelog})
    file(STRINGS ${dimmguard_changelog} dimmguard_trailer REGEX "^ -- .*  [A-Z][a-z][a-z], " LIMIT_COUNT 1)
    string(REGEX REPLACE "^ -- .*  ([A-Z][a-z][a-z], .*)$" "\\1" dimmguard_changelog_date "${dimmguard_trailer}")
    if(dimmguard_changelog_date)
      execute_process(COMMAND date -u -d "${dimmguard_changelog_date}" +%s
                      OUTPUT_VARIABLE dimmguard_man_epoch OUTPUT_STRIP_TRAILING_WHITESPACE
                      RESULT_VARIABLE dimmguard_date_result ERROR_QUIET)
      if(NOT dimmguard_date_result EQUAL 0)
        set(dimmguard_man_epoch "")
      endif()
    endif()
  endif()
  if(dimmguard_man_epoch MATCHES "^[0-9]+$")
    set(dimmguard_scdoc ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${dimmguard_man_epoch} ${DIMMGUARD_SCDOC})
  else()
    set(dimmguard_scdoc ${DIMMGUARD_SCDOC})
  endif()

  # One page per NAME.N.scd: NAME.N (scdoc), then NAME.N.gz (gzip -9n: no name or time stamp).
  file(GLOB dimmguard_scd_files CONFIGURE_DEPENDS ${dimmguard_man_source_dir}/*.scd)
  set(dimmguard_man_outputs)
  foreach(scd IN LISTS dimmguard_scd_files)
    get_filename_component(page ${scd} NAME_WLE)               # dimmguard-verify.1
    if(NOT page MATCHES "\\.([1-8])$")
      message(FATAL_ERROR "${scd}: a man page source is named NAME.SECTION.scd")
    endif()
    set(section ${CMAKE_MATCH_1})
    set(out ${dimmguard_man_dir}/${page})
    add_custom_command(OUTPUT ${out} ${out}.gz
      COMMAND ${CMAKE_COMMAND} -E make_directory ${dimmguard_man_dir}
      COMMAND ${dimmguard_scdoc} < ${scd} > ${out}
      COMMAND ${DIMMGUARD_GZIP} -9nc ${out} > ${out}.gz
      MAIN_DEPENDENCY ${scd}
      COMMENT "Generating man page ${page}"
      VERBATIM)
    list(APPEND dimmguard_man_outputs ${out} ${out}.gz)
    if(page STREQUAL "dimmguard-gui.1")
      if(TARGET dimmguard-gui)
        install(FILES ${out}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section} COMPONENT gui)
      endif()
    else()
      install(FILES ${out}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section} COMPONENT cli)
    endif()
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${dimmguard_man_outputs})
endif()

# Completion: bash-completion loads completions/<command> on first use; zsh reads _dimmguard
# (#compdef dimmguard dimmguard-gui) from vendor-completions.
install(FILES ${dimmguard_completion_dir}/dimmguard.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME dimmguard COMPONENT cli)
install(FILES ${dimmguard_completion_dir}/_dimmguard
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT cli)
if(TARGET dimmguard-gui)
  install(FILES ${dimmguard_completion_dir}/dimmguard.bash
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME dimmguard-gui COMPONENT gui)
endif()

if(BUILD_TESTING)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  find_program(DIMMGUARD_BASH bash REQUIRED)
  add_test(NAME man_pages_match_help
    COMMAND ${Python3_EXECUTABLE} ${dimmguard_man_source_dir}/check-help.py $<TARGET_FILE:dimmguard>
            ${dimmguard_man_source_dir} ${dimmguard_completion_dir})
  set_tests_properties(man_pages_match_help PROPERTIES LABELS packaging)
  if(dimmguard_build_man_pages)
    add_test(NAME man_pages_render
      COMMAND ${DIMMGUARD_BASH} ${dimmguard_man_source_dir}/check-render.sh ${dimmguard_man_dir})
    # check-render.sh exits 77 when man(1) is not installed: reported as skipped, not passed.
    set_tests_properties(man_pages_render PROPERTIES LABELS packaging SKIP_RETURN_CODE 77)
  endif()
endif()
