// ParseJourneySpec: JSON text -> JourneySpec, every error naming its JSON path.
//
// Defaults chosen where tools disagree (see README "Journey spec"):
//   window  "1d"  (Amplitude's default; ClickHouse always needs it explicit, so a spec
//                  that omits it still means one fixed thing)
//   order   "ordered", unit "users", trend "day", breakdown none. Section keys (friction,
//   value, ...) are the sections' own: core/report/journey_sections.h.
// Normalisation (so that equal journeys have equal CanonicalJson):
//   event lists and "in" lists are sorted and de-duplicated, where-predicates are
//   sorted by property, hold_constant is sorted. `"order": "strict"` (nothing between two
//   steps: PostHog, Amplitude, GA4) and the mode `strict_order` (ClickHouse) are two rules.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/journey/journey_spec.h"
#include "core/json/json_reader.h"
#include "nlohmann/json.hpp"

namespace fl {
namespace {

using nlohmann::json;

std::string Key(absl::string_view path, absl::string_view key) { return JsonReader::Key(path, key); }
std::string Index(absl::string_view path, size_t i) { return JsonReader::Index(path, i); }
absl::Status Error(absl::string_view path, absl::string_view reason) {
  return JsonReader(kJourneyErrorPrefix).Error(path, reason);
}
absl::Status CheckKeys(const json& object, absl::string_view path,
                       absl::Span<const absl::string_view> allowed) {
  return JsonReader(kJourneyErrorPrefix).CheckKeys(object, path, allowed);
}

constexpr size_t kMaxSteps = 32;  // as ClickHouse windowFunnel; steps are bits in a mask
constexpr size_t kMaxExclusions = 32;
constexpr size_t kMaxHoldConstant = 3;  // as Mixpanel
constexpr int64_t kDefaultWindowMs = 86400000;

// Records where a SAX parse failed, without exceptions (the wasm build has none).
class ErrorFinder : public nlohmann::json_sax<json> {
 public:
  size_t position = 0;
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    position = pos;
    message = ex.what();
    return false;
  }
};

// No spec needs more than a few levels of nesting (steps[1].where.page.not.in[0]);
// the DOM's copy and dump recurse per level, so a hostile spec nested a million
// deep would overflow the stack. Refused up front, naming where it got too deep.
constexpr int kMaxNesting = 32;

// A SAX pass that tracks the JSON path and stops at the first container nested
// deeper than kMaxNesting. Syntax errors are left to the real parse.
class DepthChecker : public nlohmann::json_sax<json> {
 public:
  std::string too_deep;  // the path of the first container too deep; empty when fine
  bool null() override { return Value(); }
  bool boolean(bool) override { return Value(); }
  bool number_integer(number_integer_t) override { return Value(); }
  bool number_unsigned(number_unsigned_t) override { return Value(); }
  bool number_float(number_float_t, const string_t&) override { return Value(); }
  bool string(string_t&) override { return Value(); }
  bool binary(binary_t&) override { return Value(); }
  bool start_object(std::size_t) override { return Open(false); }
  bool key(string_t& k) override {
    levels_.back().key = k;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(true); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  struct Level {
    bool array;
    size_t index;
    std::string key;
  };
  bool Value() {
    if (!levels_.empty() && levels_.back().array) ++levels_.back().index;
    return true;
  }
  bool Open(bool array) {
    Value();
    if (levels_.size() >= static_cast<size_t>(kMaxNesting)) {
      std::string path;
      for (const Level& level : levels_) {
        path = level.array ? Index(path, level.index - 1) : Key(path, level.key);
      }
      too_deep = path;
      return false;
    }
    levels_.push_back({array, 0, std::string()});
    return true;
  }
  bool Close() {
    levels_.pop_back();
    return true;
  }
  std::vector<Level> levels_;
};

void SortUnique(std::vector<std::string>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

absl::StatusOr<std::string> ReadString(const json& value, const std::string& path, bool non_empty) {
  if (!value.is_string()) return Error(path, "expected a string");
  const std::string& text = value.get_ref<const std::string&>();
  if (non_empty && text.empty()) return Error(path, "must not be empty");
  return text;
}

// Property values are compared as text; an integer in the spec means its decimal form.
absl::StatusOr<std::string> ReadValue(const json& value, const std::string& path) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  return Error(path, "expected a string or an integer");
}

absl::StatusOr<std::vector<std::string>> ReadEventList(const json& value, const std::string& path) {
  std::vector<std::string> events;
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().empty()) return Error(path, "must not be empty");
    events.push_back(value.get<std::string>());
    return events;
  }
  if (!value.is_array()) return Error(path, "expected a string or an array");
  if (value.empty()) return Error(path, "expected at least one event name");
  for (size_t i = 0; i < value.size(); ++i) {
    absl::StatusOr<std::string> name = ReadString(value[i], Index(path, i), true);
    if (!name.ok()) return name.status();
    events.push_back(*std::move(name));
  }
  SortUnique(&events);
  return events;
}

