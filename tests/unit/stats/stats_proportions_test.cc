// The statistics behind friction scoring, pinned to published values.

#include <vector>

#include "core/stats/intervals.h"
#include "core/stats/multiple_testing.h"
#include "core/stats/proportions.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(WilsonInterval, PublishedExample) {
  // 81 successes in 263 trials: [0.2553, 0.3662] (Wilson 1927 as tabulated by Newcombe 1998).
  const Interval i = WilsonInterval(81, 263);
  EXPECT_NEAR(i.lo, 0.2553, 5e-5);
  EXPECT_NEAR(i.hi, 0.3662, 5e-5);
}

// Newcombe (1998), "Interval estimation for the difference between independent
// proportions", Statistics in Medicine 17:873-890, Table II, method 10.
struct NewcombeCase {
  int64_t x1, n1, x2, n2;
  double lo, hi;
};

TEST(NewcombeDifferenceInterval, PublishedTableII) {
  const NewcombeCase cases[] = {
      {56, 70, 48, 80, 0.0524, 0.3339},  {9, 10, 3, 10, 0.1705, 0.8090},
      {6, 7, 2, 7, 0.0582, 0.8062},      {5, 56, 0, 29, -0.0381, 0.1926},
      {0, 10, 0, 20, -0.1611, 0.2775},   {10, 10, 0, 20, 0.6791, 1.0000},
  };
  for (const NewcombeCase& c : cases) {
    const Interval i = NewcombeDifferenceInterval(c.x1, c.n1, c.x2, c.n2);
    EXPECT_NEAR(i.lo, c.lo, 5e-5) << c.x1 << "/" << c.n1 << " - " << c.x2 << "/" << c.n2;
    EXPECT_NEAR(i.hi, c.hi, 5e-5) << c.x1 << "/" << c.n1 << " - " << c.x2 << "/" << c.n2;
  }
}

TEST(TwoProportionZTest, MatchesPropTestWithoutCorrection) {
  // R: prop.test(c(56, 48), c(70, 80), correct = FALSE)$p.value = 0.008045
  EXPECT_NEAR(TwoProportionZTestP(56, 70, 48, 80), 0.008045, 5e-6);
  EXPECT_DOUBLE_EQ(TwoProportionZTestP(5, 10, 10, 20), 1.0);  // equal rates
  EXPECT_DOUBLE_EQ(TwoProportionZTestP(0, 10, 0, 20), 1.0);   // pooled rate 0
  EXPECT_DOUBLE_EQ(TwoProportionZTestP(1, 0, 3, 10), 1.0);    // empty group
}

TEST(FisherExactTest, LadyTastingTea) {
  // Fisher's tea-tasting table: R fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 0.4857
  EXPECT_NEAR(FisherExactTwoSidedP(3, 1, 1, 3), 0.485714, 1e-6);
}

TEST(FisherExactTest, PublishedTables) {
  // R: fisher.test(matrix(c(1, 11, 9, 3), 2))$p.value = 0.002759 (Wikipedia's example:
  // dieting men 1 of 12, women 9 of 12).
  EXPECT_NEAR(FisherExactTwoSidedP(1, 9, 11, 3), 0.002759, 1e-6);
  // Symmetric under swapping rows and columns.
  EXPECT_NEAR(FisherExactTwoSidedP(11, 3, 1, 9), 0.002759, 1e-6);
  EXPECT_NEAR(FisherExactTwoSidedP(1, 11, 9, 3), 0.002759, 1e-6);
  // A table that cannot be more extreme: p = 1.
  EXPECT_NEAR(FisherExactTwoSidedP(2, 2, 2, 2), 1.0, 1e-12);
}

TEST(CompareProportions, PicksTheTestByTheCounts) {
  // Big groups, every expected cell >= 5: z test.
  ProportionComparison big = CompareProportions(56, 70, 48, 80);
  EXPECT_FALSE(big.exact);
  EXPECT_NEAR(big.p_value, 0.008045, 5e-6);
  EXPECT_NEAR(big.difference, 0.2, 1e-12);
  EXPECT_NEAR(big.difference_ci95.lo, 0.0524, 5e-5);
  // Fewer than 30 in the first group: Fisher.
  ProportionComparison small = CompareProportions(3, 4, 1, 4);
  EXPECT_TRUE(small.exact);
  EXPECT_NEAR(small.p_value, 0.485714, 1e-6);
  // 40 and 400 units, but only 3 successes in all: an expected cell below 5 -> Fisher.
  ProportionComparison rare = CompareProportions(2, 40, 1, 400);
  EXPECT_TRUE(rare.exact);
  EXPECT_NEAR(rare.p_value, FisherExactTwoSidedP(2, 38, 1, 399), 1e-15);
}

TEST(BenjaminiHochberg, PublishedExample) {
  // Benjamini & Hochberg (1995), section 4: 15 p-values, 4 discoveries at q = 0.05.
  // Expected: R p.adjust(p, "BH"), i.e. min over j >= i of p_(j) * 15 / j.
  const std::vector<double> p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
                                 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000};
  const std::vector<double> expected = {0.0015,   0.003,    0.0095,   0.035625, 0.0603,
                                        0.063857, 0.063857, 0.0645,   0.0765,   0.486,
                                        0.581182, 0.714875, 0.753231, 0.813214, 1.0};
  const std::vector<double> q = BenjaminiHochberg(p);
  ASSERT_EQ(q.size(), expected.size());
  int discoveries = 0;
  for (size_t i = 0; i < q.size(); ++i) {
    EXPECT_NEAR(q[i], expected[i], 1e-6) << i;
    discoveries += q[i] < 0.05;
  }
  EXPECT_EQ(discoveries, 4);
}

TEST(BenjaminiHochberg, InputOrderAndTies) {
  // Shuffled input gives the same q per p-value; ties get equal q.
  const std::vector<double> q = BenjaminiHochberg({0.01, 0.04, 0.03, 0.005});
  EXPECT_NEAR(q[0], 0.02, 1e-12);
  EXPECT_NEAR(q[1], 0.04, 1e-12);
  EXPECT_NEAR(q[2], 0.04, 1e-12);
  EXPECT_NEAR(q[3], 0.02, 1e-12);
  const std::vector<double> tied = BenjaminiHochberg({0.02, 0.02, 0.5});
  EXPECT_DOUBLE_EQ(tied[0], tied[1]);
  EXPECT_NEAR(tied[0], 0.03, 1e-12);
  EXPECT_TRUE(BenjaminiHochberg({}).empty());
}

}  // namespace
}  // namespace fl
