#include "core/friction/click_detectors.h"

#include <cmath>
#include <vector>

namespace fl {

namespace {

// Does `next` continue the burst whose newest click is `prev`?
bool Continues(const FrictionContext& ctx, const RageClickSettings& rage, uint32_t prev, uint32_t next) {
  const EventTable& t = *ctx.table;
  if (rage.max_gap_ms > 0 && t.time_ms[next] - t.time_ms[prev] >= rage.max_gap_ms) return false;
  const bool same_target = ctx.ValueId(ctx.target_column, prev) == ctx.ValueId(ctx.target_column, next);
  if (rage.same_target && !same_target) return false;
  if (rage.max_distance_px > 0) {
    double x0 = NAN, y0 = NAN, x1 = NAN, y1 = NAN;
    if (ctx.x_column >= 0 && ctx.y_column >= 0) {
      x0 = ctx.x_number[ctx.ValueId(ctx.x_column, prev)];
      y0 = ctx.y_number[ctx.ValueId(ctx.y_column, prev)];
      x1 = ctx.x_number[ctx.ValueId(ctx.x_column, next)];
      y1 = ctx.y_number[ctx.ValueId(ctx.y_column, next)];
    }
    if (std::isnan(x0) || std::isnan(y0) || std::isnan(x1) || std::isnan(y1)) {
      // No coordinates to measure: fall back to "the same element".
      return same_target;
    }
    const double dx = std::fabs(x1 - x0), dy = std::fabs(y1 - y0);
    const double distance = rage.euclidean ? std::sqrt(dx * dx + dy * dy) : dx + dy;
    if (distance >= rage.max_distance_px) return false;
  }
  return true;
}

enum class Meant { kNo, kIgnoredTarget, kAnswered, kTextSelection };

// Is there an event with `flag` after the click at `click`, before the next click and at
// most `within` ms after it (rows up to `end`)?
bool FollowedBy(const FrictionContext& ctx, uint32_t click, uint32_t end, EventFlag flag, int64_t within) {
  const EventTable& t = *ctx.table;
  for (uint32_t r = click + 1; r < end; ++r) {
    if (t.time_ms[r] - t.time_ms[click] > within || ctx.Has(r, kFlagClick)) return false;
    if (ctx.Has(r, flag)) return true;
  }
  return false;
}

// Whether the burst burst[head..] (its newest click is the last) was meant.
Meant ClickMeant(const FrictionContext& ctx, const RageClickSettings& rage, const std::vector<uint32_t>& burst,
                 size_t head, uint32_t end) {
  const uint32_t last = burst.back();
  if (!ctx.rage_ignored_target.empty() && ctx.rage_ignored_target[ctx.ValueId(ctx.target_column, last)]) {
    return Meant::kIgnoredTarget;
  }
  if (rage.answered_within_ms > 0) {
    bool all = true;
    for (size_t i = head; i < burst.size() && all; ++i) {
      all = FollowedBy(ctx, burst[i], end, kFlagAnswer, rage.answered_within_ms);
    }
    if (all) return Meant::kAnswered;
  }
  if (burst.size() - head <= 3 && FollowedBy(ctx, last, end, kFlagSelection, rage.selection_within_ms)) {
    return Meant::kTextSelection;
  }
  return Meant::kNo;
}

}  // namespace

void DetectRageClicks(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits, RageFilterCounts* filtered) {
  DetectRageClicksWith(ctx, ctx.settings->rage_click, true, begin, end, hits, filtered);
}

void DetectRageClicksWith(const FrictionContext& ctx, const RageClickSettings& rage, bool labels, uint32_t begin,
                          uint32_t end, std::vector<SignalHit>* hits, RageFilterCounts* filtered) {
  const EventTable& t = *ctx.table;
  // The burst's rows are burst[head..]: a vector with a moving front, as a std::deque
  // allocates even when empty (once per unit).
  std::vector<uint32_t> burst;
  size_t head = 0;
  // The click that completed the current burst's rage click; the burst is not counted
  // again while that click is still in it.
  bool fired = false;
  uint32_t fired_row = 0;
  // How the current burst was dropped as meant and counted (kNo: not dropped); a burst
  // that fires after all is taken back out of that count.
  Meant counted = Meant::kNo;
  for (uint32_t row = begin; row < end; ++row) {
    if (labels && ctx.Has(row, kFlagRageLabel)) {
      hits->push_back({SignalKind::kRageClick, t.time_ms[row], row, ctx.Value(ctx.target_column, row)});
    }
    if (!rage.enabled || !ctx.Has(row, kFlagClick)) continue;
    if (head < burst.size() && !Continues(ctx, rage, burst.back(), row)) {
      burst.clear();
      head = 0;
      counted = Meant::kNo;
    }
    if (rage.window_ms > 0) {
      while (head < burst.size() && t.time_ms[row] - t.time_ms[burst[head]] >= rage.window_ms) {
        ++head;
      }
    }
    if (head == burst.size()) {
      burst.clear();
      head = 0;
      counted = Meant::kNo;
    }
    if (head == burst.size() || burst[head] > fired_row) fired = false;
    burst.push_back(row);
    if (!fired && static_cast<int>(burst.size() - head) >= rage.clicks) {
      const Meant meant = ClickMeant(ctx, rage, burst, head, end);
      auto counter = [&](Meant m) -> int64_t& {
        return m == Meant::kAnswered        ? filtered->answered
               : m == Meant::kTextSelection ? filtered->text_selection
                                            : filtered->ignored_target;
      };
      if (meant != Meant::kNo) {
        if (counted == Meant::kNo) {  // count a burst once, however long it grows
          counted = meant;
          if (filtered != nullptr) ++counter(meant);
        }
        continue;
      }
      if (counted != Meant::kNo && filtered != nullptr) --counter(counted);
      counted = Meant::kNo;
      fired = true;
      fired_row = row;
      hits->push_back({SignalKind::kRageClick, t.time_ms[row], row, ctx.Value(ctx.target_column, row)});
    }
  }
}

void DetectDeadClicks(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits) {
  DetectDeadClicksWith(ctx, ctx.settings->dead_click, true, begin, end, hits);
}

void DetectDeadClicksWith(const FrictionContext& ctx, const DeadClickSettings& dead, bool labels, uint32_t begin,
                          uint32_t end, std::vector<SignalHit>* hits) {
  const EventTable& t = *ctx.table;
  for (uint32_t row = begin; row < end; ++row) {
    if (labels && ctx.Has(row, kFlagDeadLabel)) {
      hits->push_back({SignalKind::kDeadClick, t.time_ms[row], row, ctx.Value(ctx.target_column, row)});
    }
    if (!dead.enabled || !ctx.Has(row, kFlagClick)) continue;
    const int64_t deadline = t.time_ms[row] + dead.timeout_ms;
    const uint32_t page = ctx.ValueId(ctx.page_column, row);
    bool responded = false;
    bool went_on = false;
    for (uint32_t next = row + 1; next < end && t.session[next] == t.session[row]; ++next) {
      went_on = true;
      if (t.time_ms[next] > deadline) break;
      if (ctx.Has(next, kFlagResponse) ||
          (!ctx.any_response_is_non_click && ctx.page_column >= 0 &&
           ctx.ValueId(ctx.page_column, next) != 0 && ctx.ValueId(ctx.page_column, next) != page)) {
        responded = true;
        break;
      }
    }
    if (went_on && !responded) {
      hits->push_back({SignalKind::kDeadClick, t.time_ms[row], row, ctx.Value(ctx.target_column, row)});
    }
  }
}

}  // namespace fl
