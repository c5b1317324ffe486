# Dependencies of the core under Emscripten (included by the top CMakeLists when EMSCRIPTEN).
# Emscripten's sysroot does not see /usr/include and its toolchain does not search the host's
# CMake packages, so: Abseil is compiled from Debian's source package (unpacked by
# scripts/deps-wasm into .deps/abseil), and nlohmann/json, header-only, comes from a build-dir
# copy of just its nlohmann/ headers (pointing at /usr/include would pull in glibc's headers).

set(FL_ABSL_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/abseil" CACHE PATH
    "Abseil sources for the wasm build (scripts/deps-wasm unpacks Debian's source package here)")
set(FL_NLOHMANN_INCLUDE_DIR "/usr/include/nlohmann" CACHE PATH
    "The host's nlohmann/json headers (Debian package nlohmann-json3-dev)")

if(NOT EXISTS "${FL_ABSL_SOURCE_DIR}/CMakeLists.txt")
  message(FATAL_ERROR "No Abseil sources in ${FL_ABSL_SOURCE_DIR}: run scripts/deps-wasm (or ./dev wasm)")
endif()
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
