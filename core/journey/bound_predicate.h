#ifndef FRICTIONLENS_CORE_JOURNEY_BOUND_PREDICATE_H_
#define FRICTIONLENS_CORE_JOURNEY_BOUND_PREDICATE_H_

// A journey's property predicates bound to one table: a yes/no per dictionary id of
// the property's column, so that matching a row costs one array read. The funnel and
// the friction analysis share this, so a step means the same to both.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/event_table.h"
#include "core/journey/journey_spec.h"

namespace fl {

// Property values are text; the missing value is the empty string (EventTable id 0), so
// {"coupon": ""} matches events without a coupon and {"coupon": {"not": ""}} those with one.
bool PredicateMatchesValue(const PropertyPredicate& predicate, std::string_view value);

struct BoundPredicate {
  int column = -1;                      // -1: the table has no such property
  std::vector<uint8_t> match_by_value;  // per value id, negation applied
  bool constant_match = false;          // used when column == -1 (value is missing)
};

std::vector<BoundPredicate> BindPredicates(const std::vector<PropertyPredicate>& where, const EventTable& table);

// True when every predicate holds on `row` (and for an empty list).
inline bool AllPredicatesHold(const std::vector<BoundPredicate>& where, const EventTable& table, size_t row) {
  for (const BoundPredicate& predicate : where) {
    const bool hit = predicate.column < 0
                         ? predicate.constant_match
                         : predicate.match_by_value[table.properties[predicate.column].ids[row]] != 0;
    if (!hit) return false;
  }
  return true;
}

}  // namespace fl

#endif  // FRICTIONLENS_CORE_JOURNEY_BOUND_PREDICATE_H_
