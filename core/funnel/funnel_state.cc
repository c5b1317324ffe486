// FunnelState: Add / Merge / Finalize. Everything kept is an integer count, so merging
// states of disjoint users in any grouping and order gives the same state exactly.
//
// Counting, for a funnel of N steps and a unit that reached level L (0..N):
//   reached[k]     units with L > k (an optional step passed by skipping counts)
//   in_progress[k] units with L == k, k >= 1, whose window was still open at the end of
//                  the data: they reached step k-1 and may yet reach step k
//   dropped[k]     reached[k-1] - reached[k] - in_progress[k] (computed at Finalize)
// Units that never reached step 1 are not counted at all.
// Durations (whole ms) for step k >= 1 that the unit really did (not skipped):
//   from_previous  time of step k - time of the last earlier step it really did
//   from_start     time of step k - time of step 1
// Trend: a unit enters the bucket of its step-1 time (UTC) and converts when L == N.

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/funnel/duration_summary.h"
#include "core/funnel/funnel_analysis.h"
#include "core/funnel/trend_bucket.h"

namespace fl {
namespace {

StepResult RateStep(const std::string& name, const std::vector<int64_t>& reached,
                    const std::vector<int64_t>& in_progress, size_t k) {
  StepResult step;
  step.name = name;
  step.count = reached[k];
  const int64_t first = reached[0];
  const int64_t previous = k == 0 ? reached[0] : reached[k - 1];
  step.conversion = first > 0 ? static_cast<double>(step.count) / first : 0.0;
  step.conversion_ci95 = WilsonInterval(step.count, first);
  step.step_conversion = previous > 0 ? static_cast<double>(step.count) / previous : 0.0;
  step.step_conversion_ci95 = WilsonInterval(step.count, previous);
  step.in_progress = in_progress[k];
  step.dropped = k == 0 ? 0 : previous - step.count - step.in_progress;
  return step;
}

void AddCounts(const std::vector<int64_t>& from, std::vector<int64_t>* to) {
  for (size_t i = 0; i < from.size(); ++i) (*to)[i] += from[i];
}

}  // namespace

FunnelState::FunnelState(const JourneySpec& spec) : spec_key_(spec.CoreCanonicalJson()), spec_(spec) {
  const size_t n = spec.steps.size();
  total_.reached.assign(n, 0);
  total_.in_progress.assign(n, 0);
  from_previous_ms_.resize(n);
  from_start_ms_.resize(n);
}

void FunnelState::Add(const UnitOutcome& outcome, const std::string& segment) {
  const int n = static_cast<int>(spec_.steps.size());
  const int level = std::min(outcome.level, n);
  if (level <= 0) return;
  const bool open = level < n && outcome.window_open_at_end;
  auto count = [&](Counts* counts) {
    for (int k = 0; k < level; ++k) ++counts->reached[k];
    if (open) ++counts->in_progress[level];
  };
  count(&total_);
  if (!spec_.breakdown.property.empty()) {
    auto it = segments_.find(segment);
    if (it == segments_.end()) {
      Counts empty;
      empty.reached.assign(n, 0);
      empty.in_progress.assign(n, 0);
      it = segments_.emplace(segment, std::move(empty)).first;
    }
    count(&it->second);
  }
  int previous = 0;
  for (int k = 1; k < level; ++k) {
    const bool skipped = k < static_cast<int>(outcome.step_skipped.size()) && outcome.step_skipped[k];
    if (skipped) continue;
    from_previous_ms_[k].Add(outcome.step_time_ms[k] - outcome.step_time_ms[previous]);
    from_start_ms_[k].Add(outcome.step_time_ms[k] - outcome.step_time_ms[0]);
    previous = k;
  }
  auto& row = trend_[TrendBucketStart(outcome.start_ms, spec_.trend_bucket)];
  ++row.first;
  if (level == n) ++row.second;
}

absl::Status FunnelState::Merge(const FunnelState& other) {
  if (other.spec_key_ != spec_key_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "funnel: cannot merge states of different journeys (\"", spec_.name, "\" and \"",
        other.spec_.name, "\"; their canonical specs differ)"));
  }
  AddCounts(other.total_.reached, &total_.reached);
  AddCounts(other.total_.in_progress, &total_.in_progress);
  for (size_t k = 0; k < from_previous_ms_.size(); ++k) {
    from_previous_ms_[k].Merge(other.from_previous_ms_[k]);
    from_start_ms_[k].Merge(other.from_start_ms_[k]);
  }
  for (const auto& [value, counts] : other.segments_) {
    auto it = segments_.find(value);
    if (it == segments_.end()) {
      segments_.emplace(value, counts);
    } else {
      AddCounts(counts.reached, &it->second.reached);
      AddCounts(counts.in_progress, &it->second.in_progress);
    }
  }
  for (const auto& [bucket, row] : other.trend_) {
    auto& mine = trend_[bucket];
    mine.first += row.first;
    mine.second += row.second;
  }
  return absl::OkStatus();
}

