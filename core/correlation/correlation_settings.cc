#include "core/correlation/correlation_settings.h"

#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kKey = "correlation";

}  // namespace

absl::StatusOr<CorrelationSettings> CorrelationSettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  CorrelationSettings settings;
  auto it = spec.section_settings.find(kKey);
  if (it == spec.section_settings.end() || it->is_null()) return settings;
  const nlohmann::json given = nlohmann::json::parse(it->dump());
  if (!given.is_object()) return reader.Error(kKey, "expected an object");
  if (absl::Status s = reader.CheckKeys(given, kKey, {"properties", "max_values", "min_units", "alpha", "top", "examples"},
                                        JsonReader::UnknownKeyWording::kSetting);
      !s.ok()) {
    return s;
  }
  if (auto p = given.find("properties"); p != given.end()) {
    if (p->is_string()) {
      if (p->get<std::string>() != "auto") {
        return reader.Error(JsonReader::Key(kKey, "properties"), "expected \"auto\" or a list of property names");
      }
    } else {
      if (absl::Status s = reader.ReadNames(given, "properties", kKey, /*allow_empty=*/true, &settings.properties); !s.ok()) {
        return s;
      }
      settings.auto_properties = false;
    }
  }
  int64_t max_values = settings.max_values, min_units = settings.min_units, top = settings.top;
  int64_t examples = settings.examples;
  if (absl::Status s = reader.ReadInt(given, "max_values", kKey, 1, &max_values, 1000); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(given, "min_units", kKey, 1, &min_units, 1000000); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(given, "top", kKey, 1, &top, 100); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(given, "examples", kKey, 0, &examples, 10); !s.ok()) return s;
  if (absl::Status s = reader.ReadNumber(given, "alpha", kKey, 0, &settings.alpha); !s.ok()) return s;
  if (settings.alpha <= 0 || settings.alpha >= 1) {
    return reader.Error(JsonReader::Key(kKey, "alpha"), "expected a number between 0 and 1");
  }
  settings.max_values = static_cast<int>(max_values);
  settings.min_units = static_cast<int>(min_units);
  settings.top = static_cast<int>(top);
  settings.examples = static_cast<int>(examples);
  return settings;
}

nlohmann::ordered_json CorrelationSettingsToJson(const CorrelationSettings& settings) {
  nlohmann::ordered_json out;
  if (settings.auto_properties) {
    out["properties"] = "auto";
  } else {
    out["properties"] = settings.properties;
  }
  out["max_values"] = settings.max_values;
  out["min_units"] = settings.min_units;
  out["alpha"] = settings.alpha;
  out["top"] = settings.top;
  out["examples"] = settings.examples;
  return out;
}

}  // namespace fl
