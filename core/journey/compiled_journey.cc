#include "core/journey/compiled_journey.h"

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace fl {

absl::StatusOr<std::shared_ptr<const CompiledJourney>> CompileJourney(const JourneySpec& spec,
                                                                       const EventTable& table) {
  if (spec.steps.empty()) return absl::InvalidArgumentError("journey: steps: expected at least one step");
  if (table.user_begin.size() != table.users.size() + 1) {
    return absl::InvalidArgumentError(absl::StrCat("funnel: event table has ", table.users.size(),
                                                   " users but ", table.user_begin.size(),
                                                   " user_begin offsets (expected users + 1)"));
  }
  return std::make_shared<const CompiledJourney>(spec, table);
}

CompiledJourney::CompiledJourney(const JourneySpec& spec, const EventTable& table)
    : spec_(spec), table_(&table) {
  step_mask_by_event_.assign(table.event_names.size(), 0);
  exclusion_mask_by_event_.assign(table.event_names.size(), 0);
  for (size_t k = 0; k < spec.steps.size(); ++k) {
    for (const std::string& name : spec.steps[k].events) {
      const uint32_t id = table.event_names.Find(name);
      if (id != Dictionary::kNotFound) step_mask_by_event_[id] |= uint32_t{1} << k;
    }
    step_where_.push_back(BindPredicates(spec.steps[k].where, table));
    if (!spec.steps[k].where.empty()) steps_with_where_ |= uint32_t{1} << k;
  }
  for (size_t x = 0; x < spec.exclusions.size(); ++x) {
    for (const std::string& name : spec.exclusions[x].events) {
      const uint32_t id = table.event_names.Find(name);
      if (id != Dictionary::kNotFound) exclusion_mask_by_event_[id] |= uint32_t{1} << x;
    }
    exclusion_where_.push_back(BindPredicates(spec.exclusions[x].where, table));
  }
  for (const std::string& property : spec.hold_constant) {
    hold_columns_.push_back(table.FindProperty(property));
  }
  if (!spec.breakdown.property.empty()) breakdown_column_ = table.FindProperty(spec.breakdown.property);
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
