#ifndef FRICTIONLENS_CORE_STATS_DURATION_COUNTS_H_
#define FRICTIONLENS_CORE_STATS_DURATION_COUNTS_H_

// An exact, mergeable multiset of durations in whole milliseconds: (ms, units) pairs.
// It replaced a std::map<int64_t, int64_t>, which cost a tree node allocation per
// distinct duration and a tree walk per Add (about 15 % of a 1 M-event run). Adds go
// to an unsorted buffer; the buffer is folded into the sorted, run-length form when it
// grows large, so an Add is one push_back.
//
// The sorted form is packed: per distinct value, the gap from the previous value and
// the units, both as varints (the first value zigzag-encoded), about 2-3 bytes a
// value where pairs of int64 took 16. Millisecond durations of a million users are
// dense enough that most gaps fit a byte. The buffer folds when it holds a quarter as
// many values as there are distinct ones (at least 32768: 256 KB), so folding costs a
// few passes over the packed bytes in all and the buffer stays near the packed form's
// size.
//   Add(30), Add(10), Add(30, 2) -> Sorted() = {(10, 1), (30, 3)}

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace fl {

class DurationCounts {
 public:
  using Pair = std::pair<int64_t, int64_t>;  // (milliseconds, units), units > 0

  void Add(int64_t ms, int64_t units = 1) {
    if (units <= 0) return;
    if (units == 1) {
      pending_.push_back(ms);
    } else {
      pending_pairs_.emplace_back(ms, units);
    }
    if (pending_.size() + pending_pairs_.size() >= FoldAt()) Fold();
  }
  void Merge(const DurationCounts& other);
  // Sorted by milliseconds, each value once (a new vector: the state keeps only the
  // packed form).
  std::vector<Pair> Sorted() const;
  bool empty() const { return pending_.empty() && pending_pairs_.empty() && distinct_ == 0; }
  // Bytes held, for tests and benchmarks.
  size_t bytes() const;

 private:
  static constexpr size_t kMinFoldAt = 32768;
  size_t FoldAt() const { return distinct_ / 4 > kMinFoldAt ? distinct_ / 4 : kMinFoldAt; }
  void Fold();

  std::vector<uint8_t> packed_;  // sorted distinct values and their units (see above)
  size_t distinct_ = 0;          // values in packed_
  std::vector<int64_t> pending_;       // one unit each, unsorted
  std::vector<Pair> pending_pairs_;    // several units each (Merge, FromJson), unsorted
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_DURATION_COUNTS_H_
