// Real data (../shared/data): the funnel through the real ingest (EventTableBuilder)
// against a brute-force funnel written here, which parses the files itself.
//   taobao flink subset and head_by_user: pv -> cart -> buy, window 1 h
//   otto train_head: clicks -> carts -> orders, window 1 d (several orders share a ts)
// Brute force (ordered, loose, ClickHouse ties): a unit reaches level k when some step-1
// time t1 is followed by step times t1 <= t2 <= ... <= tk <= t1 + window (same-time
// events count in step order); for each t1 the earliest next step is best, so try each t1.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "core/funnel/funnel_analysis.h"
#include "core/ingest/event_table_builder.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "unit/test_paths.h"

namespace fl {
namespace {

// Per unit, per step: sorted times.
using UnitTimes = std::map<std::string, std::vector<std::vector<int64_t>>>;

int BruteForceLevel(const std::vector<std::vector<int64_t>>& steps, int64_t window) {
  int best = 0;
  for (int64_t t1 : steps[0]) {
    int level = 1;
    int64_t t = t1;
    for (size_t k = 1; k < steps.size(); ++k) {
      auto it = std::lower_bound(steps[k].begin(), steps[k].end(), t);
      if (it == steps[k].end() || *it > t1 + window) break;
      t = *it;
      ++level;
    }
    best = std::max(best, level);
  }
  return best;
}

std::vector<int64_t> BruteForceCounts(const UnitTimes& units, int64_t window, size_t n) {
  std::vector<int64_t> counts(n, 0);
  for (const auto& [unit, steps] : units) {
    const int level = BruteForceLevel(steps, window);
    for (int k = 0; k < level; ++k) ++counts[k];
  }
  return counts;
}

const char kTaobaoJourney[] = R"({"name": "Taobao", "window": "1h", "steps": [
  {"name": "View", "event": "pv"}, {"name": "Cart", "event": "cart"}, {"name": "Buy", "event": "buy"}]})";

// Taobao rows: user,item,category,behavior,unix_seconds. An unterminated last line is cut
// off mid-row (the flink subset's is "...,pv,15") and is left out, as ingest rejects it.
UnitTimes TaobaoTimes(const std::string& csv) {
  UnitTimes units;
  std::vector<std::string> lines = absl::StrSplit(csv, '\n');
  if (!csv.empty() && csv.back() != '\n') lines.pop_back();
  const std::map<std::string, int> step = {{"pv", 0}, {"cart", 1}, {"buy", 2}};
  for (const std::string& line : lines) {
    std::vector<std::string> f = absl::StrSplit(line, ',');
    if (f.size() != 5) continue;
    auto& u = units[f[0]];
    u.resize(3);
    auto it = step.find(f[3]);
    if (it != step.end()) u[it->second].push_back(std::stoll(f[4]) * 1000);
  }
  for (auto& [name, steps] : units) {
    for (auto& times : steps) std::sort(times.begin(), times.end());
  }
  return units;
}

EventTable Ingest(IngestOptions options, const std::string& name, const std::string& bytes) {
  EventTableBuilder builder(std::move(options));
  EXPECT_TRUE(builder.BeginFile(name).ok());
  // Odd chunk sizes: the result must not depend on them.
  for (size_t pos = 0; pos < bytes.size(); pos += 65521) {
    EXPECT_TRUE(builder.Feed(std::string_view(bytes).substr(pos, 65521)).ok());
  }
  EXPECT_TRUE(builder.EndFile().ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : EventTable();
}

IngestOptions TaobaoOptions() {
  IngestOptions options;
  options.format = "csv";
  options.columns = {"user_id", "item_id", "category_id", "behavior", "unix_seconds"};
  options.map.user = "user_id";
  options.map.time = "unix_seconds";
  options.map.event = "behavior";
  options.time_format = "epoch_s";
  return options;
}

void ExpectFunnelMatchesBruteForce(const char* journey_json, const EventTable& table, const UnitTimes& units) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(journey_json);
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<FunnelResult> result = AnalyzeFunnel(*spec, table);
  ASSERT_TRUE(result.ok()) << result.status();
  const std::vector<int64_t> want = BruteForceCounts(units, spec->window_ms, spec->steps.size());
  ASSERT_GT(want[0], 0);
  for (size_t k = 0; k < want.size(); ++k) {
    EXPECT_EQ(result->steps[k].count, want[k]) << "step " << k;
    if (k > 0) {
      EXPECT_EQ(result->steps[k].dropped + result->steps[k].in_progress, want[k - 1] - want[k]) << "step " << k;
    }
  }
}

TEST(RealDataFunnel, TaobaoFlinkSubsetViewCartBuy) {
  FL_READ_SHARED_OR_SKIP(csv, "taobao/UserBehavior_flink_subset.csv");
  const EventTable table = Ingest(TaobaoOptions(), "UserBehavior_flink_subset.csv", csv);
  EXPECT_EQ(table.size(), 96168u);  // 96,169 rows, the cut-off last one rejected
  ExpectFunnelMatchesBruteForce(kTaobaoJourney, table, TaobaoTimes(csv));
  // A capture of about two hours with a one-hour window: some units are still open.
  absl::StatusOr<FunnelResult> result = AnalyzeFunnel(*ParseJourneySpec(kTaobaoJourney), table);
  ASSERT_TRUE(result.ok());
  EXPECT_GT(result->steps[1].in_progress, 0);
}

TEST(RealDataFunnel, TaobaoHeadByUserViewCartBuy) {
  FL_READ_SHARED_OR_SKIP(csv, "taobao/UserBehavior_head_by_user.csv");
  const EventTable table = Ingest(TaobaoOptions(), "UserBehavior_head_by_user.csv", csv);
  EXPECT_EQ(table.user_count(), 43u);
  ExpectFunnelMatchesBruteForce(kTaobaoJourney, table, TaobaoTimes(csv));
}

TEST(RealDataFunnel, OttoClicksCartsOrders) {
  FL_READ_SHARED_OR_SKIP(jsonl, "otto/train_head.jsonl");
  IngestOptions options;
  options.format = "otto";
  const EventTable table = Ingest(options, "train_head.jsonl", jsonl);
  UnitTimes units;
  const std::map<std::string, int> step = {{"clicks", 0}, {"carts", 1}, {"orders", 2}};
  std::map<int64_t, int> orders_per_ts;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(jsonl, '\n'))) {
    if (line.empty()) continue;
    const nlohmann::json session = nlohmann::json::parse(line);
    auto& u = units[std::to_string(session["session"].get<int64_t>())];
    u.resize(3);
    for (const auto& e : session["events"]) {
      u[step.at(e["type"].get<std::string>())].push_back(e["ts"].get<int64_t>());
      if (e["type"] == "orders") ++orders_per_ts[e["ts"].get<int64_t>()];
    }
  }
  for (auto& [name, steps] : units) {
    for (auto& times : steps) std::sort(times.begin(), times.end());
  }
  int shared = 0;
  for (const auto& [ts, n] : orders_per_ts) shared += n > 1;
  EXPECT_GT(shared, 0) << "the fixture should have orders sharing a timestamp";
  ExpectFunnelMatchesBruteForce(R"({"window": "1d", "steps": [{"name": "Click", "event": "clicks"},
      {"name": "Cart", "event": "carts"}, {"name": "Order", "event": "orders"}]})", table, units);
  ExpectFunnelMatchesBruteForce(R"({"window": "10m", "steps": [{"name": "Click", "event": "clicks"},
      {"name": "Cart", "event": "carts"}, {"name": "Order", "event": "orders"}]})", table, units);
}

}  // namespace
}  // namespace fl
