#include "core/experiment/experiment_plan.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "core/json/json_reader.h"

namespace fl {
namespace {

// The standard normal quantile, by bisection on erfc (60 halvings: below 1e-15).
double NormalQuantile(double p) {
  double lo = -40, hi = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

double Round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0.0 ? 0.0 : r;
}

}  // namespace

double UnitsPerVariant(double baseline, double mde, double alpha, double power) {
  const double p1 = baseline, p2 = baseline + mde, pbar = (p1 + p2) / 2;
  const double za = NormalQuantile(1 - alpha / 2), zb = NormalQuantile(power);
  const double root = za * std::sqrt(2 * pbar * (1 - pbar)) + zb * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return root * root / (mde * mde);
}

absl::StatusOr<PlanInput> ParsePlanInput(const nlohmann::json& json) {
  const JsonReader reader("plan: ");
  if (!json.is_object()) return reader.Error("", "expected a JSON object");
  if (absl::Status s = reader.CheckKeys(json, "", {"baseline", "daily_units", "variants", "alpha", "power", "mde", "days"});
      !s.ok()) {
    return s;
  }
  PlanInput in;
  int64_t variants = in.variants;
  for (auto [key, out] : {std::pair{"baseline", &in.baseline}, std::pair{"daily_units", &in.daily_units},
                          std::pair{"alpha", &in.alpha}, std::pair{"power", &in.power}, std::pair{"mde", &in.mde},
                          std::pair{"days", &in.days}}) {
    if (absl::Status s = reader.ReadNumber(json, key, "", 0, out); !s.ok()) return s;
  }
  if (absl::Status s = reader.ReadInt(json, "variants", "", 2, &variants, 100); !s.ok()) return s;
  in.variants = static_cast<int>(variants);
  auto between = [&](const char* key, double v) -> absl::Status {
    if (v > 0 && v < 1) return absl::OkStatus();
    return reader.Error(key, "expected a number between 0 and 1");
  };
  if (absl::Status s = between("baseline", in.baseline); !s.ok()) return s;
  if (absl::Status s = between("alpha", in.alpha); !s.ok()) return s;
  if (absl::Status s = between("power", in.power); !s.ok()) return s;
  if (!(in.daily_units > 0)) return reader.Error("daily_units", "expected a number > 0");
  if ((in.mde > 0) == (in.days > 0)) return reader.Error("", "give either mde (to get the days) or days (to get the mde)");
  if (in.mde > 0 && in.baseline + in.mde >= 1) return reader.Error("mde", "baseline + mde must stay below 1");
  return in;
}

absl::StatusOr<nlohmann::ordered_json> PlanExperiment(const PlanInput& in) {
  const double per_variant_daily = in.daily_units / in.variants;
  double mde = in.mde, units = 0, days = in.days;
  if (mde > 0) {
    units = std::ceil(UnitsPerVariant(in.baseline, mde, in.alpha, in.power));
    days = std::ceil(units / per_variant_daily);
  } else {
    // The smallest lift whose sample fits in the days: units fall as the lift grows.
    const double available = std::floor(per_variant_daily * days);
    double lo = 1e-9, hi = 1 - in.baseline - 1e-9;
    if (UnitsPerVariant(in.baseline, hi, in.alpha, in.power) > available) {
      return absl::InvalidArgumentError(absl::StrCat("plan: ", available,
                                                     " units per variant cannot detect any lift at this power"));
    }
    for (int i = 0; i < 200; ++i) {
      const double mid = (lo + hi) / 2;
      if (UnitsPerVariant(in.baseline, mid, in.alpha, in.power) > available) lo = mid; else hi = mid;
    }
    mde = hi;
    units = available;
  }
  nlohmann::ordered_json out;
  out["baseline"] = in.baseline;
  out["daily_units"] = in.daily_units;
  out["variants"] = in.variants;
  out["alpha"] = in.alpha;
  out["power"] = in.power;
  out["units_per_variant"] = static_cast<int64_t>(units);
  out["days"] = Round6(days);
  out["mde"] = Round6(mde);
  out["relative_mde"] = Round6(mde / in.baseline);
  out["method"] = "two-sided two-proportion test, equal allocation, each variant against control (Fleiss, no continuity correction)";
  return out;
}

}  // namespace fl
