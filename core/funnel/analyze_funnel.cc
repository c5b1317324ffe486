// The funnel end to end: compile the journey against the table, evaluate every user's
// units, add them to a state, finalize.

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/funnel/compiled_journey.h"
#include "core/funnel/funnel_analysis.h"
#include "core/funnel/unit_evaluator.h"

namespace fl {
namespace {

constexpr char kNoSegment[] = "(none)";

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledJourney>> CompileJourney(const JourneySpec& spec,
                                                                       const EventTable& table) {
  if (spec.steps.empty()) return absl::InvalidArgumentError("journey: steps: expected at least one step");
  if (table.user_begin.size() != table.users.size() + 1) {
    return absl::InvalidArgumentError(absl::StrCat("funnel: event table has ", table.users.size(),
                                                   " users but ", table.user_begin.size(),
                                                   " user_begin offsets (expected users + 1)"));
  }
  return std::make_shared<const CompiledJourney>(spec, table);
}

void EvaluateUserUnits(const CompiledJourney& journey, const EventTable& table, uint32_t user,
                       int64_t data_end_ms, const std::function<void(const UnitOutcome&)>& sink) {
  (void)table;  // the compiled journey is bound to its table
  UnitEvaluator evaluator(journey);
  evaluator.EvaluateUser(user, data_end_ms, sink);
}

absl::StatusOr<FunnelState> BuildFunnelState(const JourneySpec& spec, const EventTable& table,
                                             std::optional<int64_t> data_end_ms) {
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  FunnelState state(spec);
  UnitEvaluator evaluator(**journey);
  const int column = (*journey)->breakdown_column();
  const bool first_touch = spec.breakdown.attribution == Attribution::kFirstTouch;
  const int64_t end_ms = data_end_ms.value_or(table.last_time_ms);
  std::string segment;
  auto sink = [&](const UnitOutcome& outcome) {
    segment.clear();
    if (!spec.breakdown.property.empty()) {
      const uint32_t row = first_touch ? outcome.first_step_row : outcome.last_step_row;
      if (column >= 0 && row != UnitOutcome::kNoRow) {
        segment = table.properties[column].values.Value(table.properties[column].ids[row]);
      }
      if (segment.empty()) segment = kNoSegment;
    }
    state.Add(outcome, segment);
  };
  for (uint32_t user = 0; user < table.user_count(); ++user) {
    evaluator.EvaluateUser(user, end_ms, sink);
  }
  return state;
}

absl::StatusOr<FunnelResult> AnalyzeFunnel(const JourneySpec& spec, const EventTable& table) {
  absl::StatusOr<FunnelState> state = BuildFunnelState(spec, table, std::nullopt);
  if (!state.ok()) return state.status();
  return state->Finalize();
}

}  // namespace fl
