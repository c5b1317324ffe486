// A generated shop with friction planted at a known step and segment: the analysis
// must rank it first, put the true loss inside its interval, find the segment, and
// not call a random noise signal significant. Also: merged partial states and a
// shuffled input give the same bytes.

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/friction/friction_analysis.h"
#include "core/friction/friction_section.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/friction/friction_test_table.h"

namespace fl {
namespace {

using testing::MakeTable;
using testing::TestEvent;

// splitmix64: the same stream on every platform (std distributions are not portable).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t state_;
};

constexpr double kBugContinue = 0.30;     // affected users who go on to pay
constexpr double kNormalContinue = 0.80;  // everyone else at checkout
constexpr double kPayToOrder = 0.90;

struct PlantedShop {
  std::vector<TestEvent> events;
  int64_t bug_users = 0;    // users who hit the planted defect
  int64_t noise_users = 0;  // users with the noise signal
  // bug_users x (normal - bug) x pay-to-order: the expected lost orders.
  double true_lost_orders() const {
    return bug_users * (kNormalContinue - kBugContinue) * kPayToOrder;
  }
};

constexpr const char* kJourney = R"({"name": "Shop", "window": "7d", "steps": [
  {"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"},
  {"name": "Checkout", "event": "checkout"}, {"name": "Payment", "event": "pay"},
  {"name": "Order", "event": "order_placed"}], "value": {"property": "price"}})";

// Android users at checkout who try the coupon (half of them) meet a dead "#coupon"
// button and rage-click it; a fifth of all checkout users click a harmless "#noise"
// element whose response comes late (a dead click with no effect on anything).
PlantedShop GenerateShop(int users, uint64_t seed) {
  PlantedShop shop;
  Rng rng(seed);
  const int64_t base = 1700000000000;
  for (int i = 0; i < users; ++i) {
    const std::string user = "u" + std::to_string(100000 + i);
    const double d = rng.Uniform();
    const std::string device = d < 0.3 ? "android" : d < 0.6 ? "ios" : "desktop";
    const double c = rng.Uniform();
    const std::string country = c < 0.5 ? "US" : c < 0.75 ? "DE" : "FR";
    int64_t t = base + static_cast<int64_t>(i) * 60000;
    auto emit = [&](const std::string& name,
                    std::vector<std::pair<std::string, std::string>> props = {}) {
      props.emplace_back("device", device);
      props.emplace_back("country", country);
      shop.events.push_back({user, t, name, std::move(props)});
    };
    emit("view", {{"page", "/product"}});
    if (!rng.Chance(0.6)) continue;
    t += 20000;
    emit("cart", {{"page", "/product"}});
    if (!rng.Chance(0.7)) continue;
    t += 30000;
    emit("checkout", {{"page", "/checkout"}});
    bool bug = false;
    if (device == "android" && rng.Chance(0.5)) {
      bug = true;
      ++shop.bug_users;
      for (int k = 0; k < 4; ++k) {
        t += 200;
        emit("click", {{"page", "/checkout"}, {"target", "#coupon"}, {"x", "300"}, {"y", "400"}});
      }
    }
    if (rng.Chance(0.2)) {
      ++shop.noise_users;
      t += 3000;
      emit("click", {{"page", "/checkout"}, {"target", "#noise"}, {"x", "10"}, {"y", "10"}});
      t += 5000;
      emit("tooltip_shown", {{"page", "/checkout"}});
    }
    if (!rng.Chance(bug ? kBugContinue : kNormalContinue)) continue;
    t += 40000;
    emit("pay", {{"page", "/pay"}});
    if (!rng.Chance(kPayToOrder)) continue;
    t += 5000;
    const int price = 20 + static_cast<int>(rng.Next() % 61);
    emit("order_placed", {{"page", "/done"}, {"price", std::to_string(price)}});
  }
  return shop;
}

class PlantedFriction : public ::testing::Test {
 protected:
  void SetUp() override {
    shop_ = GenerateShop(8000, 20240601);
    spec_ = *ParseJourneySpec(kJourney);
    table_ = MakeTable(shop_.events);
    absl::StatusOr<FrictionResult> result = AnalyzeFriction(spec_, table_);
    ASSERT_TRUE(result.ok()) << result.status();
    result_ = *result;
  }
  PlantedShop shop_;
  JourneySpec spec_;
  EventTable table_;
  FrictionResult result_;
};

