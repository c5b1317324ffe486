#include "core/memory_release.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

// Only whole pages strictly inside the range go: the values at its ragged ends, which
// the owner may still read, stay.
TEST(MemoryRelease, KeepsEverythingOutsideWholePagesOfTheRange) {
  std::vector<int64_t> values(1 << 20, 7);  // 8 MB
  const size_t begin = 1001, end = 900001;
  ReleasePages(values.data() + begin, values.data() + end);
  for (size_t i = 0; i < begin; ++i) ASSERT_EQ(values[i], 7) << i;
  for (size_t i = end; i < values.size(); ++i) ASSERT_EQ(values[i], 7) << i;
  // Inside, a released page reads as zeros (Linux); elsewhere nothing changes.
  const int64_t middle = values[(begin + end) / 2];
  EXPECT_TRUE(middle == 0 || middle == 7);
  ReleasePages(values.data() + 5, values.data() + 6);  // less than a page: nothing
  EXPECT_EQ(values[5], 7);
  ReleaseFreedMemory();
  EXPECT_EQ(values[0], 7);
}

}  // namespace
}  // namespace fl
