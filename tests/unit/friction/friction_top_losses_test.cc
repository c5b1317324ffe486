// Top friction is losses (issue 23, item 4): a signal whose affected users convert
// better (here: a help tooltip whose clicks get no response, clicked mostly by people on
// their way to paying) is never in the Top friction list, however significant; it is
// listed apart in friction.without_loss, with its gain the right way round. A point that
// loses conversions heads Top friction.

#include <string>
#include <vector>

#include "core/friction/friction_analysis.h"
#include "core/report/journey_sections.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/friction/friction_test_table.h"

namespace fl {
namespace {

using testing::MakeTable;
using testing::TestEvent;

constexpr const char* kJourney = R"({"window": "7d", "steps": [
  {"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"},
  {"name": "Order", "event": "order_placed"}]})";

TEST(TopFriction, OnlyLossesAndGainsApart) {
  std::vector<TestEvent> e;
  const int64_t base = 1700000000000;
  for (int i = 0; i < 300; ++i) {
    const std::string user = "u" + std::to_string(1000 + i);
    const int64_t t = base + i * 3600000LL;
    const bool tooltip = i % 3 == 0;      // 100 users: a dead help tooltip, 90% order
    const bool raging = i % 3 == 1;       // 100 users: rage at the cart button, 20% order
    bool orders = tooltip ? i % 10 != 0 : raging ? i % 5 == 1 : i % 2 == 0;
    e.push_back({user, t, "view", {}});
    e.push_back({user, t + 10000, "cart", {}});
    if (tooltip) e.push_back({user, t + 20000, "click", {{"target", "#help"}, {"x", "5"}, {"y", "5"}}});
    if (raging) {
      for (int c = 0; c < 3; ++c) e.push_back({user, t + 20000 + 200 * c, "click", {{"target", "#pay"}, {"x", "50"}, {"y", "50"}}});
    }
    e.push_back({user, t + 40000, "page_view", {}});
    if (orders) e.push_back({user, t + 60000, "order_placed", {}});
  }
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(kJourney);
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<FrictionResult> result = AnalyzeFriction(*spec, MakeTable(e));
  ASSERT_TRUE(result.ok()) << result.status();
  const nlohmann::ordered_json j = FrictionResultToJson(*result);

  // The tooltip's dead clicks gain conversions, significantly.
  int tooltip = -1;
  for (size_t i = 0; i < result->points.size(); ++i) {
    const FrictionPoint& p = result->points[i];
    if (p.signal == "dead_click" && p.target == "#help") tooltip = static_cast<int>(i);
  }
  ASSERT_GE(tooltip, 0);
  ASSERT_TRUE(result->points[tooltip].significant);
  ASSERT_TRUE(GainsConversions(result->points[tooltip]));

  ASSERT_FALSE(j["top"].empty());
  for (const auto& t : j["top"]) {
    const FrictionPoint& p = result->points[t["point"].get<size_t>()];
    EXPECT_TRUE(LosesConversions(p)) << t["sentence"];
    EXPECT_NE(t["point"].get<int>(), tooltip);
  }
  EXPECT_EQ(result->points[j["top"][0]["point"].get<size_t>()].target, "#pay");

  ASSERT_EQ(j["without_loss"].size(), 1u) << j["without_loss"].dump(1);
  EXPECT_EQ(j["without_loss"][0]["point"], tooltip);
  const std::string sentence = j["without_loss"][0]["sentence"];
  EXPECT_NE(sentence.find("no loss: about "), std::string::npos) << sentence;
  EXPECT_EQ(sentence.find("-"), sentence.find("-", sentence.find("95% CI"))) << "the gain's interval reads as a gain: " << sentence;
}

}  // namespace
}  // namespace fl
