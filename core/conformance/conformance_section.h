#ifndef FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_SECTION_H_
#define FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_SECTION_H_

// The report's `conformance` section: did each unit move through the journey's steps in
// the designed order, and if not, how (process mining's conformance checking, on the
// journey's own steps). Details and examples in docs/conformance.md.
//
// The walk: for each unit that entered the journey (funnel level >= 1), its events that
// match steps, from its chain's start to the end of its window (start + window, as the
// paths section bounds them; exclusions and hold_constant do not shorten it), in the
// funnel's order (time, then step, then row; an event matching several steps counts at
// each, lowest first). core/conformance/conformance_walk.h judges it:
//   A B C D        conformed, completed          A B        conformed, stopped early
//   A C D          B skipped (unless optional)    A C B D    B out of order
//   A B C B C D    went back to B from C          A B B C D  B repeated
//   A A B          conformed: repeats of the first step are ignored by default
//
// Reported: units checked; conformed (share, Wilson 95% interval; completed and stopped
// early); deviated, overall and by kind; per step, for each kind, the units and their
// share of the step's `units` (those whose highest step seen is this one or later: every
// deviation at a step comes from them), example users (the first by name, so any order
// of input or shards gives the same ones), and where the went-back came from; the
// funnel's conversion of conforming and deviating units with the difference (Newcombe
// interval) and its test; and sentences.
//
// Every count is exact and the examples are the smallest names, so merging shards gives
// the same bytes as one pass.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/conformance/conformance_settings.h"
#include "core/conformance/conformance_walk.h"
#include "core/journey/compiled_journey.h"
#include "core/journey/window_funnel.h"
#include "core/sections/section.h"

namespace fl {

class ConformanceState : public SectionState {
 public:
  // `journey` may be null for a state read from JSON (it only reads and merges).
  ConformanceState(const JourneySpec& spec, const ConformanceSettings& settings, const EventTable* table,
                   std::shared_ptr<const CompiledJourney> journey);

  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  absl::Status ReadJson(const nlohmann::json& json);

 private:
  struct KindCounts {
    int64_t units = 0;
    std::vector<std::string> examples;  // sorted, the first `examples` names
  };
  struct StepCounts {
    int64_t units = 0;  // highest step seen is this one or later: the shares' denominator
    KindCounts kinds[kDeviationKinds];
    std::vector<int64_t> back_from;  // per later step k: units that went back here from k
  };
  void AddUnit(const UnitOutcome& unit, const std::string& user);
  void AddExample(const std::string& user, KindCounts* counts) const;
  nlohmann::ordered_json StepReport(size_t step) const;
  nlohmann::ordered_json ConversionReport() const;
  std::vector<std::string> Sentences() const;

  JourneySpec spec_;
  ConformanceSettings settings_;
  const EventTable* table_;
  std::shared_ptr<const CompiledJourney> journey_;
  uint32_t optional_ = 0;  // bit j: step j is optional
  int64_t units_ = 0, conformed_ = 0, completed_ = 0;
  int64_t converted_conformed_ = 0, converted_deviated_ = 0;  // by the funnel (last step reached)
  // The same over the units whose walk got past the first step: most units that conform
  // stop at the first step, where there is nothing to deviate from, so the groups above
  // differ in how far they got as much as in their order; these compare like with like.
  int64_t past_first_[4] = {};  // conformed units, of them converted; deviated units, converted
  int64_t kind_units_[kDeviationKinds] = {};  // units with a deviation of the kind at any step
  std::vector<StepCounts> steps_;
  // Scratch for one unit.
  std::vector<FunnelEntry> entries_;
  std::vector<int> sequence_;
  WalkResult walk_;
};

class ConformanceSection : public Section {
 public:
  static constexpr const char* kName = "conformance";
  using State = ConformanceState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/true, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CONFORMANCE_CONFORMANCE_SECTION_H_
