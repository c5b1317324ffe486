#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_OUTPUT_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_OUTPUT_H_

// Writes a report in the chosen format to stdout or a file.

#include <string>

#include "absl/status/status.h"
#include "native-cli/cli_args.h"
#include "nlohmann/json.hpp"

namespace fl::cli {

// format: table | json | html | csv (the table `csv_table` names, report_section_csv.h);
// path "" or "-" means stdout.
absl::Status WriteReport(const nlohmann::ordered_json& report, const std::string& format, const std::string& path,
                         const std::string& csv_table = "funnel");
absl::Status WriteText(const std::string& text, const std::string& path);

// --format and --table as `analyze` and `report` take them: the format (default: table on
// a terminal, json otherwise) and the CSV table (default funnel). On a bad value prints
// "frictionlens COMMAND: ..." and returns false (a usage error).
bool ReportFormatFromFlags(const char* command, const ParsedArgs& args, const std::string& output, std::string* format,
                           std::string* table);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_OUTPUT_H_
