#ifndef FRICTIONLENS_CORE_JOURNEY_ANALYSIS_H_
#define FRICTIONLENS_CORE_JOURNEY_ANALYSIS_H_

// The funnel and the friction of one table, in one pass when they can share it: both
// start from each user's evaluated units (the funnel's chain search), so when the
// funnel counts users (the default) every user is evaluated once and the outcome goes
// to both states. Otherwise (sessions, attempts) each runs its own pass. The results
// equal AnalyzeFunnel and AnalyzeFriction run apart, for every thread count.

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/friction/friction_result.h"
#include "core/funnel/funnel_result.h"
#include "core/journey/journey_spec.h"

namespace fl {

struct JourneyResults {
  FunnelResult funnel;
  FrictionResult friction;
};

absl::StatusOr<JourneyResults> AnalyzeJourney(const JourneySpec& spec, const EventTable& table, int threads);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_ANALYSIS_H_
