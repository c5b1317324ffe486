#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_SECTION_CSV_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_SECTION_CSV_H_

// `--format csv --table NAME`: a section's main table for spreadsheets, one row per
// item, in the number forms of report_csv.h. Nothing is computed: every field is a value
// of the report's JSON (its path is the column's name, flattened with "_"), so a sheet
// and the report never disagree.
//   funnel       one row per step (the default; report_csv.h)
//   friction     one row per friction point: stage, signal, target, affected, the two
//                conversions, difference and interval, lost conversions, revenue, p, q
//   paths        one row per step, list (before | after | dropped) and event: units,
//                share and interval, median and p90 time
//   correlation  one row per step and candidate (with_dropping | with_converting): the
//                2x2 counts, drop rates with intervals, odds ratio and interval, p, q
//   conformance  one row per step and deviation kind: units, share and interval
// A table whose section is not in the report (turned off, or not applicable) is an error.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace fl::cli {

// The names --table accepts, funnel first.
const std::vector<std::string>& CsvTableNames();

absl::StatusOr<std::string> RenderSectionCsv(const nlohmann::ordered_json& report, const std::string& table);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_SECTION_CSV_H_
