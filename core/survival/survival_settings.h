#ifndef FRICTIONLENS_CORE_SURVIVAL_SURVIVAL_SETTINGS_H_
#define FRICTIONLENS_CORE_SURVIVAL_SURVIVAL_SETTINGS_H_

// The spec's "survival" settings:
//   landmarks  times after entry at which the report reads each curve off (the share
//              that reached the step by then, with its interval); by default those of
//              1m, 5m, 15m, 1h, 6h, 1d, 7d, 30d that are shorter than the journey's
//              window, and the window itself
//   points     at most this many points per curve in the report (the curve is exact;
//              only its drawing is thinned, see survival_section.h)
//   {"survival": {"landmarks": ["30s", "2m", "10m"], "points": 60}}

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

struct SurvivalSettings {
  std::vector<int64_t> landmarks_ms;  // empty = the defaults above, for the spec's window
  int points = 100;
};

absl::StatusOr<SurvivalSettings> SurvivalSettingsOf(const JourneySpec& spec);
nlohmann::ordered_json SurvivalSettingsToJson(const SurvivalSettings& settings);

// The landmarks a run uses: the settings' own, or the defaults for `window_ms`; sorted,
// each once, none beyond the window.
std::vector<int64_t> SurvivalLandmarks(const SurvivalSettings& settings, int64_t window_ms);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SURVIVAL_SURVIVAL_SETTINGS_H_
