// The demo store (core/demo) plants a dead "#apply-coupon" button for Android users at
// checkout: the friction analysis of the built-in store journey must put it first,
// with the planted loss inside its interval, and leave the harmless tooltip alone.

#include <string>
#include <vector>

#include "core/demo/demo_store.h"
#include "core/friction/friction_analysis.h"
#include "core/journey/journey_spec.h"
#include "gtest/gtest.h"
#include "unit/friction_test_table.h"

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
  next.friction = nlohmann::json::parse(R"({"compare": "next_step"})");
  absl::StatusOr<FrictionResult> by_next = AnalyzeFriction(next, table);
  ASSERT_TRUE(by_next.ok());
  const FrictionPoint& first = by_next->points.front();
  EXPECT_EQ(first.target, DemoStoreTruth::kTarget);
  const double planted = static_cast<double>(first.affected) *
                         (DemoStoreTruth::kNormalContinueRate - DemoStoreTruth::kBugContinueRate);
  EXPECT_LT(first.lost_conversions_ci95.lo, planted);
  EXPECT_GT(first.lost_conversions_ci95.hi, planted);
}

}  // namespace
}  // namespace fl
