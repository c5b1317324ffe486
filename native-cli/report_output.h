#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_OUTPUT_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_OUTPUT_H_

// Writes a report in the chosen format to stdout or a file.

#include <string>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace fl::cli {

// format: table | json | html | csv (the table `csv_table` names, report_section_csv.h);
// path "" or "-" means stdout.
absl::Status WriteReport(const nlohmann::ordered_json& report, const std::string& format, const std::string& path,
                         const std::string& csv_table = "funnel");
absl::Status WriteText(const std::string& text, const std::string& path);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_OUTPUT_H_
