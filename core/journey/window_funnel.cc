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
      directly_follows_(spec.order == FunnelOrder::kStrict),
      strict_order_(spec.strict_order),
      strict_dedup_(spec.strict_deduplication),
      strict_increase_(spec.strict_increase),
      strict_once_(spec.strict_once),
      allow_reentry_(spec.allow_reentry) {
  for (const StepSpec& step : spec.steps) {
    optional_.push_back(step.optional ? 1 : 0);
    step_window_ms_.push_back(step.window_ms.has_value() ? *step.window_ms : -1);
    min_gap_ms_.push_back(step.min_gap_ms.has_value() ? *step.min_gap_ms : -1);
  }
  for (const ExclusionSpec& exclusion : spec.exclusions) {
    exclusion_from_.push_back(exclusion.from_step);
    exclusion_to_.push_back(exclusion.to_step);
  }
  levels_.resize(n_);
  chain_ms_.resize(static_cast<size_t>(n_) * n_);
  chain_skipped_.resize(static_cast<size_t>(n_) * n_);
  chain_rows_.resize(static_cast<size_t>(n_) * n_);
  for (const StepSpec& step : spec.steps) history_mode_ = history_mode_ || (step.min_gap_ms.value_or(0) > 0);
  history_mode_ = history_mode_ || strict_once_;
  if (history_mode_) history_.resize(n_);
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

bool WindowFunnel::TimeOk(const Level& prev, int to, int64_t ts, int64_t pos) const {
  if (ts > Deadline(prev.first_ms, window_ms_)) return false;
  if (strict_increase_ && !(prev.last_ms < ts)) return false;
  if (step_window_ms_[to] >= 0 && ts - prev.last_ms > step_window_ms_[to]) return false;
  if (min_gap_ms_[to] >= 0 && ts - prev.last_ms < min_gap_ms_[to]) return false;
  // order "strict": the very next event, or the same event matching the next step too.
  if (directly_follows_ && pos != prev.last_pos && pos != prev.last_pos + 1) return false;
  return true;
}

bool WindowFunnel::Holds(const ChainRef& chain, int level, uint32_t row) const {
  for (int k = 0; k <= level; ++k) {
    if (chain.skipped[k] == 0 && chain.rows[k] == row) return true;
  }
  return false;
}

bool WindowFunnel::FindPredecessor(int from, int to, const FunnelEntry& entry, int64_t pos, ChainRef* chain,
                                   ChainRef* fallback, bool* has_fallback) {
  *has_fallback = false;
  const int64_t ts = entry.time_ms;
  if (!history_mode_) {
    // ClickHouse: only the level's latest chain is tried.
    const size_t row = static_cast<size_t>(from) * n_;
    const Level& latest = levels_[from];
    if (latest.frozen || !TimeOk(latest, to, ts, pos)) return false;
    *chain = {&latest, &chain_ms_[row], &chain_skipped_[row], &chain_rows_[row]};
    return true;
  }
  History& h = history_[from];
  while (h.head < h.states.size() && Deadline(h.states[h.head].first_ms, window_ms_) < ts) ++h.head;
  // The newest chain whose last step leaves the gap (and, strict_increase, is earlier).
  int64_t bound = ts;
  if (min_gap_ms_[to] > 0) bound = ts - min_gap_ms_[to];
  if (strict_increase_) bound = std::min(bound, ts - 1);
  const size_t end = UpperBound(h, bound);
  for (size_t i = end; i-- > h.head;) {
    const ChainRef ref{&h.states[i], &h.ms[i * n_], &h.skipped[i * n_], &h.rows[i * n_]};
    // strict_once: a chain may not take the same event twice; only chains made at this
    // timestamp can hold it (one per step of the event), and the one before is next best.
    if (strict_once_ && Holds(ref, from, entry.row)) continue;
    if (!TimeOk(h.states[i], to, ts, pos)) return false;  // older chains are no better
    *chain = ref;
    if (strict_once_ && h.states[i].last_ms == ts) {
      // A chain made at this timestamp holds events that later entries of it may need;
      // the best chain from before it holds none, so it is extended too.
      const size_t before = UpperBound(h, ts - 1);
      if (before > h.head && TimeOk(h.states[before - 1], to, ts, pos)) {
        const size_t b = before - 1;
        *fallback = {&h.states[b], &h.ms[b * n_], &h.skipped[b * n_], &h.rows[b * n_]};
        *has_fallback = true;
      }
    }
    return true;
  }
  return false;
}

size_t WindowFunnel::UpperBound(const History& h, int64_t bound) {
  size_t lo = h.head, hi = h.states.size();  // the first chain whose last step is after bound
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (h.states[mid].last_ms <= bound) lo = mid + 1; else hi = mid;
  }
  return lo;
}

