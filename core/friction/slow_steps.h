#ifndef FRICTIONLENS_CORE_FRICTION_SLOW_STEPS_H_
#define FRICTIONLENS_CORE_FRICTION_SLOW_STEPS_H_

// Slow steps need every unit's times before anyone can be called slow (the default
// threshold is the step's p90), so they are decided at Finalize from the per-unit
// stage times rather than by a per-unit detector.
//
// Threshold of stage s (working towards step s, s >= 1): slow_step.threshold when set,
// else the nearest-rank percentile (90) of the times from step s - 1 to step s over
// the units that reached step s. A unit is slow at s when its time working towards s
// is strictly above the threshold, whether or not it reached step s in the end.
//   times to step 2 of 10 units: 1..10 s -> p90 = 9 s; the unit at 10 s is slow, and
//   so is a unit still on step 1 whose last event came 12 s after it.

#include <cstdint>
#include <vector>

#include "core/friction/friction_settings.h"
#include "core/friction/friction_state.h"

namespace fl {

// Per stage (index = stage; 0 and stages without data: -1 = no threshold).
std::vector<int64_t> SlowStepThresholds(const std::vector<const FrictionUnit*>& units,
                                        int after_order_stage, const SlowStepSettings& settings);

// Appends a slow_step hit (no target) for each stage where the unit was slow.
void AppendSlowHits(const FrictionUnit& unit, const std::vector<int64_t>& thresholds,
                    std::vector<FrictionUnit::Hit>* hits);

// Every unit's hits as scored: its own, then its slow-step hits. Only the slow hits are
// stored here (few units have any), so the units' own hits are not copied.
class UnitHits {
 public:
  UnitHits(const std::vector<const FrictionUnit*>& units, const std::vector<int64_t>& thresholds);
  size_t size() const { return units_.size(); }
  // Calls f(hit) for each hit of unit `u` (index into `units`), own hits first.
  template <typename F>
  void ForEach(size_t u, F&& f) const {
    for (const FrictionUnit::Hit& hit : units_[u]->hits) f(hit);
    for (uint32_t i = slow_begin_[u]; i < slow_begin_[u + 1]; ++i) f(slow_[i]);
  }

 private:
  const std::vector<const FrictionUnit*>& units_;
  std::vector<FrictionUnit::Hit> slow_;
  std::vector<uint32_t> slow_begin_;  // unit u's slow hits: [slow_begin_[u], slow_begin_[u + 1])
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_SLOW_STEPS_H_
