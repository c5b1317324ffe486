#include "core/report/journey_sections.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/ingest/tables/tables_spec.h"
#include "core/json/json_reader.h"
#include "core/report/section_registry.h"

namespace fl {
namespace {

// "sections": {"<name>": true|false, ...} -> every registered section named, in
// registry order.
absl::StatusOr<nlohmann::ordered_json> ReadSectionSwitches(const nlohmann::ordered_json& given) {
  const JsonReader reader(kJourneyErrorPrefix);
  const auto& sections = SectionRegistry::Get().sections();
  if (!given.is_object()) return reader.Error(kSectionsKey, "expected an object of section: true or false");
  for (auto it = given.begin(); it != given.end(); ++it) {
    const std::string path = JsonReader::Key(kSectionsKey, it.key());
    if (SectionRegistry::Get().Find(it.key()) == nullptr) {
      std::string names;
      for (const auto& section : sections) absl::StrAppend(&names, names.empty() ? "" : ", ", section->name());
      return reader.Error(path, absl::StrCat("unknown section (expected one of: ", names, ")"));
    }
    if (!it.value().is_boolean()) return reader.Error(path, "expected true or false");
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& section : sections) {
    auto it = given.find(section->name());
    out[section->name()] = it == given.end() ? true : it->get<bool>();
  }
  return out;
}

}  // namespace

absl::StatusOr<JourneySpec> ParseJourneySpec(std::string_view json_text) {
  const auto& sections = SectionRegistry::Get().sections();
  std::vector<std::string> key_names;
  for (const auto& section : sections) {
    for (const SpecKey& key : section->spec_keys()) key_names.push_back(key.key);
  }
  key_names.push_back(kSectionsKey);
  key_names.push_back(kTablesKey);
  const std::vector<absl::string_view> keys(key_names.begin(), key_names.end());
  absl::StatusOr<JourneySpec> spec = ParseJourneyCore(json_text, keys);
  if (!spec.ok()) return spec;
  const nlohmann::ordered_json given = std::move(spec->section_settings);
  // In registry order, defaults filled in.
  spec->section_settings = nlohmann::ordered_json::object();
  for (const auto& section : sections) {
    for (const SpecKey& key : section->spec_keys()) {
      auto it = given.find(key.key);
      if (it != given.end()) {
        spec->section_settings[key.key] = *it;
      } else if (key.echo_absent) {
        spec->section_settings[key.key] = key.absent;
      }
    }
  }
  if (auto it = given.find(kSectionsKey); it != given.end()) {
    absl::StatusOr<nlohmann::ordered_json> switches = ReadSectionSwitches(*it);
    if (!switches.ok()) return switches.status();
    spec->section_settings[kSectionsKey] = *std::move(switches);
  }
  if (auto it = given.find(kTablesKey); it != given.end()) {
    absl::StatusOr<TablesSpec> tables = ParseTablesSpec(nlohmann::json::parse(it->dump()));
    if (!tables.ok()) return tables.status();
    spec->section_settings[kTablesKey] = TablesSpecToJson(*tables);
  }
  for (const auto& section : sections) {
    if (absl::Status s = section->CheckSettings(*spec); !s.ok()) return s;
  }
  return spec;
}

std::vector<const Section*> EnabledSections(const JourneySpec& spec) {
  std::vector<const Section*> enabled;
  auto switches = spec.section_settings.find(kSectionsKey);
  for (const auto& section : SectionRegistry::Get().sections()) {
    if (switches != spec.section_settings.end() && !switches->value(section->name(), true)) continue;
    if (!section->applies(spec)) continue;
    enabled.push_back(section.get());
  }
  return enabled;
}

}  // namespace fl
