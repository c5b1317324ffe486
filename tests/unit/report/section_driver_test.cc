// The one shared pass gives every section exactly what it gives run alone, for users
// (one evaluation shared), sessions (the user as one unit evaluated beside the
// sessions) and a breakdown, at any thread count; "sections" turns one off.

#include "core/report/section_driver.h"

#include <string>

#include "core/friction/friction_analysis.h"
#include "core/funnel/funnel_json.h"
#include "core/ingest/event_table_builder.h"
#include "core/report/section_results.h"
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
    SectionPassOptions options;
    options.threads = threads;
    absl::StatusOr<SectionStates> states = RunSectionPass(*spec, table, options);
    ASSERT_TRUE(states.ok()) << states.status();
    const auto sections = FinalizeSections(*states);
    ASSERT_GE(sections.size(), 2u);
    EXPECT_EQ(sections[0].first, "funnel");
    EXPECT_EQ(sections[0].second.dump(), funnel_json) << threads;
    EXPECT_EQ(sections[1].first, "friction");
    EXPECT_EQ(sections[1].second.dump(), friction_json) << threads;
  }
}

TEST(SectionDriverTest, SharedPassEqualsSeparateRuns) {
  const EventTable table = DemoTable();
  const std::string store = BuiltinJourneyJson("store");
  ExpectSameAsApart(store, table);
  // Sessions as units: friction still sees each user as one unit.
  std::string sessions = store;
  sessions.insert(1, "\"unit\": \"sessions\", ");
  ExpectSameAsApart(sessions, table);
  // A breakdown: the funnel's segments come from the shared pass too.
  std::string by_device = store;
  by_device.insert(1, "\"breakdown\": {\"property\": \"device\"}, ");
  ExpectSameAsApart(by_device, table);
}

TEST(SectionDriverTest, SectionsCanBeTurnedOff) {
  const EventTable table = DemoTable();
  std::string store = BuiltinJourneyJson("store");
  store.insert(1, "\"sections\": {\"friction\": false}, ");
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(store);
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<SectionStates> states = RunSectionPass(*spec, table, SectionPassOptions());
  ASSERT_TRUE(states.ok()) << states.status();
  for (const auto& [name, json] : FinalizeSections(*states)) EXPECT_NE(name, "friction");
  EXPECT_EQ(states->Find("friction"), nullptr);
  EXPECT_NE(states->Find("funnel"), nullptr);
  // An unknown section, or a switch that is not a boolean, names the path.
  std::string bad = BuiltinJourneyJson("store");
  bad.insert(1, "\"sections\": {\"frictoin\": false}, ");
  EXPECT_EQ(ParseJourneySpec(bad).status().message(),
            "journey: sections.frictoin: unknown section (expected one of: funnel, friction, forms, input_quality, experiment, survival, delivery, paths, correlation, conformance)");
}

}  // namespace
}  // namespace fl
