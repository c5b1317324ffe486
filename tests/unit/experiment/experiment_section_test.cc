// The experiment section: assignment rules on hand-made persons, exact merging and the
// partial form, and on the generated store a planted lift recovered inside its interval,
// a planted sample-ratio mismatch flagged, and A/A tests flagged at about the nominal rate.

#include "core/experiment/experiment_section.h"

#include <string>
#include <vector>

#include "core/demo/demo_store.h"
#include "core/ingest/event_table_builder.h"
#include "core/report/section_driver.h"
#include "gtest/gtest.h"
#include "unit/funnel/funnel_test_table.h"

namespace fl {
namespace {

using ::fl::testing::MakeTable;
using ::fl::testing::SpecOrDie;
using ::fl::testing::TestEvent;
using oj = nlohmann::ordered_json;

constexpr int64_t kS = 1000;

oj RunExperiment(const std::string& spec_json, const EventTable& table, int threads = 1) {
  SectionPassOptions options;
  options.threads = threads;
  options.only = {"experiment"};
  absl::StatusOr<SectionStates> states = RunSectionPass(SpecOrDie(spec_json), table, options);
  EXPECT_TRUE(states.ok()) << states.status();
  if (!states.ok()) return nullptr;
  return FinalizeSections(*states).at(0).second;
}

const char kViewCart[] = R"({"window": 100, "steps": [{"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"}],
  "experiment": {"variant_property": "variant"%s}})";

std::string Spec(const std::string& extra) {
  std::string spec = kViewCart;
  return spec.replace(spec.find("%s"), 2, extra);
}

TestEvent E(const std::string& user, int64_t t, const std::string& event, const std::string& variant = "") {
  TestEvent e{user, t * kS, event, {}};
  e.props["variant"] = variant;
  return e;
}

TEST(ExperimentSection, AssignmentByPropertyAndByExposure) {
  const EventTable table = MakeTable({
      E("p1", 0, "view", "A"), E("p1", 1, "cart", "A"),       // A, converts
      E("p2", 0, "view", "A"),                                // A, drops
      E("p3", 0, "view", "B"), E("p3", 1, "cart", "B"),       // B, converts
      E("p4", 0, "view", "B"), E("p4", 5, "cart", "A"),       // two variants: excluded
      E("p5", 0, "view"),                                     // none: unassigned
      // Exposure: p6 carted before its exposure, then only viewed.
      E("p6", 0, "view", "B"), E("p6", 1, "cart", "B"), E("p6", 2, "exposure", "B"), E("p6", 3, "view", "B"),
  });
  const oj by_property = RunExperiment(Spec(""), table);
  EXPECT_EQ(by_property["units"], 4);  // p1, p2, p3, p6
  EXPECT_EQ(by_property["mixed"]["units"], 1);
  EXPECT_EQ(by_property["mixed"]["examples"], oj::array({"p4"}));
  EXPECT_EQ(by_property["unassigned"], 1);
  EXPECT_EQ(by_property["control"], "A");
  const oj& b = by_property["variants"][1];
  EXPECT_EQ(b["name"], "B");
  EXPECT_EQ(b["steps"][1]["count"], 2);  // p3 and p6 (all events count)
  const oj& cart = by_property["comparisons"][1];
  EXPECT_EQ(cart["step"], "Cart");
  EXPECT_DOUBLE_EQ(cart["lift"].get<double>(), 0.5);  // B 2/2 against A 1/2

  // By exposure: only p6 is exposed; its cart came before, so it does not count, and the
  // cart before the exposure is its pre-period conversion.
  const oj by_exposure = RunExperiment(Spec(R"(, "exposure_event": "exposure")"), table);
  EXPECT_EQ(by_exposure["units"], 1);
  EXPECT_EQ(by_exposure["unassigned"], 5);
  EXPECT_EQ(by_exposure["variants"][0]["steps"][0]["count"], 1);
  EXPECT_EQ(by_exposure["variants"][0]["steps"][1]["count"], 0);
  EXPECT_TRUE(by_exposure["pre_period"].get<bool>());
}

TEST(ExperimentSection, SettingsErrorsNameThePath) {
  struct Case { std::string extra, message; };
  for (const Case& c : {Case{R"(, "expected_split": {"A": 1})", "journey: experiment.expected_split: expected an object"},
                        Case{R"(, "expected_split": {"A": 1, "B": -1})", "journey: experiment.expected_split.B: expected a number > 0"},
                        Case{R"(, "control": "C", "expected_split": {"A": 1, "B": 1})", "journey: experiment.control: not one"},
                        Case{R"(, "tau": 2)", "journey: experiment.tau: expected a number between 0 and 1"},
                        Case{R"(, "varient": 1)", "journey: experiment.varient: unknown setting"}}) {
    absl::StatusOr<JourneySpec> spec = ParseJourneySpec(Spec(c.extra));
    ASSERT_FALSE(spec.ok()) << c.extra;
    EXPECT_NE(std::string(spec.status().message()).find(c.message), std::string::npos) << spec.status();
  }
  // A variant property the data lacks is refused when the data is known.
  const EventTable table = MakeTable({E("p1", 0, "view", "A")});
  SectionPassOptions options;
  options.only = {"experiment"};
  std::string spec = Spec("");
  spec.replace(spec.find("\"variant\""), 9, "\"arm\"");
  absl::StatusOr<SectionStates> states = RunSectionPass(SpecOrDie(spec), table, options);
  ASSERT_FALSE(states.ok());
  EXPECT_EQ(states.status().message(), "journey: experiment.variant_property: no property \"arm\" in the data");
}