// One property condition: "v" | 5 | {"in":[..]} | {"prefix":"/x"} | {"not": <condition>}.
absl::Status ReadCondition(const json& value, const std::string& path, bool inside_not,
                           PropertyPredicate* out) {
  if (!value.is_object()) {
    absl::StatusOr<std::string> single = ReadValue(value, path);
    if (!single.ok()) return Error(path, "expected a string, an integer or an object");
    out->op = PropertyPredicate::Op::kIn;
    out->values = {*std::move(single)};
    return absl::OkStatus();
  }
  if (value.size() != 1) return Error(path, "expected exactly one of: in, prefix, not");
  const std::string& op = value.begin().key();
  const json& arg = value.begin().value();
  const std::string arg_path = Key(path, op);
  if (op == "in") {
    if (!arg.is_array() || arg.empty()) return Error(arg_path, "expected a non-empty array");
    out->op = PropertyPredicate::Op::kIn;
    out->values.clear();
    for (size_t i = 0; i < arg.size(); ++i) {
      absl::StatusOr<std::string> v = ReadValue(arg[i], Index(arg_path, i));
      if (!v.ok()) return v.status();
      out->values.push_back(*std::move(v));
    }
    SortUnique(&out->values);
    return absl::OkStatus();
  }
  if (op == "prefix") {
    absl::StatusOr<std::string> prefix = ReadString(arg, arg_path, false);
    if (!prefix.ok()) return prefix.status();
    out->op = PropertyPredicate::Op::kPrefix;
    out->values = {*std::move(prefix)};
    return absl::OkStatus();
  }
  if (op == "not") {
    if (inside_not) return Error(arg_path, "\"not\" cannot be nested");
    out->negate = true;
    return ReadCondition(arg, arg_path, true, out);
  }
  return Error(arg_path, "unknown operator (expected one of: in, prefix, not)");
}

absl::StatusOr<std::vector<PropertyPredicate>> ReadWhere(const json& value, const std::string& path) {
  if (!value.is_object()) return Error(path, "expected an object of property conditions");
  std::vector<PropertyPredicate> where;
  // nlohmann::json objects iterate in key order, so predicates come out sorted.
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key().empty()) return Error(path, "property name must not be empty");
    PropertyPredicate predicate;
    predicate.property = it.key();
    absl::Status status = ReadCondition(it.value(), Key(path, it.key()), false, &predicate);
    if (!status.ok()) return status;
    where.push_back(std::move(predicate));
  }
  return where;
}

absl::StatusOr<bool> ReadBool(const json& value, const std::string& path) {
  if (!value.is_boolean()) return Error(path, "expected true or false");
  return value.get<bool>();
}

