#include "native-cli/report_csv.h"

#include <cstdint>
#include <cstdio>
#include <vector>

namespace fl::cli {
namespace {

// A report value as JavaScript's String() writes it: integral doubles without ".0",
// null and absent as nothing.
std::string Field(const nlohmann::ordered_json& value) {
  std::string text;
  if (value.is_null()) return text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number_float()) {
    const double x = value.get<double>();
    if (x == static_cast<double>(static_cast<int64_t>(x)) && x > -9.0e15 && x < 9.0e15) {
      text = std::to_string(static_cast<int64_t>(x));
    } else if (x != 0 && x > -1e-3 && x < 1e-3) {
      // JavaScript writes 0.000001 where the shortest form is 1e-06; report numbers have
      // at most 6 decimals, so 6 fixed decimals keep every digit.
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.6f", x);
      text = buffer;
      while (!text.empty() && text.back() == '0') text.pop_back();
    } else {
      text = value.dump();  // shortest round-trip form, as JavaScript's
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

}  // namespace

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
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + Field(*fields[i]);
    out += "\n";
  }
  return out;
}

}  // namespace fl::cli
