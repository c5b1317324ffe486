#include "core/friction/friction_analysis.h"

#include <memory>
#include <optional>

#include "core/friction/friction_context.h"
#include "core/friction/friction_settings.h"
#include "core/journey/compiled_journey.h"
#include "core/journey/unit_evaluator.h"
#include "core/parallel.h"

namespace fl {

namespace {

// Everything the shards share, built once. Not movable once built: the context points
// at the settings and the spec.
struct FrictionSetup {
  FrictionSettings settings;
  JourneySpec by_user;
  std::optional<FrictionContext> ctx;
  std::shared_ptr<const CompiledJourney> journey;
};

absl::Status Prepare(const JourneySpec& spec, const EventTable& table, FrictionSetup* setup) {
  absl::StatusOr<FrictionSettings> settings = ParseFrictionSettings(spec.friction, spec.value);
  if (!settings.ok()) return settings.status();
  setup->settings = *std::move(settings);
  setup->by_user = spec;
  setup->by_user.unit = CountingUnit::kUsers;
  absl::StatusOr<FrictionContext> ctx = BuildFrictionContext(setup->settings, setup->by_user, table);
  if (!ctx.ok()) return ctx.status();
  setup->ctx.emplace(*std::move(ctx));
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(setup->by_user, table);
  if (!journey.ok()) return journey.status();
  setup->journey = *std::move(journey);
  return absl::OkStatus();
}

// The state of the users [begin, end).
FrictionState BuildShard(const FrictionSetup& setup, const EventTable& table, uint32_t begin,
                         uint32_t end, const std::function<void(const UnitOutcome&)>* also = nullptr) {
  FrictionState state(setup.by_user, setup.settings, setup.ctx->order_step);
  FrictionUnitBuilder builder(*setup.ctx, &state);
  builder.Reserve(end - begin);
  UnitEvaluator evaluator(*setup.journey);
  for (uint32_t user = begin; user < end; ++user) {
    evaluator.EvaluateUser(user, table.last_time_ms, [&](const UnitOutcome& outcome) {
      builder.Add(outcome);
      if (also != nullptr) (*also)(outcome);
    });
  }
  builder.Finish();
  return state;
}

}  // namespace

absl::StatusOr<FrictionState> BuildFrictionState(const JourneySpec& spec, const EventTable& table) {
  FrictionSetup setup;
  if (absl::Status s = Prepare(spec, table, &setup); !s.ok()) return s;
  return BuildShard(setup, table, 0, static_cast<uint32_t>(table.user_count()));
}

absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table) {
  return AnalyzeFriction(spec, table, 1);
}

absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table,
                                               int threads) {
  return AnalyzeFriction(spec, table, threads, nullptr);
}

absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table, int threads,
                                               const std::function<void(int, const UnitOutcome&)>& also) {
  FrictionSetup setup;
  if (absl::Status s = Prepare(spec, table, &setup); !s.ok()) return s;
  const size_t users = table.user_count();
  const int shards = ShardCount(threads, users);
  std::vector<std::optional<FrictionState>> states(shards);
  ParallelFor(shards, [&](int i) {
    std::function<void(const UnitOutcome&)> shard_also;
    if (also) shard_also = [&also, i](const UnitOutcome& outcome) { also(i, outcome); };
    states[i].emplace(BuildShard(setup, table, static_cast<uint32_t>(Boundary(users, shards, i)),
                                 static_cast<uint32_t>(Boundary(users, shards, i + 1)),
                                 also ? &shard_also : nullptr));
  });
  // Shards hold disjoint users by construction; merged in shard order (the result does
  // not depend on it, as units are kept in user-name order).
  FrictionState& state = *states[0];
  for (int i = 1; i < shards; ++i) {
    if (absl::Status s = state.MergeDisjoint(*std::move(states[i])); !s.ok()) return s;
    states[i].reset();
  }
  return state.Finalize();
}

}  // namespace fl
