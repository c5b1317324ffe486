#include "core/ingest/time_outliers.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace fl {

namespace {

// The value with `k` values before it in `before` order (0-based), for k small next to
// the row count. Candidates that could still be among the k + 1 first are gathered in a
// buffer of 4 (k + 1) values; when it fills, nth_element keeps the k + 1 first and the
// last kept becomes the bar a value must beat to enter. Linear time in every row order:
// a heap of the k + 1 first cost a pop and a push per row for the upper quantile of
// time-ordered rows (every row beats the bar there), 4% of a whole analysis. Memory is
// 4 (k + 1) values (0.4% of the rows) where a copy for nth_element took 8 bytes a row.
// A value equal to the bar cannot change the answer, so it is not kept.
template <typename Before>
int64_t OrderStatistic(const std::vector<int64_t>& times, size_t k, Before before) {
  const size_t keep = k + 1;
  std::vector<int64_t> candidates;
  candidates.reserve(4 * keep);
  bool have_bar = false;
  int64_t bar = 0;
  for (const int64_t t : times) {
    if (have_bar && !before(t, bar)) continue;
    candidates.push_back(t);
    if (candidates.size() == 4 * keep) {
      std::nth_element(candidates.begin(), candidates.begin() + k, candidates.end(), before);
      candidates.resize(keep);
      bar = candidates[k];
      have_bar = true;
    }
  }
  std::nth_element(candidates.begin(), candidates.begin() + k, candidates.end(), before);
  return candidates[k];
}

}  // namespace

TimeBounds ComputeTimeBounds(const std::vector<int64_t>& times) {
  const size_t n = times.size();
  // Lower quantile rounds down, upper rounds up, so small inputs use min and max.
  const size_t lo_k = static_cast<size_t>(std::floor(0.001 * static_cast<double>(n - 1)));
  const size_t hi_k = static_cast<size_t>(std::ceil(0.999 * static_cast<double>(n - 1)));
  TimeBounds b;
  b.q001 = OrderStatistic(times, lo_k, std::less<int64_t>());
  b.q999 = OrderStatistic(times, n - 1 - hi_k, std::greater<int64_t>());
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
