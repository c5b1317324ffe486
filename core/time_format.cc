#include "core/time_format.h"

namespace fl {
namespace {
constexpr int64_t kMsPerDay = 86400000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void AppendDigits(int64_t value, int width, std::string* out) {
  char buffer[24];
  int n = 0;
  do {
    buffer[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 || n < width);
  while (n > 0) out->push_back(buffer[--n]);
}
}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (*month <= 2);
}

void AppendIsoUtc(int64_t epoch_ms, bool always_ms, std::string* out) {
  const int64_t days = FloorDiv(epoch_ms, kMsPerDay);
  int64_t ms_of_day = epoch_ms - days * kMsPerDay;
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  // ISO 8601 expanded years carry a sign outside 0000-9999.
  if (year < 0) {
    out->push_back('-');
    year = -year;
  } else if (year > 9999) {
    out->push_back('+');
  }
  AppendDigits(year, 4, out);
  out->push_back('-');
  AppendDigits(month, 2, out);
  out->push_back('-');
  AppendDigits(day, 2, out);
  out->push_back('T');
  AppendDigits(ms_of_day / 3600000, 2, out);
  out->push_back(':');
  AppendDigits(ms_of_day / 60000 % 60, 2, out);
  out->push_back(':');
  AppendDigits(ms_of_day / 1000 % 60, 2, out);
  if (always_ms || ms_of_day % 1000 != 0) {
    out->push_back('.');
    AppendDigits(ms_of_day % 1000, 3, out);
  }
  out->push_back('Z');
}

std::string FormatIsoUtc(int64_t epoch_ms, bool always_ms) {
  std::string out;
  AppendIsoUtc(epoch_ms, always_ms, &out);
  return out;
}

int64_t FloorToBucket(int64_t epoch_ms, const std::string& bucket) {
  if (bucket == "hour") return FloorDiv(epoch_ms, 3600000) * 3600000;
  const int64_t days = FloorDiv(epoch_ms, kMsPerDay);
  if (bucket == "week") {
    // 1970-01-01 was a Thursday: Monday-based weeks start 3 days earlier.
    return (FloorDiv(days + 3, 7) * 7 - 3) * kMsPerDay;
  }
  return days * kMsPerDay;
}

}  // namespace fl
