#ifndef FRICTIONLENS_CORE_SURVIVAL_SURVIVAL_SECTION_H_
#define FRICTIONLENS_CORE_SURVIVAL_SURVIVAL_SECTION_H_

// The report's `survival` section: how soon units reach each step after entering the
// journey, without counting those still inside their window when the data ends as lost.
//
// The clock of a unit starts at its first step. For each later step k, the unit either
//   reached k at time T (its chain's time at k minus its time at step 1): an event at T;
//   did not, and its window has closed (or it can no longer advance): watched for the
//     whole window W without reaching k, censored at W;
//   did not, and could still advance when the data ends: censored at (data end - entry),
//     shorter than W: it is neither counted as lost nor as reached (PostHog #33605).
// The Kaplan-Meier estimate (core/stats/kaplan_meier.h) of the share that has NOT yet
// reached k gives, as 1 - S(t), the share that reaches k within t: the curve the report
// shows, with Greenwood's interval. At t = W it is the conversion a funnel would show
// once every window has closed; the funnel's own rate counts the open ones as not
// converted (yet), so the two differ exactly when windows are still open.
//   Four units, window 1 h: A reaches cart 2 min after entering, B after 30 min, C
//   entered 10 min before the data ends and has not, D's window closed without it.
//   At 2 min 1 of 4 at risk reached: S = 3/4. C leaves the risk set at 10 min. At 30 min
//   1 of 2 (B, D): S = 3/4 * 1/2 = 3/8, so 5/8 = 62.5% reach cart within the hour; the
//   funnel shows 2 of 4 (50%), C counted as not (yet) converted.
//
// With a breakdown property, each segment (the funnel's attribution and its top values,
// the rest in "(other)") gets its own reach by each landmark and median, and a log-rank
// test per step says whether the segments' curves differ.
//
// The state keeps every unit's time exactly (DurationCounts, as the funnel does), so a
// merge of shards gives the same bytes as one pass; the report thins each curve to at
// most `points` points (keeping every point where the reach moved by 1/points of its
// final value or more), never the statistics read off it.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/sections/section.h"
#include "core/stats/duration_counts.h"
#include "core/survival/survival_settings.h"

namespace fl {

// The times of one group of units (the whole population or one segment): one
// DurationCounts whose values are (slot << 48 | ms), slot = 2 * (step - 1) + (0 reached,
// 1 censored), so that a segment with a single unit costs one small object, not 2 per step.
struct SurvivalCounts {
  int64_t entered = 0;
  DurationCounts times;
};

class SurvivalState : public SectionState {
 public:
  SurvivalState(const JourneySpec& spec, const SurvivalSettings& settings, const EventTable* table,
                int breakdown_column, int64_t data_end_ms);

  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  absl::Status ReadJson(const nlohmann::json& json);

 private:
  void AddUnit(const UnitOutcome& unit, SurvivalCounts* counts) const;

  JourneySpec spec_;
  SurvivalSettings settings_;
  const EventTable* table_;  // null for a state read from JSON (it only merges)
  int breakdown_column_;
  int64_t data_end_ms_;
  SurvivalCounts total_;
  std::map<std::string, SurvivalCounts> segments_;  // only with a breakdown
};

class SurvivalSection : public Section {
 public:
  static constexpr const char* kName = "survival";
  using State = SurvivalState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  // A journey of one step has no time to reach anything.
  bool applies(const JourneySpec& spec) const override { return spec.steps.size() >= 2; }
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/true, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SURVIVAL_SURVIVAL_SECTION_H_
