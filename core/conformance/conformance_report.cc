// The conformance section's report form (Finalize): counts, shares with Wilson
// intervals, examples, the conversion comparison and the sentences.

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/conformance/conformance_section.h"
#include "core/display_text.h"
#include "core/stats/proportions.h"
#include "core/stats/report_numbers.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

oj ShareOf(int64_t part, int64_t whole) {
  return oj{{"units", part}, {"share", Round6(Share(part, whole))}, {"share_ci95", ShareCi95(part, whole)}};
}

// "66.7% (95% CI 30.0–90.3%)"
std::string PercentWithCi(int64_t part, int64_t whole) {
  const oj ci = ShareCi95(part, whole);
  return absl::StrCat(DisplayPercent(Share(part, whole)), " (95% CI ",
                      DisplayPercentRange(ci[0].get<double>(), ci[1].get<double>()), ")");
}

std::string Units(int64_t n) { return absl::StrCat(DisplayCount(n), n == 1 ? " unit" : " units"); }

}  // namespace

oj ConformanceState::StepReport(size_t j) const {
  const StepCounts& s = steps_[j];
  oj step;
  step["step"] = spec_.steps[j].name;
  step["optional"] = spec_.steps[j].optional;
  step["units"] = s.units;
  for (int kind = 0; kind < kDeviationKinds; ++kind) {
    oj k = ShareOf(s.kinds[kind].units, s.units);
    k["examples"] = s.kinds[kind].examples;
    if (kind == kWentBack) {
      oj from = oj::array();
      for (size_t later = j + 1; later < steps_.size(); ++later) {
        if (s.back_from[later] == 0) continue;
        from.push_back(oj{{"step", spec_.steps[later].name},
                          {"units", s.back_from[later]},
                          {"share", Round6(Share(s.back_from[later], s.units))}});
      }
      k["from"] = std::move(from);
    }
    step[DeviationKindName(kind)] = std::move(k);
  }
  return step;
}

namespace {

// The funnel's conversion of two groups, and their difference when both have units.
oj Comparison(int64_t conformed_converted, int64_t conformed, int64_t deviated_converted, int64_t deviated) {
  auto group = [](int64_t converted, int64_t units) {
    return oj{{"units", units},
              {"converted", converted},
              {"conversion", units > 0 ? oj(Round6(Share(converted, units))) : oj(nullptr)},
              {"conversion_ci95", units > 0 ? ShareCi95(converted, units) : oj(nullptr)}};
  };
  oj out;
  out["conformed"] = group(conformed_converted, conformed);
  out["deviated"] = group(deviated_converted, deviated);
  if (conformed > 0 && deviated > 0) {
    const ProportionComparison c = CompareProportions(conformed_converted, conformed, deviated_converted, deviated);
    out["difference"] = Round6(c.difference);
    out["difference_ci95"] = oj::array({Round6(c.difference_ci95.lo), Round6(c.difference_ci95.hi)});
    out["p_value"] = Round6(c.p_value);
    out["test"] = c.exact ? "fisher_exact" : "z";
  } else {
    // One group is empty: there is nothing to compare, and a 0 would read as a finding.
    out["difference"] = nullptr;
    out["difference_ci95"] = nullptr;
    out["p_value"] = nullptr;
    out["test"] = nullptr;
  }
  return out;
}

// "followed the order completed the funnel 28.2% (95% CI ...), those that
// deviated 46.9% (...): a difference of -18.7 percentage points (95% CI ..., p < 0.001)."; empty
// unless both groups have units.
std::string ConversionSentence(int64_t conformed_converted, int64_t conformed, int64_t deviated_converted,
                               int64_t deviated) {
  if (conformed == 0 || deviated == 0) return "";
  const ProportionComparison c = CompareProportions(conformed_converted, conformed, deviated_converted, deviated);
  return absl::StrCat("followed the order completed the funnel ", PercentWithCi(conformed_converted, conformed),
                      ", those that deviated ", PercentWithCi(deviated_converted, deviated),
                      absl::StrFormat(": a difference of %.1f percentage points (95%% CI %.1f to %.1f, %s).",
                                      100 * c.difference, 100 * c.difference_ci95.lo, 100 * c.difference_ci95.hi,
                                      c.p_value < 0.001 ? std::string("p < 0.001")
                                                        : absl::StrFormat("p = %.3f", c.p_value)));
}

}  // namespace

