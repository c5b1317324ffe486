// Kaplan-Meier, its median and the log-rank test against a textbook worked example:
// Gehan's (1965) leukaemia remission times, 6-MP against placebo, as R's survival
// package prints them (survfit(Surv(time, cens) ~ treat, data = gehan); survdiff).

#include <cmath>
#include <map>
#include <vector>

#include "core/stats/kaplan_meier.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

// (time, 1 = relapse, 0 = still in remission when last seen) -> sorted TimeCounts.
std::vector<TimeCounts> Counts(const std::vector<std::pair<int64_t, int>>& data) {
  std::map<int64_t, TimeCounts> by_time;
  for (const auto& [time, event] : data) {
    TimeCounts& t = by_time[time];
    t.time = time;
    (event ? t.events : t.censored) += 1;
  }
  std::vector<TimeCounts> out;
  for (const auto& [time, t] : by_time) out.push_back(t);
  return out;
}

std::vector<TimeCounts> SixMp() {
  return Counts({{6, 1}, {6, 1}, {6, 1}, {6, 0}, {7, 1}, {9, 0}, {10, 1}, {10, 0}, {11, 0}, {13, 1}, {16, 1},
                 {17, 0}, {19, 0}, {20, 0}, {22, 1}, {23, 1}, {25, 0}, {32, 0}, {32, 0}, {34, 0}, {35, 0}});
}

std::vector<TimeCounts> Placebo() {
  std::vector<std::pair<int64_t, int>> data;
  for (int64_t t : {1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23}) data.push_back({t, 1});
  return Counts(data);
}

TEST(StatsKaplanMeier, GehanSixMpMatchesR) {
  const SurvivalCurve curve = KaplanMeier(SixMp());
  EXPECT_EQ(curve.units, 21);
  EXPECT_EQ(curve.events, 9);
  // summary(survfit(...)) for treat=6-MP: time n.risk n.event survival std.err lower upper
  struct Row {
    int64_t time, at_risk, events;
    double survival, std_err, lower, upper;
  };
  const std::vector<Row> r = {{6, 21, 3, 0.857, 0.0764, 0.720, 1.000},  {7, 17, 1, 0.807, 0.0869, 0.653, 0.996},
                              {10, 15, 1, 0.753, 0.0963, 0.586, 0.968}, {13, 12, 1, 0.690, 0.1068, 0.510, 0.935},
                              {16, 11, 1, 0.627, 0.1141, 0.439, 0.896}, {22, 7, 1, 0.538, 0.1282, 0.337, 0.858},
                              {23, 6, 1, 0.448, 0.1346, 0.249, 0.807}};
  ASSERT_EQ(curve.points.size(), r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    const SurvivalPoint& p = curve.points[i];
    EXPECT_EQ(p.time, r[i].time);
    EXPECT_EQ(p.at_risk, r[i].at_risk);
    EXPECT_EQ(p.events, r[i].events);
    EXPECT_NEAR(p.survival, r[i].survival, 5e-4) << p.time;
    EXPECT_NEAR(p.std_err, r[i].std_err, 5e-5) << p.time;
    EXPECT_NEAR(p.lower, r[i].lower, 5e-4) << p.time;
    EXPECT_NEAR(p.upper, r[i].upper, 5e-4) << p.time;
  }
  // print(survfit(...)): median 23, 0.95LCL 16, 0.95UCL NA.
  const MedianTime m = KaplanMeierMedian(curve);
  ASSERT_TRUE(m.median.has_value());
  EXPECT_EQ(*m.median, 23);
  ASSERT_TRUE(m.lower.has_value());
  EXPECT_EQ(*m.lower, 16);
  EXPECT_FALSE(m.upper.has_value());
}

TEST(StatsKaplanMeier, GehanPlaceboMedianMatchesR) {
  const SurvivalCurve curve = KaplanMeier(Placebo());
  EXPECT_EQ(curve.events, 21);
  EXPECT_NEAR(curve.points.back().survival, 0, 1e-12);  // everyone relapsed
  // median 8, 0.95LCL 4, 0.95UCL 12.
  const MedianTime m = KaplanMeierMedian(curve);
  EXPECT_EQ(m.median.value_or(-1), 8);
  EXPECT_EQ(m.lower.value_or(-1), 4);
  EXPECT_EQ(m.upper.value_or(-1), 12);
}

TEST(StatsKaplanMeier, GehanLogRankMatchesR) {
  // survdiff: N Observed Expected: 6-MP 21 9 19.3; control 21 21 10.7; Chisq = 16.8 on
  // 1 df, p = 4e-05 (16.79, 4.17e-05 unrounded).
  const LogRankTest test = LogRank({SixMp(), Placebo()});
  EXPECT_EQ(test.df, 1);
  EXPECT_NEAR(test.chi_square, 16.79, 0.01);
  EXPECT_NEAR(test.p_value, 4.17e-5, 0.02e-5);
  EXPECT_EQ(test.observed[0], 9);
  EXPECT_NEAR(test.expected[0], 19.25, 0.01);
  EXPECT_NEAR(test.expected[1], 10.75, 0.01);
  // The order of the groups changes nothing.
  const LogRankTest swapped = LogRank({Placebo(), SixMp()});
  EXPECT_NEAR(swapped.chi_square, test.chi_square, 1e-9);
}

TEST(StatsKaplanMeier, ThreeGroupsAndEmptyGroups) {
  // The same curve three times: no difference, chi-square 0 on 2 df.
  const LogRankTest same = LogRank({SixMp(), SixMp(), SixMp()});
  EXPECT_EQ(same.df, 2);
  EXPECT_NEAR(same.chi_square, 0, 1e-9);
  EXPECT_NEAR(same.p_value, 1, 1e-9);
  // An empty group is no group.
  const LogRankTest with_empty = LogRank({SixMp(), {}, Placebo()});
  EXPECT_EQ(with_empty.df, 1);
  EXPECT_NEAR(with_empty.chi_square, 16.79, 0.01);
  // One group: nothing to compare.
  EXPECT_EQ(LogRank({SixMp()}).df, 0);
  EXPECT_EQ(LogRank({SixMp()}).p_value, 1);
}

TEST(StatsKaplanMeier, CurveAtATimeAndAFlatHalf) {
  const std::vector<TimeCounts> data = SixMp();
  const SurvivalCurve curve = KaplanMeier(data);
  const SurvivalAt before = SurvivalAtTime(curve, data, 5);
  EXPECT_EQ(before.survival, 1);
  EXPECT_EQ(before.at_risk, 21);
  const SurvivalAt at15 = SurvivalAtTime(curve, data, 15);
  EXPECT_NEAR(at15.survival, 0.690, 5e-4);
  EXPECT_EQ(at15.at_risk, 11);  // the units of times 16 and later
  // 2 units, one event at 1 (S = 0.5 exactly), the other at 3: the median is the middle
  // of the flat stretch, 2 (R: median 2).
  const SurvivalCurve flat = KaplanMeier({{1, 1, 0}, {3, 1, 0}});
  EXPECT_EQ(KaplanMeierMedian(flat).median.value_or(-1), 2);
  // No units at all: an empty curve, no median.
  const SurvivalCurve none = KaplanMeier({});
  EXPECT_EQ(none.units, 0);
  EXPECT_FALSE(KaplanMeierMedian(none).median.has_value());
}

}  // namespace
}  // namespace fl
