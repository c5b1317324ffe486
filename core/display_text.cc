#include "core/display_text.h"

#include <cmath>
#include <cstdio>

namespace fl {

std::string DisplayCount(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return value < 0 ? "-" + out : out;
}

std::string DisplayPercent(double rate) {
  const double percent = rate * 100;
  const int decimals = percent > 0 && percent < 1 ? 2 : 1;  // 0.03% rather than 0.0%
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.*f%%", decimals, percent);
  return buffer;
}

std::string DisplayPercentRange(double lo, double hi) {
  // Small rates need more digits, or an interval like 0.01-0.05% reads "0.0-0.0%".
  const int decimals = hi * 100 < 1 ? 2 : 1;
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%.*f\u2013%.*f%%", decimals, lo * 100, decimals, hi * 100);
  return buffer;
}

std::string DisplayRatio(double x) {
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), x >= 10 ? "%.0f" : "%.2g", x);
  return buffer;
}

std::string DisplayRatioRange(double lo, double hi) { return DisplayRatio(lo) + "\u2013" + DisplayRatio(hi); }

std::string DisplaySeconds(double seconds) {
  char buffer[32];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof(buffer), "%.0f s", std::floor(seconds + 0.5));
  } else if (seconds < 3600) {
    std::snprintf(buffer, sizeof(buffer), "%.1f min", seconds / 60);
  } else if (seconds < 86400) {
    std::snprintf(buffer, sizeof(buffer), "%.1f h", seconds / 3600);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.1f d", seconds / 86400);
  }
  return buffer;
}

}  // namespace fl
