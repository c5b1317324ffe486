#ifndef FRICTIONLENS_CORE_FRICTION_NAVIGATION_DETECTORS_H_
#define FRICTIONLENS_CORE_FRICTION_NAVIGATION_DETECTORS_H_

// Quick backs, loops and backtracking in one unit's rows [begin, end).

#include <cstdint>
#include <vector>

#include "core/friction/friction_context.h"
#include "core/friction/signals.h"

namespace fl {

// The stage at time t given the times the unit reached its steps (capped at the order
// step): how many of them are <= t. A signal at the very moment a step is reached
// belongs to the next stage.
int StageAt(const std::vector<int64_t>& reached_ms, int64_t t);

// Quick back: the page property goes A -> B -> A and the return to A comes at most
// `within` (10 s) after arriving on B. Target: B, the page bounced off. Events without
// a page are ignored. A at 0, B at 1000, A at 11000 -> quick back on B; at 11001 -> none.
void DetectQuickBacks(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits);

// Loops, before the order only (after it, ordering again is the outcome, not friction):
//   backtrack:   an event of an earlier step j < s - 1 while working towards step s
//                (target: step j's name), e.g. back to the cart while at checkout;
//   repeat_step: the last reached step s - 1 again, other than the event that reached
//                it, on the same page when both carry one (another product is browsing,
//                not a repeat) (target: its name), e.g. the address form re-entered; or a second
//                and later event named in loops.repeat_events within one stage
//                (target: the event name), e.g. payment_submitted retried.
// An event matching several earlier steps counts once, for the latest of them.
void DetectLoops(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                 const std::vector<int64_t>& reached_ms, std::vector<SignalHit>* hits);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_NAVIGATION_DETECTORS_H_
