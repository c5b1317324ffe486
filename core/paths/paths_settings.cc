#include "core/paths/paths_settings.h"

#include "core/json/json_reader.h"

namespace fl {
namespace {

constexpr const char* kKey = "paths";

}  // namespace

absl::StatusOr<PathsSettings> PathsSettingsOf(const JourneySpec& spec) {
  const JsonReader reader(kJourneyErrorPrefix);
  PathsSettings settings;
  auto it = spec.section_settings.find(kKey);
  if (it == spec.section_settings.end() || it->is_null()) return settings;
  const nlohmann::json given = nlohmann::json::parse(it->dump());
  if (!given.is_object()) return reader.Error(kKey, "expected an object");
  if (absl::Status s = reader.CheckKeys(given, kKey, {"top", "edges", "collapse_repeats", "graph", "group", "variant_steps"},
                                        JsonReader::UnknownKeyWording::kSetting);
      !s.ok()) {
    return s;
  }
  int64_t top = settings.top, edges = settings.edges, variant_steps = settings.variant_steps;
  if (absl::Status s = reader.ReadInt(given, "top", kKey, 1, &top, 100); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(given, "edges", kKey, 1, &edges, 1000); !s.ok()) return s;
  if (absl::Status s = reader.ReadInt(given, "variant_steps", kKey, 2, &variant_steps, 50);
      !s.ok()) {
    return s;
  }
  settings.top = static_cast<int>(top);
  settings.edges = static_cast<int>(edges);
  settings.variant_steps = static_cast<int>(variant_steps);
  if (absl::Status s = reader.ReadBool(given, "collapse_repeats", kKey,
                                       &settings.collapse_repeats);
      !s.ok()) {
    return s;
  }
  std::string graph = "events";
  if (absl::Status s = reader.ReadString(given, "graph", kKey, &graph); !s.ok()) return s;
  if (graph != "events" && graph != "steps") return reader.Error(JsonReader::Key(kKey, "graph"), "expected events or steps");
  settings.graph_of_steps = graph == "steps";
  if (auto g = given.find("group"); g != given.end()) {
    const std::string path = JsonReader::Key(kKey, "group");
    if (!g->is_array() || g->size() > 100) {
      return reader.Error(path, "expected an array of {\"pattern\": \"page_*\", \"as\": \"page views\"} (at most 100)");
    }
    for (size_t i = 0; i < g->size(); ++i) {
      const nlohmann::json& item = (*g)[i];
      const std::string at = JsonReader::Index(path, i);
      if (!item.is_object()) return reader.Error(at, "expected {\"pattern\": ..., \"as\": ...}");
      if (absl::Status s = reader.CheckKeys(item, at, {"pattern", "as"}, JsonReader::UnknownKeyWording::kSetting);
          !s.ok()) {
        return s;
      }
      PathsSettings::Group group;
      if (absl::Status s = reader.ReadString(item, "pattern", at, &group.pattern); !s.ok()) {
        return s;
      }
      if (absl::Status s = reader.ReadString(item, "as", at, &group.as); !s.ok()) return s;
      if (group.pattern.empty()) return reader.Error(JsonReader::Key(at, "pattern"), "expected a non-empty pattern");
      if (group.as.empty() || group.as[0] == '(') {
        return reader.Error(JsonReader::Key(at, "as"), "expected a name (not starting with \"(\", kept for the report's own)");
      }
      settings.group.push_back(std::move(group));
    }
  }
  return settings;
}

nlohmann::ordered_json PathsSettingsToJson(const PathsSettings& settings) {
  nlohmann::ordered_json out;
  out["top"] = settings.top;
  out["edges"] = settings.edges;
  out["collapse_repeats"] = settings.collapse_repeats;
  out["graph"] = settings.graph_of_steps ? "steps" : "events";
  nlohmann::ordered_json group = nlohmann::ordered_json::array();
  for (const PathsSettings::Group& g : settings.group) group.push_back({{"pattern", g.pattern}, {"as", g.as}});
  out["group"] = std::move(group);
  out["variant_steps"] = settings.variant_steps;
  return out;
}

}  // namespace fl