TEST_F(PlantedFriction, RanksThePlantedFrictionFirstWithTheTruthInsideItsInterval) {
  ASSERT_FALSE(result_.points.empty());
  const FrictionPoint& top = result_.points.front();
  EXPECT_EQ(top.stage, "Checkout");
  EXPECT_EQ(top.next_step, "Payment");
  EXPECT_EQ(top.target, "#coupon");
  EXPECT_EQ(top.signal, "rage_click");
  // Its dead clicks hit the same users on the same button: one point, two labels.
  EXPECT_EQ(top.labels, (std::vector<std::string>{"rage_click", "dead_click"}));
  EXPECT_EQ(top.affected, shop_.bug_users);
  EXPECT_TRUE(top.enough_data);
  EXPECT_TRUE(top.significant);
  EXPECT_EQ(top.compare, "order");
  EXPECT_LT(top.lost_conversions_ci95.lo, shop_.true_lost_orders());
  EXPECT_GT(top.lost_conversions_ci95.hi, shop_.true_lost_orders());
  EXPECT_GT(top.lost_conversions, 0);
  // Revenue: lost orders x the average order value (prices 20..80, mean ~50).
  EXPECT_TRUE(result_.has_order_value);
  EXPECT_NEAR(result_.average_order_value, 50, 3);
  EXPECT_NEAR(top.revenue_at_risk, top.lost_conversions * result_.average_order_value, 1e-6);
  // The segment: every affected user is on Android, where 30% of checkout users are.
  ASSERT_FALSE(top.segments.empty());
  EXPECT_EQ(top.segments[0].property, "device");
  EXPECT_EQ(top.segments[0].value, "android");
  EXPECT_DOUBLE_EQ(top.segments[0].affected_share, 1.0);
  EXPECT_GT(top.segments[0].lift, 2.5);
  EXPECT_LE(top.segments[0].lift_ci95.lo, top.segments[0].lift);
  // Examples: the 5 smallest user ids.
  EXPECT_EQ(top.examples.size(), 5u);
  EXPECT_TRUE(std::is_sorted(top.examples.begin(), top.examples.end()));
}

TEST_F(PlantedFriction, TheNoiseSignalIsNotSignificant) {
  bool seen = false;
  for (const FrictionPoint& p : result_.points) {
    if (p.target != "#noise") continue;
    seen = true;
    EXPECT_EQ(p.affected, shop_.noise_users);
    EXPECT_TRUE(p.enough_data);
    EXPECT_FALSE(p.significant) << p.signal << " q=" << p.q_value.value_or(-1);
  }
  EXPECT_TRUE(seen);
}

TEST_F(PlantedFriction, NextStepComparisonMatchesThePlantedContinueRates) {
  JourneySpec spec = spec_;
  spec.section_settings["friction"] = nlohmann::ordered_json::parse(R"({"compare": "next_step"})");
  absl::StatusOr<FrictionResult> result = AnalyzeFriction(spec, table_);
  ASSERT_TRUE(result.ok()) << result.status();
  const FrictionPoint& top = result->points.front();
  EXPECT_EQ(top.target, "#coupon");
  EXPECT_EQ(top.compare, "next_step");
  const double true_lost = shop_.bug_users * (kNormalContinue - kBugContinue);
  EXPECT_LT(top.lost_conversions_ci95.lo, true_lost);
  EXPECT_GT(top.lost_conversions_ci95.hi, true_lost);
  EXPECT_FALSE(top.has_revenue);  // lost payments are not lost orders
  EXPECT_NEAR(top.affected_conversion, kBugContinue, 0.08);
  EXPECT_NEAR(top.baseline_conversion, kNormalContinue, 0.03);
}

