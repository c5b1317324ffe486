#ifndef FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_PLAN_H_
#define FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_PLAN_H_

// Planning an A/B test of a conversion rate: how many days to detect a lift, or what lift
// a number of days can detect. Two-sided test of two proportions at level alpha with the
// given power, equal allocation, every variant compared with control (Fleiss's sample
// size without continuity correction):
//   n per variant = (z(1 - alpha/2) sqrt(2 pbar qbar) + z(power) sqrt(p1 q1 + p2 q2))^2 / delta^2
//   baseline 0.20, lift +0.02 (to 0.22), alpha 0.05, power 0.8 -> 6,510 per variant;
//   at 5,000 units a day over 2 variants (2,500 each) -> 3 days.
// The minimal detectable effect for a number of days is the delta that makes n fit.

#include <cstdint>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace fl {

struct PlanInput {
  double baseline = 0;     // control's conversion rate, 0 < baseline < 1
  double daily_units = 0;  // units entering the experiment per day, all variants
  int variants = 2;        // control included
  double alpha = 0.05;
  double power = 0.8;
  double mde = 0;          // absolute lift to detect; 0: compute it from `days`
  double days = 0;         // days to run; 0: compute them from `mde`
};

// Reads {"baseline", "daily_units", "variants", "alpha", "power", "mde" | "days"}; errors
// name the key ("plan: baseline: expected a number between 0 and 1").
absl::StatusOr<PlanInput> ParsePlanInput(const nlohmann::json& json);

// {"baseline", ..., "units_per_variant", "days", "mde", "relative_mde", "method"}.
absl::StatusOr<nlohmann::ordered_json> PlanExperiment(const PlanInput& input);

// The units per variant to detect `mde` over `baseline`.
double UnitsPerVariant(double baseline, double mde, double alpha, double power);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_PLAN_H_
