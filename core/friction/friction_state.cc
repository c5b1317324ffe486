#include "core/friction/friction_state.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "core/friction/friction_points.h"
#include "core/friction/preset_robustness.h"
#include "core/friction/session_scores.h"
#include "core/friction/slow_steps.h"
#include "core/friction/sorted_units.h"
#include "core/friction/variant_friction.h"
#include "core/json/json_reader.h"
#include "core/stats/multiple_testing.h"

namespace fl {

namespace {

constexpr const char* kAfterOrderStage = "After the order";
// Finalize counts segments per (stage, pair) in its own read of the units up to this
// many counters (8 MB).
constexpr size_t kMaxSegmentCounts = size_t{1} << 20;

std::string StateKey(const JourneySpec& spec, const FrictionSettings& settings) {
  std::string key = spec.CoreCanonicalJson() + "\n" + FrictionSettingsToJson(settings).dump();
  // The experiment's variants change what the units hold (a "(mixed)" variant).
  if (!settings.variant_property.empty()) {
    absl::StrAppend(&key, "\nvariants ", settings.variant_property, " ", settings.variant_control);
  }
  return key;
}

// Ranked: points with numbers by lost conversions (most first), then the rest by
// affected units; ties by stage, signal order, target.
bool RankBefore(const FrictionPoint& a, const FrictionPoint& b) {
  if (a.enough_data != b.enough_data) return a.enough_data;
  if (a.enough_data && a.lost_conversions != b.lost_conversions) {
    return a.lost_conversions > b.lost_conversions;
  }
  if (a.affected != b.affected) return a.affected > b.affected;
  if (a.stage_index != b.stage_index) return a.stage_index < b.stage_index;
  SignalKind ka = SignalKind::kRageClick, kb = SignalKind::kRageClick;
  SignalFromName(a.signal, &ka);
  SignalFromName(b.signal, &kb);
  if (ka != kb) return ka < kb;
  if (a.target != b.target) return a.target < b.target;
  return a.labels < b.labels;
}

// Most specific first: a (stage, signal) point over every target never ranks above
// a point of one of its own targets, whose users it contains (the planted "#coupon"
// rage clicks come before "dead clicks at Checkout" that include them). Such a point
// moves to just after its best-ranked target.
void PutTargetsBeforeTheirRollUps(std::vector<FrictionPoint>* points) {
  auto is_child = [](const FrictionPoint& rollup, const FrictionPoint& p) {
    return !p.target.empty() && p.stage_index == rollup.stage_index &&
           std::find(p.labels.begin(), p.labels.end(), rollup.signal) != p.labels.end();
  };
  for (size_t i = 0; i < points->size(); ++i) {
    const FrictionPoint& rollup = (*points)[i];
    if (!rollup.target.empty()) continue;
    bool child_above = false;
    for (size_t j = 0; j < i && !child_above; ++j) child_above = is_child(rollup, (*points)[j]);
    if (child_above) continue;
    size_t child = points->size();
    for (size_t j = i + 1; j < points->size() && child == points->size(); ++j) {
      if (is_child(rollup, (*points)[j])) child = j;
    }
    if (child == points->size()) continue;
    FrictionPoint moved = std::move((*points)[i]);
    points->erase(points->begin() + i);
    points->insert(points->begin() + child, std::move(moved));  // now just after the child
    --i;  // the point now at i has not been looked at; `moved` has a child above it now
  }
}

}  // namespace

FrictionState::FrictionState(const JourneySpec& spec, const FrictionSettings& settings,
                             int order_step)
    : key_(StateKey(spec, settings)), spec_(spec), settings_(settings), order_step_(order_step) {
  targets_.Intern("");  // id 0: no target
}

size_t FrictionState::unit_count() const {
  size_t n = 0;
  for (const UnitRun& run : runs_) n += run.size();
  return n;
}

void FrictionState::Absorb(const SegmentDictionary& other_segments, const Dictionary& other_targets,
                           std::vector<UnitRun> runs) {
  std::vector<uint32_t> segment_remap(other_segments.size());
  std::vector<uint32_t> target_remap(other_targets.size());
  bool same_ids = true;
  for (uint32_t id = 0; id < segment_remap.size(); ++id) {
    segment_remap[id] = segments_.Intern(other_segments.property(id), other_segments.value(id));
    same_ids = same_ids && segment_remap[id] == id;
  }
  for (uint32_t id = 0; id < target_remap.size(); ++id) {
    target_remap[id] = targets_.Intern(other_targets.Value(id));
    same_ids = same_ids && target_remap[id] == id;
  }
  for (UnitRun& run : runs) {
    if (run.empty()) continue;
    if (!same_ids) run.Remap(segment_remap, target_remap);
    runs_.push_back(std::move(run));
  }
}

absl::Status FrictionState::Merge(const FrictionState& other) {
  if (!SameKey(other)) {
    return absl::FailedPreconditionError(
        "friction state: cannot merge a state built from another journey or friction settings");
  }
  {
    const SortedUnits mine(runs_);
    const SortedUnits theirs(other.runs_);
    size_t i = 0, j = 0;
    while (i < mine.size() && j < theirs.size()) {
      const std::string_view a = mine.User(i), b = theirs.User(j);
      if (a == b) {
        return absl::FailedPreconditionError(absl::StrCat(
            "friction state: user \"", std::string(a), "\" is in both states; partitions must ",
            "hold disjoint sets of users"));
      }
      a < b ? ++i : ++j;
    }
  }
  Absorb(other.segments_, other.targets_, other.runs_);
  rage_filtered_.Add(other.rage_filtered_);
  return absl::OkStatus();
}

absl::Status FrictionState::MergeDisjoint(FrictionState&& other) {
  if (!SameKey(other)) {
    return absl::FailedPreconditionError(
        "friction state: cannot merge a state built from another journey or friction settings");
  }
  Absorb(other.segments_, other.targets_, std::move(other.runs_));
  other.runs_.clear();
  rage_filtered_.Add(other.rage_filtered_);
  other.rage_filtered_ = {};
  return absl::OkStatus();
}

FrictionResult FrictionState::Finalize() const {
  FrictionResult result;
  result.settings = settings_;
  const int after_order = order_step_ + 1;
  // Stage s is named after the step reached (s - 1); see FrictionPoint.
  std::vector<std::string> next_steps;
  result.stages.push_back("Before " + spec_.steps[0].name);
  for (int s = 0; s <= order_step_; ++s) {
    if (s > 0) result.stages.push_back(spec_.steps[s - 1].name);
    next_steps.push_back(spec_.steps[s].name);
  }
  result.stages.push_back(kAfterOrderStage);
  next_steps.push_back("");
  result.order_step = spec_.steps[order_step_].name;
  result.outcome_label = settings_.after_order.outcome_label;
  result.outcome_noun = settings_.after_order.outcome_noun;

  const SortedUnits units(runs_);
  result.units = static_cast<int64_t>(units.size());
  const StagePopulation population(units, after_order, settings_.exclude_in_progress);
  // Slow steps need the whole population's times to decide.
  const std::vector<int64_t> thresholds =
      SlowStepThresholds(units, after_order, settings_.slow_step);

  // One read of every unit: totals, candidate unit sets and session scores, from each
  // unit's hits as scored (its own, then its slow steps).
  int64_t value_micros = 0;
  CandidateSets sets(population);
  SessionScores scores(result.stages, settings_.weights);
  // Segment counts per (stage, pair) too, unless a property has so many values that
  // the flat array would be big (SegmentIndex then reads the segments again).
  const size_t pairs = segments_.size();
  std::vector<uint8_t> held_segments(pairs, 0);
  std::vector<int64_t> by_pair;
  if ((after_order + 1) * pairs <= kMaxSegmentCounts) by_pair.assign((after_order + 1) * pairs, 0);
  FrictionUnit unit;
  std::vector<FrictionUnit::Hit> hits;
  VariantSplit variants(segments_, settings_.variant_property, settings_.variant_control, units.size(),
                        after_order);
  for (size_t u = 0; u < units.size(); ++u) {
    units.Decode(u, &unit);
    for (uint32_t pair : unit.segments) held_segments[pair] = 1;
    variants.AddUnit(u, unit.segments, population);
    if (!by_pair.empty()) {
      for (int s = 0; s <= after_order; ++s) {
        if (!population.Eligible(u, s)) continue;
        // Only values the unit had shown by stage s (never a later step's value).
        for (size_t k = 0; k < unit.segments.size(); ++k) {
          if (unit.segment_stages[k] <= s) ++by_pair[s * pairs + unit.segments[k]];
        }
      }
    }
    result.units_in_progress += unit.in_progress;
    value_micros += unit.order_value_micros;
    result.order_value_count += unit.order_value_count;
    hits = unit.hits;
    AppendSlowHits(unit, thresholds, &hits);
    sets.Add(static_cast<uint32_t>(u), hits);
    scores.Add(unit, hits);
  }
  result.has_order_value = result.order_value_count > 0;
  if (result.has_order_value) {
    result.average_order_value =
        static_cast<double>(value_micros) / 1e6 / static_cast<double>(result.order_value_count);
  }
  result.score_buckets = ScoreBucketLabels();
  scores.Finish(&result.session_scores, &result.session_scores_total);

  std::vector<CandidateGroup> groups =
      MergeCandidates(std::move(sets).Build(targets_, settings_), settings_.merge_jaccard);
  const bool repeat_order_outcome = settings_.after_order.outcome_event.empty();
  std::vector<FrictionPoint> points;
  points.reserve(groups.size());
  for (const CandidateGroup& g : groups) {
    const bool money = result.has_order_value && (g.stage < after_order || repeat_order_outcome);
    points.push_back(ScoreGroup(g, population, result.stages, next_steps, settings_,
                                money ? result.average_order_value : -1.0));
    variants.Score(g.units, population, settings_, &points.back());
    ScorePresetRobustness(g, units, targets_, &points.back());
  }
  variants.Describe(&result);
  result.rage_answered = rage_filtered_.answered;
  result.rage_text_selection = rage_filtered_.text_selection;
  result.rage_ignored_target = rage_filtered_.ignored_target;
  result.candidates = static_cast<int64_t>(points.size());

  std::vector<double> family;
  for (const FrictionPoint& p : points) {
    if (p.enough_data) family.push_back(p.p_value);
  }
  const std::vector<double> q = BenjaminiHochberg(family);
  result.tested = static_cast<int64_t>(family.size());
  const SegmentIndex segments(population, segments_, held_segments, by_pair, settings_);
  std::vector<int64_t>().swap(by_pair);
  size_t k = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    FrictionPoint& p = points[i];
    if (!p.enough_data) continue;
    p.q_value = q[k++];
    p.significant = *p.q_value < settings_.alpha;
    if (p.significant) p.segments = segments.Concentrations(p.stage_index, groups[i].units);
  }

