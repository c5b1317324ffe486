#include "core/stats/report_numbers.h"

#include <cmath>

#include "core/stats/intervals.h"

namespace fl {

double Round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;
}

double Share(int64_t part, int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

nlohmann::ordered_json ShareCi95(int64_t part, int64_t whole) {
  const Interval ci = WilsonInterval(part, whole);
  return nlohmann::ordered_json::array({Round6(ci.lo), Round6(ci.hi)});
}

}  // namespace fl
