#ifndef FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_SETTINGS_H_
#define FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_SETTINGS_H_

// The spec's "conformance" settings:
//   examples           example users listed per step and kind of deviation (0 to 20)
//   ignore_repeats_of  steps (by name) whose repeats are not deviations; by default the
//                      first step: several product pages before the cart is browsing,
//                      while a second cart or a second checkout is a retry worth seeing.
//                      [] counts every repeat.
//   {"conformance": {"examples": 3, "ignore_repeats_of": ["Product page", "Cart"]}}

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

struct ConformanceSettings {
  int examples = 5;
  std::vector<std::string> ignore_repeats_of;  // step names, in step order
  uint32_t repeats_ignored = 0;                // the same as a step mask
};

absl::StatusOr<ConformanceSettings> ConformanceSettingsOf(const JourneySpec& spec);
nlohmann::ordered_json ConformanceSettingsToJson(const ConformanceSettings& settings);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_SETTINGS_H_
