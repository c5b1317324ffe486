// Our extensions of windowFunnel, each pinned by a tiny example (times in seconds):
// optional steps (1-Click), per-step windows, exclusions, hold_constant, counting units,
// any order, strict-order re-entry, right-censoring, breakdown attribution, durations.

#include <string>
#include <vector>

#include "core/funnel/funnel_analysis.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/funnel/funnel_test_table.h"

namespace fl {
namespace {

using ::fl::testing::Events;
using ::fl::testing::Level;
using ::fl::testing::LevelsByUser;
using ::fl::testing::MakeTable;
using ::fl::testing::Outcomes;
using ::fl::testing::SpecOrDie;
using ::fl::testing::TestEvent;

constexpr int64_t kS = 1000;

// "u:a@0 b@5" style: one user's events at whole seconds.

const char kAbc[] = R"({"window": 10, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}]})";

TEST(FunnelSemantics, DocumentedWindowExamples) {
  EXPECT_EQ(Level(kAbc, Events("u", {{"a", 0}, {"b", 1}, {"c", 2}})), 3);
  EXPECT_EQ(Level(kAbc, Events("u", {{"a", 0}, {"b", 20}, {"c", 21}})), 1);
  EXPECT_EQ(Level(R"({"window": 3, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}]})",
                  Events("u", {{"a", 0}, {"b", 1}, {"a", 5}, {"c", 6}})), 2);
}

// A repeated step 1 under strict_order restarts the chain instead of ending the search.
TEST(FunnelSemantics, StrictOrderRepeatedFirstStepRestarts) {
  const char strict[] = R"({"window": 10, "order": "strict", "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}]})";
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"a", 1}, {"b", 2}, {"c", 3}})), 3);
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"b", 1}, {"d", 2}, {"c", 3}})), 2);
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"c", 1}, {"b", 2}})), 1);
}

const char kStoreMini[] = R"({"window": "1h", "steps": [
  {"name": "View", "event": "view"},
  {"name": "Cart", "event": ["cart", "one_click"]},
  {"name": "Checkout", "event": "checkout", "optional": true},
  {"name": "Payment", "event": "payment", "optional": true},
  {"name": "Order", "event": "order"}]})";

TEST(FunnelSemantics, OneClickPassesTheOptionalStepsItBypasses) {
  const EventTable table = MakeTable([] {
    std::vector<TestEvent> e = Events("oneclick", {{"view", 0}, {"one_click", 10}, {"order", 11}});
    for (auto& x : Events("full", {{"view", 0}, {"cart", 5}, {"checkout", 6}, {"payment", 7}, {"order", 9}})) e.push_back(x);
    for (auto& x : Events("nopay", {{"view", 0}, {"cart", 5}, {"checkout", 6}, {"order", 9}})) e.push_back(x);
    for (auto& x : Events("cartonly", {{"view", 0}, {"cart", 5}})) e.push_back(x);
    return e;
  }());
  const JourneySpec spec = SpecOrDie(kStoreMini);
  const std::vector<UnitOutcome> outcomes = Outcomes(spec, table, 10000 * kS);
  ASSERT_EQ(outcomes.size(), 4u);
  // Users in first-seen order: oneclick, full, nopay, cartonly.
  EXPECT_EQ(outcomes[0].level, 5);
  EXPECT_EQ(outcomes[0].step_skipped, (std::vector<uint8_t>{0, 0, 1, 1, 0}));
  EXPECT_EQ(outcomes[0].step_time_ms, (std::vector<int64_t>{0, 10 * kS, 11 * kS, 11 * kS, 11 * kS}));
  EXPECT_EQ(outcomes[1].level, 5);
  EXPECT_EQ(outcomes[1].step_skipped, (std::vector<uint8_t>{0, 0, 0, 0, 0}));
  EXPECT_EQ(outcomes[2].level, 5);
  EXPECT_EQ(outcomes[2].step_skipped, (std::vector<uint8_t>{0, 0, 0, 1, 0}));
  EXPECT_EQ(outcomes[3].level, 2);
  absl::StatusOr<FunnelResult> result = AnalyzeFunnel(spec, table);
  ASSERT_TRUE(result.ok());
  const int64_t want[] = {4, 4, 3, 3, 3};
  for (int k = 0; k < 5; ++k) EXPECT_EQ(result->steps[k].count, want[k]) << k;
  // Order's time from previous: from the last step really done (payment 7->9, checkout
  // 6->9, cart 10->11); the skipped steps record no duration.
  EXPECT_EQ(result->steps[4].from_previous.count, 3);
  EXPECT_DOUBLE_EQ(result->steps[4].from_previous.median_seconds, 2.0);
  EXPECT_DOUBLE_EQ(result->steps[4].from_previous.min_seconds, 1.0);
  EXPECT_DOUBLE_EQ(result->steps[4].from_previous.max_seconds, 3.0);
  EXPECT_EQ(result->steps[3].from_previous.count, 1);  // only "full" made a payment
  EXPECT_EQ(result->steps[2].from_previous.count, 2);
}

