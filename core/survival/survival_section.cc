#include "core/survival/survival_section.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/display_text.h"
#include "core/journey/duration.h"
#include "core/json/json_reader.h"
#include "core/stats/kaplan_meier.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr const char* kStateKind = "frictionlens.survival_state/1";
constexpr const char* kNoSegment = "(none)";
constexpr int kShift = 48;  // times below 2^48 ms (8,900 years) beside the slot
constexpr int64_t kTimeMask = (int64_t{1} << kShift) - 1;
constexpr int64_t kMaxCount = int64_t{1} << 53;  // counts a state from elsewhere may hold

double Round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;  // no "-0"
}

int64_t Key(size_t step, bool censored, int64_t ms) {
  return (static_cast<int64_t>(2 * (step - 1) + (censored ? 1 : 0)) << kShift) | std::clamp<int64_t>(ms, 0, kTimeMask);
}

// Per step k >= 1, the sorted (time, reached, censored) of one group.
std::vector<std::vector<TimeCounts>> Decode(const DurationCounts& times, size_t steps) {
  std::vector<std::vector<TimeCounts>> reached(steps), censored(steps), out(steps);
  for (const auto& [key, n] : times.Sorted()) {
    const size_t slot = static_cast<size_t>(key >> kShift);
    const size_t step = slot / 2 + 1;
    if (step >= steps) continue;  // not made by Add; ReadJson refuses it
    TimeCounts t;
    t.time = key & kTimeMask;
    (slot % 2 ? t.censored : t.events) = n;
    (slot % 2 ? censored : reached)[step].push_back(t);
  }
  for (size_t k = 1; k < steps; ++k) {
    // Both lists are sorted by time: merge them, one entry per time.
    const auto& a = reached[k];
    const auto& b = censored[k];
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      if (j == b.size() || (i < a.size() && a[i].time < b[j].time)) {
        out[k].push_back(a[i++]);
      } else if (i == a.size() || b[j].time < a[i].time) {
        out[k].push_back(b[j++]);
      } else {
        TimeCounts t = a[i++];
        t.censored = b[j++].censored;
        out[k].push_back(t);
      }
    }
  }
  return out;
}

oj Range(double lo, double hi) { return oj::array({Round6(lo), Round6(hi)}); }

// A time in ms: whole (an event's) or half (the middle of a flat stretch), or null.
oj OptionalMs(const std::optional<double>& ms) {
  if (!ms) return oj(nullptr);
  if (*ms == std::floor(*ms)) return oj(static_cast<int64_t>(*ms));
  return oj(Round6(*ms));
}

std::string DisplayMs(double ms) { return DisplaySeconds(ms / 1000); }

// What one group's curve for one step says.
struct StepReading {
  SurvivalCurve curve;
  int64_t entered = 0, reached = 0, still_open = 0;
  SurvivalAt at_window;
  MedianTime median;
};

StepReading Read(const std::vector<TimeCounts>& data, int64_t entered, int64_t window_ms) {
  StepReading r;
  r.curve = KaplanMeier(data);
  r.entered = entered;
  r.reached = r.curve.events;
  for (const TimeCounts& t : data) {
    if (t.time < window_ms) r.still_open += t.censored;  // a closed window is censored at W
  }
  r.at_window = SurvivalAtTime(r.curve, data, window_ms);
  r.median = KaplanMeierMedian(r.curve);
  return r;
}

oj ReachAt(const StepReading& r, const std::vector<TimeCounts>& data, int64_t ms) {
  const SurvivalAt at = SurvivalAtTime(r.curve, data, ms);
  oj point;
  point["after_ms"] = ms;
  point["reach"] = Round6(1 - at.survival);
  point["reach_ci95"] = Range(1 - at.upper, 1 - at.lower);
  point["at_risk"] = at.at_risk;
  return point;
}

