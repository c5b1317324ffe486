#ifndef FRICTIONLENS_CORE_FRICTION_VARIANT_FRICTION_H_
#define FRICTIONLENS_CORE_FRICTION_VARIANT_FRICTION_H_

// Friction per variant of the spec's experiment (issue 20, "did B remove the rage clicks
// at checkout?"). Each unit's variant is its segment of the variant property: the first
// value on its events, or "(mixed)" when they carry two (left out, as the experiment
// leaves them out). Friction reads a person's whole journey, so with an exposure event
// the events before exposure count here too; the experiment section counts from it.
//
// For a point at stage s and each variant v, among v's units compared at s (N_v):
//   affected share a_v / N_v (Wilson interval);
//   lost conversions: a_v x (v's unaffected conversion - v's affected conversion), with the
//   point's own test and interval run within v; per 1,000 units compared, L_v;
// and each variant against the control: the difference in affected share (Newcombe
// interval, z-test p) and in L_v, whose interval is the normal approximation
//   L_B - L_A +- 1.96 sqrt(se_A^2 + se_B^2),  se_v = (width of L_v's interval) / 3.92.
//   A: 120 of 1,000 affected, B: 60 of 1,000 -> -6.0 pp (95% CI -8.6 to -3.5)

#include <cstdint>
#include <string>
#include <vector>

#include "core/friction/friction_points.h"
#include "core/friction/friction_result.h"
#include "core/friction/segment_dictionary.h"

namespace fl {

class VariantSplit {
 public:
  // Inactive (no variants) when `property` is empty or no unit holds a value of it.
  VariantSplit(const SegmentDictionary& segments, const std::string& property, const std::string& control,
               size_t units, int stages);
  bool active() const { return !names_.empty(); }

  // Unit `u` (SortedUnits index) with its segments; every unit once, any order.
  void AddUnit(size_t u, const std::vector<uint32_t>& unit_segments, const StagePopulation& population);
  // Fills the point's by_variant and variant_differences from its affected units.
  void Score(const std::vector<uint32_t>& affected, const StagePopulation& population,
             const FrictionSettings& settings, FrictionPoint* point) const;
  // The result's variant_* fields.
  void Describe(FrictionResult* result) const;

 private:
  static constexpr int16_t kNone = -1;
  std::string property_;
  std::vector<std::string> names_;    // by text
  std::vector<int16_t> variant_of_pair_;  // pair id -> index in names_, or kNone
  uint32_t mixed_pair_ = UINT32_MAX;
  size_t control_ = 0;
  int stages_ = 0;
  std::vector<int16_t> variant_of_unit_;
  std::vector<int64_t> units_;  // per variant
  int64_t mixed_ = 0;           // units whose events carry two variants
  // [stage * variants + v]: units compared, and of those converted (order / next step).
  std::vector<int64_t> population_, converted_order_, converted_next_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_VARIANT_FRICTION_H_
