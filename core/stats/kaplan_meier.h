#ifndef FRICTIONLENS_CORE_STATS_KAPLAN_MEIER_H_
#define FRICTIONLENS_CORE_STATS_KAPLAN_MEIER_H_

// Time-to-event statistics for data where some units are still being watched when the
// data ends (right-censored): the Kaplan-Meier estimate with Greenwood's variance, its
// median with the Brookmeyer-Crowley interval, and the log-rank test between groups.
// The conventions are R's survival package (survfit's default conf.type = "log",
// quantile.survfit, survdiff with rho = 0), so a user can check any figure in R.
//
// Gehan's 6-MP leukaemia arm (time, event): 6,6,6,6+,7,9+,10,10+,11+,13,16,17+,19+,20+,
// 22,23,25+,32+,32+,34+,35+  ->  S(6) = 0.857 (95% CI 0.720-1.000), S(23) = 0.448
// (0.249-0.807), median 23 (16-NA); against the placebo arm the log-rank chi-square is
// 16.8 on 1 df (p = 4.2e-5). tests/unit/stats/stats_kaplan_meier_test.cc checks these.

#include <cstdint>
#include <optional>
#include <vector>

namespace fl {

// The units whose time is `time`: `events` had the event then, `censored` were last
// seen then without it. Inputs are sorted by time, each time once.
struct TimeCounts {
  int64_t time = 0;
  int64_t events = 0;
  int64_t censored = 0;
};

// The estimate just after `time`, one point per time with at least one event.
struct SurvivalPoint {
  int64_t time = 0;
  int64_t at_risk = 0;   // units still watched and without the event just before `time`
  int64_t events = 0;
  double survival = 1;   // S(time): the share still without the event
  double lower = 1, upper = 1;  // its 95% interval (log transform; upper capped at 1)
  double std_err = 0;    // Greenwood standard error of S(time)
};

struct SurvivalCurve {
  int64_t units = 0;
  int64_t events = 0;
  std::vector<SurvivalPoint> points;  // at event times, increasing
};

SurvivalCurve KaplanMeier(const std::vector<TimeCounts>& data, double z = 1.959963984540054);

// S at `time` (the last point at or before it; 1 before the first event) with its interval.
struct SurvivalAt {
  double survival = 1, lower = 1, upper = 1;
  int64_t at_risk = 0;  // units watched beyond `time` (the risk set just after it)
};
SurvivalAt SurvivalAtTime(const SurvivalCurve& curve, const std::vector<TimeCounts>& data, int64_t time);

// The median (the first time S <= 0.5; where S stays exactly 0.5 over a stretch, the
// middle of that stretch) and the times where the interval's curves reach 0.5:
// the lower limit from the lower curve, the upper from the upper one. Absent when the
// curve never gets below 0.5 (at most half had the event by the end).
struct MedianTime {
  std::optional<double> median, lower, upper;
};
MedianTime KaplanMeierMedian(const SurvivalCurve& curve);

// The log-rank test of equal hazards across groups (each one's TimeCounts, sorted):
// chi-square on (groups with any unit - 1) degrees of freedom from the observed minus
// expected events and their hypergeometric covariance.
struct LogRankTest {
  double chi_square = 0;
  int df = 0;
  double p_value = 1;
  std::vector<double> observed, expected;  // per group
};
LogRankTest LogRank(const std::vector<std::vector<TimeCounts>>& groups);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_KAPLAN_MEIER_H_
