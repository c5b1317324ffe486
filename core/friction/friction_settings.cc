#include "core/friction/friction_settings.h"

#include <cmath>
#include <set>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/journey/journey_spec.h"
#include "core/json/json_reader.h"

namespace fl {

namespace {

using json = nlohmann::json;

// Settings live in the journey spec: errors read "journey: friction.<path>: <reason>".
JsonReader Reader() { return JsonReader(kJourneyErrorPrefix); }

absl::Status Bad(const std::string& path, absl::string_view what) { return Reader().Error(path, what); }

// Refuses keys this object does not know, so that a typo ("timout") is an error
// rather than a silently ignored setting.
absl::Status CheckKeys(const json& object, const std::string& path,
                       std::initializer_list<absl::string_view> known) {
  return Reader().CheckKeys(object, path, known, JsonReader::UnknownKeyWording::kSetting);
}

absl::Status ReadBool(const json& object, const char* key, const std::string& path, bool* out) {
  return Reader().ReadBool(object, key, path, out);
}

absl::Status ReadString(const json& object, const char* key, const std::string& path,
                        std::string* out) {
  return Reader().ReadString(object, key, path, out);
}

absl::Status ReadNumber(const json& object, const char* key, const std::string& path,
                        double min, double* out) {
  return Reader().ReadNumber(object, key, path, min, out);
}

template <typename Int>
absl::Status ReadInt(const json& object, const char* key, const std::string& path, int64_t min,
                     Int* out) {
  return Reader().ReadIntAs(object, key, path, min, out);
}

absl::Status ReadDuration(const json& object, const char* key, const std::string& path,
                          int64_t* out) {
  if (!object.contains(key)) return absl::OkStatus();
  const std::string full = path + "." + key;
  absl::StatusOr<int64_t> ms = ParseDurationMs(object[key], full);
  if (!ms.ok()) return ms.status();
  if (*ms < 0) return Bad(full, "expected a duration >= 0");
  *out = *ms;
  return absl::OkStatus();
}

// A string or an array of strings.
absl::Status ReadStrings(const json& object, const char* key, const std::string& path,
                         std::vector<std::string>* out) {
  if (!object.contains(key)) return absl::OkStatus();
  const json& v = object[key];
  const std::string full = path + "." + key;
  if (v.is_string()) {
    *out = {v.get<std::string>()};
    return absl::OkStatus();
  }
  if (!v.is_array()) return Bad(full, "expected a string or an array of strings");
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_string()) return Bad(absl::StrCat(full, "[", i, "]"), "expected a string");
    out->push_back(v[i].get<std::string>());
  }
  return absl::OkStatus();
}

// A detector's settings may be an object, a preset name, or false (off) / true (defaults).
absl::Status DetectorObject(const json& friction, const char* key, bool* enabled,
                            std::string* preset, json* object) {
  *object = json::object();
  if (!friction.contains(key)) return absl::OkStatus();
  const json& v = friction[key];
  const std::string path = std::string("friction.") + key;
  if (v.is_boolean()) {
    *enabled = v.get<bool>();
  } else if (v.is_string()) {
    if (preset == nullptr) return Bad(path, "this detector has no presets");
    *preset = v.get<std::string>();
  } else if (v.is_object()) {
    *object = v;
  } else {
    return Bad(path, "expected an object, a preset name, or true/false");
  }
  return absl::OkStatus();
}

absl::Status ApplyRagePreset(const std::string& preset, RageClickSettings* rage) {
  RageClickSettings base;
  base.preset = preset;
  base.labelled_events = rage->labelled_events;
  base.answered_within_ms = rage->answered_within_ms;
  base.answer_events = rage->answer_events;
  base.selection_events = rage->selection_events;
  base.selection_within_ms = rage->selection_within_ms;
  base.ignore_targets = rage->ignore_targets;
  if (preset == "posthog") {
    // defaults are PostHog's
  } else if (preset == "mixpanel") {
    base.clicks = 4;
    base.euclidean = true;
  } else if (preset == "amplitude" || preset == "datadog") {
    base.clicks = 4;
    base.max_gap_ms = 0;
    base.window_ms = 1000;
    base.max_distance_px = 0;
    base.same_target = true;
  } else if (preset == "sentry") {
    base.clicks = 3;
    base.max_gap_ms = 0;
    base.window_ms = 7000;
    base.max_distance_px = 0;
    base.same_target = true;
  } else {
    return Bad("friction.rage_click.preset",
               absl::StrCat("unknown preset \"", preset,
                            "\"; expected posthog, mixpanel, amplitude, datadog or sentry"));
  }
  base.enabled = rage->enabled;
  *rage = base;
  return absl::OkStatus();
}

