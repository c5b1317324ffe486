#ifndef FRICTIONLENS_CORE_STATS_INTERVALS_H_
#define FRICTIONLENS_CORE_STATS_INTERVALS_H_

#include <cstdint>

namespace fl {

struct Interval {
  double lo = 0;
  double hi = 0;
};

// Wilson score interval for successes/trials at 95% (z = 1.959963984540054).
// trials == 0 gives [0, 1].
Interval WilsonInterval(int64_t successes, int64_t trials, double z = 1.959963984540054);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_INTERVALS_H_