EventTable StoreTable(const DemoStoreOptions& options) {
  std::string csv = DemoCsvHeader(true);
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  EventTableBuilder builder{IngestOptions()};
  EXPECT_TRUE(builder.Feed(csv).ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return *std::move(table);
}

std::string StoreExperimentSpec() {
  std::string spec = BuiltinJourneyJson("store");
  spec.insert(1, R"("experiment": {"variant_property": "variant", "exposure_event": "experiment_exposure", "control": "A"}, )");
  return spec;
}

TEST(ExperimentSection, AnySplitOfThePersonsMergesToTheSameBytesAndTheStateRoundTrips) {
  DemoStoreOptions options;
  options.users = 3000;
  options.seed = 5;
  options.experiment = true;
  options.experiment_cart_lift = 0.05;
  const EventTable table = StoreTable(options);
  const std::string spec = StoreExperimentSpec();
  const std::string one = RunExperiment(spec, table, 1).dump();
  for (int threads : {2, 3, 8}) EXPECT_EQ(RunExperiment(spec, table, threads).dump(), one) << threads;

  SectionPassOptions pass;
  pass.only = {"experiment"};
  absl::StatusOr<SectionStates> states = RunSectionPass(SpecOrDie(spec), table, pass);
  ASSERT_TRUE(states.ok());
  const nlohmann::json partial = nlohmann::json::parse(states->states[0]->ToJson().dump());
  absl::StatusOr<std::unique_ptr<SectionState>> back = states->runs[0]->StateFromJson(partial);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ((*back)->Finalize().dump(), one);
  EXPECT_EQ((*back)->ToJson().dump(), states->states[0]->ToJson().dump());
  nlohmann::json broken = partial;
  broken["variants"]["B"]["reached"][0] = -1;
  EXPECT_FALSE(states->runs[0]->StateFromJson(broken).ok());
}

// B's cart chance is raised by 6 pp per session. The true effect on B's persons is found
// with the counterfactual: the same store, the same assignment and draws, no lift.
TEST(ExperimentSection, PlantedLiftIsRecoveredInsideItsInterval) {
  DemoStoreOptions options;
  options.users = 20000;
  options.seed = 11;
  options.experiment = true;
  options.experiment_cart_lift = 0.06;
  const oj lifted = RunExperiment(StoreExperimentSpec(), StoreTable(options));
  options.experiment_cart_lift = 0;
  const oj without = RunExperiment(StoreExperimentSpec(), StoreTable(options));
  const oj& b_lifted = lifted["variants"][1];
  const oj& b_without = without["variants"][1];
  ASSERT_EQ(b_lifted["name"], "B");
  ASSERT_EQ(b_lifted["units"], b_without["units"]);
  const double b_units = b_lifted["units"].get<double>();
  const double truth = (b_lifted["steps"][1]["count"].get<double>() - b_without["steps"][1]["count"].get<double>()) / b_units;
  EXPECT_GT(truth, 0.04);
  const oj& cart = lifted["comparisons"][1];
  ASSERT_EQ(cart["step"], "Cart");
  EXPECT_LE(cart["lift_ci95"][0].get<double>(), truth);
  EXPECT_GE(cart["lift_ci95"][1].get<double>(), truth);
  EXPECT_TRUE(cart["significant"].get<bool>());
  EXPECT_GT(cart["chance_to_beat_control"].get<double>(), 0.999);
  EXPECT_FALSE(lifted["sample_ratio"]["mismatch"].get<bool>());
  // The product page is before the change: no lift there.
  EXPECT_FALSE(lifted["comparisons"][0]["significant"].get<bool>());
}

TEST(ExperimentSection, PlantedSampleRatioMismatchIsFlagged) {
  DemoStoreOptions options;
  options.users = 20000;
  options.seed = 12;
  options.experiment = true;
  options.experiment_b_share = 0.46;  // designed 50/50
  const oj report = RunExperiment(StoreExperimentSpec(), StoreTable(options));
  EXPECT_TRUE(report["sample_ratio"]["mismatch"].get<bool>());
  EXPECT_LT(report["sample_ratio"]["p_value"].get<double>(), 0.001);
  EXPECT_NE(report["sample_ratio"]["warning"].get<std::string>().find("Sample ratio mismatch"), std::string::npos);
}

// A/A: no lift, 60 seeds; raw p < 0.05 at Cart should happen about 3 times (5%), and the
// sample-ratio check (alpha 0.001) about never.
TEST(ExperimentSection, AaTestsAreFlaggedAtAboutTheNominalRate) {
  int false_positives = 0, mismatches = 0;
  for (uint64_t seed = 100; seed < 160; ++seed) {
    DemoStoreOptions options;
    options.users = 1500;
    options.seed = seed;
    options.experiment = true;
    const oj report = RunExperiment(StoreExperimentSpec(), StoreTable(options));
    false_positives += report["comparisons"][1]["p_value"].get<double>() < 0.05 ? 1 : 0;
    mismatches += report["sample_ratio"]["mismatch"].get<bool>() ? 1 : 0;
  }
  // Binomial(60, 0.05): 0..8 holds 99.7% of runs.
  EXPECT_LE(false_positives, 8);
  EXPECT_LE(mismatches, 1);
}

}  // namespace
}  // namespace fl
