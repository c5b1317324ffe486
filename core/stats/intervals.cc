#include "core/stats/intervals.h"

#include <algorithm>
#include <cmath>

namespace fl {

Interval WilsonInterval(int64_t successes, int64_t trials, double z) {
  if (trials <= 0) return {0.0, 1.0};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denom = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom;
  // Clamp: rounding can push the bounds a hair outside [0, 1] at p = 0 or 1.
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace fl
