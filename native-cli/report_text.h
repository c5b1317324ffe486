#ifndef FRICTIONLENS_NATIVE_CLI_REPORT_TEXT_H_
#define FRICTIONLENS_NATIVE_CLI_REPORT_TEXT_H_

// Small formatting helpers shared by the table and the HTML renderings of a report.

#include <cstdint>
#include <string>

#include "nlohmann/json.hpp"

namespace fl::cli {

std::string WithThousands(int64_t value);         // 19998 -> "19,998"
std::string Percent(double rate, int decimals);   // 0.3061 -> "30.6%"
std::string PercentRange(const nlohmann::ordered_json& ci);  // [0.299,0.312] -> "29.9-31.2%"
std::string HumanDuration(double seconds);        // 80 -> "1m 20s"
// The report's "Top friction" sentences (empty when the report has no friction section).
std::vector<std::string> TopFrictionSentences(const nlohmann::ordered_json& report, size_t limit);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_REPORT_TEXT_H_
