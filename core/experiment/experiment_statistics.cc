// The experiment section's JSON from exact counts: per variant and step, the comparisons
// against control with their intervals, tests and Bayesian summaries, the sample-ratio
// check and CUPED. Every number is computed here, once; the doors only show them.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/experiment/experiment_section.h"
#include "core/stats/always_valid.h"
#include "core/stats/beta_comparison.h"
#include "core/stats/chi_square.h"
#include "core/stats/intervals.h"
#include "core/stats/multiple_testing.h"
#include "core/stats/proportions.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;
constexpr double kZ95 = 1.959963984540054;

double Round6(double x) {
  if (!std::isfinite(x)) return 0;
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0.0 ? 0.0 : r;
}
oj Pair(double lo, double hi) { return oj::array({Round6(lo), Round6(hi)}); }
double Rate(int64_t x, int64_t n) { return n > 0 ? static_cast<double>(x) / static_cast<double>(n) : 0; }

// "+4.0 pp" / "-1.2 pp"
std::string Points(double difference) {
  char text[32];
  std::snprintf(text, sizeof(text), "%+.1f pp", 100 * difference);
  return text;
}
std::string PercentText(double p) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", 100 * p);
  return text;
}

// Relative lift pB/pA - 1 with the delta method's interval:
// Var(pB/pA) ~ (pB/pA)^2 (VarB/pB^2 + VarA/pA^2), Var = p(1-p)/n.
oj RelativeLift(int64_t xa, int64_t na, int64_t xb, int64_t nb) {
  const double pa = Rate(xa, na), pb = Rate(xb, nb);
  if (pa <= 0 || pb <= 0 || na == 0 || nb == 0) return oj{{"value", nullptr}, {"ci95", nullptr}};
  const double ratio = pb / pa;
  const double var = ratio * ratio * ((1 - pb) / (pb * nb) + (1 - pa) / (pa * na));
  const double half = kZ95 * std::sqrt(var);
  return oj{{"value", Round6(ratio - 1)}, {"ci95", Pair(ratio - 1 - half, ratio - 1 + half)}};
}

// CUPED (Deng et al. 2013) for a binary outcome Y (reached the step) with the binary
// covariate X (converted in the pre-period): theta = Cov(X, Y) / Var(X) over both groups,
// each group's mean adjusted by theta (mean X of the group - mean X of both).
oj Cuped(const VariantCounts& a, const VariantCounts& b, size_t k) {
  const double n = static_cast<double>(a.units + b.units);
  const double sx = static_cast<double>(a.pre_converted + b.pre_converted);
  const double sy = static_cast<double>(a.reached[k] + b.reached[k]);
  const double sxy = static_cast<double>(a.reached_and_pre_converted[k] + b.reached_and_pre_converted[k]);
  const double mx = sx / n, my = sy / n;
  const double var_x = mx - mx * mx;  // X is 0/1: E[X^2] = E[X]
  if (n < 2 || var_x <= 0) return nullptr;
  const double theta = (sxy / n - mx * my) / var_x;
  auto group = [&](const VariantCounts& g, double* mean, double* variance) {
    const double m = static_cast<double>(g.units);
    const double gx = g.pre_converted / m, gy = g.reached[k] / m, gxy = g.reached_and_pre_converted[k] / m;
    *mean = gy - theta * (gx - mx);
    // Var(Y - theta X) within the group, over its size.
    const double vy = gy - gy * gy, vx = gx - gx * gx, cxy = gxy - gx * gy;
    *variance = std::max(0.0, vy + theta * theta * vx - 2 * theta * cxy) / m;
  };
  double ma, va, mb, vb;
  group(a, &ma, &va);
  group(b, &mb, &vb);
  const double raw = Rate(a.reached[k], a.units) * (1 - Rate(a.reached[k], a.units)) / a.units +
                     Rate(b.reached[k], b.units) * (1 - Rate(b.reached[k], b.units)) / b.units;
  const double half = kZ95 * std::sqrt(va + vb);
  return oj{{"lift", Round6(mb - ma)},
            {"ci95", Pair(mb - ma - half, mb - ma + half)},
            {"theta", Round6(theta)},
            {"variance_reduction", Round6(raw > 0 ? 1 - (va + vb) / raw : 0)}};
}

}  // namespace

