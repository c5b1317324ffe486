#ifndef FRICTIONLENS_CORE_FRICTION_CLICK_DETECTORS_H_
#define FRICTIONLENS_CORE_FRICTION_CLICK_DETECTORS_H_

// Rage and dead clicks, re-detected from raw click events of one unit (rows
// [begin, end) of the table, in time order). Pre-labelled events ($rageclick,
// $dead_click...) count as one hit each.

#include <cstdint>
#include <vector>

#include "core/friction/friction_context.h"
#include "core/friction/signals.h"

namespace fl {

// Rage clicks. A burst grows click by click; a click joins it when, against the
// previous click, the gap is < max_gap (if set), the distance is < max_distance_px
// (if set and both clicks have x and y; otherwise the targets must be equal), and the
// target is the same (if same_target). A click that does not join starts a new burst.
// With a window, clicks older than `window` before the newest leave the burst (a
// sliding window: first to last < window). A burst reaching `clicks` clicks is one
// rage click, attributed to the click that completed it; it is not counted again
// while that click is still in the burst (a chain counts once until it breaks; a
// sliding window at most once per window). Other events between clicks do not break
// a burst.
//   posthog: clicks at 0, 400, 800 ms within 29 px (Manhattan) -> 1 hit at 800 ms;
//            the same at 0, 400, 1400 ms -> none (1000 ms is not < 1 s).
//
// Clicks that were meant are not rage: when a burst reaches the rule, it is dropped (and
// counted in `filtered`) if its target is in ignore_targets, if every click of it was
// answered (an answer event before the next click, within answered_within: a quantity
// stepper answered by cart updates), or if it is a double or triple click followed by a
// text selection. A dropped burst that goes on (a fourth click, an unanswered one) is
// checked again at each click, and counted once.
//   clicks at 0, 300, 600 ms, each followed by cart_updated 120 ms later -> answered
struct RageFilterCounts {
  int64_t answered = 0;
  int64_t text_selection = 0;
  int64_t ignored_target = 0;
  void Add(const RageFilterCounts& o) {
    answered += o.answered;
    text_selection += o.text_selection;
    ignored_target += o.ignored_target;
  }
};
void DetectRageClicks(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits, RageFilterCounts* filtered = nullptr);

// Dead clicks: a click with no response event in the rows after it up to `timeout`
// later (a response exactly at the timeout still counts), while the data shows the
// unit went on (some later event in the same session). Response: any non-click event
// by default, or one of `response_events`; when a list is given, an event on another
// page also counts as a response (a page change).
//   posthog (2.5 s): click at 0, page_view at 2500 -> not dead; at 2501 -> dead.
void DetectDeadClicks(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits);

// The same detectors under another rule (a vendor preset, for robustness): `labels`
// false leaves out pre-labelled events, which no rule re-decides. The answer events and
// the dead-click responses stay the context's.
void DetectRageClicksWith(const FrictionContext& ctx, const RageClickSettings& rage, bool labels, uint32_t begin,
                          uint32_t end, std::vector<SignalHit>* hits, RageFilterCounts* filtered = nullptr);
void DetectDeadClicksWith(const FrictionContext& ctx, const DeadClickSettings& dead, bool labels, uint32_t begin,
                          uint32_t end, std::vector<SignalHit>* hits);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_CLICK_DETECTORS_H_
