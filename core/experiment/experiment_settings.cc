#include "core/experiment/experiment_settings.h"

#include <cmath>

#include "core/json/json_reader.h"

namespace fl {

bool HasExperiment(const JourneySpec& spec) { return spec.section_settings.contains(kExperimentKey); }

absl::StatusOr<ExperimentSettings> ExperimentSettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  ExperimentSettings settings;
  auto it = spec.section_settings.find(kExperimentKey);
  if (it == spec.section_settings.end()) return reader.Error(kExperimentKey, "required for the experiment section");
  const nlohmann::json given = nlohmann::json::parse(it->dump());
  if (!given.is_object()) return reader.Error(kExperimentKey, "expected an object");
  if (absl::Status s = reader.CheckKeys(given, kExperimentKey,
                                        {"name", "variant_property", "exposure_event", "control", "expected_split",
                                         "srm_alpha", "tau"},
                                        JsonReader::UnknownKeyWording::kSetting);
      !s.ok()) {
    return s;
  }
  for (auto [key, out] : {std::pair{"name", &settings.name}, std::pair{"variant_property", &settings.variant_property},
                          std::pair{"exposure_event", &settings.exposure_event}, std::pair{"control", &settings.control}}) {
    if (absl::Status s = reader.ReadString(given, key, kExperimentKey, out); !s.ok()) return s;
  }
  if (settings.variant_property.empty()) {
    return reader.Error(JsonReader::Key(kExperimentKey, "variant_property"),
                        "required: the property that names each unit's variant");
  }
  if (auto split = given.find("expected_split"); split != given.end()) {
    const std::string path = JsonReader::Key(kExperimentKey, "expected_split");
    if (!split->is_object() || split->size() < 2) {
      return reader.Error(path, "expected an object of at least two variants and their shares");
    }
    for (auto v = split->begin(); v != split->end(); ++v) {
      if (!v->is_number() || !std::isfinite(v->get<double>()) || v->get<double>() <= 0) {
        return reader.Error(JsonReader::Key(path, v.key()), "expected a number > 0");
      }
      settings.expected_split[v.key()] = v->get<double>();
    }
  }
  if (absl::Status s = reader.ReadNumber(given, "srm_alpha", kExperimentKey, 0, &settings.srm_alpha); !s.ok()) return s;
  if (settings.srm_alpha <= 0 || settings.srm_alpha >= 1) {
    return reader.Error(JsonReader::Key(kExperimentKey, "srm_alpha"), "expected a number between 0 and 1");
  }
  if (absl::Status s = reader.ReadNumber(given, "tau", kExperimentKey, 0, &settings.tau); !s.ok()) return s;
  if (settings.tau <= 0 || settings.tau > 1) {
    return reader.Error(JsonReader::Key(kExperimentKey, "tau"), "expected a number between 0 and 1");
  }
  if (!settings.control.empty() && !settings.expected_split.empty() &&
      settings.expected_split.count(settings.control) == 0) {
    return reader.Error(JsonReader::Key(kExperimentKey, "control"), "not one of the variants of expected_split");
  }
  return settings;
}

nlohmann::ordered_json ExperimentSettingsToJson(const ExperimentSettings& settings) {
  nlohmann::ordered_json out;
  out["name"] = settings.name;
  out["variant_property"] = settings.variant_property;
  out["exposure_event"] = settings.exposure_event.empty() ? nlohmann::ordered_json(nullptr)
                                                          : nlohmann::ordered_json(settings.exposure_event);
  out["control"] = settings.control.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(settings.control);
  nlohmann::ordered_json split = nlohmann::ordered_json::object();
  for (const auto& [variant, share] : settings.expected_split) split[variant] = share;
  out["expected_split"] = std::move(split);
  out["srm_alpha"] = settings.srm_alpha;
  out["tau"] = settings.tau;
  return out;
}

}  // namespace fl
