#include "core/report/report_builder.h"

#include <algorithm>
#include <cmath>

#include "core/time_format.h"

namespace fl {
namespace {

// Event names listed in input.event_counts, most frequent first (the workbench's step
// picker searches them; more than this is a column of ids, not of events).
constexpr size_t kMaxListedEventNames = 1000;

nlohmann::ordered_json TablesToJson(const std::vector<TableInput>& tables) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const TableInput& t : tables) {
    nlohmann::ordered_json table;
    table["table"] = t.table;
    table["kind"] = t.kind;
    table["files"] = t.files;
    table["rows"] = t.rows;
    table["rejected"] = t.rejected;
    if (t.kind == "events") {
      table["events"] = t.events;
      nlohmann::ordered_json joins = nlohmann::ordered_json::array();
      for (const TableInput::Join& j : t.joins) {
        joins.push_back({{"table", j.table},
                         {"on", j.on},
                         {"matched", j.matched},
                         {"unmatched", j.unmatched},
                         {"unmatched_examples", j.unmatched_examples}});
      }
      table["joins"] = std::move(joins);
      nlohmann::ordered_json findings = nlohmann::ordered_json::array();
      for (const TableInput::Finding& f : t.findings) {
        findings.push_back({{"kind", f.kind},
                            {"what", f.what},
                            {"count", f.count},
                            {"examples", f.examples},
                            {"example_lines", f.example_lines}});
      }
      table["findings"] = std::move(findings);
    } else {
      table["joined_rows"] = t.joined_rows;
    }
    out.push_back(std::move(table));
  }
  return out;
}

}  // namespace

double RoundForReport(double value) {
  if (!std::isfinite(value)) return 0;
  const double rounded = std::round(value * 1e6) / 1e6;
  return rounded == 0 ? 0 : rounded;  // no "-0"
}

nlohmann::ordered_json AssembleReport(const JourneySpec& journey, const EventTable& table,
                                      std::vector<std::pair<std::string, nlohmann::ordered_json>> sections) {
  return AssembleReportWithInput(journey, InputSectionToJson(table), std::move(sections));
}

nlohmann::ordered_json AssembleReportWithInput(const JourneySpec& journey, nlohmann::ordered_json input,
                                               std::vector<std::pair<std::string, nlohmann::ordered_json>> sections) {
  nlohmann::ordered_json report;
  report["schema"] = kReportSchema;
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (const auto& [name, json] : sections) names.push_back(name);
  report["sections"] = std::move(names);
  report["journey"] = nlohmann::ordered_json::parse(journey.CanonicalJson());
  report["input"] = std::move(input);
  for (auto& [name, json] : sections) report[name] = std::move(json);
  return report;
}

nlohmann::ordered_json InputSectionToJson(const EventTable& table) {
  nlohmann::ordered_json input;
  input["files"] = table.input.files;
  input["rows"] = table.input.rows;
  input["rejected"] = table.input.rejected;
  input["users"] = table.user_count();
  input["sessions"] = table.session_count;
  input["events"] = table.size();
  input["first_time"] = table.size() ? nlohmann::ordered_json(FormatIsoUtc(table.first_time_ms)) : nullptr;
  input["last_time"] = table.size() ? nlohmann::ordered_json(FormatIsoUtc(table.last_time_ms)) : nullptr;
  nlohmann::ordered_json rejections = nlohmann::ordered_json::array();
  for (const Rejection& r : table.input.rejections) {
    rejections.push_back({{"file", r.file}, {"line", r.line}, {"column", r.column}, {"reason", r.reason}});
  }
  input["rejections"] = std::move(rejections);
  input["warnings"] = table.input.warnings;
  // Only for vendor exports and stitched ids, so other reports keep their bytes.
  if (!table.input.sources.empty()) {
    nlohmann::ordered_json sources = nlohmann::ordered_json::array();
    for (const InputStats::Source& s : table.input.sources) {
      nlohmann::ordered_json renamed = nlohmann::ordered_json::array();
      for (const auto& [names, count] : s.renamed) renamed.push_back({{"events", names}, {"count", count}});
      sources.push_back({{"file", s.file},
                         {"source", s.name},
                         {"title", s.title},
                         {"detected", s.detected},
                         {"detected_by", s.reason},
                         {"identity_columns", s.identity_columns},
                         {"identity_rule", s.identity_rule},
                         {"renamed_events", renamed}});
    }
    input["sources"] = std::move(sources);
  }
  if (table.input.stitched) {
    const InputStats::Identity& id = table.input.identity;
    input["identity"] = {{"ids", id.ids},
                         {"persons", id.persons},
                         {"merged_ids", id.merged_ids},
                         {"largest_person_ids", id.largest},
                         {"identity_only_rows", table.input.identity_rows}};
  }
  if (!table.input.sources.empty()) input["duplicates"] = table.input.duplicates;
  // Only for journeys with "tables" (core/ingest/tables).
  if (!table.input.tables.empty()) input["tables"] = TablesToJson(table.input.tables);
  // Events per name, most frequent first: what the data speaks of, for choosing steps.
  std::vector<int64_t> counts(table.event_names.size(), 0);
  for (uint32_t e : table.event) ++counts[e];
  std::vector<uint32_t> order(counts.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (counts[a] != counts[b]) return counts[a] > counts[b];
    return table.event_names.Value(a) < table.event_names.Value(b);
  });
  // Bounded: a file of a million distinct names (ids pasted into the event column) must not
  // make a report of a million rows; the rest is counted, never silently dropped.
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  const size_t listed = std::min(order.size(), kMaxListedEventNames);
  for (size_t i = 0; i < listed; ++i) {
    names.push_back({{"event", table.event_names.Value(order[i])}, {"count", counts[order[i]]}});
  }
  input["event_counts"] = std::move(names);
  if (listed < order.size()) {
    int64_t rest = 0;
    for (size_t i = listed; i < order.size(); ++i) rest += counts[order[i]];
    input["event_names_not_listed"] = static_cast<int64_t>(order.size() - listed);
    input["events_not_listed"] = rest;
  }
  return input;
}

}  // namespace fl
