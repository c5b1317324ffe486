#ifndef FRICTIONLENS_CORE_FUNNEL_TREND_BUCKET_H_
#define FRICTIONLENS_CORE_FUNNEL_TREND_BUCKET_H_

#include <cstdint>
#include <string_view>

namespace fl {

// Start of the UTC bucket holding `time_ms`: "hour", "day", or "week" (weeks start on
// Monday 00:00 UTC, as ISO 8601). 2024-01-03T15:20Z (a Wednesday) -> week 2024-01-01T00:00Z.
int64_t TrendBucketStart(int64_t time_ms, std::string_view bucket);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_TREND_BUCKET_H_
