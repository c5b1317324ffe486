#include "core/ingest/recent_values.h"

#include <string>
#include <vector>

#include "core/dictionary.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(RecentValues, MissThenHit) {
  RecentValues cache;
  Dictionary d;
  EXPECT_EQ(cache.Find("ios"), RecentValues::kMiss);
  const uint32_t id = d.Intern("ios");
  EXPECT_EQ(cache.Put(d.Value(id), id), id);
  EXPECT_EQ(cache.Find("ios"), id);
  EXPECT_EQ(cache.Find("iOS"), RecentValues::kMiss);
  EXPECT_EQ(cache.Find(""), RecentValues::kMiss);
}

// Whatever collides, a hit always names the text's own id: the cache only ever saves
// a dictionary lookup, never changes its answer.
TEST(RecentValues, HitsAreAlwaysRight) {
  RecentValues cache;
  Dictionary d;
  std::vector<std::string> texts;
  for (int i = 0; i < 2000; ++i) texts.push_back("/product/" + std::to_string(i % 700));
  int hits = 0;
  for (const std::string& t : texts) {
    uint32_t id = cache.Find(t);
    if (id != RecentValues::kMiss) {
      ++hits;
      EXPECT_EQ(id, d.Find(t)) << t;
      continue;
    }
    id = d.Intern(t);
    cache.Put(d.Value(id), id);
  }
  EXPECT_GT(hits, 0);
  EXPECT_LT(hits, 2000);
}

}  // namespace
}  // namespace fl
