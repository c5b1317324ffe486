#include "core/funnel/compiled_journey.h"

#include <string>
#include <string_view>


namespace fl {
namespace {

// Property values are text; the missing value is the empty string (EventTable id 0), so
// {"coupon": ""} matches events without a coupon and {"coupon": {"not": ""}} those with one.
bool ValueMatches(const PropertyPredicate& predicate, std::string_view value) {
  bool hit = false;
  if (predicate.op == PropertyPredicate::Op::kPrefix) {
    hit = !predicate.values.empty() && value.substr(0, predicate.values[0].size()) == predicate.values[0];
  } else {
    for (const std::string& v : predicate.values) hit = hit || v == value;
  }
  return hit != predicate.negate;
}

template <typename Predicate>
std::vector<Predicate> CompileWhere(const std::vector<PropertyPredicate>& where,
                                    const EventTable& table) {
  std::vector<Predicate> out;
  for (const PropertyPredicate& predicate : where) {
    Predicate compiled;
    compiled.column = table.FindProperty(predicate.property);
    if (compiled.column < 0) {
      compiled.constant_match = ValueMatches(predicate, "");
    } else {
      const Dictionary& values = table.properties[compiled.column].values;
      compiled.match_by_value.resize(values.size());
      for (uint32_t id = 0; id < values.size(); ++id) {
        compiled.match_by_value[id] = ValueMatches(predicate, values.Value(id)) ? 1 : 0;
      }
    }
    out.push_back(std::move(compiled));
  }
  return out;
}

}  // namespace

CompiledJourney::CompiledJourney(const JourneySpec& spec, const EventTable& table)
    : spec_(spec), table_(&table) {
  step_mask_by_event_.assign(table.event_names.size(), 0);
  exclusion_mask_by_event_.assign(table.event_names.size(), 0);
  for (size_t k = 0; k < spec.steps.size(); ++k) {
    for (const std::string& name : spec.steps[k].events) {
      const uint32_t id = table.event_names.Find(name);
      if (id != Dictionary::kNotFound) step_mask_by_event_[id] |= uint32_t{1} << k;
    }
    step_where_.push_back(CompileWhere<Predicate>(spec.steps[k].where, table));
    if (!spec.steps[k].where.empty()) steps_with_where_ |= uint32_t{1} << k;
  }
  for (size_t x = 0; x < spec.exclusions.size(); ++x) {
    for (const std::string& name : spec.exclusions[x].events) {
      const uint32_t id = table.event_names.Find(name);
      if (id != Dictionary::kNotFound) exclusion_mask_by_event_[id] |= uint32_t{1} << x;
    }
    exclusion_where_.push_back(CompileWhere<Predicate>(spec.exclusions[x].where, table));
  }
  for (const std::string& property : spec.hold_constant) {
    hold_columns_.push_back(table.FindProperty(property));
  }
  if (!spec.breakdown.property.empty()) breakdown_column_ = table.FindProperty(spec.breakdown.property);
}

bool CompiledJourney::AllHold(const std::vector<Predicate>& where, size_t row) const {
  for (const Predicate& predicate : where) {
    const bool hit = predicate.column < 0
                         ? predicate.constant_match
                         : predicate.match_by_value[table_->properties[predicate.column].ids[row]] != 0;
    if (!hit) return false;
  }
  return true;
}

uint32_t CompiledJourney::FilterSteps(uint32_t candidates, size_t row) const {
  uint32_t out = candidates & ~steps_with_where_;
  for (uint32_t rest = candidates & steps_with_where_; rest != 0; rest &= rest - 1) {
    const int k = __builtin_ctz(rest);
    if (AllHold(step_where_[k], row)) out |= uint32_t{1} << k;
  }
  return out;
}

uint32_t CompiledJourney::FilterExclusions(uint32_t candidates, size_t row) const {
  uint32_t out = 0;
  for (uint32_t rest = candidates; rest != 0; rest &= rest - 1) {
    const int x = __builtin_ctz(rest);
    if (AllHold(exclusion_where_[x], row)) out |= uint32_t{1} << x;
  }
  return out;
}

bool CompiledJourney::HeldValuesAt(size_t row, HeldValues* out) const {
  *out = {0, 0, 0};
  for (size_t i = 0; i < hold_columns_.size(); ++i) {
    if (hold_columns_[i] < 0) return false;
    const uint32_t id = table_->properties[hold_columns_[i]].ids[row];
    if (id == 0) return false;  // id 0 is the missing value
    (*out)[i] = id;
  }
  return true;
}

}  // namespace fl
