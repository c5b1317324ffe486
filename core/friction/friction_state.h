#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_

// Friction as a mergeable state, like the funnel: Add one unit at a time (its signals
// already detected and placed on stages by BuildFrictionUnit), Merge states built from
// disjoint sets of users, Finalize to scored, ranked points.
//
// The state keeps one compact record per unit (where it got to, its signals by stage,
// its first value of each segment property): the scoring needs affected-user sets
// (overlap of signals, examples, segments), and keeping records makes Merge exact,
// commutative and associative: Finalize sorts them by user id, so the result never
// depends on the order of Adds or Merges.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/friction/friction_context.h"
#include "core/friction/friction_result.h"
#include "core/friction/friction_settings.h"
#include "core/friction/signals.h"
#include "core/funnel/funnel_analysis.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

// One unit, summarised for scoring.
struct FrictionUnit {
  struct Hit {
    int stage = 0;
    SignalKind kind = SignalKind::kRageClick;
    uint32_t session = 0;  // index among the unit's own sessions
    std::string target;
  };
  // Time spent working towards step `stage` (>= 1), from reaching step stage - 1 until
  // reaching it, or until the unit's last event when it never did.
  struct StageTime {
    int stage = 0;
    bool reached = false;
    int64_t duration_ms = 0;
    uint32_t session = 0;
  };
  std::string user;
  int level = 0;             // steps reached, at most order step + 1
  bool in_progress = false;  // before the order, with its conversion window still open
  bool outcome = false;      // after the order: the outcome happened
  std::vector<Hit> hits;
  std::vector<StageTime> stage_times;
  std::vector<int> session_stage;  // per own session: the stage at its last event
  std::vector<std::pair<std::string, std::string>> segments;  // (property, first value)
  int64_t order_value_micros = 0;  // sum over the unit's order events, in millionths
  int64_t order_value_count = 0;
};

// Runs every detector over one unit's events and places the signals on stages.
FrictionUnit BuildFrictionUnit(const FrictionContext& ctx, const UnitOutcome& outcome);

class FrictionState {
 public:
  // `order_step` as resolved by BuildFrictionContext.
  FrictionState(const JourneySpec& spec, const FrictionSettings& settings, int order_step);

  void Add(FrictionUnit unit);
  // Fails for a state of another journey or settings, or when a user is in both.
  absl::Status Merge(const FrictionState& other);
  FrictionResult Finalize() const;

  // Canonical form for scale-out: fixed key order, integers and strings only.
  nlohmann::ordered_json ToJson() const;
  static absl::StatusOr<FrictionState> FromJson(const JourneySpec& spec,
                                                const FrictionSettings& settings,
                                                const nlohmann::json& json);

  size_t unit_count() const { return units_.size(); }

 private:
  std::string key_;  // journey canonical JSON + effective friction settings
  JourneySpec spec_;
  FrictionSettings settings_;
  int order_step_ = 0;
  std::vector<FrictionUnit> units_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_
