#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_ANALYSIS_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_ANALYSIS_H_

// Friction over a whole table: detect signals per user, place them on the journey
// stage they happened at, score every (stage, signal) and (stage, signal, target)
// against the users that reached the same stage without it, and rank the points by
// lost conversions. Semantics and defaults: docs/friction.md.
//
// Units are always users here, whatever the journey's counting unit: friction
// follows a person across sessions.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/friction/friction_result.h"
#include "core/friction/friction_state.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

// The mergeable state of one table (for scale-out: one partition of users per table,
// then FrictionState::Merge and Finalize).
absl::StatusOr<FrictionState> BuildFrictionState(const JourneySpec& spec, const EventTable& table);

absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table);
// The same with the users split into `threads` contiguous ranges built at once (one state
// each, merged in range order, then finalized). The result is the same for every thread
// count; threads < 1 counts as 1.
absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table,
                                               int threads);
// The same, also handing every evaluated unit (users as units) to `also(shard, outcome)`
// on the shard's thread, shard < max(threads, 1): a pass another analysis shares (the
// funnel, when it counts users) instead of evaluating every user again.
absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table, int threads,
                                               const std::function<void(int, const UnitOutcome&)>& also);

// The report's `friction` section:
//   {"settings": {...}, "summary": {...}, "points": [...], "session_scores": {...}}
// Doubles rounded to 6 decimals; null where there is not enough data.
nlohmann::ordered_json FrictionResultToJson(const FrictionResult& result);

// One sentence a designer reads, e.g.
//   "Checkout: rage clicks on #apply-coupon: 679 users, 29% reach Purchase vs 82%;
//    about 359 lost orders (95% CI 320-400), mostly device=android (97%)"
std::string FrictionSentence(const FrictionPoint& point, const FrictionResult& result);

// The first n sentences for "Top friction": significant points that lose conversions,
// in rank order, then (if fewer than n) points with enough data that are not
// significant, marked so.
std::vector<std::string> TopFrictionSentences(const FrictionResult& result, size_t n);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_ANALYSIS_H_
