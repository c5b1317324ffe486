#include "core/session/unit_explanation.h"

#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/display_text.h"
#include "core/journey/compiled_journey.h"
#include "core/journey/unit_evaluator.h"
#include "core/time_format.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;
constexpr uint32_t kNoRow = UINT32_MAX;

int64_t Deadline(int64_t start, int64_t window) {
  return window > 0 && start <= std::numeric_limits<int64_t>::max() - window ? start + window
                                                                              : std::numeric_limits<int64_t>::max();
}

struct Explained {
  std::string outcome, reason;
};

// Why `unit` stopped at its level; `chain_rows` are the rows of its real (not skipped)
// steps, kNoRow for skipped ones.
Explained Why(const CompiledJourney& journey, const UnitOutcome& unit, const std::vector<uint32_t>& chain_rows,
              int64_t data_end) {
  const JourneySpec& spec = journey.spec();
  const EventTable& t = journey.table();
  const size_t n = spec.steps.size();
  auto name = [&](uint32_t row) { return t.event_names.Value(t.event[row]); };
  if (unit.level == 0) {
    return {"not_entered", absl::StrCat("never entered: no ", spec.steps[0].name, " event in this unit")};
  }
  if (static_cast<size_t>(unit.level) == n) {
    return {"converted", absl::StrCat("converted: reached every step, the last (", spec.steps[n - 1].name, ") at ",
                                      FormatIsoUtc(unit.step_time_ms[n - 1]))};
  }
  const int64_t deadline = Deadline(unit.start_ms, spec.window_ms);
  const std::string& last_step = spec.steps[unit.level - 1].name;
  std::string next_step = spec.steps[unit.level].name;  // with the optional steps, the ones that could come
  if (unit.window_open_at_end) {
    return {"in_progress", absl::StrCat("in progress: reached ", last_step, "; its window runs to ", FormatIsoUtc(deadline),
                                        ", after the data ends at ", FormatIsoUtc(data_end),
                                        ", so it is not counted as dropped")};
  }
  // The row of the last step reached (skipped optional steps have none: the one before).
  uint32_t last_row = kNoRow;
  for (int i = unit.level - 1; i >= 0 && last_row == kNoRow; --i) last_row = chain_rows[i];
  if (last_row == kNoRow) last_row = unit.first_row;
  // The next real step: an optional step may be skipped, so any later step up to the
  // first required one could have extended the chain.
  uint32_t wanted = 0;
  for (size_t k = unit.level; k < n; ++k) {
    wanted |= 1u << k;
    if (k > static_cast<size_t>(unit.level)) absl::StrAppend(&next_step, " or ", spec.steps[k].name);
    if (!spec.steps[k].optional) break;
  }
  for (uint32_t r = last_row + 1; r < unit.end_row; ++r) {
    if (t.time_ms[r] > deadline) break;
    const uint32_t exclusions = journey.ExclusionMask(r);
    for (size_t x = 0; x < spec.exclusions.size(); ++x) {
      const ExclusionSpec& e = spec.exclusions[x];
      if (((exclusions >> x) & 1) && e.from_step <= unit.level - 1 && unit.level - 1 < e.to_step) {
        return {"excluded", absl::StrCat("ended by an excluded event: ", name(r), " at ", FormatIsoUtc(t.time_ms[r]),
                                         ", after ", last_step, " and before ", spec.steps[e.to_step].name)};
      }
    }
    if ((journey.StepMask(r) & wanted) != 0) break;  // the next step came in time: the rules below say why not
    // order "strict": the very next event had to be the next step.
    if (spec.order == FunnelOrder::kStrict && r == last_row + 1) {
      return {"strict_order", absl::StrCat("strict order broken: ", name(r), " at ", FormatIsoUtc(t.time_ms[r]),
                                           " came directly after ", last_step, " instead of ", next_step)};
    }
    if (spec.strict_order && journey.StepMask(r) == 0) {
      return {"strict_order", absl::StrCat("strict order broken: ", name(r), " at ", FormatIsoUtc(t.time_ms[r]),
                                           " came between ", last_step, " and ", next_step)};
    }
  }
  for (uint32_t r = last_row + 1; r < unit.end_row; ++r) {
    if ((journey.StepMask(r) & wanted) == 0) continue;
    if (t.time_ms[r] > deadline) {
      return {"window_closed", absl::StrCat("dropped after ", last_step, ": the window closed at ", FormatIsoUtc(deadline),
                                            "; ", name(r), " came at ", FormatIsoUtc(t.time_ms[r]), ", ",
                                            DisplaySeconds(static_cast<double>(t.time_ms[r] - deadline) / 1000), " later")};
    }
    const std::optional<int64_t>& step_window = spec.steps[unit.level].window_ms;
    if (step_window && t.time_ms[r] - unit.step_time_ms[unit.level - 1] > *step_window) {
      return {"window_closed", absl::StrCat("dropped after ", last_step, ": ", next_step, " must follow within ",
                                            DisplaySeconds(static_cast<double>(*step_window) / 1000), "; ", name(r),
                                            " came at ", FormatIsoUtc(t.time_ms[r]))};
    }
    return {"dropped", absl::StrCat("dropped after ", last_step, ": ", name(r), " at ", FormatIsoUtc(t.time_ms[r]),
                                    " did not extend the chain (the journey's order, hold_constant or strict rules)")};
  }
  return {"no_next_event", absl::StrCat("dropped after ", last_step, ": no ", next_step, " event followed (the window closed at ",
                                        FormatIsoUtc(deadline), ")")};
}

}  // namespace

