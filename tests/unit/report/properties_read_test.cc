// Projection (core/report/properties_read.h): a run that reads only the property
// columns its sections name gives the same report bytes as a run that reads every
// column, for CSV and JSON Lines, one thread and several, with bad UTF-8 in a column it
// skips, and with a misspelt property (whose nearest names include skipped columns).

#include "core/report/properties_read.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/demo/demo_store.h"
#include "core/ingest/random_access_input.h"
#include "core/report/journey_sections.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

// Every section but the funnel off, as bench/compare's funnel-only line.
constexpr const char* kFunnelOnly = R"("sections": {"friction": false, "forms": false, "input_quality": false,
  "survival": false, "delivery": false, "paths": false, "correlation": false, "conformance": false})";

std::string FunnelOnlyJourney(const std::string& extra) {
  return std::string(R"({"window": "1h", "steps": [
      {"name": "View", "event": "product_view", "where": {"device": {"not": "smart-tv"}}},
      {"name": "Cart", "event": "add_to_cart"},
      {"name": "Checkout", "event": "checkout_start"},
      {"name": "Order", "event": "order_placed"}],
    "hold_constant": ["country"],)") +
         extra + kFunnelOnly + "}";
}

std::string DemoCsv(int users) {
  DemoStoreOptions options;
  options.users = users;
  options.seed = 5;
  options.days = 7;
  std::string csv = DemoCsvHeader();
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  return csv;
}

std::string DemoJsonLines(int users) {
  DemoStoreOptions options;
  options.users = users;
  options.seed = 5;
  options.days = 7;
  std::string lines;
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoJsonLine(e, &lines); });
  return lines;
}

struct RunResult {
  absl::Status status;
  std::string report;
  std::vector<std::string> properties;  // the table's property columns
  std::vector<std::string> unread;
};

RunResult Analyze(const std::string& journey, const std::string& name, const std::string& bytes, bool project,
            int threads) {
  AnalyzerOptions options;
  options.journey = journey;
  options.project = project;
  options.threads = threads;
  RunResult run;
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) {
    run.status = analyzer.status();
    return run;
  }
  BytesInput input(bytes);
  run.status = (*analyzer)->IngestFile(name, input);
  if (!run.status.ok()) return run;
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  if (!analysis.ok()) {
    run.status = analysis.status();
    return run;
  }
  run.report = RenderReportJson(analysis->report);
  for (const PropertyColumn& p : analysis->table.properties) run.properties.push_back(p.name);
  run.unread = analysis->table.unread_properties;
  return run;
}

TEST(PropertiesReadTest, NamesWhatTheEnabledSectionsAndTheJourneyRead) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(FunnelOnlyJourney(R"("breakdown": {"property": "browser"},)"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  const std::optional<std::vector<std::string>> read = PropertiesRead(*spec);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, (std::vector<std::string>{"browser", "country", "device"}));
  absl::StatusOr<JourneySpec> valued = ParseJourneySpec(FunnelOnlyJourney(R"("value": {"property": "price"},)"));
  ASSERT_TRUE(valued.ok()) << valued.status();
  EXPECT_EQ(PropertiesRead(*valued), (std::vector<std::string>{"country", "device", "price"}));

  // The full report: correlation and input_quality look at every column.
  absl::StatusOr<JourneySpec> store = ParseJourneySpec(BuiltinJourneyJson("store"));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_FALSE(PropertiesRead(*store).has_value());
}

TEST(PropertiesReadTest, FunnelOnlyCsvGivesTheSameBytesOnEveryThreadCount) {
  const std::string csv = DemoCsv(600);
  const std::string journey = FunnelOnlyJourney(R"("breakdown": {"property": "browser"},)");
  const RunResult all = Analyze(journey, "store.csv", csv, /*project=*/false, 1);
  ASSERT_TRUE(all.status.ok()) << all.status;
  for (int threads : {1, 2, 3}) {
    const RunResult projected = Analyze(journey, "store.csv", csv, /*project=*/true, threads);
    ASSERT_TRUE(projected.status.ok()) << projected.status;
    EXPECT_EQ(projected.report, all.report) << threads << " threads";
    EXPECT_EQ(projected.properties, (std::vector<std::string>{"device", "country", "browser"}));
    // Every other column of the file, sorted.
    EXPECT_EQ(projected.unread, (std::vector<std::string>{"error", "item_id", "order_id", "page", "price",
                                                          "promised_at", "score", "target", "x", "y"}));
  }
}

TEST(PropertiesReadTest, ValueIsReadEvenWithFrictionOff) {
  // Every report checks `value` names a column (a warning when it does not): with
  // friction off the column is still read, so the warning cannot appear by projection.
  const std::string csv = DemoCsv(100);
  for (const char* value : {R"("value": {"property": "price"},)", R"("value": {"property": "prices"},)"}) {
    const std::string journey = FunnelOnlyJourney(value);
    const RunResult all = Analyze(journey, "store.csv", csv, false, 1);
    const RunResult projected = Analyze(journey, "store.csv", csv, true, 1);
    ASSERT_TRUE(all.status.ok()) << all.status;
    EXPECT_EQ(projected.report, all.report) << value;
  }
}

TEST(PropertiesReadTest, FullReportReadsEveryColumn) {
  const std::string csv = DemoCsv(200);
  const RunResult projected = Analyze(BuiltinJourneyJson("store"), "store.csv", csv, /*project=*/true, 2);
  const RunResult all = Analyze(BuiltinJourneyJson("store"), "store.csv", csv, /*project=*/false, 2);
  ASSERT_TRUE(projected.status.ok()) << projected.status;
  EXPECT_EQ(projected.report, all.report);
  EXPECT_EQ(projected.properties, all.properties);
  EXPECT_TRUE(projected.unread.empty());
}

