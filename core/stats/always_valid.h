#ifndef FRICTIONLENS_CORE_STATS_ALWAYS_VALID_H_
#define FRICTIONLENS_CORE_STATS_ALWAYS_VALID_H_

// Always-valid (anytime) confidence intervals for a difference of means, so that an
// experiment can be looked at every day without inflating false positives: the normal
// mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh, "Always
// Valid Inference" (2017), in the interval form of Howard et al. (2021, eq. 14):
//   estimate +/- sqrt( V (V + tau2) / tau2 * ( log((V + tau2) / V) + 2 log(1 / alpha) ) )
// where V is the estimate's variance (p1 q1 / n1 + p2 q2 / n2 for a difference of rates)
// and tau2 the mixing variance: the squared size of effect the test is tuned to find
// soonest. It is always wider than the fixed-horizon interval; it holds at every look.
//   estimate 0.04, V = 1e-4, tau2 = 4e-4, alpha 0.05 -> 0.04 +/- 0.0308 (fixed: +/- 0.0196)

#include "core/stats/intervals.h"

namespace fl {

Interval AlwaysValidInterval(double estimate, double variance, double tau2, double alpha = 0.05);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_ALWAYS_VALID_H_
