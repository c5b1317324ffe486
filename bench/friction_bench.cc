// Friction analysis over the demo store (20,000 users by default): detection, scoring and
// the report section. Figures go to bench/RESULTS.md with their commands.

#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/demo/demo_store.h"
#include "core/friction/friction_analysis.h"
#include "core/ingest/event_table_builder.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"

namespace fl {
namespace {

EventTable DemoTable(int64_t users) {
  DemoStoreOptions options;
  options.users = users;
  std::string csv = DemoCsvHeader();
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  EventTableBuilder builder{IngestOptions{}};
  (void)builder.BeginFile("demo.csv");
  (void)builder.Feed(csv);
  (void)builder.EndFile();
  return *builder.Finish();
}

void BM_AnalyzeFriction(benchmark::State& state) {
  const EventTable table = DemoTable(state.range(0));
  const JourneySpec spec = *ParseJourneySpec(BuiltinJourneyJson("store"));
  for (auto _ : state) {
    absl::StatusOr<FrictionResult> result = AnalyzeFriction(spec, table);
    if (!result.ok() || result->points.empty()) state.SkipWithError("no friction found");
    benchmark::DoNotOptimize(FrictionResultToJson(*result));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(table.size()));
}
BENCHMARK(BM_AnalyzeFriction)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fl