absl::Status ReadStep(const json& value, const std::string& path, StepSpec* step) {
  if (!value.is_object()) return Error(path, "expected an object");
  absl::Status keys = CheckKeys(value, path, {"name", "event", "where", "optional", "window", "min_gap"});
  if (!keys.ok()) return keys;
  if (!value.contains("name")) return Error(Key(path, "name"), "required");
  absl::StatusOr<std::string> name = ReadString(value["name"], Key(path, "name"), true);
  if (!name.ok()) return name.status();
  step->name = *std::move(name);
  if (!value.contains("event")) return Error(Key(path, "event"), "required");
  absl::StatusOr<std::vector<std::string>> events = ReadEventList(value["event"], Key(path, "event"));
  if (!events.ok()) return events.status();
  step->events = *std::move(events);
  if (value.contains("where")) {
    absl::StatusOr<std::vector<PropertyPredicate>> where = ReadWhere(value["where"], Key(path, "where"));
    if (!where.ok()) return where.status();
    step->where = *std::move(where);
  }
  if (value.contains("optional")) {
    absl::StatusOr<bool> optional = ReadBool(value["optional"], Key(path, "optional"));
    if (!optional.ok()) return optional.status();
    step->optional = *optional;
  }
  if (value.contains("window") && !value["window"].is_null()) {
    absl::StatusOr<int64_t> window = ParseDurationMs(value["window"], Key(path, "window"));
    if (!window.ok()) return window.status();
    step->window_ms = *window;
  }
  if (value.contains("min_gap") && !value["min_gap"].is_null()) {
    absl::StatusOr<int64_t> gap = ParseDurationMs(value["min_gap"], Key(path, "min_gap"));
    if (!gap.ok()) return gap.status();
    step->min_gap_ms = *gap;
  }
  return absl::OkStatus();
}

// A step named by its name or by its 0-based index.
absl::StatusOr<int> ReadStepRef(const json& value, const std::string& path,
                                const std::vector<StepSpec>& steps) {
  if (value.is_number_integer()) {
    // Compared as written: get<int64_t> would wrap an unsigned beyond int64 to a negative index.
    const bool in_range = value.is_number_unsigned()
                              ? value.get<uint64_t>() < steps.size()
                              : value.get<int64_t>() >= 0 && value.get<int64_t>() < static_cast<int64_t>(steps.size());
    if (!in_range) {
      return Error(path, absl::StrCat("step index ", value.dump(), " out of range 0..", steps.size() - 1));
    }
    return static_cast<int>(value.get<int64_t>());
  }
  if (value.is_string()) {
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].name == value.get_ref<const std::string&>()) return static_cast<int>(i);
    }
    return Error(path, absl::StrCat("no step named \"", value.get<std::string>(), "\""));
  }
  return Error(path, "expected a step name or a 0-based step index");
}

absl::Status ReadExclusion(const json& value, const std::string& path,
                           const std::vector<StepSpec>& steps, ExclusionSpec* exclusion) {
  if (!value.is_object()) return Error(path, "expected an object");
  absl::Status keys = CheckKeys(value, path, {"event", "where", "from", "to"});
  if (!keys.ok()) return keys;
  if (!value.contains("event")) return Error(Key(path, "event"), "required");
  absl::StatusOr<std::vector<std::string>> events = ReadEventList(value["event"], Key(path, "event"));
  if (!events.ok()) return events.status();
  exclusion->events = *std::move(events);
  if (value.contains("where")) {
    absl::StatusOr<std::vector<PropertyPredicate>> where = ReadWhere(value["where"], Key(path, "where"));
    if (!where.ok()) return where.status();
    exclusion->where = *std::move(where);
  }
  // Default: the whole funnel, first step to last.
  exclusion->from_step = 0;
  exclusion->to_step = static_cast<int>(steps.size()) - 1;
  if (value.contains("from")) {
    absl::StatusOr<int> from = ReadStepRef(value["from"], Key(path, "from"), steps);
    if (!from.ok()) return from.status();
    exclusion->from_step = *from;
  }
  if (value.contains("to")) {
    absl::StatusOr<int> to = ReadStepRef(value["to"], Key(path, "to"), steps);
    if (!to.ok()) return to.status();
    exclusion->to_step = *to;
  }
  if (exclusion->from_step >= exclusion->to_step) {
    return Error(Key(path, "to"), "must name a step after \"from\"");
  }
  return absl::OkStatus();
}

