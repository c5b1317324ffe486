#ifndef FRICTIONLENS_CORE_FRICTION_SESSION_SCORES_H_
#define FRICTIONLENS_CORE_FRICTION_SESSION_SCORES_H_

// A friction score per session: the sum of the weights of the signals that happened
// in it, each occurrence counted (defaults: rage click 3, error 2, failed delivery 3,
// late delivery 2, refund or return 2, low review 2, dead click, loops, quick back,
// slow step and support contact 1; error click 0, as its error already counts).
// Sessions are counted at the stage of their last event, in buckets
// "0" (no friction), "1-2" (under 3), "3-5" (under 6), "6-9" (under 10) and "10+".
// Every unit's sessions count, in progress or not.
//   a session with 2 rage clicks and a dead click scores 7 -> bucket "6-9".

#include <array>
#include <string>
#include <vector>

#include "core/friction/friction_result.h"
#include "core/friction/signals.h"
#include "core/friction/unit_run.h"

namespace fl {

// Bucket labels, and the bucket of a score.
const std::vector<std::string>& ScoreBucketLabels();
size_t ScoreBucket(double score);

// Fed every unit with its hits as scored (own, then slow steps), in unit order; gives
// rows per stage (all stages, empty ones included) and the total row.
class SessionScores {
 public:
  SessionScores(const std::vector<std::string>& stage_names,
                const std::array<double, kSignalKindCount>& weights);
  void Add(const FrictionUnit& unit, const std::vector<FrictionUnit::Hit>& hits);
  void Finish(std::vector<SessionScoreRow>* rows, SessionScoreRow* total);

 private:
  const std::array<double, kSignalKindCount>& weights_;
  std::vector<SessionScoreRow> rows_;
  SessionScoreRow total_;
  std::vector<double> sums_;
  double total_sum_ = 0;
  std::vector<double> score_;  // per session of the unit being added
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_SESSION_SCORES_H_
