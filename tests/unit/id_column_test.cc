// IdColumn keeps every id exactly while choosing the narrowest width; rows reordered
// in place (LocalMoves) equal rows gathered whole.

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
// whole columns gives.
TEST(EventOrderTest, LocalMovesEqualAWholeGather) {
  // Users 0, 1, 2 grouped; user 1's rows out of time order.
  const std::vector<uint32_t> user = {0, 0, 1, 1, 1, 2};
  const std::vector<int64_t> time = {1, 2, 9, 3, 5, 1};
  std::vector<uint32_t> order, user_begin;
  SortByUserAndTime(user, 3, time, &order, &user_begin);
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  ASSERT_TRUE(LocalMoves(order, user_begin, &ranges));
  EXPECT_EQ(ranges, (std::vector<std::pair<uint32_t, uint32_t>>{{2, 5}}));
  std::vector<int64_t> whole = time, local = time;
  ApplyOrder(order, &whole);
  ApplyOrderInRanges(order, ranges, &local);
  EXPECT_EQ(local, whole);
  EXPECT_EQ(local, (std::vector<int64_t>{1, 2, 3, 5, 9, 1}));
  IdColumn a, b;
  for (uint32_t id : {7u, 8u, 300u, 301u, 302u, 9u}) {
    a.push_back(id);
    b.push_back(id);
  }
  a.Permute(order);
  b.PermuteRanges(order, ranges);
  for (size_t row = 0; row < a.size(); ++row) EXPECT_EQ(a[row], b[row]) << row;

  // Interleaved users (a time-ordered log): rows move between slices.
  const std::vector<uint32_t> interleaved = {0, 1, 0, 1};
  SortByUserAndTime(interleaved, 2, {1, 2, 3, 4}, &order, &user_begin);
  EXPECT_FALSE(LocalMoves(order, user_begin, &ranges));
}

}  // namespace
}  // namespace fl
