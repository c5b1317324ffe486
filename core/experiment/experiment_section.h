#ifndef FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_SECTION_H_
#define FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_SECTION_H_

// The report's `experiment` section: a Weblab-style A/B comparison of the journey, step by
// step. It runs only when the spec has an "experiment" block (experiment_settings.h).
//
// Assignment, per person (the experiment's unit, whatever the journey counts):
//   - by property: the person's variant is the one non-empty value of variant_property on
//     their events; all their events count;
//   - by exposure: the first exposure_event carrying a variant assigns it, and only events
//     from that one on count (what came before is the pre-period, used by CUPED).
//   A person with two variants (on exposure events, or on any events without exposure) is
//   counted in `mixed` with examples and excluded; one with none is `unassigned`.
// Each person's steps are those of the journey's matcher over the counted events, as one
// unit; every exposed person is in the denominator of every step.
//   A: p1 view, cart    p2 view          B: p3 view, cart    p4 view, cart
//   -> A cart 1/2, B cart 2/2: lift +50 pp (Newcombe interval), chance to beat A, ...
// The statistics (experiment_statistics.cc) are computed in Finalize from exact counts, so
// any split of the persons merges to the same bytes.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/experiment/experiment_settings.h"
#include "core/journey/compiled_journey.h"
#include "core/journey/unit_evaluator.h"
#include "core/sections/section.h"

namespace fl {

// What one variant's persons did: exact counts, merged by addition.
struct VariantCounts {
  int64_t units = 0;
  std::vector<int64_t> reached;  // per step: persons who reached it
  // CUPED's covariate: persons who reached the last step in the pre-period (exposure only),
  // and of those, how many reached each step after exposure.
  int64_t pre_converted = 0;
  std::vector<int64_t> reached_and_pre_converted;
};

class ExperimentState : public SectionState {
 public:
  ExperimentState(const ExperimentSettings& settings, std::vector<std::string> step_names,
                  std::shared_ptr<const CompiledJourney> by_person, int variant_column, uint32_t exposure_event,
                  int64_t data_end_ms);
  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  absl::Status ReadJson(const nlohmann::json& json);

  const std::map<std::string, VariantCounts>& variants() const { return variants_; }

 private:
  static constexpr size_t kExamples = 5;
  void AddMixedExample(const std::string& user);

  ExperimentSettings settings_;
  std::vector<std::string> step_names_;
  std::shared_ptr<const CompiledJourney> by_person_;
  std::unique_ptr<UnitEvaluator> evaluator_;
  int variant_column_ = -1;
  uint32_t exposure_event_;  // Dictionary::kNotFound without exposure
  int64_t data_end_ms_ = 0;

  std::map<std::string, VariantCounts> variants_;
  int64_t unassigned_ = 0;
  int64_t mixed_ = 0;
  std::vector<std::string> mixed_examples_;  // the smallest ids by text
  std::vector<uint32_t> scratch_;
};

class ExperimentSection : public Section {
 public:
  static constexpr const char* kName = "experiment";
  using State = ExperimentState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  bool applies(const JourneySpec& spec) const override { return HasExperiment(spec); }
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/false, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

// The statistics of the section's JSON from the counts (experiment_statistics.cc).
nlohmann::ordered_json ExperimentReport(const ExperimentSettings& settings, const std::vector<std::string>& step_names,
                                        const std::map<std::string, VariantCounts>& variants, int64_t unassigned,
                                        int64_t mixed, const std::vector<std::string>& mixed_examples);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_EXPERIMENT_EXPERIMENT_SECTION_H_
