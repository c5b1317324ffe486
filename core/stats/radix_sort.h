#ifndef FRICTIONLENS_CORE_STATS_RADIX_SORT_H_
#define FRICTIONLENS_CORE_STATS_RADIX_SORT_H_

// Sorts 64-bit integers by their distance from the smallest, 11 bits at a time (least
// significant digit first, as many digits as the range needs: durations in
// milliseconds span 2^22 to 2^33, so two or three passes). DurationCounts sorts tens of
// thousands of durations at a time for every section that keeps them; the comparison
// sort was a tenth of the shared pass on a 2 M-user file.

#include <cstdint>
#include <vector>

namespace fl {

// Sorts `values` ascending; `scratch` is working space (its contents are replaced).
void RadixSort(std::vector<int64_t>* values, std::vector<int64_t>* scratch);

// A key and the place it came from.
struct KeyedIndex {
  uint64_t key;
  uint32_t index;
};

// Sorts `entries` by key, stably (entries with equal keys keep their order), the same
// way. The friction section orders millions of units by their names' first 8 bytes; a
// comparison sort of them was 2% of a full report on a 3 M-visitor file.
void StableRadixSortByKey(std::vector<KeyedIndex>* entries, std::vector<KeyedIndex>* scratch);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_RADIX_SORT_H_