// The curve as drawn: every point while there are few, else those where the reach moved
// by at least 1/(points - 2) of its final value since the last one kept, and the last.
oj Curve(const SurvivalCurve& curve, int points) {
  oj out = oj::array();
  const std::vector<SurvivalPoint>& p = curve.points;
  const double final_reach = p.empty() ? 0 : 1 - p.back().survival;
  const double step = final_reach / std::max(1, points - 2);
  double last = -1;
  for (size_t i = 0; i < p.size(); ++i) {
    const double reach = 1 - p[i].survival;
    const bool keep = p.size() <= static_cast<size_t>(points) || i + 1 == p.size() || last < 0 || reach - last >= step;
    if (!keep) continue;
    last = reach;
    oj point;
    point["t_ms"] = p[i].time;
    point["reach"] = Round6(reach);
    point["reach_ci95"] = Range(1 - p[i].upper, 1 - p[i].lower);
    point["at_risk"] = p[i].at_risk;
    out.push_back(point);
  }
  return out;
}

// `unit`: the journey's counting unit, plural ("users").
std::string StepSentence(const std::string& name, const StepReading& r, int64_t window_ms, const std::string& unit) {
  const double reach = 1 - r.at_window.survival;
  std::string s = absl::StrCat(name, ": ", DisplayPercent(reach), " within ", FormatDurationMs(window_ms), " (95% CI ",
                               DisplayPercentRange(1 - r.at_window.upper, 1 - r.at_window.lower), ")");
  if (r.still_open > 0) {
    absl::StrAppend(&s, "; ", DisplayCount(r.still_open), " ",
                    r.still_open == 1 ? unit.substr(0, unit.size() - 1) : unit,
                    " still inside the window counted as censored, not lost");
    const std::string funnel = DisplayPercent(r.entered > 0 ? static_cast<double>(r.reached) / r.entered : 0);
    if (funnel != DisplayPercent(reach)) {
      absl::StrAppend(&s, " (the funnel, counting them as not converted, shows ", funnel, ")");
    }
  }
  if (r.median.median) {
    absl::StrAppend(&s, "; half get there by ", DisplayMs(*r.median.median), " (95% CI ",
                    r.median.lower ? DisplayMs(*r.median.lower) : std::string("?"), " to ",
                    r.median.upper ? DisplayMs(*r.median.upper) : std::string("beyond the data"), ")");
  } else {
    absl::StrAppend(&s, "; fewer than half get there (no median time)");
  }
  return s;
}

oj StepJson(const std::string& name, const std::vector<TimeCounts>& data, int64_t entered, int64_t window_ms,
            const std::vector<int64_t>& landmarks, int points, const std::string& unit) {
  const StepReading r = Read(data, entered, window_ms);
  oj step;
  step["name"] = name;
  step["entered"] = r.entered;
  step["reached"] = r.reached;
  step["still_open"] = r.still_open;
  step["funnel_conversion"] = Round6(r.entered > 0 ? static_cast<double>(r.reached) / r.entered : 0);
  step["reach_by_window"] = Round6(1 - r.at_window.survival);
  step["reach_by_window_ci95"] = Range(1 - r.at_window.upper, 1 - r.at_window.lower);
  step["median_ms"] = OptionalMs(r.median.median);
  step["median_ci95_ms"] = oj::array({OptionalMs(r.median.lower), OptionalMs(r.median.upper)});
  oj marks = oj::array();
  for (int64_t ms : landmarks) marks.push_back(ReachAt(r, data, ms));
  step["landmarks"] = marks;
  step["curve"] = Curve(r.curve, points);
  step["sentence"] = StepSentence(name, r, window_ms, unit);
  return step;
}

oj SegmentStepJson(const std::string& name, const std::vector<TimeCounts>& data, int64_t entered, int64_t window_ms,
                   const std::vector<int64_t>& landmarks) {
  const StepReading r = Read(data, entered, window_ms);
  oj step;
  step["name"] = name;
  step["reached"] = r.reached;
  step["still_open"] = r.still_open;
  step["reach_by_window"] = Round6(1 - r.at_window.survival);
  step["reach_by_window_ci95"] = Range(1 - r.at_window.upper, 1 - r.at_window.lower);
  step["median_ms"] = OptionalMs(r.median.median);
  step["median_ci95_ms"] = oj::array({OptionalMs(r.median.lower), OptionalMs(r.median.upper)});
  oj reach = oj::array();
  for (int64_t ms : landmarks) reach.push_back(Round6(1 - SurvivalAtTime(r.curve, data, ms).survival));
  step["reach_at_landmarks"] = reach;
  return step;
}

