// Edge-shaped input through fl::Analyzer (issue 2, item 7): empty and header-only
// files, many files at once, the same user spread over files, and the edges of time
// (every event at one instant, epoch 0, year 9999, negative epochs, numbers beyond
// int64). Every run must give a report that keeps every row (rows == events +
// rejected) or a clear Status, and the counts pinned below were worked out by hand.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/dictionary.h"
#include "gtest/gtest.h"
#include "unit/robustness_support.h"

namespace fl {
namespace {

using json = nlohmann::ordered_json;
using ::fl::testing::Files;
using ::fl::testing::RunAnalyzer;
using ::fl::testing::RunResult;

RunResult Analyze(const AnalyzerOptions& options, const Files& files, uint64_t chunk_seed = 0) {
  RunResult run = RunAnalyzer(options, files, chunk_seed);
  testing::ExpectSane(run, files, "run");
  return run;
}

std::vector<int64_t> StepCounts(const json& report) {
  std::vector<int64_t> counts;
  for (const auto& step : report["funnel"]["steps"]) counts.push_back(step["count"].get<int64_t>());
  return counts;
}

bool HasWarning(const json& report, const std::string& text) {
  for (const auto& w : report["input"]["warnings"]) {
    if (w == text) return true;
  }
  return false;
}

// The report without what legitimately depends on how the input was split into files.
json WithoutFileNames(json report) {
  report["input"].erase("files");
  report["input"].erase("warnings");
  report["input_quality"].erase("files");  // per file, by construction different
  return report;
}

// ---- files ----

TEST(RobustnessAnalyzerTest, EmptyFileAloneGivesAnEmptyReportWithAWarning) {
  for (const char* bytes : {"", "\xEF\xBB\xBF", "\n\n\r\n"}) {
    RunResult run = Analyze(testing::StoreOptions(), {{"empty.csv", bytes}});
    ASSERT_TRUE(run.status.ok()) << run.status;
    EXPECT_EQ(run.report["input"]["rows"], 0);
    EXPECT_EQ(run.report["input"]["events"], 0);
    EXPECT_EQ(run.report["input"]["users"], 0);
    EXPECT_TRUE(run.report["input"]["first_time"].is_null());
    EXPECT_TRUE(HasWarning(run.report, "empty.csv: empty file")) << run.report["input"].dump();
    EXPECT_EQ(StepCounts(run.report), std::vector<int64_t>(7, 0));
  }
}

TEST(RobustnessAnalyzerTest, HeaderOnlyFileGivesAnEmptyReportWithAWarning) {
  RunResult run = Analyze(testing::StoreOptions(), {{"header.csv", testing::DemoCsv(1, 1).substr(0, DemoCsvHeader().size())}});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["rows"], 0);
  EXPECT_EQ(run.report["input"]["events"], 0);
  EXPECT_TRUE(HasWarning(run.report, "header.csv: no data rows")) << run.report["input"].dump();
}

TEST(RobustnessAnalyzerTest, EmptyAndHeaderOnlyFilesBesideDataChangeNothingButWarnings) {
  const std::string demo = testing::DemoCsv(40, 5);
  RunResult alone = Analyze(testing::StoreOptions(), {{"data.csv", demo}});
  RunResult mixed = Analyze(testing::StoreOptions(), {{"a-empty.csv", ""},
                                                  {"data.csv", demo},
                                                  {"b-header.csv", DemoCsvHeader()},
                                                  {"c-empty.jsonl", ""}});
  ASSERT_TRUE(alone.status.ok()) << alone.status;
  ASSERT_TRUE(mixed.status.ok()) << mixed.status;
  EXPECT_EQ(WithoutFileNames(alone.report), WithoutFileNames(mixed.report));
  EXPECT_TRUE(HasWarning(mixed.report, "a-empty.csv: empty file"));
  EXPECT_TRUE(HasWarning(mixed.report, "b-header.csv: no data rows"));
  EXPECT_TRUE(HasWarning(mixed.report, "c-empty.jsonl: empty file"));
}

// The demo store cut into many files by line (so most users span several files),
// each with its header: the same users, sessions, funnel and friction as one file,
// in any file order, and half of the parts as JSON Lines.
TEST(RobustnessAnalyzerTest, ManyFilesWithTheSameUsersAcrossThem) {
  const std::string header = DemoCsvHeader();
  const std::string demo = testing::DemoCsv(80, 11);
  std::string jsonl_all;
  {
    DemoStoreOptions options;
    options.users = 80;
    options.seed = 11;
    GenerateDemoStore(options, [&](const DemoEvent& e) { fl::AppendDemoJsonLine(e, &jsonl_all); });
  }
  std::vector<std::string> csv_lines, json_lines;
  for (size_t at = header.size(); at < demo.size();) {
    const size_t nl = demo.find('\n', at);
    csv_lines.push_back(demo.substr(at, nl + 1 - at));
    at = nl + 1;
  }
  for (size_t at = 0; at < jsonl_all.size();) {
    const size_t nl = jsonl_all.find('\n', at);
    json_lines.push_back(jsonl_all.substr(at, nl + 1 - at));
    at = nl + 1;
  }
  ASSERT_EQ(csv_lines.size(), json_lines.size());
  // Part boundaries never separate two events of one user at the same millisecond:
  // such ties keep their input order (event_table.h), which the friction detectors
  // see (a click and a payment in the same millisecond, the click first or not), so
  // reversing the files may legitimately change them.
  const size_t kParts = 60;
  auto user_and_time = [&](size_t i) { return csv_lines[i].substr(0, csv_lines[i].find(',', csv_lines[i].find(',') + 1)); };
  std::vector<size_t> bounds = {0};
  for (size_t p = 1; p < kParts; ++p) {
    size_t b = std::max(bounds.back(), p * csv_lines.size() / kParts);
    while (b > 0 && b < csv_lines.size() && user_and_time(b) == user_and_time(b - 1)) ++b;
    bounds.push_back(b);
  }
  bounds.push_back(csv_lines.size());
  Files csv_parts, mixed_parts;
  for (size_t p = 0; p < kParts; ++p) {
    std::string csv = header, jsonl;
    for (size_t i = bounds[p]; i < bounds[p + 1]; ++i) {
      csv += csv_lines[i];
      jsonl += json_lines[i];
    }
    csv_parts.emplace_back(absl::StrCat("part", p, ".csv"), csv);
    if (p % 2 == 1) {
      mixed_parts.emplace_back(absl::StrCat("part", p, ".jsonl"), jsonl);
    } else {
      mixed_parts.emplace_back(absl::StrCat("part", p, ".csv"), csv);
    }
  }
  RunResult one = Analyze(testing::StoreOptions(), {{"demo.csv", demo}});
  ASSERT_TRUE(one.status.ok()) << one.status;
  ASSERT_GT(one.report["input"]["events"].get<int64_t>(), 500);

  RunResult many = Analyze(testing::StoreOptions(), csv_parts, 5);
  ASSERT_TRUE(many.status.ok()) << many.status;
  EXPECT_EQ(many.report["input"]["files"].size(), kParts);
  EXPECT_EQ(WithoutFileNames(one.report), WithoutFileNames(many.report));

  Files reversed(csv_parts.rbegin(), csv_parts.rend());
  RunResult backwards = Analyze(testing::StoreOptions(), reversed);
  ASSERT_TRUE(backwards.status.ok()) << backwards.status;
  EXPECT_EQ(one.report["funnel"], backwards.report["funnel"]);
  EXPECT_EQ(one.report["friction"], backwards.report["friction"]);
  EXPECT_EQ(one.report["input"]["users"], backwards.report["input"]["users"]);
  EXPECT_EQ(one.report["input"]["sessions"], backwards.report["input"]["sessions"]);

  RunResult mixed = Analyze(testing::StoreOptions(), mixed_parts);
  ASSERT_TRUE(mixed.status.ok()) << mixed.status;
  EXPECT_EQ(one.report["funnel"], mixed.report["funnel"]);
  EXPECT_EQ(one.report["input"]["events"], mixed.report["input"]["events"]);
  EXPECT_EQ(one.report["input"]["users"], mixed.report["input"]["users"]);
}

TEST(RobustnessAnalyzerTest, OneJourneySpreadOverThreeFiles) {
  const std::string header = "user_id,timestamp,event\n";
  Files files = {{"views.csv", header + "u1,1700000000,pv\nu2,1700000000,pv\n"},
                 {"carts.csv", header + "u1,1700000060,cart\nu2,1700000060,cart\n"},
                 {"buys.csv", header + "u1,1700000120,buy\nu2,1700009999,buy\n"}};
  RunResult run = Analyze(testing::PvCartBuyOptions(), files);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["users"], 2);
  // u2 buys 2 h 46 min after the view: outside the 1 h window.
  EXPECT_EQ(StepCounts(run.report), (std::vector<int64_t>{2, 2, 1}));
  Files reversed(files.rbegin(), files.rend());
  RunResult backwards = Analyze(testing::PvCartBuyOptions(), reversed);
  EXPECT_EQ(run.report["funnel"], backwards.report["funnel"]);
}

