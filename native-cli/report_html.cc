#include "native-cli/report_html.h"

#include <cstdio>
#include <string>

#include "native-cli/report_text.h"

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

std::string Num(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f", value);
  return buffer;
}

// A duration, or nothing when the report has none (step 1, or no unit timed there).
std::string DurationCell(const nlohmann::ordered_json& seconds) {
  return seconds.is_number() ? HumanDuration(seconds.get<double>()) : std::string();
}

// The funnel as horizontal bars: one row per step, the bar's length is the
// conversion from step 1 and the whisker its 95% interval.
std::string FunnelSvg(const nlohmann::ordered_json& steps) {
  const int row = 34, label = 190, bar_width = 520, height = static_cast<int>(steps.size()) * row + 10;
  std::string svg = "<svg class=\"funnel\" viewBox=\"0 0 " + std::to_string(label + bar_width + 150) + " " +
                    std::to_string(height) + "\" role=\"img\" aria-label=\"Funnel\">";
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    const double conversion = step["conversion"].get<double>();
    const int y = static_cast<int>(i) * row + 5;
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 20) + "\">" + Escape(step["name"]) + "</text>";
    svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
           Num(conversion * bar_width) + "\" height=\"22\" rx=\"3\"/>";
    const auto& ci = step["conversion_ci95"];
    if (i > 0 && ci.is_array()) {
      const double lo = label + ci[0].get<double>() * bar_width, hi = label + ci[1].get<double>() * bar_width;
      svg += "<line class=\"ci\" x1=\"" + Num(lo) + "\" x2=\"" + Num(hi) + "\" y1=\"" + std::to_string(y + 15) +
             "\" y2=\"" + std::to_string(y + 15) + "\"/>";
    }
    svg += "<text class=\"value\" x=\"" + std::to_string(label + bar_width + 8) + "\" y=\"" +
           std::to_string(y + 20) + "\">" + WithThousands(step["count"].get<int64_t>()) + " · " +
           Percent(conversion, 1) + "</text>";
  }
  return svg + "</svg>";
}

}  // namespace

