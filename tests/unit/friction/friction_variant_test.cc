// Friction per variant of the spec's experiment (issue 20, item 3): on the demo store
// whose B variant ships the fix of the planted coupon defect, the rage-click point at
// Checkout is counted in A and not in B, with the counts the generator planted; persons
// whose events carry two variants are left out; no experiment, no per-variant numbers;
// any split of the persons gives the same bytes.

#include <set>
#include <string>

#include "core/demo/demo_store.h"
#include "core/ingest/event_table_builder.h"
#include "core/journey/journey_spec.h"
#include "core/report/journey_sections.h"
#include "core/report/section_driver.h"
#include "gtest/gtest.h"
#include "unit/funnel/funnel_test_table.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;
using ::fl::testing::MakeTable;
using ::fl::testing::SpecOrDie;
using ::fl::testing::TestEvent;

oj RunFriction(const std::string& spec, const EventTable& table, int threads = 1) {
  SectionPassOptions options;
  options.threads = threads;
  options.only = {"friction"};
  absl::StatusOr<SectionStates> states = RunSectionPass(SpecOrDie(spec), table, options);
  EXPECT_TRUE(states.ok()) << states.status();
  if (!states.ok()) return nullptr;
  return FinalizeSections(*states).at(0).second;
}

std::string StoreSpec(bool experiment) {
  std::string spec = BuiltinJourneyJson("store");
  if (experiment) {
    spec.insert(1, R"("experiment": {"variant_property": "variant", "exposure_event": "experiment_exposure", "control": "A"}, )");
  }
  return spec;
}

const oj* CouponRage(const oj& friction) {
  for (const oj& p : friction["points"]) {
    if (p["stage"] == DemoStoreTruth::kStage && p["signal"] == "rage_click" && p["target"] == DemoStoreTruth::kTarget) {
      return &p;
    }
  }
  return nullptr;
}

