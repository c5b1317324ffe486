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

// The display rules of web/format.js (the element's, and so the HTML report's), so
// that the table says the same thing; tests/wasm/presentation.test.mjs compares them.
std::string Percent(double rate) {
  const double percent = rate * 100;
  const int decimals = percent > 0 && percent < 1 ? 2 : 1;  // 0.03% rather than 0.0%
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.*f%%", decimals, percent);
  return buffer;
}

std::string PercentRange(const nlohmann::ordered_json& ci) {
  if (!ci.is_array() || ci.size() != 2 || !ci[0].is_number()) return "";
  const double lo = ci[0].get<double>() * 100, hi = ci[1].get<double>() * 100;
  // Small rates need more digits, or an interval like 0.01-0.05% reads "0.0-0.0%".
  const int decimals = hi < 1 ? 2 : 1;
  char buffer[48];
  std::snprintf(buffer, sizeof(buffer), "%.*f\u2013%.*f%%", decimals, lo, decimals, hi);
  return buffer;
}

std::string HumanDuration(double seconds) {
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

namespace {

// The sentences of one of the report's friction lists (`top`, `without_loss`).
std::vector<std::string> FrictionListSentences(const nlohmann::ordered_json& report, const char* list) {
  std::vector<std::string> sentences;
  auto friction = report.find("friction");
  if (friction == report.end() || !friction->is_object()) return sentences;
  auto entries = friction->find(list);
  if (entries == friction->end() || !entries->is_array()) return sentences;
  for (const auto& entry : *entries) {
    if (entry.contains("sentence") && entry["sentence"].is_string()) sentences.push_back(entry["sentence"]);
  }
  return sentences;
}

}  // namespace

std::vector<std::string> TopFrictionSentences(const nlohmann::ordered_json& report) {
  return FrictionListSentences(report, "top");
}

std::vector<std::string> WithoutLossSentences(const nlohmann::ordered_json& report) {
  return FrictionListSentences(report, "without_loss");
}

}  // namespace fl::cli
