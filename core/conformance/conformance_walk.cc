#include "core/conformance/conformance_walk.h"

namespace fl {

const char* DeviationKindName(int kind) {
  static const char* const kNames[kDeviationKinds] = {"skipped", "out_of_order", "went_back", "repeated"};
  return kNames[kind];
}

void WalkSteps(absl::Span<const int> sequence, int steps, uint32_t optional, uint32_t repeats_ignored,
               WalkResult* out) {
  out->reached = -1;
  for (uint32_t& k : out->kinds) k = 0;
  out->back_from.assign(static_cast<size_t>(steps), 0);
  uint32_t occurred = 0;
  int previous = -1;
  for (const int j : sequence) {
    const uint32_t bit = uint32_t{1} << j;
    if (j == previous) {
      if ((repeats_ignored & bit) == 0) out->kinds[kRepeated] |= bit;
      continue;
    }
    if ((occurred & bit) == 0) {
      if (out->reached > j) out->kinds[kOutOfOrder] |= bit;
    } else if (previous > j) {
      out->kinds[kWentBack] |= bit;
      out->back_from[static_cast<size_t>(j)] |= uint32_t{1} << previous;
    }
    occurred |= bit;
    if (j > out->reached) out->reached = j;
    previous = j;
  }
  // Required steps below the highest one seen that never occurred: passed over.
  for (int j = 0; j < out->reached; ++j) {
    const uint32_t bit = uint32_t{1} << j;
    if ((occurred & bit) == 0 && (optional & bit) == 0) out->kinds[kSkipped] |= bit;
  }
}

}  // namespace fl
