#ifndef FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_SETTINGS_H_
#define FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_SETTINGS_H_

// The journey spec's "experiment" block: how units are assigned to variants.
//   {"name": "checkout-v2",
//    "variant_property": "variant",             required: the property naming the variant
//    "exposure_event": "experiment_exposure",   optional: the first such event with a variant
//                                               assigns, and only events from it on count
//    "control": "A",                            default: the first variant by name
//    "expected_split": {"A": 0.5, "B": 0.5},    default: equal shares of the variants seen
//    "srm_alpha": 0.001,                        sample-ratio check flagged below this p
//    "tau": 0.02}                               the effect size (absolute conversion) the
//                                               always-valid intervals are tuned to
// Errors name the JSON path: "journey: experiment.expected_split.B: expected a number > 0".

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

struct ExperimentSettings {
  std::string name = "experiment";
  std::string variant_property;
  std::string exposure_event;  // empty: assignment by the property on any event
  std::string control;         // empty: the first variant by name
  std::map<std::string, double> expected_split;  // empty: equal
  double srm_alpha = 0.001;
  double tau = 0.02;
};

inline constexpr const char* kExperimentKey = "experiment";

bool HasExperiment(const JourneySpec& spec);
absl::StatusOr<ExperimentSettings> ExperimentSettingsOf(const JourneySpec& spec);
nlohmann::ordered_json ExperimentSettingsToJson(const ExperimentSettings& settings);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_SETTINGS_H_
