// TableSession (core/session/table_session.h): a journey re-run on the kept table gives
// the same bytes as a fresh run over the files, and the table's descriptions (files,
// first rows, property values, one user's timeline) say what the data holds.

#include "core/session/table_session.h"

#include <memory>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/demo/demo_store.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

std::string DemoCsv(int64_t users) {
  std::string csv = DemoCsvHeader();
  DemoStoreOptions options;
  options.users = users;
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  return csv;
}

// The files fed in two chunks, as the doors do.
absl::StatusOr<std::unique_ptr<Analyzer>> Fed(const std::string& csv, const std::string& journey) {
  AnalyzerOptions options;
  options.journey = journey;
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) return analyzer.status();
  Analyzer& a = **analyzer;
  if (absl::Status s = a.BeginFile("events.csv"); !s.ok()) return s;
  if (absl::Status s = a.Feed(std::string_view(csv).substr(0, csv.size() / 2)); !s.ok()) return s;
  if (absl::Status s = a.Feed(std::string_view(csv).substr(csv.size() / 2)); !s.ok()) return s;
  if (absl::Status s = a.EndFile(); !s.ok()) return s;
  return analyzer;
}

std::string FreshReport(const std::string& csv, const std::string& journey) {
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Fed(csv, journey);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return RenderReportJson(analysis->report);
}

TableSession SessionOf(const std::string& csv, const std::string& journey) {
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Fed(csv, journey);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return TableSession(*std::move(analysis), (*analyzer)->schemas(), 2);
}

const char* kShortJourney = R"({"name": "Short", "window": "2h", "steps": [
  {"name": "View", "event": "product_view"},
  {"name": "Cart", "event": ["add_to_cart", "one_click_buy"], "where": {"device": {"not": "ios"}}},
  {"name": "Order", "event": "order_placed"}],
  "breakdown": {"property": "device"}})";
const char* kSessionsJourney = R"({"name": "Sessions", "unit": "sessions", "order": "strict", "steps": [
  {"name": "View", "event": "product_view"}, {"name": "Cart", "event": "add_to_cart"}]})";
// A misspelt value property: the report warns, and the next journey's report must not.
const char* kMisspeltJourney = R"({"name": "Typo", "steps": [
  {"name": "View", "event": "product_view"}, {"name": "Cart", "event": "add_to_cart"}],
  "value": {"property": "prise"}})";
// A misspelt step property would match nothing: refused, with the nearest names.
const char* kMisspeltStepJourney = R"({"name": "Typo", "steps": [
  {"name": "View", "event": "product_view", "where": {"devce": "ios"}}, {"name": "Cart", "event": "add_to_cart"}]})";

TEST(TableSessionTest, ReanalyzeGivesTheBytesOfAFreshRun) {
  const std::string csv = DemoCsv(600);
  TableSession session = SessionOf(csv, "store");
  for (const char* journey : {kShortJourney, kMisspeltJourney, kSessionsJourney, "store", kShortJourney}) {
    absl::StatusOr<nlohmann::ordered_json> report = session.Reanalyze(journey);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(RenderReportJson(*report), FreshReport(csv, journey)) << journey;
  }
}

TEST(TableSessionTest, ASessionStartedWithAMisspeltJourneyLosesItsWarning) {
  const std::string csv = DemoCsv(200);
  TableSession session = SessionOf(csv, kMisspeltJourney);
  absl::StatusOr<nlohmann::ordered_json> report = session.Reanalyze(kShortJourney);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(RenderReportJson(*report), FreshReport(csv, kShortJourney));
}

TEST(TableSessionTest, ABadSpecFailsWithItsPathAndKeepsTheLastJourney) {
  TableSession session = SessionOf(DemoCsv(100), "store");
  ASSERT_TRUE(session.Reanalyze(kShortJourney).ok());
  absl::StatusOr<nlohmann::ordered_json> typo = session.Reanalyze(kMisspeltStepJourney);
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().message(),
            "journey: steps[0].where.devce: no property \"devce\" in the data (nearest: device)");
  EXPECT_EQ(session.journey().name, "Short");
  absl::StatusOr<nlohmann::ordered_json> bad = session.Reanalyze(R"({"steps": [{"name": "A", "event": 3}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("steps[0].event"), std::string::npos) << bad.status();
  EXPECT_EQ(session.journey().name, "Short");
}

