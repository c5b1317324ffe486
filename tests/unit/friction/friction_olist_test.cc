// Real data: the Olist marketplace orders, where deliveries later than the promised
// date are the friction. The test counts the late deliveries itself from the CSV
// text, and checks how their review scores compare with everyone else's.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/friction/friction_analysis.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/friction/friction_test_table.h"
#include "unit/csv_test_support.h"
#include "unit/test_paths.h"

namespace fl {
namespace {

using testing::MakeTable;
using testing::TestEvent;
using testing::ParseCsv;
using testing::Ms;

constexpr const char* kJourney = R"({"name": "Olist", "window": "1d",
  "steps": [{"name": "Order placed", "event": "order_placed"}],
  "friction": {"after_order": {"outcome": {"event": "review", "property": "score", "min": 4,
    "label": "rate it 4-5 stars", "noun": "good reviews"}}}})";

TEST(OlistFriction, LateDeliveriesAndTheirReviews) {
  FL_READ_SHARED_OR_SKIP(orders_csv, "olist/olist_orders_dataset.csv");
  FL_READ_SHARED_OR_SKIP(reviews_csv, "olist/olist_order_reviews_dataset.csv");
  FL_READ_SHARED_OR_SKIP(customers_csv, "olist/olist_customers_dataset.csv");
  std::map<std::string, std::string> person;  // customer_id -> customer_unique_id
  for (const auto& row : ParseCsv(customers_csv)) {
    if (row.size() >= 2 && row[0] != "customer_id") person[row[0]] = row[1];
  }

  std::vector<TestEvent> events;
  std::map<std::string, std::string> order_person;
  std::map<std::string, int64_t> first_order_ms;  // person -> first purchase
  std::set<std::string> late_people;
  std::map<std::string, bool> delivered_late;  // delivered orders: late or on time
  int64_t late_orders = 0;
  for (const auto& row : ParseCsv(orders_csv)) {
    ASSERT_EQ(row.size(), 8u);
    if (row[0] == "order_id") continue;
    const std::string& order_id = row[0];
    ASSERT_TRUE(person.count(row[1])) << row[1];
    const std::string who = person[row[1]];
    const int64_t placed = Ms(row[3]);
    order_person[order_id] = who;
    auto [it, fresh] = first_order_ms.emplace(who, placed);
    if (!fresh) it->second = std::min(it->second, placed);
    events.push_back({who, placed, "order_placed",
                      {{"order_id", order_id}, {"promised_at", row[7]}}});
    const std::string& delivered = row[6];
    if (delivered.empty()) continue;
    events.push_back({who, Ms(delivered), "delivered", {{"order_id", order_id}}});
    // Independently: both are "YYYY-MM-DD HH:MM:SS", so text order is time order.
    delivered_late[order_id] = delivered > row[7];
    if (delivered > row[7] && delivered > row[3]) {
      ++late_orders;
      late_people.insert(who);
    }
  }
  std::map<std::string, std::vector<std::pair<int64_t, int>>> reviews;  // person -> (time, score)
  double late_sum = 0, on_time_sum = 0;  // review scores of late / on-time orders
  int64_t late_n = 0, on_time_n = 0;
  for (const auto& row : ParseCsv(reviews_csv)) {
    ASSERT_EQ(row.size(), 7u);
    if (row[0] == "review_id" || !order_person.count(row[1])) continue;
    const std::string who = order_person[row[1]];
    const int64_t at = Ms(row[5]);
    const int score = std::stoi(row[2]);
    reviews[who].push_back({at, score});
    auto d = delivered_late.find(row[1]);
    if (d != delivered_late.end()) {
      (d->second ? late_sum : on_time_sum) += score;
      ++(d->second ? late_n : on_time_n);
    }
    events.push_back({who, at, "review", {{"order_id", row[1]}, {"score", row[2]}}});
  }
  EXPECT_GT(late_orders, 300);  // the subset keeps friction over-represented

  // Late orders are reviewed far worse than orders delivered on time.
  const double late_mean = late_sum / late_n, on_time_mean = on_time_sum / on_time_n;
  EXPECT_LT(late_mean, on_time_mean - 1.0) << late_mean << " vs " << on_time_mean;

  // Independently: share of people with a 4-5 star review after their first order,
  // late people against everyone else (what the friction point compares).
  int64_t late_good = 0, other_good = 0, other_people = 0;
  for (const auto& [who, first] : first_order_ms) {
    bool good = false;
    const bool late = late_people.count(who) > 0;
    for (const auto& [at, score] : reviews[who]) good = good || (at >= first && score >= 4);
    if (late) {
      late_good += good;
    } else {
      ++other_people;
      other_good += good;
    }
  }

  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(kJourney);
  ASSERT_TRUE(spec.ok()) << spec.status();
  const EventTable table = MakeTable(events);
  absl::StatusOr<FrictionResult> result = AnalyzeFriction(*spec, table);
  ASSERT_TRUE(result.ok()) << result.status();
  const FrictionPoint* late = nullptr;
  for (const FrictionPoint& p : result->points) {
    if (p.signal == "late_delivery") late = &p;
  }
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->stage, "After the order");
  EXPECT_EQ(late->compare, "outcome");
  EXPECT_EQ(late->affected, static_cast<int64_t>(late_people.size()));
  EXPECT_EQ(late->baseline, other_people);
  EXPECT_EQ(late->affected_converted, late_good);
  EXPECT_EQ(late->baseline_converted, other_good);
  EXPECT_LT(late->affected_conversion, late->baseline_conversion - 0.2);
  EXPECT_TRUE(late->significant);
  EXPECT_GT(late->lost_conversions_ci95.lo, 0);
  EXPECT_FALSE(late->has_revenue);  // good reviews are not money
  const std::string sentence = FrictionSentence(*late, *result);
  EXPECT_EQ(sentence.rfind("After the order: late deliveries: ", 0), 0u) << sentence;
  EXPECT_NE(sentence.find("rate it 4-5 stars vs"), std::string::npos) << sentence;
  EXPECT_NE(sentence.find("lost good reviews"), std::string::npos) << sentence;
}

}  // namespace
}  // namespace fl
