#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_HTML_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_HTML_H_

// A self-contained HTML report (no network): the <frictionlens-report> element of web/,
// inlined (web/format.js and web/frictionlens-report.js, built into the binary), handed
// the report JSON embedded in the page. One renderer for the page and the element:
// the same Top friction, funnel, breakdown and input quality, in the same words.

#include <string>

#include "nlohmann/json.hpp"

namespace fl::cli {

std::string RenderReportHtml(const nlohmann::ordered_json& report);

// web/format.js and web/frictionlens-report.js as one module script, their import and
// export lines removed (generated at build time: native-cli/embedded_element.cc.in).
extern const char kEmbeddedElementJs[];

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_HTML_H_
