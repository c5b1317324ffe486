// Robust across definitions (issue 23, item 3): each rage click point says under which
// vendor presets it is found. Three clicks 400 ms apart on one spot are rage under
// PostHog's and Sentry's rules (3 clicks) and not under Mixpanel's, Amplitude's or
// Datadog's (4); four such clicks add Mixpanel (gaps under 1 s) but not Amplitude or
// Datadog (4 clicks within 1 s).

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

const FrictionPoint& RagePoint(const FrictionResult& result, const std::string& target) {
  for (const FrictionPoint& p : result.points) {
    if (p.signal == "rage_click" && p.target == target) return p;
  }
  ADD_FAILURE() << "no rage click point on " << target;
  return result.points.front();
}

TEST(FrictionPresets, EachRageClickPointSaysWhichVendorRulesFindIt) {
  std::vector<TestEvent> e;
  const int64_t base = 1700000000000;
  for (int i = 0; i < 120; ++i) {
    const std::string user = "u" + std::to_string(1000 + i);
    const int64_t t = base + i * 3600000LL;
    e.push_back({user, t, "view", {}});
    e.push_back({user, t + 10000, "cart", {}});
    // 40 users click #three 3 times, 40 click #four 4 times, 400 ms apart; 40 do neither.
    const int clicks = i < 40 ? 3 : i < 80 ? 4 : 0;
    const std::string target = i < 40 ? "#three" : "#four";
    for (int c = 0; c < clicks; ++c) {
      e.push_back({user, t + 20000 + 400 * c, "click", {{"target", target}, {"x", "10"}, {"y", "10"}}});
      e.push_back({user, t + 20000 + 400 * c + 100, "cart_error", {}});  // an error: no answer, so rage stays rage
    }
    e.push_back({user, t + 40000, "page_view", {}});
    if (i % 2 == 0) e.push_back({user, t + 60000, "order_placed", {}});
  }
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(kJourney);
  ASSERT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<FrictionResult> result = AnalyzeFriction(*spec, MakeTable(e));
  ASSERT_TRUE(result.ok()) << result.status();

  auto found = [](const FrictionPoint& p) {
    std::string out;
    for (const PresetAgreement& a : p.presets) {
      if (a.signal == "rage_click") out += a.preset + "=" + std::to_string(a.affected) + (a.found ? "+ " : "- ");
    }
    return out;
  };
  const FrictionPoint& three = RagePoint(*result, "#three");
  EXPECT_EQ(three.affected, 40);
  EXPECT_EQ(found(three), "posthog=40+ mixpanel=0- amplitude=0- datadog=0- sentry=40+ ");
  EXPECT_EQ(three.found_under, "rage clicks found under 2 of 5 vendor rules (PostHog, Sentry)");
  const FrictionPoint& four = RagePoint(*result, "#four");
  EXPECT_EQ(found(four), "posthog=40+ mixpanel=40+ amplitude=0- datadog=0- sentry=40+ ");

  // In the report: the presets and the words, on the point.
  const nlohmann::ordered_json j = FrictionResultToJson(*result);
  for (const auto& p : j["points"]) {
    if (p["target"] != "#three" || p["signal"] != "rage_click") continue;
    EXPECT_EQ(p["found_under"], "rage clicks found under 2 of 5 vendor rules (PostHog, Sentry)");
    EXPECT_EQ(p["presets"].size(), 5u);
  }
}

}  // namespace
}  // namespace fl