TEST(FrictionPerVariant, TheFixShippedInBShowsAsTheRageClicksGoneInB) {
  DemoStoreOptions options;
  options.users = 20000;
  options.seed = 11;
  options.experiment = true;
  options.experiment_fixes_coupon = true;
  // The truth, from the events: A's android persons who clicked the coupon button all
  // hit the defect; nobody in B did.
  std::set<int64_t> hit_a, clicked_b;
  std::string csv = DemoCsvHeader(true);
  GenerateDemoStore(options, [&](const DemoEvent& e) {
    AppendDemoCsvRow(e, &csv);
    if (std::string(e.target) != DemoStoreTruth::kTarget) return;
    if (std::string(e.variant) == "A" && std::string(e.device) == "android") hit_a.insert(e.user);
    if (std::string(e.variant) == "B") clicked_b.insert(e.user);
  });
  EventTableBuilder builder{IngestOptions()};
  ASSERT_TRUE(builder.Feed(csv).ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_GT(hit_a.size(), 200u);
  ASSERT_GT(clicked_b.size(), 200u);  // B's coupon clicks are single, working ones

  const oj friction = RunFriction(StoreSpec(true), *table);
  const oj& experiment = friction["summary"]["experiment"];
  EXPECT_EQ(experiment["variant_property"], "variant");
  EXPECT_EQ(experiment["control"], "A");
  EXPECT_EQ(experiment["mixed_units"], 0);
  ASSERT_EQ(experiment["variants"].size(), 2u);
  EXPECT_EQ(experiment["variants"][0]["units"].get<int64_t>() + experiment["variants"][1]["units"].get<int64_t>(),
            friction["summary"]["units"].get<int64_t>());

  const oj* point = CouponRage(friction);
  ASSERT_NE(point, nullptr) << friction["points"].dump(1);
  const oj& by = (*point)["by_variant"];
  const oj& a = by["variants"][0];
  const oj& b = by["variants"][1];
  ASSERT_EQ(a["variant"], "A");
  ASSERT_EQ(b["variant"], "B");
  // A burst cut off by the end of the capture, or a checkout outside every window, is no
  // rage click at the stage: a few of the persons who clicked may be missing, none added.
  EXPECT_LE(a["affected"].get<int64_t>(), static_cast<int64_t>(hit_a.size()));
  EXPECT_GE(a["affected"].get<int64_t>(), static_cast<int64_t>(hit_a.size()) * 97 / 100);
  EXPECT_EQ(b["affected"], 0);
  EXPECT_EQ(a["affected"].get<int64_t>() + b["affected"].get<int64_t>(), (*point)["affected"].get<int64_t>());
  // The variants' units at the stage add up to the point's comparison.
  EXPECT_EQ(a["units"].get<int64_t>() + b["units"].get<int64_t>(),
            (*point)["affected"].get<int64_t>() + (*point)["baseline"].get<int64_t>());
  // A loses orders to the defect (the planted 30% against 82% continue rates); B, with
  // nobody affected, has no numbers.
  EXPECT_TRUE(a["enough_data"].get<bool>());
  EXPECT_GT(a["lost_conversions_ci95"][0].get<double>(), 0);
  EXPECT_FALSE(b["enough_data"].get<bool>());
  EXPECT_TRUE(b["lost_conversions"].is_null());

  const oj& d = by["differences"][0];
  EXPECT_EQ(d["variant"], "B");
  EXPECT_EQ(d["against"], "A");
  const double share_a = a["affected"].get<double>() / a["units"].get<double>();
  EXPECT_NEAR(d["affected_share_difference"].get<double>(), -share_a, 1e-6);
  EXPECT_LT(d["affected_share_difference_ci95"][1].get<double>(), 0);  // B removed it
  EXPECT_LT(d["p_value"].get<double>(), 1e-6);
  EXPECT_TRUE(d["lost_per_1000_difference"].is_null());  // B has no lost-conversion numbers
  EXPECT_EQ(d["sentence"].get<std::string>().rfind("B: 0.0% affected vs ", 0), 0u) << d["sentence"];

  // The friction that differs by variant, as every door shows it, leads with the fix.
  const oj& differing = friction["differs_by_variant"];
  ASSERT_FALSE(differing.empty());
  EXPECT_EQ(&friction["points"][differing[0]["point"].get<size_t>()], point);
  EXPECT_EQ(differing[0]["variant"], "B");
  EXPECT_EQ(differing[0]["sentence"], d["sentence"]);

  // The same bytes from 1 and 3 threads (any split of the persons).
  EXPECT_EQ(RunFriction(StoreSpec(true), *table, 3).dump(), friction.dump());
  // Without the experiment block: no per-variant numbers anywhere.
  const oj plain = RunFriction(StoreSpec(false), *table);
  EXPECT_FALSE(plain["summary"].contains("experiment"));
  for (const oj& p : plain["points"]) EXPECT_FALSE(p.contains("by_variant"));
  EXPECT_FALSE(plain.contains("differs_by_variant"));
}

TEST(FrictionPerVariant, PersonsWithTwoVariantsAreLeftOutAndCounted) {
  std::vector<TestEvent> e;
  auto person = [&](const std::string& user, const std::string& first, const std::string& second) {
    e.push_back({user, 0, "view", {{"variant", first}}});
    e.push_back({user, 1000, "cart", {{"variant", second}}});
  };
  person("a1", "A", "A");
  person("b1", "B", "B");
  person("m1", "A", "B");  // mixed
  person("m2", "B", "A");  // mixed
  const char spec[] = R"({"window": 100, "steps": [{"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"}],
    "experiment": {"variant_property": "variant"}})";
  const oj friction = RunFriction(spec, MakeTable(e));
  const oj& experiment = friction["summary"]["experiment"];
  EXPECT_EQ(experiment["control"], "A");  // the first by name
  EXPECT_EQ(experiment["mixed_units"], 2);
  EXPECT_EQ(experiment["variants"], oj::parse(R"([{"variant": "A", "units": 1}, {"variant": "B", "units": 1}])"));
}

}  // namespace
}  // namespace fl