TEST(RobustnessAnalyzerTest, FiveHundredOneRowFiles) {
  Files files;
  for (int i = 0; i < 500; ++i) {
    static const char* const kEvents[] = {"pv", "cart", "buy"};
    files.emplace_back(absl::StrCat("f", i, ".csv"),
                       absl::StrCat("user_id,timestamp,event\nu", i / 3, ",", 1700000000 + i, ",", kEvents[i % 3], "\n"));
  }
  RunResult run = Analyze(testing::PvCartBuyOptions(), files, 3);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["rows"], 500);
  EXPECT_EQ(run.report["input"]["events"], 500);
  EXPECT_EQ(run.report["input"]["users"], 167);  // u0..u166
  // u0..u165 have pv, cart, buy one second apart; u166 has only pv and cart (rows 498, 499).
  EXPECT_EQ(StepCounts(run.report), (std::vector<int64_t>{167, 167, 166}));
}

// A dictionary copied while its source goes away must still find its values (a
// member-wise copy once kept keys that viewed the source's strings).
TEST(RobustnessAnalyzerTest, DictionaryCopiesOwnTheirKeys) {
  std::vector<Dictionary> dictionaries(1);
  for (int i = 0; i < 100; ++i) dictionaries[0].Intern(absl::StrCat("a longer value that is not inline ", i));
  Dictionary copy = dictionaries[0];
  for (int i = 0; i < 20; ++i) dictionaries.emplace_back();  // grows, moving or copying [0]
  dictionaries.clear();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(copy.Find(absl::StrCat("a longer value that is not inline ", i)), i);
  Dictionary assigned;
  assigned = copy;
  copy = Dictionary();
  EXPECT_EQ(assigned.Intern("a longer value that is not inline 7"), 7u);
  EXPECT_EQ(assigned.Intern("new"), 100u);
}

