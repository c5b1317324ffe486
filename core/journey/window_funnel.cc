#include "core/journey/window_funnel.h"

#include <algorithm>
#include <limits>

namespace fl {
namespace {

bool EntryLess(const FunnelEntry& a, const FunnelEntry& b) {
  if (a.time_ms != b.time_ms) return a.time_ms < b.time_ms;
  if (a.level != b.level) return a.level < b.level;
  return a.row < b.row;
}

constexpr int64_t kNever = std::numeric_limits<int64_t>::min();

// time + window without overflow: ClickHouse tests use windows of 6e15 seconds.
int64_t Deadline(int64_t time_ms, int64_t window_ms) {
  return time_ms > std::numeric_limits<int64_t>::max() - window_ms ? std::numeric_limits<int64_t>::max()
                                                                   : time_ms + window_ms;
}

}  // namespace

void SortFunnelEntries(std::vector<FunnelEntry>* entries) {
  std::vector<FunnelEntry>& e = *entries;
  for (size_t i = 1; i < e.size(); ++i) {
    if (!EntryLess(e[i], e[i - 1])) continue;
    const FunnelEntry moving = e[i];
    size_t j = i;
    while (j > 0 && EntryLess(moving, e[j - 1])) {
      e[j] = e[j - 1];
      --j;
    }
    e[j] = moving;
  }
}

WindowFunnel::WindowFunnel(const JourneySpec& spec)
    : n_(static_cast<int>(spec.steps.size())),
      window_ms_(spec.window_ms),
      any_order_(spec.order == FunnelOrder::kAny),
      strict_order_(spec.strict_order),
      strict_dedup_(spec.strict_deduplication),
      strict_increase_(spec.strict_increase) {
  for (const StepSpec& step : spec.steps) {
    optional_.push_back(step.optional ? 1 : 0);
    step_window_ms_.push_back(step.window_ms.has_value() ? *step.window_ms : -1);
  }
  for (const ExclusionSpec& exclusion : spec.exclusions) {
    exclusion_from_.push_back(exclusion.from_step);
    exclusion_to_.push_back(exclusion.to_step);
  }
  levels_.resize(n_);
  chain_ms_.resize(static_cast<size_t>(n_) * n_);
  chain_skipped_.resize(static_cast<size_t>(n_) * n_);
  any_counts_.resize(n_);
  any_first_ms_.resize(n_);
}

void WindowFunnel::Evaluate(const std::vector<FunnelEntry>& entries, int64_t data_end_ms,
                            ChainOutcome* out) {
  if (any_order_) {
    EvaluateAnyOrder(entries, data_end_ms, out);
  } else {
    EvaluateOrdered(entries, data_end_ms, out);
  }
}

bool WindowFunnel::TimeOk(int from, int to, int64_t ts) const {
  const Level& prev = levels_[from];
  if (ts > Deadline(prev.first_ms, window_ms_)) return false;
  if (strict_increase_ && !(prev.last_ms < ts)) return false;
  if (step_window_ms_[to] >= 0 && ts - prev.last_ms > step_window_ms_[to]) return false;
  return true;
}

void WindowFunnel::Advance(int from, int to, int64_t ts) {
  Level& level = levels_[to];
  level.set = true;
  level.frozen = false;
  level.first_ms = levels_[from].first_ms;
  level.last_ms = ts;
  int64_t* chain = &chain_ms_[static_cast<size_t>(to) * n_];
  uint8_t* skipped = &chain_skipped_[static_cast<size_t>(to) * n_];
  const int64_t* prev_chain = &chain_ms_[static_cast<size_t>(from) * n_];
  const uint8_t* prev_skipped = &chain_skipped_[static_cast<size_t>(from) * n_];
  std::copy(prev_chain, prev_chain + from + 1, chain);
  std::copy(prev_skipped, prev_skipped + from + 1, skipped);
  for (int k = from + 1; k < to; ++k) {  // optional steps bypassed by this event
    chain[k] = ts;
    skipped[k] = 1;
  }
  chain[to] = ts;
  skipped[to] = 0;
}

// Whether the chain at step k could still take a next step after the data ends: some
// step reachable from k (the next one, or past it across optional steps) still has
// time left in both the funnel window and its own step window.
bool WindowFunnel::CouldAdvanceAfter(int k, int64_t data_end_ms) const {
  const Level& level = levels_[k];
  for (int m = k + 1; m < n_; ++m) {
    int64_t deadline = Deadline(level.first_ms, window_ms_);
    if (step_window_ms_[m] >= 0) deadline = std::min(deadline, Deadline(level.last_ms, step_window_ms_[m]));
    if (deadline > data_end_ms) return true;
    if (!optional_[m]) break;
  }
  return false;
}

void WindowFunnel::EvaluateOrdered(const std::vector<FunnelEntry>& entries, int64_t data_end_ms,
                                   ChainOutcome* out) {
  for (Level& level : levels_) level = Level();
  bool started = false;
  bool ended_by_mode = false;  // strict_order / strict_deduplication stopped the search
  bool completed = false;
  const uint32_t n = static_cast<uint32_t>(n_);
  for (const FunnelEntry& entry : entries) {
    const int64_t ts = entry.time_ms;
    if (entry.level == 0) {
      if (started && strict_order_) {
        ended_by_mode = true;
        break;
      }
      continue;
    }
    if (entry.level > n) {
      const int x = static_cast<int>(entry.level - n - 1);
      for (int k = exclusion_from_[x]; k < exclusion_to_[x]; ++k) {
        if (levels_[k].set) levels_[k].frozen = true;
      }
      continue;
    }
    const int k = static_cast<int>(entry.level) - 1;
    if (k == 0) {
      levels_[0] = Level{true, false, ts, ts};
      chain_ms_[0] = ts;
      chain_skipped_[0] = 0;
      started = true;
      if (n_ == 1) {
        completed = true;
        break;
      }
      continue;
    }
    if (strict_dedup_ && levels_[k].set) {
      ended_by_mode = true;
      break;
    }
    bool predecessor_reached = false;
    int from = -1;
    for (int j = k - 1; j >= 0; --j) {
      if (levels_[j].set) {
        predecessor_reached = true;
        if (!levels_[j].frozen && TimeOk(j, k, ts)) {
          from = j;
          break;
        }
      }
      if (!optional_[j]) break;
    }
    if (strict_order_ && started && !predecessor_reached) {
      ended_by_mode = true;
      break;
    }
    if (from >= 0) {
      Advance(from, k, ts);
      if (k == n_ - 1) {
        completed = true;
        break;
      }
    }
  }
  int deepest = -1;
  for (int k = n_ - 1; k >= 0; --k) {
    if (levels_[k].set) {
      deepest = k;
      break;
    }
  }
  out->level = deepest + 1;
  out->step_time_ms.assign(chain_ms_.begin() + static_cast<size_t>(std::max(deepest, 0)) * n_,
                           chain_ms_.begin() + static_cast<size_t>(std::max(deepest, 0)) * n_ + out->level);
  out->step_skipped.assign(
      chain_skipped_.begin() + static_cast<size_t>(std::max(deepest, 0)) * n_,
      chain_skipped_.begin() + static_cast<size_t>(std::max(deepest, 0)) * n_ + out->level);
  out->start_ms = out->level > 0 ? out->step_time_ms[0] : 0;
  out->window_open_at_end = false;
  if (!completed && !ended_by_mode && out->level > 0) {
    for (int k = 0; k < n_ - 1 && !out->window_open_at_end; ++k) {
      if (levels_[k].set && !levels_[k].frozen && CouldAdvanceAfter(k, data_end_ms)) {
        out->window_open_at_end = true;
      }
    }
  }
}

void WindowFunnel::EvaluateAnyOrder(const std::vector<FunnelEntry>& entries, int64_t data_end_ms,
                                    ChainOutcome* out) {
  std::fill(any_counts_.begin(), any_counts_.end(), 0);
  int distinct = 0, best = 0;
  size_t best_left = 0, best_right = 0, left = 0;
  const uint32_t n = static_cast<uint32_t>(n_);
  int64_t last_step_ms = kNever;
  for (size_t right = 0; right < entries.size(); ++right) {
    const FunnelEntry& entry = entries[right];
    if (entry.level == 0 || entry.level > n) continue;
    last_step_ms = entry.time_ms;
    if (any_counts_[entry.level - 1]++ == 0) ++distinct;
    while (entry.time_ms - entries[left].time_ms > window_ms_) {
      const FunnelEntry& leaving = entries[left++];
      if (leaving.level == 0 || leaving.level > n) continue;
      if (--any_counts_[leaving.level - 1] == 0) --distinct;
    }
    if (distinct > best) {
      best = distinct;
      best_left = left;
      best_right = right;
      if (best == n_) break;
    }
  }
  out->level = best;
  out->step_time_ms.clear();
  out->step_skipped.assign(best, 0);
  if (best > 0) {
    std::fill(any_first_ms_.begin(), any_first_ms_.end(), kNever);
    for (size_t i = best_left; i <= best_right; ++i) {
      const FunnelEntry& entry = entries[i];
      if (entry.level == 0 || entry.level > n) continue;
      if (any_first_ms_[entry.level - 1] == kNever) {
        any_first_ms_[entry.level - 1] = entry.time_ms;
        out->step_time_ms.push_back(entry.time_ms);  // entries are in time order
      }
    }
  }
  out->start_ms = best > 0 ? out->step_time_ms[0] : 0;
  out->window_open_at_end =
      best > 0 && best < n_ && last_step_ms != kNever && Deadline(last_step_ms, window_ms_) > data_end_ms;
}

}  // namespace fl
