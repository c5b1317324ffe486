#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_TABLE_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_TABLE_H_

// The terminal table: aligned, at most 80 columns, conversion bars and intervals.

#include <string>

#include "nlohmann/json.hpp"

namespace fl::cli {

std::string RenderReportTable(const nlohmann::ordered_json& report);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_TABLE_H_
