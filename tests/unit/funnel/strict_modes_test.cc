// The strict rules users know, each on one small example (times in seconds), as the
// README's "Funnel modes" table shows them:
//   order "strict"  PostHog "strict", Amplitude "exact order", GA4 "directly followed by"
//   strict_order    ClickHouse: an event matching no step, or a step out of turn, ends it
//   allow_reentry   ClickHouse, with strict_order: a step out of turn is ignored instead
//   strict_once     ClickHouse: one event advances a chain by one step at most
//   min_gap         a step at least this long after the previous one
// and a brute-force check of the modes that keep every chain (strict_once, min_gap)
// against an exhaustive search over all step sequences of small random units.

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/journey/window_funnel.h"
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


std::string Spec(const std::string& head, const std::string& steps = R"([{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"}])") {
  return absl::StrCat(R"({"window": 100, )", head, head.empty() ? "" : ", ", R"("steps": )", steps, "}");
}

TEST(StrictModes, OrderStrictMeansNothingInBetween) {
  const std::string strict = Spec(R"("order": "strict")");
  const std::string clickhouse = Spec(R"("modes": ["strict_order"])");
  const std::string loose = Spec("");
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"b", 1}, {"c", 2}})), 3);
  // A step that fires again between two later steps is "another event" for PostHog, not
  // for ClickHouse (semantics notes: A-B-A-C).
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"b", 1}, {"a", 2}, {"c", 3}})), 2);
  EXPECT_EQ(Level(clickhouse, Events("u", {{"a", 0}, {"b", 1}, {"a", 2}, {"c", 3}})), 3);
  // A repeated step 1 starts a new chain at the later event, which B follows directly.
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"a", 1}, {"b", 2}, {"c", 3}})), 3);
  // A repeated step 2 breaks it: C does not directly follow the B the chain took.
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"b", 1}, {"b", 2}, {"c", 3}})), 2);
  EXPECT_EQ(Level(clickhouse, Events("u", {{"a", 0}, {"b", 1}, {"b", 2}, {"c", 3}})), 3);
  // Any other event between breaks it; the loose funnel does not care.
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"x", 1}, {"b", 2}, {"c", 3}})), 1);
  EXPECT_EQ(Level(loose, Events("u", {{"a", 0}, {"x", 1}, {"b", 2}, {"c", 3}})), 3);
  // A later attempt that is clean converts.
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"x", 1}, {"a", 2}, {"b", 3}, {"c", 4}})), 3);
  // Out of order: C before B.
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"c", 1}, {"b", 2}})), 1);
  // The window still applies.
  EXPECT_EQ(Level(strict, Events("u", {{"a", 0}, {"b", 50}, {"c", 101}})), 2);
}

TEST(StrictModes, OrderStrictWithOptionalStepsAndOneEventOnTwoSteps) {
  const std::string optional = Spec(R"("order": "strict")",
      R"([{"name":"A","event":"a"},{"name":"B","event":"b","optional":true},{"name":"C","event":"c"}])");
  EXPECT_EQ(Level(optional, Events("u", {{"a", 0}, {"c", 1}})), 3);             // B skipped
  EXPECT_EQ(Level(optional, Events("u", {{"a", 0}, {"b", 1}, {"c", 2}})), 3);
  EXPECT_EQ(Level(optional, Events("u", {{"a", 0}, {"x", 1}, {"c", 2}})), 1);
  // One event matching two consecutive steps advances through both, as in every mode.
  const std::string same = Spec(R"("order": "strict")",
      R"([{"name":"A","event":"a"},{"name":"B","event":"e"},{"name":"C","event":"e"}])");
  EXPECT_EQ(Level(same, Events("u", {{"a", 0}, {"e", 1}})), 3);
}

TEST(StrictModes, OrderStrictRightCensoring) {
  const std::string strict = Spec(R"("order": "strict")");
  // The chain's B is the unit's last event and its window is open: in progress.
  std::vector<UnitOutcome> o = Outcomes(SpecOrDie(strict), MakeTable(Events("u", {{"a", 90}, {"b", 91}})), 100 * kS);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].level, 2);
  EXPECT_TRUE(o[0].window_open_at_end);
  // An event after B has broken that chain for good: dropped, though the window is open.
  o = Outcomes(SpecOrDie(strict), MakeTable(Events("u", {{"a", 90}, {"b", 91}, {"x", 92}})), 100 * kS);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].level, 2);
  EXPECT_FALSE(o[0].window_open_at_end);
}

