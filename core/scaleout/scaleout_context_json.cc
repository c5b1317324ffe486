// ScaleoutContext to and from JSON: the shard file and the partial state both carry it.
// nlohmann::json (sorted keys) is the canonical form: the same context always gives the
// same bytes, and input_id is checked against the fields on the way back in.

#include <exception>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "core/scaleout/input_stats_json.h"
#include "core/scaleout/table_shard.h"

namespace fl {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Rejection, file, line, column, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FileInputStats, file, rows, rejected, events, first_time_ms, last_time_ms)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TableInput::Join, table, on, matched, unmatched, unmatched_examples)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TableInput::Finding, kind, what, count, examples, example_lines)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TableInput, table, kind, files, rows, rejected, events, joined_rows, joins,
                                   findings)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InputStats::Source, file, name, title, reason, identity_rule, detected,
                                   identity_columns, renamed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InputStats::Identity, ids, persons, merged_ids, largest)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(InputStats, files, rows, rejected, rejections, warnings, identity_rows,
                                   duplicates, sources, identity, stitched, rejected_by_kind, per_file, tables)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScaleoutContext::Property, name, values)

nlohmann::json InputStatsToJson(const InputStats& input) { return input; }
InputStats InputStatsFromJson(const nlohmann::json& json) { return json.get<InputStats>(); }

nlohmann::json ContextToJson(const ScaleoutContext& context) {
  nlohmann::json j;
  j["input_id"] = context.input_id;
  j["first_time_ms"] = context.first_time_ms;
  j["last_time_ms"] = context.last_time_ms;
  j["input"] = context.input;
  // Kept as text: the report repeats its bytes, key order included.
  // Invalid UTF-8 (a rejected row's bytes quoted in a reason) as U+FFFD, as the report's
  // own rendering writes it, so the report's bytes do not change.
  j["input_section"] = context.input_section.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  j["event_names"] = context.event_names;
  j["properties"] = context.properties;
  j["events"] = context.events;
  j["rows_set"] = context.rows_set;
  return j;
}

namespace {

// Whether `j` holds a number with a fraction or an exponent anywhere: the context's numbers
// are counts and times, and nlohmann's get<int64_t> of a float out of range is undefined.
bool HasFloat(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured()) {
    for (const nlohmann::json& v : j) {
      if (HasFloat(v)) return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<ScaleoutContext> ContextFromJson(const nlohmann::json& j) {
  ScaleoutContext context;
  try {
    if (!j.is_object()) return absl::InvalidArgumentError("context: expected an object");
    if (HasFloat(j)) return absl::InvalidArgumentError("context: a number that is not an integer");
    context.input_id = j.at("input_id").get<std::string>();
    context.first_time_ms = j.at("first_time_ms").get<int64_t>();
    context.last_time_ms = j.at("last_time_ms").get<int64_t>();
    context.input = j.at("input").get<InputStats>();
    context.input_section = nlohmann::ordered_json::parse(j.at("input_section").get<std::string>());
    context.event_names = j.at("event_names").get<std::vector<std::string>>();
    context.properties = j.at("properties").get<std::vector<ScaleoutContext::Property>>();
    context.events = j.at("events").get<int64_t>();
    context.rows_set = j.at("rows_set").get<std::vector<int64_t>>();
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("context: ", e.what()));
  }
  if (!context.input_section.is_object()) return absl::InvalidArgumentError("context: input_section is not an object");
  if (context.rows_set.size() != context.properties.size() || context.events < 0) {
    return absl::InvalidArgumentError("context: expected events >= 0 and one rows_set count per property");
  }
  for (int64_t set : context.rows_set) {
    if (set < 0 || set > context.events) return absl::InvalidArgumentError("context: a rows_set count beyond events");
  }
  // Dictionaries give ids by position: a repeated name would shift every later id.
  absl::flat_hash_set<std::string_view> seen;
  for (const std::string& name : context.event_names) {
    if (!seen.insert(name).second) return absl::InvalidArgumentError(absl::StrCat("context: event name \"", name, "\" twice"));
  }
  seen.clear();
  for (const ScaleoutContext::Property& p : context.properties) {
    if (!seen.insert(p.name).second) return absl::InvalidArgumentError(absl::StrCat("context: property \"", p.name, "\" twice"));
    if (p.values.empty() || !p.values[0].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("context: property \"", p.name, "\": value 0 must be \"\""));
    }
    absl::flat_hash_set<std::string_view> values;
    for (const std::string& v : p.values) {
      if (!values.insert(v).second) {
        return absl::InvalidArgumentError(absl::StrCat("context: property \"", p.name, "\": value \"", v, "\" twice"));
      }
    }
  }
  if (context.Fingerprint() != context.input_id) {
    return absl::InvalidArgumentError("context: its fields do not match its input_id (edited or damaged)");
  }
  return context;
}

}  // namespace fl
