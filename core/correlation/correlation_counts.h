#ifndef FRICTIONLENS_CORE_CORRELATION_CORRELATION_COUNTS_H_
#define FRICTIONLENS_CORE_CORRELATION_CORRELATION_COUNTS_H_

// The correlation section's exact counts for one transition (step k -> k+1): the units
// with a known outcome, and per candidate (an event name, or a property's value) the
// units that have it among those that dropped and those that converted, with the first
// few of each (the smallest names) as examples. Every field adds up, and the
// examples merge as the smallest names, so any split or order of the users gives the same.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace fl {

// A candidate's key: slot 0 is an event name (id in event_names), slot p + 1 the tested
// property p's value (id in its column's dictionary).
inline uint64_t CandidateKey(uint32_t slot, uint32_t id) { return static_cast<uint64_t>(slot) << 32 | id; }
inline uint32_t CandidateSlot(uint64_t key) { return static_cast<uint32_t>(key >> 32); }
inline uint32_t CandidateId(uint64_t key) { return static_cast<uint32_t>(key & 0xffffffffu); }

struct CandidateCounts {
  int64_t dropped = 0, converted = 0;  // units having it, by outcome
  // User names, increasing: the smallest by name, so that neither the split of the
  // users nor the order of the input's rows changes which are shown.
  std::vector<std::string> dropped_examples, converted_examples;
};

struct TransitionCounts {
  int64_t dropped = 0;      // dropped at step k with the window closed
  int64_t converted = 0;    // went on to step k + 1
  int64_t in_progress = 0;  // at step k with the window still open: left out (right-censored)
  int64_t skipped = 0;      // passed step k by skipping it (optional): no event to start from
  absl::flat_hash_map<uint64_t, CandidateCounts> candidates;

  // Adds `other` (exact); examples keep the `examples` smallest names.
  void Merge(TransitionCounts&& other, int examples);
};

// The `keep` smallest of two increasing lists, merged.
std::vector<std::string> MergeExamples(const std::vector<std::string>& a, const std::vector<std::string>& b, int keep);
// Adds `name` to an increasing list of at most `keep` names if it is among the smallest.
void AddExample(const std::string& name, int keep, std::vector<std::string>* list);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CORRELATION_CORRELATION_COUNTS_H_
