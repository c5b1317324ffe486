#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_CONTEXT_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_CONTEXT_H_

// The friction settings bound to one EventTable: which event ids are clicks, errors,
// deliveries...; which property columns hold x, y, target, page...; each property
// value read once as a number or a time; and a matcher telling which journey steps
// an event row satisfies. Built once per table, then shared by every unit's detectors.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/friction/friction_settings.h"
#include "core/journey/bound_predicate.h"
#include "core/journey/journey_spec.h"

namespace fl {

// Which journey steps a row matches (event name and `where` predicates), evaluated
// on dictionary ids. Missing properties read as "".
class StepMatcher {
 public:
  StepMatcher() = default;
  StepMatcher(const JourneySpec& spec, const EventTable& table);
  bool Matches(size_t step, uint32_t row) const;
  size_t step_count() const { return steps_.size(); }

 private:
  struct Step {
    std::vector<uint8_t> by_event;  // per event id
    std::vector<BoundPredicate> where;
  };
  const EventTable* table_ = nullptr;
  std::vector<Step> steps_;
};

// Flags per event id.
enum EventFlag : uint16_t {
  kFlagClick = 1 << 0,
  kFlagRageLabel = 1 << 1,
  kFlagDeadLabel = 1 << 2,
  kFlagErrorName = 1 << 3,
  kFlagResponse = 1 << 4,  // counts as the page responding to a click
  kFlagDelivered = 1 << 5,
  kFlagFailedDelivery = 1 << 6,
  kFlagRefund = 1 << 7,
  kFlagSupport = 1 << 8,
  kFlagReview = 1 << 9,
  kFlagRepeat = 1 << 10,   // repetition within a stage is a retry
  kFlagOutcome = 1 << 11,  // the after-order outcome event
  kFlagAnswer = 1 << 12,   // answers a click (rage_click.answer_events)
  kFlagSelection = 1 << 13,  // shows a text selection (rage_click.selection_events)
};

// Stages are kept in a byte per signal and session (FrictionUnit); parsed journeys have
// at most 32 steps, so this only bounds journeys built in code.
inline constexpr int kMaxFrictionStage = 255;

// The variant segment of a unit whose events carry two values of the experiment's
// variant property.
inline constexpr char kMixedVariant[] = "(mixed)";

struct FrictionContext {
  const FrictionSettings* settings = nullptr;
  const JourneySpec* spec = nullptr;
  const EventTable* table = nullptr;
  // Stages 0..order_step are "working towards step s"; stage order_step + 1 is
  // "After the order".
  int order_step = 0;
  int after_order_stage() const { return order_step + 1; }
  StepMatcher steps;
  std::vector<uint16_t> event_flags;  // per event id
  bool any_response_is_non_click = true;  // dead_click.response_events empty

  int x_column = -1, y_column = -1, target_column = -1, page_column = -1, order_id_column = -1;
  int promised_column = -1, score_column = -1, value_column = -1, outcome_column = -1;
  int form_column = -1, field_column = -1;
  std::vector<double> x_number, y_number, score_number, value_number, outcome_number;
  std::vector<int64_t> promised_ms;
  std::vector<int> status_columns;
  std::vector<std::vector<double>> status_number;  // parallel to status_columns
  // Columns whose first value per unit is kept for the root-cause segments.
  std::vector<int> segment_columns;
  // The experiment's variant property (one of segment_columns), or -1: a unit whose
  // events carry two of its values holds the value kMixedVariant.
  int variant_column = -1;
  // The vendor presets' rules (kRagePresets, kDeadPresets order), for robustness.
  std::vector<RageClickSettings> rage_presets;
  std::vector<DeadClickSettings> dead_presets;
  // Per value id of the target column: 1 when rage_click.ignore_targets matches it.
  std::vector<uint8_t> rage_ignored_target;

  bool Has(uint32_t row, EventFlag flag) const {
    return (event_flags[table->event[row]] & flag) != 0;
  }
  // The value of a property column at a row ("" when the column is absent).
  const std::string& Value(int column, uint32_t row) const;
  uint32_t ValueId(int column, uint32_t row) const {
    return column < 0 ? 0 : table->properties[column].ids[row];
  }
  // Status >= min_status on any status property of the row (0 when none).
  int64_t ErrorStatus(uint32_t row) const;
};

// The order step when none is named: the first step with an event named like an order
// (*order*, *purchase*, *transaction*, *checkout_complete*, any case), else the last.
//   store: Product page, Cart, Checkout, Payment, Order placed, Shipped -> Order placed.
int DefaultOrderStep(const JourneySpec& spec);

// Fails when after_order.order_step names no step of the journey, or the journey has
// no steps or more than kMaxFrictionStage - 1.
absl::StatusOr<FrictionContext> BuildFrictionContext(const FrictionSettings& settings,
                                                     const JourneySpec& spec,
                                                     const EventTable& table);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_CONTEXT_H_
