#ifndef FRICTIONLENS_CORE_DICTIONARY_H_
#define FRICTIONLENS_CORE_DICTIONARY_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace fl {

// Interns strings to dense ids in first-seen order. The strings live in a deque so
// that the string_view keys of the hash map stay valid as the dictionary grows.
class Dictionary {
 public:
  // Debian's Abseil has its own absl::string_view, so absl::Hash<std::string_view>
  // falls back to std::hash (slow, and poorly mixed for the table); hash through
  // absl::string_view instead. This is the ingest hot path (one lookup per field).
  struct Hash {
    size_t operator()(std::string_view text) const {
      return absl::Hash<absl::string_view>{}(absl::string_view(text.data(), text.size()));
    }
  };

  static constexpr uint32_t kNotFound = UINT32_MAX;

  uint32_t Intern(std::string_view text) {
    auto it = ids_.find(text);
    if (it != ids_.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(values_.size());
    values_.emplace_back(text);
    ids_.emplace(std::string_view(values_.back()), id);
    return id;
  }
  uint32_t Find(std::string_view text) const {
    auto it = ids_.find(text);
    return it == ids_.end() ? kNotFound : it->second;
  }
  const std::string& Value(uint32_t id) const { return values_[id]; }
  size_t size() const { return values_.size(); }
  // Bytes held by the strings and the index (for memory reporting).
  size_t ApproxBytes() const;

 private:
  absl::flat_hash_map<std::string_view, uint32_t, Hash> ids_;
  std::deque<std::string> values_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_DICTIONARY_H_