// ---- time edges ----

std::string PvCartBuyCsv(const std::vector<std::string>& times) {
  std::string csv = "user_id,timestamp,event\n";
  static const char* const kEvents[] = {"pv", "cart", "buy"};
  for (size_t i = 0; i < times.size(); ++i) csv += absl::StrCat("u", i / 3, ",", times[i], ",", kEvents[i % 3], "\n");
  return csv;
}

TEST(RobustnessAnalyzerTest, EveryEventAtTheSameInstant) {
  // Written buy, cart, pv: ties are taken in step order whatever the file order.
  std::string csv = "user_id,timestamp,event\n";
  for (int u = 0; u < 30; ++u) {
    for (const char* e : {"buy", "cart", "pv"}) csv += absl::StrCat("u", u, ",2024-03-01T12:00:00Z,", e, "\n");
  }
  RunResult run = Analyze(testing::PvCartBuyOptions(), {{"same.csv", csv}}, 1);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["rejected"], 0);
  EXPECT_EQ(run.report["input"]["first_time"], "2024-03-01T12:00:00Z");
  EXPECT_EQ(run.report["input"]["last_time"], "2024-03-01T12:00:00Z");
  EXPECT_EQ(StepCounts(run.report), (std::vector<int64_t>{30, 30, 30}));
  EXPECT_EQ(run.report["funnel"]["steps"][2]["median_seconds_from_previous"], 0);
}

