#include "core/session/journey_report.h"

#include <string>
#include <utility>

#include "core/friction/friction_analysis.h"
#include "core/funnel/funnel_json.h"
#include "core/journey/property_check.h"
#include "core/journey_analysis.h"
#include "core/report/report_builder.h"

namespace fl {

absl::StatusOr<nlohmann::ordered_json> BuildJourneyReport(const JourneySpec& journey, EventTable* table,
                                                          int threads) {
  for (std::string& message : MissingJourneyProperties(journey, *table)) {
    table->input.warnings.push_back(std::move(message));
  }
  absl::StatusOr<JourneyResults> results = AnalyzeJourney(journey, *table, threads);
  if (!results.ok()) return results.status();
  nlohmann::ordered_json report;
  report["schema"] = kReportSchema;
  report["journey"] = nlohmann::ordered_json::parse(journey.CanonicalJson());
  report["input"] = InputSectionToJson(*table);
  report["funnel"] = FunnelResultToJson(results->funnel);
  report["friction"] = FrictionResultToJson(results->friction);
  return report;
}

}  // namespace fl
