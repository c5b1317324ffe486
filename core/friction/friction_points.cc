#include "core/friction/friction_points.h"

#include <algorithm>
#include <iterator>
#include <tuple>
#include <utility>

#include "core/stats/proportions.h"

namespace fl {

StagePopulation::StagePopulation(const SortedUnits& units, int after_order_stage,
                                 bool exclude_in_progress)
    : units_(units),
      level_(units.size()),
      flags_(units.size()),
      after_order_(after_order_stage),
      exclude_in_progress_(exclude_in_progress),
      size_(after_order_stage + 1, 0),
      converted_(after_order_stage + 1, 0),
      converted_next_(after_order_stage + 1, 0) {
  for (size_t u = 0; u < units_.size(); ++u) {
    const UnitStatus status = units_.Status(u);
    level_[u] = static_cast<uint8_t>(status.level);
    flags_[u] = static_cast<uint8_t>((status.in_progress ? 1 : 0) | (status.outcome ? 2 : 0));
    for (int s = 0; s <= after_order_; ++s) {
      if (!Eligible(u, s)) continue;
      ++size_[s];
      converted_[s] += ConvertedOrder(u, s);
      converted_next_[s] += ConvertedNext(u, s);
    }
  }
}

bool StagePopulation::Eligible(size_t unit, int stage) const {
  if (stage >= after_order_) return level_[unit] >= after_order_;
  return !(exclude_in_progress_ && (flags_[unit] & 1)) && level_[unit] >= stage;
}

bool StagePopulation::ConvertedOrder(size_t unit, int stage) const {
  return stage >= after_order_ ? (flags_[unit] & 2) != 0 : level_[unit] >= after_order_;
}

bool StagePopulation::ConvertedNext(size_t unit, int stage) const {
  return stage >= after_order_ ? (flags_[unit] & 2) != 0 : level_[unit] >= stage + 1;
}

double Jaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t i = 0, j = 0, both = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++both, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

namespace {

uint64_t CandidateKey(int stage, SignalKind kind, uint32_t target) {
  return static_cast<uint64_t>(stage) << 40 | static_cast<uint64_t>(kind) << 32 | target;
}
int KeyStage(uint64_t key) { return static_cast<int>(key >> 40); }
int KeyKind(uint64_t key) { return static_cast<int>((key >> 32) & 0xff); }
uint32_t KeyTarget(uint64_t key) { return static_cast<uint32_t>(key); }

}  // namespace

void CandidateSets::AddTo(uint64_t key, uint32_t unit) {
  auto [it, inserted] = index_.try_emplace(key, static_cast<uint32_t>(lists_.size()));
  if (inserted) lists_.emplace_back(key, std::vector<uint32_t>());
  std::vector<uint32_t>& list = lists_[it->second].second;
  if (list.empty() || list.back() != unit) list.push_back(unit);
}

void CandidateSets::Add(uint32_t unit, const std::vector<FrictionUnit::Hit>& hits) {
  for (const FrictionUnit::Hit& hit : hits) {
    if (!population_.Eligible(unit, hit.stage)) continue;
    AddTo(CandidateKey(hit.stage, hit.kind, 0), unit);  // every target
    if (hit.target != 0) AddTo(CandidateKey(hit.stage, hit.kind, hit.target), unit);
  }
}

std::vector<Candidate> CandidateSets::Build(const Dictionary& targets,
                                            const FrictionSettings& settings) && {
  // Key order: stage, signal, then target text ("" = every target first).
  std::sort(lists_.begin(), lists_.end(), [&targets](const auto& a, const auto& b) {
    if ((a.first >> 32) != (b.first >> 32)) return a.first < b.first;
    return targets.Value(KeyTarget(a.first)) < targets.Value(KeyTarget(b.first));
  });
  index_.clear();
  std::vector<std::pair<std::tuple<int, int, std::string>, std::vector<uint32_t>>> sets;
  sets.reserve(lists_.size());
  for (auto& [key, list] : lists_) {
    sets.emplace_back(std::make_tuple(KeyStage(key), KeyKind(key), targets.Value(KeyTarget(key))),
                      std::move(list));
  }
  lists_.clear();
  std::vector<Candidate> out;
  auto it = sets.begin();
  while (it != sets.end()) {
    const int stage = std::get<0>(it->first), kind = std::get<1>(it->first);
    Candidate aggregate{stage, static_cast<SignalKind>(kind), "", std::move(it->second)};
    std::vector<Candidate> by_target;
    for (++it; it != sets.end() && std::get<0>(it->first) == stage &&
               std::get<1>(it->first) == kind;
         ++it) {
      by_target.push_back({stage, static_cast<SignalKind>(kind), std::get<2>(it->first),
                           std::move(it->second)});
    }
    std::stable_sort(by_target.begin(), by_target.end(), [](const Candidate& a, const Candidate& b) {
      return a.units.size() > b.units.size();  // ties keep target order
    });
    if (by_target.size() > static_cast<size_t>(settings.max_targets)) {
      by_target.resize(settings.max_targets);
    }
    bool covered = false;
    for (const Candidate& c : by_target) {
      covered = covered || Jaccard(c.units, aggregate.units) >= settings.merge_jaccard;
    }
    if (!covered) out.push_back(std::move(aggregate));
    for (Candidate& c : by_target) out.push_back(std::move(c));
  }
  return out;
}

std::vector<CandidateGroup> MergeCandidates(std::vector<Candidate> candidates,
                                            double merge_jaccard) {
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.units.size() != b.units.size()) return a.units.size() > b.units.size();
    return std::tie(a.stage, a.kind, a.target) < std::tie(b.stage, b.kind, b.target);
  });
  std::vector<CandidateGroup> groups;
  // A group is compared by its founding candidate's units: the group's own until a
  // second candidate joins (units are moved, not copied), then a kept copy.
  std::vector<std::vector<uint32_t>> founding;
  std::vector<uint8_t> joined_by_others;
  for (Candidate& c : candidates) {
    int joined = -1;
    if (!c.target.empty()) {
      for (size_t g = 0; g < groups.size(); ++g) {
        const std::vector<uint32_t>& first = joined_by_others[g] ? founding[g] : groups[g].units;
        if (groups[g].stage == c.stage && groups[g].target == c.target &&
            Jaccard(first, c.units) >= merge_jaccard) {
          joined = static_cast<int>(g);
          break;
        }
      }
    }
    if (joined < 0) {
      groups.push_back({c.stage, c.target, {c.kind}, std::move(c.units)});
      founding.emplace_back();
      joined_by_others.push_back(0);
      continue;
    }
    CandidateGroup& g = groups[joined];
    if (!joined_by_others[joined]) {
      founding[joined] = g.units;
      joined_by_others[joined] = 1;
    }
    g.kinds.push_back(c.kind);
    std::vector<uint32_t> merged;
    std::set_union(g.units.begin(), g.units.end(), c.units.begin(), c.units.end(),
                   std::back_inserter(merged));
    g.units = std::move(merged);
  }
  return groups;
}

