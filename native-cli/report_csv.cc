#include "native-cli/report_csv.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace fl::cli {

// A report value as JavaScript's String() writes it: integral doubles without ".0",
// null and absent as nothing.
std::string CsvField(const nlohmann::ordered_json& value) {
  std::string text;
  if (value.is_null()) return text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number_float()) {
    const double x = value.get<double>();
    if (x > -9.0e15 && x < 9.0e15 && x == static_cast<double>(static_cast<int64_t>(x))) {
      text = std::to_string(static_cast<int64_t>(x));
    } else {
      // JavaScript's String(): the shortest digits that read back as the same double, in
      // fixed notation for report numbers (at most 6 decimals). nlohmann's dump is not
      // always the shortest (0.25652199999999997 for 0.256522).
      char buffer[400];
      const std::to_chars_result end = std::to_chars(buffer, buffer + sizeof(buffer), x, std::chars_format::fixed);
      text.assign(buffer, end.ptr);
    }
  } else {
    text = value.dump();
  }
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string RenderFunnelCsv(const nlohmann::ordered_json& report) {
  std::string out =
      "step,count,conversion,conversion_ci95_low,conversion_ci95_high,step_conversion,step_conversion_ci95_low,"
      "step_conversion_ci95_high,dropped,in_progress,median_seconds_from_previous,p90_seconds_from_previous,"
      "median_seconds_from_start\n";
  auto funnel = report.find("funnel");
  if (funnel == report.end()) return out;
  const nlohmann::ordered_json none;
  for (const auto& s : (*funnel)["steps"]) {
    auto get = [&](const char* key) -> const nlohmann::ordered_json& {
      auto it = s.find(key);
      return it == s.end() ? none : *it;
    };
    auto bound = [&](const char* key, size_t i) -> const nlohmann::ordered_json& {
      const nlohmann::ordered_json& ci = get(key);
      return ci.is_array() && ci.size() > i ? ci[i] : none;
    };
    const std::vector<const nlohmann::ordered_json*> fields = {
        &get("name"),          &get("count"),           &get("conversion"),
        &bound("conversion_ci95", 0), &bound("conversion_ci95", 1), &get("step_conversion"),
        &bound("step_conversion_ci95", 0), &bound("step_conversion_ci95", 1), &get("dropped"),
        &get("in_progress"),   &get("median_seconds_from_previous"), &get("p90_seconds_from_previous"),
        &get("median_seconds_from_start")};
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + CsvField(*fields[i]);
    out += "\n";
  }
  return out;
}

}  // namespace fl::cli
