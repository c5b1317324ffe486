#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_HTML_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_HTML_H_

// A self-contained HTML report (no network): Top friction, the funnel drawn as
// SVG bars with interval whiskers, times, breakdown, input health, and the report
// JSON embedded for reuse.

#include <string>

#include "nlohmann/json.hpp"

namespace fl::cli {

std::string RenderReportHtml(const nlohmann::ordered_json& report);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_HTML_H_
