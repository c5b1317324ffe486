#ifndef FRICTIONLENS_CORE_FUNNEL_FUNNEL_JSON_H_
#define FRICTIONLENS_CORE_FUNNEL_FUNNEL_JSON_H_

// The report's `funnel` section. Every double is rounded to 6 decimal places first, so
// the native and wasm builds print the same bytes. Durations with no data are null;
// the time histogram is of the time from the previous step (empty for step 1).

#include "core/funnel/funnel_result.h"
#include "nlohmann/json.hpp"

namespace fl {

nlohmann::ordered_json FunnelResultToJson(const FunnelResult& result);

// round(x * 1e6) / 1e6, with -0 printed as 0.
double RoundTo6(double x);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FUNNEL_FUNNEL_JSON_H_
