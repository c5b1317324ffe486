// UserSessionIds against a map of (user, text) -> first-seen rank per user.

#include "core/ingest/user_sessions.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(UserSessionIds, NumbersEachUsersValuesInFirstSeenOrder) {
  UserSessionIds ids;
  EXPECT_EQ(ids.Intern(7, "s-1"), 1u);
  EXPECT_EQ(ids.Intern(7, "s-1"), 1u);
  EXPECT_EQ(ids.Intern(7, "s-2"), 2u);
  EXPECT_EQ(ids.Intern(7, "s-1"), 1u);  // comes back: same id
  EXPECT_EQ(ids.Intern(8, "s-2"), 1u);  // another user counts on its own
  EXPECT_EQ(ids.Count(7), 2u);
  EXPECT_EQ(ids.Count(8), 1u);
  EXPECT_EQ(ids.Count(3), 0u);
  EXPECT_EQ(ids.Count(100), 0u);
  EXPECT_EQ(ids.Value(7, 1), "s-1");
  EXPECT_EQ(ids.Value(7, 2), "s-2");
  EXPECT_EQ(ids.Value(8, 1), "s-2");
  EXPECT_EQ(ids.user_limit(), 9u);
}

TEST(UserSessionIds, AgreesWithAMapOnRandomRows) {
  // Long texts (past the short-text compare), texts that are prefixes of one another,
  // NUL bytes, and users that switch back and forth.
  std::mt19937 random(3);
  UserSessionIds ids;
  std::map<std::pair<uint32_t, std::string>, uint32_t> expected;
  std::map<uint32_t, uint32_t> counts;
  const std::string stems[] = {"a", "ab", std::string("a\0b", 3), "session-0123456789-abcdef", "session-0123456789-abcdeg"};
  for (int i = 0; i < 200000; ++i) {
    const uint32_t user = random() % 3000;
    const std::string text = stems[random() % 5] + std::to_string(random() % 4);
    auto [it, inserted] = expected.try_emplace({user, text}, counts[user] + 1);
    if (inserted) ++counts[user];
    ASSERT_EQ(ids.Intern(user, text), it->second) << i;
  }
  for (const auto& [key, id] : expected) {
    ASSERT_EQ(ids.Value(key.first, id), key.second);
    ASSERT_EQ(ids.Count(key.first), counts[key.first]);
  }
}

}  // namespace
}  // namespace fl
