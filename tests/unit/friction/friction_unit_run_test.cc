// UnitRun keeps friction units as packed records: what goes in comes back out, field by
// field, through full and partial reads, sorting, id remapping, copies and records
// bigger than a block. SortedUnits interleaves runs in user-name order.

#include "core/friction/unit_run.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/friction/sorted_units.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

FrictionUnit Sample(std::string_view user) {
  FrictionUnit u;
  u.user = user;
  u.level = 5;
  u.in_progress = true;
  u.outcome = false;
  u.order_value_micros = -123456789012345;
  u.order_value_count = std::numeric_limits<int64_t>::max();
  u.segments = {0, 127, 128, 300000, UINT32_MAX};
  u.session_stage = {0, 3, 255};
  u.stage_times = {{0, 0, 1, true},
                   {std::numeric_limits<int64_t>::min(), 7, 2, false},
                   {65234, UINT32_MAX, 255, true}};
  u.hits = {{1, SignalKind::kQuickBack, 0, 0},
            {255, SignalKind::kLowReview, UINT32_MAX, 1u << 21},
            {0, SignalKind::kSlowStep, 128, 5}};
  return u;
}

void ExpectSame(const FrictionUnit& a, const FrictionUnit& b) {
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.in_progress, b.in_progress);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.order_value_micros, b.order_value_micros);
  EXPECT_EQ(a.order_value_count, b.order_value_count);
  EXPECT_EQ(a.segments, b.segments);
  EXPECT_EQ(a.session_stage, b.session_stage);
  ASSERT_EQ(a.stage_times.size(), b.stage_times.size());
  for (size_t i = 0; i < a.stage_times.size(); ++i) {
    EXPECT_EQ(a.stage_times[i].duration_ms, b.stage_times[i].duration_ms) << i;
    EXPECT_EQ(a.stage_times[i].session, b.stage_times[i].session) << i;
    EXPECT_EQ(a.stage_times[i].stage, b.stage_times[i].stage) << i;
    EXPECT_EQ(a.stage_times[i].reached, b.stage_times[i].reached) << i;
  }
  ASSERT_EQ(a.hits.size(), b.hits.size());
  for (size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].stage, b.hits[i].stage) << i;
    EXPECT_EQ(a.hits[i].kind, b.hits[i].kind) << i;
    EXPECT_EQ(a.hits[i].session, b.hits[i].session) << i;
    EXPECT_EQ(a.hits[i].target, b.hits[i].target) << i;
  }
}

// Positions of `names` in the order a stable sort by bytes puts them.
std::vector<size_t> StableOrder(const std::vector<std::string>& names) {
  std::vector<size_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return names[a] < names[b]; });
  return order;
}

TEST(UnitRun, EveryFieldComesBack) {
  UnitRun run;
  const FrictionUnit sample = Sample("user-ü");
  FrictionUnit empty;
  empty.user = "";
  ASSERT_TRUE(run.Append(sample));
  ASSERT_TRUE(run.Append(empty));
  ASSERT_EQ(run.size(), 2u);

  FrictionUnit back;
  run.Decode(0, &back);
  ExpectSame(back, sample);
  run.Decode(1, &back);  // reusing the decoded unit leaves nothing of the last one
  ExpectSame(back, empty);

  EXPECT_EQ(run.User(0), "user-ü");
  const UnitStatus status = run.Status(0);
  EXPECT_EQ(status.level, 5);
  EXPECT_TRUE(status.in_progress);
  EXPECT_FALSE(status.outcome);
  std::vector<uint32_t> segments;
  run.Segments(0, &segments);
  EXPECT_EQ(segments, sample.segments);
  std::vector<FrictionUnit::StageTime> times;
  run.StageTimes(0, &times);
  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(times[1].duration_ms, std::numeric_limits<int64_t>::min());
  run.StageTimes(1, &times);
  EXPECT_TRUE(times.empty());
}

