#include "core/ingest/time_outliers.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace fl {

namespace {

// The value with `k` values before it in sorted order (0-based), for k small next to
// the row count: a heap of the k + 1 smallest values seen, so memory is k + 1 values
// (0.1% of the rows here) where a copy for nth_element took 8 bytes a row, as much as
// the time column itself at the peak of ingest. `Before` is the sort order.
template <typename Before>
int64_t OrderStatistic(const std::vector<int64_t>& times, size_t k, Before before) {
  std::vector<int64_t> heap;  // the k + 1 first in `before` order so far, last on top
  heap.reserve(k + 1);
  for (const int64_t t : times) {
    if (heap.size() <= k) {
      heap.push_back(t);
      std::push_heap(heap.begin(), heap.end(), before);
    } else if (before(t, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), before);
      heap.back() = t;
      std::push_heap(heap.begin(), heap.end(), before);
    }
  }
  return heap.front();
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
