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

oj ConformanceState::ConversionReport() const {
  const int64_t deviated = units_ - conformed_;
  auto group = [](int64_t converted, int64_t units) {
    return oj{{"units", units},
              {"converted", converted},
              {"conversion", units > 0 ? oj(Round6(Share(converted, units))) : oj(nullptr)},
              {"conversion_ci95", units > 0 ? ShareCi95(converted, units) : oj(nullptr)}};
  };
  oj out;
  out["conformed"] = group(converted_conformed_, conformed_);
  out["deviated"] = group(converted_deviated_, deviated);
  if (conformed_ > 0 && deviated > 0) {
    const ProportionComparison c = CompareProportions(converted_conformed_, conformed_, converted_deviated_, deviated);
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
  const int64_t deviated = units_ - conformed_;
  if (conformed_ > 0 && deviated > 0) {
    const ProportionComparison c = CompareProportions(converted_conformed_, conformed_, converted_deviated_, deviated);
    out.push_back(absl::StrCat("Units that followed the order completed the funnel ",
                               PercentWithCi(converted_conformed_, conformed_), ", those that deviated ",
                               PercentWithCi(converted_deviated_, deviated),
                               absl::StrFormat(": a difference of %.1f percentage points (95%% CI %.1f to %.1f, %s).",
                                               100 * c.difference, 100 * c.difference_ci95.lo,
                                               100 * c.difference_ci95.hi,
                                               c.p_value < 0.001 ? std::string("p < 0.001")
                                                                 : absl::StrFormat("p = %.3f", c.p_value))));
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
