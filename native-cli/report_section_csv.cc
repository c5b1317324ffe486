#include "native-cli/report_section_csv.h"

#include <utility>

#include "absl/status/status.h"
#include "native-cli/report_csv.h"

namespace fl::cli {
namespace {

using Json = nlohmann::ordered_json;

// The value at `path` under `j`, or null when any part of the path is missing.
const Json& At(const Json& j, const Json::json_pointer& path) {
  static const Json kNone;
  if (!j.is_object() && !j.is_array()) return kNone;
  return j.contains(path) ? j.at(path) : kNone;
}

// j[key], or null when j is not an object or has no such key: a section's JSON may leave
// a part out (the last step has no "dropped" list), and a CSV must never throw on it.
const Json& Get(const Json& j, const char* key) {
  static const Json kNone;
  if (!j.is_object()) return kNone;
  auto it = j.find(key);
  return it == j.end() ? kNone : *it;
}

// A string value's text, or its JSON form.
std::string CsvText(const Json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

// The elements of an array, or none.
const Json& Items(const Json& j) {
  static const Json kEmpty = Json::array();
  return j.is_array() ? j : kEmpty;
}

// A table: fixed leading columns whose values the caller gives per row, then columns
// read from each row's object by JSON pointer (named after the pointer: "/share_ci95/0"
// is share_ci95_low, "/1" _high).
class CsvTable {
 public:
  CsvTable(const std::vector<std::string>& leading, const std::vector<std::string>& pointers) {
    std::vector<std::string> names = leading;
    for (const std::string& pointer : pointers) {
      std::string name = pointer.substr(1);
      for (char& c : name) c = c == '/' ? '_' : c;
      if (name.size() > 2 && name.compare(name.size() - 2, 2, "_0") == 0) name.replace(name.size() - 2, 2, "_low");
      if (name.size() > 2 && name.compare(name.size() - 2, 2, "_1") == 0) name.replace(name.size() - 2, 2, "_high");
      names.push_back(name);
      paths_.emplace_back(pointer);  // parsed once, not per row
    }
    for (size_t i = 0; i < names.size(); ++i) out_ += (i ? "," : "") + names[i];
    out_ += "\n";
  }
  void Add(const std::vector<Json>& leading, const Json& row) {
    std::string line;
    for (size_t i = 0; i < leading.size(); ++i) line += (i ? "," : "") + CsvField(leading[i]);
    for (const Json::json_pointer& path : paths_) line += "," + CsvField(At(row, path));
    out_ += line + "\n";
  }
  std::string text() const { return out_; }

 private:
  std::vector<Json::json_pointer> paths_;
  std::string out_;
};

std::string FrictionCsv(const Json& friction) {
  CsvTable table({"rank"}, {"/stage", "/next_step", "/signal", "/target", "/affected", "/baseline", "/compare",
                            "/affected_conversion", "/baseline_conversion", "/difference", "/difference_ci95/0",
                            "/difference_ci95/1", "/lost_conversions", "/lost_conversions_ci95/0",
                            "/lost_conversions_ci95/1", "/revenue_at_risk", "/revenue_at_risk_ci95/0",
                            "/revenue_at_risk_ci95/1", "/test", "/p_value", "/q_value", "/significant", "/sentence"});
  // In the report's ranked order (friction.top), then the points it leaves out.
  const Json& points = Items(Get(friction, "points"));
  std::vector<bool> listed(points.size(), false);
  for (const Json& top : Items(Get(friction, "top"))) {
    const Json& point = Get(top, "point");
    if (!point.is_number_unsigned() || point.get<size_t>() >= points.size()) continue;
    listed[point.get<size_t>()] = true;
    table.Add({Get(top, "rank")}, points[point.get<size_t>()]);
  }
  for (size_t i = 0; i < points.size(); ++i) {
    if (!listed[i]) table.Add({Json()}, points[i]);
  }
  return table.text();
}

std::string PathsCsv(const Json& paths) {
  CsvTable table({"step", "list", "event"}, {"/units", "/share", "/share_ci95/0", "/share_ci95/1", "/median_ms", "/p90_ms"});
  for (const Json& step : Items(Get(paths, "steps"))) {
    for (const char* list : {"before", "after", "dropped"}) {
      const Json& part = Get(step, list);
      for (const Json& event : Items(Get(part, "events"))) table.Add({Get(step, "step"), list, Get(event, "event")}, event);
      const Json& other = Get(part, "other");
      if (Get(other, "units").is_number() && Get(other, "units").get<double>() > 0) {
        table.Add({Get(step, "step"), list, "(other)"}, other);
      }
    }
  }
  return table.text();
}

std::string CorrelationCsv(const Json& correlation) {
  CsvTable table({"step", "next_step", "goes_with", "candidate"},
                 {"/kind", "/dropped_with", "/dropped_without", "/converted_with", "/converted_without",
                  "/drop_rate_with", "/drop_rate_with_ci95/0", "/drop_rate_with_ci95/1", "/drop_rate_without",
                  "/drop_rate_without_ci95/0", "/drop_rate_without_ci95/1", "/odds_ratio", "/odds_ratio_ci95/0",
                  "/odds_ratio_ci95/1", "/corrected", "/posthog_odds_ratio", "/p_value", "/q_value"});
  for (const Json& step : Items(Get(correlation, "steps"))) {
    for (const auto& [key, label] : {std::make_pair("with_dropping", "dropping"), std::make_pair("with_converting", "going_on")}) {
      for (const Json& c : Items(Get(step, key))) {
        const Json& value = Get(c, "value");
        const Json candidate = Get(c, "kind") == "event"
                                   ? Get(c, "event")
                                   : Json(CsvText(Get(c, "property")) + "=" + CsvText(value));
        table.Add({Get(step, "step"), Get(step, "next_step"), label, candidate}, c);
      }
    }
  }
  return table.text();
}

std::string ConformanceCsv(const Json& conformance) {
  CsvTable table({"step", "step_units", "deviation"}, {"/units", "/share", "/share_ci95/0", "/share_ci95/1"});
  for (const Json& step : Items(Get(conformance, "steps"))) {
    for (const char* kind : {"skipped", "out_of_order", "went_back", "repeated"}) {
      table.Add({Get(step, "step"), Get(step, "units"), kind}, Get(step, kind));
    }
  }
  return table.text();
}

}  // namespace

const std::vector<std::string>& CsvTableNames() {
  static const std::vector<std::string> names = {"funnel", "friction", "paths", "correlation", "conformance"};
  return names;
}

absl::StatusOr<std::string> RenderSectionCsv(const Json& report, const std::string& table) {
  if (table == "funnel") return RenderFunnelCsv(report);
  auto section = report.find(table);
  if (section == report.end() || !section->is_object()) {
    return absl::NotFoundError("--table " + table + ": the report has no " + table +
                               " section (turned off, or it does not apply to this journey)");
  }
  if (table == "friction") return FrictionCsv(*section);
  if (table == "paths") return PathsCsv(*section);
  if (table == "correlation") return CorrelationCsv(*section);
  if (table == "conformance") return ConformanceCsv(*section);
  return absl::InvalidArgumentError("--table: expected funnel, friction, paths, correlation or conformance");
}

}  // namespace fl::cli
