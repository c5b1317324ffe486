// FunnelState: merge of partial states equals one state (byte-equal canonical JSON),
// commutative and associative; refusal of another journey; JSON round trip; summaries;
// the report's `funnel` section names.

#include <limits>
#include <string>
#include <vector>

#include "core/funnel/duration_summary.h"
#include "core/funnel/funnel_analysis.h"
#include "core/funnel/funnel_json.h"
#include "core/funnel/trend_bucket.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/funnel/funnel_test_table.h"

namespace fl {
namespace {

using ::fl::testing::MakeTable;
using ::fl::testing::SpecOrDie;
using ::fl::testing::TestEvent;

const char kSpec[] = R"({"window": "1h", "breakdown": "device", "trend": "hour", "steps": [
  {"name":"View","event":"view"},{"name":"Cart","event":"cart"},{"name":"Buy","event":"buy"}]})";

// A deterministic pseudo-random event log of `users` users.
std::vector<TestEvent> Log(int users, int first_user) {
  std::vector<TestEvent> out;
  uint32_t x = 12345u + first_user;
  const char* names[] = {"view", "cart", "buy", "other"};
  const char* devices[] = {"ios", "android", "web"};
  for (int u = first_user; u < first_user + users; ++u) {
    const int n = 1 + u % 7;
    for (int i = 0; i < n; ++i) {
      x = x * 1103515245u + 12345u;
      out.push_back({"user" + std::to_string(u), int64_t{(x >> 8) % 20000} * 1000, names[(x >> 4) % 4],
                     {{"device", devices[(x >> 12) % 3]}}});
    }
  }
  return out;
}

FunnelState StateOf(const std::vector<TestEvent>& events, int64_t data_end_ms) {
  absl::StatusOr<FunnelState> state = BuildFunnelState(SpecOrDie(kSpec), MakeTable(events), data_end_ms);
  EXPECT_TRUE(state.ok()) << state.status();
  return *state;
}

TEST(FunnelState, MergedPartsEqualOneStateByteForByte) {
  const std::vector<TestEvent> a = Log(40, 0), b = Log(35, 40), c = Log(25, 75);
  std::vector<TestEvent> all = a;
  all.insert(all.end(), b.begin(), b.end());
  all.insert(all.end(), c.begin(), c.end());
  const int64_t end = MakeTable(all).last_time_ms;
  const std::string whole = StateOf(all, end).ToJson().dump();
  FunnelState ab = StateOf(a, end);
  ASSERT_TRUE(ab.Merge(StateOf(b, end)).ok());
  ASSERT_TRUE(ab.Merge(StateOf(c, end)).ok());
  EXPECT_EQ(ab.ToJson().dump(), whole);
  // Other grouping and order.
  FunnelState cb = StateOf(c, end);
  ASSERT_TRUE(cb.Merge(StateOf(b, end)).ok());
  FunnelState a_cb = StateOf(a, end);
  ASSERT_TRUE(a_cb.Merge(cb).ok());
  EXPECT_EQ(a_cb.ToJson().dump(), whole);
  EXPECT_EQ(FunnelResultToJson(a_cb.Finalize()).dump(), FunnelResultToJson(StateOf(all, end).Finalize()).dump());
}

TEST(FunnelState, JsonRoundTripIsExact) {
  const FunnelState state = StateOf(Log(50, 0), 20000 * 1000);
  absl::StatusOr<FunnelState> back = FunnelState::FromJson(nlohmann::json::parse(state.ToJson().dump()));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->ToJson().dump(), state.ToJson().dump());
  nlohmann::json broken = nlohmann::json::parse(state.ToJson().dump());
  broken["reached"][1] = -3;
  absl::StatusOr<FunnelState> bad = FunnelState::FromJson(broken);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "funnel state: reached[1]: expected a count >= 0");
  broken = nlohmann::json::parse(state.ToJson().dump());
  broken["spec"]["steps"][0]["evnt"] = "x";
  EXPECT_FALSE(FunnelState::FromJson(broken).ok());
}

TEST(FunnelState, RefusesToMergeAnotherJourney) {
  FunnelState one(SpecOrDie(kSpec));
  const FunnelState other(SpecOrDie(R"({"window": "2h", "breakdown": "device", "trend": "hour", "steps": [
      {"name":"View","event":"view"},{"name":"Cart","event":"cart"},{"name":"Buy","event":"buy"}]})"));
  absl::Status status = one.Merge(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(std::string(status.message()).find("different journeys"), std::string::npos);
}

TEST(DurationCounts, SortsFoldsAndMergesExactly) {
  DurationCounts a;
  EXPECT_TRUE(a.empty());
  a.Add(30);
  a.Add(10);
  a.Add(30, 2);
  a.Add(20, 0);  // no units: nothing
  EXPECT_EQ(a.Sorted(), (std::vector<DurationCounts::Pair>{{10, 1}, {30, 3}}));
  a.Add(10);  // after a read, new adds still land
  DurationCounts b;
  // More adds than the fold threshold (32,768 at first), so folding happens mid-stream too.
  for (int i = 0; i < 200000; ++i) b.Add(i % 3 == 0 ? 30 : 5);
  a.Merge(b);
  const std::vector<DurationCounts::Pair> expected = {{5, 133333}, {10, 2}, {30, 3 + 66667}};
  EXPECT_EQ(a.Sorted(), expected);
  b.Merge(DurationCounts());
  EXPECT_EQ(b.Sorted(), (std::vector<DurationCounts::Pair>{{5, 133333}, {30, 66667}}));
}

