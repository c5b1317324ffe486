#ifndef FRICTIONLENS_CORE_JOURNEY_UNIT_OUTCOME_H_
#define FRICTIONLENS_CORE_JOURNEY_UNIT_OUTCOME_H_

// Where one counting unit got to in the journey: what the matcher (UnitEvaluator,
// core/journey/unit_evaluator.h) hands every section in the shared pass.

#include <cstdint>
#include <vector>

namespace fl {

// The deepest level (0 = never entered) and the time each step of that chain happened.
// See core/journey/window_funnel.h for the search and its documented choices.
struct UnitOutcome {
  uint32_t user = 0;
  int level = 0;
  std::vector<int64_t> step_time_ms;  // size == level
  // size == level; 1 = an optional step passed by skipping it (its time is that of the
  // step that bypassed it, and it has no duration of its own).
  std::vector<uint8_t> step_skipped;
  int64_t start_ms = 0;
  bool window_open_at_end = false;    // right-censored: could still progress
  uint32_t first_row = 0, end_row = 0;  // the unit's events in the table
  // The unit's first and last events that matched any step (breakdown attribution);
  // kNoRow when none did.
  static constexpr uint32_t kNoRow = UINT32_MAX;
  uint32_t first_step_row = kNoRow, last_step_row = kNoRow;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_UNIT_OUTCOME_H_