  std::sort(points.begin(), points.end(), RankBefore);
  PutTargetsBeforeTheirRollUps(&points);
  if (points.size() > static_cast<size_t>(settings_.max_points)) {
    points.resize(settings_.max_points);
  }
  result.points = std::move(points);
  return result;
}

nlohmann::ordered_json FrictionState::ToJson() const {
  using oj = nlohmann::ordered_json;
  oj out;
  out["kind"] = "frictionlens.friction_state/2";
  out["key"] = key_;
  out["order_step"] = order_step_;
  oj units = oj::array();
  struct SegmentText {
    const std::string* property;
    const std::string* value;
    uint8_t stage;
  };
  std::vector<SegmentText> pairs;
  const SortedUnits sorted(runs_);
  FrictionUnit unit;
  const FrictionUnit* u = &unit;
  for (size_t i = 0; i < sorted.size(); ++i) {
    sorted.Decode(i, &unit);
    oj hits = oj::array();
    for (const FrictionUnit::Hit& h : u->hits) {
      hits.push_back(oj::array({h.stage, SignalName(h.kind), h.session, targets_.Value(h.target), h.presets}));
    }
    oj times = oj::array();
    for (const FrictionUnit::StageTime& st : u->stage_times) {
      times.push_back(oj::array({st.stage, st.reached, st.duration_ms, st.session}));
    }
    oj segments = oj::array();
    pairs.clear();
    for (size_t k = 0; k < u->segments.size(); ++k) {
      pairs.push_back({&segments_.property(u->segments[k]), &segments_.value(u->segments[k]), u->segment_stages[k]});
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
      return std::tie(*a.property, *a.value) < std::tie(*b.property, *b.value);
    });
    for (const SegmentText& p : pairs) segments.push_back(oj::array({*p.property, *p.value, p.stage}));
    oj out_unit;
    out_unit["user"] = std::string(u->user);
    out_unit["level"] = u->level;
    out_unit["in_progress"] = u->in_progress;
    out_unit["outcome"] = u->outcome;
    out_unit["hits"] = std::move(hits);
    out_unit["stage_times"] = std::move(times);
    out_unit["session_stage"] = std::vector<int>(u->session_stage.begin(), u->session_stage.end());
    out_unit["segments"] = std::move(segments);
    out_unit["order_value_micros"] = u->order_value_micros;
    out_unit["order_value_count"] = u->order_value_count;
    units.push_back(std::move(out_unit));
  }
  out["units"] = std::move(units);
  out["rage_filtered"] = oj::array({rage_filtered_.answered, rage_filtered_.text_selection,
                                    rage_filtered_.ignored_target});
  return out;
}

