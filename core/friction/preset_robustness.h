#ifndef FRICTIONLENS_CORE_FRICTION_PRESET_ROBUSTNESS_H_
#define FRICTIONLENS_CORE_FRICTION_PRESET_ROBUSTNESS_H_

// Robust across definitions (issue 23): a rage or dead click point found under PostHog's,
// Mixpanel's, Amplitude's, Datadog's and Sentry's rule alike is a stronger claim than one
// only the chosen rule finds. Each unit's hits carry which presets find the same signal
// at the same stage and target (FrictionUnitBuilder::MarkPresets); for a point, this
// counts its affected units per preset, and names the presets that find at least half.
//   #apply-coupon, 4-6 clicks 120-300 ms apart on one spot: found under all five rage
//   rules; 3 clicks 600 ms apart: PostHog and Sentry only (Mixpanel, Amplitude and
//   Datadog want 4).

#include <vector>

#include "core/dictionary.h"
#include "core/friction/friction_points.h"
#include "core/friction/friction_result.h"
#include "core/friction/sorted_units.h"

namespace fl {

// Fills point->presets and point->found_under for a group with rage or dead clicks.
void ScorePresetRobustness(const CandidateGroup& group, const SortedUnits& units, const Dictionary& targets,
                           FrictionPoint* point);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_PRESET_ROBUSTNESS_H_