TEST(FunnelSemantics, PerStepWindow) {
  const char spec[] = R"({"window": "1h", "steps": [{"name":"A","event":"a"},
      {"name":"B","event":"b","window":"10s"},{"name":"C","event":"c"}]})";
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"b", 10}, {"c", 100}})), 3);
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"b", 11}, {"c", 100}})), 1);
  // A later step 1 gives a fresh chance.
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"a", 20}, {"b", 25}, {"c", 100}})), 3);
}

TEST(FunnelSemantics, ExclusionEndsTheAttemptAtFrom) {
  const char spec[] = R"({"window": 100, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}],
      "exclusions": [{"event": "x", "from": "A", "to": "C"}]})";
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"x", 1}, {"b", 2}, {"c", 3}})), 1);
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"b", 1}, {"x", 2}, {"c", 3}})), 2);
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"x", 1}, {"a", 2}, {"b", 3}, {"c", 4}})), 3);
  EXPECT_EQ(Level(spec, Events("u", {{"x", 0}, {"a", 1}, {"b", 2}, {"c", 3}})), 3);  // before from
  // Only between `from` and `to`: here from B to C, so x between A and B is harmless.
  const char late[] = R"({"window": 100, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}],
      "exclusions": [{"event": "x", "from": 1, "to": 2}]})";
  EXPECT_EQ(Level(late, Events("u", {{"a", 0}, {"x", 1}, {"b", 2}, {"c", 3}})), 3);
  EXPECT_EQ(Level(late, Events("u", {{"a", 0}, {"b", 1}, {"x", 2}, {"c", 3}})), 2);
  // Same timestamp as the step: taken after it.
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"x", 0}, {"b", 1}})), 1);
  EXPECT_EQ(Level(spec, Events("u", {{"a", 0}, {"b", 1}, {"c", 2}, {"x", 2}})), 3);
}

TEST(FunnelSemantics, HoldConstantRunsPerValue) {
  const char spec[] = R"({"window": 100, "hold_constant": ["order_id"],
      "steps": [{"name":"Cart","event":"cart"},{"name":"Buy","event":"buy"}]})";
  std::vector<TestEvent> e = {{"u", 0, "cart", {{"order_id", "1"}}},
                              {"u", 1 * kS, "cart", {{"order_id", "2"}}},
                              {"u", 2 * kS, "buy", {{"order_id", "2"}}}};
  EXPECT_EQ(Level(spec, e), 2);
  e[2].props["order_id"] = "3";  // bought something never carted
  EXPECT_EQ(Level(spec, e), 1);
  e[2].props.erase("order_id");  // an event without the value matches no step
  EXPECT_EQ(Level(spec, e), 1);
  EXPECT_EQ(Level(R"({"window": 100, "steps": [{"name":"Cart","event":"cart"},{"name":"Buy","event":"buy"}]})", e), 2);
  // The chosen run's times: the o=2 run starts at 1 s.
  e[2].props["order_id"] = "2";
  const std::vector<UnitOutcome> outcomes = Outcomes(SpecOrDie(spec), MakeTable(e), 1000 * kS);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].start_ms, 1 * kS);
}

TEST(FunnelSemantics, CountingUnits) {
  // Two sessions (gap > 30 min): the first converts, the second only views.
  std::vector<TestEvent> e = Events("u", {{"a", 0}, {"b", 5}, {"a", 4000}, {"a", 4001}, {"b", 4002}});
  const EventTable table = MakeTable(e);
  auto counts = [&](const char* unit) {
    const std::string spec = std::string(R"({"window": 10000, "unit": ")") + unit +
                             R"(", "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"}]})";
    absl::StatusOr<FunnelResult> r = AnalyzeFunnel(SpecOrDie(spec), table);
    EXPECT_TRUE(r.ok());
    return std::make_pair(r->steps[0].count, r->steps[1].count);
  };
  EXPECT_EQ(counts("users"), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(counts("sessions"), std::make_pair(int64_t{2}, int64_t{2}));
  // Attempts: a@0 (-> b@5), a@4000 (alone: the next a starts another), a@4001 (-> b@4002).
  EXPECT_EQ(counts("attempts"), std::make_pair(int64_t{3}, int64_t{2}));
}

