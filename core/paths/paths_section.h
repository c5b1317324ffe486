#ifndef FRICTIONLENS_CORE_PATHS_PATHS_SECTION_H_
#define FRICTIONLENS_CORE_PATHS_PATHS_SECTION_H_

// The report's `paths` section: where people go around the journey's steps.
//
// For each step, over the units whose chain has an event at it (`with_event`: an
// optional step passed by skipping has none, so it may be fewer than the funnel's count):
//   after    the next event after the step's event, or "(no further event)" when nothing
//            else happened within the journey's window (from the unit's start);
//   dropped  the same, for the units whose chain ended at this step with the window
//            closed (dropped, not still in progress): what they did instead of going on;
//   before   the event before the step's event, or "(start)".
// With collapse_repeats (the default), events of the step's own name are skipped, so
// "after Product page" is the first other thing they did. Each list counts units, with
// each event's share (Wilson interval) and the median and p90 time from the step.
//   u1: product_view, product_view, add_to_cart      after Product page: add_to_cart
//   u2: product_view, search, (window closes)         after: search; dropped: search
//   u3: product_view, (nothing more)                  after and dropped: (no further event)
//
// Variants: each unit's sequence of steps, in the order its events (within the window)
// matched them, repeats collapsed ("Product page > Cart > Product page > Cart >
// Checkout"), with the share of units and their conversion.
//
// The directly-follows graph: over every unit's events within its window (names grouped
// and repeats collapsed as set; or, with "graph": "steps", each event as the step it
// matches or "(other events)"), how often each name directly follows another, with the
// median and p90 time between them; "(start)" and "(end)" mark where units enter and
// leave. Process-mining tools call it the directly-follows graph (DFG).
//
// Every count is exact, and times are kept as exact multisets (DurationCounts), so merging
// shards gives the same bytes as one pass; lists are bounded by the table's event names,
// variants by `variant_steps`.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/journey/compiled_journey.h"
#include "core/paths/path_counts.h"
#include "core/paths/path_labels.h"
#include "core/paths/paths_settings.h"
#include "core/sections/section.h"

namespace fl {

class PathsState : public SectionState {
 public:
  PathsState(const JourneySpec& spec, const PathsSettings& settings, std::shared_ptr<const PathLabels> labels,
             std::shared_ptr<const CompiledJourney> journey);

  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  absl::Status ReadJson(const nlohmann::json& json);

 private:
  struct StepPaths {
    int64_t reached = 0;  // with an event at the step (the report's with_event)
    PathList after, dropped, before;
  };
  struct VariantCounts {
    int64_t units = 0, converted = 0;
  };
  struct EdgeCounts {
    int64_t count = 0;
    DurationCounts times;
  };
  struct NodeCounts {
    int64_t events = 0, units = 0;
  };
  void AddUnit(const UnitOutcome& unit);
  // The label of `row` in the graph (an event label, or a step's for a graph of steps).
  uint32_t GraphLabel(uint32_t row) const;
  nlohmann::ordered_json GraphReport() const;
  nlohmann::ordered_json VariantsReport() const;

  JourneySpec spec_;
  PathsSettings settings_;
  std::shared_ptr<const PathLabels> labels_;
  std::shared_ptr<const CompiledJourney> journey_;  // null for a state read from JSON
  int64_t units_ = 0;  // units that entered (reached the first step)
  std::vector<StepPaths> steps_;
  std::map<std::string, VariantCounts> variants_;  // step indexes as bytes; kEllipsis ends a long one
  absl::flat_hash_map<uint64_t, EdgeCounts> edges_;  // from << 32 | to
  absl::flat_hash_map<uint32_t, NodeCounts> nodes_;
  std::vector<uint64_t> seen_;  // per label: the last unit (numbered from 1) that counted it
  uint64_t unit_number_ = 0;
};

class PathsSection : public Section {
 public:
  static constexpr const char* kName = "paths";
  using State = PathsState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/true, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_PATHS_PATHS_SECTION_H_
