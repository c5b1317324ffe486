#ifndef FRICTIONLENS_CORE_JOURNEY_PROPERTY_CHECK_H_
#define FRICTIONLENS_CORE_JOURNEY_PROPERTY_CHECK_H_

// Every property name a journey uses (step and exclusion `where`, `hold_constant`,
// `breakdown`, `value`) checked against the data's columns: a misspelt name would
// match nothing and give a funnel of zeros with exit 0, so it is an error (a missing
// `value` property only loses revenue at risk: a warning). Names are found as
// EventTable::FindProperty finds them (a unique dotted suffix will do), and a missing
// one is reported with the nearest names the data has:
//   journey: steps[1].where.devce: no property "devce" in the data (nearest: device, device_type)

#include <string>
#include <utility>
#include <vector>

#include "core/event_table.h"
#include "core/journey/journey_spec.h"

namespace fl {

struct MissingProperties {
  // Steps, exclusions, hold_constant, breakdown: without the property the funnel is wrong.
  std::vector<std::string> errors;
  // `value`: only revenue at risk goes missing.
  std::vector<std::string> warnings;
};

MissingProperties MissingJourneyProperties(const JourneySpec& spec, const EventTable& table);

// The property names checked above, each with its JSON path ("steps[1].where.device"),
// in spec order: what any report of the journey looks up, whichever sections run.
std::vector<std::pair<std::string, std::string>> JourneyPropertyNames(const JourneySpec& spec);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_PROPERTY_CHECK_H_
