#ifndef FRICTIONLENS_CORE_STATS_BETA_COMPARISON_H_
#define FRICTIONLENS_CORE_STATS_BETA_COMPARISON_H_

// Bayesian comparison of two conversion rates under Beta posteriors, computed exactly
// (closed-form sums, no sampling), so a report is the same on every run and machine.
//
// With a uniform Beta(1, 1) prior, x conversions of n give Beta(1 + x, 1 + n - x).
//   P(B > A): Evan Miller, "Formulas for Bayesian A/B Testing" (2015):
//     sum over i = 0 .. aB - 1 of B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA))
//     (needs an integer aB, which a uniform prior gives), in log space with lgamma.
//   Expected loss of choosing B, E[max(pA - pB, 0)] (Chris Stucchio, "Bayesian A/B Testing
//   at VWO", 2015), from the same sums with size-biased posteriors:
//     aA/(aA+bA) P(Beta(aA+1, bA) > Beta(aB, bB)) - aB/(aB+bB) P(Beta(aA, bA) > Beta(aB+1, bB))
//   Example: A 10/100, B 20/100 -> P(B > A) = 0.9718 (checked against numerical integration
//   in tests/unit/stats/beta_comparison_test.cc).
// The sum has aB terms: a few milliseconds for a million conversions.

#include <cstdint>

namespace fl {

struct BetaPosterior {
  double alpha = 1;  // 1 + conversions
  double beta = 1;   // 1 + non-conversions
  static BetaPosterior Uniform(int64_t conversions, int64_t units) {
    return {1.0 + static_cast<double>(conversions), 1.0 + static_cast<double>(units - conversions)};
  }
};

// P(pB > pA); b.alpha must be a whole number.
double ProbabilityBBeatsA(const BetaPosterior& a, const BetaPosterior& b);

// E[max(pA - pB, 0)]: what choosing B costs, in conversion rate, if A is in fact better.
double ExpectedLossOfChoosingB(const BetaPosterior& a, const BetaPosterior& b);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_BETA_COMPARISON_H_
