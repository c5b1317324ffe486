#ifndef FRICTIONLENS_CORE_JOURNEY_UNIT_EVALUATOR_H_
#define FRICTIONLENS_CORE_JOURNEY_UNIT_EVALUATOR_H_

// Splits a user's events into counting units, builds each unit's funnel entries and runs
// the window funnel (core/journey/window_funnel.h) on them.
//
// Units:
//   users     all of the user's events form one unit.
//   sessions  one unit per session (EventTable::session; sessions are contiguous runs of
//             a user's rows).
//   attempts  each event matching step 1 starts an attempt that lasts until the next
//             event matching step 1 (exclusive); events before the first one belong to
//             no unit. Example: view(0) view(5) cart(6) -> two attempts, levels 1 and 2.
//
// hold_constant: the funnel runs once per distinct tuple of held values among the unit's
// step events; in a run only events carrying that tuple match steps (events lacking a
// held value never match). Under strict_order and order "strict", step events of other tuples count as
// "other events". Exclusions apply whatever their held values. The unit keeps the run
// that got deepest; ties go to the earlier start, then to the smaller tuple by text. It
// is in progress when any run still has an open window.
//   hold order_id, steps cart -> buy: cart{o=1}(0) cart{o=2}(1) buy{o=2}(2) -> 2 (o=2).
//
// Scratch buffers live in the evaluator, so evaluating a unit does not allocate once they
// have grown to the largest user (hold_constant excepted, which is per tuple anyway).

#include <cstdint>
#include <functional>
#include <vector>

#include "core/journey/compiled_journey.h"
#include "core/journey/unit_outcome.h"
#include "core/journey/window_funnel.h"

namespace fl {

class UnitEvaluator {
 public:
  explicit UnitEvaluator(const CompiledJourney& journey);

  // Calls `sink` once per unit of `user`, with an outcome reused between calls.
  void EvaluateUser(uint32_t user, int64_t data_end_ms,
                    const std::function<void(const UnitOutcome&)>& sink);

  // The user's rows [begin, end) as one unit, whatever the journey counts: an experiment
  // counts what a person did after the first exposure (and, for CUPED, before it).
  // begin == end gives level 0.
  void EvaluateRows(uint32_t user, uint32_t begin, uint32_t end, int64_t data_end_ms,
                    const std::function<void(const UnitOutcome&)>& sink);

 private:
  // Step and exclusion masks (and held values) of the user's rows.
  void PrepareUser(uint32_t user);
  void EvaluateUnit(uint32_t user, uint32_t begin, uint32_t end, int64_t data_end_ms,
                    const std::function<void(const UnitOutcome&)>& sink);
  // Entries of rows [begin, end); with `tuple`, only events carrying it match steps.
  void BuildEntries(uint32_t begin, uint32_t end, const CompiledJourney::HeldValues* tuple);
  bool TupleTextLess(const CompiledJourney::HeldValues& a, const CompiledJourney::HeldValues& b) const;

  const CompiledJourney& journey_;
  WindowFunnel funnel_;
  uint32_t user_begin_ = 0;  // row of the current user's first event
  std::vector<uint32_t> step_masks_;       // per row of the current user
  std::vector<uint32_t> exclusion_masks_;  // per row of the current user
  std::vector<CompiledJourney::HeldValues> held_;  // per row, when holding constant
  std::vector<uint8_t> has_held_;
  std::vector<CompiledJourney::HeldValues> tuples_;
  std::vector<FunnelEntry> entries_;
  ChainOutcome chain_, best_chain_;
  UnitOutcome outcome_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_UNIT_EVALUATOR_H_