absl::Status ReadBreakdown(const json& value, const std::string& path, BreakdownSpec* breakdown) {
  if (value.is_null()) return absl::OkStatus();
  if (value.is_string()) {
    absl::StatusOr<std::string> property = ReadString(value, path, true);
    if (!property.ok()) return property.status();
    breakdown->property = *std::move(property);
    return absl::OkStatus();
  }
  if (!value.is_object()) return Error(path, "expected a property name, an object or null");
  absl::Status keys = CheckKeys(value, path, {"property", "attribution", "top"});
  if (!keys.ok()) return keys;
  if (!value.contains("property")) return Error(Key(path, "property"), "required");
  absl::StatusOr<std::string> property = ReadString(value["property"], Key(path, "property"), true);
  if (!property.ok()) return property.status();
  breakdown->property = *std::move(property);
  if (value.contains("attribution")) {
    const json& attribution = value["attribution"];
    if (attribution == "first_touch") {
      breakdown->attribution = Attribution::kFirstTouch;
    } else if (attribution == "last_touch") {
      breakdown->attribution = Attribution::kLastTouch;
    } else {
      return Error(Key(path, "attribution"), "expected \"first_touch\" or \"last_touch\"");
    }
  }
  if (value.contains("top")) {
    const json& top = value["top"];
    const bool in_range = top.is_number_integer() &&
                          (top.is_number_unsigned() ? top.get<uint64_t>() >= 1 && top.get<uint64_t>() <= 10000
                                                    : top.get<int64_t>() >= 1 && top.get<int64_t>() <= 10000);
    if (!in_range) {
      return Error(Key(path, "top"), "expected an integer from 1 to 10000");
    }
    breakdown->top = top.get<int64_t>();
  }
  return absl::OkStatus();
}

