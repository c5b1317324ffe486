#ifndef FRICTIONLENS_CORE_SESSION_UNIT_EXPLANATION_H_
#define FRICTIONLENS_CORE_SESSION_UNIT_EXPLANATION_H_

// Why one user was counted where they were (`frictionlens explain`, the wasm `explain`):
// per counting unit, the chain the funnel chose (the event that matched each step) and
// why it stopped, in words and as a kind:
//   converted     every step reached
//   in_progress   below the last step, but its window is still open when the data ends
//   excluded      an exclusion event froze the chain ("ended by exclusion: coupon_error at T")
//   strict_order  order "strict": the event right after the last step was not the next
//                 step; mode strict_order: an event matching no step came between them
//   window_closed the next step's event came, but after the window closed
//   no_next_event no event of the next step came after the last step reached
//   not_entered   no event of the first step in this unit
// The rules are the funnel's (core/journey/window_funnel.h); the explanation re-reads the
// unit's events after the fact, it does not change the count.

#include <string_view>

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

// {"user", "units": [{"unit", "first_time", "level", "reached" (step names), "chain":
//  [{"step", "time", "event", "index" (the event's index among the user's)}], "outcome",
//  "reason"}]}. NOT_FOUND when the data has no such user.
absl::StatusOr<nlohmann::ordered_json> ExplainUser(const JourneySpec& spec, const EventTable& table,
                                                   std::string_view user);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SESSION_UNIT_EXPLANATION_H_
