#ifndef FRICTIONLENS_CORE_DICTIONARY_H_
#define FRICTIONLENS_CORE_DICTIONARY_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "core/short_text.h"

namespace fl {

// Interns strings to dense ids in first-seen order. The strings live in a deque so
// that the string_view keys of the hash map stay valid as the dictionary grows.
class Dictionary {
 public:
  // Hashing and equality inline for short text (core/short_text.h): one lookup per
  // field of every row is the ingest hot path. (Debian's Abseil has its own
  // absl::string_view, so absl::Hash<std::string_view> would fall back to std::hash.)
  struct Hash {
    size_t operator()(std::string_view text) const { return HashShortText(text); }
  };
  struct Eq {
    bool operator()(std::string_view a, std::string_view b) const { return SameShortText(a, b); }
  };

  static constexpr uint32_t kNotFound = UINT32_MAX;

  Dictionary() = default;
  // A copy must index its own strings: a member-wise copy kept keys viewing the
  // source's strings, which dangled once the source was gone (found by ASan when a
  // vector<PropertyColumn> grew while a JSON Lines file added a key mid-file).
  Dictionary(const Dictionary& other) : values_(other.values_) { Reindex(); }
  Dictionary& operator=(const Dictionary& other) {
    if (this != &other) {
      values_ = other.values_;
      Reindex();
    }
    return *this;
  }
  // A move hands over the deque's nodes, so the strings and the keys viewing them
  // stay put. noexcept so that vectors of dictionaries move rather than copy when
  // they grow (std::deque's move constructor is not noexcept in libstdc++ only
  // because it may allocate an empty map for the moved-from deque).
  Dictionary(Dictionary&& other) noexcept : ids_(std::move(other.ids_)), values_(std::move(other.values_)) {}
  Dictionary& operator=(Dictionary&& other) noexcept {
    ids_ = std::move(other.ids_);
    values_ = std::move(other.values_);
    return *this;
  }

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
  void Reindex() {
    ids_.clear();
    ids_.reserve(values_.size());
    for (uint32_t id = 0; id < values_.size(); ++id) ids_.emplace(std::string_view(values_[id]), id);
  }
  absl::flat_hash_map<std::string_view, uint32_t, Hash, Eq> ids_;
  std::deque<std::string> values_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_DICTIONARY_H_
