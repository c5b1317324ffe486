#include "core/stats/kaplan_meier.h"

#include <algorithm>
#include <cmath>

#include "core/stats/chi_square.h"

namespace fl {
namespace {

// R's quantile.survfit compares with 0.5 within this tolerance, so that a curve that
// lands exactly on one half (6 of 12 left) is read as flat there, not as below it.
constexpr double kTolerance = 1.4901161193847656e-08;  // sqrt(double epsilon)

// The first time `value(point)` is at most 0.5, or the middle of the stretch where it
// is exactly 0.5 (from that point to the next one's time); none when it stays at 0.5 to
// the end.
template <typename Value>
std::optional<double> FirstAtHalf(const SurvivalCurve& curve, Value value) {
  const std::vector<SurvivalPoint>& p = curve.points;
  for (size_t i = 0; i < p.size(); ++i) {
    const double v = value(p[i]);
    if (std::fabs(v - 0.5) < kTolerance) {
      // Flat at one half to the end of the data: the time is not determined.
      if (i + 1 == p.size()) return std::nullopt;
      return (static_cast<double>(p[i].time) + static_cast<double>(p[i + 1].time)) / 2;
    }
    if (v < 0.5) return static_cast<double>(p[i].time);
  }
  return std::nullopt;
}

}  // namespace

SurvivalCurve KaplanMeier(const std::vector<TimeCounts>& data, double z) {
  SurvivalCurve curve;
  for (const TimeCounts& t : data) curve.units += t.events + t.censored;
  int64_t at_risk = curve.units;
  double survival = 1, greenwood = 0;  // greenwood: sum of d / (n (n - d))
  for (const TimeCounts& t : data) {
    if (t.events > 0) {
      curve.events += t.events;
      survival *= static_cast<double>(at_risk - t.events) / static_cast<double>(at_risk);
      SurvivalPoint point;
      point.time = t.time;
      point.at_risk = at_risk;
      point.events = t.events;
      point.survival = survival;
      if (at_risk > t.events) {
        greenwood += static_cast<double>(t.events) /
                     (static_cast<double>(at_risk) * static_cast<double>(at_risk - t.events));
        // The interval of log S, mapped back (R's conf.type = "log"): never below 0; the
        // upper end is capped at 1.
        const double se_log = std::sqrt(greenwood);
        point.std_err = survival * se_log;
        point.lower = survival * std::exp(-z * se_log);
        point.upper = std::min(1.0, survival * std::exp(z * se_log));
      } else {
        // Everyone left had the event: S = 0, and log S has no interval. The estimate
        // stays at 0 from here on (0 is where every later point is too).
        greenwood = 0;
        point.std_err = 0;
        point.lower = point.upper = 0;
      }
      curve.points.push_back(point);
    }
    at_risk -= t.events + t.censored;
  }
  return curve;
}

SurvivalAt SurvivalAtTime(const SurvivalCurve& curve, const std::vector<TimeCounts>& data, int64_t time) {
  SurvivalAt at;
  for (const SurvivalPoint& p : curve.points) {
    if (p.time > time) break;
    at.survival = p.survival;
    at.lower = p.lower;
    at.upper = p.upper;
  }
  at.at_risk = curve.units;
  for (const TimeCounts& t : data) {
    if (t.time > time) break;
    at.at_risk -= t.events + t.censored;
  }
  return at;
}

MedianTime KaplanMeierMedian(const SurvivalCurve& curve) {
  MedianTime m;
  m.median = FirstAtHalf(curve, [](const SurvivalPoint& p) { return p.survival; });
  m.lower = FirstAtHalf(curve, [](const SurvivalPoint& p) { return p.lower; });
  m.upper = FirstAtHalf(curve, [](const SurvivalPoint& p) { return p.upper; });
  return m;
}

LogRankTest LogRank(const std::vector<std::vector<TimeCounts>>& groups) {
  LogRankTest test;
  const size_t k = groups.size();
  test.observed.assign(k, 0);
  test.expected.assign(k, 0);
  std::vector<int64_t> at_risk(k, 0);
  std::vector<size_t> next(k, 0);
  for (size_t g = 0; g < k; ++g) {
    for (const TimeCounts& t : groups[g]) at_risk[g] += t.events + t.censored;
  }
  // The covariance of (observed - expected) over the groups, summed over event times.
  std::vector<double> cov(k * k, 0);
  while (true) {
    // The next time any group has.
    bool any = false;
    int64_t time = 0;
    for (size_t g = 0; g < k; ++g) {
      if (next[g] < groups[g].size() && (!any || groups[g][next[g]].time < time)) {
        time = groups[g][next[g]].time;
        any = true;
      }
    }
    if (!any) break;
    std::vector<int64_t> d(k, 0), c(k, 0);
    int64_t n = 0, events = 0;
    for (size_t g = 0; g < k; ++g) {
      n += at_risk[g];
      if (next[g] < groups[g].size() && groups[g][next[g]].time == time) {
        d[g] = groups[g][next[g]].events;
        c[g] = groups[g][next[g]].censored;
        ++next[g];
      }
      events += d[g];
    }
    if (events > 0 && n > 0) {
      const double nn = static_cast<double>(n), dd = static_cast<double>(events);
      // The hypergeometric variance factor: 0 when everyone at risk has the event.
      const double factor = n > 1 ? dd * (nn - dd) / (nn - 1) : 0;
      for (size_t g = 0; g < k; ++g) {
        const double share = static_cast<double>(at_risk[g]) / nn;
        test.observed[g] += static_cast<double>(d[g]);
        test.expected[g] += dd * share;
        for (size_t h = 0; h < k; ++h) {
          const double share_h = static_cast<double>(at_risk[h]) / nn;
          cov[g * k + h] += factor * share * ((g == h ? 1.0 : 0.0) - share_h);
        }
      }
    }
    for (size_t g = 0; g < k; ++g) at_risk[g] -= d[g] + c[g];
  }
  // Groups with any unit; the last of them is left out (the differences add up to 0).
  std::vector<size_t> used;
  for (size_t g = 0; g < k; ++g) {
    if (!groups[g].empty()) used.push_back(g);
  }
  if (used.size() < 2) return test;
  used.pop_back();
  const size_t m = used.size();
  std::vector<double> a(m * m), b(m);
  for (size_t i = 0; i < m; ++i) {
    b[i] = test.observed[used[i]] - test.expected[used[i]];
    for (size_t j = 0; j < m; ++j) a[i * m + j] = cov[used[i] * k + used[j]];
  }
  // Solve a x = b by Gauss-Jordan with full pivots on the diagonal (a is symmetric
  // positive semi-definite); a direction with no variance (a group whose units all left
  // before any event) is dropped, as R's generalised inverse does, and costs a degree
  // of freedom.
  double largest = 0;
  for (size_t i = 0; i < m; ++i) largest = std::max(largest, a[i * m + i]);
  std::vector<bool> done(m, false);
  double chi = 0;
  int df = 0;
  for (size_t step = 0; step < m; ++step) {
    size_t p = m;
    for (size_t i = 0; i < m; ++i) {
      if (!done[i] && (p == m || a[i * m + i] > a[p * m + p])) p = i;
    }
    if (p == m || a[p * m + p] <= largest * 1e-10) break;
    done[p] = true;
    ++df;
    const double pivot = a[p * m + p];
    chi += b[p] * b[p] / pivot;
    for (size_t i = 0; i < m; ++i) {
      if (done[i]) continue;
      const double f = a[i * m + p] / pivot;
      b[i] -= f * b[p];
      for (size_t j = 0; j < m; ++j) a[i * m + j] -= f * a[p * m + j];
    }
  }
  test.chi_square = chi;
  test.df = df;
  test.p_value = df > 0 ? ChiSquareSurvival(chi, df) : 1;
  return test;
}

}  // namespace fl