FunnelResult FunnelState::Finalize() const {
  FunnelResult result;
  result.unit = CountingUnitName(spec_.unit);
  result.order = FunnelOrderName(spec_.order);
  result.window_seconds = spec_.window_ms / 1000;
  for (size_t k = 0; k < spec_.steps.size(); ++k) {
    StepResult step = RateStep(spec_.steps[k].name, total_.reached, total_.in_progress, k);
    step.from_previous = SummarizeDurations(from_previous_ms_[k].Sorted());
    step.from_start = SummarizeDurations(from_start_ms_[k].Sorted());
    result.steps.push_back(std::move(step));
  }
  if (!spec_.breakdown.property.empty()) {
    result.breakdown_property = spec_.breakdown.property;
    result.breakdown_attribution =
        spec_.breakdown.attribution == Attribution::kFirstTouch ? "first_touch" : "last_touch";
    std::vector<const std::pair<const std::string, Counts>*> order;
    for (const auto& entry : segments_) order.push_back(&entry);
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
      if (a->second.reached[0] != b->second.reached[0]) return a->second.reached[0] > b->second.reached[0];
      return a->first < b->first;
    });
    const size_t shown = std::min(order.size(), static_cast<size_t>(spec_.breakdown.top));
    result.breakdown_values = static_cast<int64_t>(order.size());
    result.breakdown_values_in_other = static_cast<int64_t>(order.size() - shown);
    auto add_segment = [&](const std::string& value, const Counts& counts, bool other) {
      SegmentResult segment;
      segment.value = value;
      segment.other = other;
      for (size_t k = 0; k < spec_.steps.size(); ++k) {
        segment.steps.push_back(RateStep(spec_.steps[k].name, counts.reached, counts.in_progress, k));
      }
      result.segments.push_back(std::move(segment));
    };
    for (size_t i = 0; i < shown; ++i) add_segment(order[i]->first, order[i]->second, false);
    if (shown < order.size()) {
      Counts rest;
      rest.reached.assign(spec_.steps.size(), 0);
      rest.in_progress.assign(spec_.steps.size(), 0);
      for (size_t i = shown; i < order.size(); ++i) {
        AddCounts(order[i]->second.reached, &rest.reached);
        AddCounts(order[i]->second.in_progress, &rest.in_progress);
      }
      add_segment("(other)", rest, true);
    }
  }
  result.trend_bucket = spec_.trend_bucket;
  for (const auto& [bucket, row] : trend_) {
    TrendRow trend;
    trend.bucket_start_ms = bucket;
    trend.entered = row.first;
    trend.converted = row.second;
    trend.conversion = row.first > 0 ? static_cast<double>(row.second) / row.first : 0.0;
    trend.conversion_ci95 = WilsonInterval(row.second, row.first);
    result.trend.push_back(trend);
  }
  return result;
}

}  // namespace fl
