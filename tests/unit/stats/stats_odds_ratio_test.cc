// The correlation section's 2x2 statistics (core/stats/odds_ratio.h), pinned to
// published worked examples and to exact hypergeometric sums.

#include <cmath>

#include "core/stats/odds_ratio.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

// Biostatistics For Dummies, chapter 13 "Taking a Closer Look at Fourfold Tables", Figure 13-2:
// 60 adults, obese 14 with hypertension and 7 without, not obese 12 and 27. The book gives
// OR 4.50, the hand-computed SE of ln OR 0.5785 and the 95% CI 1.45 to 14.0, and R's
// epitools::oddsratio.wald (z = qnorm(0.975)) limits 1.448095 and 13.98389; Listing 13-1
// prints R's two-sided Fisher exact p-value for the table, 0.01318013.
TEST(OddsRatio, BiostatisticsForDummiesFigure13_2) {
  const OddsRatio o = WoolfOddsRatio(14, 7, 12, 27);
  EXPECT_DOUBLE_EQ(o.estimate, 4.5);
  EXPECT_NEAR(o.lo, 1.448095, 5e-7);
  EXPECT_NEAR(o.hi, 13.98389, 5e-6);
  EXPECT_FALSE(o.corrected);
  EXPECT_NEAR(std::log(o.hi / o.estimate) / 1.959963984540054, 0.5785, 5e-5);  // the book's SE
  EXPECT_NEAR(FisherExactTwoSided(14, 7, 12, 27), 0.01318013, 5e-9);
}

// A zero cell: 0.5 is added to every cell for the estimate and its interval (Haldane;
// Anscombe), so {0, 5, 7, 3} is (0.5 * 3.5) / (5.5 * 7.5) = 0.042424..., SE
// sqrt(1/0.5 + 1/5.5 + 1/7.5 + 1/3.5) = 1.5737...
TEST(OddsRatio, ZeroCellUsesTheHalfCorrection) {
  const OddsRatio o = WoolfOddsRatio(0, 5, 7, 3);
  EXPECT_TRUE(o.corrected);
  EXPECT_NEAR(o.estimate, 0.5 * 3.5 / (5.5 * 7.5), 1e-12);
  const double se = std::sqrt(1 / 0.5 + 1 / 5.5 + 1 / 7.5 + 1 / 3.5);
  EXPECT_NEAR(o.lo, o.estimate * std::exp(-1.959963984540054 * se), 1e-12);
  EXPECT_NEAR(o.hi, o.estimate * std::exp(1.959963984540054 * se), 1e-12);
  // The tables with these margins (a = 0..5) have probabilities C(7,a) C(8,5-a) / C(15,5):
  // 56, 490, 1176, 980, 280, 21 in 3003; those no more likely than a = 0 are a = 0 and 5:
  // 77/3003 = 0.025641.
  EXPECT_NEAR(FisherExactTwoSided(0, 5, 7, 3), 0.02564102564102564, 1e-12);
}

// Fisher's lady tasting tea (The Design of Experiments, 1935): 3 of the 4 milk-first cups
// named right. The five tables with these margins have probabilities 1, 16, 36, 16, 1 in
// 70 (C(4,a) C(4,4-a) / C(8,4)); two-sided, those no more likely than 16/70 add to 34/70.
TEST(FisherExact, TeaTasting) {
  EXPECT_NEAR(FisherExactTwoSided(3, 1, 1, 3), 34.0 / 70.0, 1e-12);
  EXPECT_NEAR(FisherExactTwoSided(4, 0, 0, 4), 2.0 / 70.0, 1e-12);
  EXPECT_DOUBLE_EQ(FisherExactTwoSided(2, 2, 2, 2), 1.0);  // the mode: every table counts
}

// Large counts run on log-factorials; the references are the exact sums of the
// hypergeometric terms in rational arithmetic (Python's fractions and math.comb).
TEST(FisherExact, LargeCountsMatchExactSums) {
  EXPECT_NEAR(FisherExactTwoSided(1000, 9000, 1100, 8900), 0.022378874800480158, 1e-12);
  EXPECT_NEAR(FisherExactTwoSided(30, 970, 25, 975), 0.5848172907161235, 1e-12);
  // Whales and sharks in SciPy's fisher_exact example: {8, 2, 1, 5}.
  EXPECT_NEAR(FisherExactTwoSided(8, 2, 1, 5), 0.03496503496503497, 1e-12);
  // Nothing to test: an empty table, or a margin of zero.
  EXPECT_DOUBLE_EQ(FisherExactTwoSided(0, 0, 0, 0), 1.0);
  EXPECT_DOUBLE_EQ(FisherExactTwoSided(0, 0, 5, 7), 1.0);
  // Millions of units: finite and in [0, 1].
  const double p = FisherExactTwoSided(20000, 2000000, 21000, 2000000);
  EXPECT_GE(p, 0);
  EXPECT_LT(p, 1e-5);
}

// PostHog's number (posthog/hogql_queries/insights/funnels/funnel_correlation_query_runner.py,
// get_entity_odds_ratio with PRIOR_COUNT = 1): the docstring's table, 5 of 7 successes and 1
// of 11 failures watched the video: (5 + 1)(11 - 1 + 1) / ((7 - 5 + 1)(1 + 1)) = 11.
TEST(PostHogOddsRatio, SmoothedOddsOfSuccess) {
  EXPECT_DOUBLE_EQ(PostHogSuccessOddsRatio(5, 1, 7, 11), 11.0);
  EXPECT_DOUBLE_EQ(PostHogSuccessOddsRatio(0, 0, 0, 0), 1.0);
}

}  // namespace
}  // namespace fl
