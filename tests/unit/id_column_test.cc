// IdColumn keeps every id exactly while choosing the narrowest width.

#include "core/id_column.h"

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
