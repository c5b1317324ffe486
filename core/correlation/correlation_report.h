#ifndef FRICTIONLENS_CORE_CORRELATION_CORRELATION_REPORT_H_
#define FRICTIONLENS_CORE_CORRELATION_CORRELATION_REPORT_H_

// One transition's report from its counts: every candidate with at least min_units units
// having it gets its 2x2 table (dropped with / without, converted with / without), the
// odds ratio of dropping with Woolf's 95% interval, Fisher's exact two-sided p-value and
// the Benjamini-Hochberg q-value across the transition's tested candidates; those with
// q < alpha are listed by |ln OR| (the largest effect first), split into "goes with
// dropping" (OR > 1) and "goes with converting" (OR < 1), top `top` of each, with
// PostHog's smoothed odds ratio of converting beside ours, and sentences for the first few.

#include <functional>
#include <string>
#include <vector>

#include "core/correlation/correlation_counts.h"
#include "core/correlation/correlation_settings.h"
#include "nlohmann/json.hpp"

namespace fl {

// What a candidate key names: {"kind": "event", "event": ...} or {"kind": "property",
// "property": ..., "value": ...}, and its words in a sentence ("did error",
// "had device = android").
struct CandidateName {
  nlohmann::ordered_json fields;
  std::string words;
};

struct TransitionNames {
  std::string step, next_step;
  std::function<CandidateName(uint64_t key)> candidate;
};

// The transition's JSON; its sentences are appended to `sentences`.
nlohmann::ordered_json TransitionReport(const TransitionCounts& counts, const TransitionNames& names,
                                        const CorrelationSettings& settings, nlohmann::ordered_json* sentences);

// round(x * 1e6) / 1e6, -0 as 0.
double CorrelationRound6(double x);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_CORRELATION_CORRELATION_REPORT_H_
