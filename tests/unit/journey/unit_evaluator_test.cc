// UnitEvaluator (core/journey/unit_evaluator.h): the examples of its header, pinned.
// Units: users (one), sessions (one per session), attempts (from each step-1 event to the
// next; events before the first belong to none); hold_constant keeps the deepest run.

#include "core/journey/unit_evaluator.h"

#include <vector>

#include "gtest/gtest.h"
#include "unit/funnel/funnel_test_table.h"

namespace fl {
namespace {

using testing::MakeTable;
using testing::Outcomes;
using testing::SpecOrDie;

constexpr int64_t kMinute = 60 * 1000;

std::vector<int> Levels(const std::vector<UnitOutcome>& outcomes) {
  std::vector<int> levels;
  for (const UnitOutcome& o : outcomes) levels.push_back(o.level);
  return levels;
}

std::string Spec(const char* unit) {
  return std::string(R"({"window": "1h", "unit": ")") + unit +
         R"(", "steps": [{"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"}]})";
}

TEST(UnitEvaluator, UsersAreOneUnitEach) {
  const EventTable table = MakeTable({{"a", 0, "view"}, {"a", 5 * kMinute, "view"}, {"a", 6 * kMinute, "cart"},
                                      {"b", 0, "cart"}});
  const std::vector<UnitOutcome> outcomes = Outcomes(SpecOrDie(Spec("users")), table, INT64_MAX / 4);
  EXPECT_EQ(Levels(outcomes), (std::vector<int>{2, 0}));
  EXPECT_EQ(outcomes[0].first_row, 0u);
  EXPECT_EQ(outcomes[0].end_row, 3u);
  EXPECT_EQ(outcomes[0].step_time_ms, (std::vector<int64_t>{5 * kMinute, 6 * kMinute}));
}

TEST(UnitEvaluator, AttemptsStartAtEveryStepOneEvent) {
  // view(0) view(5) cart(6) -> two attempts, levels 1 and 2; the cart before is in none.
  const EventTable table = MakeTable({{"a", -kMinute, "cart"}, {"a", 0, "view"}, {"a", 5 * kMinute, "view"},
                                      {"a", 6 * kMinute, "cart"}});
  EXPECT_EQ(Levels(Outcomes(SpecOrDie(Spec("attempts")), table, INT64_MAX / 4)), (std::vector<int>{1, 2}));
}

TEST(UnitEvaluator, SessionsAreSeparateUnits) {
  // A 2-hour gap starts a new session (30 minutes of inactivity end one).
  const EventTable table = MakeTable({{"a", 0, "view"}, {"a", 120 * kMinute, "cart"}, {"a", 121 * kMinute, "view"},
                                      {"a", 122 * kMinute, "cart"}});
  EXPECT_EQ(Levels(Outcomes(SpecOrDie(Spec("sessions")), table, INT64_MAX / 4)), (std::vector<int>{1, 2}));
  EXPECT_EQ(Levels(Outcomes(SpecOrDie(Spec("users")), table, INT64_MAX / 4)), (std::vector<int>{2}));
}

TEST(UnitEvaluator, HoldConstantKeepsTheDeepestRun) {
  // hold order_id, steps cart -> buy: cart{o=1}(0) cart{o=2}(1) buy{o=2}(2) -> 2 (o=2).
  const EventTable table = MakeTable({{"a", 0, "cart", {{"o", "1"}}}, {"a", kMinute, "cart", {{"o", "2"}}},
                                      {"a", 2 * kMinute, "buy", {{"o", "2"}}}});
  const JourneySpec spec = SpecOrDie(R"({"window": "1h", "hold_constant": ["o"],
      "steps": [{"name": "Cart", "event": "cart"}, {"name": "Buy", "event": "buy"}]})");
  const std::vector<UnitOutcome> outcomes = Outcomes(spec, table, INT64_MAX / 4);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].level, 2);
  EXPECT_EQ(outcomes[0].start_ms, kMinute);
}

TEST(UnitEvaluator, OpenWindowAtTheEndOfTheDataIsInProgress) {
  const EventTable table = MakeTable({{"a", 0, "view"}});
  const JourneySpec spec = SpecOrDie(Spec("users"));
  EXPECT_TRUE(Outcomes(spec, table, 30 * kMinute)[0].window_open_at_end);   // window ends at 60 min
  EXPECT_FALSE(Outcomes(spec, table, 90 * kMinute)[0].window_open_at_end);
}

}  // namespace
}  // namespace fl