TEST_F(PlantedFriction, SentencesAndJson) {
  const std::vector<std::string> top = TopFrictionSentences(result_, 3);
  ASSERT_FALSE(top.empty());
  EXPECT_EQ(top[0].rfind("Checkout: rage clicks and dead clicks on #coupon: ", 0), 0u) << top[0];
  EXPECT_NE(top[0].find("reach Order vs"), std::string::npos) << top[0];
  EXPECT_NE(top[0].find("lost orders (95% CI "), std::string::npos) << top[0];
  EXPECT_NE(top[0].find("mostly device=android (100%)"), std::string::npos) << top[0];

  const nlohmann::ordered_json json = FrictionResultToJson(result_);
  const nlohmann::ordered_json& point = json["points"][0];
  EXPECT_EQ(point["stage"], "Checkout");
  EXPECT_EQ(point["target"], "#coupon");
  EXPECT_EQ(point["sentence"], top[0]);
  EXPECT_EQ(point["difference_ci95"].size(), 2u);
  EXPECT_EQ(json["settings"]["rage_click"]["preset"], "posthog");
  EXPECT_EQ(json["summary"]["order_step"], "Order");
  // Rounded to 6 decimals.
  const double lost = point["lost_conversions"].get<double>();
  EXPECT_DOUBLE_EQ(lost, std::round(lost * 1e6) / 1e6);
  // Points below min_affected carry no numbers.
  for (const auto& p : json["points"]) {
    if (p["enough_data"].get<bool>()) continue;
    EXPECT_TRUE(p["lost_conversions"].is_null());
    EXPECT_TRUE(p["difference_ci95"].is_null());
    EXPECT_TRUE(p["q_value"].is_null());
    EXPECT_FALSE(p["significant"].get<bool>());
  }
  // Session scores cover every stage and add up.
  const auto& scores = json["session_scores"];
  EXPECT_EQ(scores["by_stage"].size(), result_.stages.size());
  int64_t sessions = 0;
  for (const auto& row : scores["by_stage"]) sessions += row["sessions"].get<int64_t>();
  EXPECT_EQ(sessions, scores["total"]["sessions"].get<int64_t>());
  EXPECT_EQ(sessions, static_cast<int64_t>(table_.session_count));
}

TEST_F(PlantedFriction, MergedPartitionsAndShuffledInputGiveTheSameBytes) {
  const std::string whole = FrictionResultToJson(result_).dump();
  // Two partitions by user.
  std::vector<TestEvent> even, odd;
  for (const TestEvent& e : shop_.events) {
    (std::stoi(e.user.substr(1)) % 2 == 0 ? even : odd).push_back(e);
  }
  const EventTable a = MakeTable(even), b = MakeTable(odd);
  absl::StatusOr<FrictionState> sa = BuildFrictionState(spec_, a);
  absl::StatusOr<FrictionState> sb = BuildFrictionState(spec_, b);
  ASSERT_TRUE(sa.ok() && sb.ok());
  FrictionState ab = *sb;
  ASSERT_TRUE(ab.Merge(*sa).ok());
  EXPECT_EQ(FrictionResultToJson(ab.Finalize()).dump(), whole);
  // Through the canonical JSON form and back.
  absl::StatusOr<FrictionSettings> settings = FrictionSettingsOf(spec_);
  JourneySpec by_user = spec_;
  by_user.unit = CountingUnit::kUsers;
  absl::StatusOr<FrictionState> restored =
      FrictionState::FromJson(by_user, *settings, nlohmann::json::parse(sa->ToJson().dump()));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->ToJson().dump(), sa->ToJson().dump());
  ASSERT_TRUE(restored->Merge(*sb).ok());
  EXPECT_EQ(FrictionResultToJson(restored->Finalize()).dump(), whole);
  // A user in both states is refused.
  FrictionState twice = *sa;
  EXPECT_FALSE(twice.Merge(*sa).ok());
  // Shuffled input: same table contents, other user numbering.
  std::vector<TestEvent> shuffled = shop_.events;
  std::mt19937_64 gen(7);
  std::shuffle(shuffled.begin(), shuffled.end(), gen);
  absl::StatusOr<FrictionResult> again = AnalyzeFriction(spec_, MakeTable(shuffled));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(FrictionResultToJson(*again).dump(), whole);
}

}  // namespace
}  // namespace fl
