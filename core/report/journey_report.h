#ifndef FRICTIONLENS_CORE_REPORT_JOURNEY_REPORT_H_
#define FRICTIONLENS_CORE_REPORT_JOURNEY_REPORT_H_

// The report of one journey over a built table: the journey as applied, the input
// section, the funnel and the friction. Analyzer::Finish calls it once; a TableSession
// calls it again for every new journey on the same table, so both give the same bytes.

#include "absl/status/statusor.h"
#include "core/event_table.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

// Appends to table->input.warnings the property names the journey uses that the data
// lacks (a misspelt property matches nothing: a funnel of zeros that looks like data),
// then runs the analyses and assembles the report.
absl::StatusOr<nlohmann::ordered_json> BuildJourneyReport(const JourneySpec& journey, EventTable* table,
                                                          int threads);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_REPORT_JOURNEY_REPORT_H_
