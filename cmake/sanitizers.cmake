# Debug+ASan+UBSan and the libFuzzer build share one set of flags. UBSan aborts on the first finding so a
# test or fuzz run cannot go green past undefined behaviour.
if(COUNTERSIGN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "COUNTERSIGN_FUZZ needs clang (libFuzzer)")
  endif()
  set(COUNTERSIGN_SANITIZE ON)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(COUNTERSIGN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
