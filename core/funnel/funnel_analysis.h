#ifndef FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_
#define FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_

// The funnel as a mergeable state: Add units (users, sessions or attempts) from an
// EventTable, Merge states built from disjoint sets of users, Finalize to a result.
// Merge is exact, commutative and associative and refuses a state of another journey.
// The report section that feeds it from the shared pass: core/funnel/funnel_section.h.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/stats/duration_counts.h"
#include "core/funnel/funnel_result.h"
#include "core/journey/journey_spec.h"
#include "core/journey/unit_outcome.h"
#include "nlohmann/json.hpp"

namespace fl {

class FunnelState {
 public:
  explicit FunnelState(const JourneySpec& spec);
  // Adds one unit; `segment` is its breakdown value ("" when no breakdown).
  void Add(const UnitOutcome& outcome, const std::string& segment);
  absl::Status Merge(const FunnelState& other);
  FunnelResult Finalize() const;
  // Canonical serialisation (fixed key order, integers only) for scale-out.
  nlohmann::ordered_json ToJson() const;
  static absl::StatusOr<FunnelState> FromJson(const nlohmann::json& json);

 private:
  struct Counts {
    std::vector<int64_t> reached;      // per step
    std::vector<int64_t> in_progress;  // per step: stuck before it, window open
  };
  std::string spec_key_;  // JourneySpec::CoreCanonicalJson(): sections' settings do not matter here
  JourneySpec spec_;
  Counts total_;
  // Durations in whole milliseconds -> how many units, per step (exact and mergeable).
  std::vector<DurationCounts> from_previous_ms_;
  std::vector<DurationCounts> from_start_ms_;
  std::map<std::string, Counts> segments_;
  std::map<int64_t, std::pair<int64_t, int64_t>> trend_;  // bucket start -> (entered, converted)
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_
