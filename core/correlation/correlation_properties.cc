#include "core/correlation/correlation_properties.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace fl {
namespace {

bool LooksLikeId(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  return lower == "id" || absl::EndsWith(lower, "_id") || absl::EndsWith(lower, ".id") ||
         absl::StrContains(lower, "uuid") || (name.size() > 2 && absl::EndsWith(name, "Id"));
}

CorrelationProperty Describe(const EventTable& table, int column, const std::string& name) {
  CorrelationProperty p;
  p.name = name;
  p.column = column;
  if (column >= 0) p.values = static_cast<int64_t>(table.properties[column].values.size()) - 1;  // id 0: empty
  return p;
}

}  // namespace

std::vector<CorrelationProperty> ChooseCorrelationProperties(const CorrelationSettings& settings,
                                                             const EventTable& table) {
  std::vector<CorrelationProperty> out;
  const auto cap = static_cast<int64_t>(settings.max_values);
  if (settings.auto_properties) {
    for (size_t c = 0; c < table.properties.size(); ++c) {
      CorrelationProperty p = Describe(table, static_cast<int>(c), table.properties[c].name);
      if (LooksLikeId(p.name)) {
        p.reason = "an id";
      } else if (p.values == 0) {
        p.reason = "no values";
      } else if (p.values > cap) {
        p.reason = absl::StrCat("more than ", cap, " values");
      } else if (const int64_t set = table.WholeRowsSet(c); set * 2 < table.WholeEvents()) {
        // A click's target or coordinates, an error's text: a value of some events, not a
        // state of the unit; carried forward to the step it would stand for the last click.
        p.reason = absl::StrCat("set on ", set, " of ", table.WholeEvents(), " events (under half): describes events, not units");
      } else {
        p.tested = true;
        p.max_id = static_cast<uint32_t>(p.values);
        p.reason = absl::StrCat(p.values, p.values == 1 ? " value" : " values");
      }
      out.push_back(std::move(p));
    }
    return out;
  }
  for (const std::string& name : settings.properties) {
    CorrelationProperty p = Describe(table, table.FindProperty(name), name);
    if (p.column < 0) {
      p.reason = "no such column";
    } else {
      p.tested = true;
      p.max_id = static_cast<uint32_t>(std::min(p.values, cap));
      p.reason = p.values > cap ? absl::StrCat("listed; the first ", cap, " of ", p.values, " values")
                                : absl::StrCat("listed; ", p.values, p.values == 1 ? " value" : " values");
    }
    out.push_back(std::move(p));
  }
  return out;
}

nlohmann::ordered_json CorrelationPropertiesToJson(const std::vector<CorrelationProperty>& properties) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const CorrelationProperty& p : properties) {
    out.push_back({{"property", p.name},
                   {"values", p.values},
                   {"tested", p.tested},
                   {"reason", p.reason},
                   {"values_left_out", p.values_left_out()}});
  }
  return out;
}

}  // namespace fl
