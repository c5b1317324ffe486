#include "core/friction/friction_state.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "core/friction/friction_points.h"
#include "core/friction/session_scores.h"
#include "core/friction/slow_steps.h"
#include "core/stats/multiple_testing.h"

namespace fl {

namespace {

constexpr const char* kAfterOrderStage = "After the order";

std::string StateKey(const JourneySpec& spec, const FrictionSettings& settings) {
  return spec.CanonicalJson() + "\n" + FrictionSettingsToJson(settings).dump();
}

bool UserLess(const FrictionUnit* a, const FrictionUnit* b) { return a->user < b->user; }

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
    : key_(StateKey(spec, settings)), spec_(spec), settings_(settings), order_step_(order_step) {}

size_t FrictionState::unit_count() const {
  size_t n = 0;
  for (const std::vector<FrictionUnit>& run : runs_) n += run.size();
  return n;
}

std::vector<const FrictionUnit*> FrictionState::SortedUnits() const {
  std::vector<std::vector<const FrictionUnit*>> lists;
  for (const std::vector<FrictionUnit>& run : runs_) {
    std::vector<const FrictionUnit*>& list = lists.emplace_back();
    list.reserve(run.size());
    for (const FrictionUnit& u : run) list.push_back(&u);
  }
  if (lists.empty()) return {};
  // Merge neighbouring runs, round by round: n log(runs) compares, and equal names (only
  // a hand-made state JSON can repeat a user) keep the order of their runs.
  while (lists.size() > 1) {
    std::vector<std::vector<const FrictionUnit*>> next;
    for (size_t i = 0; i + 1 < lists.size(); i += 2) {
      std::vector<const FrictionUnit*>& merged = next.emplace_back();
      merged.reserve(lists[i].size() + lists[i + 1].size());
      std::merge(lists[i].begin(), lists[i].end(), lists[i + 1].begin(), lists[i + 1].end(),
                 std::back_inserter(merged), UserLess);
    }
    if (lists.size() % 2 == 1) next.push_back(std::move(lists.back()));
    lists = std::move(next);
  }
  return std::move(lists.front());
}

void FrictionState::Absorb(const SegmentDictionary& other_segments,
                           std::vector<std::vector<FrictionUnit>> runs) {
  std::vector<uint32_t> remap(other_segments.size());
  bool same_ids = true;
  for (uint32_t id = 0; id < remap.size(); ++id) {
    remap[id] = segments_.Intern(other_segments.property(id), other_segments.value(id));
    same_ids = same_ids && remap[id] == id;
  }
  for (std::vector<FrictionUnit>& run : runs) {
    if (run.empty()) continue;
    if (!same_ids) {
      for (FrictionUnit& u : run) {
        for (uint32_t& pair : u.segments) pair = remap[pair];
        std::sort(u.segments.begin(), u.segments.end());
      }
    }
    runs_.push_back(std::move(run));
  }
}

absl::Status FrictionState::Merge(const FrictionState& other) {
  if (!SameKey(other)) {
    return absl::FailedPreconditionError(
        "friction state: cannot merge a state built from another journey or friction settings");
  }
  const std::vector<const FrictionUnit*> mine = SortedUnits();
  const std::vector<const FrictionUnit*> theirs = other.SortedUnits();
  size_t i = 0, j = 0;
  while (i < mine.size() && j < theirs.size()) {
    if (mine[i]->user == theirs[j]->user) {
      return absl::FailedPreconditionError(absl::StrCat(
          "friction state: user \"", mine[i]->user, "\" is in both states; partitions must ",
          "hold disjoint sets of users"));
    }
    mine[i]->user < theirs[j]->user ? ++i : ++j;
  }
  Absorb(other.segments_, other.runs_);
  return absl::OkStatus();
}

absl::Status FrictionState::MergeDisjoint(FrictionState&& other) {
  if (!SameKey(other)) {
    return absl::FailedPreconditionError(
        "friction state: cannot merge a state built from another journey or friction settings");
  }
  Absorb(other.segments_, std::move(other.runs_));
  other.runs_.clear();
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

  const std::vector<const FrictionUnit*> units = SortedUnits();
  result.units = static_cast<int64_t>(units.size());
  int64_t value_micros = 0;
  for (const FrictionUnit* u : units) {
    result.units_in_progress += u->in_progress;
    value_micros += u->order_value_micros;
    result.order_value_count += u->order_value_count;
  }
  result.has_order_value = result.order_value_count > 0;
  if (result.has_order_value) {
    result.average_order_value =
        static_cast<double>(value_micros) / 1e6 / static_cast<double>(result.order_value_count);
  }

  // Every unit's hits, with the slow steps that need the whole population to decide.
  const std::vector<int64_t> thresholds =
      SlowStepThresholds(units, after_order, settings_.slow_step);
  const UnitHits hits(units, thresholds);

  const StagePopulation population(units, after_order, settings_.exclude_in_progress);
  std::vector<CandidateGroup> groups =
      MergeCandidates(BuildCandidates(population, hits, settings_), settings_.merge_jaccard);
  // Money: orders before the order step; after it, only when the outcome is ordering again.
  const bool repeat_order_outcome = settings_.after_order.outcome_event.empty();
  std::vector<FrictionPoint> points;
  points.reserve(groups.size());
  for (const CandidateGroup& g : groups) {
    const bool money = result.has_order_value && (g.stage < after_order || repeat_order_outcome);
    points.push_back(ScoreGroup(g, population, result.stages, next_steps, settings_,
                                money ? result.average_order_value : -1.0));
  }
  result.candidates = static_cast<int64_t>(points.size());

  std::vector<double> family;
  for (const FrictionPoint& p : points) {
    if (p.enough_data) family.push_back(p.p_value);
  }
  const std::vector<double> q = BenjaminiHochberg(family);
  result.tested = static_cast<int64_t>(family.size());
  const SegmentIndex segments(population, segments_, settings_);
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

  result.score_buckets = ScoreBucketLabels();
  ScoreSessions(units, hits, result.stages, settings_.weights, &result.session_scores,
                &result.session_scores_total);
  return result;
}

nlohmann::ordered_json FrictionState::ToJson() const {
  using oj = nlohmann::ordered_json;
  oj out;
  out["kind"] = "frictionlens.friction_state/1";
  out["key"] = key_;
  out["order_step"] = order_step_;
  oj units = oj::array();
  std::vector<std::pair<const std::string*, const std::string*>> pairs;
  for (const FrictionUnit* u : SortedUnits()) {
    oj hits = oj::array();
    for (const FrictionUnit::Hit& h : u->hits) {
      hits.push_back(oj::array({h.stage, SignalName(h.kind), h.session, h.target}));
    }
    oj times = oj::array();
    for (const FrictionUnit::StageTime& st : u->stage_times) {
      times.push_back(oj::array({st.stage, st.reached, st.duration_ms, st.session}));
    }
    oj segments = oj::array();
    pairs.clear();
    for (uint32_t pair : u->segments) {
      pairs.emplace_back(&segments_.property(pair), &segments_.value(pair));
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
      return std::tie(*a.first, *a.second) < std::tie(*b.first, *b.second);
    });
    for (const auto& [property, value] : pairs) segments.push_back(oj::array({*property, *value}));
    oj unit;
    unit["user"] = u->user;
    unit["level"] = u->level;
    unit["in_progress"] = u->in_progress;
    unit["outcome"] = u->outcome;
    unit["hits"] = std::move(hits);
    unit["stage_times"] = std::move(times);
    unit["session_stage"] = std::vector<int>(u->session_stage.begin(), u->session_stage.end());
    unit["segments"] = std::move(segments);
    unit["order_value_micros"] = u->order_value_micros;
    unit["order_value_count"] = u->order_value_count;
    units.push_back(std::move(unit));
  }
  out["units"] = std::move(units);
  return out;
}

absl::StatusOr<FrictionState> FrictionState::FromJson(const JourneySpec& spec,
                                                      const FrictionSettings& settings,
                                                      const nlohmann::json& json) {
  auto bad = [](const std::string& path, const std::string& why) {
    return absl::InvalidArgumentError(absl::StrCat("friction state: ", path, ": ", why));
  };
  if (!json.is_object() || json.value("kind", "") != "frictionlens.friction_state/1") {
    return bad("kind", "expected \"frictionlens.friction_state/1\"");
  }
  if (!json.contains("order_step") || !json["order_step"].is_number_integer()) {
    return bad("order_step", "expected an integer");
  }
  const int order_step = json["order_step"].get<int>();
  if (order_step < 0 || order_step >= static_cast<int>(spec.steps.size())) {
    return bad("order_step", "outside the journey's steps");
  }
  FrictionState state(spec, settings, order_step);
  if (json.value("key", "") != state.key_) {
    return bad("key", "built from another journey or friction settings");
  }
  if (!json.contains("units") || !json["units"].is_array()) return bad("units", "expected an array");
  const int after_order = order_step + 1;
  try {
    std::vector<FrictionUnit> run;
    for (size_t i = 0; i < json["units"].size(); ++i) {
      const nlohmann::json& j = json["units"][i];
      const std::string path = absl::StrCat("units[", i, "]");
      FrictionUnit u;
      u.user = j.at("user").get<std::string>();
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
        hit.target = h.at(3).get<std::string>();
        if (stage < 0 || stage > after_order) return bad(path + ".hits", "stage out of range");
        hit.stage = static_cast<uint8_t>(stage);
        u.hits.push_back(std::move(hit));
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
      for (const nlohmann::json& s : j.at("segments")) {
        u.segments.push_back(
            state.segments_.Intern(s.at(0).get<std::string>(), s.at(1).get<std::string>()));
      }
      std::sort(u.segments.begin(), u.segments.end());
      u.order_value_micros = j.at("order_value_micros").get<int64_t>();
      u.order_value_count = j.at("order_value_count").get<int64_t>();
      run.push_back(std::move(u));
    }
    std::stable_sort(run.begin(), run.end(),
                     [](const FrictionUnit& a, const FrictionUnit& b) { return a.user < b.user; });
    state.runs_.push_back(std::move(run));
  } catch (const nlohmann::json::exception& e) {
    return bad("units", e.what());
  }
  return state;
}

}  // namespace fl
