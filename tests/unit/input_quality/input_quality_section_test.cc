// The input_quality section: rejections by kind, duplicate events, events per user and
// files, the same for any split of the users, its partial form read back, its settings'
// errors naming their path.

#include "core/input_quality/input_quality_section.h"

#include <string>

#include "core/ingest/event_table_builder.h"
#include "core/report/journey_sections.h"
#include "core/report/section_driver.h"
#include "unit/section_test_support.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

constexpr char kSpec[] = R"({"steps": [{"name": "View", "event": "view"}, {"name": "Buy", "event": "buy"}]})";

EventTable Table(const std::string& name, const std::string& csv) { return testing::TableFromCsv(csv, name); }

// u1 sends one view twice (a duplicate) and a view with another page at the same time
// (not one); u2 has an empty-user neighbour and a bad time; u3 buys.
constexpr char kCsv[] =
    "user_id,timestamp,event,page\n"
    "u1,2024-03-01T10:00:00Z,view,/a\n"
    "u1,2024-03-01T10:00:00Z,view,/a\n"
    "u1,2024-03-01T10:00:00Z,view,/b\n"
    "u1,2024-03-01T10:05:00Z,buy,/c\n"
    ",2024-03-01T10:06:00Z,view,/a\n"
    "u2,not-a-time,view,/a\n"
    "u2,2024-03-01T11:00:00Z,view,/a\n"
    "u3,2024-03-01T12:00:00Z,view,/a\n"
    "u3,2024-03-01T12:01:00Z,buy,/a\n";

nlohmann::ordered_json Section(const EventTable& table, int threads) {
  return testing::SectionReport(kSpec, table, InputQualitySection::kName, threads);
}

TEST(InputQualitySection, CountsWhatTheInputHolds) {
  const EventTable table = Table("shop.csv", kCsv);
  const nlohmann::ordered_json q = Section(table, 1);
  EXPECT_EQ(q["rows"], 9);
  EXPECT_EQ(q["events"], 7);
  EXPECT_EQ(q["rejected"], 2);
  EXPECT_EQ(q["rejected_by_reason"].dump(), R"([{"reason":"bad_time","rows":1},{"reason":"empty_user","rows":1}])");
  EXPECT_EQ(q["duplicate_events"], 1);
  EXPECT_EQ(q["users"], 3);
  // Events per user 4, 1, 2: p50 = 2nd smallest = 2, p90 = p99 = 4.
  EXPECT_EQ(q["events_per_user"].dump(),
            R"({"min":1,"mean":2.333333,"max":4,"percentiles":[{"percentile":50.0,"events":2},)"
            R"({"percentile":90.0,"events":4},{"percentile":99.0,"events":4}]})");
  EXPECT_EQ(q["files"].dump(), R"([{"file":"shop.csv","rows":9,"rejected":2,"events":7,)"
                               R"("first_time":"2024-03-01T10:00:00Z","last_time":"2024-03-01T12:01:00Z"}])");
}

TEST(InputQualitySection, SameForAnySplitOfTheUsers) {
  const EventTable table = Table("shop.csv", kCsv);
  const std::string one = Section(table, 1).dump();
  for (int threads : {2, 3, 8}) EXPECT_EQ(Section(table, threads).dump(), one) << threads;
}

TEST(InputQualitySection, PartialFormReadsBack) {
  const EventTable table = Table("shop.csv", kCsv);
  const testing::PartialForm partial = testing::ExpectPartialFormReadsBack(kSpec, table, InputQualitySection::kName);
  nlohmann::json broken = partial.json;
  broken["users_by_events"][0][1] = 0;
  EXPECT_EQ(partial.refusal(broken),
            "input_quality state: users_by_events[0]: expected [events > 0, users > 0]");
}

TEST(InputQualitySection, SettingsErrorsNameTheirPath) {
  auto error = [](const std::string& settings) { return testing::SettingsError(kSpec, "input_quality", settings); };
  EXPECT_EQ(error(R"({"percentiles": [50, 120]})"),
            "journey: input_quality.percentiles[1]: expected a number in 0..100");
  EXPECT_EQ(error(R"({"percentile": [50]})"),
            "journey: input_quality.percentile: unknown setting; expected one of percentiles");
  EXPECT_EQ(error("[]"), "journey: input_quality: expected an object");
  absl::StatusOr<JourneySpec> spec =
      ParseJourneySpec(std::string(kSpec).insert(1, R"("input_quality": {"percentiles": [90, 10, 90]}, )"));
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(InputQualitySettingsToJson(*InputQualitySettingsOf(*spec)).dump(), R"({"percentiles":[10.0,90.0]})");
}

}  // namespace
}  // namespace fl
