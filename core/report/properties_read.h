#ifndef FRICTIONLENS_CORE_REPORT_PROPERTIES_READ_H_
#define FRICTIONLENS_CORE_REPORT_PROPERTIES_READ_H_

// Projection: which property columns a report of `spec` can look at. A funnel-only
// report of a 17-column export reads three columns and one property at most; interning
// the other thirteen for every row was a third of its time (bench/RESULTS.md, issue 24).
//
// The answer is nullopt ("every column") unless every section the spec turns on names
// the properties it reads (Section::properties_read); then it is those names plus the
// ones every report looks up (core/journey/property_check.h: the steps' and exclusions'
// `where`, `hold_constant`, the breakdown, `value`). A door that
// keeps the table for other journeys afterwards (the workbench) must not project.

#include <optional>
#include <string>
#include <vector>

#include "core/journey/journey_spec.h"

namespace fl {

std::optional<std::vector<std::string>> PropertiesRead(const JourneySpec& spec);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_REPORT_PROPERTIES_READ_H_
