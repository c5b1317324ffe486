#ifndef FRICTIONLENS_CORE_STATS_REPORT_NUMBERS_H_
#define FRICTIONLENS_CORE_STATS_REPORT_NUMBERS_H_

// The numbers a report section prints: doubles rounded to 6 decimals, a share of a
// whole, and its Wilson interval as a JSON pair. One copy for the sections that print
// shares (paths, conformance), so that they round alike.

#include <cstdint>

#include "nlohmann/json.hpp"

namespace fl {

// round(x * 1e6) / 1e6, never "-0".
double Round6(double x);
// part / whole; 0 of nothing (a whole of 0 units) is 0, and the interval says [0, 1].
double Share(int64_t part, int64_t whole);
// The Wilson 95% interval of part / whole as [lo, hi], each rounded to 6 decimals.
nlohmann::ordered_json ShareCi95(int64_t part, int64_t whole);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_REPORT_NUMBERS_H_
