#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_

// Friction as a mergeable state, like the funnel: add one unit at a time (its signals
// detected and placed on stages by FrictionUnitBuilder), Merge states built from
// disjoint sets of users, Finalize to scored, ranked points.
//
// The state keeps one compact record per unit (where it got to, its signals by stage,
// its first value of each segment property; core/friction/unit_run.h): the scoring
// needs affected-user sets (overlap of signals, examples, segments), and keeping
// records makes Merge exact, commutative and associative: units are kept sorted by user
// name, so the result never depends on the order of Adds or Merges. Hit targets and
// segments are ids in the state's dictionaries; anything shown orders them by text.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/dictionary.h"
#include "core/friction/click_detectors.h"
#include "core/friction/friction_context.h"
#include "core/friction/friction_result.h"
#include "core/friction/friction_settings.h"
#include "core/friction/segment_dictionary.h"
#include "core/friction/signals.h"
#include "core/friction/unit_run.h"
#include "core/journey/unit_outcome.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

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
  void MarkPresets(uint32_t begin, uint32_t end, const std::vector<SignalHit>& hits, FrictionUnit* unit);

  const FrictionContext& ctx_;
  FrictionState* state_;
  size_t first_run_;  // the state's first run this builder adds to
  size_t run_;        // the one it adds to now
  FrictionUnit unit_;
  std::vector<int64_t> reached_;
  std::vector<SignalHit> hits_;
  std::vector<SignalHit> preset_hits_;
  std::vector<std::pair<uint32_t, uint8_t>> segment_scratch_;  // (pair id, stage first shown)
  // Per segment column: table value id -> pair id in the state (kNotFound until seen).
  std::vector<std::vector<uint32_t>> pair_ids_;
};

class FrictionState {
 public:
  // `order_step` as resolved by BuildFrictionContext.
  FrictionState(const JourneySpec& spec, const FrictionSettings& settings, int order_step);

  FrictionState(const FrictionState&) = default;
  FrictionState& operator=(const FrictionState&) = default;
  FrictionState(FrictionState&&) = default;
  FrictionState& operator=(FrictionState&&) = default;

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
  // Appends the other state's runs of units, with their segment and target ids
  // remapped to this state's dictionaries.
  void Absorb(const SegmentDictionary& other_segments, const Dictionary& other_targets,
              std::vector<UnitRun> runs);
  bool SameKey(const FrictionState& other) const { return other.key_ == key_; }

  std::string key_;  // journey canonical JSON + effective friction settings
  JourneySpec spec_;
  FrictionSettings settings_;
  int order_step_ = 0;
  SegmentDictionary segments_;
  Dictionary targets_;  // hit targets; id 0 is "" (no target)
  // Units in runs, each in user-name order. Merging appends the other state's runs, so
  // no unit moves in memory; SortedUnits interleaves them.
  std::vector<UnitRun> runs_;
  // Bursts that reached the rage rule but were clicks that were meant, by filter.
  RageFilterCounts rage_filtered_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_STATE_H_
