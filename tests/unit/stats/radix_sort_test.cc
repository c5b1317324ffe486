// RadixSort sorts like std::sort: any int64 values, negative, extreme, repeated, few
// or many, narrow or full-width ranges; StableRadixSortByKey like std::stable_sort.

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

// StableRadixSortByKey gives std::stable_sort's order: by key, equal keys in their
// original order (the index marks it), for keys narrow, full-width and repeated.
TEST(RadixSortTest, SortsKeyedIndicesLikeStableSort) {
  std::mt19937_64 random(12);
  for (size_t n : {0, 1, 511, 512, 513, 5000, 40000}) {
    for (int kind = 0; kind < 3; ++kind) {
      std::vector<KeyedIndex> entries(n);
      for (size_t i = 0; i < n; ++i) {
        const uint64_t key = kind == 0 ? random() : kind == 1 ? random() % 5 : (random() % 3) << 60;
        entries[i] = {key, static_cast<uint32_t>(i)};
      }
      std::vector<KeyedIndex> expected = entries;
      std::stable_sort(expected.begin(), expected.end(),
                       [](const KeyedIndex& a, const KeyedIndex& b) { return a.key < b.key; });
      std::vector<KeyedIndex> scratch(3, KeyedIndex{7, 7});
      StableRadixSortByKey(&entries, &scratch);
      ASSERT_EQ(entries.size(), n);
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(entries[i].key, expected[i].key) << n << " " << kind << " " << i;
        ASSERT_EQ(entries[i].index, expected[i].index) << n << " " << kind << " " << i;
      }
    }
  }
}

}  // namespace
}  // namespace fl
