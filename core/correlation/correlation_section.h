#ifndef FRICTIONLENS_CORE_CORRELATION_CORRELATION_SECTION_H_
#define FRICTIONLENS_CORE_CORRELATION_CORRELATION_SECTION_H_

// The report's `correlation` section: the events and property values that go with
// dropping or converting at each step, as PostHog's correlation analysis does, with an
// interval, a p-value and a false discovery rate (docs/correlation.md compares the two).
//
// For each transition k -> k+1, the units that reached step k with a known outcome:
// converted (reached k+1) or dropped (stopped at k, the window closed). Units at k with
// the window still open are left out and counted (in_progress: right-censored), as are
// units that passed an optional step k by skipping it (skipped: no event to start from).
//   events      a unit has event E when E occurs after its first step-k event (after
//               its previous step's; the chain may count a later one) and before its
//               first event of a later step (converted) or before its window closes
//               (dropped); the
//               events of steps k and k+1 themselves are not candidates (they are the
//               outcome). Converters' span is shorter than droppers', so an event that
//               anyone may do at any time leans towards dropping: read a "goes with
//               dropping" event as "done instead of going on" (docs/correlation.md).
//   properties  a unit has P = v when its step-k event has that value, or else the last
//               non-empty value of P among its events before it (correlation_properties.h
//               says which columns are tested).
//   u1: cart, error, checkout          converted, has error
//   u2: cart, error, (window closes)   dropped, has error
//   u3: cart, (window closes)          dropped
// Each candidate's 2x2 table, odds ratio, interval and tests: correlation_report.h.
//
// The counts are exact and the examples the smallest user names, so any split of the
// users gives the same bytes; memory is one counter pair per (transition, event name or
// tracked property value), bounded by the table's dictionaries and max_values.

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "core/correlation/correlation_counts.h"
#include "core/correlation/correlation_properties.h"
#include "core/correlation/correlation_settings.h"
#include "core/journey/compiled_journey.h"
#include "core/sections/section.h"

namespace fl {

// What the shards share: the settings bound to the table.
struct CorrelationContext {
  JourneySpec spec;
  CorrelationSettings settings;
  std::vector<CorrelationProperty> properties;  // all considered; tested ones have slots
  std::vector<int> tested;                      // slot p + 1 -> index in properties
  std::shared_ptr<const CompiledJourney> journey;
  const EventTable* table = nullptr;
};

class CorrelationState : public SectionState {
 public:
  explicit CorrelationState(std::shared_ptr<const CorrelationContext> context);

  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  absl::Status ReadJson(const nlohmann::json& json);

 private:
  void AddUnit(const UnitOutcome& unit);
  void AddCandidates(TransitionCounts& t, bool dropped, const std::string& user);

  std::shared_ptr<const CorrelationContext> context_;
  std::vector<TransitionCounts> transitions_;  // one per step but the last
  // Per unit and transition: the candidate keys it has (deduplicated by `seen_`).
  std::vector<uint64_t> keys_;
  std::vector<uint64_t> seen_;  // per event name: the last visit that counted it
  uint64_t visit_ = 0;
};

class CorrelationSection : public Section {
 public:
  static constexpr const char* kName = "correlation";
  using State = CorrelationState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/true, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CORRELATION_CORRELATION_SECTION_H_
