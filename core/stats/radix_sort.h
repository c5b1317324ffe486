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

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_RADIX_SORT_H_