oj ExperimentReport(const ExperimentSettings& settings, const std::vector<std::string>& step_names,
                    const std::map<std::string, VariantCounts>& variants, int64_t unassigned, int64_t mixed,
                    const std::vector<std::string>& mixed_examples) {
  oj out;
  out["name"] = settings.name;
  out["variant_property"] = settings.variant_property;
  out["exposure_event"] = settings.exposure_event.empty() ? oj(nullptr) : oj(settings.exposure_event);
  // The control: as set, else the first variant by name (map order).
  std::string control = settings.control;
  if (control.empty() && !variants.empty()) control = variants.begin()->first;
  out["control"] = control.empty() ? oj(nullptr) : oj(control);
  int64_t units = 0, pre_converted = 0;
  for (const auto& [name, c] : variants) {
    units += c.units;
    pre_converted += c.pre_converted;
  }
  out["units"] = units;
  out["unassigned"] = unassigned;
  out["mixed"] = oj{{"units", mixed}, {"examples", mixed_examples}};
  const bool has_pre_period = !settings.exposure_event.empty() && pre_converted > 0;
  out["pre_period"] = has_pre_period;

  // Sample ratio: the variants of the expected split (or those seen, equally).
  std::vector<std::string> names;
  std::vector<double> shares;
  if (!settings.expected_split.empty()) {
    for (const auto& [name, share] : settings.expected_split) names.push_back(name), shares.push_back(share);
  } else {
    for (const auto& [name, c] : variants) names.push_back(name), shares.push_back(1.0);
  }
  double share_total = 0;
  for (double s : shares) share_total += s;
  std::vector<int64_t> observed;
  oj ratio_rows = oj::array();
  for (size_t i = 0; i < names.size(); ++i) {
    auto it = variants.find(names[i]);
    observed.push_back(it == variants.end() ? 0 : it->second.units);
    ratio_rows.push_back(oj{{"variant", names[i]},
                            {"units", observed.back()},
                            {"share", Round6(Rate(observed.back(), units))},
                            {"expected_share", Round6(shares[i] / share_total)}});
  }
  int64_t outside_split = 0;
  for (const auto& [name, c] : variants) {
    if (std::find(names.begin(), names.end(), name) == names.end()) outside_split += c.units;
  }
  const GoodnessOfFit fit = ChiSquareGoodnessOfFit(observed, shares);
  const bool mismatch = names.size() >= 2 && units > 0 && fit.p_value < settings.srm_alpha;
  out["sample_ratio"] = oj{{"variants", std::move(ratio_rows)},
                           {"units_outside_split", outside_split},
                           {"chi_square", Round6(fit.chi_square)},
                           {"df", fit.df},
                           {"p_value", Round6(fit.p_value)},
                           {"alpha", settings.srm_alpha},
                           {"mismatch", mismatch}};
  if (mismatch) {
    std::string split;
    for (size_t i = 0; i < names.size(); ++i) {
      absl::StrAppend(&split, i ? ", " : "", names[i], " ", observed[i]);
    }
    out["sample_ratio"]["warning"] = absl::StrCat(
        "Sample ratio mismatch: the units were not split as designed (", split, "; chi-square p = ",
        fit.p_value < 1e-6 ? std::string("< 0.000001") : absl::StrCat(Round6(fit.p_value)),
        "). Assignment or logging is broken, so the comparisons below cannot be trusted.");
  }

  // Per variant and step: conversion from exposure, and from the previous step.
  const size_t steps = step_names.size();
  oj variant_rows = oj::array();
  for (const auto& [name, c] : variants) {
    oj rows = oj::array();
    for (size_t k = 0; k < steps; ++k) {
      const Interval ci = WilsonInterval(c.reached[k], c.units);
      const int64_t before = k == 0 ? c.units : c.reached[k - 1];
      const Interval step_ci = WilsonInterval(c.reached[k], before);
      rows.push_back(oj{{"name", step_names[k]},
                        {"count", c.reached[k]},
                        {"conversion", Round6(Rate(c.reached[k], c.units))},
                        {"conversion_ci95", Pair(ci.lo, ci.hi)},
                        {"step_conversion", Round6(Rate(c.reached[k], before))},
                        {"step_conversion_ci95", Pair(step_ci.lo, step_ci.hi)}});
    }
    variant_rows.push_back(oj{{"name", name}, {"control", name == control}, {"units", c.units}, {"steps", std::move(rows)}});
  }
  out["variants"] = std::move(variant_rows);

  // Each treatment against control, at each step.
  oj comparisons = oj::array();
  std::vector<double> p_values;
  auto control_it = variants.find(control);
  if (control_it != variants.end()) {
    const VariantCounts& a = control_it->second;
    for (const auto& [name, b] : variants) {
      if (name == control) continue;
      for (size_t k = 0; k < steps; ++k) {
        const int64_t xa = a.reached[k], xb = b.reached[k];
        const Interval lift_ci = NewcombeDifferenceInterval(xb, b.units, xa, a.units);
        const double pa = Rate(xa, a.units), pb = Rate(xb, b.units);
        const double p_value = TwoProportionZTestP(xb, b.units, xa, a.units);
        p_values.push_back(p_value);
        const BetaPosterior post_a = BetaPosterior::Uniform(xa, a.units), post_b = BetaPosterior::Uniform(xb, b.units);
        const double variance = pa * (1 - pa) / std::max<int64_t>(a.units, 1) + pb * (1 - pb) / std::max<int64_t>(b.units, 1);
        const Interval always = AlwaysValidInterval(pb - pa, variance, settings.tau * settings.tau);
        // Step to step: of those who reached the previous step.
        const int64_t na_step = k == 0 ? a.units : a.reached[k - 1], nb_step = k == 0 ? b.units : b.reached[k - 1];
        const Interval step_ci = NewcombeDifferenceInterval(xb, nb_step, xa, na_step);
        const double chance = ProbabilityBBeatsA(post_a, post_b);
        oj row{{"variant", name},
               {"step", step_names[k]},
               {"control_conversion", Round6(pa)},
               {"conversion", Round6(pb)},
               {"lift", Round6(pb - pa)},
               {"lift_ci95", Pair(lift_ci.lo, lift_ci.hi)},
               {"relative_lift", nullptr},
               {"relative_lift_ci95", nullptr},
               {"p_value", Round6(p_value)},
               {"p_holm", nullptr},
               {"significant", false},
               {"chance_to_beat_control", Round6(chance)},
               {"expected_loss", Round6(ExpectedLossOfChoosingB(post_a, post_b))},
               {"sequential_ci95", Pair(always.lo, always.hi)},
               {"step_lift", Round6(Rate(xb, nb_step) - Rate(xa, na_step))},
               {"step_lift_ci95", Pair(step_ci.lo, step_ci.hi)},
               {"step_p_value", Round6(TwoProportionZTestP(xb, nb_step, xa, na_step))},
               {"cuped", has_pre_period ? Cuped(a, b, k) : oj(nullptr)}};
        const oj relative = RelativeLift(xa, a.units, xb, b.units);
        row["relative_lift"] = relative["value"];
        row["relative_lift_ci95"] = relative["ci95"];
        char ci_text[64];
        std::snprintf(ci_text, sizeof(ci_text), "%+.1f to %+.1f", 100 * lift_ci.lo, 100 * lift_ci.hi);
        row["verdict"] = absl::StrCat(name, ": ", Points(pb - pa), " ", step_names[k], " (95% CI ", ci_text,
                                      "), chance to beat ", control, " ", PercentText(chance));
        comparisons.push_back(std::move(row));
      }
    }
  }
  // Holm across every step and variant: a family-wise 5%.
  const std::vector<double> holm = Holm(p_values);
  for (size_t i = 0; i < comparisons.size(); ++i) {
    comparisons[i]["p_holm"] = Round6(holm[i]);
    comparisons[i]["significant"] = holm[i] < 0.05;
    if (holm[i] < 0.05) comparisons[i]["verdict"] = absl::StrCat(comparisons[i]["verdict"].get<std::string>(), "; significant after Holm");
  }
  out["comparisons"] = std::move(comparisons);
  out["method"] = oj{{"lift_ci95", "Newcombe hybrid score (method 10)"},
                     {"relative_lift_ci95", "delta method"},
                     {"p_value", "two-sided pooled two-proportion z test"},
                     {"p_holm", "Holm across every step and variant"},
                     {"chance_to_beat_control", "exact Beta-Binomial, uniform prior (Evan Miller)"},
                     {"sequential_ci95", absl::StrCat("always-valid normal-mixture (mSPRT), tau = ", settings.tau)},
                     {"cuped", "pre-period conversion as covariate (Deng et al. 2013)"}};
  return out;
}

}  // namespace fl