TEST(FunnelSemantics, AnyOrder) {
  const char spec[] = R"({"window": 10, "order": "any", "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}]})";
  EXPECT_EQ(Level(spec, Events("u", {{"c", 0}, {"a", 3}, {"b", 30}})), 2);
  EXPECT_EQ(Level(spec, Events("u", {{"c", 0}, {"b", 3}, {"a", 10}})), 3);
  EXPECT_EQ(Level(spec, Events("u", {{"c", 0}, {"b", 3}, {"a", 11}})), 2);
  EXPECT_EQ(Level(spec, Events("u", {{"b", 0}, {"b", 1}, {"b", 2}})), 1);
  const std::vector<UnitOutcome> o =
      Outcomes(SpecOrDie(spec), MakeTable(Events("u", {{"a", 0}, {"c", 50}, {"b", 52}, {"a", 53}})), 1000 * kS);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].level, 3);
  EXPECT_EQ(o[0].step_time_ms, (std::vector<int64_t>{50 * kS, 52 * kS, 53 * kS}));
}

TEST(FunnelSemantics, RightCensoringCountsOpenWindowsAsInProgress) {
  // Data ends at 100 s; window 30 s.
  const char spec[] = R"({"window": 30, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}]})";
  std::vector<TestEvent> e = Events("closed", {{"a", 0}, {"b", 1}});      // window ended at 30
  for (auto& x : Events("open", {{"a", 80}, {"b", 81}})) e.push_back(x);  // ends at 110 > 100
  for (auto& x : Events("open1", {{"a", 90}})) e.push_back(x);
  for (auto& x : Events("done", {{"a", 90}, {"b", 91}, {"c", 92}})) e.push_back(x);
  for (auto& x : Events("end", {{"z", 100}})) e.push_back(x);
  const EventTable table = MakeTable(e);
  absl::StatusOr<FunnelResult> r = AnalyzeFunnel(SpecOrDie(spec), table);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->steps[0].count, 4);
  EXPECT_EQ(r->steps[1].count, 3);
  EXPECT_EQ(r->steps[1].in_progress, 1);  // open1
  EXPECT_EQ(r->steps[1].dropped, 0);
  EXPECT_EQ(r->steps[2].count, 1);
  EXPECT_EQ(r->steps[2].in_progress, 1);  // open
  EXPECT_EQ(r->steps[2].dropped, 1);      // closed
  // A strict-order stop is final even when the window is still open.
  const char strict[] = R"({"window": 30, "order": "strict", "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}]})";
  const std::vector<UnitOutcome> o =
      Outcomes(SpecOrDie(strict), MakeTable(Events("u", {{"a", 90}, {"b", 91}, {"z", 92}})), 100 * kS);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].level, 2);
  EXPECT_FALSE(o[0].window_open_at_end);
}

TEST(FunnelSemantics, BreakdownAttribution) {
  // The user starts on android and converts on ios.
  std::vector<TestEvent> e = {{"u1", 0, "a", {{"device", "android"}}},
                              {"u1", 1 * kS, "other", {{"device", "web"}}},
                              {"u1", 2 * kS, "b", {{"device", "ios"}}},
                              {"u2", 0, "a", {}},
                              {"u3", 0, "a", {{"device", "ios"}}}};
  const EventTable table = MakeTable(e);
  auto segments = [&](const char* attribution) {
    const std::string spec = std::string(R"({"window": 100, "breakdown": {"property": "device", "attribution": ")") +
                             attribution + R"("}, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"}]})";
    absl::StatusOr<FunnelResult> r = AnalyzeFunnel(SpecOrDie(spec), table);
    EXPECT_TRUE(r.ok());
    std::vector<std::string> out;
    for (const SegmentResult& s : r->segments) {
      out.push_back(s.value + ":" + std::to_string(s.steps[0].count) + "/" + std::to_string(s.steps[1].count));
    }
    return out;
  };
  // Sorted by step-1 count desc, then value.
  EXPECT_EQ(segments("first_touch"), (std::vector<std::string>{"(none):1/0", "android:1/1", "ios:1/0"}));
  EXPECT_EQ(segments("last_touch"), (std::vector<std::string>{"ios:2/1", "(none):1/0"}));
}

