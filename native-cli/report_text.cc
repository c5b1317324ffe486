#include "native-cli/report_text.h"

#include <vector>

#include "core/display_text.h"

namespace fl::cli {

// The element's display rules (web/format.js), kept once in core/display_text.h.
std::string WithThousands(int64_t value) { return DisplayCount(value); }
std::string Percent(double rate) { return DisplayPercent(rate); }
std::string PercentRange(const nlohmann::ordered_json& ci) {
  if (!ci.is_array() || ci.size() != 2 || !ci[0].is_number()) return "";
  return DisplayPercentRange(ci[0].get<double>(), ci[1].get<double>());
}
std::string HumanDuration(double seconds) { return DisplaySeconds(seconds); }

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
