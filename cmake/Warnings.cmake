function(lte_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor)
  # GCC 12 misreads Boost 1.74's coroutine frame allocator (awaitable_frame_base's sized
  # operator delete) as a new/delete mismatch in every asio::awaitable: a false positive.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-mismatched-new-delete)
    # GCC 12 at -O2 reports std::optional's payload as maybe-uninitialized (GCC bug 80635):
    # false positives only, in Release builds only, so the debug and sanitizer builds keep it.
    # At -O3, std::string's inlined replace trips a false -Wrestrict (GCC bug 105329).
    if(NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
      target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized -Wno-restrict)
    endif()
  endif()
  if(LTE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
