#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_CSV_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_CSV_H_

// `--format csv`: the funnel table for spreadsheets, one row per step, with the columns
// and number forms of the workbench's "Funnel (CSV)" download (web/app/src/downloads.ts):
//   step,count,conversion,conversion_ci95_low,...,median_seconds_from_start
//   Product page,6,1,,,,,,0,0,,,
// Numbers are the report's, written as JavaScript writes them (1 not 1.0); a missing
// value is an empty field; fields with a comma, quote or line break are quoted (RFC 4180).

#include <string>

#include "nlohmann/json.hpp"

namespace fl::cli {

std::string RenderFunnelCsv(const nlohmann::ordered_json& report);

// One report value as a CSV field in those forms (quoted when it must be).
std::string CsvField(const nlohmann::ordered_json& value);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_CSV_H_
