#ifndef FRICTIONLENS_CORE_FRICTION_SEGMENT_DICTIONARY_H_
#define FRICTIONLENS_CORE_FRICTION_SEGMENT_DICTIONARY_H_

// The (property, value) pairs units are segmented by, interned to dense ids in
// first-seen order, so that a unit keeps a few integers instead of string pairs and
// the segment counts are flat arrays. Ids are local to one FrictionState (Merge remaps
// the other state's ids); anything shown to a person orders pairs by their text
// (SortedByText), never by id.
//   Intern("device", "ios") -> 0, Intern("country", "DE") -> 1, Intern("device", "ios") -> 0

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/dictionary.h"

namespace fl {

class SegmentDictionary {
 public:
  uint32_t Intern(std::string_view property, std::string_view value);
  size_t size() const { return pairs_.size(); }
  size_t property_count() const { return properties_.size(); }

  // Dense id of the pair's property, in [0, property_count()).
  uint32_t property_id(uint32_t pair) const { return pairs_[pair].property; }
  const std::string& property(uint32_t pair) const { return properties_.Value(pairs_[pair].property); }
  const std::string& value(uint32_t pair) const {
    return values_[pairs_[pair].property].Value(pairs_[pair].value);
  }

  // Every pair id, ordered by (property, value) text.
  std::vector<uint32_t> SortedByText() const;

 private:
  struct Pair {
    uint32_t property;
    uint32_t value;  // id in values_[property]
  };
  Dictionary properties_;
  std::vector<Dictionary> values_;            // per property id
  std::vector<std::vector<uint32_t>> ids_;    // per property id: value id -> pair id
  std::vector<Pair> pairs_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_SEGMENT_DICTIONARY_H_