TEST(RobustnessAnalyzerTest, EpochZero) {
  RunResult run = Analyze(testing::PvCartBuyOptions(), {{"zero.csv", PvCartBuyCsv({"0", "1", "2", "0", "0", "7200"})}});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["rejected"], 0);
  EXPECT_EQ(run.report["input"]["first_time"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(run.report["input"]["last_time"], "1970-01-01T02:00:00Z");
  EXPECT_EQ(StepCounts(run.report), (std::vector<int64_t>{2, 2, 1}));  // u1's buy is 2 h late
  EXPECT_EQ(run.report["funnel"]["trend"]["rows"][0]["start"], "1970-01-01T00:00:00Z");
}

TEST(RobustnessAnalyzerTest, YearNineThousandNineHundredNinetyNine) {
  // The 1 h window of u0 would end in year 10000.
  RunResult run = Analyze(testing::PvCartBuyOptions(),
                      {{"far.csv", PvCartBuyCsv({"9999-12-31T23:00:00Z", "9999-12-31T23:30:00Z",
                                                 "9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59Z",
                                                 "9999-12-31T23:59:59.5Z", "9999-12-31T23:59:59.999Z"})}});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["rejected"], 0);
  EXPECT_EQ(run.report["input"]["first_time"], "9999-12-31T23:00:00Z");
  EXPECT_EQ(run.report["input"]["last_time"], "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(StepCounts(run.report), (std::vector<int64_t>{2, 2, 2}));
}

TEST(RobustnessAnalyzerTest, NegativeEpochs) {
  RunResult run = Analyze(testing::PvCartBuyOptions(),
                      {{"neg.csv", PvCartBuyCsv({"-86400", "-86399.5", "-86399", "-1", "-0.001", "0"})}});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["rejected"], 0);
  EXPECT_EQ(run.report["input"]["first_time"], "1969-12-31T00:00:00Z");
  EXPECT_EQ(run.report["input"]["last_time"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(StepCounts(run.report), (std::vector<int64_t>{2, 2, 2}));
  // Day buckets floor towards the past: u0 (1969-12-31T00:00) and u1 (23:59:59) share one.
  const auto& trend = run.report["funnel"]["trend"]["rows"];
  ASSERT_EQ(trend.size(), 1u) << trend.dump();
  EXPECT_EQ(trend[0]["start"], "1969-12-31T00:00:00Z");
  EXPECT_EQ(trend[0]["entered"], 2);
}

// 1970, 2017 and 9999 kept together: windows, durations and trend buckets over
// eight thousand years stay finite and the report stays small.
TEST(RobustnessAnalyzerTest, EightThousandYearsKeptTogether) {
  AnalyzerOptions options = testing::PvCartBuyOptions();
  options.ingest.keep_time_outliers = true;
  options.journey = R"({"window": "100000d", "trend": "hour", "steps": [
      {"name": "V", "event": "pv"}, {"name": "C", "event": "cart"}, {"name": "B", "event": "buy"}]})";
  RunResult run = Analyze(options, {{"span.csv", PvCartBuyCsv({"-62135596800", "1511658000", "9999-12-31T23:59:59Z",
                                                            "0", "0", "0"})}});
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.report["input"]["first_time"], "0001-01-01T00:00:00Z");
  EXPECT_EQ(run.report["input"]["last_time"], "9999-12-31T23:59:59Z");
  EXPECT_LT(run.json.size(), 200000u);
  // u0 steps 2017 -> 9999 are far outside the 100000-day window; u1 converts at once.
  EXPECT_EQ(StepCounts(run.report), (std::vector<int64_t>{2, 1, 1}));
}

// Numbers at and beyond the ends of int64 in every time format: rejected or read,
// never undefined behaviour (UBSan runs this test).
TEST(RobustnessAnalyzerTest, TimesBeyondInt64) {
  const std::vector<std::string> extremes = {
      "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
      "99999999999999999999999999", "-99999999999999999999999999", "9223372036854775.807",
      "92233720368547758.07", "1e18", "1E400", "-0", "+0", "0.0000000000000000000001", "9999999999-01-01",
      "0000-01-01T00:00:00Z", "-0001-01-01", "2024-13-01", "2024-02-30", "2024-01-01T24:00:00Z",
      "2024-01-01T00:00:00+99:99", "2024-01-01T00:00:00.99999999999999999999999Z"};
  for (const char* format : {"auto", "epoch_s", "epoch_ms", "iso"}) {
    AnalyzerOptions options = testing::PvCartBuyOptions();
    options.ingest.time_format = format;
    options.ingest.keep_time_outliers = true;
    std::string csv = "user_id,timestamp,event\n";
    for (const std::string& t : extremes) csv += absl::StrCat("u,", t, ",pv\n");
    RunResult run = Analyze(options, {{"extreme.csv", csv}});
    ASSERT_TRUE(run.status.ok()) << format << ": " << run.status;
    EXPECT_EQ(run.report["input"]["rows"], static_cast<int64_t>(extremes.size())) << format;
  }
}

}  // namespace
}  // namespace fl
