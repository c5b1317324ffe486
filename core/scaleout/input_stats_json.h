#ifndef FRICTIONLENS_CORE_SCALEOUT_INPUT_STATS_JSON_H_
#define FRICTIONLENS_CORE_SCALEOUT_INPUT_STATS_JSON_H_

// InputStats as JSON (core/scaleout/scaleout_context_json.cc, where ContextToJson and
// ContextFromJson use the same conversions): the context's fingerprint covers it too.

#include "core/event_table.h"
#include "nlohmann/json.hpp"

namespace fl {

nlohmann::json InputStatsToJson(const InputStats& input);
// Throws what nlohmann's get throws on a field of the wrong type.
InputStats InputStatsFromJson(const nlohmann::json& json);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_SCALEOUT_INPUT_STATS_JSON_H_
