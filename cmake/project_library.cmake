# countersign_library(NAME [PUBLIC deps...] [PRIVATE deps...])
# One library per folder: every *.cpp of the folder except *_test.cpp goes into the library; every
# *_test.cpp goes into NAME_test, a GoogleTest (+ RapidCheck) program registered with CTest. Adding a file
# needs no CMake edit.
function(countersign_library name)
  cmake_parse_arguments(ARG "" "" "PUBLIC;PRIVATE" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER srcs EXCLUDE REGEX "_test\\.cpp$")
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  if(tests AND COUNTERSIGN_TESTS)
    add_executable(${name}_test ${tests})
    target_link_libraries(${name}_test PRIVATE ${name} GTest::gtest_main GTest::gmock rapidcheck rapidcheck_gtest
      nlohmann_json::nlohmann_json)
    target_compile_definitions(${name}_test PRIVATE COUNTERSIGN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    gtest_discover_tests(${name}_test DISCOVERY_TIMEOUT 120 PROPERTIES LABELS unit)
  endif()
endfunction()