absl::Status ApplyDeadPreset(const std::string& preset, DeadClickSettings* dead) {
  if (preset == "posthog") {
    dead->timeout_ms = 2500;
  } else if (preset == "mixpanel") {
    dead->timeout_ms = 500;
  } else if (preset == "amplitude") {
    dead->timeout_ms = 3000;
  } else if (preset == "sentry") {
    dead->timeout_ms = 7000;
  } else {
    return Bad("friction.dead_click.preset",
               absl::StrCat("unknown preset \"", preset,
                            "\"; expected posthog, mixpanel, amplitude or sentry"));
  }
  dead->preset = preset;
  return absl::OkStatus();
}

absl::Status ParseRage(const json& friction, RageClickSettings* rage) {
  json o;
  std::string preset = rage->preset;
  if (auto s = DetectorObject(friction, "rage_click", &rage->enabled, &preset, &o); !s.ok()) return s;
  const std::string path = "friction.rage_click";
  if (auto s = CheckKeys(o, path, {"enabled", "preset", "clicks", "max_gap", "window",
                                   "max_distance_px", "distance", "same_target", "labelled_events",
                                   "answered_within", "answer_events", "selection_events", "selection_within",
                                   "ignore_targets"});
      !s.ok())
    return s;
  if (auto s = ReadString(o, "preset", path, &preset); !s.ok()) return s;
  if (auto s = ApplyRagePreset(preset, rage); !s.ok()) return s;
  if (auto s = ReadBool(o, "enabled", path, &rage->enabled); !s.ok()) return s;
  if (auto s = ReadInt(o, "clicks", path, 2, &rage->clicks); !s.ok()) return s;
  if (auto s = ReadDuration(o, "max_gap", path, &rage->max_gap_ms); !s.ok()) return s;
  if (auto s = ReadDuration(o, "window", path, &rage->window_ms); !s.ok()) return s;
  if (auto s = ReadNumber(o, "max_distance_px", path, 0, &rage->max_distance_px); !s.ok()) return s;
  if (o.contains("distance")) {
    std::string d;
    if (auto s = ReadString(o, "distance", path, &d); !s.ok()) return s;
    if (d != "manhattan" && d != "euclidean") {
      return Bad(path + ".distance", "expected \"manhattan\" or \"euclidean\"");
    }
    rage->euclidean = d == "euclidean";
  }
  if (auto s = ReadBool(o, "same_target", path, &rage->same_target); !s.ok()) return s;
  if (auto s = ReadStrings(o, "labelled_events", path, &rage->labelled_events); !s.ok()) return s;
  if (auto s = ReadDuration(o, "answered_within", path, &rage->answered_within_ms); !s.ok()) return s;
  if (auto s = ReadStrings(o, "answer_events", path, &rage->answer_events); !s.ok()) return s;
  if (auto s = ReadStrings(o, "selection_events", path, &rage->selection_events); !s.ok()) return s;
  if (auto s = ReadDuration(o, "selection_within", path, &rage->selection_within_ms); !s.ok()) return s;
  if (auto s = ReadStrings(o, "ignore_targets", path, &rage->ignore_targets); !s.ok()) return s;
  if (rage->max_gap_ms == 0 && rage->window_ms == 0) {
    return Bad(path, "needs a time rule: max_gap or window must be above 0");
  }
  return absl::OkStatus();
}

