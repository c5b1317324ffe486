#include "core/friction/segment_dictionary.h"

#include <algorithm>
#include <tuple>

namespace fl {

uint32_t SegmentDictionary::Intern(std::string_view property, std::string_view value) {
  const uint32_t p = properties_.Intern(property);
  if (p == values_.size()) {
    values_.emplace_back();
    ids_.emplace_back();
  }
  const uint32_t v = values_[p].Intern(value);
  std::vector<uint32_t>& ids = ids_[p];
  if (v == ids.size()) {
    ids.push_back(static_cast<uint32_t>(pairs_.size()));
    pairs_.push_back({p, v});
  }
  return ids[v];
}

std::vector<uint32_t> SegmentDictionary::SortedByText() const {
  std::vector<uint32_t> order(pairs_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
    return std::forward_as_tuple(property(a), value(a)) < std::forward_as_tuple(property(b), value(b));
  });
  return order;
}

}  // namespace fl
