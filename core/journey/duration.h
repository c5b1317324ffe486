#ifndef FRICTIONLENS_CORE_JOURNEY_DURATION_H_
#define FRICTIONLENS_CORE_JOURNEY_DURATION_H_

// Durations in journey specs. Parsing is declared in journey_spec.h
// (ParseDurationMs); this header adds the canonical spelling used by CanonicalJson.

#include <cstdint>
#include <string>

namespace fl {

// The shortest exact spelling in the largest whole unit:
// 1209600000 -> "14d", 5400000 -> "90m", 1500 -> "1500ms", 0 -> "0s".
std::string FormatDurationMs(int64_t ms);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_DURATION_H_
