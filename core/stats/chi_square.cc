#include "core/stats/chi_square.h"

#include <cmath>

namespace fl {
namespace {

// Regularized lower incomplete gamma P(a, x) by its series (x < a + 1).
double GammaPSeries(double a, double x) {
  double term = 1 / a, sum = term;
  for (int n = 1; n < 10000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * 1e-15) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (x >= a + 1).
double GammaQFraction(double a, double x) {
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-15) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double ChiSquareSurvival(double x, int df) {
  if (df <= 0 || !(x > 0)) return 1;
  const double a = df / 2.0, half = x / 2;
  return half < a + 1 ? 1 - GammaPSeries(a, half) : GammaQFraction(a, half);
}

GoodnessOfFit ChiSquareGoodnessOfFit(const std::vector<int64_t>& observed, const std::vector<double>& shares) {
  GoodnessOfFit out;
  double total = 0, share_total = 0;
  for (size_t i = 0; i < observed.size() && i < shares.size(); ++i) {
    if (shares[i] <= 0) continue;
    total += static_cast<double>(observed[i]);
    share_total += shares[i];
  }
  if (total <= 0 || share_total <= 0) return out;
  int groups = 0;
  for (size_t i = 0; i < observed.size() && i < shares.size(); ++i) {
    if (shares[i] <= 0) continue;
    const double expected = total * shares[i] / share_total;
    const double diff = static_cast<double>(observed[i]) - expected;
    out.chi_square += diff * diff / expected;
    ++groups;
  }
  out.df = groups - 1;
  out.p_value = ChiSquareSurvival(out.chi_square, out.df);
  return out;
}

}  // namespace fl
