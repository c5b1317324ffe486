// FrictionResultToJson: the report's `friction` section.

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/friction/friction_analysis.h"
#include "core/friction/signals.h"

namespace fl {

namespace {

using oj = nlohmann::ordered_json;

double Round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0.0 ? 0.0 : r;  // no "-0.0" in the report
}

oj Pair(const Interval& i) { return oj::array({Round6(i.lo), Round6(i.hi)}); }

// A number or interval that exists only with enough data: null otherwise.
oj RoundedOrNull(bool known, double x) { return known ? oj(Round6(x)) : oj(nullptr); }
oj PairOrNull(bool known, const Interval& i) { return known ? Pair(i) : oj(nullptr); }

oj ByVariantJson(const FrictionPoint& p, const FrictionResult& result) {
  oj variants = oj::array();
  for (const VariantFriction& f : p.by_variant) {
    oj v;
    v["variant"] = f.variant;
    v["units"] = f.units;
    v["affected"] = f.affected;
    v["affected_share"] = Round6(f.affected_share);
    v["affected_share_ci95"] = Pair(f.affected_share_ci95);
    v["affected_conversion"] = Round6(f.affected_conversion);
    v["baseline_conversion"] = Round6(f.baseline_conversion);
    v["enough_data"] = f.enough_data;
    v["lost_conversions"] = RoundedOrNull(f.enough_data, f.lost_conversions);
    v["lost_conversions_ci95"] = PairOrNull(f.enough_data, f.lost_conversions_ci95);
    v["lost_per_1000"] = RoundedOrNull(f.enough_data, f.lost_per_1000);
    v["lost_per_1000_ci95"] = PairOrNull(f.enough_data, f.lost_per_1000_ci95);
    variants.push_back(std::move(v));
  }
  oj differences = oj::array();
  for (const VariantFrictionDifference& d : p.variant_differences) {
    oj j;
    j["variant"] = d.variant;
    j["against"] = result.variant_control;
    j["affected_share_difference"] = Round6(d.affected_share_difference);
    j["affected_share_difference_ci95"] = Pair(d.affected_share_difference_ci95);
    j["p_value"] = Round6(d.p_value);
    j["lost_per_1000_difference"] = RoundedOrNull(d.lost_numbers, d.lost_per_1000_difference);
    j["lost_per_1000_difference_ci95"] = PairOrNull(d.lost_numbers, d.lost_per_1000_difference_ci95);
    j["sentence"] = d.sentence;
    differences.push_back(std::move(j));
  }
  oj out;
  out["variants"] = std::move(variants);
  out["differences"] = std::move(differences);
  return out;
}

// "Friction that differs by variant", decided here once (the CLI table and the element
// show this list): the significant points where a variant's affected share differs from
// control's with its interval excluding 0, most surely first (smallest p; ties keep the
// points' rank), at most 5 points, each with all its differences against control.
// Compared as the report prints them (6 decimals).
oj DiffersByVariantJson(const FrictionResult& result) {
  std::vector<std::pair<double, size_t>> differing;  // (p, point)
  for (size_t i = 0; i < result.points.size(); ++i) {
    const FrictionPoint& p = result.points[i];
    if (!p.significant) continue;
    for (const VariantFrictionDifference& d : p.variant_differences) {
      const Interval& ci = d.affected_share_difference_ci95;
      if (Round6(ci.lo) > 0 || Round6(ci.hi) < 0) differing.push_back({Round6(d.p_value), i});
    }
  }
  std::stable_sort(differing.begin(), differing.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<size_t> shown;
  for (const auto& [p_value, point] : differing) {
    if (shown.size() == 5) break;
    if (std::find(shown.begin(), shown.end(), point) == shown.end()) shown.push_back(point);
  }
  oj out = oj::array();
  for (size_t i : shown) {
    for (const VariantFrictionDifference& d : result.points[i].variant_differences) {
      out.push_back(oj{{"point", i}, {"variant", d.variant}, {"sentence", d.sentence}});
    }
  }
  return out;
}

oj PointJson(const FrictionPoint& p, const FrictionResult& result) {
  const bool numbers = p.enough_data;
  oj segments = oj::array();
  for (const SegmentConcentration& s : p.segments) {
    segments.push_back(oj{{"property", s.property},
                          {"value", s.value},
                          {"affected_share", Round6(s.affected_share)},
                          {"population_share", Round6(s.population_share)},
                          {"lift", Round6(s.lift)},
                          {"lift_ci95", Pair(s.lift_ci95)}});
  }
  oj j;
  j["stage"] = p.stage;
  j["stage_index"] = p.stage_index;
  j["next_step"] = p.next_step.empty() ? oj(nullptr) : oj(p.next_step);
  j["signal"] = p.signal;
  j["labels"] = p.labels;
  j["target"] = p.target.empty() ? oj(nullptr) : oj(p.target);
  j["affected"] = p.affected;
  j["baseline"] = p.baseline;
  j["compare"] = p.compare;
  j["affected_conversion"] = Round6(p.affected_conversion);
  j["baseline_conversion"] = Round6(p.baseline_conversion);
  j["affected_order"] = Round6(p.affected_order);
  j["baseline_order"] = Round6(p.baseline_order);
  j["affected_next_step"] = Round6(p.affected_next_step);
  j["baseline_next_step"] = Round6(p.baseline_next_step);
  j["left_after"] = p.left_after;
  j["difference"] = RoundedOrNull(numbers, p.difference);
  j["difference_ci95"] = PairOrNull(numbers, p.difference_ci95);
  j["lost_conversions"] = RoundedOrNull(numbers, p.lost_conversions);
  j["lost_conversions_ci95"] = PairOrNull(numbers, p.lost_conversions_ci95);
  const bool money = numbers && p.has_revenue;
  j["revenue_at_risk"] = RoundedOrNull(money, p.revenue_at_risk);
  j["revenue_at_risk_ci95"] = PairOrNull(money, p.revenue_at_risk_ci95);
  j["p_value"] = Round6(p.p_value);
  j["test"] = p.test;
  j["q_value"] = p.q_value ? oj(Round6(*p.q_value)) : oj(nullptr);
  j["significant"] = p.significant;
  j["enough_data"] = p.enough_data;
  j["segments"] = std::move(segments);
  j["examples"] = p.examples;
  j["sentence"] = FrictionSentence(p, result);
  if (!p.presets.empty()) {
    oj presets = oj::array();
    for (const PresetAgreement& a : p.presets) {
      presets.push_back(oj{{"signal", a.signal}, {"preset", a.preset}, {"affected", a.affected}, {"found", a.found}});
    }
    j["presets"] = std::move(presets);
    j["found_under"] = p.found_under;
  }
  if (!result.variant_property.empty()) j["by_variant"] = ByVariantJson(p, result);
  return j;
}

oj ScoreRowJson(const SessionScoreRow& row, const std::vector<std::string>& buckets) {
  oj counts = oj::object();
  for (size_t b = 0; b < buckets.size() && b < row.counts.size(); ++b) counts[buckets[b]] = row.counts[b];
  oj j;
  j["stage"] = row.stage;
  j["sessions"] = row.sessions;
  j["mean_score"] = Round6(row.mean_score);
  j["counts"] = std::move(counts);
  return j;
}

}  // namespace

nlohmann::ordered_json FrictionResultToJson(const FrictionResult& result) {
  oj out;
  out["settings"] = FrictionSettingsToJson(result.settings);
  oj summary;
  summary["stages"] = result.stages;
  summary["order_step"] = result.order_step;
  summary["units"] = result.units;
  summary["units_in_progress"] = result.units_in_progress;
  summary["candidates"] = result.candidates;
  summary["tested"] = result.tested;
  summary["significant"] = [&] {
    int64_t n = 0;
    for (const FrictionPoint& p : result.points) n += p.significant;
    return n;
  }();
  summary["average_order_value"] =
      RoundedOrNull(result.has_order_value, result.average_order_value);
  summary["order_value_count"] = result.order_value_count;
  summary["after_order_outcome"] = result.outcome_label;
  summary["rage_clicks_not_counted"] = oj{{"answered", result.rage_answered},
                                          {"text_selection", result.rage_text_selection},
                                          {"ignored_target", result.rage_ignored_target}};
  if (!result.variant_property.empty()) {
    oj experiment;
    experiment["variant_property"] = result.variant_property;
    experiment["control"] = result.variant_control;
    oj variants = oj::array();
    for (size_t v = 0; v < result.variants.size(); ++v) {
      variants.push_back(oj{{"variant", result.variants[v]}, {"units", result.variant_units[v]}});
    }
    experiment["variants"] = std::move(variants);
    experiment["mixed_units"] = result.variant_mixed_units;
    summary["experiment"] = std::move(experiment);
  }
  out["summary"] = std::move(summary);
  oj points = oj::array();
  for (const FrictionPoint& p : result.points) points.push_back(PointJson(p, result));
  out["points"] = std::move(points);
  oj by_stage = oj::array();
  for (const SessionScoreRow& row : result.session_scores) {
    by_stage.push_back(ScoreRowJson(row, result.score_buckets));
  }
  oj weights = oj::object();
  for (int i = 0; i < kSignalKindCount; ++i) {
    weights[SignalName(static_cast<SignalKind>(i))] = result.settings.weights[i];
  }
  out["session_scores"] = {{"weights", std::move(weights)},
                           {"buckets", result.score_buckets},
                           {"by_stage", std::move(by_stage)},
                           {"total", ScoreRowJson(result.session_scores_total, result.score_buckets)}};
  // Top friction, decided here once: the CLI table, the HTML and the element show this list.
  oj top = oj::array();
  for (size_t i : TopFrictionPoints(result)) {
    top.push_back(oj{{"rank", top.size() + 1},
                     {"point", i},
                     {"significant", result.points[i].significant},
                     {"sentence", FrictionSentence(result.points[i], result)}});
  }
  out["top"] = std::move(top);
  oj without_loss = oj::array();
  for (size_t i : SignalsWithoutLoss(result)) {
    without_loss.push_back(oj{{"point", i}, {"sentence", FrictionSentence(result.points[i], result)}});
  }
  out["without_loss"] = std::move(without_loss);
  if (!result.variant_property.empty()) out["differs_by_variant"] = DiffersByVariantJson(result);
  return out;
}

}  // namespace fl
