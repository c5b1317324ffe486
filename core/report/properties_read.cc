#include "core/report/properties_read.h"

#include <algorithm>

#include "core/report/journey_sections.h"

namespace fl {

std::optional<std::vector<std::string>> PropertiesRead(const JourneySpec& spec) {
  std::vector<std::string> names;
  for (const Section* section : EnabledSections(spec)) {
    std::optional<std::vector<std::string>> read = section->properties_read(spec);
    if (!read.has_value()) return std::nullopt;
    names.insert(names.end(), read->begin(), read->end());
  }
  for (const StepSpec& step : spec.steps) {
    for (const PropertyPredicate& p : step.where) names.push_back(p.property);
  }
  for (const ExclusionSpec& exclusion : spec.exclusions) {
    for (const PropertyPredicate& p : exclusion.where) names.push_back(p.property);
  }
  names.insert(names.end(), spec.hold_constant.begin(), spec.hold_constant.end());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace fl
