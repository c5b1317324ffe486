#ifndef FRICTIONLENS_CORE_FRICTION_PROPERTY_VALUES_H_
#define FRICTIONLENS_CORE_FRICTION_PROPERTY_VALUES_H_

// Reading property strings as numbers and times, once per dictionary value rather
// than once per event, and matching event names against glob patterns.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/event_table.h"

namespace fl {

// A finite number ("12", "-3.5", "1e3"); nullopt for anything else, including "".
std::optional<double> ParseNumber(std::string_view text);

// A point in time as Unix milliseconds (UTC): "2017-08-01 00:00:00", "2017-08-01",
// RFC 3339 ("2017-08-01T10:00:00Z", "...+02:00"), or a number of epoch seconds
// (milliseconds when above 1e11). Times without an offset are UTC.
std::optional<int64_t> ParseTimeMs(std::string_view text);

// Glob match with `*` (any run, also empty) and `?` (one character); case-sensitive.
bool GlobMatch(std::string_view pattern, std::string_view text);

// Per value id of a property column: the value as a number (NaN when it is not one).
std::vector<double> NumbersByValueId(const PropertyColumn& column);
// Per value id: the value as a time (INT64_MIN when it is not one).
std::vector<int64_t> TimesByValueId(const PropertyColumn& column);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_PROPERTY_VALUES_H_