TEST(UnitRun, SmallUnitsTakeFewBytes) {
  // A unit with a short name and a few short lists: a 35-byte record and a 4-byte
  // offset (plus the last block's unused end), not a struct of vectors (that took
  // about 170 bytes plus heap blocks).
  UnitRun run;
  FrictionUnit u;
  u.user = "1000051";
  u.level = 2;
  u.segments = {0, 3, 7, 12};
  u.session_stage = {1, 2};
  u.stage_times = {{65234, 0, 1, true}, {1200, 1, 2, false}};
  u.hits = {{1, SignalKind::kQuickBack, 0, 3}};
  const int n = 100000;
  run.Reserve(n);
  for (int i = 0; i < n; ++i) ASSERT_TRUE(run.Append(u));
  EXPECT_LT(run.bytes() / n, 48u);
}

TEST(UnitRun, SortsByUserKeepingEqualNamesInOrder) {
  UnitRun run;
  FrictionUnit u;
  const std::vector<std::string> names = {"b", "a", "c", "a", "B", "ab"};
  for (size_t i = 0; i < names.size(); ++i) {
    u.user = names[i];
    u.level = static_cast<int>(i);  // marks the original position
    run.Append(u);
  }
  EXPECT_FALSE(run.SortedByUser());
  run.SortByUser();
  EXPECT_TRUE(run.SortedByUser());
  std::vector<std::string> users;
  std::vector<int> positions;
  for (size_t i = 0; i < run.size(); ++i) {
    users.emplace_back(run.User(i));
    positions.push_back(run.Status(i).level);
  }
  EXPECT_EQ(users, (std::vector<std::string>{"B", "a", "a", "ab", "b", "c"}));
  EXPECT_EQ(positions, (std::vector<int>{4, 1, 3, 5, 0, 2}));
}

TEST(UnitRun, SortsLongAndNulNamesAsAStableSortByBytes) {
  // Names that share their first 8 bytes or more, hold NUL bytes (a NUL pads the prefix
  // key too), are prefixes of one another, or are equal: the order must still be a
  // stable sort by bytes.
  std::mt19937 random(5);
  std::vector<std::string> names;
  const std::string stems[] = {"anonymous-", "anonymous-7f3a", std::string("ab\0", 3), "ab", std::string("ab\0\0c", 5),
                               "", "zzzzzzzz", "zzzzzzzzz", "user-0000000001", "user-000000001"};
  for (int i = 0; i < 5000; ++i) {
    std::string name = stems[random() % 10];
    if (random() % 2) name += std::to_string(random() % 50);
    names.push_back(name);
  }
  UnitRun run;
  FrictionUnit u;
  for (size_t i = 0; i < names.size(); ++i) {
    u.user = names[i];
    u.order_value_count = static_cast<int64_t>(i);  // marks the original position
    ASSERT_TRUE(run.Append(u));
  }
  run.SortByUser();
  const std::vector<size_t> expected = StableOrder(names);
  FrictionUnit out;
  for (size_t i = 0; i < run.size(); ++i) {
    run.Decode(i, &out);
    ASSERT_EQ(out.order_value_count, static_cast<int64_t>(expected[i])) << i;
    ASSERT_EQ(std::string(out.user), names[expected[i]]) << i;
  }
}

