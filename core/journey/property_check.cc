#include "core/journey/property_check.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fl {
namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Up to three property names closest to `name` (the last dotted part counts too).
std::vector<std::string> Nearest(const std::string& name, const EventTable& table) {
  std::vector<std::pair<size_t, std::string>> scored;
  auto score = [&](const std::string& p) {
    const size_t dot = p.rfind('.');
    size_t d = EditDistance(name, p);
    if (dot != std::string::npos) d = std::min(d, EditDistance(name, p.substr(dot + 1)));
    scored.emplace_back(d, p);
  };
  for (const PropertyColumn& column : table.properties) score(column.name);
  for (const std::string& unread : table.unread_properties) score(unread);
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (const auto& [d, p] : scored) {
    if (out.size() == 3 || d > std::max<size_t>(2, name.size() / 3)) break;
    out.push_back(p);
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> JourneyPropertyNames(const JourneySpec& spec) {
  std::vector<std::pair<std::string, std::string>> used;  // JSON path, name
  for (size_t i = 0; i < spec.steps.size(); ++i) {
    for (const PropertyPredicate& p : spec.steps[i].where) {
      used.emplace_back(absl::StrCat("steps[", i, "].where.", p.property), p.property);
    }
  }
  for (size_t i = 0; i < spec.exclusions.size(); ++i) {
    for (const PropertyPredicate& p : spec.exclusions[i].where) {
      used.emplace_back(absl::StrCat("exclusions[", i, "].where.", p.property), p.property);
    }
  }
  for (size_t i = 0; i < spec.hold_constant.size(); ++i) {
    used.emplace_back(absl::StrCat("hold_constant[", i, "]"), spec.hold_constant[i]);
  }
  if (!spec.breakdown.property.empty()) used.emplace_back("breakdown.property", spec.breakdown.property);
  // `value` belongs to the friction section; read here as written: a property name or
  // {"property": name}.
  if (auto value = spec.section_settings.find("value"); value != spec.section_settings.end()) {
    if (value->is_string()) {
      used.emplace_back("value", value->get<std::string>());
    } else if (value->is_object() && value->contains("property") && (*value)["property"].is_string()) {
      used.emplace_back("value.property", (*value)["property"].get<std::string>());
    }
  }
  return used;
}

MissingProperties MissingJourneyProperties(const JourneySpec& spec, const EventTable& table) {
  MissingProperties missing;
  for (const auto& [path, name] : JourneyPropertyNames(spec)) {
    if (table.FindProperty(name) >= 0) continue;
    std::string message = absl::StrCat("journey: ", path, ": no property \"", name, "\" in the data");
    const std::vector<std::string> nearest = Nearest(name, table);
    if (!nearest.empty()) absl::StrAppend(&message, " (nearest: ", absl::StrJoin(nearest, ", "), ")");
    (path.rfind("value", 0) == 0 ? missing.warnings : missing.errors).push_back(std::move(message));
  }
  return missing;
}

}  // namespace fl
