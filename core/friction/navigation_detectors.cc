#include "core/friction/navigation_detectors.h"

#include <algorithm>
#include <map>

#include "absl/container/inlined_vector.h"

namespace fl {

int StageAt(const std::vector<int64_t>& reached_ms, int64_t t) {
  // Chain times are non-decreasing, so the reached steps at t form a prefix.
  return static_cast<int>(std::upper_bound(reached_ms.begin(), reached_ms.end(), t) -
                          reached_ms.begin());
}

void DetectQuickBacks(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits) {
  if (!ctx.settings->quick_back.enabled || ctx.page_column < 0) return;
  const EventTable& t = *ctx.table;
  // The last three page runs: (page id, first row of the run).
  struct Run {
    uint32_t page;
    uint32_t first_row;
  };
  // Only the last three runs matter: runs[2] is the newest (no allocation per unit).
  Run runs[3] = {};
  size_t n = 0;
  for (uint32_t row = begin; row < end; ++row) {
    const uint32_t page = ctx.ValueId(ctx.page_column, row);
    if (page == 0) continue;
    if (n > 0 && runs[2].page == page) continue;
    runs[0] = runs[1];
    runs[1] = runs[2];
    runs[2] = {page, row};
    ++n;
    if (n >= 3 && runs[0].page == page &&
        t.time_ms[row] - t.time_ms[runs[1].first_row] <= ctx.settings->quick_back.within_ms) {
      const uint32_t bounced = runs[1].first_row;
      hits->push_back({SignalKind::kQuickBack, t.time_ms[row], row,
                       ctx.Value(ctx.page_column, bounced)});
    }
  }
}

void DetectLoops(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                 const std::vector<int64_t>& reached_ms, std::vector<SignalHit>* hits) {
  if (!ctx.settings->loops.enabled) return;
  const EventTable& t = *ctx.table;
  const int after_order = ctx.after_order_stage();
  // Inline for journeys of up to 8 steps, so most units allocate nothing here.
  absl::InlinedVector<uint8_t, 8> chain_event_seen(reached_ms.size(), 0);
  absl::InlinedVector<uint32_t, 8> chain_page(reached_ms.size(), 0);  // page of the event that reached it
  std::map<std::pair<int, uint32_t>, int> repeats;  // (stage, event id) -> count so far
  for (uint32_t row = begin; row < end; ++row) {
    const int64_t time = t.time_ms[row];
    const int stage = StageAt(reached_ms, time);
    if (stage >= after_order) break;
    int matched = -1;
    for (int j = stage - 1; j >= 0; --j) {
      if (!ctx.steps.Matches(j, row)) continue;
      if (!chain_event_seen[j] && time == reached_ms[j]) {
        chain_event_seen[j] = 1;  // the event that reached step j is not a loop
        chain_page[j] = ctx.ValueId(ctx.page_column, row);
        matched = -2;
        break;
      }
      matched = j;
      break;
    }
    if (matched >= 0 && matched == stage - 1) {
      // Another product page is browsing, not a repeat: the same page (when both have one).
      const uint32_t page = ctx.ValueId(ctx.page_column, row);
      if (page != 0 && chain_page[matched] != 0 && page != chain_page[matched]) matched = -1;
    }
    if (matched >= 0) {
      const SignalKind kind = matched == stage - 1 ? SignalKind::kRepeatStep : SignalKind::kBacktrack;
      hits->push_back({kind, time, row, ctx.spec->steps[matched].name});
    }
    if (ctx.Has(row, kFlagRepeat) && ++repeats[{stage, t.event[row]}] >= 2) {
      hits->push_back({SignalKind::kRepeatStep, time, row, t.event_names.Value(t.event[row])});
    }
  }
}

}  // namespace fl