absl::StatusOr<FrictionState> FrictionState::FromJson(const JourneySpec& spec,
                                                      const FrictionSettings& settings,
                                                      const nlohmann::json& json) {
  const JsonReader reader("friction state: ");
  auto bad = [&reader](const std::string& path, const std::string& why) { return reader.Error(path, why); };
  if (JsonReader::StringOr(json, "kind") != "frictionlens.friction_state/2") {
    return bad("kind", "expected \"frictionlens.friction_state/2\"");
  }
  if (!json.contains("order_step") || !json["order_step"].is_number_integer()) {
    return bad("order_step", "expected an integer");
  }
  const int order_step = json["order_step"].get<int>();
  if (order_step < 0 || order_step >= static_cast<int>(spec.steps.size())) {
    return bad("order_step", "outside the journey's steps");
  }
  FrictionState state(spec, settings, order_step);
  if (JsonReader::StringOr(json, "key") != state.key_) {
    return bad("key", "built from another journey or friction settings");
  }
  if (!json.contains("units") || !json["units"].is_array()) return bad("units", "expected an array");
  {
    const nlohmann::json& f = json.contains("rage_filtered") ? json["rage_filtered"] : nlohmann::json();
    if (!f.is_array() || f.size() != 3 || !f[0].is_number_unsigned() || !f[1].is_number_unsigned() ||
        !f[2].is_number_unsigned() || f[0].get<uint64_t>() > INT64_MAX || f[1].get<uint64_t>() > INT64_MAX ||
        f[2].get<uint64_t>() > INT64_MAX) {
      return bad("rage_filtered", "expected 3 counts");
    }
    state.rage_filtered_ = {f[0].get<int64_t>(), f[1].get<int64_t>(), f[2].get<int64_t>()};
  }
  const int after_order = order_step + 1;
  try {
    UnitRun run;
    FrictionUnit u;
    std::string user;
    for (size_t i = 0; i < json["units"].size(); ++i) {
      const nlohmann::json& j = json["units"][i];
      const std::string path = absl::StrCat("units[", i, "]");
      u.Clear();
      user = j.at("user").get<std::string>();
      u.user = user;
      u.level = j.at("level").get<int>();
      u.in_progress = j.at("in_progress").get<bool>();
      u.outcome = j.at("outcome").get<bool>();
      if (u.level < 0 || u.level > after_order) return bad(path + ".level", "out of range");
      for (int s : j.at("session_stage").get<std::vector<int>>()) {
        if (s < 0 || s > after_order) return bad(path + ".session_stage", "stage out of range");
        u.session_stage.push_back(static_cast<uint8_t>(s));
      }
      for (const nlohmann::json& h : j.at("hits")) {
        FrictionUnit::Hit hit;
        const int stage = h.at(0).get<int>();
        if (!SignalFromName(h.at(1).get<std::string>(), &hit.kind)) {
          return bad(path + ".hits", "unknown signal");
        }
        hit.session = h.at(2).get<uint32_t>();
        hit.target = state.targets_.Intern(h.at(3).get<std::string>());
        const int presets = h.at(4).get<int>();
        if (presets < 0 || presets > 255) return bad(path + ".hits", "presets out of range");
        hit.presets = static_cast<uint8_t>(presets);
        if (stage < 0 || stage > after_order) return bad(path + ".hits", "stage out of range");
        hit.stage = static_cast<uint8_t>(stage);
        u.hits.push_back(hit);
      }
      for (const nlohmann::json& t : j.at("stage_times")) {
        FrictionUnit::StageTime st;
        const int stage = t.at(0).get<int>();
        if (stage < 0 || stage > after_order) return bad(path + ".stage_times", "stage out of range");
        st.stage = static_cast<uint8_t>(stage);
        st.reached = t.at(1).get<bool>();
        st.duration_ms = t.at(2).get<int64_t>();
        st.session = t.at(3).get<uint32_t>();
        u.stage_times.push_back(st);
      }
      std::vector<std::pair<uint32_t, uint8_t>> segments;
      for (const nlohmann::json& s : j.at("segments")) {
        const int stage = s.at(2).get<int>();
        if (stage < 0 || stage > after_order) return bad(path + ".segments", "stage out of range");
        segments.push_back({state.segments_.Intern(s.at(0).get<std::string>(), s.at(1).get<std::string>()),
                            static_cast<uint8_t>(stage)});
      }
      std::sort(segments.begin(), segments.end());
      for (const auto& [pair, stage] : segments) {
        u.segments.push_back(pair);
        u.segment_stages.push_back(stage);
      }
      u.order_value_micros = j.at("order_value_micros").get<int64_t>();
      u.order_value_count = j.at("order_value_count").get<int64_t>();
      if (!run.Append(u)) {  // full: the units so far make one run
        run.SortByUser();
        state.runs_.push_back(std::move(run));
        run = UnitRun();
        run.Append(u);
      }
    }
    run.SortByUser();
    state.runs_.push_back(std::move(run));
  } catch (const nlohmann::json::exception& e) {
    return bad("units", e.what());
  }
  return state;
}

}  // namespace fl
