#ifndef FRICTIONLENS_CORE_FRICTION_SORTED_UNITS_H_
#define FRICTIONLENS_CORE_FRICTION_SORTED_UNITS_H_

// Every unit of a friction state's runs, in user-name order: the order Finalize, ToJson
// and Merge work in. Each run is already in that order, so this only interleaves them:
// 4 bytes per unit (its number counting the runs' units one after another; nothing
// when there is one run). Units are referred to by their index here, so index order is
// user-name order.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/friction/unit_run.h"

namespace fl {

class SortedUnits {
 public:
  // `runs` (each sorted by user, fewer than 2^32 units in all) must outlive this and not
  // change meanwhile. Equal names (only a hand-made state JSON can repeat a user) keep
  // the order of their runs.
  explicit SortedUnits(const std::vector<UnitRun>& runs);

  size_t size() const { return size_; }
  std::string_view User(size_t u) const { return Run(u).User(Index(u)); }
  UnitStatus Status(size_t u) const { return Run(u).Status(Index(u)); }
  void Decode(size_t u, FrictionUnit* out) const { Run(u).Decode(Index(u), out); }
  void Segments(size_t u, std::vector<uint32_t>* out, std::vector<uint8_t>* stages = nullptr) const {
    Run(u).Segments(Index(u), out, stages);
  }
  void StageTimes(size_t u, std::vector<FrictionUnit::StageTime>* out) const {
    Run(u).StageTimes(Index(u), out);
  }

 private:
  // The run holding unit number `n` (runs are few; most states have one or a shard each).
  size_t RunOf(uint32_t n) const {
    return static_cast<size_t>(std::upper_bound(run_begin_.begin(), run_begin_.end(), n) - run_begin_.begin()) - 1;
  }
  const UnitRun& Run(size_t u) const { return refs_.empty() ? *single_ : runs_[RunOf(refs_[u])]; }
  size_t Index(size_t u) const {
    return refs_.empty() ? u : refs_[u] - run_begin_[RunOf(refs_[u])];
  }

  const std::vector<UnitRun>& runs_;
  const UnitRun* single_ = nullptr;  // the only non-empty run, when there is one
  size_t size_ = 0;
  std::vector<uint32_t> run_begin_;  // unit numbers of run r: [run_begin_[r], run_begin_[r + 1])
  std::vector<uint32_t> refs_;       // unit numbers in name order; empty with one run
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_SORTED_UNITS_H_
