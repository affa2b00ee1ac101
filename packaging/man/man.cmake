# SPDX-License-Identifier: GPL-3.0-or-later
# Man pages from the scdoc sources beside this file, and the bash / zsh completion.
# Included by packaging/CMakeLists.txt (GNUInstallDirs done, the dimmguard target defined).
find_program(DIMMGUARD_SCDOC scdoc)
if(NOT DIMMGUARD_SCDOC)
  message(FATAL_ERROR "scdoc not found: apt-get install scdoc (or configure with -DDIMMGUARD_MAN_PAGES=OFF)")
endif()
find_program(DIMMGUARD_GZIP gzip REQUIRED)

set(dimmguard_man_dir ${CMAKE_CURRENT_BINARY_DIR}/man)
file(GLOB dimmguard_scd CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.scd)
set(dimmguard_man_outputs)
foreach(scd ${dimmguard_scd})
  get_filename_component(page ${scd} NAME_WLE)          # dimmguard-verify.1
  string(REGEX MATCH "[0-9]$" section ${page})
  set(out ${dimmguard_man_dir}/${page})
  add_custom_command(OUTPUT ${out} ${out}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dimmguard_man_dir}
    COMMAND ${DIMMGUARD_SCDOC} < ${scd} > ${out}
    COMMAND ${DIMMGUARD_GZIP} -9nc ${out} > ${out}.gz
    DEPENDS ${scd} VERBATIM)
  list(APPEND dimmguard_man_outputs ${out} ${out}.gz)
  if(page STREQUAL "dimmguard-gui.1")
    set(component gui)
  else()
    set(component cli)
  endif()
  install(FILES ${out}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section} COMPONENT ${component})
endforeach()
add_custom_target(man_pages ALL DEPENDS ${dimmguard_man_outputs})

set(dimmguard_completion_dir ${CMAKE_CURRENT_LIST_DIR}/../completion)
install(FILES ${dimmguard_completion_dir}/dimmguard.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME dimmguard COMPONENT cli)
install(FILES ${dimmguard_completion_dir}/dimmguard.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME dimmguard-gui COMPONENT gui)
install(FILES ${dimmguard_completion_dir}/_dimmguard DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT cli)

if(BUILD_TESTING)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  add_test(NAME man_pages_match_help
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check-help.py $<TARGET_FILE:dimmguard>
            ${CMAKE_CURRENT_LIST_DIR} ${dimmguard_completion_dir})
  add_test(NAME man_pages_render COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check-render.sh ${dimmguard_man_dir})
  set_tests_properties(man_pages_match_help man_pages_render PROPERTIES LABELS packaging)
endif()
