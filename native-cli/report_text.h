#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_TEXT_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_TEXT_H_

// Small formatting helpers shared by the table and the HTML renderings of a report.

#include <cstdint>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace fl::cli {

// The element's display rules (web/format.js), so that every door says the same:
std::string WithThousands(int64_t value);         // 19998 -> "19,998"
std::string Percent(double rate);                 // 0.3061 -> "30.6%", 0.0003 -> "0.03%"
std::string PercentRange(const nlohmann::ordered_json& ci);  // [0.299,0.312] -> "29.9–31.2%"
std::string HumanDuration(double seconds);        // 45 -> "45 s", 600 -> "10.0 min", 7200 -> "2.0 h"
// The report's friction.top sentences: the one "Top friction" list (empty when the
// report has no friction section).
std::vector<std::string> TopFrictionSentences(const nlohmann::ordered_json& report);
// The report's friction.without_loss sentences (signals whose affected convert better).
std::vector<std::string> WithoutLossSentences(const nlohmann::ordered_json& report);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_TEXT_H_
