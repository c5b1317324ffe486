#ifndef FRICTIONLENS_TESTS_UNIT_TEST_PATHS_H_
#define FRICTIONLENS_TESTS_UNIT_TEST_PATHS_H_

// Where tests find ../shared/data and the project's own fixtures, and how they
// skip with a clear message when the shared data is absent.

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace fl::testing {

inline std::string SharedData(const std::string& relative) {
  return std::string(FL_SHARED_DIR) + "/data/" + relative;
}
inline std::string SourcePath(const std::string& relative) {
  return std::string(FL_SOURCE_DIR) + "/" + relative;
}
inline bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *out = buffer.str();
  return true;
}

}  // namespace fl::testing

// Reads a shared data file into `var`, or skips the test saying what is missing.
#define FL_READ_SHARED_OR_SKIP(var, relative)                                         \
  std::string var;                                                                    \
  if (!::fl::testing::ReadFile(::fl::testing::SharedData(relative), &var)) {          \
    GTEST_SKIP() << "shared data not found: " << ::fl::testing::SharedData(relative); \
  }

#endif  // FRICTIONLENS_TESTS_UNIT_TEST_PATHS_H_
