// FrictionResultToJson: the report's `friction` section.

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

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

// "B: 6.0% affected vs 12.0% in A (-6.0 pp, 95% CI -8.5 to -3.5)"
std::string VariantVerdict(const VariantFrictionDifference& d, const VariantFriction& b, const VariantFriction& c) {
  auto pct = [](double x) { return absl::StrFormat("%.1f%%", 100 * x); };
  auto pp = [](double x) { return absl::StrFormat("%+.1f", 100 * x); };
  return absl::StrCat(d.variant, ": ", pct(b.affected_share), " affected vs ", pct(c.affected_share), " in ",
                      c.variant, " (", pp(d.affected_share_difference), " pp, 95% CI ",
                      pp(d.affected_share_difference_ci95.lo), " to ", pp(d.affected_share_difference_ci95.hi), ")");
}

oj ByVariantJson(const FrictionPoint& p, const FrictionResult& result) {
  oj variants = oj::array();
  const VariantFriction* control = nullptr;
  for (const VariantFriction& f : p.by_variant) {
    if (f.variant == result.variant_control) control = &f;
    oj v;
    v["variant"] = f.variant;
    v["units"] = f.units;
    v["affected"] = f.affected;
    v["affected_share"] = Round6(f.affected_share);
    v["affected_share_ci95"] = Pair(f.affected_share_ci95);
    v["affected_conversion"] = Round6(f.affected_conversion);
    v["baseline_conversion"] = Round6(f.baseline_conversion);
    v["enough_data"] = f.enough_data;
    v["lost_conversions"] = f.enough_data ? oj(Round6(f.lost_conversions)) : oj(nullptr);
    v["lost_conversions_ci95"] = f.enough_data ? Pair(f.lost_conversions_ci95) : oj(nullptr);
    v["lost_per_1000"] = f.enough_data ? oj(Round6(f.lost_per_1000)) : oj(nullptr);
    v["lost_per_1000_ci95"] = f.enough_data ? Pair(f.lost_per_1000_ci95) : oj(nullptr);
    variants.push_back(std::move(v));
  }
  oj differences = oj::array();
  for (const VariantFrictionDifference& d : p.variant_differences) {
    const VariantFriction* b = nullptr;
    for (const VariantFriction& f : p.by_variant) {
      if (f.variant == d.variant) b = &f;
    }
    oj j;
    j["variant"] = d.variant;
    j["against"] = result.variant_control;
    j["affected_share_difference"] = Round6(d.affected_share_difference);
    j["affected_share_difference_ci95"] = Pair(d.affected_share_difference_ci95);
    j["p_value"] = Round6(d.p_value);
    j["lost_per_1000_difference"] = d.lost_numbers ? oj(Round6(d.lost_per_1000_difference)) : oj(nullptr);
    j["lost_per_1000_difference_ci95"] = d.lost_numbers ? Pair(d.lost_per_1000_difference_ci95) : oj(nullptr);
    j["sentence"] = (b != nullptr && control != nullptr) ? VariantVerdict(d, *b, *control) : "";
    differences.push_back(std::move(j));
  }
  oj out;
  out["variants"] = std::move(variants);
  out["differences"] = std::move(differences);
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
  j["difference"] = numbers ? oj(Round6(p.difference)) : oj(nullptr);
  j["difference_ci95"] = numbers ? Pair(p.difference_ci95) : oj(nullptr);
  j["lost_conversions"] = numbers ? oj(Round6(p.lost_conversions)) : oj(nullptr);
  j["lost_conversions_ci95"] = numbers ? Pair(p.lost_conversions_ci95) : oj(nullptr);
  const bool money = numbers && p.has_revenue;
  j["revenue_at_risk"] = money ? oj(Round6(p.revenue_at_risk)) : oj(nullptr);
  j["revenue_at_risk_ci95"] = money ? Pair(p.revenue_at_risk_ci95) : oj(nullptr);
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
      result.has_order_value ? oj(Round6(result.average_order_value)) : oj(nullptr);
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
  return out;
}

}  // namespace fl
