// The demo store (core/demo) plants a dead "#apply-coupon" button for Android users at
// checkout: the friction analysis of the built-in store journey must put it first,
// with the planted loss inside its interval, and leave the harmless tooltip alone.

#include <algorithm>
#include <string>
#include <vector>

#include "core/demo/demo_store.h"
#include "core/friction/friction_analysis.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/friction/friction_test_table.h"

namespace fl {
namespace {

using testing::TestEvent;

EventTable DemoTable(int64_t users, DemoStoreTruth* truth) {
  std::vector<TestEvent> events;
  DemoStoreOptions options;
  options.users = users;
  *truth = GenerateDemoStore(options, [&](const DemoEvent& e) {
    TestEvent t{std::to_string(e.user), e.time_ms, e.event, {}};
    auto add = [&](const char* key, const std::string& value) {
      if (!value.empty()) t.props.emplace_back(key, value);
    };
    add("device", e.device);
    add("country", e.country);
    add("browser", e.browser);
    add("page", e.page);
    add("target", e.target);
    if (e.x >= 0) add("x", std::to_string(e.x));
    if (e.y >= 0) add("y", std::to_string(e.y));
    if (e.order_id) add("order_id", std::to_string(e.order_id));
    if (e.price_cents) add("price", std::to_string(e.price_cents / 100) + "." +
                                        std::to_string(e.price_cents % 100 / 10) +
                                        std::to_string(e.price_cents % 10));
    if (e.promised_at_ms) add("promised_at", std::to_string(e.promised_at_ms / 1000));
    if (e.score) add("score", std::to_string(e.score));
    add("error", e.error);
    events.push_back(std::move(t));
  });
  return testing::MakeTable(events);
}

TEST(DemoStoreFriction, ThePlantedDefectComesFirst) {
  DemoStoreTruth truth;
  const EventTable table = DemoTable(20000, &truth);
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(BuiltinJourneyJson("store"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<FrictionResult> result = AnalyzeFriction(*spec, table);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->order_step, "Order placed");
  ASSERT_FALSE(result->points.empty());
  const FrictionPoint& top = result->points.front();
  EXPECT_EQ(top.stage, DemoStoreTruth::kStage);
  EXPECT_EQ(top.next_step, DemoStoreTruth::kNextStage);
  EXPECT_EQ(top.target, DemoStoreTruth::kTarget);
  EXPECT_EQ(top.signal, "rage_click");
  EXPECT_TRUE(top.significant);
  ASSERT_FALSE(top.segments.empty());
  EXPECT_EQ(top.segments[0].property, DemoStoreTruth::kSegmentProperty);
  EXPECT_EQ(top.segments[0].value, DemoStoreTruth::kSegmentValue);
  // Users whose burst fell after the end of the capture are not in the data.
  EXPECT_LE(top.affected, truth.rage_users);
  EXPECT_GE(top.affected, truth.rage_users * 95 / 100);
  const std::vector<std::string> sentences = TopFrictionSentences(*result, 5);
  ASSERT_FALSE(sentences.empty());
  EXPECT_EQ(sentences[0].rfind("Checkout: rage clicks and dead clicks on #apply-coupon: ", 0), 0u)
      << sentences[0];
  EXPECT_NE(sentences[0].find("mostly device=android (100%)"), std::string::npos) << sentences[0];
  for (const FrictionPoint& p : result->points) {
    EXPECT_FALSE(p.target == "#help-tooltip" && p.significant) << p.signal;
  }

  // The planted truth is about going on to payment: compare the next step.
  JourneySpec next = *spec;
  next.section_settings["friction"] = nlohmann::ordered_json::parse(R"({"compare": "next_step"})");
  absl::StatusOr<FrictionResult> by_next = AnalyzeFriction(next, table);
  ASSERT_TRUE(by_next.ok());
  const FrictionPoint& first = by_next->points.front();
  EXPECT_EQ(first.target, DemoStoreTruth::kTarget);
  const double planted = static_cast<double>(first.affected) *
                         (DemoStoreTruth::kNormalContinueRate - DemoStoreTruth::kBugContinueRate);
  EXPECT_LT(first.lost_conversions_ci95.lo, planted);
  EXPECT_GT(first.lost_conversions_ci95.hi, planted);
}

// Users are split into contiguous ranges built on threads and merged: the report must
// not depend on the thread count (units are kept in user-name order, segment ids are
// remapped to one dictionary on merge).
TEST(DemoStoreFriction, EveryThreadCountGivesTheSameBytes) {
  DemoStoreTruth truth;
  const EventTable table = DemoTable(3000, &truth);
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(BuiltinJourneyJson("store"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<FrictionResult> one = AnalyzeFriction(*spec, table);
  ASSERT_TRUE(one.ok()) << one.status();
  bool any_segments = false;
  for (const FrictionPoint& p : one->points) any_segments = any_segments || !p.segments.empty();
  EXPECT_TRUE(any_segments);  // so that the segment ids are exercised
  const std::string expected = FrictionResultToJson(*one).dump();
  for (int threads : {1, 2, 3, 7, 0}) {
    absl::StatusOr<FrictionResult> result = AnalyzeFriction(*spec, table, threads);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(FrictionResultToJson(*result).dump(), expected) << threads << " threads";
  }
}

// The state's JSON spells segments as (property, value) strings sorted by text, whatever
// ids the states merged into it gave them.
TEST(DemoStoreFriction, MergedStatesSpellSegmentsTheSame) {
  DemoStoreTruth truth;
  std::vector<TestEvent> first, second;
  DemoStoreOptions options;
  options.users = 400;
  GenerateDemoStore(options, [&](const DemoEvent& e) {
    TestEvent t{std::to_string(e.user), e.time_ms, e.event, {}};
    if (*e.device) t.props.emplace_back("device", e.device);
    if (*e.country) t.props.emplace_back("country", e.country);
    // The second half sees the properties in another order, so its ids differ.
    (e.user % 2 == 0 ? first : second).push_back(std::move(t));
  });
  for (TestEvent& e : second) std::reverse(e.props.begin(), e.props.end());
  std::vector<TestEvent> all = first;
  all.insert(all.end(), second.begin(), second.end());
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(BuiltinJourneyJson("store"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<FrictionState> whole = BuildFrictionState(*spec, testing::MakeTable(all));
  absl::StatusOr<FrictionState> a = BuildFrictionState(*spec, testing::MakeTable(first));
  absl::StatusOr<FrictionState> b = BuildFrictionState(*spec, testing::MakeTable(second));
  ASSERT_TRUE(whole.ok() && a.ok() && b.ok());
  ASSERT_TRUE(b->Merge(*a).ok());
  EXPECT_EQ(b->ToJson().dump(), whole->ToJson().dump());
  EXPECT_EQ(FrictionResultToJson(b->Finalize()).dump(), FrictionResultToJson(whole->Finalize()).dump());
  const nlohmann::ordered_json unit = whole->ToJson()["units"][0];
  ASSERT_EQ(unit["segments"].size(), 2u);
  EXPECT_EQ(unit["segments"][0][0], "country");  // text order, not first-seen order
  EXPECT_EQ(unit["segments"][1][0], "device");
}

}  // namespace
}  // namespace fl