TEST(DurationCounts, PacksAnyRangeExactlyAndSmall) {
  const int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  // Units as large as a self-merge can double without overflowing int64.
  const int64_t many = hi / 2;
  DurationCounts a;
  a.Add(hi, many);
  a.Add(lo);
  a.Add(0, 3);
  a.Add(-1);
  a.Add(lo, 2);
  const std::vector<DurationCounts::Pair> expected = {{lo, 3}, {-1, 1}, {0, 3}, {hi, many}};
  EXPECT_EQ(a.Sorted(), expected);  // from the buffers
  DurationCounts b;
  b.Merge(a);  // from the packed form
  EXPECT_EQ(b.Sorted(), expected);
  b.Merge(b);
  EXPECT_EQ(b.Sorted(), (std::vector<DurationCounts::Pair>{{lo, 6}, {-1, 2}, {0, 6}, {hi, 2 * many}}));

  // A million millisecond durations under 17 minutes: the packed values and the
  // buffer take a few bytes per distinct value, not the 16 of a pair.
  DurationCounts dense;
  uint64_t x = 1;
  for (int i = 0; i < 1000000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    dense.Add(static_cast<int64_t>((x >> 33) % 1000000));
  }
  dense.Merge(DurationCounts());  // folds the buffer
  const std::vector<DurationCounts::Pair> sorted = dense.Sorted();
  EXPECT_GT(sorted.size(), 500000u);
  EXPECT_LT(dense.bytes(), 6 * sorted.size());
  int64_t units = 0;
  for (const auto& pair : sorted) units += pair.second;
  EXPECT_EQ(units, 1000000);
}

TEST(DurationSummary, MedianP90MeanHistogram) {
  DurationSummary s = SummarizeDurations({{1000, 1}, {2000, 1}, {3000, 1}, {10000, 1}});
  EXPECT_DOUBLE_EQ(s.median_seconds, 2.5);
  EXPECT_DOUBLE_EQ(s.p90_seconds, 10.0);
  EXPECT_DOUBLE_EQ(s.mean_seconds, 4.0);
  DurationCounts ten;
  for (int i = 10; i >= 1; --i) ten.Add(i * 1000);
  EXPECT_DOUBLE_EQ(SummarizeDurations(ten.Sorted()).p90_seconds, 9.0);
  EXPECT_DOUBLE_EQ(SummarizeDurations(ten.Sorted()).median_seconds, 5.5);
  DurationCounts eight;
  for (int i = 0; i < 8; ++i) eight.Add(i * 1000);
  s = SummarizeDurations(eight.Sorted());
  EXPECT_EQ(s.histogram_edges_seconds, (std::vector<double>{0, 3.5, 7}));
  EXPECT_EQ(s.histogram_counts, (std::vector<int64_t>{4, 4}));
  EXPECT_EQ(HistogramBins(1), 1);
  EXPECT_EQ(HistogramBins(27), 3);
  EXPECT_EQ(HistogramBins(28), 4);
  EXPECT_EQ(HistogramBins(1000000), 60);
  s = SummarizeDurations({{5000, 3}});
  EXPECT_EQ(s.histogram_counts, (std::vector<int64_t>{3}));
}

TEST(TrendBucket, UtcHourDayMondayWeek) {
  const int64_t wed = 1704295200000;  // 2024-01-03T15:20:00Z, a Wednesday
  EXPECT_EQ(TrendBucketStart(wed, "hour"), 1704294000000);
  EXPECT_EQ(TrendBucketStart(wed, "day"), 1704240000000);
  EXPECT_EQ(TrendBucketStart(wed, "week"), 1704067200000);  // Monday 2024-01-01
}

TEST(FunnelJson, SectionNamesAndRounding) {
  const std::vector<TestEvent> events = {{"u1", 0, "view", {{"device", "ios"}}}, {"u1", 1000, "cart", {}},
                                         {"u2", 0, "view", {}},                  {"u3", 500, "view", {}}};
  absl::StatusOr<FunnelResult> r = AnalyzeFunnel(SpecOrDie(kSpec), MakeTable(events));
  ASSERT_TRUE(r.ok());
  const nlohmann::ordered_json j = FunnelResultToJson(*r);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"unit", "window_seconds", "order", "steps", "breakdown", "trend"}));
  keys.clear();
  for (auto it = j["steps"][1].begin(); it != j["steps"][1].end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "name", "count", "conversion", "conversion_ci95", "step_conversion", "step_conversion_ci95",
                      "dropped", "in_progress", "median_seconds_from_previous", "p90_seconds_from_previous",
                      "mean_seconds_from_previous", "median_seconds_from_start", "p90_seconds_from_start",
                      "time_histogram"}));
  EXPECT_EQ(j["window_seconds"], 3600);
  EXPECT_EQ(j["steps"][1]["count"], 1);
  EXPECT_EQ(j["steps"][1]["conversion"], 0.333333);  // 1/3 rounded to 6 places
  EXPECT_EQ(j["steps"][1]["median_seconds_from_previous"], 1.0);
  EXPECT_TRUE(j["steps"][0]["median_seconds_from_previous"].is_null());
  EXPECT_EQ(j["breakdown"]["property"], "device");
  EXPECT_EQ(j["breakdown"]["segments"][0]["value"], "(none)");
  EXPECT_EQ(j["trend"]["bucket"], "hour");
  EXPECT_EQ(j["trend"]["rows"][0]["start"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(j["trend"]["rows"][0]["entered"], 3);
  EXPECT_EQ(RoundTo6(0.1234565), 0.123457);
  EXPECT_EQ(RoundTo6(-0.0000001), 0.0);
}

}  // namespace
}  // namespace fl
