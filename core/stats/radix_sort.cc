#include "core/stats/radix_sort.h"

#include <algorithm>
#include <array>

namespace fl {

namespace {

// Least significant digit first, 11 bits a pass, over the keys' distance from the
// smallest key (key(x) is a uint64_t), as many passes as that range needs. Each pass is
// stable, so the whole sort is. Below a few hundred items the histograms cost more
// than comparing: `small_sort` sorts those.
template <typename T, typename Key, typename SmallSort>
void LsdRadixSort(std::vector<T>* items, std::vector<T>* scratch, Key key, SmallSort small_sort) {
  const size_t n = items->size();
  if (n < 512) {
    small_sort(items);
    return;
  }
  uint64_t min = key((*items)[0]), max = min;
  for (const T& item : *items) {
    min = std::min(min, key(item));
    max = std::max(max, key(item));
  }
  const uint64_t range = max - min;
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  scratch->resize(n);
  T* from = items->data();
  T* to = scratch->data();
  for (int shift = 0; shift < 64 && (range >> shift) != 0; shift += kBits) {
    std::array<size_t, kBuckets> count{};
    for (size_t i = 0; i < n; ++i) ++count[((key(from[i]) - min) >> shift) & (kBuckets - 1)];
    size_t at = 0;
    for (size_t& c : count) {
      const size_t here = c;
      c = at;
      at += here;
    }
    for (size_t i = 0; i < n; ++i) to[count[((key(from[i]) - min) >> shift) & (kBuckets - 1)]++] = from[i];
    std::swap(from, to);
  }
  if (from != items->data()) std::copy(from, from + n, items->data());
}

}  // namespace

void RadixSort(std::vector<int64_t>* values, std::vector<int64_t>* scratch) {
  // Flipping the sign bit maps int64 order onto uint64 order (INT64_MIN -> 0), so the
  // distance from the smallest is exact for any two int64s.
  LsdRadixSort(
      values, scratch, [](int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); },
      [](std::vector<int64_t>* v) { std::sort(v->begin(), v->end()); });
}

void StableRadixSortByKey(std::vector<KeyedIndex>* entries, std::vector<KeyedIndex>* scratch) {
  LsdRadixSort(
      entries, scratch, [](const KeyedIndex& e) { return e.key; },
      [](std::vector<KeyedIndex>* v) {
        std::stable_sort(v->begin(), v->end(), [](const KeyedIndex& a, const KeyedIndex& b) { return a.key < b.key; });
      });
}

}  // namespace fl