TEST(StrictModes, AllowReentryIgnoresAStepOutOfTurn) {
  const std::string order = Spec(R"("modes": ["strict_order"])");
  const std::string reentry = Spec(R"("modes": ["strict_order", "allow_reentry"])");
  // C comes before B: strict_order stops at A; allow_reentry skips that C and goes on.
  EXPECT_EQ(Level(order, Events("u", {{"a", 0}, {"c", 1}, {"b", 2}, {"c", 3}})), 1);
  EXPECT_EQ(Level(reentry, Events("u", {{"a", 0}, {"c", 1}, {"b", 2}, {"c", 3}})), 3);
  // An event matching no step still ends the search.
  EXPECT_EQ(Level(reentry, Events("u", {{"a", 0}, {"b", 1}, {"x", 2}, {"c", 3}})), 2);
  // ClickHouse's own case, steps a, b, a, c on a-b-a-c: the first a also matches step 3
  // while step 2 is unreached, which ends strict_order at 1; with re-entry it reaches 4.
  const std::string abac_steps =
      R"([{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"A2","event":"a"},{"name":"C","event":"c"}])";
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_order"])", abac_steps), Events("u", {{"a", 1}, {"b", 2}, {"a", 3}, {"c", 4}})), 1);
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_order", "allow_reentry"])", abac_steps),
                  Events("u", {{"a", 1}, {"b", 2}, {"a", 3}, {"c", 4}})), 4);
}

TEST(StrictModes, StrictOnceCountsAnEventOnce) {
  const std::string eee = R"([{"name":"A","event":"e"},{"name":"B","event":"e"},{"name":"C","event":"e"}])";
  // ClickHouse 00632: (e, e, e) on one event is 3 by default, 1 with strict_once.
  EXPECT_EQ(Level(Spec("", eee), Events("u", {{"e", 2}})), 3);
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_once"])", eee), Events("u", {{"e", 2}})), 1);
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_once"])", eee), Events("u", {{"e", 2}, {"e", 3}, {"e", 4}})), 3);
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_increase"])", eee), Events("u", {{"e", 2}})), 1);
  // strict_deduplication (ClickHouse #27469 / #37177): the repeated b ends the search at 3.
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_deduplication"])",
                       R"([{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":"c"},{"name":"D","event":"d"}])"),
                  Events("u", {{"a", 1}, {"b", 2}, {"c", 3}, {"b", 4}, {"d", 5}})), 3);
  // ClickHouse 00632's failure, failure, success funnel, window 200 (users 123, 234, 345).
  const std::string ffs = R"([{"name":"F1","event":"failure"},{"name":"F2","event":"failure"},{"name":"S","event":"success"}])";
  std::vector<TestEvent> e = Events("123", {{"failure", 180}, {"failure", 220}, {"success", 250}});
  for (const TestEvent& x : Events("234", {{"failure", 100}, {"failure", 250}})) e.push_back(x);
  for (const TestEvent& x : Events("345", {{"success", 200}, {"failure", 210}, {"success", 230}})) e.push_back(x);
  for (const char* modes : {R"(["strict_once", "strict_increase"])", R"(["strict_once"])",
                            R"(["strict_once", "strict_deduplication"])"}) {
    const auto levels = LevelsByUser(
        SpecOrDie(absl::StrCat(R"({"window": 200, "modes": )", modes, R"(, "steps": )", ffs, "}")), MakeTable(e));
    EXPECT_EQ(levels.at("123"), 3) << modes;
    EXPECT_EQ(levels.at("234"), 2) << modes;
    EXPECT_EQ(levels.at("345"), 1) << modes;
  }
  // An event that restarts step 1 and could also be step 2 extends the chain before it:
  // q starts, r (step 1 or 2) then takes q's chain to 2 (ClickHouse keeps both chains).
  const std::string qr = R"([{"name":"S","event":["q","r"]},{"name":"T","event":"r"}])";
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_once"])", qr), Events("u", {{"q", 0}, {"r", 1}})), 2);
  EXPECT_EQ(Level(Spec(R"("modes": ["strict_once"])", qr), Events("u", {{"r", 1}})), 1);
}

TEST(StrictModes, MinimumGap) {
  const std::string gap = Spec("", R"([{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"5s"}])");
  EXPECT_EQ(Level(gap, Events("u", {{"a", 0}, {"b", 3}})), 1);
  EXPECT_EQ(Level(gap, Events("u", {{"a", 0}, {"b", 5}})), 2);  // exactly the gap is enough
  EXPECT_EQ(Level(gap, Events("u", {{"a", 0}, {"b", 3}, {"b", 6}})), 2);
  // The gap is measured from any earlier A of the window, not only the latest one.
  EXPECT_EQ(Level(gap, Events("u", {{"a", 0}, {"a", 2}, {"b", 6}})), 2);
  // With a step window too: B must come 5 to 10 s after an A.
  const std::string band = Spec("", R"([{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"5s","window":"10s"}])");
  EXPECT_EQ(Level(band, Events("u", {{"a", 0}, {"b", 11}})), 1);
  EXPECT_EQ(Level(band, Events("u", {{"a", 0}, {"a", 4}, {"b", 11}})), 2);   // 7 s after the second A
  EXPECT_EQ(Level(band, Events("u", {{"a", 0}, {"a", 8}, {"b", 11}})), 1);   // 11 s and 3 s
  // The funnel's window is still measured from step 1.
  const std::string chain = Spec("",
      R"([{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"60s"},{"name":"C","event":"c","min_gap":"60s"}])");
  EXPECT_EQ(Level(chain, Events("u", {{"a", 0}, {"b", 60}, {"c", 101}})), 2);  // C after the 100 s window
  EXPECT_EQ(Level(chain, Events("u", {{"a", 0}, {"a", 30}, {"b", 90}, {"c", 150}})), 2);
  EXPECT_EQ(Level(chain, Events("u", {{"a", 0}, {"b", 40}, {"b", 60}, {"c", 100}})), 2);  // 40 s gap too short; 60+60 > 100
}

