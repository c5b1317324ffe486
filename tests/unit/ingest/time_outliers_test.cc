#include "core/ingest/time_outliers.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

// The quantiles as the definition states them: sort, then the floor and ceil ranks.
void ExpectQuantilesOf(std::vector<int64_t> times) {
  const TimeBounds b = ComputeTimeBounds(times);
  std::sort(times.begin(), times.end());
  const size_t n = times.size();
  EXPECT_EQ(b.q001, times[static_cast<size_t>(std::floor(0.001 * static_cast<double>(n - 1)))]) << n;
  EXPECT_EQ(b.q999, times[static_cast<size_t>(std::ceil(0.999 * static_cast<double>(n - 1)))]) << n;
}

TEST(TimeOutliers, QuantilesAreExactOrderStatistics) {
  std::mt19937_64 random(7);
  for (size_t n : {1u, 2u, 3u, 999u, 1000u, 1001u, 2002u, 54321u}) {
    std::vector<int64_t> times(n);
    for (int64_t& t : times) t = static_cast<int64_t>(random() % 100000);  // many ties
    ExpectQuantilesOf(times);
    std::sort(times.begin(), times.end());
    ExpectQuantilesOf(times);  // ascending
    std::reverse(times.begin(), times.end());
    ExpectQuantilesOf(times);  // descending: every value enters the candidates
  }
}

TEST(TimeOutliers, QuantilesAmongManyTiesAndRefills) {
  // Large enough that the candidate buffer fills and is cut many times; values equal to
  // the bar are left out, which must not move the answer.
  std::mt19937_64 random(11);
  for (int64_t spread : {1, 3, 50, 1000000}) {
    std::vector<int64_t> times(200003);
    for (int64_t& t : times) t = static_cast<int64_t>(random() % static_cast<uint64_t>(spread));
    ExpectQuantilesOf(times);
    std::sort(times.begin(), times.end());
    ExpectQuantilesOf(times);
    std::reverse(times.begin(), times.end());
    ExpectQuantilesOf(times);
  }
}

TEST(TimeOutliers, StrayEpochRowIsOutsideTheBounds) {
  // Two hours of 2017-11-26, one row a second, plus a cut-off "15" read as 1970.
  std::vector<int64_t> times;
  for (int64_t s = 0; s < 7200; ++s) times.push_back(1511654400000 + s * 1000);
  times.push_back(15000);
  const TimeBounds b = ComputeTimeBounds(times);
  EXPECT_EQ(b.q001, 1511654400000 + 6 * 1000);  // rank 7 of 7201, the 1970 row is rank 0
  EXPECT_EQ(b.high - b.q999, kMinOutlierMarginMs);  // 10 x spread is under 30 days
  EXPECT_GT(b.low, 15000);
  EXPECT_LT(b.low, 1511654400000);
}

TEST(TimeOutliers, ExtremeTimesSaturate) {
  std::vector<int64_t> times(2000, 0);
  times[0] = INT64_MIN / 2;
  times[1] = INT64_MAX / 2;
  for (int i = 0; i < 4; ++i) times[2 + i] = INT64_MIN / 2, times[6 + i] = INT64_MAX / 2;
  const TimeBounds b = ComputeTimeBounds(times);
  EXPECT_EQ(b.q001, INT64_MIN / 2);
  EXPECT_EQ(b.low, INT64_MIN);
  EXPECT_EQ(b.high, INT64_MAX);
}

}  // namespace
}  // namespace fl