absl::Status ReadTopLevel(const json& doc, absl::Span<const absl::string_view> section_keys,
                          JourneySpec* spec) {
  std::vector<absl::string_view> allowed = {"$schema", "name", "window", "order", "steps", "exclusions",
                                            "hold_constant", "unit", "modes", "breakdown", "trend"};
  allowed.insert(allowed.end(), section_keys.begin(), section_keys.end());
  absl::Status keys = CheckKeys(doc, "", allowed);
  if (!keys.ok()) return keys;
  spec->name = "journey";
  if (doc.contains("name")) {
    absl::StatusOr<std::string> name = ReadString(doc["name"], "name", true);
    if (!name.ok()) return name.status();
    spec->name = *std::move(name);
  }
  spec->window_ms = kDefaultWindowMs;
  if (doc.contains("window")) {
    absl::StatusOr<int64_t> window = ParseDurationMs(doc["window"], "window");
    if (!window.ok()) return window.status();
    spec->window_ms = *window;
  }
  if (doc.contains("order")) {
    const json& order = doc["order"];
    if (order == "ordered") {
      spec->order = FunnelOrder::kOrdered;
    } else if (order == "strict") {
      spec->order = FunnelOrder::kStrict;
    } else if (order == "any") {
      spec->order = FunnelOrder::kAny;
    } else {
      return Error("order", "expected \"ordered\", \"strict\" or \"any\"");
    }
  }
  if (!doc.contains("steps")) return Error("steps", "required");
  const json& steps = doc["steps"];
  if (!steps.is_array() || steps.empty()) return Error("steps", "expected a non-empty array");
  if (steps.size() > kMaxSteps) return Error("steps", absl::StrCat("at most ", kMaxSteps, " steps"));
  for (size_t i = 0; i < steps.size(); ++i) {
    StepSpec step;
    const std::string path = Index("steps", i);
    absl::Status status = ReadStep(steps[i], path, &step);
    if (!status.ok()) return status;
    for (const StepSpec& earlier : spec->steps) {
      if (earlier.name == step.name) {
        return Error(Key(path, "name"), absl::StrCat("duplicate step name \"", step.name, "\""));
      }
    }
    spec->steps.push_back(std::move(step));
  }
  if (doc.contains("exclusions")) {
    const json& exclusions = doc["exclusions"];
    if (!exclusions.is_array()) return Error("exclusions", "expected an array");
    if (exclusions.size() > kMaxExclusions) {
      return Error("exclusions", absl::StrCat("at most ", kMaxExclusions, " exclusions"));
    }
    for (size_t i = 0; i < exclusions.size(); ++i) {
      ExclusionSpec exclusion;
      absl::Status status = ReadExclusion(exclusions[i], Index("exclusions", i), spec->steps, &exclusion);
      if (!status.ok()) return status;
      spec->exclusions.push_back(std::move(exclusion));
    }
  }
  if (doc.contains("hold_constant")) {
    const json& hold = doc["hold_constant"];
    if (hold.is_string()) {
      absl::StatusOr<std::string> property = ReadString(hold, "hold_constant", true);
      if (!property.ok()) return property.status();
      spec->hold_constant.push_back(*std::move(property));
    } else if (hold.is_array()) {
      if (hold.size() > kMaxHoldConstant) {
        return Error("hold_constant", absl::StrCat("at most ", kMaxHoldConstant, " properties"));
      }
      for (size_t i = 0; i < hold.size(); ++i) {
        absl::StatusOr<std::string> property = ReadString(hold[i], Index("hold_constant", i), true);
        if (!property.ok()) return property.status();
        spec->hold_constant.push_back(*std::move(property));
      }
      SortUnique(&spec->hold_constant);
    } else {
      return Error("hold_constant", "expected an array of property names");
    }
  }
  if (doc.contains("unit")) {
    const json& unit = doc["unit"];
    if (unit == "users") {
      spec->unit = CountingUnit::kUsers;
    } else if (unit == "sessions") {
      spec->unit = CountingUnit::kSessions;
    } else if (unit == "attempts") {
      spec->unit = CountingUnit::kAttempts;
    } else {
      return Error("unit", "expected \"users\", \"sessions\" or \"attempts\"");
    }
  }
  if (doc.contains("modes")) {
    const json& modes = doc["modes"];
    if (!modes.is_array()) return Error("modes", "expected an array");
    for (size_t i = 0; i < modes.size(); ++i) {
      const json& mode = modes[i];
      if (mode == "strict_deduplication") {
        spec->strict_deduplication = true;
      } else if (mode == "strict_order") {
        spec->strict_order = true;
      } else if (mode == "strict_increase") {
        spec->strict_increase = true;
      } else if (mode == "strict_once") {
        spec->strict_once = true;
      } else if (mode == "allow_reentry") {
        spec->allow_reentry = true;
      } else {
        return Error(Index("modes", i),
                     "expected \"strict_deduplication\", \"strict_order\", \"strict_increase\", "
                     "\"strict_once\" or \"allow_reentry\"");
      }
    }
  }
  if (doc.contains("breakdown")) {
    absl::Status status = ReadBreakdown(doc["breakdown"], "breakdown", &spec->breakdown);
    if (!status.ok()) return status;
  }
  if (doc.contains("trend")) {
    const json& trend = doc["trend"];
    if (trend != "hour" && trend != "day" && trend != "week") {
      return Error("trend", "expected \"hour\", \"day\" or \"week\"");
    }
    spec->trend_bucket = trend.get<std::string>();
  }
  // nlohmann::json objects are key-sorted, so these dump (and echo) deterministically.
  for (absl::string_view key : section_keys) {
    auto it = doc.find(std::string(key));
    if (it != doc.end()) spec->section_settings[std::string(key)] = nlohmann::ordered_json::parse(it->dump());
  }
  return absl::OkStatus();
}

