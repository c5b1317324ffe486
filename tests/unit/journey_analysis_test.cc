// One pass for funnel and friction gives exactly what the two give when run apart, for
// users (shared pass), sessions (separate passes) and a breakdown, at any thread count.

#include "core/journey_analysis.h"

#include <string>

#include "core/friction/friction_analysis.h"
#include "core/funnel/funnel_analysis.h"
#include "core/funnel/funnel_json.h"
#include "core/ingest/event_table_builder.h"
#include "gtest/gtest.h"
#include "unit/robustness_support.h"

namespace fl {
namespace {

EventTable DemoTable() {
  EventTableBuilder builder{IngestOptions()};
  EXPECT_TRUE(builder.Feed(testing::DemoCsv(800, 3)).ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  EXPECT_TRUE(table.ok());
  return *std::move(table);
}

void ExpectSameAsApart(const std::string& spec_json, const EventTable& table) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(spec_json);
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<FunnelResult> funnel = AnalyzeFunnel(*spec, table, 1);
  absl::StatusOr<FrictionResult> friction = AnalyzeFriction(*spec, table, 1);
  ASSERT_TRUE(funnel.ok() && friction.ok());
  const std::string funnel_json = FunnelResultToJson(*funnel).dump();
  const std::string friction_json = FrictionResultToJson(*friction).dump();
  ASSERT_GT(funnel->steps.front().count, 0);
  for (int threads : {1, 2, 3, 8}) {
    absl::StatusOr<JourneyResults> both = AnalyzeJourney(*spec, table, threads);
    ASSERT_TRUE(both.ok()) << both.status();
    EXPECT_EQ(FunnelResultToJson(both->funnel).dump(), funnel_json) << threads;
    EXPECT_EQ(FrictionResultToJson(both->friction).dump(), friction_json) << threads;
  }
}

TEST(JourneyAnalysisTest, SharedPassEqualsSeparateRuns) {
  const EventTable table = DemoTable();
  const std::string store = BuiltinJourneyJson("store");
  ExpectSameAsApart(store, table);
  // Sessions as units: the passes stay apart, same answers.
  std::string sessions = store;
  sessions.insert(1, "\"unit\": \"sessions\", ");
  ExpectSameAsApart(sessions, table);
  // A breakdown: the funnel's segments come from the shared pass too.
  std::string by_device = store;
  by_device.insert(1, "\"breakdown\": {\"property\": \"device\"}, ");
  ExpectSameAsApart(by_device, table);
}

}  // namespace
}  // namespace fl
