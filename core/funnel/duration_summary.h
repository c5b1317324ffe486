#ifndef FRICTIONLENS_CORE_FUNNEL_DURATION_SUMMARY_H_
#define FRICTIONLENS_CORE_FUNNEL_DURATION_SUMMARY_H_

// Time-to-convert summaries from an exact, mergeable histogram (milliseconds -> units).
//   median   even count: mean of the two middle values (PostHog); {1,2,3,10}s -> 2.5 s
//   p90      nearest rank: the ceil(0.9 n)-th smallest; {1..10}s -> 9 s
//   mean, min, max
//   histogram ceil(cbrt(n)) equal-width bins over [min, max], clamped to 1..60 (PostHog);
//            the last bin is closed; min == max gives one bin. n = 8, 0..7 s -> 2 bins
//            [0, 3.5, 7] with counts [4, 4].

#include <cstdint>
#include <utility>
#include <vector>

#include "core/funnel/funnel_result.h"

namespace fl {

// `ms_counts`: (milliseconds, units) pairs sorted by milliseconds, each value once
// (DurationCounts::Sorted()).
DurationSummary SummarizeDurations(const std::vector<std::pair<int64_t, int64_t>>& ms_counts);

// Smallest b >= 1 with b^3 >= n, clamped to 60: ceil(cbrt(n)) without libm rounding.
int HistogramBins(int64_t n);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_DURATION_SUMMARY_H_