absl::Status ParseDead(const json& friction, DeadClickSettings* dead) {
  json o;
  std::string preset = dead->preset;
  if (auto s = DetectorObject(friction, "dead_click", &dead->enabled, &preset, &o); !s.ok()) return s;
  const std::string path = "friction.dead_click";
  if (auto s = CheckKeys(o, path, {"enabled", "preset", "timeout", "response_events",
                                   "labelled_events"});
      !s.ok())
    return s;
  if (auto s = ReadString(o, "preset", path, &preset); !s.ok()) return s;
  if (auto s = ApplyDeadPreset(preset, dead); !s.ok()) return s;
  if (auto s = ReadBool(o, "enabled", path, &dead->enabled); !s.ok()) return s;
  if (auto s = ReadDuration(o, "timeout", path, &dead->timeout_ms); !s.ok()) return s;
  if (auto s = ReadStrings(o, "response_events", path, &dead->response_events); !s.ok()) return s;
  return ReadStrings(o, "labelled_events", path, &dead->labelled_events);
}

absl::Status ParseError(const json& friction, ErrorSettings* error) {
  json o;
  if (auto s = DetectorObject(friction, "error", &error->enabled, nullptr, &o); !s.ok()) return s;
  const std::string path = "friction.error";
  if (auto s = CheckKeys(o, path, {"enabled", "events", "status_properties", "min_status",
                                   "click_window"});
      !s.ok())
    return s;
  if (auto s = ReadBool(o, "enabled", path, &error->enabled); !s.ok()) return s;
  if (auto s = ReadStrings(o, "events", path, &error->events); !s.ok()) return s;
  if (auto s = ReadStrings(o, "status_properties", path, &error->status_properties); !s.ok())
    return s;
  if (auto s = ReadInt(o, "min_status", path, 0, &error->min_status); !s.ok()) return s;
  return ReadDuration(o, "click_window", path, &error->click_window_ms);
}

absl::Status ParseSimple(const json& friction, LoopSettings* loops, SlowStepSettings* slow,
                         QuickBackSettings* quick) {
  json o;
  std::string path = "friction.loops";
  if (auto s = DetectorObject(friction, "loops", &loops->enabled, nullptr, &o); !s.ok()) return s;
  if (auto s = CheckKeys(o, path, {"enabled", "repeat_events"}); !s.ok()) return s;
  if (auto s = ReadBool(o, "enabled", path, &loops->enabled); !s.ok()) return s;
  if (auto s = ReadStrings(o, "repeat_events", path, &loops->repeat_events); !s.ok()) return s;

  path = "friction.slow_step";
  if (auto s = DetectorObject(friction, "slow_step", &slow->enabled, nullptr, &o); !s.ok()) return s;
  if (auto s = CheckKeys(o, path, {"enabled", "threshold", "percentile"}); !s.ok()) return s;
  if (auto s = ReadBool(o, "enabled", path, &slow->enabled); !s.ok()) return s;
  if (auto s = ReadDuration(o, "threshold", path, &slow->threshold_ms); !s.ok()) return s;
  if (auto s = ReadNumber(o, "percentile", path, 1, &slow->percentile); !s.ok()) return s;
  if (slow->percentile > 100) return Bad(path + ".percentile", "expected a number in 1..100");

  path = "friction.quick_back";
  if (auto s = DetectorObject(friction, "quick_back", &quick->enabled, nullptr, &o); !s.ok())
    return s;
  if (auto s = CheckKeys(o, path, {"enabled", "within"}); !s.ok()) return s;
  if (auto s = ReadBool(o, "enabled", path, &quick->enabled); !s.ok()) return s;
  return ReadDuration(o, "within", path, &quick->within_ms);
}

