#ifndef FRICTIONLENS_CORE_PATHS_PATH_COUNTS_H_
#define FRICTIONLENS_CORE_PATHS_PATH_COUNTS_H_

// One list of a paths report ("what came next after Cart", "what came before it"): per
// label, the units and the exact multiset of their times (DurationCounts), so that any
// split of the users merges to the same counts and the same medians. Its report form
// lists the `top` labels by units (then by name), each with its share of the list's
// units (Wilson interval) and the median and p90 time, the rest in "(other)".

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "core/paths/path_labels.h"
#include "core/stats/duration_counts.h"
#include "core/stats/report_numbers.h"
#include "nlohmann/json.hpp"

namespace fl {

struct LabelTimes {
  int64_t units = 0;
  DurationCounts times;  // only for labels that are events (not "(no further event)")
};

class PathList {
 public:
  // A unit whose list entry is `label`, `ms` after (or before) the step; ms < 0: no time.
  void Add(uint32_t label, int64_t ms) {
    ++units_;
    LabelTimes& entry = by_label_[label];
    ++entry.units;
    if (ms >= 0) entry.times.Add(ms);
  }
  void Merge(PathList&& other);
  int64_t units() const { return units_; }
  const std::map<uint32_t, LabelTimes>& by_label() const { return by_label_; }

  // {"units", "events": [{"event", "units", "share", "share_ci95", "median_ms", "p90_ms"}],
  //  "other": {"events", "units", "share"}}
  nlohmann::ordered_json Report(const PathLabels& labels, int top) const;
  // Partial form: {"units", "labels": [[name, units, [[ms, n]...]]...]} by name.
  nlohmann::ordered_json ToJson(const PathLabels& labels) const;
  absl::Status ReadJson(const nlohmann::json& json, const PathLabels& labels, const std::string& path);

 private:
  int64_t units_ = 0;
  std::map<uint32_t, LabelTimes> by_label_;
};

// Median (the mean of the two middle values for an even count) and p90 (nearest rank) of
// sorted (ms, units) pairs, as the funnel reports its times; false when empty.
bool MedianAndP90(const DurationCounts& times, double* median_ms, int64_t* p90_ms);

// [[ms, units]...] of `times`, sorted; and read back (each pair checked).
nlohmann::ordered_json TimesToJson(const DurationCounts& times);
absl::Status TimesFromJson(const nlohmann::json& json, const std::string& path, int64_t max_units,
                           DurationCounts* out);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_PATHS_PATH_COUNTS_H_
