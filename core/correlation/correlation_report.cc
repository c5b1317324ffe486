#include "core/correlation/correlation_report.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "core/display_text.h"
#include "core/stats/intervals.h"
#include "core/stats/multiple_testing.h"
#include "core/stats/odds_ratio.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr int kSentencesPerDirection = 3;

struct Tested {
  uint64_t key;
  const CandidateCounts* counts;
  CandidateName name;
  OddsRatio odds;
  double p = 1, q = 1;
};

double Rate(int64_t part, int64_t whole) { return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0; }

oj Ci95(int64_t part, int64_t whole) {
  const Interval ci = WilsonInterval(part, whole);
  return oj::array({CorrelationRound6(ci.lo), CorrelationRound6(ci.hi)});
}

std::string DisplayQ(double q) { return q < 0.001 ? "q < 0.001" : absl::StrFormat("q = %.3f", q); }

oj CandidateJson(const Tested& t, const TransitionCounts& all) {
  const CandidateCounts& c = *t.counts;
  const int64_t dropped_without = all.dropped - c.dropped, converted_without = all.converted - c.converted;
  oj out = t.name.fields;
  out["dropped_with"] = c.dropped;
  out["dropped_without"] = dropped_without;
  out["converted_with"] = c.converted;
  out["converted_without"] = converted_without;
  out["drop_rate_with"] = CorrelationRound6(Rate(c.dropped, c.dropped + c.converted));
  out["drop_rate_with_ci95"] = Ci95(c.dropped, c.dropped + c.converted);
  out["drop_rate_without"] = CorrelationRound6(Rate(dropped_without, dropped_without + converted_without));
  out["drop_rate_without_ci95"] = Ci95(dropped_without, dropped_without + converted_without);
  out["odds_ratio"] = CorrelationRound6(t.odds.estimate);
  out["odds_ratio_ci95"] = oj::array({CorrelationRound6(t.odds.lo), CorrelationRound6(t.odds.hi)});
  out["corrected"] = t.odds.corrected;
  out["posthog_odds_ratio"] = CorrelationRound6(PostHogSuccessOddsRatio(c.converted, c.dropped, all.converted, all.dropped));
  out["p_value"] = CorrelationRound6(t.p);
  out["q_value"] = CorrelationRound6(t.q);
  oj examples = oj::array();
  for (const std::string& user : t.odds.estimate > 1 ? c.dropped_examples : c.converted_examples) examples.push_back(user);
  out["examples"] = std::move(examples);
  return out;
}

// "Between Cart and Checkout, units who did js_error dropped more: 100.0% of 6 against
// 15.3% of 8,891 (odds ratio 72, 95% CI 4.1–1278, q < 0.001); e.g. users 105056, 107192"
std::string Sentence(const oj& c, const Tested& t, const TransitionNames& names) {
  const int64_t with = c["dropped_with"].get<int64_t>() + c["converted_with"].get<int64_t>();
  const int64_t without = c["dropped_without"].get<int64_t>() + c["converted_without"].get<int64_t>();
  std::string s = absl::StrCat(
      "Between ", names.step, " and ", names.next_step, ", units who ", t.name.words,
      t.odds.estimate > 1 ? " dropped more: " : " dropped less: ",
      DisplayPercent(c["drop_rate_with"].get<double>()), " of ", DisplayCount(with), " against ",
      DisplayPercent(c["drop_rate_without"].get<double>()), " of ", DisplayCount(without), " (odds ratio ",
      DisplayRatio(t.odds.estimate), ", 95% CI ", DisplayRatioRange(t.odds.lo, t.odds.hi), ", ",
      DisplayQ(t.q), ")");
  std::vector<std::string> users;
  for (const auto& u : c["examples"]) users.push_back(u.get<std::string>());
  if (!users.empty()) absl::StrAppend(&s, "; e.g. ", users.size() == 1 ? "user " : "users ", absl::StrJoin(users, ", "));
  return s;
}

}  // namespace

