#ifndef FRICTIONLENS_TESTS_UNIT_CSV_TEST_SUPPORT_H_
#define FRICTIONLENS_TESTS_UNIT_CSV_TEST_SUPPORT_H_

// A CSV reader (and the Olist time layout) of the tests' own, independent of core/ingest, so that tests on real
// files (Olist) count what they expect without the code they check.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace fl::testing {

// RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks (the
// review texts do).
inline std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// "YYYY-MM-DD HH:MM:SS" (UTC), the Olist files' layout, as epoch milliseconds.
inline int64_t Ms(const std::string& text) {
  absl::Time t;
  std::string error;
  EXPECT_TRUE(absl::ParseTime("%Y-%m-%d %H:%M:%S", text, absl::UTCTimeZone(), &t, &error)) << text;
  return absl::ToUnixMillis(t);
}

}  // namespace fl::testing

#endif  // FRICTIONLENS_TESTS_UNIT_CSV_TEST_SUPPORT_H_
