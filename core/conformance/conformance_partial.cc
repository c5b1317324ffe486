// The conformance section's canonical partial form (frictionlens.conformance_state/1)
// and reading it back with every field checked:
//   {"state", "units", "conformed", "completed", "converted_conformed", "converted_deviated",
//    "kinds": [units per kind], "past_first_step": [conformed, converted, deviated, converted],
//    "steps": [{"units", "kinds": [[units, [example users]] per kind], "went_back_from": [per step]}]}

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/conformance/conformance_section.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr const char* kStateKind = "frictionlens.conformance_state/1";
constexpr int64_t kMaxCount = int64_t{1} << 53;

}  // namespace

oj ConformanceState::ToJson() const {
  oj out;
  out["state"] = kStateKind;
  out["units"] = units_;
  out["conformed"] = conformed_;
  out["completed"] = completed_;
  out["converted_conformed"] = converted_conformed_;
  out["converted_deviated"] = converted_deviated_;
  out["kinds"] = oj::array({kind_units_[0], kind_units_[1], kind_units_[2], kind_units_[3]});
  out["past_first_step"] = oj::array({past_first_[0], past_first_[1], past_first_[2], past_first_[3]});
  oj steps = oj::array();
  for (const StepCounts& s : steps_) {
    oj kinds = oj::array();
    for (const KindCounts& k : s.kinds) kinds.push_back(oj::array({k.units, k.examples}));
    steps.push_back(oj{{"units", s.units}, {"kinds", std::move(kinds)}, {"went_back_from", s.back_from}});
  }
  out["steps"] = std::move(steps);
  return out;
}