TEST(PropertiesReadTest, BadUtf8InAnUnreadColumnIsStillCounted) {
  std::string csv = "user_id,timestamp,event,device,country,page\n";
  csv += "u1,2024-01-01T10:00:00Z,product_view,desktop,DE,/p/\xff\xfe\n";
  csv += "u1,2024-01-01T10:01:00Z,add_to_cart,desktop,DE,/cart\xc3\n";
  csv += "u2,2024-01-01T10:00:00Z,product_view,mobile,FR,\"/p/\xff\"\n";
  const std::string journey = FunnelOnlyJourney("");
  const RunResult all = Analyze(journey, "bad.csv", csv, false, 1);
  const RunResult projected = Analyze(journey, "bad.csv", csv, true, 1);
  ASSERT_TRUE(all.status.ok()) << all.status;
  ASSERT_TRUE(projected.status.ok()) << projected.status;
  EXPECT_NE(all.report.find("invalid UTF-8 replaced by U+FFFD in 3 values"), std::string::npos) << all.report;
  EXPECT_EQ(projected.report, all.report);
  EXPECT_EQ(projected.unread, std::vector<std::string>{"page"});
}

TEST(PropertiesReadTest, MisspeltPropertyIsToldItsNearestNamesAmongUnreadColumns) {
  const std::string csv = DemoCsv(50);
  // "pages" is no column; its nearest, "page", is one the projection does not read.
  const std::string journey = FunnelOnlyJourney(R"("breakdown": {"property": "pages"},)");
  const RunResult all = Analyze(journey, "store.csv", csv, false, 1);
  const RunResult projected = Analyze(journey, "store.csv", csv, true, 1);
  ASSERT_FALSE(all.status.ok());
  EXPECT_EQ(projected.status, all.status);
  EXPECT_NE(std::string(all.status.message()).find("nearest: page"), std::string::npos) << all.status;
}

TEST(PropertiesReadTest, JsonLinesNestedKeysAreFoundByTheirLastPart) {
  // Keys first seen after the sniffed prefix, in a later part: projection applies there too.
  std::string lines = DemoJsonLines(300);
  lines += R"({"user_id": "late", "timestamp": "2024-01-01T10:00:00Z", "event": "product_view", "device": "desktop", )"
           R"("properties": {"$pathname": "/p/1", "plan": "pro"}})"
           "\n";
  const std::string journey = FunnelOnlyJourney(R"("breakdown": {"property": "$pathname"},)");
  const RunResult all = Analyze(journey, "store.jsonl", lines, false, 1);
  ASSERT_TRUE(all.status.ok()) << all.status;
  for (int threads : {1, 3}) {
    const RunResult projected = Analyze(journey, "store.jsonl", lines, true, threads);
    ASSERT_TRUE(projected.status.ok()) << projected.status;
    EXPECT_EQ(projected.report, all.report) << threads << " threads";
    EXPECT_NE(std::find(projected.properties.begin(), projected.properties.end(), "properties.$pathname"),
              projected.properties.end());
    EXPECT_NE(std::find(projected.unread.begin(), projected.unread.end(), "properties.plan"), projected.unread.end());
  }
}

TEST(PropertiesReadTest, VendorInsertIdIsReadForItsDuplicates) {
  // A PostHog export: `uuid` is the insert id, so a repeated uuid is a duplicate, dropped
  // whether or not any section reads the column.
  std::string csv = "uuid,event,distinct_id,timestamp,properties\n";
  csv += "e-1,$pageview,d1,2024-01-01T10:00:00Z,\"{\"\"$pathname\"\": \"\"/p/1\"\", \"\"plan\"\": \"\"pro\"\"}\"\n";
  csv += "e-1,$pageview,d1,2024-01-01T10:00:00Z,\"{\"\"$pathname\"\": \"\"/p/1\"\", \"\"plan\"\": \"\"pro\"\"}\"\n";
  csv += "e-2,add_to_cart,d1,2024-01-01T10:01:00Z,\"{\"\"$pathname\"\": \"\"/cart\"\"}\"\n";
  csv += "e-3,$pageview,d2,2024-01-01T11:00:00Z,\"{\"\"$pathname\"\": \"\"/p/2\"\"}\"\n";
  const std::string journey = std::string(R"({"window": "1h", "steps": [{"name": "View", "event": "$pageview"},
      {"name": "Cart", "event": "add_to_cart"}],)") + kFunnelOnly + "}";
  const RunResult all = Analyze(journey, "posthog.csv", csv, false, 1);
  const RunResult projected = Analyze(journey, "posthog.csv", csv, true, 1);
  ASSERT_TRUE(all.status.ok()) << all.status;
  ASSERT_TRUE(projected.status.ok()) << projected.status;
  EXPECT_NE(all.report.find("\"duplicates\": 1"), std::string::npos) << all.report;
  EXPECT_EQ(projected.report, all.report);
  // (The insert id column itself is dropped once duplicates are found, in both runs.)
  EXPECT_LT(projected.properties.size(), all.properties.size());
  EXPECT_NE(std::find(projected.unread.begin(), projected.unread.end(), "properties.plan"), projected.unread.end());
}

}  // namespace
}  // namespace fl
