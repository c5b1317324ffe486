#include "core/funnel/funnel_json.h"

#include <cmath>
#include <string>

#include "absl/time/time.h"

namespace fl {
namespace {

using nlohmann::ordered_json;

ordered_json Interval95(const Interval& interval) {
  return ordered_json::array({RoundTo6(interval.lo), RoundTo6(interval.hi)});
}

ordered_json SecondsOrNull(const DurationSummary& summary, double value) {
  return summary.count > 0 ? ordered_json(RoundTo6(value)) : ordered_json(nullptr);
}

void PutRates(const StepResult& step, ordered_json* out) {
  (*out)["name"] = step.name;
  (*out)["count"] = step.count;
  (*out)["conversion"] = RoundTo6(step.conversion);
  (*out)["conversion_ci95"] = Interval95(step.conversion_ci95);
  (*out)["step_conversion"] = RoundTo6(step.step_conversion);
  (*out)["step_conversion_ci95"] = Interval95(step.step_conversion_ci95);
}

std::string IsoUtc(int64_t ms) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

}  // namespace

double RoundTo6(double x) {
  const double rounded = std::round(x * 1e6) / 1e6;
  return rounded == 0 ? 0.0 : rounded;
}

ordered_json FunnelResultToJson(const FunnelResult& result) {
  ordered_json out = ordered_json::object();
  out["unit"] = result.unit;
  out["window_seconds"] = result.window_seconds;
  out["order"] = result.order;
  ordered_json steps = ordered_json::array();
  for (const StepResult& step : result.steps) {
    ordered_json s = ordered_json::object();
    PutRates(step, &s);
    s["dropped"] = step.dropped;
    s["in_progress"] = step.in_progress;
    s["median_seconds_from_previous"] = SecondsOrNull(step.from_previous, step.from_previous.median_seconds);
    s["p90_seconds_from_previous"] = SecondsOrNull(step.from_previous, step.from_previous.p90_seconds);
    s["mean_seconds_from_previous"] = SecondsOrNull(step.from_previous, step.from_previous.mean_seconds);
    s["median_seconds_from_start"] = SecondsOrNull(step.from_start, step.from_start.median_seconds);
    s["p90_seconds_from_start"] = SecondsOrNull(step.from_start, step.from_start.p90_seconds);
    ordered_json edges = ordered_json::array();
    for (double edge : step.from_previous.histogram_edges_seconds) edges.push_back(RoundTo6(edge));
    ordered_json histogram = ordered_json::object();
    histogram["edges_seconds"] = std::move(edges);
    histogram["counts"] = step.from_previous.histogram_counts;
    s["time_histogram"] = std::move(histogram);
    steps.push_back(std::move(s));
  }
  out["steps"] = std::move(steps);
  if (result.breakdown_property.empty()) {
    out["breakdown"] = nullptr;
  } else {
    ordered_json breakdown = ordered_json::object();
    breakdown["property"] = result.breakdown_property;
    breakdown["attribution"] = result.breakdown_attribution;
    breakdown["values"] = result.breakdown_values;
    breakdown["values_in_other"] = result.breakdown_values_in_other;
    ordered_json segments = ordered_json::array();
    for (const SegmentResult& segment : result.segments) {
      ordered_json seg = ordered_json::object();
      seg["value"] = segment.value;
      if (segment.other) seg["other"] = true;
      ordered_json seg_steps = ordered_json::array();
      for (const StepResult& step : segment.steps) {
        ordered_json s = ordered_json::object();
        PutRates(step, &s);
        seg_steps.push_back(std::move(s));
      }
      seg["steps"] = std::move(seg_steps);
      segments.push_back(std::move(seg));
    }
    breakdown["segments"] = std::move(segments);
    out["breakdown"] = std::move(breakdown);
  }
  ordered_json trend = ordered_json::object();
  trend["bucket"] = result.trend_bucket;
  ordered_json rows = ordered_json::array();
  for (const TrendRow& row : result.trend) {
    ordered_json r = ordered_json::object();
    r["start"] = IsoUtc(row.bucket_start_ms);
    r["entered"] = row.entered;
    r["converted"] = row.converted;
    r["conversion"] = RoundTo6(row.conversion);
    r["conversion_ci95"] = Interval95(row.conversion_ci95);
    rows.push_back(std::move(r));
  }
  trend["rows"] = std::move(rows);
  out["trend"] = std::move(trend);
  return out;
}

}  // namespace fl