FrictionPoint ScoreGroup(const CandidateGroup& group, const StagePopulation& population,
                         const std::vector<std::string>& stage_names,
                         const std::vector<std::string>& next_step_names,
                         const FrictionSettings& settings, double average_order_value) {
  FrictionPoint p;
  const int s = group.stage;
  p.stage_index = s;
  p.stage = stage_names[s];
  p.next_step = next_step_names[s];
  p.signal = SignalName(group.kinds.front());
  std::vector<SignalKind> kinds = group.kinds;
  std::sort(kinds.begin(), kinds.end());
  for (SignalKind k : kinds) p.labels.push_back(SignalName(k));
  p.target = group.target;

  const bool after = s >= population.after_order_stage();
  p.compare = after ? "outcome" : settings.compare_next_step ? "next_step" : "order";
  int64_t order = 0, next = 0;
  for (uint32_t u : group.units) {
    order += population.ConvertedOrder(u, s);
    const bool n = population.ConvertedNext(u, s);
    next += n;
    p.left_after += !n;
  }
  p.affected = static_cast<int64_t>(group.units.size());
  p.baseline = population.size(s) - p.affected;
  const int64_t baseline_order = population.converted_order(s) - order;
  const int64_t baseline_next = population.converted_next(s) - next;
  auto rate = [](int64_t x, int64_t n) { return n > 0 ? static_cast<double>(x) / n : 0.0; };
  p.affected_order = rate(order, p.affected);
  p.baseline_order = rate(baseline_order, p.baseline);
  p.affected_next_step = rate(next, p.affected);
  p.baseline_next_step = rate(baseline_next, p.baseline);
  const bool by_next = p.compare == "next_step";
  p.affected_converted = by_next ? next : order;
  p.baseline_converted = by_next ? baseline_next : baseline_order;
  p.affected_conversion = by_next ? p.affected_next_step : p.affected_order;
  p.baseline_conversion = by_next ? p.baseline_next_step : p.baseline_order;

  const ProportionComparison cmp = CompareProportions(
      p.affected_converted, p.affected, p.baseline_converted, p.baseline, settings.min_affected);
  p.p_value = cmp.p_value;
  p.test = cmp.exact ? "fisher" : "z";
  p.enough_data = p.affected >= settings.min_affected && p.baseline >= settings.min_affected;
  p.difference = cmp.difference;
  p.difference_ci95 = cmp.difference_ci95;
  const double n = static_cast<double>(p.affected);
  p.lost_conversions = -n * cmp.difference;
  p.lost_conversions_ci95 = {-n * cmp.difference_ci95.hi, -n * cmp.difference_ci95.lo};
  // Money follows lost orders only (never lost next steps, whose orders are unknown).
  if (average_order_value >= 0 && !by_next) {
    p.has_revenue = true;
    p.revenue_at_risk = p.lost_conversions * average_order_value;
    p.revenue_at_risk_ci95 = {p.lost_conversions_ci95.lo * average_order_value,
                              p.lost_conversions_ci95.hi * average_order_value};
  }
  for (size_t i = 0; i < group.units.size() && i < 5; ++i) {
    p.examples.emplace_back(population.units().User(group.units[i]));
  }
  return p;
}

