#ifndef FRICTIONLENS_CORE_FRICTION_FRICTION_ANALYSIS_H_
#define FRICTIONLENS_CORE_FRICTION_FRICTION_ANALYSIS_H_

// What friction says, in words and JSON: the report's `friction` section and its
// sentences. The analysis itself: detect signals per user, place them on the journey
// stage they happened at (FrictionUnitBuilder), score every (stage, signal) and
// (stage, signal, target) against the users that reached the same stage without it,
// and rank the points by lost conversions (FrictionState::Finalize), run as a report
// section (core/friction/friction_section.h). Semantics and defaults: docs/friction.md.

#include <cstddef>
#include <string>
#include <vector>

#include "core/friction/friction_result.h"
#include "nlohmann/json.hpp"

namespace fl {

// The report's `friction` section:
//   {"settings": {...}, "summary": {...}, "points": [...], "session_scores": {...},
//    "top": [{"rank": 1, "point": 0, "significant": true, "sentence": "..."}, ...]}
// Doubles rounded to 6 decimals; null where there is not enough data.
nlohmann::ordered_json FrictionResultToJson(const FrictionResult& result);

// One sentence a designer reads, e.g.
//   "Checkout: rage clicks on #apply-coupon: 679 users, 29% reach Purchase vs 82%;
//    about 359 lost orders (95% CI 320-400), mostly device=android (97%)"
std::string FrictionSentence(const FrictionPoint& point, const FrictionResult& result);

// A point loses conversions when, with enough data, the affected units' conversion is
// below the unaffected units' with the whole 95% interval of the difference below 0; it
// gains them when the whole interval is above 0.
bool LosesConversions(const FrictionPoint& point);
bool GainsConversions(const FrictionPoint& point);

// "Top friction", the one list every door shows (the report's friction.top): the
// first n significant points that lose conversions, in rank order, then (if fewer
// than n) points that lose conversions but are not significant after Benjamini-Hochberg
// (their sentences say so). Only losses: a point whose affected units convert better
// is never in it. Indices into result.points.
inline constexpr size_t kTopFrictionPoints = 5;
std::vector<size_t> TopFrictionPoints(const FrictionResult& result, size_t n = kTopFrictionPoints);
// "Signals without loss" (the report's friction.without_loss), shown apart, never mixed
// in: significant points whose affected units convert better (a coupon tried by buyers,
// a help tooltip read on the way to paying), the biggest gain first.
std::vector<size_t> SignalsWithoutLoss(const FrictionResult& result, size_t n = kTopFrictionPoints);
// Their sentences.
std::vector<std::string> TopFrictionSentences(const FrictionResult& result, size_t n = kTopFrictionPoints);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_FRICTION_ANALYSIS_H_