void WindowFunnel::Remember(int level) {
  if (!history_mode_) return;
  History& h = history_[level];
  const Level& state = levels_[level];
  // Chains whose window closed before this one's last event can never be extended: a
  // unit with many step events and no next step keeps one window's worth, not all.
  while (h.head < h.states.size() && Deadline(h.states[h.head].first_ms, window_ms_) < state.last_ms) ++h.head;
  if (h.head > 64 && h.head * 2 > h.states.size()) {  // drop the expired front now and then
    h.states.erase(h.states.begin(), h.states.begin() + h.head);
    h.ms.erase(h.ms.begin(), h.ms.begin() + h.head * n_);
    h.skipped.erase(h.skipped.begin(), h.skipped.begin() + h.head * n_);
    h.rows.erase(h.rows.begin(), h.rows.begin() + h.head * n_);
    h.head = 0;
  }
  // Keep (last, start) order: a chain made at the same time from an earlier chain
  // (strict_once) goes before the ones with a later start.
  size_t at = h.states.size();
  while (at > h.head && h.states[at - 1].last_ms == state.last_ms && h.states[at - 1].first_ms > state.first_ms) --at;
  const size_t row = static_cast<size_t>(level) * n_;
  h.states.insert(h.states.begin() + at, state);
  h.ms.insert(h.ms.begin() + at * n_, chain_ms_.begin() + row, chain_ms_.begin() + row + n_);
  h.skipped.insert(h.skipped.begin() + at * n_, chain_skipped_.begin() + row, chain_skipped_.begin() + row + n_);
  h.rows.insert(h.rows.begin() + at * n_, chain_rows_.begin() + row, chain_rows_.begin() + row + n_);
}

void WindowFunnel::Advance(const ChainRef& from_chain, int from, int to, const FunnelEntry& entry, int64_t pos) {
  const Level prev = *from_chain.state;
  const size_t dest = static_cast<size_t>(to) * n_;
  std::copy(from_chain.ms, from_chain.ms + from + 1, &chain_ms_[dest]);
  std::copy(from_chain.skipped, from_chain.skipped + from + 1, &chain_skipped_[dest]);
  if (strict_once_) std::copy(from_chain.rows, from_chain.rows + from + 1, &chain_rows_[dest]);  // only it reads rows
  Level& level = levels_[to];
  level.set = true;
  level.frozen = false;
  level.first_ms = prev.first_ms;
  level.last_ms = entry.time_ms;
  level.last_pos = pos;
  for (int k = from + 1; k < to; ++k) {  // optional steps bypassed by this event
    chain_ms_[dest + k] = entry.time_ms;
    chain_skipped_[dest + k] = 1;
  }
  chain_ms_[dest + to] = entry.time_ms;
  chain_skipped_[dest + to] = 0;
  if (strict_once_) chain_rows_[dest + to] = entry.row;
  Remember(to);
}

// Whether the chain at step k could still take a next step after the data ends: some
// step reachable from k (the next one, or past it across optional steps) still has
// time left in both the funnel window and its own step window. Under order "strict" the
// chain's event must also be the unit's last one (any later event has broken it).
bool WindowFunnel::CouldAdvanceAfter(int k, int64_t data_end_ms, int64_t last_pos) const {
  const Level& level = levels_[k];
  if (directly_follows_ && level.last_pos != last_pos) return false;
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
  for (History& h : history_) h.Clear();
  bool started = false;
  bool ended_by_mode = false;  // strict_order / strict_deduplication stopped the search
  bool completed = false;
  const uint32_t n = static_cast<uint32_t>(n_);
  // An event's position among the unit's sorted events (its entries share one when
  // adjacent), for order "strict".
  int64_t pos = -1;
  uint32_t previous_row = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const FunnelEntry& entry = entries[i];
    const int64_t ts = entry.time_ms;
    if (i == 0 || entry.row != previous_row) ++pos;
    previous_row = entry.row;
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
        if (history_mode_) history_[k].head = history_[k].states.size();  // every chain there ends too
      }
      continue;
    }
    const int k = static_cast<int>(entry.level) - 1;
    if (k == 0) {
      levels_[0] = Level{true, false, ts, ts, pos};
      chain_ms_[0] = ts;
      chain_skipped_[0] = 0;
      chain_rows_[0] = entry.row;
      Remember(0);
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
    ChainRef from_chain{}, fallback{};
    bool has_fallback = false;
    for (int j = k - 1; j >= 0; --j) {
      if (levels_[j].set) {
        predecessor_reached = true;
        if (FindPredecessor(j, k, entry, pos, &from_chain, &fallback, &has_fallback)) {
          from = j;
          break;
        }
      }
      if (!optional_[j]) break;
    }
    if (strict_order_ && started && !predecessor_reached) {
      if (allow_reentry_) continue;  // ClickHouse: the early step is ignored
      ended_by_mode = true;
      break;
    }
    if (from >= 0) {
      if (has_fallback) Advance(fallback, from, k, entry, pos);  // first: the latest is the better one
      Advance(from_chain, from, k, entry, pos);
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
      if (levels_[k].set && !levels_[k].frozen && CouldAdvanceAfter(k, data_end_ms, pos)) {
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