absl::Status ConformanceState::ReadJson(const nlohmann::json& json) {
  const JsonReader reader("conformance state: ");
  if (!json.is_object() || JsonReader::StringOr(json, "state") != kStateKind) {
    return reader.Error("state", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (absl::Status s = reader.CheckKeys(json, "", {"state", "units", "conformed", "completed", "converted_conformed",
                                                   "converted_deviated", "kinds", "past_first_step", "steps"});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = reader.ReadInt(json, "units", "", 0, &units_, kMaxCount); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(json, "conformed", "", 0, &conformed_, units_); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(json, "completed", "", 0, &completed_, conformed_); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(json, "converted_conformed", "", 0, &converted_conformed_, conformed_); !s.ok()) {
    return s;
  }
  const int64_t deviated = units_ - conformed_;
  if (absl::Status s = reader.ReadInt(json, "converted_deviated", "", 0, &converted_deviated_, deviated); !s.ok()) {
    return s;
  }
  const nlohmann::json& kinds = json.at("kinds");
  if (!kinds.is_array() || kinds.size() != kDeviationKinds) {
    return reader.Error("kinds", absl::StrCat("expected an array of ", kDeviationKinds, " counts"));
  }
  int64_t any_kind = 0;
  for (int kind = 0; kind < kDeviationKinds; ++kind) {
    const nlohmann::json& k = kinds[kind];
    if (!k.is_number_integer() || k.get<int64_t>() < 0 || k.get<int64_t>() > deviated) {
      return reader.Error(JsonReader::Index("kinds", kind), absl::StrCat("expected an integer from 0 to ", deviated));
    }
    kind_units_[kind] = k.get<int64_t>();
    any_kind = std::max(any_kind, kind_units_[kind]);
  }
  // Every deviating unit deviated in some kind; no kind without a deviating unit.
  if ((deviated > 0) != (any_kind > 0)) return reader.Error("kinds", "do not match the units that deviated");

  // Units past the first step, conformed and deviated, each with the converted among them.
  const nlohmann::json& past = json.at("past_first_step");
  const int64_t past_most[4] = {conformed_, converted_conformed_, deviated, converted_deviated_};
  if (!past.is_array() || past.size() != 4) return reader.Error("past_first_step", "expected an array of 4 counts");
  for (int i = 0; i < 4; ++i) {
    const int64_t most = i % 2 ? std::min(past_most[i], past_first_[i - 1]) : past_most[i];
    if (!past[i].is_number_integer() || past[i].get<int64_t>() < 0 || past[i].get<int64_t>() > most) {
      return reader.Error(JsonReader::Index("past_first_step", i), absl::StrCat("expected an integer from 0 to ", most));
    }
    past_first_[i] = past[i].get<int64_t>();
  }

  const nlohmann::json& steps = json.at("steps");
  if (!steps.is_array() || steps.size() != steps_.size()) {
    return reader.Error("steps", absl::StrCat("expected an array of ", steps_.size(), " steps"));
  }
  int64_t previous_units = units_;
  for (size_t j = 0; j < steps_.size(); ++j) {
    const std::string path = JsonReader::Index("steps", j);
    const nlohmann::json& s = steps[j];
    StepCounts& step = steps_[j];
    if (!s.is_object()) return reader.Error(path, "expected an object");
    if (absl::Status st = reader.CheckKeys(s, path, {"units", "kinds", "went_back_from"}); !st.ok()) return st;
    // A unit whose walk got to step j got to every step before it.
    if (absl::Status st = reader.ReadInt(s, "units", path, 0, &step.units, previous_units); !st.ok()) return st;
    previous_units = step.units;
    const std::string kinds_path = JsonReader::Key(path, "kinds");
    const nlohmann::json& k = s.at("kinds");
    if (!k.is_array() || k.size() != kDeviationKinds) {
      return reader.Error(kinds_path, absl::StrCat("expected an array of ", kDeviationKinds, " [units, examples]"));
    }
    for (int kind = 0; kind < kDeviationKinds; ++kind) {
      const std::string at = JsonReader::Index(kinds_path, kind);
      const nlohmann::json& e = k[kind];
      if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !e[1].is_array() || e[0].get<int64_t>() < 0 ||
          e[0].get<int64_t>() > std::min(step.units, kind_units_[kind])) {
        return reader.Error(at, "expected [units within the step's and the kind's, [example users]]");
      }
      KindCounts& counts = step.kinds[kind];
      counts.units = e[0].get<int64_t>();
      const size_t most = static_cast<size_t>(std::min<int64_t>(counts.units, settings_.examples));
      if (e[1].size() > most) return reader.Error(at, absl::StrCat("more than ", most, " example users"));
      for (const nlohmann::json& user : e[1]) {
        // Not looked up in the table: a merged state's users are of other shards.
        if (!user.is_string()) return reader.Error(at, "expected user names");
        if (!counts.examples.empty() && !(counts.examples.back() < user.get<std::string>())) {
          return reader.Error(at, "example users out of order or twice");
        }
        counts.examples.push_back(user.get<std::string>());
      }
      if (counts.units > 0 && settings_.examples > 0 && counts.examples.empty()) {
        return reader.Error(at, "units without an example user");
      }
    }
    const std::string from_path = JsonReader::Key(path, "went_back_from");
    const nlohmann::json& from = s.at("went_back_from");
    if (!from.is_array() || from.size() != steps_.size()) {
      return reader.Error(from_path, absl::StrCat("expected an array of ", steps_.size(), " counts"));
    }
    for (size_t later = 0; later < steps_.size(); ++later) {
      const nlohmann::json& f = from[later];
      const int64_t most = later > j ? step.kinds[kWentBack].units : 0;  // only from a later step
      if (!f.is_number_integer() || f.get<int64_t>() < 0 || f.get<int64_t>() > most) {
        return reader.Error(JsonReader::Index(from_path, later), absl::StrCat("expected an integer from 0 to ", most));
      }
      step.back_from[later] = f.get<int64_t>();
    }
  }
  // The units past the first step are the second step's units.
  const int64_t second = steps_.size() > 1 ? steps_[1].units : 0;
  if (past_first_[0] + past_first_[2] != second) {
    return reader.Error("past_first_step", "do not add up to the second step's units");
  }
  return absl::OkStatus();
}

}  // namespace fl
