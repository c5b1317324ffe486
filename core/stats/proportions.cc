#include "core/stats/proportions.h"

#include <algorithm>
#include <cmath>

namespace fl {

Interval NewcombeDifferenceInterval(int64_t x1, int64_t n1, int64_t x2, int64_t n2, double z) {
  const double p1 = n1 > 0 ? static_cast<double>(x1) / n1 : 0.0;
  const double p2 = n2 > 0 ? static_cast<double>(x2) / n2 : 0.0;
  const Interval w1 = WilsonInterval(x1, n1, z);
  const Interval w2 = WilsonInterval(x2, n2, z);
  const double d = p1 - p2;
  const double lower = d - std::sqrt((p1 - w1.lo) * (p1 - w1.lo) + (w2.hi - p2) * (w2.hi - p2));
  const double upper = d + std::sqrt((w1.hi - p1) * (w1.hi - p1) + (p2 - w2.lo) * (p2 - w2.lo));
  return {std::max(-1.0, lower), std::min(1.0, upper)};
}

double TwoProportionZTestP(int64_t x1, int64_t n1, int64_t x2, int64_t n2) {
  if (n1 <= 0 || n2 <= 0) return 1.0;
  const double pooled = static_cast<double>(x1 + x2) / static_cast<double>(n1 + n2);
  if (pooled <= 0.0 || pooled >= 1.0) return 1.0;
  const double se = std::sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2));
  const double zstat = (static_cast<double>(x1) / n1 - static_cast<double>(x2) / n2) / se;
  // Two-sided: P(|Z| >= |z|) = erfc(|z| / sqrt 2).
  return std::min(1.0, std::erfc(std::fabs(zstat) / std::sqrt(2.0)));
}

namespace {

// log P(X = a) for the hypergeometric law of the top-left cell given the margins.
double LogHypergeometric(int64_t a, int64_t row1, int64_t col1, int64_t total) {
  auto log_choose = [](int64_t n, int64_t k) {
    return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(k) + 1) -
           std::lgamma(static_cast<double>(n - k) + 1);
  };
  return log_choose(col1, a) + log_choose(total - col1, row1 - a) - log_choose(total, row1);
}

}  // namespace

double FisherExactTwoSidedP(int64_t a, int64_t b, int64_t c, int64_t d) {
  const int64_t row1 = a + b, col1 = a + c, total = a + b + c + d;
  if (total <= 0) return 1.0;
  const int64_t lo = std::max<int64_t>(0, row1 + col1 - total);
  const int64_t hi = std::min(row1, col1);
  const double observed = LogHypergeometric(a, row1, col1, total);
  // R's fisher.test keeps tables with d <= d_obs * (1 + 1e-7); in logs, that tolerance
  // is log1p(1e-7), absorbing the rounding of lgamma.
  const double cutoff = observed + std::log1p(1e-7);
  double p = 0.0;
  for (int64_t x = lo; x <= hi; ++x) {
    const double lp = LogHypergeometric(x, row1, col1, total);
    if (lp <= cutoff) p += std::exp(lp);
  }
  return std::min(1.0, p);
}

ProportionComparison CompareProportions(int64_t x1, int64_t n1, int64_t x2, int64_t n2,
                                        int64_t small_group) {
  ProportionComparison out;
  out.rate1 = n1 > 0 ? static_cast<double>(x1) / n1 : 0.0;
  out.rate2 = n2 > 0 ? static_cast<double>(x2) / n2 : 0.0;
  out.difference = out.rate1 - out.rate2;
  out.difference_ci95 = NewcombeDifferenceInterval(x1, n1, x2, n2);
  const int64_t total = n1 + n2;
  bool small = n1 < small_group;
  if (total > 0) {
    const double successes = static_cast<double>(x1 + x2);
    const double failures = static_cast<double>(total) - successes;
    const double rows[2] = {static_cast<double>(n1), static_cast<double>(n2)};
    for (double row : rows) {
      if (row * successes / total < 5.0 || row * failures / total < 5.0) small = true;
    }
  }
  out.exact = small;
  out.p_value = small ? FisherExactTwoSidedP(x1, n1 - x1, x2, n2 - x2)
                      : TwoProportionZTestP(x1, n1, x2, n2);
  return out;
}

}  // namespace fl