std::string LogRankSentence(const std::string& step, const std::string& property, const LogRankTest& t) {
  const std::string p = t.p_value < 0.001 ? "p < 0.001" : absl::StrCat("p = ", Round6(std::round(t.p_value * 1000) / 1000));
  return absl::StrCat(step, ": ", t.p_value < 0.05 ? "the time to get there differs by " : "no difference shown by ",
                      property, " (log-rank chi-square ", Round6(std::round(t.chi_square * 10) / 10), " on ", t.df,
                      " df, ", p, ")");
}

oj TimesToJson(const DurationCounts& times) {
  oj out = oj::array();
  for (const auto& [key, n] : times.Sorted()) out.push_back(oj::array({key, n}));
  return out;
}

class SurvivalRun : public SectionRun {
 public:
  SurvivalRun(JourneySpec spec, SurvivalSettings settings, const EventTable& table)
      : spec_(std::move(spec)),
        settings_(std::move(settings)),
        table_(table),
        column_(spec_.breakdown.property.empty() ? -1 : table.FindProperty(spec_.breakdown.property)) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<SurvivalState>(spec_, settings_, &table_, column_, table_.last_time_ms);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    auto state = std::make_unique<SurvivalState>(spec_, settings_, nullptr, column_, table_.last_time_ms);
    // A state from another process: anything the checks miss is a refusal, not a crash.
    try {
      if (absl::Status s = state->ReadJson(json); !s.ok()) return s;
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("survival state: ", e.what()));
    }
    return std::unique_ptr<SectionState>(std::move(state));
  }

 private:
  JourneySpec spec_;
  SurvivalSettings settings_;
  const EventTable& table_;
  int column_;
};

}  // namespace

SurvivalState::SurvivalState(const JourneySpec& spec, const SurvivalSettings& settings, const EventTable* table,
                             int breakdown_column, int64_t data_end_ms)
    : spec_(spec), settings_(settings), table_(table), breakdown_column_(breakdown_column), data_end_ms_(data_end_ms) {}

void SurvivalState::AddUnit(const UnitOutcome& unit, SurvivalCounts* counts) const {
  ++counts->entered;
  const int64_t entry = unit.step_time_ms[0];
  const int64_t window = spec_.window_ms;
  // Not reached: watched to the window's end, or to the data's end while it is open.
  const int64_t watched = unit.window_open_at_end ? std::clamp<int64_t>(data_end_ms_ - entry, 0, window) : window;
  for (size_t k = 1; k < spec_.steps.size(); ++k) {
    if (static_cast<size_t>(unit.level) > k) {
      counts->times.Add(Key(k, false, unit.step_time_ms[k] - entry));
    } else {
      counts->times.Add(Key(k, true, watched));
    }
  }
}

void SurvivalState::Add(const UserPass& user) {
  for (const UnitOutcome& unit : user.units) {
    if (unit.level < 1) continue;  // never entered: no clock
    AddUnit(unit, &total_);
    if (spec_.breakdown.property.empty()) continue;
    // The segment as the funnel attributes it (first or last touch among the step events).
    std::string segment;
    const uint32_t row =
        spec_.breakdown.attribution == Attribution::kFirstTouch ? unit.first_step_row : unit.last_step_row;
    if (table_ != nullptr && breakdown_column_ >= 0 && row != UnitOutcome::kNoRow) {
      const PropertyColumn& c = table_->properties[breakdown_column_];
      segment = std::string(c.values.Value(c.ids[row]));
    }
    if (segment.empty()) segment = kNoSegment;
    AddUnit(unit, &segments_[segment]);
  }
}

