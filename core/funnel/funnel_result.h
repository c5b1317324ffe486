#ifndef FRICTIONLENS_CORE_FUNNEL_FUNNEL_RESULT_H_
#define FRICTIONLENS_CORE_FUNNEL_FUNNEL_RESULT_H_

// What a finalized funnel says; rendered to the report's `funnel` section by
// core/report. Every rate carries its Wilson 95% interval.

#include <cstdint>
#include <string>
#include <vector>

#include "core/stats/intervals.h"

namespace fl {

struct DurationSummary {
  int64_t count = 0;
  double median_seconds = 0;  // even count: mean of the two middle values (PostHog)
  double p90_seconds = 0;     // nearest-rank
  double mean_seconds = 0;
  double min_seconds = 0;
  double max_seconds = 0;
  // ceil(cbrt(n)) bins clamped to 1..60, equal width over [min, max] (PostHog).
  std::vector<double> histogram_edges_seconds;  // bins + 1 edges
  std::vector<int64_t> histogram_counts;
};

struct StepResult {
  std::string name;
  int64_t count = 0;             // units that reached this step (or passed it, if optional)
  double conversion = 0;         // count / count of step 1
  Interval conversion_ci95;
  double step_conversion = 0;    // count / count of the previous step
  Interval step_conversion_ci95;
  int64_t dropped = 0;           // reached the previous step, not this one, window closed
  int64_t in_progress = 0;       // reached the previous step, not this one, window still open
  DurationSummary from_previous;
  DurationSummary from_start;
};

struct SegmentResult {
  std::string value;  // "(none)" when the property is missing, "(other)" for the rest
  bool other = false;  // the values beyond the breakdown's top, added up
  std::vector<StepResult> steps;  // counts, conversions and intervals only
};

struct TrendRow {
  int64_t bucket_start_ms = 0;
  int64_t entered = 0;
  int64_t converted = 0;  // reached the last step
  double conversion = 0;
  Interval conversion_ci95;
};

struct FunnelResult {
  std::string unit;    // users | sessions | attempts
  std::string order;   // ordered | strict | any
  int64_t window_seconds = 0;
  std::vector<StepResult> steps;
  std::string breakdown_property;     // empty when none
  std::string breakdown_attribution;  // first_touch | last_touch
  int64_t breakdown_values = 0;        // distinct values of the property among entering units
  int64_t breakdown_values_in_other = 0;  // of those, folded into the "(other)" segment
  std::vector<SegmentResult> segments;  // by count at step 1 desc, then value asc
  std::string trend_bucket;
  std::vector<TrendRow> trend;          // by bucket_start_ms
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_FUNNEL_RESULT_H_
