#ifndef FRICTIONLENS_CORE_JOURNEY_WINDOW_FUNNEL_H_
#define FRICTIONLENS_CORE_JOURNEY_WINDOW_FUNNEL_H_

// The per-unit funnel search: ClickHouse windowFunnel, extended.
//
// Input: one unit's entries, sorted by (time, level, row). An entry is
//   level 1..N      the event matched step `level` (one entry per matched step),
//   level 0         the event matched no step (only generated under strict_order and
//                   `order: "strict"`, the rules that care about other events),
//   level N+1+x     the event matched exclusion x.
// Sorting by level inside one timestamp is ClickHouse's tie rule (test 01646): a view
// and a cart in the same second count as view then cart, whatever the file order.
//
// The search (ClickHouse AggregateFunctionWindowFunnel.cpp, getEventLevelNonStrictOnce)
// keeps, per step k, the latest chain that reached it: its start time (the time of its
// step 1), the time of its last real step and the time of every step on it.
//   * Step 1 restarts chain 1 (the chains of deeper steps are kept).
//       A(0) B(1) A(5) C(6), window 3: C extends chain 2 (started at 0)? 6 > 0+3: no -> 2.
//   * Step k>1 extends the chain of step k-1 when ts <= start + window.
//       A(0) B(1) C(2), window 10 -> 3.        A(0) B(20) C(21), window 10 -> 1.
//   * One event matching several steps advances through all of them:
//       steps (e, e, e) on one event -> 3 (ClickHouse 00632).
//   * strict_increase: also needs ts > the previous step's time: same event -> 1.
//   * strict_deduplication: a repeat of a step already reached (other than step 1, which
//       just restarts) ends the search at the deepest level reached (the fix of
//       ClickHouse #37177, not the older "previous event's level"):
//       A-B-C-B-D -> 3.
//   * strict_order: once step 1 has happened, an event matching no step ends the search
//       (A-B-D-C -> 2), and so does a step whose previous step was never reached
//       (A-C-B -> 1). A repeated step 1 does NOT end it: it restarts chain 1 exactly as in
//       the loose mode (A-A-B-C -> 3). This is the behaviour of the newest ClickHouse
//       without `allow_reentry`; releases have differed, so it is pinned by a test.
//   * allow_reentry (with strict_order, as ClickHouse): a step whose previous step was
//       never reached is ignored instead of ending the search: steps A,B,C: A-C-B-C -> 3
//       (1 without it).
//   * strict_once: one event advances a chain by one step at most; the chain a step
//       extends may not already hold that event. Steps (e, e, e) on one event -> 1;
//       steps (f, f, s): f(180) f(220) s(250) -> 3 (f(180) then f(220), ClickHouse 00632).
//       ClickHouse keeps every chain; here a chain's rows can clash only with events of
//       the same timestamp, so the chains overwritten within the current timestamp are
//       kept aside and tried, newest first, when the latest one holds the event.
//   * Reaching the last step ends the search.
// Result: the deepest step reached, and the chain that reached it (PostHog takes a
// unit's times from the attempt that got deepest).
//
// Extensions beyond ClickHouse:
//   * `order: "strict"` (PostHog "strict", Amplitude "exact order", GA4 "directly followed
//       by"): a step must be the very next event of the unit after the previous step's
//       event; any other event in between (a page view, a repeated step, an exclusion)
//       breaks that chain, and a later step 1 starts a new one. One event matching
//       consecutive steps advances through them.
//         A-B-A-C -> 2 (ClickHouse strict_order: 3).   A-A-B-C -> 3.   A-B-B-C -> 2.
//       "Next" follows the sort: at one timestamp an event matching no step comes first,
//       then the steps in step order (the tie rule above).
//   * Minimum gap: step k also needs ts - (time of the previous real step) >= gap_k.
//   * Optional steps: step k may extend the chain of the nearest reached step before it
//     across a run of optional steps; the skipped optional steps count as passed.
//       Steps Cart, Checkout(optional), Order: Cart(0) Order(5) -> 3, Checkout skipped.
//     A skipped step has no time of its own: it is given the time of the step that
//     bypassed it and flagged as skipped (no duration is recorded for it).
//   * Per-step window: step k also needs ts - (time of the previous real step) <= w_k.
//   * Exclusions (Mixpanel): an exclusion event after `from` and before `to` freezes the
//     chains at steps from..to-1: they can no longer be extended, so that attempt ends
//     at `from`. A later step 1 starts a new, unfrozen attempt. An exclusion at the same
//     timestamp as a step is taken after the step.
//       Steps A,B,C, exclude X from A to C: A(0) X(1) B(2) C(3) -> 1.   A(0) X(1) A(2) B(3) C(4) -> 3.
//   * Right-censoring: a unit below the last step is `window_open_at_end` when the
//     search was not ended by a strict mode and some unfrozen chain could still be
//     extended after the end of the data (its window deadline > data end). Such a unit
//     is "in progress", never "dropped".
//   * Any order: the most distinct steps whose events fall in one window
//     [t, t + window] starting at a step event; the chain is the first time of each
//     distinct step in that window, sorted (so "step 2" means "two of the steps done").
//       Steps A,B,C, window 10: C(0) A(3) B(30) -> 2.
//     Open when the last step event + window > data end and not all steps were done.

