#include "core/funnel/trend_bucket.h"

namespace fl {
namespace {

int64_t FloorTo(int64_t value, int64_t size, int64_t offset) {
  int64_t shifted = value - offset;
  int64_t q = shifted / size;
  if (shifted % size != 0 && shifted < 0) --q;  // floor, also before 1970
  return q * size + offset;
}

constexpr int64_t kHourMs = 3600000;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr int64_t kFirstMondayMs = 4 * kDayMs;  // 1970-01-05, the first Monday after the epoch

}  // namespace

int64_t TrendBucketStart(int64_t time_ms, std::string_view bucket) {
  if (bucket == "hour") return FloorTo(time_ms, kHourMs, 0);
  if (bucket == "week") return FloorTo(time_ms, 7 * kDayMs, kFirstMondayMs);
  return FloorTo(time_ms, kDayMs, 0);
}

}  // namespace fl
