#include "core/stats/odds_ratio.h"

#include <algorithm>
#include <cmath>

namespace fl {
namespace {

double LogChoose(int64_t n, int64_t k) {
  return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(k) + 1) -
         std::lgamma(static_cast<double>(n - k) + 1);
}

}  // namespace

OddsRatio WoolfOddsRatio(int64_t a, int64_t b, int64_t c, int64_t d, double z) {
  OddsRatio out;
  out.corrected = a == 0 || b == 0 || c == 0 || d == 0;
  const double add = out.corrected ? 0.5 : 0;
  const double x = static_cast<double>(a) + add, y = static_cast<double>(b) + add;
  const double u = static_cast<double>(c) + add, v = static_cast<double>(d) + add;
  const double log_or = std::log(x) + std::log(v) - std::log(y) - std::log(u);
  const double se = std::sqrt(1 / x + 1 / y + 1 / u + 1 / v);
  out.estimate = std::exp(log_or);
  out.lo = std::exp(log_or - z * se);
  out.hi = std::exp(log_or + z * se);
  return out;
}

double FisherExactTwoSided(int64_t a, int64_t b, int64_t c, int64_t d) {
  const int64_t n = a + b + c + d, row = a + b, col = a + c;
  if (n == 0) return 1;
  const int64_t lo = std::max<int64_t>(0, col - (n - row)), hi = std::min(row, col);
  // Probabilities relative to the mode's: the distribution is unimodal, so walking out
  // from the mode each side's terms only shrink, and a side stops once what is left of it
  // (at most its current term times the terms left) cannot change the sum.
  const int64_t mode = std::clamp<int64_t>(static_cast<int64_t>(std::floor((row + 1.0) * (col + 1.0) / (n + 2.0))), lo, hi);
  auto log_p = [&](int64_t x) { return LogChoose(col, x) + LogChoose(n - col, row - x) - LogChoose(n, row); };
  const double log_mode = log_p(mode);
  const double observed = std::exp(log_p(a) - log_mode) * (1 + 1e-7);
  double total = 1, tail = observed >= 1 ? 1 : 0;
  // P(x + 1) / P(x) = (row - x)(col - x) / ((x + 1)(n - row - col + x + 1)).
  double term = 1;
  for (int64_t x = mode; x < hi; ++x) {
    term *= static_cast<double>(row - x) * static_cast<double>(col - x) /
            (static_cast<double>(x + 1) * static_cast<double>(n - row - col + x + 1));
    total += term;
    if (term <= observed) tail += term;
    if (term * static_cast<double>(hi - x) < total * 1e-17) break;
  }
  term = 1;
  for (int64_t x = mode; x > lo; --x) {
    term *= static_cast<double>(x) * static_cast<double>(n - row - col + x) /
            (static_cast<double>(row - x + 1) * static_cast<double>(col - x + 1));
    total += term;
    if (term <= observed) tail += term;
    if (term * static_cast<double>(x - lo) < total * 1e-17) break;
  }
  return std::min(1.0, tail / total);
}

double PostHogSuccessOddsRatio(int64_t successes_with, int64_t failures_with, int64_t successes, int64_t failures) {
  return (static_cast<double>(successes_with) + 1) * (static_cast<double>(failures - failures_with) + 1) /
         ((static_cast<double>(successes - successes_with) + 1) * (static_cast<double>(failures_with) + 1));
}

}  // namespace fl
