#ifndef FRICTIONLENS_CORE_JSON_JSON_READER_H_
#define FRICTIONLENS_CORE_JSON_JSON_READER_H_

// The one way every parser reads JSON (the journey spec, each section's settings, the
// analyzer options, partial states): a reader knows what document it reads, and every
// error it makes names the document and the JSON path of the problem.
//
//   JsonReader journey("journey: ");   journey.Error("steps[2].event", "expected a string")
//     -> "journey: steps[2].event: expected a string"
//   JsonReader options("options.");   options.Error("map.user", "expected a column name")
//     -> "options.map.user: expected a column name"
//   An empty path is the whole document: "journey: (top level): expected a JSON object",
//   "options: expected a JSON object".
//
// The typed readers take an object and a key: an absent key leaves *out as it is (its
// default), so a parser states its defaults once, in its struct.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nlohmann/json.hpp"

namespace fl {

class JsonReader {
 public:
  // `prefix` ends with ": " (a path follows a name) or "." (the path continues a key).
  explicit JsonReader(std::string prefix) : prefix_(std::move(prefix)) {}

  static std::string Key(absl::string_view path, absl::string_view key) {
    return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
  }
  static std::string Index(absl::string_view path, size_t i) { return absl::StrCat(path, "[", i, "]"); }

  const std::string& prefix() const { return prefix_; }

  // `object[key]` when it is a string, else "" (never throws, unlike json::value with a
  // string default, which throws on a number: the partial-state fuzzer's second finding).
  static std::string StringOr(const nlohmann::json& object, absl::string_view key) {
    if (!object.is_object()) return std::string();
    auto it = object.find(std::string(key));
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
  }
  // "<prefix><path>: <reason>"
  absl::Status Error(absl::string_view path, absl::string_view reason) const;

  // How CheckKeys words an unknown key: the journey's own keys and the options say
  // "unknown key (expected one of: a, b)", settings blocks "unknown setting; expected one of a, b".
  enum class UnknownKeyWording { kKey, kSetting };
  // Rejects keys outside `allowed`: a misspelt key silently ignored is a wrong result.
  absl::Status CheckKeys(const nlohmann::json& object, absl::string_view path,
                         absl::Span<const absl::string_view> allowed,
                         UnknownKeyWording wording = UnknownKeyWording::kKey) const;

  // Typed members of `object` at `path`; absent keys leave *out unchanged.
  absl::Status ReadBool(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                        bool* out) const;
  absl::Status ReadString(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                          std::string* out) const;
  // An array of non-empty strings (event or property names), non-empty unless
  // `allow_empty`: "expected a non-empty array of names", "<path>[i]: expected a non-empty
  // string". A present key replaces *out.
  absl::Status ReadNames(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                         bool allow_empty, std::vector<std::string>* out) const;
  // A finite number >= min: "expected a number >= <min>".
  absl::Status ReadNumber(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                          double min, double* out) const;
  // An integer in [min, max]: "expected an integer >= <min>" ("... from <min> to <max>" when
  // max is given). JSON integers beyond int64 (18446744073709551615) are refused, not wrapped.
  absl::Status ReadInt(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                       int64_t min, int64_t* out,
                       int64_t max = std::numeric_limits<int64_t>::max()) const;
  // The same, checked in the type the value is kept in: `"clicks": 4294967296` into an int is
  // an error naming the range, never a silent 0.
  template <typename Int>
  absl::Status ReadIntAs(const nlohmann::json& object, absl::string_view key, absl::string_view path,
                         int64_t min, Int* out) const {
    static_assert(std::is_integral_v<Int> && std::is_signed_v<Int>);
    int64_t value = *out;
    absl::Status s = ReadInt(object, key, path, min, &value, std::numeric_limits<Int>::max());
    if (s.ok()) *out = static_cast<Int>(value);
    return s;
  }

 private:
  std::string prefix_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JSON_JSON_READER_H_
