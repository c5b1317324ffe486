#include "core/funnel/duration_summary.h"

#include <algorithm>

namespace fl {
namespace {

// The value of rank `rank` (0-based) in the sorted multiset.
int64_t ValueAtRank(const std::vector<std::pair<int64_t, int64_t>>& ms_counts, int64_t rank) {
  int64_t seen = 0;
  for (const auto& [ms, count] : ms_counts) {
    seen += count;
    if (rank < seen) return ms;
  }
  return ms_counts.empty() ? 0 : ms_counts.back().first;
}

}  // namespace

int HistogramBins(int64_t n) {
  int64_t bins = 1;
  while (bins < 60 && bins * bins * bins < n) ++bins;
  return static_cast<int>(bins);
}

DurationSummary SummarizeDurations(const std::vector<std::pair<int64_t, int64_t>>& ms_counts) {
  DurationSummary out;
  int64_t n = 0;
  double sum_ms = 0;  // summed in key order: the same bits on every platform
  for (const auto& [ms, count] : ms_counts) {
    n += count;
    sum_ms += static_cast<double>(ms) * static_cast<double>(count);
  }
  out.count = n;
  if (n == 0) return out;
  const int64_t min_ms = ms_counts.front().first;
  const int64_t max_ms = ms_counts.back().first;
  const double median_ms =
      n % 2 == 1 ? static_cast<double>(ValueAtRank(ms_counts, n / 2))
                 : (static_cast<double>(ValueAtRank(ms_counts, n / 2 - 1)) +
                    static_cast<double>(ValueAtRank(ms_counts, n / 2))) / 2.0;
  const int64_t p90_rank = (9 * n + 9) / 10;  // ceil(0.9 n), 1-based
  out.median_seconds = median_ms / 1000.0;
  out.p90_seconds = static_cast<double>(ValueAtRank(ms_counts, p90_rank - 1)) / 1000.0;
  out.mean_seconds = sum_ms / static_cast<double>(n) / 1000.0;
  out.min_seconds = static_cast<double>(min_ms) / 1000.0;
  out.max_seconds = static_cast<double>(max_ms) / 1000.0;
  const int bins = min_ms == max_ms ? 1 : HistogramBins(n);
  const int64_t span = max_ms - min_ms;
  for (int b = 0; b <= bins; ++b) {
    out.histogram_edges_seconds.push_back(
        (static_cast<double>(min_ms) + static_cast<double>(span) * b / bins) / 1000.0);
  }
  out.histogram_counts.assign(bins, 0);
  for (const auto& [ms, count] : ms_counts) {
    int64_t bin = span == 0 ? 0 : (ms - min_ms) * bins / span;  // exact integer arithmetic
    out.histogram_counts[std::min<int64_t>(bin, bins - 1)] += count;
  }
  return out;
}

}  // namespace fl
