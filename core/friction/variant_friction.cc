#include "core/friction/variant_friction.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

#include "core/friction/friction_context.h"
#include "core/stats/intervals.h"
#include "core/stats/proportions.h"

namespace fl {
namespace {

constexpr double kZ95 = 1.959963984540054;

std::string Percent(double x) { return absl::StrFormat("%.1f%%", 100 * x); }
std::string Points(double x) { return absl::StrFormat("%+.1f", 100 * x); }

}  // namespace

VariantSplit::VariantSplit(const SegmentDictionary& segments, const std::string& property,
                           const std::string& control, size_t units, int stages)
    : property_(property), variant_of_pair_(segments.size(), kNone), stages_(stages) {
  if (property.empty()) return;
  for (uint32_t pair : segments.SortedByText()) {  // names_ come out in text order
    if (segments.property(pair) != property) continue;
    if (segments.value(pair) == kMixedVariant) {
      mixed_pair_ = pair;
      continue;
    }
    variant_of_pair_[pair] = static_cast<int16_t>(names_.size());
    names_.push_back(segments.value(pair));
    if (names_.size() == INT16_MAX) break;  // more "variants" than any test has: stop
  }
  if (names_.empty()) return;
  for (size_t v = 0; v < names_.size(); ++v) {
    if (names_[v] == control) control_ = v;
  }
  variant_of_unit_.assign(units, kNone);
  units_.assign(names_.size(), 0);
  const size_t cells = static_cast<size_t>(stages + 1) * names_.size();
  population_.assign(cells, 0);
  converted_order_.assign(cells, 0);
  converted_next_.assign(cells, 0);
}

void VariantSplit::AddUnit(size_t u, const std::vector<uint32_t>& unit_segments, const StagePopulation& population) {
  if (!active()) return;
  int16_t v = kNone;
  for (uint32_t pair : unit_segments) {
    if (pair == mixed_pair_) ++mixed_;
    if (pair < variant_of_pair_.size() && variant_of_pair_[pair] != kNone) v = variant_of_pair_[pair];
  }
  variant_of_unit_[u] = v;
  if (v == kNone) return;
  ++units_[v];
  for (int s = 0; s <= stages_; ++s) {
    if (!population.Eligible(u, s)) continue;
    const size_t cell = static_cast<size_t>(s) * names_.size() + v;
    ++population_[cell];
    converted_order_[cell] += population.ConvertedOrder(u, s);
    converted_next_[cell] += population.ConvertedNext(u, s);
  }
}

void VariantSplit::Score(const std::vector<uint32_t>& affected, const StagePopulation& population,
                         const FrictionSettings& settings, FrictionPoint* point) const {
  if (!active()) return;
  const size_t n = names_.size();
  const int s = point->stage_index;
  const bool by_next = point->compare == "next_step";
  std::vector<int64_t> hit(n, 0), hit_converted(n, 0);
  for (uint32_t u : affected) {
    const int16_t v = variant_of_unit_[u];
    if (v == kNone) continue;
    ++hit[v];
    hit_converted[v] += by_next ? population.ConvertedNext(u, s) : population.ConvertedOrder(u, s);
  }
  for (size_t v = 0; v < n; ++v) {
    const size_t cell = static_cast<size_t>(s) * n + v;
    VariantFriction f;
    f.variant = names_[v];
    f.units = population_[cell];
    f.affected = hit[v];
    f.affected_share = f.units > 0 ? static_cast<double>(f.affected) / f.units : 0;
    f.affected_share_ci95 = WilsonInterval(f.affected, f.units);
    const int64_t baseline = f.units - f.affected;
    const int64_t baseline_converted = (by_next ? converted_next_ : converted_order_)[cell] - hit_converted[v];
    const ProportionComparison cmp =
        CompareProportions(hit_converted[v], f.affected, baseline_converted, baseline, settings.min_affected);
    f.affected_conversion = cmp.rate1;
    f.baseline_conversion = cmp.rate2;
    f.enough_data = f.affected >= settings.min_affected && baseline >= settings.min_affected;
    const double a = static_cast<double>(f.affected);
    f.lost_conversions = -a * cmp.difference;
    f.lost_conversions_ci95 = {-a * cmp.difference_ci95.hi, -a * cmp.difference_ci95.lo};
    if (f.units > 0) {
      const double per = 1000.0 / static_cast<double>(f.units);
      f.lost_per_1000 = f.lost_conversions * per;
      f.lost_per_1000_ci95 = {f.lost_conversions_ci95.lo * per, f.lost_conversions_ci95.hi * per};
    }
    point->by_variant.push_back(f);
  }
  const VariantFriction& c = point->by_variant[control_];
  for (size_t v = 0; v < n; ++v) {
    if (v == control_) continue;
    const VariantFriction& b = point->by_variant[v];
    VariantFrictionDifference d;
    d.variant = b.variant;
    d.affected_share_difference = b.affected_share - c.affected_share;
    d.affected_share_difference_ci95 = NewcombeDifferenceInterval(b.affected, b.units, c.affected, c.units);
    d.p_value = TwoProportionZTestP(b.affected, b.units, c.affected, c.units);
    d.lost_numbers = b.enough_data && c.enough_data;
    if (d.lost_numbers) {
      const double se_b = (b.lost_per_1000_ci95.hi - b.lost_per_1000_ci95.lo) / (2 * kZ95);
      const double se_c = (c.lost_per_1000_ci95.hi - c.lost_per_1000_ci95.lo) / (2 * kZ95);
      const double half = kZ95 * std::sqrt(se_b * se_b + se_c * se_c);
      d.lost_per_1000_difference = b.lost_per_1000 - c.lost_per_1000;
      d.lost_per_1000_difference_ci95 = {d.lost_per_1000_difference - half, d.lost_per_1000_difference + half};
    }
    d.sentence = absl::StrCat(d.variant, ": ", Percent(b.affected_share), " affected vs ", Percent(c.affected_share),
                              " in ", c.variant, " (", Points(d.affected_share_difference), " pp, 95% CI ",
                              Points(d.affected_share_difference_ci95.lo), " to ",
                              Points(d.affected_share_difference_ci95.hi), ")");
    point->variant_differences.push_back(d);
  }
}

void VariantSplit::Describe(FrictionResult* result) const {
  if (!active()) return;
  result->variant_property = property_;
  result->variant_control = names_[control_];
  result->variants = names_;
  result->variant_units = units_;
  result->variant_mixed_units = mixed_;
}

}  // namespace fl
