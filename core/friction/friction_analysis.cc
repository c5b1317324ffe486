#include "core/friction/friction_analysis.h"

#include "core/friction/friction_context.h"
#include "core/friction/friction_settings.h"
#include "core/funnel/funnel_analysis.h"

namespace fl {

absl::StatusOr<FrictionState> BuildFrictionState(const JourneySpec& spec, const EventTable& table) {
  absl::StatusOr<FrictionSettings> settings = ParseFrictionSettings(spec.friction, spec.value);
  if (!settings.ok()) return settings.status();
  JourneySpec by_user = spec;
  by_user.unit = CountingUnit::kUsers;
  absl::StatusOr<FrictionContext> ctx = BuildFrictionContext(*settings, by_user, table);
  if (!ctx.ok()) return ctx.status();
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(by_user, table);
  if (!journey.ok()) return journey.status();
  FrictionState state(by_user, *settings, ctx->order_step);
  for (uint32_t user = 0; user < table.user_count(); ++user) {
    EvaluateUserUnits(**journey, table, user, table.last_time_ms,
                      [&](const UnitOutcome& outcome) { state.Add(BuildFrictionUnit(*ctx, outcome)); });
  }
  return state;
}

absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table) {
  absl::StatusOr<FrictionState> state = BuildFrictionState(spec, table);
  if (!state.ok()) return state.status();
  return state->Finalize();
}

}  // namespace fl