absl::Status ParseAfterOrder(const json& friction, AfterOrderSettings* after) {
  json o;
  if (auto s = DetectorObject(friction, "after_order", &after->enabled, nullptr, &o); !s.ok())
    return s;
  const std::string path = "friction.after_order";
  if (auto s = CheckKeys(o, path, {"enabled", "order_step", "promised_property", "late_grace",
                                   "delivered_events", "failed_delivery_events", "refund_events",
                                   "support_events", "review_events", "score_property",
                                   "low_score", "outcome"});
      !s.ok())
    return s;
  if (auto s = ReadBool(o, "enabled", path, &after->enabled); !s.ok()) return s;
  if (auto s = ReadString(o, "order_step", path, &after->order_step); !s.ok()) return s;
  if (auto s = ReadString(o, "promised_property", path, &after->promised_property); !s.ok())
    return s;
  if (auto s = ReadDuration(o, "late_grace", path, &after->late_grace_ms); !s.ok()) return s;
  if (auto s = ReadStrings(o, "delivered_events", path, &after->delivered_events); !s.ok())
    return s;
  if (auto s = ReadStrings(o, "failed_delivery_events", path, &after->failed_delivery_events);
      !s.ok())
    return s;
  if (auto s = ReadStrings(o, "refund_events", path, &after->refund_events); !s.ok()) return s;
  if (auto s = ReadStrings(o, "support_events", path, &after->support_events); !s.ok()) return s;
  if (auto s = ReadStrings(o, "review_events", path, &after->review_events); !s.ok()) return s;
  if (auto s = ReadString(o, "score_property", path, &after->score_property); !s.ok()) return s;
  if (auto s = ReadNumber(o, "low_score", path, -1e300, &after->low_score); !s.ok()) return s;
  if (!o.contains("outcome")) return absl::OkStatus();
  const json& out = o["outcome"];
  const std::string opath = path + ".outcome";
  if (out.is_string() && out.get<std::string>() == "repeat_order") return absl::OkStatus();
  if (!out.is_object()) return Bad(opath, "expected \"repeat_order\" or an object with \"event\"");
  if (auto s = CheckKeys(out, opath, {"event", "property", "min", "label", "noun"}); !s.ok())
    return s;
  if (!out.contains("event") || !out["event"].is_string() ||
      out["event"].get<std::string>().empty()) {
    return Bad(opath + ".event", "expected a non-empty event name");
  }
  after->outcome_event = out["event"].get<std::string>();
  after->outcome_label = absl::StrCat("have ", after->outcome_event);
  after->outcome_noun = after->outcome_event + " events";
  if (auto s = ReadString(out, "property", opath, &after->outcome_property); !s.ok()) return s;
  if (auto s = ReadNumber(out, "min", opath, -1e300, &after->outcome_min); !s.ok()) return s;
  if (!after->outcome_property.empty()) {
    after->outcome_label = absl::StrCat("have ", after->outcome_event, " with ",
                                        after->outcome_property, " >= ", after->outcome_min);
  }
  if (auto s = ReadString(out, "label", opath, &after->outcome_label); !s.ok()) return s;
  return ReadString(out, "noun", opath, &after->outcome_noun);
}

