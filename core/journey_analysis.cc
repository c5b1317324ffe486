#include "core/journey_analysis.h"

#include <memory>
#include <utility>
#include <vector>

#include "core/friction/friction_analysis.h"
#include "core/funnel/funnel_analysis.h"
#include "core/parallel.h"

namespace fl {

absl::StatusOr<JourneyResults> AnalyzeJourney(const JourneySpec& spec, const EventTable& table, int threads) {
  JourneyResults results;
  if (spec.unit != CountingUnit::kUsers) {
    absl::StatusOr<FunnelResult> funnel = AnalyzeFunnel(spec, table, threads);
    if (!funnel.ok()) return funnel.status();
    absl::StatusOr<FrictionResult> friction = AnalyzeFriction(spec, table, threads);
    if (!friction.ok()) return friction.status();
    results.funnel = *std::move(funnel);
    results.friction = *std::move(friction);
    return results;
  }
  // The funnel's journey is compiled first, so that its errors come first as when the
  // two run apart.
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> journey = CompileJourney(spec, table);
  if (!journey.ok()) return journey.status();
  // One builder per shard AnalyzeFriction makes (it splits users by ShardCount).
  const int shards = ShardCount(threads, table.user_count());
  std::vector<FunnelStateBuilder> funnel_shards;
  funnel_shards.reserve(shards);
  for (int i = 0; i < shards; ++i) funnel_shards.emplace_back(spec, table, **journey);
  absl::StatusOr<FrictionResult> friction = AnalyzeFriction(
      spec, table, threads, [&](int shard, const UnitOutcome& outcome) { funnel_shards[shard].Add(outcome); });
  if (!friction.ok()) return friction.status();
  FunnelState funnel = funnel_shards[0].Take();
  for (size_t i = 1; i < funnel_shards.size(); ++i) {
    if (absl::Status s = funnel.Merge(funnel_shards[i].Take()); !s.ok()) return s;
  }
  results.funnel = funnel.Finalize();
  results.friction = *std::move(friction);
  return results;
}

}  // namespace fl
