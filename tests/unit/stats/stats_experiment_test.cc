// The statistics behind the experiment section, against published values and against
// independent numerical integration.

#include <cmath>
#include <vector>

#include "core/stats/always_valid.h"
#include "core/stats/beta_comparison.h"
#include "core/stats/chi_square.h"
#include "core/stats/multiple_testing.h"
#include "core/stats/proportions.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

// P(pB > pA) and E[max(pA - pB, 0)] by midpoint integration over a fine grid: a method
// that shares nothing with the closed-form sums.
void Integrate(double aA, double bA, double aB, double bB, double* p_b_wins, double* loss) {
  const int n = 20000;
  auto pdf = [](double x, double a, double b) {
    return std::exp((a - 1) * std::log(x) + (b - 1) * std::log(1 - x) - (std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b)));
  };
  // F_A and the partial first moment of A up to x, accumulated as x grows.
  double cdf_a = 0, moment_a = 0, wins = 0, lost = 0;
  for (int i = 0; i < n; ++i) {
    const double x = (i + 0.5) / n;
    const double fa = pdf(x, aA, bA) / n, fb = pdf(x, aB, bB) / n;
    wins += fb * (cdf_a + fa / 2);
    // E[(pA - x) 1{pA > x}] for pB = x: E[pA] - moment_a - x (1 - cdf_a).
    const double mean_a = aA / (aA + bA);
    lost += fb * ((mean_a - moment_a - x * fa / 2) - x * (1 - cdf_a - fa / 2));
    cdf_a += fa;
    moment_a += x * fa;
  }
  *p_b_wins = wins;
  *loss = lost;
}

TEST(StatsExperiment, ChanceToBeatAndExpectedLossMatchIntegration) {
  struct Case { int64_t xa, na, xb, nb; };
  for (const Case c : {Case{10, 100, 20, 100}, Case{50, 1000, 45, 1000}, Case{3, 40, 3, 40}, Case{200, 2000, 240, 2000}}) {
    const BetaPosterior a = BetaPosterior::Uniform(c.xa, c.na), b = BetaPosterior::Uniform(c.xb, c.nb);
    double wins = 0, loss = 0;
    Integrate(a.alpha, a.beta, b.alpha, b.beta, &wins, &loss);
    EXPECT_NEAR(ProbabilityBBeatsA(a, b), wins, 2e-4) << c.xa << "/" << c.na << " vs " << c.xb << "/" << c.nb;
    EXPECT_NEAR(ExpectedLossOfChoosingB(a, b), loss, 2e-5) << c.xa << "/" << c.na << " vs " << c.xb << "/" << c.nb;
  }
  // Symmetry: equal data, even odds.
  EXPECT_NEAR(ProbabilityBBeatsA(BetaPosterior::Uniform(30, 300), BetaPosterior::Uniform(30, 300)), 0.5, 1e-9);
  // The header's example: A 10/100, B 20/100.
  EXPECT_NEAR(ProbabilityBBeatsA(BetaPosterior::Uniform(10, 100), BetaPosterior::Uniform(20, 100)), 0.9752, 5e-4);
}

TEST(StatsExperiment, TwoProportionTestWorkedExample) {
  // Newcombe (1998) Table II: 56/70 vs 48/80, difference 0.2, interval [0.0524, 0.3339];
  // the pooled z test: z = 2.648, p = 0.0081.
  const Interval ci = NewcombeDifferenceInterval(56, 70, 48, 80);
  EXPECT_NEAR(ci.lo, 0.0524, 1e-4);
  EXPECT_NEAR(ci.hi, 0.3339, 1e-4);
  EXPECT_NEAR(TwoProportionZTestP(56, 70, 48, 80), 0.0081, 1e-4);
}

TEST(StatsExperiment, ChiSquareMatchesR) {
  // R: chisq.test(c(5, 15)) -> X-squared = 5, df = 1, p-value = 0.02535
  GoodnessOfFit fit = ChiSquareGoodnessOfFit({5, 15}, {0.5, 0.5});
  EXPECT_NEAR(fit.chi_square, 5.0, 1e-12);
  EXPECT_EQ(fit.df, 1);
  EXPECT_NEAR(fit.p_value, 0.02534732, 1e-7);
  // R: chisq.test(c(20, 30, 50), p = c(0.2, 0.3, 0.5)) -> X-squared = 0, p-value = 1
  EXPECT_NEAR(ChiSquareGoodnessOfFit({20, 30, 50}, {0.2, 0.3, 0.5}).p_value, 1.0, 1e-12);
  // For an even df = 2k the survival is exp(-x/2) sum_{i<k} (x/2)^i / i!, exactly: both
  // branches of the incomplete gamma (series below a + 1, continued fraction above).
  for (int df : {2, 4, 10, 30}) {
    for (double x : {0.5, 3.0, 9.0, 30.0, 80.0}) {
      double term = 1, sum = 0;
      for (int i = 0; i < df / 2; ++i) {
        sum += term;
        term *= (x / 2) / (i + 1);
      }
      EXPECT_NEAR(ChiSquareSurvival(x, df), std::exp(-x / 2) * sum, 1e-12) << "df " << df << ", x " << x;
    }
  }
  // R: pchisq(3.841459, 1, lower.tail = FALSE) = 0.05 (df 1: the odd case).
  EXPECT_NEAR(ChiSquareSurvival(3.841459, 1), 0.05, 1e-7);
  // 5,100 / 4,900 of 10,000 against 50/50: chi2 = 4, p = 0.0455, no mismatch at 0.001;
  // 5,300 / 4,700: chi2 = 36, p = 2e-9, a mismatch.
  EXPECT_NEAR(ChiSquareGoodnessOfFit({5100, 4900}, {1, 1}).p_value, 0.04550026, 1e-7);
  EXPECT_LT(ChiSquareGoodnessOfFit({5300, 4700}, {1, 1}).p_value, 1e-3);
}

TEST(StatsExperiment, HolmMatchesR) {
  // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") -> 0.03 0.06 0.06 0.02
  const std::vector<double> adjusted = Holm({0.01, 0.04, 0.03, 0.005});
  const std::vector<double> want = {0.03, 0.06, 0.06, 0.02};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(adjusted[i], want[i], 1e-12) << i;
  EXPECT_TRUE(Holm({}).empty());
}

TEST(StatsExperiment, AlwaysValidIntervalIsWiderAndShrinks) {
  const Interval i = AlwaysValidInterval(0.04, 1e-4, 4e-4);
  EXPECT_NEAR(i.hi - 0.04, 0.0308239, 1e-6);  // the header's example
  EXPECT_GT(i.hi - 0.04, 1.959964 * 0.01);    // wider than the fixed-horizon interval
  // More data (smaller variance) gives a narrower interval.
  const Interval later = AlwaysValidInterval(0.04, 1e-5, 4e-4);
  EXPECT_LT(later.hi - later.lo, i.hi - i.lo);
}

}  // namespace
}  // namespace fl
