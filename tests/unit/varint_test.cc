// LEB128 varints and zigzag as the packed forms use them: the documented bytes, and
// every width round-trips.

#include "core/varint.h"

#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(Varint, DocumentedBytesAndRoundTrips) {
  uint8_t buffer[kMaxVarintBytes];
  uint8_t* end = PutVarint(300, buffer);
  ASSERT_EQ(end - buffer, 2);
  EXPECT_EQ(buffer[0], 0xAC);
  EXPECT_EQ(buffer[1], 0x02);
  EXPECT_EQ(ZigZag(-1), 1u);
  EXPECT_EQ(ZigZag(1), 2u);

  const std::vector<uint64_t> values = {0, 1, 127, 128, 16383, 16384, UINT32_MAX,
                                        std::numeric_limits<uint64_t>::max()};
  for (uint64_t v : values) {
    end = PutVarint(v, buffer);
    const uint8_t* p = buffer;
    EXPECT_EQ(ReadVarint(&p), v);
    EXPECT_EQ(p, end) << v;
  }
  EXPECT_EQ(PutVarint(std::numeric_limits<uint64_t>::max(), buffer) - buffer, kMaxVarintBytes);
  for (int64_t v : {std::numeric_limits<int64_t>::min(), int64_t{-1}, int64_t{0}, int64_t{63}, int64_t{-64},
                    std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(UnZigZag(ZigZag(v)), v);
  }
  EXPECT_LT(ZigZag(-64), 128u);  // small magnitudes take one byte
}

}  // namespace
}  // namespace fl
