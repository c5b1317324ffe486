#ifndef FRICTIONLENS_CORE_STATS_PROPORTIONS_H_
#define FRICTIONLENS_CORE_STATS_PROPORTIONS_H_

// Comparing two independent proportions x1/n1 and x2/n2: the difference with a
// 95% interval, and a two-sided p-value from the test that suits the counts.
//
//   CompareProportions(56, 70, 48, 80):  difference 0.2, interval [0.0524, 0.3339]
//   (Newcombe 1998, Table II, method 10), z test p = 0.0081.

#include <cstdint>

#include "core/stats/intervals.h"

namespace fl {

// Newcombe's hybrid score interval (his method 10) for p1 - p2, built from the two
// Wilson intervals: no continuity correction, never outside [-1, 1].
Interval NewcombeDifferenceInterval(int64_t x1, int64_t n1, int64_t x2, int64_t n2,
                                    double z = 1.959963984540054);

// Two-sided p-value of the pooled two-proportion z test (no continuity correction).
// 1 when either group is empty or the pooled rate is 0 or 1.
double TwoProportionZTestP(int64_t x1, int64_t n1, int64_t x2, int64_t n2);

// Two-sided p-value of Fisher's exact test on the table [[a, b], [c, d]], as R's
// fisher.test: the sum of the probabilities of every table with the same margins that
// is no more likely than the observed one (relative tolerance 1e-7).
// Tea tasting [[3, 1], [1, 3]] gives 0.4857.
double FisherExactTwoSidedP(int64_t a, int64_t b, int64_t c, int64_t d);

struct ProportionComparison {
  double rate1 = 0;
  double rate2 = 0;
  double difference = 0;  // rate1 - rate2
  Interval difference_ci95;
  double p_value = 1;
  bool exact = false;  // Fisher's exact test was used
};

// Fisher's exact test when any expected cell is below 5 or the first group has fewer
// than `small_group` units (30 by default, the usual floor of the field); the z test
// otherwise. Groups must not be empty for a meaningful answer (rates are 0 then).
ProportionComparison CompareProportions(int64_t x1, int64_t n1, int64_t x2, int64_t n2,
                                        int64_t small_group = 30);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_PROPORTIONS_H_