// An exhaustive search: the deepest level of any sequence of entries (in the funnel's
// sorted order) that takes steps 1, 2, ... in turn within the rules. Under strict_once
// its events are distinct; otherwise one event may take consecutive steps.
struct Rules {
  int64_t window = 0;
  bool strict_once = false, strict_increase = false;
  std::vector<int64_t> min_gap, step_window;  // per step, -1 = none
};

int BruteForce(const std::vector<FunnelEntry>& entries, int steps, const Rules& rules) {
  int best = 0;
  std::vector<size_t> path;
  std::function<void(size_t, int)> extend = [&](size_t after, int level) {
    best = std::max(best, level);
    if (level == steps) return;
    for (size_t i = after; i < entries.size(); ++i) {
      const FunnelEntry& e = entries[i];
      if (static_cast<int>(e.level) != level + 1) continue;
      if (level > 0) {
        const FunnelEntry& prev = entries[path.back()];
        const int64_t first = entries[path.front()].time_ms;
        if (e.time_ms > first + rules.window) continue;
        if (rules.strict_increase && !(prev.time_ms < e.time_ms)) continue;
        if (rules.min_gap[level] >= 0 && e.time_ms - prev.time_ms < rules.min_gap[level]) continue;
        if (rules.step_window[level] >= 0 && e.time_ms - prev.time_ms > rules.step_window[level]) continue;
        bool reused = false;
        for (size_t p : path) reused = reused || entries[p].row == e.row;
        if (rules.strict_once && reused) continue;
      }
      path.push_back(i);
      extend(i + 1, level + 1);
      path.pop_back();
    }
  };
  extend(0, 0);
  return best;
}

TEST(StrictModes, ModesThatKeepEveryChainMatchAnExhaustiveSearch) {
  std::mt19937 random(20261204);
  const int steps = 3;
  const int kTrials = 20000;
  int checked = 0, deeper_than_one = 0;
  for (int trial = 0; trial < kTrials; ++trial) {
    Rules rules;
    rules.window = 4 + static_cast<int64_t>(random() % 8);
    rules.strict_once = random() % 2 == 0;
    rules.strict_increase = random() % 3 == 0;
    rules.min_gap.assign(steps, -1);
    rules.step_window.assign(steps, -1);
    for (int k = 1; k < steps; ++k) {
      if (random() % 2 == 0) rules.min_gap[k] = 1 + static_cast<int64_t>(random() % 3);
      if (random() % 3 == 0) rules.step_window[k] = std::max<int64_t>(rules.min_gap[k], 0) + static_cast<int64_t>(random() % 4);
    }
    if (!rules.strict_once && rules.min_gap[1] < 0 && rules.min_gap[2] < 0) rules.min_gap[1] = 1;  // history mode
    JourneySpec spec;
    spec.window_ms = rules.window;
    spec.strict_once = rules.strict_once;
    spec.strict_increase = rules.strict_increase;
    for (int k = 0; k < steps; ++k) {
      StepSpec step;
      step.name = std::string(1, static_cast<char>('A' + k));
      if (rules.min_gap[k] >= 0) step.min_gap_ms = rules.min_gap[k];
      if (rules.step_window[k] >= 0) step.window_ms = rules.step_window[k];
      spec.steps.push_back(step);
    }
    // Up to 7 events at times 0..9; each matches a random non-empty set of steps.
    std::vector<FunnelEntry> entries;
    const int events = 1 + static_cast<int>(random() % 8);
    for (int row = 0; row < events; ++row) {
      const int64_t time = static_cast<int64_t>(random() % 10);
      const unsigned mask = 1 + random() % 7;
      for (int k = 0; k < steps; ++k) {
        if (mask & (1u << k)) entries.push_back({time, static_cast<uint32_t>(row), static_cast<uint32_t>(k + 1)});
      }
    }
    SortFunnelEntries(&entries);
    WindowFunnel funnel(spec);
    ChainOutcome outcome;
    funnel.Evaluate(entries, 1000, &outcome);
    const int expected = BruteForce(entries, steps, rules);
    std::string shown;
    for (const FunnelEntry& e : entries) absl::StrAppend(&shown, " r", e.row, "@", e.time_ms, ":", e.level);
    ASSERT_EQ(outcome.level, expected) << "trial " << trial << " window " << rules.window << " once "
                                       << rules.strict_once << " increase " << rules.strict_increase << " gaps "
                                       << rules.min_gap[1] << "," << rules.min_gap[2] << " step windows "
                                       << rules.step_window[1] << "," << rules.step_window[2] << " entries" << shown;
    ++checked;
    deeper_than_one += expected > 1;
  }
  EXPECT_EQ(checked, kTrials);
  EXPECT_GT(deeper_than_one, kTrials / 4);  // the cases are not all trivial
}

}  // namespace
}  // namespace fl
