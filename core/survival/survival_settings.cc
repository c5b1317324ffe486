#include "core/survival/survival_settings.h"

#include <algorithm>
#include <string>

#include "core/journey/duration.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kKey = "survival";
constexpr int kMaxLandmarks = 20;

}  // namespace

absl::StatusOr<SurvivalSettings> SurvivalSettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  SurvivalSettings settings;
  auto it = spec.section_settings.find(kKey);
  if (it == spec.section_settings.end()) return settings;
  const nlohmann::json given = nlohmann::json::parse(it->dump());
  if (!given.is_object()) return reader.Error(kKey, "expected an object");
  if (absl::Status s = reader.CheckKeys(given, kKey, {"landmarks", "points"}, JsonReader::UnknownKeyWording::kSetting);
      !s.ok()) {
    return s;
  }
  if (auto l = given.find("landmarks"); l != given.end()) {
    const std::string path = JsonReader::Key(kKey, "landmarks");
    if (!l->is_array() || l->empty() || l->size() > kMaxLandmarks) {
      return reader.Error(path, "expected an array of 1 to 20 durations (\"30s\", \"5m\", \"1h\")");
    }
    for (size_t i = 0; i < l->size(); ++i) {
      absl::StatusOr<int64_t> ms = ParseDurationMs((*l)[i], JsonReader::Index(path, i));
      if (!ms.ok()) return ms.status();
      if (*ms <= 0) return reader.Error(JsonReader::Index(path, i), "expected a duration above 0");
      settings.landmarks_ms.push_back(*ms);
    }
    std::sort(settings.landmarks_ms.begin(), settings.landmarks_ms.end());
    settings.landmarks_ms.erase(std::unique(settings.landmarks_ms.begin(), settings.landmarks_ms.end()),
                                settings.landmarks_ms.end());
  }
  int64_t points = settings.points;
  if (absl::Status s = reader.ReadInt(given, "points", kKey, 10, &points, 10000); !s.ok()) return s;
  settings.points = static_cast<int>(points);
  return settings;
}

nlohmann::ordered_json SurvivalSettingsToJson(const SurvivalSettings& settings) {
  nlohmann::ordered_json out;
  if (!settings.landmarks_ms.empty()) {
    nlohmann::ordered_json landmarks = nlohmann::ordered_json::array();
    for (int64_t ms : settings.landmarks_ms) landmarks.push_back(FormatDurationMs(ms));
    out["landmarks"] = landmarks;
  }
  out["points"] = settings.points;
  return out;
}

std::vector<int64_t> SurvivalLandmarks(const SurvivalSettings& settings, int64_t window_ms) {
  constexpr int64_t kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;
  std::vector<int64_t> out;
  const std::vector<int64_t> defaults = {kMinute, 5 * kMinute, 15 * kMinute, kHour, 6 * kHour, kDay, 7 * kDay, 30 * kDay};
  for (int64_t ms : settings.landmarks_ms.empty() ? defaults : settings.landmarks_ms) {
    if (ms < window_ms) out.push_back(ms);
  }
  // The window itself: where the curve ends, the rate a funnel would show once every
  // window has closed.
  if (window_ms > 0) out.push_back(window_ms);
  return out;
}

}  // namespace fl