TEST(UnitRun, RemapsComposeAndCopiesAreDeep) {
  UnitRun run;
  FrictionUnit u;
  u.user = "x";
  u.segments = {0, 2};
  u.hits = {{0, SignalKind::kError, 0, 1}, {0, SignalKind::kError, 0, 0}};
  run.Append(u);
  run.Remap({5, 6, 7}, {0, 9});
  run.Remap({0, 0, 0, 0, 0, 1, 2, 3}, {4, 0, 0, 0, 0, 0, 0, 0, 0, 8});
  FrictionUnit back;
  run.Decode(0, &back);
  EXPECT_EQ(back.segments, (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(back.hits[0].target, 8u);
  EXPECT_EQ(back.hits[1].target, 4u);
  std::vector<uint32_t> segments;
  run.Segments(0, &segments);
  EXPECT_EQ(segments, back.segments);

  UnitRun copy = run;
  run = UnitRun();  // the copy keeps its own bytes
  ASSERT_EQ(copy.size(), 1u);
  FrictionUnit from_copy;
  copy.Decode(0, &from_copy);
  EXPECT_EQ(from_copy.user, "x");
  EXPECT_EQ(from_copy.segments, (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(from_copy.hits[0].target, 8u);
}

TEST(UnitRun, RecordBiggerThanABlock) {
  UnitRun run;
  FrictionUnit big;
  big.user = "big";
  big.hits.assign(300000, {3, SignalKind::kRageClick, 200, 70000});  // about 2 MB
  FrictionUnit small = Sample("small");
  ASSERT_TRUE(run.Append(small));
  ASSERT_TRUE(run.Append(big));
  ASSERT_TRUE(run.Append(small));
  FrictionUnit back;
  run.Decode(1, &back);
  ExpectSame(back, big);
  run.Decode(0, &back);
  ExpectSame(back, small);
  run.Decode(2, &back);
  ExpectSame(back, small);
}

// SortByUser rewrites the records in sorted order: every field of every record comes
// back, across many blocks, a record bigger than a block, and a copy appended to.
TEST(UnitRun, SortRewritesEveryRecordWhole) {
  std::mt19937 random(7);
  std::vector<FrictionUnit> units;
  std::vector<std::string> names;
  for (int i = 0; i < 60000; ++i) names.push_back("u" + std::to_string(random() % 20000));
  names[30000] = "big";
  for (size_t i = 0; i < names.size(); ++i) {
    FrictionUnit u = Sample(names[i]);
    u.order_value_count = static_cast<int64_t>(i);  // the unit's number, to follow it
    u.hits.resize(random() % 8, {2, SignalKind::kDeadClick, static_cast<uint32_t>(i), static_cast<uint32_t>(i * 3)});
    if (i == 30000) u.hits.assign(300000, {3, SignalKind::kRageClick, 200, 70000});  // about 2 MB
    units.push_back(u);
  }
  UnitRun run;
  for (size_t i = 0; i < 40000; ++i) ASSERT_TRUE(run.Append(units[i]));
  UnitRun copy = run;  // blocks exactly full: appends go to new blocks
  for (size_t i = 40000; i < units.size(); ++i) ASSERT_TRUE(copy.Append(units[i]));
  ASSERT_GT(copy.bytes(), size_t{3} << 20);
  copy.SortByUser();
  EXPECT_TRUE(copy.SortedByUser());
  const std::vector<size_t> expected = StableOrder(names);
  FrictionUnit out;
  for (size_t i = 0; i < copy.size(); ++i) {
    copy.Decode(i, &out);
    ASSERT_EQ(out.order_value_count, static_cast<int64_t>(expected[i])) << i;
    ExpectSame(out, units[expected[i]]);
    if (::testing::Test::HasFailure()) return;
  }
  // Sorting again changes nothing; appending after a sort and sorting again still holds.
  copy.SortByUser();
  FrictionUnit first;
  copy.Decode(0, &first);
  EXPECT_EQ(first.order_value_count, static_cast<int64_t>(expected[0]));
  ASSERT_TRUE(copy.Append(Sample("a")));
  copy.SortByUser();
  copy.Decode(0, &first);
  EXPECT_EQ(first.user, "a");
  copy.Decode(copy.size() - 1, &out);
  ExpectSame(out, units[expected.back()]);
}

TEST(SortedUnits, InterleavesRunsByName) {
  std::vector<UnitRun> runs(4);
  FrictionUnit u;
  auto add = [&](int run, const char* name, int mark) {
    u.user = name;
    u.level = mark;
    runs[run].Append(u);
  };
  add(0, "a", 0);
  add(0, "d", 1);
  add(1, "b", 2);
  add(1, "d", 3);
  // run 2 stays empty
  add(3, "c", 4);
  add(3, "e", 5);
  const SortedUnits sorted(runs);
  ASSERT_EQ(sorted.size(), 6u);
  std::string names;
  std::vector<int> marks;
  for (size_t i = 0; i < sorted.size(); ++i) {
    names += std::string(sorted.User(i));
    marks.push_back(sorted.Status(i).level);
  }
  EXPECT_EQ(names, "abcdde");
  EXPECT_EQ(marks, (std::vector<int>{0, 2, 4, 1, 3, 5}));  // equal names: run order

  std::vector<UnitRun> one(2);
  one[1].Append(Sample("only"));
  const SortedUnits single(one);
  ASSERT_EQ(single.size(), 1u);
  FrictionUnit back;
  single.Decode(0, &back);
  ExpectSame(back, Sample("only"));
  EXPECT_EQ(SortedUnits(std::vector<UnitRun>()).size(), 0u);
}

}  // namespace
}  // namespace fl