SegmentIndex::SegmentIndex(const StagePopulation& population, const SegmentDictionary& dictionary,
                           const std::vector<uint8_t>& held, const std::vector<int64_t>& by_pair,
                           const FrictionSettings& settings)
    : population_(population), dictionary_(dictionary), slot_(dictionary.size(), kUnusable) {
  // A property is usable when few enough of its values are held by any unit.
  std::vector<size_t> values(dictionary.property_count(), 0);
  for (uint32_t pair = 0; pair < held.size(); ++pair) values[dictionary.property_id(pair)] += held[pair];
  for (uint32_t pair : dictionary.SortedByText()) {
    if (pair >= held.size() || !held[pair] ||
        values[dictionary.property_id(pair)] > static_cast<size_t>(settings.max_segment_values)) {
      continue;
    }
    slot_[pair] = static_cast<uint32_t>(slot_pairs_.size());
    slot_pairs_.push_back(pair);
  }
  const size_t usable = slot_pairs_.size();
  const int stages = population.after_order_stage() + 1;
  counts_.assign(stages * usable, 0);
  if (usable == 0) return;
  if (!by_pair.empty()) {
    const size_t pairs = dictionary.size();
    for (int s = 0; s < stages; ++s) {
      for (size_t slot = 0; slot < usable; ++slot) counts_[s * usable + slot] = by_pair[s * pairs + slot_pairs_[slot]];
    }
    return;
  }
  const SortedUnits& units = population.units();
  std::vector<uint32_t> segments;
  std::vector<uint8_t> shown_at;
  for (size_t u = 0; u < units.size(); ++u) {
    units.Segments(u, &segments, &shown_at);
    for (int s = 0; s <= population.after_order_stage(); ++s) {
      if (!population.Eligible(u, s)) continue;
      int64_t* counts = counts_.data() + s * usable;
      for (size_t k = 0; k < segments.size(); ++k) {
        if (slot_[segments[k]] != kUnusable && shown_at[k] <= s) ++counts[slot_[segments[k]]];
      }
    }
  }
}

std::vector<SegmentConcentration> SegmentIndex::Concentrations(
    int stage, const std::vector<uint32_t>& affected) const {
  const size_t usable = slot_pairs_.size();
  std::vector<int64_t> held(usable, 0);
  std::vector<uint32_t> segments;
  std::vector<uint8_t> shown_at;
  for (uint32_t u : affected) {
    population_.units().Segments(u, &segments, &shown_at);
    for (size_t k = 0; k < segments.size(); ++k) {
      // Only values shown by the point's stage: a later step's value is the future.
      if (slot_[segments[k]] != kUnusable && shown_at[k] <= stage) ++held[slot_[segments[k]]];
    }
  }
  const int64_t* stage_counts = counts_.data() + stage * usable;
  std::vector<SegmentConcentration> out;
  const double n = static_cast<double>(affected.size());
  const double population = static_cast<double>(population_.size(stage));
  for (size_t slot = 0; slot < usable; ++slot) {  // (property, value) text order
    const int64_t count = held[slot];
    if (count == 0 || stage_counts[slot] == 0 || population <= 0) continue;
    SegmentConcentration c;
    c.property = dictionary_.property(slot_pairs_[slot]);
    c.value = dictionary_.value(slot_pairs_[slot]);
    c.affected_count = count;
    c.affected_share = count / n;
    c.population_share = stage_counts[slot] / population;
    c.lift = c.affected_share / c.population_share;
    const Interval share = WilsonInterval(count, static_cast<int64_t>(affected.size()));
    c.lift_ci95 = {share.lo / c.population_share, share.hi / c.population_share};
    if (c.affected_share >= 0.2 && c.lift > 1.0) out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const SegmentConcentration& a, const SegmentConcentration& b) {
                     return a.lift > b.lift;  // ties keep (property, value) order
                   });
  if (out.size() > 3) out.resize(3);
  // Listed by share, so that the first one says where most of the affected are
  // ("mostly device=android (100%)") rather than a small, sharper subset of it.
  std::stable_sort(out.begin(), out.end(),
                   [](const SegmentConcentration& a, const SegmentConcentration& b) {
                     return a.affected_share > b.affected_share;
                   });
  return out;
}

}  // namespace fl
