#ifndef FRICTIONLENS_CORE_STATS_CHI_SQUARE_H_
#define FRICTIONLENS_CORE_STATS_CHI_SQUARE_H_

// Pearson's chi-square goodness-of-fit test, for the sample-ratio check of an experiment:
// were units split between variants as designed?
//   observed {5, 15}, expected shares {0.5, 0.5}: chi2 = 5, df = 1, p = 0.0253
//   (R: chisq.test(c(5, 15)) -> X-squared = 5, p-value = 0.02535).

#include <cstdint>
#include <vector>

namespace fl {

// P(X >= x) for X ~ chi-square with `df` degrees of freedom (the regularized upper
// incomplete gamma Q(df/2, x/2), by its series or continued fraction, Numerical Recipes 6.2).
double ChiSquareSurvival(double x, int df);

struct GoodnessOfFit {
  double chi_square = 0;
  int df = 0;
  double p_value = 1;
};

// `shares` sum to 1 (they are normalised if not); groups with a zero share are ignored.
GoodnessOfFit ChiSquareGoodnessOfFit(const std::vector<int64_t>& observed, const std::vector<double>& shares);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_CHI_SQUARE_H_
