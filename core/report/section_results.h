#ifndef FRICTIONLENS_CORE_REPORT_SECTION_RESULTS_H_
#define FRICTIONLENS_CORE_REPORT_SECTION_RESULTS_H_

// Typed results of single sections, run through the one driver (section_driver.h):
// for tests, benchmarks and code that wants a FunnelResult rather than report JSON.
// Each runs the named section whether or not the spec turns it on.

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/friction/friction_result.h"
#include "core/friction/friction_state.h"
#include "core/funnel/funnel_analysis.h"
#include "core/funnel/funnel_result.h"
#include "core/journey/journey_spec.h"
#include "core/report/journey_sections.h"

namespace fl {

// The whole funnel over a table; with threads > 1 the users are split into that many
// shards; the result is the same for every thread count.
absl::StatusOr<FunnelResult> AnalyzeFunnel(const JourneySpec& spec, const EventTable& table, int threads = 1);
// The funnel's state of one table. `data_end_ms`: the end of the WHOLE data set (see
// SectionPassOptions); default table.last_time_ms.
absl::StatusOr<FunnelState> BuildFunnelState(const JourneySpec& spec, const EventTable& table,
                                             std::optional<int64_t> data_end_ms = std::nullopt);

// Friction over a whole table, likewise.
absl::StatusOr<FrictionResult> AnalyzeFriction(const JourneySpec& spec, const EventTable& table, int threads = 1);
absl::StatusOr<FrictionState> BuildFrictionState(const JourneySpec& spec, const EventTable& table);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_REPORT_SECTION_RESULTS_H_
