# Dependencies of the core under Emscripten (included by the top CMakeLists when EMSCRIPTEN).
# Emscripten's sysroot does not see /usr/include and its toolchain does not search the host's
# CMake packages, so: Abseil, zlib and zstd are compiled from Debian's source packages
# (unpacked by scripts/deps-wasm into .deps/abseil, .deps/zlib, .deps/zstd), and
# nlohmann/json, header-only, comes from a build-dir copy of just its nlohmann/ headers
# (pointing at /usr/include would pull in glibc's headers).

set(FL_ABSL_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/abseil" CACHE PATH
    "Abseil sources for the wasm build (scripts/deps-wasm unpacks Debian's source package here)")
set(FL_ZLIB_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/zlib" CACHE PATH
    "zlib sources for the wasm build (scripts/deps-wasm unpacks Debian's source package here)")
set(FL_ZSTD_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/zstd" CACHE PATH
    "zstd sources for the wasm build (scripts/deps-wasm unpacks Debian's source package here)")
set(FL_NLOHMANN_INCLUDE_DIR "/usr/include/nlohmann" CACHE PATH
    "The host's nlohmann/json headers (Debian package nlohmann-json3-dev)")

if(NOT EXISTS "${FL_ABSL_SOURCE_DIR}/CMakeLists.txt")
  message(FATAL_ERROR "No Abseil sources in ${FL_ABSL_SOURCE_DIR}: run scripts/deps-wasm (or ./dev wasm)")
endif()
foreach(fl_dep_file "${FL_ZLIB_SOURCE_DIR}/inflate.c" "${FL_ZSTD_SOURCE_DIR}/lib/zstd.h")
  if(NOT EXISTS "${fl_dep_file}")
    message(FATAL_ERROR "No ${fl_dep_file}: run scripts/deps-wasm (or ./dev wasm)")
  endif()
endforeach()
if(NOT EXISTS "${FL_NLOHMANN_INCLUDE_DIR}/json.hpp")
  message(FATAL_ERROR "No nlohmann/json.hpp in ${FL_NLOHMANN_INCLUDE_DIR}: apt-get install nlohmann-json3-dev")
endif()

# nlohmann/json throws on malformed input, and the core catches that to return a Status:
# Emscripten ignores exceptions unless asked, so every translation unit (Abseil included,
# for consistent unwinding) and the link get -fexceptions.
add_compile_options(-fexceptions)
add_link_options(-fexceptions)

set(ABSL_PROPAGATE_CXX_STD ON CACHE BOOL "" FORCE)
set(ABSL_ENABLE_INSTALL OFF CACHE BOOL "" FORCE)
set(ABSL_BUILD_TESTING OFF CACHE BOOL "" FORCE)
set(BUILD_TESTING OFF CACHE BOOL "" FORCE)
add_subdirectory("${FL_ABSL_SOURCE_DIR}" absl EXCLUDE_FROM_ALL)

set(FL_NLOHMANN_COPY "${CMAKE_BINARY_DIR}/nlohmann-include")
file(COPY "${FL_NLOHMANN_INCLUDE_DIR}" DESTINATION "${FL_NLOHMANN_COPY}")
if(NOT TARGET nlohmann_json::nlohmann_json)
  add_library(fl_nlohmann_json INTERFACE)
  target_include_directories(fl_nlohmann_json SYSTEM INTERFACE "${FL_NLOHMANN_COPY}")
  add_library(nlohmann_json::nlohmann_json ALIAS fl_nlohmann_json)
endif()

# zlib and zstd: only what decompression needs (core/ingest/decompressing_input.cc), as
# static libraries of their own sources. Their own build files are not used: zlib's
# CMakeLists renames zconf.h inside the source tree and builds the compressor and
# examples; zstd's wants threads and assembly. Emscripten's -sUSE_ZLIB port would be
# downloaded from the internet.
enable_language(C)
add_library(fl_zlib STATIC
  "${FL_ZLIB_SOURCE_DIR}/adler32.c" "${FL_ZLIB_SOURCE_DIR}/crc32.c" "${FL_ZLIB_SOURCE_DIR}/inffast.c"
  "${FL_ZLIB_SOURCE_DIR}/inflate.c" "${FL_ZLIB_SOURCE_DIR}/inftrees.c" "${FL_ZLIB_SOURCE_DIR}/zutil.c")
target_include_directories(fl_zlib SYSTEM PUBLIC "${FL_ZLIB_SOURCE_DIR}")
target_compile_definitions(fl_zlib PRIVATE Z_HAVE_UNISTD_H)

set(FL_ZSTD_LIB "${FL_ZSTD_SOURCE_DIR}/lib")
add_library(fl_zstd STATIC
  "${FL_ZSTD_LIB}/common/debug.c" "${FL_ZSTD_LIB}/common/entropy_common.c"
  "${FL_ZSTD_LIB}/common/error_private.c" "${FL_ZSTD_LIB}/common/fse_decompress.c"
  "${FL_ZSTD_LIB}/common/xxhash.c" "${FL_ZSTD_LIB}/common/zstd_common.c"
  "${FL_ZSTD_LIB}/decompress/huf_decompress.c" "${FL_ZSTD_LIB}/decompress/zstd_ddict.c"
  "${FL_ZSTD_LIB}/decompress/zstd_decompress.c" "${FL_ZSTD_LIB}/decompress/zstd_decompress_block.c")
target_include_directories(fl_zstd SYSTEM PUBLIC "${FL_ZSTD_LIB}")
# No legacy formats (before v0.8), no assembly, no tracing hooks (weak symbols); and zstd's
# small-decoder switches (one Huffman and one sequence decoder, less inlining): 27 KB less
# wasm (8 KB gzipped). With them, analyze.mjs on a 52 MB demo export took 1.0-1.4 s as
# .zst (8.5 MB) against 1.1-1.2 s plain: decoding is small beside parsing.
target_compile_definitions(fl_zstd PRIVATE ZSTD_LEGACY_SUPPORT=0 ZSTD_DISABLE_ASM ZSTD_TRACE=0
  HUF_FORCE_DECOMPRESS_X1 ZSTD_FORCE_DECOMPRESS_SEQUENCES_SHORT ZSTD_NO_INLINE)

set(FL_COMPRESSION_LIBRARIES fl_zlib fl_zstd)
