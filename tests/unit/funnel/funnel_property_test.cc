// The funnel against a brute-force model on random small journeys (issue 21's property
// tests): thousands of users with a few events each, times drawn from a small range so that
// ties and window edges are common, journeys of 2-4 steps in random order with random
// windows. The model tries every chain of events, so it shares no logic with the engine:
//   a user reaches level k when events e1..ek of steps 1..k exist with
//   t1 <= t2 <= ... <= tk and tk - t1 <= window  (ordered, loose: other events may come
//   between; same-time events count in step order; exactly the window counts).
// The seeds are fixed, so a failure reproduces; the first mismatch is printed whole.

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "unit/funnel/funnel_test_table.h"

namespace fl {
namespace {

using ::fl::testing::LevelsByUser;
using ::fl::testing::MakeTable;
using ::fl::testing::SpecOrDie;
using ::fl::testing::TestEvent;

constexpr int64_t kS = 1000;

// Deepest k for which a chain exists, trying every event at every step.
int ModelLevel(const std::vector<std::pair<std::string, int64_t>>& events, const std::vector<std::string>& steps,
               int64_t window_ms) {
  int best = 0;
  // Extends a chain that has matched `depth` steps, the first at t1, the last at `last`.
  auto extend = [&](auto&& self, size_t depth, int64_t t1, int64_t last) -> void {
    best = std::max(best, static_cast<int>(depth));
    if (depth == steps.size()) return;
    for (const auto& [name, t] : events) {
      if (name == steps[depth] && t >= last && t - t1 <= window_ms) self(self, depth + 1, t1, t);
    }
  };
  for (const auto& [name, t] : events) {
    if (name == steps[0]) extend(extend, 1, t, t);
  }
  return best;
}

struct Trial {
  std::vector<std::string> steps;
  int64_t window_ms;
  std::map<std::string, std::vector<std::pair<std::string, int64_t>>> users;
};

Trial RandomTrial(std::mt19937& rng) {
  static const std::vector<std::string> kNames = {"a", "b", "c", "d", "x"};
  Trial trial;
  std::vector<std::string> pool = {"a", "b", "c", "d"};
  std::shuffle(pool.begin(), pool.end(), rng);
  trial.steps.assign(pool.begin(), pool.begin() + std::uniform_int_distribution<int>(2, 4)(rng));
  trial.window_ms = std::uniform_int_distribution<int64_t>(0, 12)(rng) * kS;
  const int users = std::uniform_int_distribution<int>(1, 40)(rng);
  for (int u = 0; u < users; ++u) {
    auto& events = trial.users[absl::StrCat("u", u)];
    const int n = std::uniform_int_distribution<int>(0, 9)(rng);
    for (int i = 0; i < n; ++i) {
      events.push_back({kNames[std::uniform_int_distribution<size_t>(0, kNames.size() - 1)(rng)],
                        std::uniform_int_distribution<int64_t>(0, 15)(rng) * kS});
    }
  }
  return trial;
}

std::string Describe(const Trial& trial, const std::string& user) {
  std::string text = absl::StrCat("window ", trial.window_ms / kS, " s, steps");
  for (const std::string& s : trial.steps) absl::StrAppend(&text, " ", s);
  absl::StrAppend(&text, "; ", user, ":");
  for (const auto& [name, t] : trial.users.at(user)) absl::StrAppend(&text, " ", name, "@", t / kS);
  return text;
}

TEST(FunnelProperty, MatchesTheBruteForceModelOnRandomJourneys) {
  std::mt19937 rng(20261202);
  int compared = 0, reached_last = 0;
  for (int round = 0; round < 400; ++round) {
    const Trial trial = RandomTrial(rng);
    std::string spec = absl::StrCat(R"({"window": )", trial.window_ms / kS, R"(, "steps": [)");
    for (size_t i = 0; i < trial.steps.size(); ++i) {
      absl::StrAppend(&spec, i ? "," : "", R"({"name": "S)", i, R"(", "event": ")", trial.steps[i], R"("})");
    }
    absl::StrAppend(&spec, "]}");
    std::vector<TestEvent> events;
    for (const auto& [user, list] : trial.users) {
      for (const auto& [name, t] : list) events.push_back({user, t, name, {}});
    }
    const std::map<std::string, int> levels = LevelsByUser(SpecOrDie(spec), MakeTable(events));
    for (const auto& [user, list] : trial.users) {
      const int want = ModelLevel(list, trial.steps, trial.window_ms);
      const auto found = levels.find(user);
      const int got = found == levels.end() ? 0 : found->second;
      ASSERT_EQ(got, want) << "round " << round << ": " << Describe(trial, user);
      ++compared;
      reached_last += want == static_cast<int>(trial.steps.size());
    }
  }
  // The draws make every level common, not only 0 and 1.
  EXPECT_GT(compared, 5000);
  EXPECT_GT(reached_last, 500);
}

}  // namespace
}  // namespace fl
