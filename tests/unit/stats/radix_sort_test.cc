// RadixSort sorts like std::sort: any int64 values, negative, extreme, repeated, few
// or many, narrow or full-width ranges.

#include "core/stats/radix_sort.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace fl {
namespace {

void ExpectSortsLikeStdSort(std::vector<int64_t> values) {
  std::vector<int64_t> expected = values;
  std::sort(expected.begin(), expected.end());
  std::vector<int64_t> scratch = {1, 2, 3};  // leftovers must not leak into the result
  RadixSort(&values, &scratch);
  EXPECT_EQ(values, expected);
}

TEST(RadixSortTest, SortsLikeStdSort) {
  std::mt19937_64 random(11);
  ExpectSortsLikeStdSort({});
  ExpectSortsLikeStdSort({5});
  for (size_t n : {3, 511, 512, 513, 5000, 40000}) {
    std::vector<int64_t> durations(n), wide(n), repeated(n), mixed(n);
    for (size_t i = 0; i < n; ++i) {
      durations[i] = static_cast<int64_t>(random() % 3600000);          // one digit pass or two
      wide[i] = static_cast<int64_t>(random());                          // every bit
      repeated[i] = static_cast<int64_t>(random() % 7) * 1000 - 3000;  // negatives, many equal
      mixed[i] = i % 3 == 0 ? std::numeric_limits<int64_t>::min()
                            : i % 3 == 1 ? std::numeric_limits<int64_t>::max() : static_cast<int64_t>(random() % 10);
    }
    ExpectSortsLikeStdSort(durations);
    ExpectSortsLikeStdSort(wide);
    ExpectSortsLikeStdSort(repeated);
    ExpectSortsLikeStdSort(mixed);
    ExpectSortsLikeStdSort(std::vector<int64_t>(n, -42));  // one value: no pass at all
  }
}

}  // namespace
}  // namespace fl
