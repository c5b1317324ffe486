#include "core/stats/always_valid.h"

#include <cmath>

namespace fl {

Interval AlwaysValidInterval(double estimate, double variance, double tau2, double alpha) {
  if (!(variance > 0) || !(tau2 > 0)) return {estimate, estimate};
  const double half = std::sqrt(variance * (variance + tau2) / tau2 *
                                (std::log((variance + tau2) / variance) + 2 * std::log(1 / alpha)));
  return {estimate - half, estimate + half};
}

}  // namespace fl
