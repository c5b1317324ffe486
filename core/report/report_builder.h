#ifndef FRICTIONLENS_CORE_REPORT_REPORT_BUILDER_H_
#define FRICTIONLENS_CORE_REPORT_REPORT_BUILDER_H_

// Assembles the one report document ("schema": "frictionlens.report/1") from the
// sections each analysis renders. Documented in schema/report.schema.json and README.

#include <string>
#include <utility>
#include <vector>

#include "core/event_table.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

inline constexpr const char* kReportSchema = "frictionlens.report/1";

// The report: "schema", "sections" (the names of the sections that ran), "journey"
// (the spec as applied), "input", then each section's JSON in registry order.
nlohmann::ordered_json AssembleReport(const JourneySpec& journey, const EventTable& table,
                                      std::vector<std::pair<std::string, nlohmann::ordered_json>> sections);

// The same with the `input` section given (the scale-out report, whose input was read
// by `shard`: core/scaleout/partial_state.h).
nlohmann::ordered_json AssembleReportWithInput(const JourneySpec& journey, nlohmann::ordered_json input,
                                               std::vector<std::pair<std::string, nlohmann::ordered_json>> sections);

// The `input` section: what was read, what was rejected and why.
nlohmann::ordered_json InputSectionToJson(const EventTable& table);

// Rounds to 6 decimals so that native and wasm builds print the same digits.
double RoundForReport(double value);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_REPORT_REPORT_BUILDER_H_
