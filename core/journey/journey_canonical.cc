// JourneySpec::CoreCanonicalJson: every default filled in, keys in one fixed order, lists
// sorted (the parser already sorted them). Two specs are the same journey exactly when
// these strings are equal; FunnelState::Merge relies on it. Parsing the canonical text
// gives the same canonical text back (pinned by journey_spec_test).
//
// Example: {"steps":[{"name":"A","event":"a"}]} becomes
// {"name":"journey","window":"1d","order":"ordered","unit":"users","modes":[],
//  "steps":[{"name":"A","event":["a"],"where":{},"optional":false,"window":null}],
//  "exclusions":[],"hold_constant":[],"breakdown":null,"trend":"day"}
// CanonicalJson appends the sections' keys as ParseJourneySpec filled them in:
//  ...,"trend":"day","friction":{},"value":null}

#include <string>

#include "core/journey/duration.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {
namespace {

using nlohmann::ordered_json;

ordered_json ConditionJson(const PropertyPredicate& predicate) {
  ordered_json condition;
  if (predicate.op == PropertyPredicate::Op::kPrefix) {
    condition = ordered_json::object();
    condition["prefix"] = predicate.values.empty() ? std::string() : predicate.values[0];
  } else if (predicate.values.size() == 1) {
    condition = predicate.values[0];
  } else {
    condition = ordered_json::object();
    condition["in"] = predicate.values;
  }
  if (!predicate.negate) return condition;
  ordered_json negated = ordered_json::object();
  negated["not"] = std::move(condition);
  return negated;
}

ordered_json WhereJson(const std::vector<PropertyPredicate>& where) {
  ordered_json out = ordered_json::object();
  for (const PropertyPredicate& predicate : where) out[predicate.property] = ConditionJson(predicate);
  return out;
}

}  // namespace

ordered_json JourneySpec::CoreCanonicalObject() const {
  ordered_json out = ordered_json::object();
  out["name"] = name;
  out["window"] = FormatDurationMs(window_ms);
  out["order"] = FunnelOrderName(order);
  out["unit"] = CountingUnitName(unit);
  ordered_json modes = ordered_json::array();
  if (strict_deduplication) modes.push_back("strict_deduplication");
  if (strict_order) modes.push_back("strict_order");
  if (strict_increase) modes.push_back("strict_increase");
  if (strict_once) modes.push_back("strict_once");
  if (allow_reentry) modes.push_back("allow_reentry");
  out["modes"] = std::move(modes);
  ordered_json steps_json = ordered_json::array();
  for (const StepSpec& step : steps) {
    ordered_json s = ordered_json::object();
    s["name"] = step.name;
    s["event"] = step.events;
    s["where"] = WhereJson(step.where);
    s["optional"] = step.optional;
    s["window"] = step.window_ms.has_value() ? ordered_json(FormatDurationMs(*step.window_ms))
                                             : ordered_json(nullptr);
    // Only when set, so that the journeys written before it keep their canonical bytes.
    if (step.min_gap_ms.has_value()) s["min_gap"] = FormatDurationMs(*step.min_gap_ms);
    steps_json.push_back(std::move(s));
  }
  out["steps"] = std::move(steps_json);
  ordered_json exclusions_json = ordered_json::array();
  for (const ExclusionSpec& exclusion : exclusions) {
    ordered_json e = ordered_json::object();
    e["event"] = exclusion.events;
    e["where"] = WhereJson(exclusion.where);
    e["from"] = steps[exclusion.from_step].name;
    e["to"] = steps[exclusion.to_step].name;
    exclusions_json.push_back(std::move(e));
  }
  out["exclusions"] = std::move(exclusions_json);
  out["hold_constant"] = hold_constant;
  if (breakdown.property.empty()) {
    out["breakdown"] = nullptr;
  } else {
    ordered_json b = ordered_json::object();
    b["property"] = breakdown.property;
    b["attribution"] =
        breakdown.attribution == Attribution::kFirstTouch ? "first_touch" : "last_touch";
    b["top"] = breakdown.top;
    out["breakdown"] = std::move(b);
  }
  out["trend"] = trend_bucket;
  return out;
}

std::string JourneySpec::CoreCanonicalJson() const { return CoreCanonicalObject().dump(); }

std::string JourneySpec::CanonicalJson() const {
  ordered_json out = CoreCanonicalObject();
  for (auto it = section_settings.begin(); it != section_settings.end(); ++it) out[it.key()] = it.value();
  return out.dump();
}

}  // namespace fl
