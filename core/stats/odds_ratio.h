#ifndef FRICTIONLENS_CORE_STATS_ODDS_RATIO_H_
#define FRICTIONLENS_CORE_STATS_ODDS_RATIO_H_

// The 2x2 table's statistics for the correlation section:
//
//                 outcome yes   outcome no
//   exposed            a             b
//   not exposed        c             d
//
// OddsRatio: (a d) / (b c), with Woolf's 95% interval exp(ln OR +- z sqrt(1/a+1/b+1/c+1/d)).
// When a cell is zero both use the Haldane-Anscombe correction (0.5 added to every cell;
// `corrected` says so): the plain estimate would be 0 or infinite, its interval undefined.
// A table with a zero in both cells of a row or column (no information) still gives a
// finite number that way; the caller's minimum counts keep such tables out.
//   {14, 7, 12, 27} -> OR 4.5, 95% CI 1.448095-13.98389 (R epitools::oddsratio.wald)
//
// FisherExactTwoSided: the conditional test with the margins fixed, two-sided as R's
// fisher.test: the sum of the probabilities of the tables no more likely than the one
// observed (within a relative 1e-7, as R's relErr), from log-factorials, so a table of
// millions of units is fine.
//   {3, 1, 1, 3} -> 34/70 = 0.485714 (Fisher's tea-tasting lady)
//
// PostHogSuccessOddsRatio: PostHog's funnel correlation number, the odds of converting
// with a unit prior on every cell: (s + 1)(F - f + 1) / ((S - s + 1)(f + 1)), with s, f
// the successes and failures that have the event and S, F all of them. No interval.

#include <cstdint>

namespace fl {

struct OddsRatio {
  double estimate = 1;
  double lo = 0, hi = 0;  // 95% (Woolf)
  bool corrected = false;  // 0.5 added to each cell (a cell was zero)
};

OddsRatio WoolfOddsRatio(int64_t a, int64_t b, int64_t c, int64_t d, double z = 1.959963984540054);

double FisherExactTwoSided(int64_t a, int64_t b, int64_t c, int64_t d);

double PostHogSuccessOddsRatio(int64_t successes_with, int64_t failures_with, int64_t successes, int64_t failures);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_ODDS_RATIO_H_
