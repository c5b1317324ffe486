#include "core/journey/duration.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/journey/journey_spec.h"

namespace fl {
namespace {

struct Unit {
  const char* suffix;
  int64_t ms;
};
// Longest suffix first so that "ms" is not read as "m" followed by junk.
constexpr Unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000},
                           {"d", 86400000}, {"w", 604800000}};
// Anything that fits in int64 milliseconds (ClickHouse tests use 6048000000000000 s as
// "unlimited"); the search adds windows with saturation.
constexpr int64_t kMaxMs = INT64_MAX;

}  // namespace

absl::StatusOr<int64_t> ParseDurationMs(const nlohmann::json& value, std::string_view path) {
  return ParseDurationMs(value, path, JsonReader(kJourneyErrorPrefix));
}

// Accepted: a JSON number of seconds (0.5 = 500 ms; must be whole milliseconds), or a
// string "<integer><unit>" with unit ms, s, m, h, d or w ("30m", "14d", "500ms").
// Negative durations are errors; zero is allowed (ClickHouse windowFunnel(0): same
// timestamp only).
absl::StatusOr<int64_t> ParseDurationMs(const nlohmann::json& value, std::string_view path,
                                        const JsonReader& reader) {
  auto Bad = [&](std::string_view where, absl::string_view why) {
    return reader.Error(absl::string_view(where.data(), where.size()), why);
  };
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() ? value.get<uint64_t>() > static_cast<uint64_t>(kMaxMs / 1000)
                                   : value.get<int64_t>() > kMaxMs / 1000) {
      return Bad(path, "duration too long");
    }
    if (!value.is_number_unsigned() && value.get<int64_t>() < 0) return Bad(path, "expected a duration >= 0");
    return value.get<int64_t>() * 1000;
  }
  if (value.is_number()) {
    const double seconds = value.get<double>();
    if (!std::isfinite(seconds) || seconds < 0) return Bad(path, "expected a duration >= 0");
    const double ms = seconds * 1000.0;
    if (ms >= 9.2e18) return Bad(path, "duration too long");
    const double rounded = std::round(ms);
    if (std::fabs(ms - rounded) > 1e-6) return Bad(path, "duration must be whole milliseconds");
    return static_cast<int64_t>(rounded);
  }
  if (!value.is_string()) {
    return Bad(path, "expected a duration like \"30m\", \"1h\", \"14d\" or a number of seconds");
  }
  const std::string& text = value.get_ref<const std::string&>();
  for (const Unit& unit : kUnits) {
    const std::string_view suffix(unit.suffix);
    if (text.size() <= suffix.size()) continue;
    if (std::string_view(text).substr(text.size() - suffix.size()) != suffix) continue;
    const std::string_view digits = std::string_view(text).substr(0, text.size() - suffix.size());
    bool all_digits = true;
    for (char c : digits) all_digits = all_digits && c >= '0' && c <= '9';
    int64_t amount = 0;
    if (!all_digits || !absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &amount)) break;
    if (amount > kMaxMs / unit.ms) return Bad(path, "duration too long");
    return amount * unit.ms;
  }
  return Bad(path, absl::StrCat("cannot read duration \"", text,
                                "\" (expected <integer><ms|s|m|h|d|w>, e.g. \"30m\")"));
}

std::string FormatDurationMs(int64_t ms) {
  if (ms == 0) return "0s";
  // Days at most: "14d" reads better than "2w".
  for (int i = static_cast<int>(sizeof(kUnits) / sizeof(kUnits[0])) - 2; i >= 0; --i) {
    if (ms % kUnits[i].ms == 0) return absl::StrCat(ms / kUnits[i].ms, kUnits[i].suffix);
  }
  return absl::StrCat(ms, "ms");
}

}  // namespace fl