oj ConformanceState::ConversionReport() const {
  oj out = Comparison(converted_conformed_, conformed_, converted_deviated_, units_ - conformed_);
  out["past_first_step"] = Comparison(past_first_[1], past_first_[0], past_first_[3], past_first_[2]);
  return out;
}

std::vector<std::string> ConformanceState::Sentences() const {
  std::vector<std::string> out;
  if (units_ == 0) return out;
  out.push_back(absl::StrCat(DisplayCount(conformed_), " of ", Units(units_), " followed the designed order: ",
                             PercentWithCi(conformed_, units_), "; ", DisplayCount(completed_), " of them completed it and ",
                             DisplayCount(conformed_ - completed_), " stopped early without deviating."));
  // The three largest deviations (by units, then in step and kind order).
  std::vector<std::tuple<int64_t, size_t, int>> found;
  for (size_t j = 0; j < steps_.size(); ++j) {
    for (int kind = 0; kind < kDeviationKinds; ++kind) {
      if (steps_[j].kinds[kind].units > 0) found.emplace_back(-steps_[j].kinds[kind].units, j, kind);
    }
  }
  std::sort(found.begin(), found.end());
  for (size_t i = 0; i < found.size() && i < 3; ++i) {
    const auto [minus_units, j, kind] = found[i];
    const StepCounts& s = steps_[j];
    std::string what;
    switch (kind) {
      case kSkipped: what = "skipped it"; break;
      case kOutOfOrder: what = "came to it only after a later step"; break;
      case kRepeated: what = "repeated it"; break;
      default: {
        const auto most = std::max_element(s.back_from.begin(), s.back_from.end());  // the earliest of a tie
        what = absl::StrCat("went back to it, most often from ",
                            spec_.steps[static_cast<size_t>(most - s.back_from.begin())].name, " (", Units(*most), ")");
      }
    }
    out.push_back(absl::StrCat(PercentWithCi(-minus_units, s.units), " of the ", Units(s.units), " that got to ",
                               spec_.steps[j].name, " or further ", what, "."));
  }
  if (std::string all = ConversionSentence(converted_conformed_, conformed_, converted_deviated_, units_ - conformed_);
      !all.empty()) {
    out.push_back(absl::StrCat("Units that ", all));
  }
  // Like with like: deviating needs getting past the first step, and most units that
  // conform stop there.
  if (std::string past = ConversionSentence(past_first_[1], past_first_[0], past_first_[3], past_first_[2]);
      !past.empty()) {
    out.push_back(absl::StrCat("Of the units that got past the first step, those that ", past));
  }
  return out;
}

oj ConformanceState::Finalize() const {
  oj out;
  out["settings"] = ConformanceSettingsToJson(settings_);
  out["units"] = units_;
  oj conformed = ShareOf(conformed_, units_);
  conformed["completed"] = completed_;
  conformed["stopped_early"] = conformed_ - completed_;
  out["conformed"] = std::move(conformed);
  oj deviated = ShareOf(units_ - conformed_, units_);
  oj by_kind;
  for (int kind = 0; kind < kDeviationKinds; ++kind) by_kind[DeviationKindName(kind)] = ShareOf(kind_units_[kind], units_);
  deviated["by_kind"] = std::move(by_kind);
  out["deviated"] = std::move(deviated);
  oj steps = oj::array();
  for (size_t j = 0; j < steps_.size(); ++j) steps.push_back(StepReport(j));
  out["steps"] = std::move(steps);
  out["conversion"] = ConversionReport();
  out["sentences"] = Sentences();
  return out;
}

}  // namespace fl
