#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_POINTS_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_POINTS_H_

// From unit records to friction points: which units each (stage, signal[, target])
// affects, merging candidates that hit the same users at the same place, and the
// statistics of each point. Used by FrictionState::Finalize.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/dictionary.h"
#include "core/friction/friction_result.h"
#include "core/friction/friction_settings.h"
#include "core/friction/segment_dictionary.h"
#include "core/friction/sorted_units.h"
#include "core/friction/unit_run.h"

namespace fl {

// Units in the comparison at each stage, and what they did. Units are referred to by
// their index in SortedUnits, so index order is user-name order. Keeps two bytes per
// unit (level and flags), so the per-stage checks decode no record.
class StagePopulation {
 public:
  StagePopulation(const SortedUnits& units, int after_order_stage, bool exclude_in_progress);
  // Compared at stage s: before the order, units that reached step s - 1 (all units at
  // stage 0), less those in progress when they are excluded; after it, units that
  // reached the order.
  bool Eligible(size_t unit, int stage) const;
  bool ConvertedOrder(size_t unit, int stage) const;  // reached the order / the outcome
  bool ConvertedNext(size_t unit, int stage) const;   // reached step s / the outcome
  int64_t size(int stage) const { return size_[stage]; }
  int64_t converted_order(int stage) const { return converted_[stage]; }
  int64_t converted_next(int stage) const { return converted_next_[stage]; }
  int after_order_stage() const { return after_order_; }
  const SortedUnits& units() const { return units_; }

 private:
  const SortedUnits& units_;
  std::vector<uint8_t> level_;
  std::vector<uint8_t> flags_;  // 1 = in progress, 2 = outcome
  int after_order_;
  bool exclude_in_progress_;
  std::vector<int64_t> size_, converted_, converted_next_;
};

struct Candidate {
  int stage = 0;
  SignalKind kind = SignalKind::kRageClick;
  std::string target;            // "" = every target of this signal at this stage
  std::vector<uint32_t> units;   // sorted unit indices
};

// One candidate per (stage, signal) and per (stage, signal, target) for the
// `max_targets` most affected targets, keeping only eligible units. A (stage, signal)
// candidate that one of its targets already covers (Jaccard >= merge_jaccard) is
// dropped: the target says more. Fed every unit's scored hits in unit order, as
// Finalize reads each unit once for several purposes.
class CandidateSets {
 public:
  explicit CandidateSets(const StagePopulation& population) : population_(population) {}
  // Unit `unit`'s hits; units in increasing index order.
  void Add(uint32_t unit, const std::vector<FrictionUnit::Hit>& hits);
  // `targets` names the hits' target ids.
  std::vector<Candidate> Build(const Dictionary& targets, const FrictionSettings& settings) &&;

 private:
  void AddTo(uint64_t key, uint32_t unit);
  const StagePopulation& population_;
  // (stage, kind, target id) packed -> index in lists_; each list sorted as units
  // come in index order and a unit's repeated hits are skipped.
  absl::flat_hash_map<uint64_t, uint32_t> index_;
  std::vector<std::pair<uint64_t, std::vector<uint32_t>>> lists_;
};

// Candidates with the same stage and the same (non-empty) target whose affected units
// overlap with Jaccard >= merge_jaccard become one group: a point with every label,
// counted on the union of their units. Greedy, biggest candidate first.
struct CandidateGroup {
  int stage = 0;
  std::string target;
  std::vector<SignalKind> kinds;  // first = the biggest; labels are these sorted
  std::vector<uint32_t> units;    // union, sorted
};
std::vector<CandidateGroup> MergeCandidates(std::vector<Candidate> candidates,
                                            double merge_jaccard);

// |a ∩ b| / |a ∪ b| of sorted index lists (1 when both are empty).
double Jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// Counts, rates, difference and interval, p-value, lost conversions and revenue
// (average_order_value < 0: none), and up to 5 examples. q-value and segments are
// filled later.
FrictionPoint ScoreGroup(const CandidateGroup& group, const StagePopulation& population,
                         const std::vector<std::string>& stage_names,
                         const std::vector<std::string>& next_step_names,
                         const FrictionSettings& settings, double average_order_value);

// The top 3 segments by lift among values held by >= 20% of the affected and more
// common among them than in the stage's population, listed by share of the affected.
// Properties with more than settings.max_segment_values values across all units are not
// segments. Works on pair ids with flat counts; ties keep (property, value) text order.
class SegmentIndex {
 public:
  // `held`: per pair id, 1 when some unit holds it. `by_pair`, when not empty: eligible
  // units holding each pair at each stage ([stage * dictionary.size() + pair]), counted
  // by the caller's own read of the units (else this reads every unit's segments).
  SegmentIndex(const StagePopulation& population, const SegmentDictionary& dictionary,
               const std::vector<uint8_t>& held, const std::vector<int64_t>& by_pair,
               const FrictionSettings& settings);
  std::vector<SegmentConcentration> Concentrations(int stage,
                                                   const std::vector<uint32_t>& affected) const;

 private:
  static constexpr uint32_t kUnusable = UINT32_MAX;
  const StagePopulation& population_;
  const SegmentDictionary& dictionary_;
  std::vector<uint32_t> slot_;        // pair id -> index among usable pairs, or kUnusable
  std::vector<uint32_t> slot_pairs_;  // usable pairs in (property, value) text order
  std::vector<int64_t> counts_;       // [stage * usable + slot]: eligible units holding it
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_POINTS_H_
