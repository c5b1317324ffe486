// IdColumn keeps every id exactly while choosing the narrowest width; rows reordered
// in place (LocalOrder) equal rows gathered whole; the sparse form equals a vector.

#include "core/id_column.h"
#include "core/ingest/event_order.h"

#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(IdColumnTest, WidensOnlyWhenAnIdNeedsIt) {
  IdColumn c;
  for (uint32_t id = 0; id < 256; ++id) c.push_back(id);
  EXPECT_EQ(c.width(), 1);
  c.push_back(256);
  EXPECT_EQ(c.width(), 2);
  c.push_back(65535);
  EXPECT_EQ(c.width(), 2);
  c.Set(3, 70000);
  EXPECT_EQ(c.width(), 4);
  ASSERT_EQ(c.size(), 258u);
  for (uint32_t row = 0; row < 256; ++row) {
    if (row != 3) EXPECT_EQ(c[row], row);
  }
  EXPECT_EQ(c[3], 70000u);
  EXPECT_EQ(c[256], 256u);
  EXPECT_EQ(c.back(), 65535u);
}

TEST(IdColumnTest, AssignResizeAndWriteThroughIndex) {
  IdColumn c(4, 7);
  EXPECT_EQ(c[0], 7u);
  c.resize(6);
  EXPECT_EQ(c[5], 0u);
  c[5] = 300;  // widens through the writable element
  EXPECT_EQ(c[5], 300u);
  EXPECT_EQ(c[0], 7u);
  c.resize(8, 1u << 20);
  EXPECT_EQ(c[7], 1u << 20);
  EXPECT_EQ(c[3], 7u);
  EXPECT_EQ(c[4], 0u);
  c.clear();
  EXPECT_TRUE(c.empty());
}

TEST(IdColumnTest, PermuteAndKeepRows) {
  IdColumn c;
  for (uint32_t id : {10u, 20u, 30u, 40000u}) c.push_back(id);
  c.Permute({3, 0, 2, 1});
  EXPECT_EQ(std::vector<uint32_t>({c[0], c[1], c[2], c[3]}), std::vector<uint32_t>({40000, 10, 30, 20}));
  c.KeepRows({true, false, false, true});
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], 40000u);
  EXPECT_EQ(c[1], 20u);
}

}  // namespace
}  // namespace fl

namespace fl {
namespace {

// Moving only the rows of the users that were out of time order gives what gathering
// whole columns gives, for dense and sparse columns.
TEST(EventOrderTest, LocalOrderEqualsAWholeGather) {
  // Users 0, 1, 2 grouped; user 1's rows out of time order.
  const std::vector<uint32_t> user = {0, 0, 1, 1, 1, 2};
  const std::vector<int64_t> time = {1, 2, 9, 3, 5, 1};
  std::vector<uint32_t> order, user_begin;
  SortByUserAndTime(user, 3, time, &order, &user_begin);
  std::vector<uint32_t> grouped_begin;
  ASSERT_TRUE(GroupedByUser(user, 3, &grouped_begin));
  EXPECT_EQ(grouped_begin, user_begin);
  const LocalOrder local = TimeOrderWithinUsers(time, grouped_begin);
  EXPECT_EQ(local.ranges, (std::vector<std::pair<uint32_t, uint32_t>>{{2, 5}}));
  EXPECT_EQ(local.sources, (std::vector<uint32_t>{3, 4, 2}));
  std::vector<int64_t> whole = time, in_place = time;
  ApplyOrder(order, &whole);
  ApplyOrderInRanges(local, &in_place);
  EXPECT_EQ(in_place, whole);
  EXPECT_EQ(in_place, (std::vector<int64_t>{1, 2, 3, 5, 9, 1}));
  IdColumn a, b;
  for (uint32_t id : {7u, 8u, 300u, 301u, 302u, 9u}) {
    a.push_back(id);
    b.push_back(id);
  }
  a.Permute(order);
  b.PermuteRanges(local.ranges, local.sources);
  for (size_t row = 0; row < a.size(); ++row) EXPECT_EQ(a[row], b[row]) << row;

  // Interleaved users (a time-ordered log) are not grouped.
  EXPECT_FALSE(GroupedByUser({0, 1, 0, 1}, 2, &grouped_begin));
}

// A reference model: every operation on a sparse column gives what the same
// operations give on a plain vector, across word boundaries, widening and the switch
// to dense.
std::vector<uint32_t> Contents(const IdColumn& c) { return std::vector<uint32_t>(c.begin(), c.end()); }

TEST(IdColumnSparseTest, MatchesAVector) {
  uint64_t x = 88172645463325252ull;
  auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  IdColumn c;
  c.Sparse(true);
  std::vector<uint32_t> v;
  for (int i = 0; i < 3000; ++i) {
    const uint32_t id = next() % 10 == 0 ? static_cast<uint32_t>(next() % (i < 1500 ? 200 : 70000)) : 0;
    c.push_back(id);
    v.push_back(id);
  }
  ASSERT_TRUE(c.sparse());
  EXPECT_EQ(c.width(), 4);  // the values widened past 65535
  EXPECT_EQ(Contents(c), v);
  c.Set(2999, 5);  // the last row: set, replaced, cleared
  v[2999] = 5;
  EXPECT_EQ(Contents(c), v);
  c.Set(2999, 0);
  v[2999] = 0;
  EXPECT_EQ(Contents(c), v);
  c.resize(3100);
  v.resize(3100);
  EXPECT_TRUE(c.sparse());
  EXPECT_EQ(Contents(c), v);

  // Reorder users' slices in place, some crossing 64-row words.
  std::vector<std::pair<uint32_t, uint32_t>> ranges = {{10, 20}, {60, 200}, {1000, 1001}, {2990, 3100}};
  std::vector<uint32_t> sources;
  for (const auto& [begin, end] : ranges) {
    std::vector<uint32_t> rows;
    for (uint32_t r = begin; r < end; ++r) rows.push_back(r);
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[next() % i]);
    sources.insert(sources.end(), rows.begin(), rows.end());
  }
  std::vector<uint32_t> expected = v;
  const uint32_t* source = sources.data();
  for (const auto& [begin, end] : ranges) {
    for (uint32_t r = begin; r < end; ++r) expected[r] = v[*source++];
  }
  c.PermuteRanges(ranges, sources);
  EXPECT_TRUE(c.sparse());
  EXPECT_EQ(Contents(c), expected);