absl::StatusOr<oj> ExplainUser(const JourneySpec& spec, const EventTable& table, std::string_view user) {
  const uint32_t u = table.users.Find(user);
  if (u == Dictionary::kNotFound) return absl::NotFoundError("user \"" + std::string(user) + "\" is not in the data");
  absl::StatusOr<std::shared_ptr<const CompiledJourney>> compiled = CompileJourney(spec, table);
  if (!compiled.ok()) return compiled.status();
  const CompiledJourney& journey = **compiled;
  UnitEvaluator evaluator(journey);
  const uint32_t user_begin = table.user_begin[u];
  oj units = oj::array();
  evaluator.EvaluateUser(u, table.last_time_ms, [&](const UnitOutcome& unit) {
    // The chain's rows: the first at each step's time that matches it, after the previous.
    std::vector<uint32_t> rows(unit.level, kNoRow);
    uint32_t pos = unit.first_row;
    oj chain = oj::array();
    oj reached = oj::array();
    for (int i = 0; i < unit.level; ++i) {
      reached.push_back(spec.steps[i].name);
      if (unit.step_skipped[i]) {
        chain.push_back({{"step", spec.steps[i].name}, {"skipped", true}});
        continue;
      }
      for (uint32_t r = pos; r < unit.end_row && rows[i] == kNoRow; ++r) {
        if (table.time_ms[r] == unit.step_time_ms[i] && ((journey.StepMask(r) >> i) & 1)) rows[i] = r;
      }
      for (uint32_t r = unit.first_row; r < pos && rows[i] == kNoRow; ++r) {
        if (table.time_ms[r] == unit.step_time_ms[i] && ((journey.StepMask(r) >> i) & 1)) rows[i] = r;
      }
      if (rows[i] == kNoRow) continue;
      pos = rows[i] + 1;
      chain.push_back({{"step", spec.steps[i].name},
                       {"time", FormatIsoUtc(table.time_ms[rows[i]])},
                       {"event", table.event_names.Value(table.event[rows[i]])},
                       {"index", rows[i] - user_begin}});
    }
    const Explained why = Why(journey, unit, rows, table.last_time_ms);
    units.push_back({{"unit", static_cast<int64_t>(units.size()) + 1},
                     {"first_time", unit.first_row < unit.end_row ? oj(FormatIsoUtc(table.time_ms[unit.first_row])) : oj(nullptr)},
                     {"level", unit.level},
                     {"reached", std::move(reached)},
                     {"chain", std::move(chain)},
                     {"outcome", why.outcome},
                     {"reason", why.reason}});
  });
  return oj{{"user", std::string(user)}, {"journey", spec.name}, {"units", std::move(units)}};
}

}  // namespace fl
