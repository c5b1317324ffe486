#include "core/stats/beta_comparison.h"

#include <algorithm>
#include <cmath>

namespace fl {
namespace {

double LogBeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

}  // namespace

double ProbabilityBBeatsA(const BetaPosterior& a, const BetaPosterior& b) {
  const int64_t terms = static_cast<int64_t>(std::llround(b.alpha));
  const double log_ab = LogBeta(a.alpha, a.beta);
  // Terms are positive: summing them from the largest exponent keeps precision.
  double total = 0;
  for (int64_t i = 0; i < terms; ++i) {
    const double x = static_cast<double>(i);
    total += std::exp(LogBeta(a.alpha + x, a.beta + b.beta) - std::log(b.beta + x) - LogBeta(1 + x, b.beta) - log_ab);
  }
  return std::clamp(total, 0.0, 1.0);
}

double ExpectedLossOfChoosingB(const BetaPosterior& a, const BetaPosterior& b) {
  // E[pA 1{pA > pB}] - E[pB 1{pA > pB}], each a mean times a size-biased probability.
  const double mean_a = a.alpha / (a.alpha + a.beta);
  const double mean_b = b.alpha / (b.alpha + b.beta);
  const double a_wins_biased_a = 1 - ProbabilityBBeatsA({a.alpha + 1, a.beta}, b);
  const double a_wins_biased_b = 1 - ProbabilityBBeatsA(a, {b.alpha + 1, b.beta});
  return std::max(0.0, mean_a * a_wins_biased_a - mean_b * a_wins_biased_b);
}

}  // namespace fl
