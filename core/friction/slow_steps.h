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
#include "core/friction/sorted_units.h"
#include "core/friction/unit_run.h"

namespace fl {

// Per stage (index = stage; 0 and stages without data: -1 = no threshold). Reads only
// the units' stage times.
std::vector<int64_t> SlowStepThresholds(const SortedUnits& units, int after_order_stage,
                                        const SlowStepSettings& settings);

// Appends a slow_step hit (no target) for each stage where the unit was slow: a unit's
// hits as scored are its own, then these.
void AppendSlowHits(const FrictionUnit& unit, const std::vector<int64_t>& thresholds,
                    std::vector<FrictionUnit::Hit>* hits);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_SLOW_STEPS_H_
