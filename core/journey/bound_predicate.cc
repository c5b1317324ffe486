#include "core/journey/bound_predicate.h"

#include <string>

namespace fl {

bool PredicateMatchesValue(const PropertyPredicate& predicate, std::string_view value) {
  bool hit = false;
  if (predicate.op == PropertyPredicate::Op::kPrefix) {
    hit = !predicate.values.empty() && value.substr(0, predicate.values[0].size()) == predicate.values[0];
  } else {
    for (const std::string& v : predicate.values) hit = hit || v == value;
  }
  return hit != predicate.negate;
}

std::vector<BoundPredicate> BindPredicates(const std::vector<PropertyPredicate>& where, const EventTable& table) {
  std::vector<BoundPredicate> out;
  for (const PropertyPredicate& predicate : where) {
    BoundPredicate bound;
    bound.column = table.FindProperty(predicate.property);
    if (bound.column < 0) {
      bound.constant_match = PredicateMatchesValue(predicate, "");
    } else {
      const Dictionary& values = table.properties[bound.column].values;
      bound.match_by_value.resize(values.size());
      for (uint32_t id = 0; id < values.size(); ++id) {
        bound.match_by_value[id] = PredicateMatchesValue(predicate, values.Value(id)) ? 1 : 0;
      }
    }
    out.push_back(std::move(bound));
  }
  return out;
}

}  // namespace fl