TEST(TableSessionTest, FilesPreviewAndPropertiesDescribeTheTable) {
  TableSession session = SessionOf(DemoCsv(100), "store");
  nlohmann::ordered_json files = session.Files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0]["file"], "events.csv");
  EXPECT_EQ(files[0]["format"], "csv");
  bool user_role = false;
  for (const auto& c : files[0]["columns"]) user_role = user_role || (c["name"] == "user_id" && c["role"] == "user");
  EXPECT_TRUE(user_role) << files.dump();

  nlohmann::ordered_json preview = session.Preview(5);
  ASSERT_EQ(preview["rows"].size(), 5u);
  EXPECT_EQ(preview["columns"][0], "user");
  EXPECT_EQ(preview["columns"][2], "event");
  EXPECT_EQ(preview["total"], session.table().size());
  EXPECT_EQ(preview["rows"][0].size(), preview["columns"].size());
  EXPECT_EQ(preview["rows"][0][0], session.table().users.Value(0));
  EXPECT_EQ(session.Preview(1u << 30)["rows"].size(), session.table().size());

  nlohmann::ordered_json properties = session.Properties(3);
  const nlohmann::ordered_json* device = nullptr;
  for (const auto& p : properties) {
    if (p["name"] == "device") device = &p;
  }
  ASSERT_NE(device, nullptr) << properties.dump();
  EXPECT_EQ((*device)["distinct"], 3);  // android, ios, desktop
  ASSERT_EQ((*device)["values"].size(), 3u);
  int64_t sum = 0;
  for (const auto& v : (*device)["values"]) sum += v["count"].get<int64_t>();
  EXPECT_EQ(sum, (*device)["filled"]);
  EXPECT_GE((*device)["values"][0]["count"], (*device)["values"][1]["count"]);
}

TEST(TableSessionTest, TimelineMarksStepsAndTheRageClicksOfTheDemoDefect) {
  const std::string csv = DemoCsv(600);
  TableSession session = SessionOf(csv, "store");
  absl::StatusOr<nlohmann::ordered_json> report = session.Reanalyze("store");
  ASSERT_TRUE(report.ok());
  // The planted defect's point; its first example user rage-clicked the coupon button.
  const nlohmann::ordered_json* found = nullptr;
  for (const auto& p : (*report)["friction"]["points"]) {
    if (p["signal"] == "rage_click" && p["target"] == "#apply-coupon" && found == nullptr) found = &p;
  }
  ASSERT_NE(found, nullptr) << (*report)["friction"]["points"].dump();
  const std::string user = (*found)["examples"][0];
  absl::StatusOr<nlohmann::ordered_json> timeline = session.UserTimeline(user, 1000);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  EXPECT_EQ((*timeline)["user"], user);
  const auto& events = (*timeline)["events"];
  ASSERT_EQ(static_cast<int64_t>(events.size()), (*timeline)["total"].get<int64_t>());
  bool rage = false, first_step = false;
  std::string previous;
  for (const auto& e : events) {
    for (const auto& s : e["signals"]) rage = rage || (s["signal"] == "rage_click" && s["target"] == "#apply-coupon");
    for (const auto& s : e["steps"]) first_step = first_step || s == 0;
    EXPECT_LE(previous, e["time"].get<std::string>());
    previous = e["time"];
  }
  EXPECT_TRUE(rage) << timeline->dump();
  EXPECT_TRUE(first_step);
  EXPECT_EQ(session.UserTimeline(user, 2)->at("events").size(), 2u);
  EXPECT_EQ(session.UserTimeline("nobody", 10).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace fl
