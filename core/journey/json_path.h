#ifndef FRICTIONLENS_CORE_JOURNEY_JSON_PATH_H_
#define FRICTIONLENS_CORE_JOURNEY_JSON_PATH_H_

// Small helpers for reading a JSON document while naming where a problem is:
// every error reads "journey: <path>: <reason>", e.g. "journey: steps[2].event: expected
// a string or an array".

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace fl::journey_json {

inline std::string Key(const std::string& path, const std::string& key) {
  return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
}
inline std::string Index(const std::string& path, size_t i) { return absl::StrCat(path, "[", i, "]"); }

inline absl::Status Error(const std::string& path, const std::string& reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("journey: ", path.empty() ? "(top level)" : path, ": ", reason));
}

// Rejects keys outside `allowed`: a misspelt key silently ignored is a wrong funnel.
inline absl::Status CheckKeys(const nlohmann::json& object, const std::string& path,
                              std::initializer_list<std::string_view> allowed) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (std::string_view name : allowed) known = known || it.key() == name;
    if (!known) {
      std::string list;
      for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
      return Error(Key(path, it.key()), absl::StrCat("unknown key (expected one of: ", list, ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace fl::journey_json

#endif  // FRICTIONLENS_CORE_JOURNEY_JSON_PATH_H_
