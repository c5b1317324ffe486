#include "core/report/properties_read.h"

#include <algorithm>

#include "core/journey/property_check.h"
#include "core/report/journey_sections.h"

namespace fl {

std::optional<std::vector<std::string>> PropertiesRead(const JourneySpec& spec) {
  std::vector<std::string> names;
  for (const Section* section : EnabledSections(spec)) {
    std::optional<std::vector<std::string>> read = section->properties_read(spec);
    if (!read.has_value()) return std::nullopt;
    names.insert(names.end(), read->begin(), read->end());
  }
  // The journey's own (where, exclusions, hold_constant, breakdown) and `value`: every
  // report checks that they exist, whichever sections run.
  for (const auto& [path, name] : JourneyPropertyNames(spec)) names.push_back(name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace fl