std::string RenderReportHtml(const nlohmann::ordered_json& report) {
  const auto& input = report["input"];
  const auto& funnel = report["funnel"];
  const std::string name = report["journey"].value("name", std::string("Journey"));
  std::string html = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>frictionlens: )" + Escape(name) + R"(</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#1d2430;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dde2ea}
.meta{color:#5b6575}ol.friction li{margin:.4rem 0}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:right;padding:.3rem .5rem;border-bottom:1px solid #eef1f5;white-space:nowrap}th:first-child,td:first-child{text-align:left}
svg.funnel{width:100%;height:auto}svg.funnel rect{fill:#3b6fd8}svg.funnel line.ci{stroke:#111;stroke-width:2}
svg.funnel text{font-size:14px}svg.funnel text.value{fill:#333}
.warn{color:#8a4b00}.note{color:#5b6575;font-size:.9rem}
</style></head><body>
<h1>)" + Escape(name) + R"(</h1>
<p class="meta">)" + WithThousands(input["users"].get<int64_t>()) + " users · " +
                     WithThousands(input["events"].get<int64_t>()) + " events · " +
                     WithThousands(input["rejected"].get<int64_t>()) + " rows rejected · unit " +
                     Escape(funnel["unit"]) + " · order " + Escape(funnel["order"]) + " · window " +
                     HumanDuration(funnel["window_seconds"].get<double>()) + "</p>\n";

  const std::vector<std::string> sentences = TopFrictionSentences(report, 10);
  html += "<h2>Top friction</h2>\n";
  if (sentences.empty()) {
    html += "<p class=\"note\">No significant friction found (or no friction analysis in this report).</p>\n";
  } else {
    html += "<ol class=\"friction\">\n";
    for (const std::string& sentence : sentences) html += "<li>" + Escape(sentence) + "</li>\n";
    html += "</ol>\n";
  }

  html += "<h2>Funnel</h2>\n" + FunnelSvg(funnel["steps"]) + "\n";
  html += "<table><thead><tr><th>Step</th><th>Units</th><th>Conversion</th><th>95% CI</th><th>From previous</th>"
          "<th>95% CI</th><th>Dropped</th><th>In progress</th><th>Median time</th><th>p90 time</th></tr></thead><tbody>\n";
  const auto& steps = funnel["steps"];
  for (size_t i = 0; i < steps.size(); ++i) {
    const auto& s = steps[i];
    html += "<tr><td>" + Escape(s["name"]) + "</td><td>" + WithThousands(s["count"].get<int64_t>()) + "</td><td>" +
            Percent(s["conversion"].get<double>(), 1) + "</td><td>" + PercentRange(s["conversion_ci95"]) +
            "</td><td>" + Percent(s["step_conversion"].get<double>(), 1) + "</td><td>" +
            PercentRange(s["step_conversion_ci95"]) + "</td><td>" + WithThousands(s["dropped"].get<int64_t>()) +
            "</td><td>" + WithThousands(s["in_progress"].get<int64_t>()) + "</td><td>" +
            DurationCell(s["median_seconds_from_previous"]) + "</td><td>" +
            DurationCell(s["p90_seconds_from_previous"]) + "</td></tr>\n";
  }
  html += "</tbody></table>\n<p class=\"note\">Intervals are Wilson 95%. In progress: the conversion window had "
          "not closed when the data ends, so these are not counted as dropped.</p>\n";

  const auto& breakdown = funnel["breakdown"];
  if (breakdown.is_object()) {
    html += "<h2>By " + Escape(breakdown["property"]) + "</h2>\n<table><thead><tr><th>Value</th><th>Entered</th>"
            "<th>Converted</th><th>Conversion</th><th>95% CI</th></tr></thead><tbody>\n";
    for (const auto& segment : breakdown["segments"]) {
      const auto& seg_steps = segment["steps"];
      const auto& last = seg_steps[seg_steps.size() - 1];
      html += "<tr><td>" + Escape(segment["value"]) + "</td><td>" +
              WithThousands(seg_steps[0]["count"].get<int64_t>()) + "</td><td>" +
              WithThousands(last["count"].get<int64_t>()) + "</td><td>" + Percent(last["conversion"].get<double>(), 1) +
              "</td><td>" + PercentRange(last["conversion_ci95"]) + "</td></tr>\n";
    }
    html += "</tbody></table>\n";
  }

  html += "<h2>Input</h2>\n<p>" + WithThousands(input["rows"].get<int64_t>()) + " rows read, " +
          WithThousands(input["rejected"].get<int64_t>()) + " rejected; " +
          WithThousands(input["sessions"].get<int64_t>()) + " sessions" +
          (input["first_time"].is_string()
               ? "; " + Escape(input["first_time"]) + " to " + Escape(input["last_time"])
               : std::string()) + ".</p>\n";
  for (const auto& warning : input["warnings"]) html += "<p class=\"warn\">" + Escape(warning) + "</p>\n";
  if (!input["rejections"].empty()) {
    html += "<table><thead><tr><th>File</th><th>Line</th><th>Column</th><th>Reason</th></tr></thead><tbody>\n";
    for (const auto& r : input["rejections"]) {
      html += "<tr><td>" + Escape(r["file"]) + "</td><td>" + std::to_string(r["line"].get<int64_t>()) + "</td><td>" +
              std::to_string(r["column"].get<int64_t>()) + "</td><td>" + Escape(r["reason"]) + "</td></tr>\n";
    }
    html += "</tbody></table>\n";
  }
  // The whole report, for tools that want the numbers (</ escaped so it cannot close the tag).
  std::string json = report.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (size_t at = json.find("</"); at != std::string::npos; at = json.find("</", at + 2)) json.replace(at, 2, "<\\/");
  html += "<script type=\"application/json\" id=\"frictionlens-report\">" + json + "</script>\n</body></html>\n";
  return html;
}

}  // namespace fl::cli
