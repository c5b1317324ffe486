#include "core/report/journey_report.h"

#include <string>
#include <utility>

#include "absl/strings/str_join.h"
#include "core/journey/property_check.h"
#include "core/report/report_builder.h"
#include "core/report/section_driver.h"

namespace fl {

absl::StatusOr<nlohmann::ordered_json> BuildJourneyReport(const JourneySpec& journey, EventTable* table,
                                                          int threads) {
  // A misspelt property would match nothing: a funnel of zeros that looks like data.
  MissingProperties missing = MissingJourneyProperties(journey, *table);
  if (!missing.errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(missing.errors, "\n"));
  SectionPassOptions pass;
  pass.threads = threads;
  absl::StatusOr<SectionStates> sections = RunSectionPass(journey, *table, pass);
  if (!sections.ok()) return sections.status();
  // This journey's warnings go into this report only: a TableSession asks the same
  // table about other journeys next.
  const std::vector<std::string> read_warnings = table->input.warnings;
  for (std::string& message : missing.warnings) table->input.warnings.push_back(std::move(message));
  nlohmann::ordered_json report = AssembleReport(journey, *table, FinalizeSections(*sections));
  table->input.warnings = read_warnings;
  return report;
}

}  // namespace fl
