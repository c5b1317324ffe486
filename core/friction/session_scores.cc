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

SessionScores::SessionScores(const std::vector<std::string>& stage_names,
                             const std::array<double, kSignalKindCount>& weights)
    : weights_(weights), rows_(stage_names.size()), sums_(stage_names.size(), 0.0) {
  const size_t buckets = ScoreBucketLabels().size();
  for (size_t s = 0; s < stage_names.size(); ++s) {
    rows_[s].stage_index = static_cast<int>(s);
    rows_[s].stage = stage_names[s];
    rows_[s].counts.assign(buckets, 0);
  }
  total_.stage_index = -1;
  total_.stage = "All stages";
  total_.counts.assign(buckets, 0);
}

void SessionScores::Add(const FrictionUnit& unit, const std::vector<FrictionUnit::Hit>& hits) {
  score_.assign(unit.session_stage.size(), 0.0);
  for (const FrictionUnit::Hit& hit : hits) {
    if (hit.session < score_.size()) score_[hit.session] += weights_[static_cast<int>(hit.kind)];
  }
  for (size_t i = 0; i < score_.size(); ++i) {
    const int stage = unit.session_stage[i];
    if (stage < 0 || stage >= static_cast<int>(rows_.size())) continue;
    SessionScoreRow& row = rows_[stage];
    ++row.sessions;
    ++row.counts[ScoreBucket(score_[i])];
    sums_[stage] += score_[i];
    ++total_.sessions;
    ++total_.counts[ScoreBucket(score_[i])];
    total_sum_ += score_[i];
  }
}

void SessionScores::Finish(std::vector<SessionScoreRow>* rows, SessionScoreRow* total) {
  for (size_t s = 0; s < rows_.size(); ++s) {
    if (rows_[s].sessions > 0) rows_[s].mean_score = sums_[s] / rows_[s].sessions;
  }
  if (total_.sessions > 0) total_.mean_score = total_sum_ / total_.sessions;
  *rows = std::move(rows_);
  *total = std::move(total_);
}

}  // namespace fl
