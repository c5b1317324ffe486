#include "native-cli/report_html.h"

#include <string>

namespace fl::cli {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// JSON inside a <script> element. Both "</script>" (closes the element) and "<!--<script>"
// (the "double escaped" parsing state, in which the element's own "</script>" no longer
// closes it and the next script is swallowed) must be impossible, so no "<" is written at
// all: in JSON a "<" can only be inside a string, where "\u003c" means the same.
std::string JsonScriptSafe(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Our own JavaScript inside a <script> element: "</" becomes "<\/", which means the same in
// JavaScript strings, templates and comments. (The element's code holds no "<!--", which
// tests/cli/golden_test.sh checks.)
std::string ScriptSafe(std::string text) {
  for (size_t at = text.find("</"); at != std::string::npos; at = text.find("</", at + 2)) {
    text.replace(at, 2, "<\\/");
  }
  return text;
}

}  // namespace

std::string RenderReportHtml(const nlohmann::ordered_json& report) {
  const std::string name = report["journey"].value("name", std::string("Journey"));
  std::string html = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>frictionlens: )" + Escape(name) + R"(</title>
<style>
body{margin:1.5rem auto;max-width:1000px;padding:0 1rem;font:15px/1.45 system-ui,sans-serif}
frictionlens-report{min-height:600px}
</style></head><body>
<frictionlens-report id="report" view="funnel" plain></frictionlens-report>
<noscript>This report is drawn by JavaScript; its numbers are in the JSON below.</noscript>
)";
  // The whole report: what the element draws, and what tools read.
  html += "<script type=\"application/json\" id=\"frictionlens-report\">" +
          JsonScriptSafe(report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "</script>\n";
  html += "<script type=\"module\">\n" + ScriptSafe(kEmbeddedElementJs) +
          "\ndocument.getElementById('report').report =\n"
          "  JSON.parse(document.getElementById('frictionlens-report').textContent);\n</script>\n</body></html>\n";
  return html;
}

}  // namespace fl::cli
