#ifndef FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_
#define FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_

// The funnel as a mergeable state: Add units (users, sessions or attempts) from an
// EventTable, Merge states built from disjoint sets of users, Finalize to a result.
// Merge is exact, commutative and associative and refuses a state of another journey.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/funnel/duration_counts.h"
#include "core/funnel/funnel_result.h"
#include "core/journey/compiled_journey.h"
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
  std::string spec_key_;  // JourneySpec::CanonicalJson()
  JourneySpec spec_;
  Counts total_;
  // Durations in whole milliseconds -> how many units, per step (exact and mergeable).
  std::vector<DurationCounts> from_previous_ms_;
  std::vector<DurationCounts> from_start_ms_;
  std::map<std::string, Counts> segments_;
  std::map<int64_t, std::pair<int64_t, int64_t>> trend_;  // bucket start -> (entered, converted)
};

// Adds evaluated units to a state, with their breakdown segment: what one shard of a
// funnel run does with each UnitOutcome (also fed by a pass shared with friction).
class FunnelStateBuilder {
 public:
  // `spec`, `table` and `journey` must outlive the builder.
  FunnelStateBuilder(const JourneySpec& spec, const EventTable& table, const CompiledJourney& journey);
  void Add(const UnitOutcome& outcome);
  FunnelState Take() { return std::move(state_); }

 private:
  const JourneySpec& spec_;
  const EventTable& table_;
  int column_;  // the breakdown property's column, or -1
  bool first_touch_;
  FunnelState state_;
  std::string segment_;
};

// Evaluates every unit of `table` into a new state. `data_end_ms` is the end of the
// WHOLE data set, for right-censoring: partitions whose states are merged later must
// all pass the same value to agree with one run. Default: table.last_time_ms.
absl::StatusOr<FunnelState> BuildFunnelState(const JourneySpec& spec, const EventTable& table,
                                             std::optional<int64_t> data_end_ms = std::nullopt);

// Runs the whole funnel over a table: compile, evaluate every user, finalize. With
// threads > 1 the users are split into that many contiguous shards evaluated at once;
// the result is the same for every thread count.
absl::StatusOr<FunnelResult> AnalyzeFunnel(const JourneySpec& spec, const EventTable& table, int threads = 1);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_FUNNEL_ANALYSIS_H_
