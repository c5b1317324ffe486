// FrictionUnitBuilder: every detector over one unit's rows, then each signal placed on
// the stage the unit was working towards when it happened.

#include <algorithm>
#include <cmath>

#include "core/friction/after_order_detectors.h"
#include "core/friction/click_detectors.h"
#include "core/friction/error_detector.h"
#include "core/friction/friction_state.h"
#include "core/friction/navigation_detectors.h"

namespace fl {

namespace {

// Did the after-order outcome happen (the unit reached the order at order_ms)?
bool OutcomeHappened(const FrictionContext& ctx, uint32_t begin, uint32_t end, int64_t order_ms) {
  const EventTable& t = *ctx.table;
  const AfterOrderSettings& after = ctx.settings->after_order;
  for (uint32_t row = begin; row < end; ++row) {
    if (after.outcome_event.empty()) {
      // Ordering again: an order-step event strictly later than the order itself.
      if (t.time_ms[row] > order_ms && ctx.steps.Matches(ctx.order_step, row)) return true;
      continue;
    }
    if (!ctx.Has(row, kFlagOutcome) || t.time_ms[row] < order_ms) continue;
    if (after.outcome_property.empty()) return true;
    if (ctx.outcome_column < 0) continue;
    const double v = ctx.outcome_number[ctx.ValueId(ctx.outcome_column, row)];
    if (!std::isnan(v) && v >= after.outcome_min) return true;
  }
  return false;
}

}  // namespace

FrictionUnitBuilder::FrictionUnitBuilder(const FrictionContext& ctx, FrictionState* state)
    : ctx_(ctx),
      state_(state),
      first_run_(state->runs_.size()),
      run_(first_run_),
      pair_ids_(ctx.segment_columns.size()) {
  state->runs_.emplace_back();
  for (size_t i = 0; i < ctx.segment_columns.size(); ++i) {
    pair_ids_[i].assign(ctx.table->properties[ctx.segment_columns[i]].values.size(),
                        Dictionary::kNotFound);
  }
}

void FrictionUnitBuilder::Add(const UnitOutcome& outcome) {
  unit_.Clear();
  Build(outcome, &unit_);
  if (!state_->runs_[run_].Append(unit_)) {  // full: go on in a new run
    run_ = state_->runs_.size();
    state_->runs_.emplace_back().Append(unit_);
  }
}

void FrictionUnitBuilder::Reserve(size_t units) {
  UnitRun& run = state_->runs_[run_];
  run.Reserve(run.size() + units);
}

void FrictionUnitBuilder::Finish() {
  for (size_t r = first_run_; r < state_->runs_.size(); ++r) state_->runs_[r].SortByUser();
}

// When the unit had reached each step, as far as it ever got by then: steps matched in
// journey order by the earliest events (an optional step may be skipped; one event may
// advance through several steps), capped at the funnel's level. Not the funnel's own
// chain: ClickHouse's search restarts at every new first-step event, so an eventual
// buyer's earlier visits would sit "before the first step" while a non-buyer's same
// visits sit at later steps, and signals would be compared at unequal stages.
// Any-order journeys keep the funnel's times (sorted), as no order defines progress.
void FrictionUnitBuilder::ReachedTimes(const UnitOutcome& outcome, int cap) {
  std::vector<int64_t>& reached = reached_;
  reached.clear();
  if (ctx_.spec->order == FunnelOrder::kAny) {
    reached.assign(outcome.step_time_ms.begin(), outcome.step_time_ms.begin() + cap);
    std::sort(reached.begin(), reached.end());
    return;
  }
  const EventTable& t = *ctx_.table;
  for (uint32_t row = outcome.first_row; row < outcome.end_row && static_cast<int>(reached.size()) < cap;
       ++row) {
    size_t j = reached.size();
    size_t skipped = 0;  // optional steps passed over while looking for a match
    while (j < static_cast<size_t>(cap)) {
      if (ctx_.steps.Matches(j, row)) {
        reached.insert(reached.end(), skipped + 1, t.time_ms[row]);
        skipped = 0;
        ++j;
      } else if (ctx_.spec->steps[j].optional) {
        ++skipped;
        ++j;
      } else {
        break;
      }
    }
  }
}

// Robustness: for each rage and dead click hit, which vendor presets' rules find the same
// signal at the same stage and target (bit i of Hit::presets). Pre-labelled events are
// left out of the presets' runs: no rule re-decides a vendor's own label.
void FrictionUnitBuilder::MarkPresets(uint32_t begin, uint32_t end, const std::vector<SignalHit>& hits,
                                      FrictionUnit* unit) {
  bool any = false;
  for (const SignalHit& hit : hits) any |= hit.kind == SignalKind::kRageClick || hit.kind == SignalKind::kDeadClick;
  if (!any) return;
  auto mark = [&](SignalKind kind, int bit) {
    for (const SignalHit& found : preset_hits_) {
      const uint8_t stage = static_cast<uint8_t>(StageAt(reached_, found.time_ms));
      for (size_t i = 0; i < hits.size(); ++i) {
        FrictionUnit::Hit& h = unit->hits[i];
        if (h.kind == kind && h.stage == stage && hits[i].target == found.target) h.presets |= 1 << bit;
      }
    }
  };
  for (size_t p = 0; p < ctx_.rage_presets.size(); ++p) {
    preset_hits_.clear();
    DetectRageClicksWith(ctx_, ctx_.rage_presets[p], false, begin, end, &preset_hits_);
    mark(SignalKind::kRageClick, static_cast<int>(p));
  }
  for (size_t p = 0; p < ctx_.dead_presets.size(); ++p) {
    preset_hits_.clear();
    DetectDeadClicksWith(ctx_, ctx_.dead_presets[p], false, begin, end, &preset_hits_);
    mark(SignalKind::kDeadClick, static_cast<int>(p));
  }
}

void FrictionUnitBuilder::Build(const UnitOutcome& outcome, FrictionUnit* out) {
  const FrictionContext& ctx = ctx_;
  const EventTable& t = *ctx.table;
  const uint32_t begin = outcome.first_row, end = outcome.end_row;
  const int after_order = ctx.after_order_stage();
  FrictionUnit& unit = *out;
  unit.user = t.users.Value(outcome.user);  // copied by UnitRun::Append
  unit.level = std::min(outcome.level, after_order);
  ReachedTimes(outcome, unit.level);
  const std::vector<int64_t>& reached = reached_;
  unit.in_progress = outcome.window_open_at_end && unit.level < after_order;
  if (begin >= end) return;
  if (unit.level >= after_order) {
    const int64_t order_ms = static_cast<int>(reached.size()) >= after_order
                                 ? reached[after_order - 1]
                                 : outcome.step_time_ms[after_order - 1];
    unit.outcome = OutcomeHappened(ctx, begin, end, order_ms);
  }

  std::vector<SignalHit>& hits = hits_;
  hits.clear();
  DetectRageClicks(ctx, begin, end, &hits, &state_->rage_filtered_);
  DetectDeadClicks(ctx, begin, end, &hits);
  DetectErrors(ctx, begin, end, &hits);
  DetectQuickBacks(ctx, begin, end, &hits);
  DetectLoops(ctx, begin, end, reached, &hits);
  DetectAfterOrder(ctx, begin, end, &hits);

  // Sessions are numbered in (user, time) order, so a unit's own sessions are the
  // global ones minus its first.
  const uint32_t first_session = t.session[begin];
  auto own_session = [&](uint32_t row) { return t.session[row] - first_session; };
  for (const SignalHit& hit : hits) {
    unit.hits.push_back({static_cast<uint8_t>(StageAt(reached, hit.time_ms)), hit.kind,
                         own_session(hit.row), state_->targets_.Intern(hit.target)});
  }
  MarkPresets(begin, end, hits, &unit);

  unit.session_stage.assign(own_session(end - 1) + 1, 0);
  for (uint32_t row = begin; row < end; ++row) {
    unit.session_stage[own_session(row)] = static_cast<uint8_t>(StageAt(reached, t.time_ms[row]));
  }

  if (ctx.settings->slow_step.enabled) {
    const int known = static_cast<int>(reached.size());
    for (int s = 1; s < after_order && s <= known; ++s) {
      FrictionUnit::StageTime st;
      st.stage = static_cast<uint8_t>(s);
      uint32_t row;
      if (known > s) {
        st.reached = true;
        st.duration_ms = reached[s] - reached[s - 1];
        // The last row at the moment step s was reached.
        row = static_cast<uint32_t>(
            std::upper_bound(t.time_ms.begin() + begin, t.time_ms.begin() + end, reached[s]) -
            t.time_ms.begin() - 1);
      } else {
        row = end - 1;
        st.duration_ms = std::max<int64_t>(0, t.time_ms[row] - reached[s - 1]);
      }
      st.session = own_session(row);
      unit.stage_times.push_back(st);
    }
  }

  for (size_t i = 0; i < ctx.segment_columns.size(); ++i) {
    const PropertyColumn& c = t.properties[ctx.segment_columns[i]];
    for (uint32_t row = begin; row < end; ++row) {
      const uint32_t value = c.ids[row];
      if (value == 0) continue;
      bool two_variants = false;
      if (ctx.segment_columns[i] == ctx.variant_column) {
        for (uint32_t later = row + 1; later < end && !two_variants; ++later) {
          two_variants = c.ids[later] != 0 && c.ids[later] != value;
        }
      }
      // The stage the unit was at when the value first showed (segments_from_past).
      const uint8_t stage = static_cast<uint8_t>(StageAt(reached, t.time_ms[row]));
      if (two_variants) {
        // Two variants on one person: the experiment leaves them out, and so does the
        // count per variant.
        segment_scratch_.push_back({state_->segments_.Intern(c.name, kMixedVariant), stage});
        break;
      }
      uint32_t& pair = pair_ids_[i][value];
      if (pair == Dictionary::kNotFound) pair = state_->segments_.Intern(c.name, c.values.Value(value));
      segment_scratch_.push_back({pair, stage});
      break;
    }
  }
  std::sort(segment_scratch_.begin(), segment_scratch_.end());
  for (const auto& [pair, stage] : segment_scratch_) {
    unit.segments.push_back(pair);
    unit.segment_stages.push_back(stage);
  }
  segment_scratch_.clear();

  if (ctx.value_column >= 0) {
    for (uint32_t row = begin; row < end; ++row) {
      if (!ctx.steps.Matches(ctx.order_step, row)) continue;
      const double v = ctx.value_number[ctx.ValueId(ctx.value_column, row)];
      if (std::isnan(v)) continue;
      unit.order_value_micros += static_cast<int64_t>(std::llround(v * 1e6));
      ++unit.order_value_count;
    }
  }
}

}  // namespace fl