absl::Status ParseColumns(const json& friction, FrictionColumns* columns) {
  if (!friction.contains("columns")) return absl::OkStatus();
  const json& o = friction["columns"];
  const std::string path = "friction.columns";
  if (!o.is_object()) return Bad(path, "expected an object");
  if (auto s = CheckKeys(o, path, {"click_event", "x", "y", "target", "page", "order_id", "form", "field"}); !s.ok())
    return s;
  for (auto [key, field] : {std::pair<const char*, std::string*>{"click_event", &columns->click_event},
                            {"x", &columns->x},
                            {"y", &columns->y},
                            {"target", &columns->target},
                            {"page", &columns->page},
                            {"order_id", &columns->order_id},
                            {"form", &columns->form},
                            {"field", &columns->field}}) {
    if (auto s = ReadString(o, key, path, field); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ParseWeights(const json& friction, std::array<double, kSignalKindCount>* weights) {
  if (!friction.contains("weights")) return absl::OkStatus();
  const json& o = friction["weights"];
  if (!o.is_object()) return Bad("friction.weights", "expected an object of signal: weight");
  for (auto it = o.begin(); it != o.end(); ++it) {
    SignalKind kind;
    const std::string path = "friction.weights." + it.key();
    if (!SignalFromName(it.key(), &kind)) return Bad(path, "unknown signal");
    if (!it.value().is_number() || it.value().get<double>() < 0) {
      return Bad(path, "expected a number >= 0");
    }
    (*weights)[static_cast<int>(kind)] = it.value().get<double>();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<FrictionSettings> ParseFrictionSettings(const json& friction, const json& value) {
  FrictionSettings settings;
  if (!friction.is_null() && !friction.is_object()) return Bad("friction", "expected an object");
  const json f = friction.is_null() ? json::object() : friction;
  if (auto s = CheckKeys(f, "friction",
                         {"columns", "rage_click", "dead_click", "error", "loops", "slow_step",
                          "quick_back", "after_order", "segments", "max_segment_values",
                          "weights", "compare", "exclude_in_progress", "min_affected",
                          "merge_jaccard", "max_targets", "max_points", "alpha",
                          "conversion_noun"});
      !s.ok())
    return s;
  if (auto s = ParseColumns(f, &settings.columns); !s.ok()) return s;
  if (auto s = ParseRage(f, &settings.rage_click); !s.ok()) return s;
  if (auto s = ParseDead(f, &settings.dead_click); !s.ok()) return s;
  if (auto s = ParseError(f, &settings.error); !s.ok()) return s;
  if (auto s = ParseSimple(f, &settings.loops, &settings.slow_step, &settings.quick_back); !s.ok())
    return s;
  if (auto s = ParseAfterOrder(f, &settings.after_order); !s.ok()) return s;
  if (auto s = ReadStrings(f, "segments", "friction", &settings.segments); !s.ok()) return s;
  if (auto s = ReadInt(f, "max_segment_values", "friction", 1, &settings.max_segment_values); !s.ok())
    return s;
  if (auto s = ParseWeights(f, &settings.weights); !s.ok()) return s;
  if (f.contains("compare")) {
    std::string compare;
    if (auto s = ReadString(f, "compare", "friction", &compare); !s.ok()) return s;
    if (compare != "order" && compare != "next_step") {
      return Bad("friction.compare", "expected \"order\" or \"next_step\"");
    }
    settings.compare_next_step = compare == "next_step";
  }
  if (auto s = ReadBool(f, "exclude_in_progress", "friction", &settings.exclude_in_progress);
      !s.ok())
    return s;
  if (auto s = ReadInt(f, "min_affected", "friction", 1, &settings.min_affected); !s.ok()) return s;
  if (auto s = ReadNumber(f, "merge_jaccard", "friction", 0, &settings.merge_jaccard); !s.ok())
    return s;
  if (settings.merge_jaccard > 1) return Bad("friction.merge_jaccard", "expected a number in 0..1");
  if (auto s = ReadInt(f, "max_targets", "friction", 1, &settings.max_targets); !s.ok()) return s;
  if (auto s = ReadInt(f, "max_points", "friction", 1, &settings.max_points); !s.ok()) return s;
  if (auto s = ReadNumber(f, "alpha", "friction", 0, &settings.alpha); !s.ok()) return s;
  if (settings.alpha <= 0 || settings.alpha >= 1) return Bad("friction.alpha", "expected 0 < alpha < 1");
  if (auto s = ReadString(f, "conversion_noun", "friction", &settings.conversion_noun); !s.ok())
    return s;

  if (value.is_string()) {
    settings.value_property = value.get<std::string>();
  } else if (value.is_object()) {
    if (auto s = CheckKeys(value, "value", {"property"}); !s.ok()) return s;
    if (auto s = ReadString(value, "property", "value", &settings.value_property); !s.ok()) return s;
  } else if (!value.is_null()) {
    return Bad("value", "expected null, a property name or {\"property\": name}");
  }
  return settings;
}

nlohmann::ordered_json FrictionSettingsToJson(const FrictionSettings& s) {
  using oj = nlohmann::ordered_json;
  oj out;
  out["columns"] = {{"click_event", s.columns.click_event}, {"x", s.columns.x},
                    {"y", s.columns.y},   {"target", s.columns.target},
                    {"page", s.columns.page}, {"order_id", s.columns.order_id},
                    {"form", s.columns.form}, {"field", s.columns.field}};
  const RageClickSettings& r = s.rage_click;
  out["rage_click"] = {{"enabled", r.enabled},
                       {"preset", r.preset},
                       {"clicks", r.clicks},
                       {"max_gap_ms", r.max_gap_ms},
                       {"window_ms", r.window_ms},
                       {"max_distance_px", r.max_distance_px},
                       {"distance", r.euclidean ? "euclidean" : "manhattan"},
                       {"same_target", r.same_target},
                       {"labelled_events", r.labelled_events},
                       {"answered_within_ms", r.answered_within_ms},
                       {"answer_events", r.answer_events},
                       {"selection_events", r.selection_events},
                       {"selection_within_ms", r.selection_within_ms},
                       {"ignore_targets", r.ignore_targets}};
  const DeadClickSettings& d = s.dead_click;
  out["dead_click"] = {{"enabled", d.enabled},
                       {"preset", d.preset},
                       {"timeout_ms", d.timeout_ms},
                       {"response_events", d.response_events},
                       {"labelled_events", d.labelled_events}};
  const ErrorSettings& e = s.error;
  out["error"] = {{"enabled", e.enabled},
                  {"events", e.events},
                  {"status_properties", e.status_properties},
                  {"min_status", e.min_status},
                  {"click_window_ms", e.click_window_ms}};
  out["loops"] = {{"enabled", s.loops.enabled}, {"repeat_events", s.loops.repeat_events}};
  out["slow_step"] = {{"enabled", s.slow_step.enabled},
                      {"threshold_ms", s.slow_step.threshold_ms},
                      {"percentile", s.slow_step.percentile}};
  out["quick_back"] = {{"enabled", s.quick_back.enabled}, {"within_ms", s.quick_back.within_ms}};
  const AfterOrderSettings& a = s.after_order;
  oj outcome;
  outcome["event"] = a.outcome_event.empty() ? oj("repeat_order") : oj(a.outcome_event);
  outcome["property"] = a.outcome_property.empty() ? oj(nullptr) : oj(a.outcome_property);
  outcome["min"] = a.outcome_property.empty() ? oj(nullptr) : oj(a.outcome_min);
  outcome["label"] = a.outcome_label;
  outcome["noun"] = a.outcome_noun;
  out["after_order"] = {{"enabled", a.enabled},
                        {"order_step", a.order_step.empty() ? oj(nullptr) : oj(a.order_step)},
                        {"promised_property", a.promised_property},
                        {"late_grace_ms", a.late_grace_ms},
                        {"delivered_events", a.delivered_events},
                        {"failed_delivery_events", a.failed_delivery_events},
                        {"refund_events", a.refund_events},
                        {"support_events", a.support_events},
                        {"review_events", a.review_events},
                        {"score_property", a.score_property},
                        {"low_score", a.low_score},
                        {"outcome", outcome}};
  out["segments"] = s.segments.empty() ? oj("auto") : oj(s.segments);
  out["max_segment_values"] = s.max_segment_values;
  oj weights = oj::object();
  for (int i = 0; i < kSignalKindCount; ++i) {
    weights[SignalName(static_cast<SignalKind>(i))] = s.weights[i];
  }
  out["weights"] = weights;
  out["compare"] = s.compare_next_step ? "next_step" : "order";
  out["exclude_in_progress"] = s.exclude_in_progress;
  out["min_affected"] = s.min_affected;
  out["merge_jaccard"] = s.merge_jaccard;
  out["max_targets"] = s.max_targets;
  out["max_points"] = s.max_points;
  out["alpha"] = s.alpha;
  out["conversion_noun"] = s.conversion_noun;
  out["value_property"] = s.value_property;
  return out;
}

RageClickSettings RagePresetRule(const std::string& preset, const RageClickSettings& base) {
  RageClickSettings rule = base;
  rule.enabled = true;
  (void)ApplyRagePreset(preset, &rule);  // the names are kRagePresets: never unknown
  return rule;
}

DeadClickSettings DeadPresetRule(const std::string& preset, const DeadClickSettings& base) {
  DeadClickSettings rule = base;
  rule.enabled = true;
  (void)ApplyDeadPreset(preset, &rule);
  return rule;
}

}  // namespace fl
