// The funnel end to end: compile the journey against the table, evaluate every user's
// units, add them to a state, finalize.

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/journey/compiled_journey.h"
#include "core/funnel/funnel_analysis.h"
#include "core/journey/unit_evaluator.h"
#include "core/parallel.h"

namespace fl {
namespace {

constexpr char kNoSegment[] = "(none)";

}  // namespace

FunnelStateBuilder::FunnelStateBuilder(const JourneySpec& spec, const EventTable& table,
                                       const CompiledJourney& journey)
    : spec_(spec),
      table_(table),
      column_(journey.breakdown_column()),
      first_touch_(spec.breakdown.attribution == Attribution::kFirstTouch),
      state_(spec) {}

void FunnelStateBuilder::Add(const UnitOutcome& outcome) {
  segment_.clear();
  if (!spec_.breakdown.property.empty()) {
    const uint32_t row = first_touch_ ? outcome.first_step_row : outcome.last_step_row;
    if (column_ >= 0 && row != UnitOutcome::kNoRow) {
      const PropertyColumn& c = table_.properties[column_];
      segment_ = c.values.Value(c.ids[row]);
    }
    if (segment_.empty()) segment_ = kNoSegment;
  }
  state_.Add(outcome, segment_);
}

namespace {

FunnelState EvaluateUsers(const JourneySpec& spec, const EventTable& table, const CompiledJourney& journey,
                          int64_t end_ms, uint32_t user_begin, uint32_t user_end) {
  FunnelStateBuilder builder(spec, table, journey);
  UnitEvaluator evaluator(journey);
  auto sink = [&](const UnitOutcome& outcome) { builder.Add(outcome); };
  for (uint32_t user = user_begin; user < user_end; ++user) {
    evaluator.EvaluateUser(user, end_ms, sink);
  }
  return builder.Take();
}

}  // namespace

absl::StatusOr<FunnelState> BuildFunnelState(const JourneySpec& spec, const EventTable& table,
                                             std::optional<int64_t> data_end_ms) {
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  return EvaluateUsers(spec, table, **journey, data_end_ms.value_or(table.last_time_ms), 0,
                       static_cast<uint32_t>(table.user_count()));
}

absl::StatusOr<FunnelResult> AnalyzeFunnel(const JourneySpec& spec, const EventTable& table, int threads) {
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  const size_t users = table.user_count();
  const int shards = ShardCount(threads, users);
  std::vector<std::optional<FunnelState>> states(shards);
  ParallelFor(shards, [&](int i) {
    states[i].emplace(EvaluateUsers(spec, table, **journey, table.last_time_ms,
                                    static_cast<uint32_t>(Boundary(users, shards, i)),
                                    static_cast<uint32_t>(Boundary(users, shards, i + 1))));
  });
  for (int i = 1; i < shards; ++i) {
    if (absl::Status s = states[0]->Merge(*states[i]); !s.ok()) return s;
  }
  return states[0]->Finalize();
}

}  // namespace fl
