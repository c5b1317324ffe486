// FrictionState merge (core/friction/friction_state.h): states of disjoint users merge
// to the same result in any order and grouping; a state of other settings or
// with a user in common is refused; settings written differently but meaning the same
// merge (the key is the typed, canonical settings, not the spec's text).

#include "core/friction/friction_state.h"

#include <string>
#include <vector>

#include "core/friction/friction_analysis.h"
#include "core/ingest/event_table_builder.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/robustness_support.h"

namespace fl {
namespace {

constexpr char kStore[] = R"({"name": "Store", "window": "14d", "steps": [
  {"name": "Product page", "event": "product_view"}, {"name": "Cart", "event": ["add_to_cart", "one_click_buy"]},
  {"name": "Checkout", "event": "checkout_start", "optional": true}, {"name": "Order placed", "event": "order_placed"}],
  "value": {"property": "price"})";

EventTable TableOf(const std::vector<DemoEvent>& events) {
  std::string csv = DemoCsvHeader();
  for (const DemoEvent& e : events) AppendDemoCsvRow(e, &csv);
  EventTableBuilder builder{IngestOptions()};
  EXPECT_TRUE(builder.Feed(csv).ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return *std::move(table);
}

class FrictionStateMerge : public ::testing::Test {
 protected:
  void SetUp() override {
    DemoStoreOptions options;
    options.users = 600;
    options.seed = 4;
    GenerateDemoStore(options, [&](const DemoEvent& e) {
      all_.push_back(e);
      parts_[(e.user * 7919) % 3].push_back(e);
    });
  }
  FrictionState StateOf(const std::string& spec_json, const std::vector<DemoEvent>& events) {
    absl::StatusOr<JourneySpec> spec = ParseJourneySpec(spec_json);
    EXPECT_TRUE(spec.ok()) << spec.status();
    const EventTable table = TableOf(events);
    absl::StatusOr<FrictionState> state = BuildFrictionState(*spec, table);
    EXPECT_TRUE(state.ok()) << state.status();
    return *state;
  }
  std::string Spec(const std::string& friction) { return std::string(kStore) + ", \"friction\": " + friction + "}"; }

  std::vector<DemoEvent> all_;
  std::vector<DemoEvent> parts_[3];
};

TEST_F(FrictionStateMerge, AnyOrderAndGroupingGivesTheWholeResult) {
  const std::string spec = Spec("{}");
  // Each partition's table ends when its own data ends (right-censoring differs from
  // the whole table's), so the merges are compared with each other and the whole's units.
  const FrictionResult whole = StateOf(spec, all_).Finalize();
  const FrictionState a = StateOf(spec, parts_[0]), b = StateOf(spec, parts_[1]), c = StateOf(spec, parts_[2]);
  FrictionState ab_c = a;
  ASSERT_TRUE(ab_c.Merge(b).ok());
  ASSERT_TRUE(ab_c.Merge(c).ok());
  FrictionState bc = b;
  ASSERT_TRUE(bc.Merge(c).ok());
  FrictionState a_bc = a;
  ASSERT_TRUE(a_bc.Merge(bc).ok());
  FrictionState cba = c;
  ASSERT_TRUE(cba.Merge(b).ok());
  ASSERT_TRUE(cba.Merge(a).ok());
  const std::string expected = FrictionResultToJson(ab_c.Finalize()).dump();
  EXPECT_EQ(ab_c.Finalize().units, whole.units);
  for (const FrictionState* merged : {&a_bc, &cba}) {
    EXPECT_TRUE(FrictionResultToJson(merged->Finalize()).dump() == expected);
    EXPECT_TRUE(merged->ToJson().dump() == ab_c.ToJson().dump());
  }
}

TEST_F(FrictionStateMerge, RefusesOtherSettingsAndSharedUsers) {
  FrictionState a = StateOf(Spec("{}"), parts_[0]);
  EXPECT_FALSE(a.Merge(StateOf(Spec(R"({"rage_click": "mixpanel"})"), parts_[1])).ok());
  EXPECT_FALSE(a.Merge(StateOf(Spec("{}"), parts_[0])).ok());
}

TEST_F(FrictionStateMerge, SameSettingsWrittenDifferentlyMerge) {
  // The default preset by name, and the defaults spelt out, are the defaults.
  FrictionState a = StateOf(Spec("{}"), parts_[0]);
  EXPECT_TRUE(a.Merge(StateOf(Spec(R"({"rage_click": "posthog", "dead_click": {"timeout": "2500ms"}})"), parts_[1]))
                  .ok());
}

}  // namespace
}  // namespace fl
