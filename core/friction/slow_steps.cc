#include "core/friction/slow_steps.h"

#include <algorithm>
#include <cmath>

namespace fl {

std::vector<int64_t> SlowStepThresholds(const SortedUnits& units, int after_order_stage,
                                        const SlowStepSettings& settings) {
  std::vector<int64_t> thresholds(after_order_stage + 1, -1);
  if (!settings.enabled) return thresholds;
  std::vector<std::vector<int64_t>> durations(after_order_stage + 1);
  std::vector<FrictionUnit::StageTime> times;
  for (size_t u = 0; u < units.size(); ++u) {
    units.StageTimes(u, &times);
    for (const FrictionUnit::StageTime& st : times) {
      if (st.reached && st.stage < after_order_stage) durations[st.stage].push_back(st.duration_ms);
    }
  }
  for (int s = 1; s < after_order_stage; ++s) {
    if (settings.threshold_ms > 0) {
      thresholds[s] = settings.threshold_ms;
      continue;
    }
    std::vector<int64_t>& d = durations[s];
    if (d.empty()) continue;
    // Nearest rank: the ceil(p/100 * n)-th smallest.
    const size_t rank = static_cast<size_t>(std::ceil(settings.percentile / 100.0 * d.size()));
    const size_t index = std::min(d.size(), std::max<size_t>(rank, 1)) - 1;
    std::nth_element(d.begin(), d.begin() + index, d.end());
    thresholds[s] = d[index];
  }
  return thresholds;
}

void AppendSlowHits(const FrictionUnit& unit, const std::vector<int64_t>& thresholds,
                    std::vector<FrictionUnit::Hit>* hits) {
  for (const FrictionUnit::StageTime& st : unit.stage_times) {
    if (st.stage >= thresholds.size()) continue;
    const int64_t threshold = thresholds[st.stage];
    if (threshold >= 0 && st.duration_ms > threshold) {
      hits->push_back({st.stage, SignalKind::kSlowStep, st.session, 0});
    }
  }
}

}  // namespace fl
