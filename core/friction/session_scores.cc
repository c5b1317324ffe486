#include "core/friction/session_scores.h"

namespace fl {

const std::vector<std::string>& ScoreBucketLabels() {
  static const std::vector<std::string>* const kLabels =
      new std::vector<std::string>{"0", "1-2", "3-5", "6-9", "10+"};
  return *kLabels;
}

size_t ScoreBucket(double score) {
  if (score <= 0) return 0;
  if (score < 3) return 1;
  if (score < 6) return 2;
  if (score < 10) return 3;
  return 4;
}

void ScoreSessions(const std::vector<const FrictionUnit*>& units,
                   const UnitHits& hits,
                   const std::vector<std::string>& stage_names,
                   const std::array<double, kSignalKindCount>& weights,
                   std::vector<SessionScoreRow>* rows, SessionScoreRow* total) {
  const size_t buckets = ScoreBucketLabels().size();
  rows->assign(stage_names.size(), SessionScoreRow{});
  for (size_t s = 0; s < stage_names.size(); ++s) {
    (*rows)[s].stage_index = static_cast<int>(s);
    (*rows)[s].stage = stage_names[s];
    (*rows)[s].counts.assign(buckets, 0);
  }
  *total = SessionScoreRow{};
  total->stage_index = -1;
  total->stage = "All stages";
  total->counts.assign(buckets, 0);
  std::vector<double> sums(stage_names.size(), 0.0);
  double total_sum = 0;
  std::vector<double> score;
  for (size_t u = 0; u < units.size(); ++u) {
    const FrictionUnit& unit = *units[u];
    score.assign(unit.session_stage.size(), 0.0);
    hits.ForEach(u, [&](const FrictionUnit::Hit& hit) {
      if (hit.session < score.size()) score[hit.session] += weights[static_cast<int>(hit.kind)];
    });
    for (size_t i = 0; i < score.size(); ++i) {
      const int stage = unit.session_stage[i];
      if (stage < 0 || stage >= static_cast<int>(rows->size())) continue;
      SessionScoreRow& row = (*rows)[stage];
      ++row.sessions;
      ++row.counts[ScoreBucket(score[i])];
      sums[stage] += score[i];
      ++total->sessions;
      ++total->counts[ScoreBucket(score[i])];
      total_sum += score[i];
    }
  }
  for (size_t s = 0; s < rows->size(); ++s) {
    if ((*rows)[s].sessions > 0) (*rows)[s].mean_score = sums[s] / (*rows)[s].sessions;
  }
  if (total->sessions > 0) total->mean_score = total_sum / total->sessions;
}

}  // namespace fl
