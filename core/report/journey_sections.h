#ifndef FRICTIONLENS_CORE_REPORT_JOURNEY_SECTIONS_H_
#define FRICTIONLENS_CORE_REPORT_JOURNEY_SECTIONS_H_

// The whole journey spec: the journey's own keys (core/journey) and every registered
// section's keys, each read and checked by its section, plus "sections", which turns
// sections off: {"sections": {"friction": false}}.
//
// The spec as applied (JourneySpec::CanonicalJson, the report's `journey`) shows each
// section's keys in registry order with their defaults ("friction": {}, "value": null),
// and "sections" (every section named, true or false) only when the spec gave it; then
// "tables" (core/ingest/tables/tables_spec.h: how the input's tables become events)
// when the spec gave it.

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "core/sections/section.h"

namespace fl {

inline constexpr const char* kSectionsKey = "sections";

// Errors name the JSON path: `journey: steps[2].event: expected a string or an array`,
// `journey: friction.rage_click.clicks: expected an integer >= 2`,
// `journey: sections.frictoin: unknown section (expected one of: funnel, friction, input_quality)`.
absl::StatusOr<JourneySpec> ParseJourneySpec(std::string_view json_text);

// The sections `spec` turns on, in registry order.
std::vector<const Section*> EnabledSections(const JourneySpec& spec);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_REPORT_JOURNEY_SECTIONS_H_
