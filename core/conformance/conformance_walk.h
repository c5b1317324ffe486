#ifndef FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_WALK_H_
#define FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_WALK_H_

// One unit's walk through the journey's steps, judged against the designed order (the
// conformance section's rules; docs/conformance.md). The input is the sequence of step
// indexes (0-based) of the unit's step events in the funnel's order; an event matching
// several steps appears once per step, lowest first, as in the funnel's entries.
//
// `reached` is the highest step seen so far; `previous` the step of the entry before.
//   skipped       a required step j never occurs although a later one does
//                   A C -> B skipped (not when B is optional)
//   out_of_order  j occurs for the first time after a later step
//                   A C B -> B out of order (and not skipped)
//   went_back     j occurs again directly after a later step (a backward move), from
//                 that step:  A B C B -> went back to B from C. A B C A B: went back to A
//                 from C; the B after that A is walking forward again, not a deviation.
//   repeated      j directly after j (other events between them do not matter)
//                   A B B C -> B repeated, unless B's repeats are ignored (by default the
//                   first step's: viewing several products is browsing, not a detour)
// A step counts at most once per kind. No deviation at all: the unit conformed; it
// `completed` when it also got to the last step.

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace fl {

enum DeviationKind { kSkipped = 0, kOutOfOrder = 1, kWentBack = 2, kRepeated = 3, kDeviationKinds = 4 };

// The kinds' names in the report ("skipped", "out_of_order", "went_back", "repeated").
const char* DeviationKindName(int kind);

struct WalkResult {
  int reached = -1;                     // highest step index seen; -1 for an empty walk
  uint32_t kinds[kDeviationKinds] = {};  // per kind, bit j: the unit deviated so at step j
  std::vector<uint32_t> back_from;      // per step j, bit k: went back to j from step k

  bool conformed() const { return (kinds[0] | kinds[1] | kinds[2] | kinds[3]) == 0; }
};

// Walks `sequence` (step indexes < steps) into `out` (its vectors reused). Bit j of
// `optional` marks an optional step, of `repeats_ignored` a step whose repeats are fine.
void WalkSteps(absl::Span<const int> sequence, int steps, uint32_t optional, uint32_t repeats_ignored,
               WalkResult* out);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_WALK_H_
