// Segments come from the past only (issue 23, item 5): a point at stage s is segmented
// by the values a unit had shown by stage s, never by a value that first appears at a
// later step. Here the users who rage-click at the Cart stage later reach Checkout, and
// only there does a `shipping` property appear (shipping=express for them, standard for the
// rest):
// it explains nothing about the Cart point and must not be offered as its segment, while
// `device`, shown from the first event, still is.

#include <string>
#include <vector>

#include "core/friction/friction_analysis.h"
#include "core/report/journey_sections.h"
#include "core/report/section_driver.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/friction/friction_test_table.h"

namespace fl {
namespace {

using testing::MakeTable;
using testing::TestEvent;

constexpr const char* kJourney = R"({"window": "7d", "steps": [
  {"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"},
  {"name": "Checkout", "event": "checkout"}, {"name": "Order", "event": "order_placed"}]})";

std::vector<TestEvent> Shop() {
  std::vector<TestEvent> e;
  const int64_t base = 1700000000000;
  for (int i = 0; i < 200; ++i) {
    const bool raging = i < 80;  // all on android, and all choose express at checkout
    const std::string user = "u" + std::to_string(1000 + i);
    const std::string device = raging ? "android" : (i % 2 ? "ios" : "android");
    const int64_t t = base + i * 3600000LL;
    auto emit = [&](int64_t at, const std::string& name, std::vector<std::pair<std::string, std::string>> props = {}) {
      props.emplace_back("device", device);
      e.push_back({user, t + at, name, std::move(props)});
    };
    emit(0, "view");
    emit(10000, "cart");
    if (raging) {
      for (int c = 0; c < 4; ++c) emit(20000 + 200 * c, "click", {{"target", "#qty"}, {"x", "10"}, {"y", "10"}});
    }
    emit(60000, "checkout", {{"shipping", raging ? "express" : "standard"}});
    // Raging users order far less often: 1 in 4 against 3 in 4.
    if (raging ? i % 4 == 0 : i % 4 != 0) emit(90000, "order_placed");
  }
  return e;
}

TEST(FrictionSegments, AValueFirstShownAtALaterStepNeverSegmentsAnEarlierPoint) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(kJourney);
  ASSERT_TRUE(spec.ok()) << spec.status();
  const EventTable table = MakeTable(Shop());
  absl::StatusOr<FrictionResult> result = AnalyzeFriction(*spec, table);
  ASSERT_TRUE(result.ok()) << result.status();
  const FrictionPoint* rage = nullptr;
  for (const FrictionPoint& p : result->points) {
    if (p.signal == "rage_click" && p.stage == "Cart") rage = &p;
  }
  ASSERT_NE(rage, nullptr);
  ASSERT_TRUE(rage->significant);
  EXPECT_EQ(rage->affected, 80);
  bool device = false;
  for (const SegmentConcentration& s : rage->segments) {
    EXPECT_NE(s.property, "shipping") << "shipping=" << s.value << " first shows at Checkout, after the Cart point";
    if (s.property == "device" && s.value == "android") {
      device = true;
      EXPECT_DOUBLE_EQ(s.affected_share, 1.0);
      EXPECT_DOUBLE_EQ(s.population_share, 140.0 / 200);  // 80 + half of the other 120
    }
  }
  EXPECT_TRUE(device) << "device, shown from the first event, is still a segment";

  // The partial form keeps each segment's stage, and reads back to the same bytes.
  SectionPassOptions options;
  options.only = {"friction"};
  absl::StatusOr<SectionStates> states = RunSectionPass(*spec, table, options);
  ASSERT_TRUE(states.ok()) << states.status();
  const std::string form = states->states[0]->ToJson().dump();
  EXPECT_NE(form.find(R"(["shipping","express",3])"), std::string::npos);  // shown at stage 3, Checkout
  absl::StatusOr<std::unique_ptr<SectionState>> again = states->runs[0]->StateFromJson(nlohmann::json::parse(form));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->ToJson().dump(), form);
  EXPECT_EQ((*again)->Finalize().dump(), states->states[0]->Finalize().dump());
}

}  // namespace
}  // namespace fl