absl::Status SurvivalState::MergeShard(SectionState&& other_state) {
  auto& other = static_cast<SurvivalState&>(other_state);
  total_.entered += other.total_.entered;
  total_.times.Merge(other.total_.times);
  for (auto& [value, counts] : other.segments_) {
    SurvivalCounts& mine = segments_[value];
    mine.entered += counts.entered;
    mine.times.Merge(counts.times);
  }
  other.total_ = SurvivalCounts();
  other.segments_.clear();
  return absl::OkStatus();
}

nlohmann::ordered_json SurvivalState::Finalize() const {
  const size_t n = spec_.steps.size();
  const int64_t window = spec_.window_ms;
  const std::vector<int64_t> landmarks = SurvivalLandmarks(settings_, window);
  oj out;
  out["settings"] = SurvivalSettingsToJson(settings_);
  out["clock"] = "from step 1";
  out["window_ms"] = window;
  out["entered"] = total_.entered;
  out["landmarks_ms"] = landmarks;
  const std::vector<std::vector<TimeCounts>> total = Decode(total_.times, n);
  oj steps = oj::array();
  for (size_t k = 1; k < n; ++k) {
    steps.push_back(StepJson(spec_.steps[k].name, total[k], total_.entered, window, landmarks, settings_.points,
                             CountingUnitName(spec_.unit)));
  }
  out["steps"] = steps;
  if (spec_.breakdown.property.empty()) return out;

  // The funnel's segments: the `top` largest by units entering, the rest in "(other)".
  std::vector<const std::pair<const std::string, SurvivalCounts>*> order;
  for (const auto& entry : segments_) order.push_back(&entry);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    if (a->second.entered != b->second.entered) return a->second.entered > b->second.entered;
    return a->first < b->first;
  });
  const size_t shown = std::min(order.size(), static_cast<size_t>(spec_.breakdown.top));
  struct Group {
    std::string value;
    bool other;
    int64_t entered;
    std::vector<std::vector<TimeCounts>> data;
  };
  std::vector<Group> groups;
  for (size_t i = 0; i < shown; ++i) {
    groups.push_back({order[i]->first, false, order[i]->second.entered, Decode(order[i]->second.times, n)});
  }
  if (shown < order.size()) {
    SurvivalCounts rest;
    for (size_t i = shown; i < order.size(); ++i) {
      rest.entered += order[i]->second.entered;
      rest.times.Merge(order[i]->second.times);
    }
    groups.push_back({"(other)", true, rest.entered, Decode(rest.times, n)});
  }
  oj comparison;
  comparison["property"] = spec_.breakdown.property;
  comparison["values_in_other"] = static_cast<int64_t>(order.size() - shown);
  oj segments = oj::array();
  for (const Group& g : groups) {
    oj segment;
    segment["value"] = g.value;
    segment["other"] = g.other;
    segment["entered"] = g.entered;
    oj seg_steps = oj::array();
    for (size_t k = 1; k < n; ++k) {
      seg_steps.push_back(SegmentStepJson(spec_.steps[k].name, g.data[k], g.entered, window, landmarks));
    }
    segment["steps"] = seg_steps;
    segments.push_back(segment);
  }
  comparison["segments"] = segments;
  oj tests = oj::array();
  for (size_t k = 1; k < n; ++k) {
    std::vector<std::vector<TimeCounts>> by_group;
    for (const Group& g : groups) by_group.push_back(g.data[k]);
    const LogRankTest t = LogRank(by_group);
    oj test;
    test["step"] = spec_.steps[k].name;
    test["chi_square"] = Round6(t.chi_square);
    test["df"] = t.df;
    test["p_value"] = Round6(t.p_value);
    test["sentence"] = t.df > 0 ? LogRankSentence(spec_.steps[k].name, spec_.breakdown.property, t)
                                : absl::StrCat(spec_.steps[k].name, ": one segment only, nothing to compare");
    tests.push_back(test);
  }
  comparison["log_rank"] = tests;
  out["comparison"] = comparison;
  return out;
}

nlohmann::ordered_json SurvivalState::ToJson() const {
  oj out;
  out["state"] = kStateKind;
  out["entered"] = total_.entered;
  out["times"] = TimesToJson(total_.times);
  oj segments = oj::array();
  for (const auto& [value, counts] : segments_) {
    segments.push_back(oj{{"value", value}, {"entered", counts.entered}, {"times", TimesToJson(counts.times)}});
  }
  out["segments"] = segments;
  return out;
}

