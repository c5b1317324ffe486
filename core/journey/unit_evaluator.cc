#include "core/journey/unit_evaluator.h"

#include <algorithm>
#include <utility>

namespace fl {

UnitEvaluator::UnitEvaluator(const CompiledJourney& journey)
    : journey_(journey), funnel_(journey.spec()) {}

void UnitEvaluator::PrepareUser(uint32_t user) {
  const EventTable& table = journey_.table();
  const uint32_t begin = table.user_begin[user];
  const uint32_t end = table.user_begin[user + 1];
  user_begin_ = begin;
  const size_t rows = end - begin;
  step_masks_.resize(rows);
  exclusion_masks_.resize(rows);
  for (uint32_t row = begin; row < end; ++row) {
    step_masks_[row - begin] = journey_.StepMask(row);
    exclusion_masks_[row - begin] = journey_.ExclusionMask(row);
  }
  if (journey_.holds_constant()) {
    held_.resize(rows);
    has_held_.resize(rows);
    for (uint32_t row = begin; row < end; ++row) {
      has_held_[row - begin] = journey_.HeldValuesAt(row, &held_[row - begin]) ? 1 : 0;
    }
  }
}

void UnitEvaluator::EvaluateRows(uint32_t user, uint32_t begin, uint32_t end, int64_t data_end_ms,
                                 const std::function<void(const UnitOutcome&)>& sink) {
  PrepareUser(user);
  EvaluateUnit(user, begin, end, data_end_ms, sink);
}

void UnitEvaluator::EvaluateUser(uint32_t user, int64_t data_end_ms,
                                 const std::function<void(const UnitOutcome&)>& sink) {
  const EventTable& table = journey_.table();
  const uint32_t begin = table.user_begin[user];
  const uint32_t end = table.user_begin[user + 1];
  PrepareUser(user);
  switch (journey_.spec().unit) {
    case CountingUnit::kUsers:
      EvaluateUnit(user, begin, end, data_end_ms, sink);
      break;
    case CountingUnit::kSessions: {
      uint32_t start = begin;
      for (uint32_t row = begin + 1; row <= end; ++row) {
        if (row == end || table.session[row] != table.session[start]) {
          EvaluateUnit(user, start, row, data_end_ms, sink);
          start = row;
        }
      }
      break;
    }
    case CountingUnit::kAttempts: {
      uint32_t start = end;  // no attempt open yet
      for (uint32_t row = begin; row <= end; ++row) {
        const bool starts = row < end && (step_masks_[row - begin] & 1u) != 0;
        if (row == end || starts) {
          if (start < row) EvaluateUnit(user, start, row, data_end_ms, sink);
          start = row;
        }
      }
      break;
    }
  }
}

void UnitEvaluator::BuildEntries(uint32_t begin, uint32_t end,
                                 const CompiledJourney::HeldValues* tuple) {
  const EventTable& table = journey_.table();
  const JourneySpec& spec = journey_.spec();
  const uint32_t n = static_cast<uint32_t>(spec.steps.size());
  // The rules that care about events matching no step see them as level 0.
  const bool strict = spec.strict_order || spec.order == FunnelOrder::kStrict;
  entries_.clear();
  for (uint32_t row = begin; row < end; ++row) {
    const size_t i = row - user_begin_;
    const int64_t time = table.time_ms[row];
    uint32_t mask = step_masks_[i];
    if (tuple != nullptr && mask != 0 && (has_held_[i] == 0 || held_[i] != *tuple)) mask = 0;
    if (mask != 0) {
      for (uint32_t rest = mask; rest != 0; rest &= rest - 1) {
        entries_.push_back({time, row, static_cast<uint32_t>(__builtin_ctz(rest)) + 1});
      }
    } else if (strict) {
      entries_.push_back({time, row, 0});
    }
    for (uint32_t rest = exclusion_masks_[i]; rest != 0; rest &= rest - 1) {
      entries_.push_back({time, row, n + 1 + static_cast<uint32_t>(__builtin_ctz(rest))});
    }
  }
  SortFunnelEntries(&entries_);
}

bool UnitEvaluator::TupleTextLess(const CompiledJourney::HeldValues& a,
                                  const CompiledJourney::HeldValues& b) const {
  const EventTable& table = journey_.table();
  const std::vector<std::string>& held = journey_.spec().hold_constant;
  for (size_t i = 0; i < held.size(); ++i) {
    const Dictionary& values = table.properties[table.FindProperty(held[i])].values;
    const std::string& va = values.Value(a[i]);
    const std::string& vb = values.Value(b[i]);
    if (va != vb) return va < vb;
  }
  return false;
}

void UnitEvaluator::EvaluateUnit(uint32_t user, uint32_t begin, uint32_t end, int64_t data_end_ms,
                                 const std::function<void(const UnitOutcome&)>& sink) {
  outcome_.user = user;
  outcome_.first_row = begin;
  outcome_.end_row = end;
  outcome_.first_step_row = UnitOutcome::kNoRow;
  outcome_.last_step_row = UnitOutcome::kNoRow;
  for (uint32_t row = begin; row < end; ++row) {
    if (step_masks_[row - user_begin_] == 0) continue;
    if (outcome_.first_step_row == UnitOutcome::kNoRow) outcome_.first_step_row = row;
    outcome_.last_step_row = row;
  }
  const ChainOutcome* result = &chain_;
  if (!journey_.holds_constant()) {
    BuildEntries(begin, end, nullptr);
    funnel_.Evaluate(entries_, data_end_ms, &chain_);
  } else {
    tuples_.clear();
    for (uint32_t row = begin; row < end; ++row) {
      const size_t i = row - user_begin_;
      if (step_masks_[i] != 0 && has_held_[i] != 0) tuples_.push_back(held_[i]);
    }
    std::sort(tuples_.begin(), tuples_.end());
    tuples_.erase(std::unique(tuples_.begin(), tuples_.end()), tuples_.end());
    best_chain_ = ChainOutcome();
    size_t best_tuple = 0;
    bool any_open = false;
    for (size_t t = 0; t < tuples_.size(); ++t) {
      BuildEntries(begin, end, &tuples_[t]);
      funnel_.Evaluate(entries_, data_end_ms, &chain_);
      any_open = any_open || chain_.window_open_at_end;
      const bool better =
          t == 0 || chain_.level > best_chain_.level ||
          (chain_.level == best_chain_.level &&
           (chain_.start_ms < best_chain_.start_ms ||
            (chain_.start_ms == best_chain_.start_ms && TupleTextLess(tuples_[t], tuples_[best_tuple]))));
      if (better) {
        std::swap(best_chain_, chain_);
        best_tuple = t;
      }
    }
    // Another tuple's open window may still overtake the deepest run: in progress.
    best_chain_.window_open_at_end = best_chain_.level < funnel_.step_count() && any_open;
    result = &best_chain_;
  }
  outcome_.level = result->level;
  outcome_.step_time_ms.assign(result->step_time_ms.begin(), result->step_time_ms.end());
  outcome_.step_skipped.assign(result->step_skipped.begin(), result->step_skipped.end());
  outcome_.start_ms = result->start_ms;
  outcome_.window_open_at_end = result->window_open_at_end;
  sink(outcome_);
}

}  // namespace fl