TEST(FunnelSemantics, BreakdownKeepsTheTopValuesAndAddsUpTheRest) {
  // 30 values: value vK has K+1 users entering, and K of them convert (v0 has a single
  // user, who drops). The top 25 by users entering are v29..v5; v4..v0 add up as
  // "(other)": 5+4+3+2+1 = 15 entering, 4+3+2+1+0 = 10 converting.
  std::vector<TestEvent> e;
  for (int k = 0; k < 30; ++k) {
    for (int u = 0; u <= k; ++u) {
      const std::string user = "v" + std::to_string(k) + "_u" + std::to_string(u);
      e.push_back({user, 0, "a", {{"plan", "v" + std::to_string(k)}}});
      if (u < k) e.push_back({user, 1 * kS, "b", {}});
    }
  }
  // A value spelled "(other)" in the data stays a value of its own.
  e.push_back({"x", 0, "a", {{"plan", "(other)"}}});
  const EventTable table = MakeTable(e);
  const char spec[] = R"({"window": 100, "breakdown": {"property": "plan"}, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"}]})";
  absl::StatusOr<FunnelResult> r = AnalyzeFunnel(SpecOrDie(spec), table);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->breakdown_values, 31);
  EXPECT_EQ(r->breakdown_values_in_other, 6);  // v4..v0 and the data's own "(other)"
  ASSERT_EQ(r->segments.size(), 26u);
  EXPECT_EQ(r->segments[0].value, "v29");
  EXPECT_EQ(r->segments[24].value, "v5");
  const SegmentResult& rest = r->segments[25];
  EXPECT_EQ(rest.value, "(other)");
  EXPECT_TRUE(rest.other);
  EXPECT_EQ(rest.steps[0].count, 16);
  EXPECT_EQ(rest.steps[1].count, 10);
  EXPECT_NEAR(rest.steps[1].conversion, 10.0 / 16, 1e-12);
  // Nothing is lost: the segments add up to the funnel.
  int64_t entering = 0, converting = 0;
  for (const SegmentResult& s : r->segments) {
    EXPECT_EQ(s.other, &s == &rest) << s.value;
    entering += s.steps[0].count;
    converting += s.steps[1].count;
  }
  EXPECT_EQ(entering, r->steps[0].count);
  EXPECT_EQ(converting, r->steps[1].count);

  // top: 40 shows every value and no "(other)"; the JSON says how many were folded.
  const char all[] = R"({"window": 100, "breakdown": {"property": "plan", "top": 40}, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"}]})";
  r = AnalyzeFunnel(SpecOrDie(all), table);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->segments.size(), 31u);
  EXPECT_EQ(r->breakdown_values_in_other, 0);
  for (const SegmentResult& s : r->segments) EXPECT_FALSE(s.other) << s.value;
}

TEST(FunnelSemantics, DurationsComeFromTheDeepestChain) {
  // Two attempts: a@0 b@50 (window 100), then a@200 b@205 c@210. The deepest chain is
  // the second: from previous 5 s and 5 s, from start 5 s and 10 s.
  const char spec[] = R"({"window": 100, "steps": [{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}]})";
  absl::StatusOr<FunnelResult> r = AnalyzeFunnel(
      SpecOrDie(spec), MakeTable(Events("u", {{"a", 0}, {"b", 50}, {"a", 200}, {"b", 205}, {"c", 210}})));
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->steps[1].from_previous.median_seconds, 5.0);
  EXPECT_DOUBLE_EQ(r->steps[2].from_previous.median_seconds, 5.0);
  EXPECT_DOUBLE_EQ(r->steps[2].from_start.median_seconds, 10.0);
  ASSERT_EQ(r->trend.size(), 1u);
  EXPECT_EQ(r->trend[0].bucket_start_ms, 0);
  EXPECT_EQ(r->trend[0].converted, 1);
}

TEST(FunnelSemantics, WherePredicates) {
  const char spec[] = R"({"window": 100, "steps": [
      {"name":"A","event":"page","where":{"page":{"prefix":"/checkout"},"device":{"not":{"in":["ios","web"]}}}}]})";
  std::vector<TestEvent> e = {{"hit", 0, "page", {{"page", "/checkout/pay"}, {"device", "android"}}},
                              {"nodevice", 0, "page", {{"page", "/checkout"}}},
                              {"ios", 0, "page", {{"page", "/checkout"}, {"device", "ios"}}},
                              {"otherpage", 0, "page", {{"page", "/cart"}, {"device", "android"}}}};
  const auto levels = LevelsByUser(SpecOrDie(spec), MakeTable(e));
  EXPECT_EQ(levels.at("hit"), 1);
  EXPECT_EQ(levels.at("nodevice"), 1);  // missing is "" and "" is not in [ios, web]
  EXPECT_EQ(levels.at("ios"), 0);
  EXPECT_EQ(levels.at("otherpage"), 0);
}

}  // namespace
}  // namespace fl