  // A whole permutation (rows between users' slices): stays sparse, and agrees with
  // ApplyOrder on a plain vector.
  std::vector<uint32_t> order(expected.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[next() % i]);
  std::vector<uint32_t> gathered(order.size());
  for (size_t i = 0; i < order.size(); ++i) gathered[i] = expected[order[i]];
  IdColumn permuted = c;
  permuted.Permute(order);
  EXPECT_TRUE(permuted.sparse());
  EXPECT_EQ(Contents(permuted), gathered);
  std::vector<uint32_t> plain = expected;
  ApplyOrder(order, &plain);
  EXPECT_EQ(plain, gathered);

  IdColumn copy = c;
  EXPECT_EQ(Contents(copy), expected);
  c.Set(5, 9);  // not the last row: goes dense, still right
  expected[5] = 9;
  EXPECT_FALSE(c.sparse());
  EXPECT_EQ(Contents(c), expected);
  EXPECT_EQ(copy[5], v[5]);  // the copy is its own

  // Sparse onto sparse at an offset that is not a whole word: bits shifted in.
  IdColumn head;
  head.Sparse(true);
  std::vector<uint32_t> model;
  for (uint32_t i = 0; i < 100; ++i) {
    head.push_back(i % 7 == 0 ? i : 0);
    model.push_back(i % 7 == 0 ? i : 0);
  }
  std::vector<uint32_t> map(70000);
  for (uint32_t id = 0; id < map.size(); ++id) map[id] = id == 0 ? 0 : id + 1;
  head.AppendMapped(copy, map);
  for (uint32_t id : Contents(copy)) model.push_back(map[id]);
  head.push_back(4);
  model.push_back(4);
  EXPECT_TRUE(head.sparse());
  EXPECT_EQ(Contents(head), model);
}

TEST(IdColumnSparseTest, GoesDenseWhenMostlyFilledAndCompactPicksTheSmallerForm) {
  IdColumn full;
  full.Sparse(true);
  for (uint32_t i = 0; i < 5000; ++i) full.push_back(1 + i % 3);
  EXPECT_FALSE(full.sparse());  // switched at 4096 rows
  EXPECT_EQ(full[4999], 1 + 4999u % 3);

  IdColumn rare;  // dense, one value in 100 rows
  for (uint32_t i = 0; i < 10000; ++i) rare.push_back(i % 100 == 0 ? 7 : 0);
  const std::vector<uint32_t> before = Contents(rare);
  rare.Compact();
  EXPECT_TRUE(rare.sparse());
  EXPECT_EQ(Contents(rare), before);
  EXPECT_LT(rare.capacity_bytes(), 10000u / 4);

  IdColumn appended;  // sparse + dense parts, remapped
  appended.Sparse(true);
  appended.AppendMapped(rare, {0, 1, 2, 3, 4, 5, 6, 300});
  appended.AppendMapped(full, {0, 10, 20, 30});
  ASSERT_EQ(appended.size(), 15000u);
  EXPECT_EQ(appended[100], 300u);
  EXPECT_EQ(appended[101], 0u);
  EXPECT_EQ(appended[10000], 10u);
  EXPECT_EQ(appended[14999], 10u * (1 + 4999 % 3));
  appended.Compact();
  EXPECT_TRUE(appended.sparse());  // a third filled, 2-byte ids: sparse still saves a third
  EXPECT_EQ(appended[14999], 10u * (1 + 4999 % 3));
  IdColumn half;
  for (uint32_t i = 0; i < 10000; ++i) half.push_back(i % 2 == 0 ? 3 : 0);
  half.Compact();
  EXPECT_FALSE(half.sparse());  // half filled, 1-byte ids: dense is smaller
  EXPECT_EQ(half[9998], 3u);

  IdColumn moved_into;  // dense onto dense, the source freed as it goes
  IdColumn source;
  for (uint32_t i = 0; i < 3000000; ++i) source.push_back(i % 5);
  moved_into.push_back(4);
  moved_into.AppendMapped(std::move(source), {0, 11, 12, 13, 14});
  EXPECT_TRUE(source.empty());
  ASSERT_EQ(moved_into.size(), 3000001u);
  EXPECT_EQ(moved_into[0], 4u);
  EXPECT_EQ(moved_into[1], 0u);
  EXPECT_EQ(moved_into[2999999], 13u);  // source row 2999998
  EXPECT_EQ(moved_into[1500002], 11u);

  std::vector<bool> keep(10000, false);
  keep[0] = keep[1] = keep[200] = true;
  rare.KeepRows(keep);
  EXPECT_EQ(Contents(rare), (std::vector<uint32_t>{7, 0, 7}));
}

}  // namespace
}  // namespace fl
