#include "core/ingest/time_outliers.h"

#include <algorithm>
#include <cmath>

namespace fl {

TimeBounds ComputeTimeBounds(const std::vector<int64_t>& times) {
  std::vector<int64_t> scratch(times);
  const size_t n = scratch.size();
  // Lower quantile rounds down, upper rounds up, so small inputs use min and max.
  const size_t lo_k = static_cast<size_t>(std::floor(0.001 * static_cast<double>(n - 1)));
  const size_t hi_k = static_cast<size_t>(std::ceil(0.999 * static_cast<double>(n - 1)));
  std::nth_element(scratch.begin(), scratch.begin() + lo_k, scratch.end());
  TimeBounds b;
  b.q001 = scratch[lo_k];
  // Everything after lo_k is >= q001, so the upper quantile is found in that part.
  std::nth_element(scratch.begin() + lo_k, scratch.begin() + hi_k, scratch.end());
  b.q999 = scratch[hi_k];
  // Saturating arithmetic: times can be anywhere in int64 after a parse of nanoseconds.
  const double spread = static_cast<double>(b.q999) - static_cast<double>(b.q001);
  const double margin = std::max(10.0 * spread, static_cast<double>(kMinOutlierMarginMs));
  const double low = static_cast<double>(b.q001) - margin;
  const double high = static_cast<double>(b.q999) + margin;
  b.low = low <= -9.2e18 ? INT64_MIN : static_cast<int64_t>(low);
  b.high = high >= 9.2e18 ? INT64_MAX : static_cast<int64_t>(high);
  return b;
}

}  // namespace fl
