#include "core/paths/path_labels.h"

#include "core/glob_match.h"

namespace fl {

PathLabels::PathLabels(const JourneySpec& spec, const PathsSettings& settings, const EventTable& table) {
  for (const char* marker : {"(no further event)", "(start)", "(end)", "(other events)"}) Intern(marker);
  event_label_.resize(table.event_names.size());
  for (uint32_t e = 0; e < table.event_names.size(); ++e) {
    const std::string& name = table.event_names.Value(e);
    std::string label = name;
    for (const PathsSettings::Group& g : settings.group) {
      if (GlobMatch(g.pattern, name)) {
        label = g.as;
        break;
      }
    }
    event_label_[e] = Intern(label);
  }
  for (const StepSpec& step : spec.steps) step_label_.push_back(Intern(step.name));
}

uint32_t PathLabels::Intern(const std::string& name) {
  auto [it, fresh] = index_.emplace(name, static_cast<uint32_t>(names_.size()));
  if (fresh) names_.push_back(name);
  return it->second;
}

int64_t PathLabels::Find(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : static_cast<int64_t>(it->second);
}

}  // namespace fl
