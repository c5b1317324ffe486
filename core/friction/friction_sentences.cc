// The sentences a designer reads: one per friction point.

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/friction/friction_analysis.h"

namespace fl {

namespace {

std::string Percent(double rate) { return absl::StrCat(std::llround(rate * 100), "%"); }

// 1234567.8 -> "1,234,568"
std::string Grouped(double x) {
  const long long v = std::llround(x);
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string Range(const Interval& i) {
  const long long lo = std::llround(i.lo);
  return lo < 0 ? absl::StrCat(Grouped(i.lo), " to ", Grouped(i.hi))
                : absl::StrCat(Grouped(i.lo), "-", Grouped(i.hi));
}

// "rage clicks on #apply-coupon", "going back to Cart", "errors (payment_declined)".
std::string What(const FrictionPoint& p) {
  SignalKind kind = SignalKind::kRageClick;
  SignalFromName(p.signal, &kind);
  if (p.labels.size() > 1) {
    std::vector<std::string> labels;
    for (const std::string& name : p.labels) {
      SignalKind k;
      if (SignalFromName(name, &k)) labels.push_back(SignalLabel(k));
    }
    std::string joined = absl::StrJoin(labels, " and ");
    return p.target.empty() ? joined : absl::StrCat(joined, " on ", p.target);
  }
  if (p.target.empty()) return SignalLabel(kind);
  switch (kind) {
    case SignalKind::kRageClick:
    case SignalKind::kDeadClick:
    case SignalKind::kErrorClick:
      return absl::StrCat(SignalLabel(kind), " on ", p.target);
    case SignalKind::kBacktrack:
      return absl::StrCat("going back to ", p.target);
    case SignalKind::kRepeatStep:
      return absl::StrCat("repeating ", p.target);
    case SignalKind::kQuickBack:
      return absl::StrCat("quick backs from ", p.target);
    default:
      return absl::StrCat(SignalLabel(kind), " (", p.target, ")");
  }
}

}  // namespace

std::string FrictionSentence(const FrictionPoint& p, const FrictionResult& result) {
  std::string s = absl::StrCat(p.stage, ": ", What(p), ": ", Grouped(static_cast<double>(p.affected)),
                               p.affected == 1 ? " user" : " users");
  if (!p.enough_data) return absl::StrCat(s, " (not enough data)");
  std::string verb, lost, more;
  if (p.compare == "outcome") {
    verb = result.outcome_label;
    lost = absl::StrCat(" lost ", result.outcome_noun);
    more = absl::StrCat(" more ", result.outcome_noun);
  } else if (p.compare == "next_step") {
    verb = absl::StrCat("continue to ", p.next_step);
    lost = absl::StrCat(" fewer reach ", p.next_step);
    more = absl::StrCat(" more reach ", p.next_step);
  } else {
    verb = absl::StrCat("reach ", result.order_step);
    lost = absl::StrCat(" lost ", result.settings.conversion_noun);
    more = absl::StrCat(" more ", result.settings.conversion_noun);
  }
  absl::StrAppend(&s, ", ", Percent(p.affected_conversion), " ", verb, " vs ",
                  Percent(p.baseline_conversion), "; ");
  if (p.lost_conversions >= 0) {
    absl::StrAppend(&s, "about ", Grouped(p.lost_conversions), lost);
    absl::StrAppend(&s, " (95% CI ", Range(p.lost_conversions_ci95), ")");
  } else {
    // A gain: its interval in gained conversions, so that it reads the right way round.
    absl::StrAppend(&s, "no loss: about ", Grouped(-p.lost_conversions), more);
    absl::StrAppend(&s, " (95% CI ", Range({-p.lost_conversions_ci95.hi, -p.lost_conversions_ci95.lo}), ")");
  }
  if (p.has_revenue && p.lost_conversions > 0) {
    absl::StrAppend(&s, " worth about ", Grouped(p.revenue_at_risk));
  }
  if (!p.segments.empty()) {
    const SegmentConcentration& top = p.segments.front();
    absl::StrAppend(&s, ", mostly ", top.property, "=", top.value, " (", Percent(top.affected_share),
                    ")");
  }
  if (!p.significant) {
    absl::StrAppend(&s, " (not significant, q = ", absl::StrFormat("%.2g", p.q_value.value_or(1.0)),
                    ")");
  }
  return s;
}

bool LosesConversions(const FrictionPoint& p) {
  return p.enough_data && p.difference_ci95.hi < 0 && p.lost_conversions > 0;
}

bool GainsConversions(const FrictionPoint& p) {
  return p.enough_data && p.difference_ci95.lo > 0;
}

std::vector<size_t> TopFrictionPoints(const FrictionResult& result, size_t n) {
  std::vector<size_t> out;
  for (int pass = 0; pass < 2 && out.size() < n; ++pass) {
    for (size_t i = 0; i < result.points.size() && out.size() < n; ++i) {
      const FrictionPoint& p = result.points[i];
      if (!LosesConversions(p)) continue;
      if (p.significant != (pass == 0)) continue;
      out.push_back(i);
    }
  }
  return out;
}

std::vector<size_t> SignalsWithoutLoss(const FrictionResult& result, size_t n) {
  std::vector<size_t> out;
  // Points are ranked by lost conversions, so the biggest gains come last.
  for (size_t i = result.points.size(); i-- > 0 && out.size() < n;) {
    const FrictionPoint& p = result.points[i];
    if (p.significant && GainsConversions(p)) out.push_back(i);
  }
  return out;
}

std::vector<std::string> TopFrictionSentences(const FrictionResult& result, size_t n) {
  std::vector<std::string> out;
  for (size_t i : TopFrictionPoints(result, n)) out.push_back(FrictionSentence(result.points[i], result));
  return out;
}

}  // namespace fl
