#ifndef FRICTIONLENS_CORE_FRICTION_SORTED_UNITS_H_
#define FRICTIONLENS_CORE_FRICTION_SORTED_UNITS_H_

// Every unit of a friction state's runs, in user-name order: the order Finalize, ToJson
// and Merge work in. Each run is already in that order, so this only interleaves them
// (8 bytes per unit; nothing when there is one run). Units are referred to by their
// index here, so index order is user-name order.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/friction/unit_run.h"

namespace fl {

class SortedUnits {
 public:
  // `runs` (each sorted by user) must outlive this and not change meanwhile. Equal
  // names (only a hand-made state JSON can repeat a user) keep the order of their runs.
  explicit SortedUnits(const std::vector<UnitRun>& runs);

  size_t size() const { return size_; }
  std::string_view User(size_t u) const { return Run(u).User(Index(u)); }
  UnitStatus Status(size_t u) const { return Run(u).Status(Index(u)); }
  void Decode(size_t u, FrictionUnit* out) const { Run(u).Decode(Index(u), out); }
  void Segments(size_t u, std::vector<uint32_t>* out) const { Run(u).Segments(Index(u), out); }
  void StageTimes(size_t u, std::vector<FrictionUnit::StageTime>* out) const {
    Run(u).StageTimes(Index(u), out);
  }

 private:
  struct Ref {
    uint32_t run;
    uint32_t index;
  };
  const UnitRun& Run(size_t u) const { return refs_.empty() ? *single_ : runs_[refs_[u].run]; }
  size_t Index(size_t u) const { return refs_.empty() ? u : refs_[u].index; }

  const std::vector<UnitRun>& runs_;
  const UnitRun* single_ = nullptr;  // the only non-empty run, when there is one
  size_t size_ = 0;
  std::vector<Ref> refs_;  // empty when there is at most one non-empty run
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_SORTED_UNITS_H_
