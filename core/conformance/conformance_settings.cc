#include "core/conformance/conformance_settings.h"

#include "absl/strings/str_cat.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kKey = "conformance";

}  // namespace

absl::StatusOr<ConformanceSettings> ConformanceSettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  ConformanceSettings settings;
  std::vector<std::string> names;
  if (!spec.steps.empty()) names.push_back(spec.steps[0].name);
  auto it = spec.section_settings.find(kKey);
  if (it != spec.section_settings.end() && !it->is_null()) {
    const nlohmann::json given = nlohmann::json::parse(it->dump());
    if (!given.is_object()) return reader.Error(kKey, "expected an object");
    if (absl::Status s = reader.CheckKeys(given, kKey, {"examples", "ignore_repeats_of"},
                                          JsonReader::UnknownKeyWording::kSetting);
        !s.ok()) {
      return s;
    }
    int64_t examples = settings.examples;
    if (absl::Status s = reader.ReadInt(given, "examples", kKey, 0, &examples, 20); !s.ok()) return s;
    settings.examples = static_cast<int>(examples);
    if (absl::Status s = reader.ReadNames(given, "ignore_repeats_of", kKey, /*allow_empty=*/true, &names); !s.ok()) {
      return s;
    }
  }
  for (size_t i = 0; i < names.size(); ++i) {
    size_t step = 0;
    while (step < spec.steps.size() && spec.steps[step].name != names[i]) ++step;
    if (step == spec.steps.size()) {
      return reader.Error(JsonReader::Index(JsonReader::Key(kKey, "ignore_repeats_of"), i),
                          absl::StrCat("\"", names[i], "\" is not a step of this journey"));
    }
    settings.repeats_ignored |= uint32_t{1} << step;
  }
  // Canonical: in step order, each once.
  for (size_t step = 0; step < spec.steps.size(); ++step) {
    if ((settings.repeats_ignored >> step) & 1) settings.ignore_repeats_of.push_back(spec.steps[step].name);
  }
  return settings;
}

nlohmann::ordered_json ConformanceSettingsToJson(const ConformanceSettings& settings) {
  nlohmann::ordered_json out;
  out["examples"] = settings.examples;
  out["ignore_repeats_of"] = settings.ignore_repeats_of;
  return out;
}

}  // namespace fl
