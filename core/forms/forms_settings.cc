#include "core/forms/forms_settings.h"

#include <string>

#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kKey = "forms";

}  // namespace

absl::StatusOr<FormsSettings> FormsSettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  FormsSettings settings;
  auto it = spec.section_settings.find(kKey);
  if (it == spec.section_settings.end()) return settings;
  const nlohmann::json given = nlohmann::json::parse(it->dump());
  if (!given.is_object()) return reader.Error(kKey, "expected an object");
  if (absl::Status s = reader.CheckKeys(given, kKey,
                                        {"start", "submit", "focus", "change", "blur", "error", "form", "field",
                                         "max_forms", "max_fields", "alpha"},
                                        JsonReader::UnknownKeyWording::kSetting);
      !s.ok()) {
    return s;
  }
  struct Names {
    const char* key;
    std::vector<std::string>* out;
  };
  for (const Names& n : {Names{"start", &settings.start}, Names{"submit", &settings.submit},
                         Names{"focus", &settings.focus}, Names{"change", &settings.change},
                         Names{"blur", &settings.blur}, Names{"error", &settings.error},
                         Names{"form", &settings.form}, Names{"field", &settings.field}}) {
    if (absl::Status s = reader.ReadNames(given, n.key, kKey, /*allow_empty=*/false, n.out); !s.ok()) return s;
  }
  int64_t forms = settings.max_forms, fields = settings.max_fields;
  if (absl::Status s = reader.ReadInt(given, "max_forms", kKey, 1, &forms, 1000); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(given, "max_fields", kKey, 1, &fields, 1000); !s.ok()) return s;
  settings.max_forms = static_cast<int>(forms);
  settings.max_fields = static_cast<int>(fields);
  if (absl::Status s = reader.ReadNumber(given, "alpha", kKey, 0, &settings.alpha); !s.ok()) return s;
  if (settings.alpha <= 0 || settings.alpha >= 1) {
    return reader.Error(JsonReader::Key(kKey, "alpha"), "expected a number between 0 and 1");
  }
  return settings;
}

nlohmann::ordered_json FormsSettingsToJson(const FormsSettings& s) {
  nlohmann::ordered_json out;
  out["start"] = s.start;
  out["submit"] = s.submit;
  out["focus"] = s.focus;
  out["change"] = s.change;
  out["blur"] = s.blur;
  out["error"] = s.error;
  out["form"] = s.form;
  out["field"] = s.field;
  out["max_forms"] = s.max_forms;
  out["max_fields"] = s.max_fields;
  out["alpha"] = s.alpha;
  return out;
}

}  // namespace fl
