#include "core/json/json_reader.h"

#include <cmath>
#include <limits>

#include "absl/strings/match.h"

namespace fl {

absl::Status JsonReader::Error(absl::string_view path, absl::string_view reason) const {
  if (path.empty()) {
    // The whole document: "journey: (top level): ..." / "options: ...".
    if (absl::EndsWith(prefix_, ".")) {
      return absl::InvalidArgumentError(
          absl::StrCat(absl::string_view(prefix_).substr(0, prefix_.size() - 1), ": ", reason));
    }
    return absl::InvalidArgumentError(absl::StrCat(prefix_, "(top level): ", reason));
  }
  return absl::InvalidArgumentError(absl::StrCat(prefix_, path, ": ", reason));
}

absl::Status JsonReader::CheckKeys(const nlohmann::json& object, absl::string_view path,
                                   absl::Span<const absl::string_view> allowed,
                                   UnknownKeyWording wording) const {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (absl::string_view name : allowed) known = known || it.key() == name;
    if (known) continue;
    std::string list;
    for (absl::string_view name : allowed) absl::StrAppend(&list, list.empty() ? "" : ", ", name);
    if (wording == UnknownKeyWording::kSetting) {
      return Error(Key(path, it.key()), absl::StrCat("unknown setting; expected one of ", list));
    }
    return Error(Key(path, it.key()), absl::StrCat("unknown key (expected one of: ", list, ")"));
  }
  return absl::OkStatus();
}

absl::Status JsonReader::ReadBool(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                                  bool* out) const {
  auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  if (!it->is_boolean()) return Error(Key(path, key), "expected true or false");
  *out = it->get<bool>();
  return absl::OkStatus();
}

absl::Status JsonReader::ReadString(const nlohmann::json& object, absl::string_view key,
                                    absl::string_view path, std::string* out) const {
  auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  if (!it->is_string()) return Error(Key(path, key), "expected a string");
  *out = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status JsonReader::ReadNames(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                                   bool allow_empty, std::vector<std::string>* out) const {
  auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  const std::string where = Key(path, key);
  if (!it->is_array() || (it->empty() && !allow_empty)) {
    return Error(where, allow_empty ? "expected an array of names" : "expected a non-empty array of names");
  }
  out->clear();
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& v = (*it)[i];
    if (!v.is_string() || v.get<std::string>().empty()) return Error(Index(where, i), "expected a non-empty string");
    out->push_back(v.get<std::string>());
  }
  return absl::OkStatus();
}

absl::Status JsonReader::ReadNumber(const nlohmann::json& object, absl::string_view key,
                                    absl::string_view path, double min, double* out) const {
  auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < min) {
    return Error(Key(path, key), absl::StrCat("expected a number >= ", min));
  }
  *out = it->get<double>();
  return absl::OkStatus();
}

absl::Status JsonReader::ReadInt(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                                 int64_t min, int64_t* out, int64_t max) const {
  auto it = object.find(key);
  if (it == object.end()) return absl::OkStatus();
  // An unsigned above int64's range would wrap to a negative number in get<int64_t>().
  const bool in_int64 = it->is_number_integer() &&
                        !(it->is_number_unsigned() &&
                          it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
  if (!in_int64 || it->get<int64_t>() < min || it->get<int64_t>() > max) {
    return Error(Key(path, key), max == std::numeric_limits<int64_t>::max()
                                     ? absl::StrCat("expected an integer >= ", min)
                                     : absl::StrCat("expected an integer from ", min, " to ", max));
  }
  *out = it->get<int64_t>();
  return absl::OkStatus();
}

}  // namespace fl
