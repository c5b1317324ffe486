#ifndef FRICTIONLENS_CORE_CORRELATION_CORRELATION_SETTINGS_H_
#define FRICTIONLENS_CORE_CORRELATION_CORRELATION_SETTINGS_H_

// The spec's "correlation" settings:
//   properties  "auto" (property columns with at most max_values values that are not ids),
//               or a list of property names; [] tests events only
//   max_values  "auto" takes a column with at most this many values; a listed column's
//               values beyond the first this many of the table (dictionary order) are not
//               tracked, and the report says how many were left out
//   min_units   a candidate is tested only when at least this many units have it (fewer
//               cannot reach q < 0.05 against hundreds of candidates anyway, and their
//               intervals are too wide to act on)
//   alpha       a candidate is listed when its Benjamini-Hochberg q-value is below this
//   top         candidates listed per step and direction
//   examples    example users per candidate
//   {"correlation": {"properties": ["device", "country"], "min_units": 20}}

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

struct CorrelationSettings {
  bool auto_properties = true;
  std::vector<std::string> properties;  // when not auto
  int max_values = 50;
  int min_units = 5;
  double alpha = 0.05;
  int top = 10;
  int examples = 3;
};

absl::StatusOr<CorrelationSettings> CorrelationSettingsOf(const JourneySpec& spec);
nlohmann::ordered_json CorrelationSettingsToJson(const CorrelationSettings& settings);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CORRELATION_CORRELATION_SETTINGS_H_