double CorrelationRound6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;
}

oj TransitionReport(const TransitionCounts& counts, const TransitionNames& names, const CorrelationSettings& settings,
                    oj* sentences) {
  std::vector<Tested> tested;
  int64_t below_min = 0;
  for (const auto& [key, c] : counts.candidates) {
    if (c.dropped + c.converted < settings.min_units) {
      ++below_min;
      continue;
    }
    const int64_t b = counts.dropped - c.dropped, d = counts.converted - c.converted;
    Tested t{key, &c, names.candidate(key), WoolfOddsRatio(c.dropped, b, c.converted, d)};
    t.p = FisherExactTwoSided(c.dropped, b, c.converted, d);
    tested.push_back(std::move(t));
  }
  std::sort(tested.begin(), tested.end(), [](const Tested& a, const Tested& b) { return a.key < b.key; });
  std::vector<double> p;
  for (const Tested& t : tested) p.push_back(t.p);
  const std::vector<double> q = BenjaminiHochberg(p);
  for (size_t i = 0; i < tested.size(); ++i) tested[i].q = q[i];

  std::vector<const Tested*> dropping, converting;
  for (const Tested& t : tested) {
    if (!(t.q < settings.alpha) || t.odds.estimate == 1) continue;
    (t.odds.estimate > 1 ? dropping : converting).push_back(&t);
  }
  // Ties (equal effect and p, common between events that always come together) go by
  // the candidate's words, not its key: keys hold dictionary ids, which follow the
  // input's first-seen order, so the same rows in another order would list them
  // otherwise (found on a time-ordered export against the same rows grouped by user).
  auto by_effect = [](const Tested* a, const Tested* b) {
    const double ea = std::fabs(std::log(a->odds.estimate)), eb = std::fabs(std::log(b->odds.estimate));
    if (ea != eb) return ea > eb;
    if (a->p != b->p) return a->p < b->p;
    if (a->name.words != b->name.words) return a->name.words < b->name.words;
    return a->key < b->key;
  };
  std::sort(dropping.begin(), dropping.end(), by_effect);
  std::sort(converting.begin(), converting.end(), by_effect);

  oj out;
  out["step"] = names.step;
  out["next_step"] = names.next_step;
  out["units"] = counts.dropped + counts.converted;
  out["dropped"] = counts.dropped;
  out["converted"] = counts.converted;
  out["in_progress"] = counts.in_progress;
  out["skipped"] = counts.skipped;
  out["drop_rate"] = CorrelationRound6(Rate(counts.dropped, counts.dropped + counts.converted));
  out["drop_rate_ci95"] = Ci95(counts.dropped, counts.dropped + counts.converted);
  out["candidates"] = static_cast<int64_t>(counts.candidates.size());
  out["below_min_units"] = below_min;
  out["tested"] = static_cast<int64_t>(tested.size());
  out["significant"] = static_cast<int64_t>(dropping.size() + converting.size());
  out["not_significant"] = static_cast<int64_t>(tested.size() - dropping.size() - converting.size());
  for (const auto& [list, key] : {std::make_pair(&dropping, "with_dropping"), std::make_pair(&converting, "with_converting")}) {
    oj listed = oj::array();
    for (size_t i = 0; i < list->size() && static_cast<int>(i) < settings.top; ++i) {
      oj c = CandidateJson(*(*list)[i], counts);
      if (static_cast<int>(i) < kSentencesPerDirection) sentences->push_back(Sentence(c, *(*list)[i], names));
      listed.push_back(std::move(c));
    }
    out[key] = std::move(listed);
  }
  out["not_listed"] = {
      {"with_dropping", static_cast<int64_t>(dropping.size() - std::min<size_t>(dropping.size(), settings.top))},
      {"with_converting", static_cast<int64_t>(converting.size() - std::min<size_t>(converting.size(), settings.top))}};
  return out;
}

}  // namespace fl
