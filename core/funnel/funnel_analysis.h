#ifndef FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_
#define FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_

// The funnel as a mergeable state: Add units (users, sessions or attempts) from an
// EventTable, Merge states built from disjoint sets of users, Finalize to a result.
// Merge is exact, commutative and associative and refuses a state of another journey.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/funnel/funnel_result.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

// The journey bound to one table's dictionaries: per event id, which steps it can
// match (before property predicates) and so on. Built once per table.
class CompiledJourney;
absl::StatusOr<std::shared_ptr<const CompiledJourney>> CompileJourney(const JourneySpec& spec,
                                                                       const EventTable& table);

// Where one unit got to: the deepest level (0 = never entered) and the time each
// step of that chain happened. Friction detectors reuse this per-user outcome.
struct UnitOutcome {
  uint32_t user = 0;
  int level = 0;
  std::vector<int64_t> step_time_ms;  // size == level
  int64_t start_ms = 0;
  bool window_open_at_end = false;    // right-censored: could still progress
  uint32_t first_row = 0, end_row = 0;  // the unit's events in the table
};

// Evaluate every unit of the user whose rows are [begin, end), calling `sink` for each.
// data_end_ms is the last time of the whole data set (for right-censoring).
void EvaluateUserUnits(const CompiledJourney& journey, const EventTable& table, uint32_t user,
                       int64_t data_end_ms, const std::function<void(const UnitOutcome&)>& sink);

class FunnelState {
 public:
  FunnelState(const JourneySpec& spec);
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
  std::string spec_key_;  // JourneySpec::CanonicalJson()
  JourneySpec spec_;
  Counts total_;
  // Durations in whole milliseconds -> how many units, per step (exact and mergeable).
  std::vector<std::map<int64_t, int64_t>> from_previous_ms_;
  std::vector<std::map<int64_t, int64_t>> from_start_ms_;
  std::map<std::string, Counts> segments_;
  std::map<int64_t, std::pair<int64_t, int64_t>> trend_;  // bucket start -> (entered, converted)
};

// Runs the whole funnel over a table: compile, evaluate every user, finalize.
absl::StatusOr<FunnelResult> AnalyzeFunnel(const JourneySpec& spec, const EventTable& table);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_