// Rules that tie several keys together.
absl::Status CheckConsistency(JourneySpec* spec) {
  if (spec->allow_reentry && !spec->strict_order) {
    // As ClickHouse: the mode only relaxes strict_order's rule.
    return Error("modes", "allow_reentry needs the strict_order mode");
  }
  const size_t n = spec->steps.size();
  if (spec->steps[0].optional) return Error("steps[0].optional", "the first step cannot be optional");
  if (n > 1 && spec->steps[n - 1].optional) {
    return Error(Key(Index("steps", n - 1), "optional"),
                 "the last step cannot be optional (nothing after it can bypass it)");
  }
  if (spec->steps[0].window_ms.has_value()) {
    return Error("steps[0].window", "the first step has no previous step to measure from");
  }
  if (spec->steps[0].min_gap_ms.has_value()) {
    return Error("steps[0].min_gap", "the first step has no previous step to measure from");
  }
  for (size_t i = 1; i < n; ++i) {
    const StepSpec& step = spec->steps[i];
    if (step.min_gap_ms && step.window_ms && *step.min_gap_ms > *step.window_ms) {
      return Error(Key(Index("steps", i), "min_gap"), "longer than the step's window: no event could match");
    }
    if (step.min_gap_ms && *step.min_gap_ms > spec->window_ms) {
      return Error(Key(Index("steps", i), "min_gap"), "longer than the journey's window: no event could match");
    }
  }
  if (spec->order == FunnelOrder::kAny) {
    // In any order there is no "previous step": these notions have no meaning there.
    if (spec->strict_deduplication || spec->strict_increase || spec->strict_order || spec->strict_once) {
      return Error("modes", "modes apply to ordered funnels only, not \"order\": \"any\"");
    }
    if (!spec->exclusions.empty()) {
      return Error("exclusions", "exclusions apply to ordered funnels only, not \"order\": \"any\"");
    }
    for (size_t i = 0; i < n; ++i) {
      if (spec->steps[i].optional) {
        return Error(Key(Index("steps", i), "optional"), "optional steps need an ordered funnel");
      }
      if (spec->steps[i].window_ms.has_value()) {
        return Error(Key(Index("steps", i), "window"), "per-step windows need an ordered funnel");
      }
      if (spec->steps[i].min_gap_ms.has_value()) {
        return Error(Key(Index("steps", i), "min_gap"), "a minimum gap needs an ordered funnel");
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<JourneySpec> ParseJourneyCore(std::string_view json_text,
                                             absl::Span<const absl::string_view> section_keys) {
  DepthChecker depth;
  json::sax_parse(json_text.begin(), json_text.end(), &depth);
  if (!depth.too_deep.empty()) {
    return Error(depth.too_deep, absl::StrCat("nested deeper than ", kMaxNesting, " levels"));
  }
  json doc = json::parse(json_text.begin(), json_text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    ErrorFinder finder;
    json::sax_parse(json_text.begin(), json_text.end(), &finder);
    return absl::InvalidArgumentError(
        absl::StrCat("journey: invalid JSON at byte ", finder.position, ": ", finder.message));
  }
  if (!doc.is_object()) return Error("", "expected a JSON object");
  JourneySpec spec;
  absl::Status status = ReadTopLevel(doc, section_keys, &spec);
  if (!status.ok()) return status;
  status = CheckConsistency(&spec);
  if (!status.ok()) return status;
  return spec;
}

const char* FunnelOrderName(FunnelOrder order) {
  switch (order) {
    case FunnelOrder::kOrdered: return "ordered";
    case FunnelOrder::kStrict: return "strict";
    case FunnelOrder::kAny: return "any";
  }
  return "ordered";
}

const char* CountingUnitName(CountingUnit unit) {
  switch (unit) {
    case CountingUnit::kUsers: return "users";
    case CountingUnit::kSessions: return "sessions";
    case CountingUnit::kAttempts: return "attempts";
  }
  return "users";
}

}  // namespace fl
