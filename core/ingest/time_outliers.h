#ifndef FRICTIONLENS_CORE_INGEST_TIME_OUTLIERS_H_
#define FRICTIONLENS_CORE_INGEST_TIME_OUTLIERS_H_

// Times far outside the bulk of the data: a 1970 row in a 2017 capture is a broken
// clock or a cut-off line, and would stretch every time axis and window. Bounds are
// robust: q001 and q999 are the 0.1% and 99.9% quantiles (exact order statistics);
// margin = max(10 x (q999 - q001), 30 days); rows outside [q001 - margin, q999 + margin]
// are outliers.
//   2 hours of 2017-11-26 plus one "15" (1970-01-01T00:00:15Z): margin = 30 days, the
//   1970 row is outside, everything else inside.
// With fewer than about 1000 rows a single stray time is its own 0.1% quantile and is
// kept: the screen is meant for captures, not for hand-made samples.

#include <cstdint>
#include <vector>

namespace fl {

struct TimeBounds {
  int64_t q001 = 0, q999 = 0;  // the data's range as reported
  int64_t low = 0, high = 0;   // rows outside [low, high] are outliers
};

inline constexpr int64_t kMinOutlierMarginMs = int64_t{30} * 24 * 3600 * 1000;

// `times` must not be empty. Scratch memory: 0.4% of the rows, twice; linear time in any row order.
TimeBounds ComputeTimeBounds(const std::vector<int64_t>& times);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_TIME_OUTLIERS_H_
