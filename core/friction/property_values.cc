#include "core/friction/property_values.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"

namespace fl {

namespace {
// Debian's Abseil has its own string_view type.
absl::string_view Trim(std::string_view text) {
  return absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size()));
}
}  // namespace

std::optional<double> ParseNumber(std::string_view input) {
  const absl::string_view text = Trim(input);
  double value = 0;
  if (text.empty() || !absl::SimpleAtod(text, &value) || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int64_t> ParseTimeMs(std::string_view input) {
  const absl::string_view text = Trim(input);
  if (text.empty()) return std::nullopt;
  if (std::optional<double> number = ParseNumber(input)) {
    // Epoch seconds unless too large to be seconds in any plausible year (> 1e11 s
    // is year 5138): then milliseconds.
    const double ms = std::fabs(*number) > 1e11 ? *number : *number * 1000.0;
    return static_cast<int64_t>(std::llround(ms));
  }
  static constexpr const char* kFormats[] = {
      "%Y-%m-%d%ET%H:%M:%E*S%Ez", "%Y-%m-%d %H:%M:%E*S%Ez", "%Y-%m-%d%ET%H:%M:%E*S",
      "%Y-%m-%d %H:%M:%E*S",      "%Y-%m-%d%ET%H:%M",       "%Y-%m-%d %H:%M",
      "%Y-%m-%d",
  };
  const std::string owned(text);
  for (const char* format : kFormats) {
    absl::Time time;
    std::string error;
    if (absl::ParseTime(format, owned, absl::UTCTimeZone(), &time, &error)) {
      return absl::ToUnixMillis(time);
    }
  }
  return std::nullopt;
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point for the last `*` (linear-ish, no recursion).
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<double> NumbersByValueId(const PropertyColumn& column) {
  std::vector<double> out(column.values.size(), std::numeric_limits<double>::quiet_NaN());
  for (uint32_t id = 0; id < column.values.size(); ++id) {
    if (std::optional<double> v = ParseNumber(column.values.Value(id))) out[id] = *v;
  }
  return out;
}

std::vector<int64_t> TimesByValueId(const PropertyColumn& column) {
  std::vector<int64_t> out(column.values.size(), std::numeric_limits<int64_t>::min());
  for (uint32_t id = 0; id < column.values.size(); ++id) {
    if (std::optional<int64_t> v = ParseTimeMs(column.values.Value(id))) out[id] = *v;
  }
  return out;
}

}  // namespace fl
