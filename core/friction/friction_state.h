#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_

// Friction as a mergeable state, like the funnel: add one unit at a time (its signals
// detected and placed on stages by FrictionUnitBuilder), Merge states built from
// disjoint sets of users, Finalize to scored, ranked points.
//
// The state keeps one compact record per unit (where it got to, its signals by stage,
// its first value of each segment property): the scoring needs affected-user sets
// (overlap of signals, examples, segments), and keeping records makes Merge exact,
// commutative and associative: units are kept sorted by user name, so the result never
// depends on the order of Adds or Merges.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/friction/friction_context.h"
#include "core/friction/friction_result.h"
#include "core/friction/friction_settings.h"
#include "core/friction/segment_dictionary.h"
#include "core/friction/signals.h"
#include "core/funnel/funnel_analysis.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

// One unit, summarised for scoring. Compact, as a state holds one per user (a million
// on a big file): stages fit a byte (a journey has at most 32 steps, so stages are at
// most 33), segments are ids in the owning state's SegmentDictionary, and the short
// lists most units have are stored inline.
struct FrictionUnit {
  struct Hit {
    uint8_t stage = 0;
    SignalKind kind = SignalKind::kRageClick;
    uint32_t session = 0;  // index among the unit's own sessions
    std::string target;
  };
  // Time spent working towards step `stage` (>= 1), from reaching step stage - 1 until
  // reaching it, or until the unit's last event when it never did.
  struct StageTime {
    int64_t duration_ms = 0;
    uint32_t session = 0;
    uint8_t stage = 0;
    bool reached = false;
  };
  std::string user;
  int level = 0;             // steps reached, at most order step + 1
  bool in_progress = false;  // before the order, with its conversion window still open
  bool outcome = false;      // after the order: the outcome happened
  int64_t order_value_micros = 0;  // sum over the unit's order events, in millionths
  int64_t order_value_count = 0;
  std::vector<Hit> hits;
  absl::InlinedVector<StageTime, 1> stage_times;
  absl::InlinedVector<uint8_t, 16> session_stage;  // per own session: the stage at its last event
  // (property, first value) pairs as SegmentDictionary ids, sorted by id.
  absl::InlinedVector<uint32_t, 6> segments;
};

class FrictionState;

// Builds units from one table's funnel outcomes into a state: every detector over the
// unit's events, the signals placed on stages. Keeps its scratch buffers between units,
// so building a unit allocates only what the unit keeps.
class FrictionUnitBuilder {
 public:
  // `ctx` and `state` must outlive the builder; `state` is built from ctx's table.
  FrictionUnitBuilder(const FrictionContext& ctx, FrictionState* state);
  void Add(const UnitOutcome& outcome);
  void Reserve(size_t units);
  // Puts the units added in user-name order (call once all are added).
  void Finish();

 private:
  void Build(const UnitOutcome& outcome, FrictionUnit* unit);
  void ReachedTimes(const UnitOutcome& outcome, int cap);

  const FrictionContext& ctx_;
  FrictionState* state_;
  size_t run_;          // the state's run this builder adds to
  bool sorted_ = true;  // the run is in user-name order so far
  std::vector<int64_t> reached_;
  std::vector<SignalHit> hits_;
  // Per segment column: table value id -> pair id in the state (kNotFound until seen).
  std::vector<std::vector<uint32_t>> pair_ids_;
};

class FrictionState {
 public:
  // `order_step` as resolved by BuildFrictionContext.
  FrictionState(const JourneySpec& spec, const FrictionSettings& settings, int order_step);

  // Fails for a state of another journey or settings, or when a user is in both.
  absl::Status Merge(const FrictionState& other);
  // The same for a state of other users by construction (another shard of the same
  // table): no user check, and the other state's units are moved, not copied.
  absl::Status MergeDisjoint(FrictionState&& other);
  FrictionResult Finalize() const;

  // Canonical form for scale-out: fixed key order, integers and strings only.
  nlohmann::ordered_json ToJson() const;
  static absl::StatusOr<FrictionState> FromJson(const JourneySpec& spec,
                                                const FrictionSettings& settings,
                                                const nlohmann::json& json);

  size_t unit_count() const;
  const SegmentDictionary& segment_dictionary() const { return segments_; }

 private:
  friend class FrictionUnitBuilder;
  // Appends the other state's runs of units, with their segment ids remapped to this
  // state's dictionary.
  void Absorb(const SegmentDictionary& other_segments, std::vector<std::vector<FrictionUnit>> runs);
  // Every unit, in user-name order (the order Finalize and ToJson work in).
  std::vector<const FrictionUnit*> SortedUnits() const;
  bool SameKey(const FrictionState& other) const { return other.key_ == key_; }

  std::string key_;  // journey canonical JSON + effective friction settings
  JourneySpec spec_;
  FrictionSettings settings_;
  int order_step_ = 0;
  SegmentDictionary segments_;
  // Units in runs, each in user-name order. Merging appends the other state's runs, so
  // no unit moves in memory; SortedUnits interleaves them.
  std::vector<std::vector<FrictionUnit>> runs_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_
