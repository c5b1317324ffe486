#ifndef FRICTIONLENS_CORE_JOURNEY_COMPILED_JOURNEY_H_
#define FRICTIONLENS_CORE_JOURNEY_COMPILED_JOURNEY_H_

// A JourneySpec bound to one EventTable's dictionaries, so that matching an event
// against every step is a table lookup plus, for steps with `where`, one byte lookup per
// predicate: no string comparison per event.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"

#include "core/event_table.h"
#include "core/journey/bound_predicate.h"
#include "core/journey/journey_spec.h"

namespace fl {

class CompiledJourney {
 public:
  // Use CompileJourney(); the table must outlive this object.
  CompiledJourney(const JourneySpec& spec, const EventTable& table);

  const JourneySpec& spec() const { return spec_; }
  const EventTable& table() const { return *table_; }
  int step_count() const { return static_cast<int>(spec_.steps.size()); }

  // Bit k set when the event at `row` matches step k (event name and `where`).
  uint32_t StepMask(size_t row) const {
    const uint32_t candidates = step_mask_by_event_[table_->event[row]];
    return (candidates & steps_with_where_) == 0 ? candidates : FilterSteps(candidates, row);
  }
  // Bit x set when the event at `row` matches exclusion x.
  uint32_t ExclusionMask(size_t row) const {
    const uint32_t candidates = exclusion_mask_by_event_[table_->event[row]];
    return candidates == 0 ? 0 : FilterExclusions(candidates, row);
  }

  // hold_constant: the held property value ids of `row` (in spec order, unused slots 0).
  // False when the row lacks one of them: such an event matches no step.
  bool holds_constant() const { return !hold_columns_.empty(); }
  using HeldValues = std::array<uint32_t, 3>;
  bool HeldValuesAt(size_t row, HeldValues* out) const;

  // Breakdown property column, or -1 (no breakdown, or no such column: "(none)").
  int breakdown_column() const { return breakdown_column_; }

 private:
  bool AllHold(const std::vector<BoundPredicate>& where, size_t row) const {
    return AllPredicatesHold(where, *table_, row);
  }
  uint32_t FilterSteps(uint32_t candidates, size_t row) const;
  uint32_t FilterExclusions(uint32_t candidates, size_t row) const;

  JourneySpec spec_;
  const EventTable* table_;
  std::vector<uint32_t> step_mask_by_event_;
  std::vector<uint32_t> exclusion_mask_by_event_;
  uint32_t steps_with_where_ = 0;
  std::vector<std::vector<BoundPredicate>> step_where_;
  std::vector<std::vector<BoundPredicate>> exclusion_where_;
  std::vector<int> hold_columns_;  // -1 when the table lacks the property
  int breakdown_column_ = -1;
};

// The journey bound to `table`; refuses a spec without steps or a malformed table.
absl::StatusOr<std::shared_ptr<const CompiledJourney>> CompileJourney(const JourneySpec& spec,
                                                                       const EventTable& table);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_COMPILED_JOURNEY_H_
