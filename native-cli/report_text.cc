#include "native-cli/report_text.h"

#include <cmath>
#include <cstdio>
#include <vector>

namespace fl::cli {

std::string WithThousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return value < 0 ? "-" + out : out;
}

std::string Percent(double rate, int decimals) {
  if (rate > 0 && rate < 0.01 && decimals < 2) decimals = 2;  // 0.03% rather than 0.0%
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.*f%%", decimals, rate * 100);
  return buffer;
}

std::string PercentRange(const nlohmann::ordered_json& ci) {
  if (!ci.is_array() || ci.size() != 2 || !ci[0].is_number()) return "";
  const double lo = ci[0].get<double>() * 100, hi = ci[1].get<double>() * 100;
  // Small rates need more digits, or an interval like 0.01-0.05% reads "0.0-0.0%".
  const int decimals = hi < 1 ? 2 : 1;
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%.*f-%.*f%%", decimals, lo, decimals, hi);
  return buffer;
}

std::string HumanDuration(double seconds) {
  char buffer[32];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof(buffer), "%.0fs", seconds);
  } else if (seconds < 3600) {
    std::snprintf(buffer, sizeof(buffer), "%.0fm %02.0fs", std::floor(seconds / 60), std::fmod(seconds, 60));
  } else if (seconds < 86400) {
    std::snprintf(buffer, sizeof(buffer), "%.0fh %02.0fm", std::floor(seconds / 3600), std::fmod(seconds, 3600) / 60);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.1fd", seconds / 86400);
  }
  return buffer;
}

std::vector<std::string> TopFrictionSentences(const nlohmann::ordered_json& report, size_t limit) {
  std::vector<std::string> sentences;
  auto friction = report.find("friction");
  if (friction == report.end() || !friction->is_object()) return sentences;
  auto points = friction->find("points");
  if (points == friction->end() || !points->is_array()) return sentences;
  for (const auto& point : *points) {
    if (sentences.size() >= limit) break;
    if (!point.value("significant", false)) continue;
    if (point.contains("sentence") && point["sentence"].is_string()) sentences.push_back(point["sentence"]);
  }
  return sentences;
}

}  // namespace fl::cli
