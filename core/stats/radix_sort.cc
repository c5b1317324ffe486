#include "core/stats/radix_sort.h"

#include <algorithm>
#include <array>

namespace fl {

void RadixSort(std::vector<int64_t>* values, std::vector<int64_t>* scratch) {
  const size_t n = values->size();
  // Below a few hundred values the histograms cost more than comparing.
  if (n < 512) {
    std::sort(values->begin(), values->end());
    return;
  }
  const auto [low, high] = std::minmax_element(values->begin(), values->end());
  const uint64_t min = static_cast<uint64_t>(*low);
  // The distance from the smallest, in unsigned arithmetic: exact for any two int64s.
  const uint64_t range = static_cast<uint64_t>(*high) - min;
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  scratch->resize(n);
  int64_t* from = values->data();
  int64_t* to = scratch->data();
  for (int shift = 0; shift < 64 && (range >> shift) != 0; shift += kBits) {
    std::array<size_t, kBuckets> count{};
    for (size_t i = 0; i < n; ++i) ++count[((static_cast<uint64_t>(from[i]) - min) >> shift) & (kBuckets - 1)];
    size_t at = 0;
    for (size_t& c : count) {
      const size_t here = c;
      c = at;
      at += here;
    }
    for (size_t i = 0; i < n; ++i) {
      to[count[((static_cast<uint64_t>(from[i]) - min) >> shift) & (kBuckets - 1)]++] = from[i];
    }
    std::swap(from, to);
  }
  if (from != values->data()) std::copy(from, from + n, values->data());
}

}  // namespace fl