absl::Status SurvivalState::ReadJson(const nlohmann::json& json) {
  const JsonReader reader("survival state: ");
  if (!json.is_object() || JsonReader::StringOr(json, "state") != kStateKind) {
    return reader.Error("state", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (absl::Status s = reader.CheckKeys(json, "", {"state", "entered", "times", "segments"}); !s.ok()) return s;
  const size_t slots = 2 * (spec_.steps.size() - 1);
  // One group: entered in 0..2^53, every time pair [slot << 48 | ms, units >= 1] with a
  // slot of this journey and a time within its window, each slot's units at most entered.
  auto group = [&](const nlohmann::json& object, const std::string& path, SurvivalCounts* counts) -> absl::Status {
    int64_t entered = 0;
    if (absl::Status s = reader.ReadInt(object, "entered", path, 0, &entered, kMaxCount); !s.ok()) return s;
    const std::string times_path = JsonReader::Key(path, "times");
    auto it = object.find("times");
    if (it == object.end() || !it->is_array()) return reader.Error(times_path, "expected an array");
    std::vector<int64_t> per_slot(slots, 0);
    for (size_t i = 0; i < it->size(); ++i) {
      const nlohmann::json& p = (*it)[i];
      if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer() || !p[1].is_number_integer() ||
          p[0].get<int64_t>() < 0 || p[1].get<int64_t>() < 1) {
        return reader.Error(JsonReader::Index(times_path, i), "expected [slot << 48 | ms, units >= 1]");
      }
      const int64_t key = p[0].get<int64_t>(), units = p[1].get<int64_t>();
      const size_t slot = static_cast<size_t>(key >> kShift);
      if (slot >= slots || (key & kTimeMask) > spec_.window_ms) {
        return reader.Error(JsonReader::Index(times_path, i), "a step or time this journey does not have");
      }
      if (units > entered - per_slot[slot]) {
        return reader.Error(JsonReader::Index(times_path, i), "more units than entered");
      }
      per_slot[slot] += units;
      counts->times.Add(key, units);
    }
    counts->entered = entered;
    return absl::OkStatus();
  };
  if (absl::Status s = group(json, "", &total_); !s.ok()) return s;
  auto it = json.find("segments");
  if (it == json.end() || !it->is_array()) return reader.Error("segments", "expected an array");
  int64_t in_segments = 0;
  for (size_t i = 0; i < it->size(); ++i) {
    const std::string path = JsonReader::Index("segments", i);
    const nlohmann::json& s = (*it)[i];
    const std::string value = JsonReader::StringOr(s, "value");
    if (!s.is_object() || value.empty() || segments_.count(value)) {
      return reader.Error(path, "expected {\"value\", \"entered\", \"times\"} with a value of its own");
    }
    if (absl::Status st = reader.CheckKeys(s, path, {"value", "entered", "times"}); !st.ok()) return st;
    if (absl::Status st = group(s, path, &segments_[value]); !st.ok()) return st;
    in_segments += segments_[value].entered;
    if (in_segments > total_.entered) return reader.Error(path, "the segments hold more units than entered");
  }
  return absl::OkStatus();
}

std::vector<SpecKey> SurvivalSection::spec_keys() const {
  return {SpecKey{"survival", nlohmann::ordered_json::object(), /*echo_absent=*/false}};
}

absl::Status SurvivalSection::CheckSettings(const JourneySpec& spec) const {
  return SurvivalSettingsOf(spec).status();
}

absl::StatusOr<std::unique_ptr<SectionRun>> SurvivalSection::Prepare(const JourneySpec& spec,
                                                                     const EventTable& table) const {
  absl::StatusOr<SurvivalSettings> settings = SurvivalSettingsOf(spec);
  if (!settings.ok()) return settings.status();
  return std::unique_ptr<SectionRun>(std::make_unique<SurvivalRun>(spec, *std::move(settings), table));
}

}  // namespace fl