#include <cstdint>
#include <vector>

#include "core/journey/journey_spec.h"

namespace fl {

struct FunnelEntry {
  int64_t time_ms = 0;
  uint32_t row = 0;
  uint32_t level = 0;
};

// Sorts entries generated in time order by (time, level, row): an insertion sort, linear
// on the nearly sorted input (only events sharing a timestamp move) and allocation-free.
void SortFunnelEntries(std::vector<FunnelEntry>* entries);

struct ChainOutcome {
  int level = 0;
  std::vector<int64_t> step_time_ms;   // size level
  std::vector<uint8_t> step_skipped;   // size level; 1 = optional step passed by skipping
  int64_t start_ms = 0;
  bool window_open_at_end = false;
};

class WindowFunnel {
 public:
  explicit WindowFunnel(const JourneySpec& spec);

  // `out`'s vectors are reused: no allocation once they have grown.
  void Evaluate(const std::vector<FunnelEntry>& entries, int64_t data_end_ms, ChainOutcome* out);

  int step_count() const { return n_; }

 private:
  struct Level {
    bool set = false;
    bool frozen = false;  // an exclusion ended this chain
    int64_t first_ms = 0;
    int64_t last_ms = 0;
    int64_t last_pos = 0;  // position of its last event in the unit's sorted events
  };
  // A chain to extend: a level's latest chain or one kept in its history.
  struct ChainRef {
    const Level* state;
    const int64_t* ms;
    const uint8_t* skipped;
    const uint32_t* rows;  // null unless strict_once
  };
  // Every chain a level has had, in the order made (history mode: strict_once or a
  // minimum gap, where the latest chain is not always the one to extend). Ordered by
  // last time, then start; starts never decrease along it, so the newest chain within
  // the time bounds is the best one to extend. Chains past their window are dropped
  // from the front; an exclusion empties the frozen levels.
  struct History {
    std::vector<Level> states;
    std::vector<int64_t> ms;        // n_ per chain
    std::vector<uint8_t> skipped;   // n_ per chain
    std::vector<uint32_t> rows;     // n_ per chain
    size_t head = 0;
    void Clear() {
      states.clear(); ms.clear(); skipped.clear(); rows.clear();
      head = 0;
    }
  };
  void EvaluateOrdered(const std::vector<FunnelEntry>& entries, int64_t data_end_ms, ChainOutcome* out);
  void EvaluateAnyOrder(const std::vector<FunnelEntry>& entries, int64_t data_end_ms, ChainOutcome* out);
  bool TimeOk(const Level& prev, int to, int64_t ts, int64_t pos) const;
  bool Holds(const ChainRef& chain, int level, uint32_t row) const;
  // The chain of level `from` that step `to` may extend with this event, or none; under
  // strict_once maybe also a second one to extend (`fallback`).
  bool FindPredecessor(int from, int to, const FunnelEntry& entry, int64_t pos, ChainRef* chain,
                       ChainRef* fallback, bool* has_fallback);
  void Advance(const ChainRef& from_chain, int from, int to, const FunnelEntry& entry, int64_t pos);
  void Remember(int level);
  static size_t UpperBound(const History& h, int64_t bound);  // history mode: appends the level's new latest chain
  bool CouldAdvanceAfter(int k, int64_t data_end_ms, int64_t last_pos) const;

  int n_;
  int64_t window_ms_;
  bool any_order_, directly_follows_, strict_order_, strict_dedup_, strict_increase_, strict_once_, allow_reentry_;
  std::vector<uint8_t> optional_;
  std::vector<int64_t> step_window_ms_;  // -1 = none
  std::vector<int64_t> min_gap_ms_;      // -1 = none
  std::vector<int> exclusion_from_, exclusion_to_;
  // Scratch, reused between units.
  std::vector<Level> levels_;
  std::vector<int64_t> chain_ms_;      // n_ x n_: chain of level k in row k
  std::vector<uint8_t> chain_skipped_; // n_ x n_
  std::vector<uint32_t> chain_rows_;   // n_ x n_ (strict_once)
  bool history_mode_ = false;
  std::vector<History> history_;       // per level, in history mode
  std::vector<int32_t> any_counts_;
  std::vector<int64_t> any_first_ms_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_WINDOW_FUNNEL_H_
