// The report is a function of the events, not of how they arrive: the same bytes for
// any thread count and any order of the input's rows (grouped by user as the generator
// writes them, in time order as analytics exports write them, users in reverse
// order, users interleaved at random). Issue 24: real exports are time-ordered, and the speed work
// must not change a byte.
//
// One order is information and stays so: the order of one user's events at the same
// millisecond (a click and the payment it submits, written in that order). Tied rows
// keep their relative order (EventTable: sorted by user, time, input order), so a
// shuffle that swaps them may change what happened first; every order tested here
// keeps it.

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "core/analyzer.h"
#include "core/demo/demo_store.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

// The demo store with its A/B test and checkout form, so that every section runs.
std::vector<std::string> DemoRows(std::string* header) {
  DemoStoreOptions options;
  options.users = 400;
  options.seed = 23;
  options.days = 14;
  options.experiment = true;
  options.experiment_cart_lift = 0.05;
  options.checkout_form = true;
  std::string csv = DemoCsvHeader(true, true);
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  std::vector<std::string> rows = absl::StrSplit(csv, '\n', absl::SkipEmpty());
  *header = rows.front();
  rows.erase(rows.begin());
  return rows;
}

std::string Report(const std::string& header, const std::vector<std::string>& rows, int threads) {
  AnalyzerOptions options;
  options.threads = threads;
  options.journey = BuiltinJourneyJson("store");
  options.journey.insert(
      1, R"("experiment": {"variant_property": "variant", "exposure_event": "experiment_exposure", "control": "A"}, )");
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  std::string csv = header + "\n";
  for (const std::string& row : rows) csv += row + "\n";
  EXPECT_TRUE((*analyzer)->BeginFile("store.csv").ok());
  EXPECT_TRUE((*analyzer)->Feed(csv).ok());
  EXPECT_TRUE((*analyzer)->EndFile().ok());
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return analysis.ok() ? RenderReportJson(analysis->report) : "";
}

// The rows with users interleaved at random, each user's rows kept in their order.
std::vector<std::string> Interleaved(const std::vector<std::string>& rows, std::mt19937& random) {
  std::map<std::string, std::deque<std::string>> by_user;
  for (const std::string& row : rows) by_user[row.substr(0, row.find(','))].push_back(row);
  std::vector<std::deque<std::string>*> left;
  for (auto& [user, list] : by_user) left.push_back(&list);
  std::vector<std::string> out;
  while (!left.empty()) {
    const size_t pick = std::uniform_int_distribution<size_t>(0, left.size() - 1)(random);
    out.push_back(std::move(left[pick]->front()));
    left[pick]->pop_front();
    if (left[pick]->empty()) {
      left[pick] = left.back();
      left.pop_back();
    }
  }
  return out;
}

// The second field of a row: its ISO timestamp, which sorts as text.
std::string TimeOf(const std::string& row) {
  std::vector<std::string> fields = absl::StrSplit(row, absl::MaxSplits(',', 2));
  return fields.size() > 1 ? fields[1] : "";
}

TEST(ReportInvariance, SameBytesForAnyThreadCountAndRowOrder) {
  std::string header;
  std::vector<std::string> rows = DemoRows(&header);
  ASSERT_EQ(header.rfind("user_id,timestamp,", 0), 0u) << header;
  const std::string grouped = Report(header, rows, 1);
  ASSERT_FALSE(grouped.empty());
  for (int threads : {2, 3, 8}) EXPECT_TRUE(Report(header, rows, threads) == grouped) << threads << " threads";

  std::vector<std::string> by_time = rows;
  std::stable_sort(by_time.begin(), by_time.end(),
                   [](const std::string& a, const std::string& b) { return TimeOf(a) < TimeOf(b); });
  ASSERT_NE(by_time, rows);
  EXPECT_TRUE(Report(header, by_time, 1) == grouped) << "time order";
  EXPECT_TRUE(Report(header, by_time, 4) == grouped) << "time order, 4 threads";

  // The users in reverse order (the last user's rows first), so that every dictionary
  // is numbered in another order.
  std::vector<std::string> users_reversed;
  for (size_t end = rows.size(); end > 0;) {
    size_t begin = end - 1;
    const std::string user = rows[begin].substr(0, rows[begin].find(','));
    while (begin > 0 && rows[begin - 1].substr(0, rows[begin - 1].find(',')) == user) --begin;
    users_reversed.insert(users_reversed.end(), rows.begin() + begin, rows.begin() + end);
    end = begin;
  }
  ASSERT_EQ(users_reversed.size(), rows.size());
  EXPECT_TRUE(Report(header, users_reversed, 2) == grouped) << "users reversed";

  // Users interleaved at random, each user's rows in their order: what a merge of
  // several exports or a parallel writer gives.
  std::mt19937 random(24);
  for (int trial = 0; trial < 2; ++trial) {
    EXPECT_TRUE(Report(header, Interleaved(rows, random), 1 + trial) == grouped) << "interleaving " << trial;
  }
}

}  // namespace
}  // namespace fl
