#include "core/correlation/correlation_counts.h"

#include <algorithm>
#include <iterator>

namespace fl {

std::vector<std::string> MergeExamples(const std::vector<std::string>& a, const std::vector<std::string>& b, int keep) {
  std::vector<std::string> out;
  std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > static_cast<size_t>(keep)) out.resize(static_cast<size_t>(keep));
  return out;
}

void AddExample(const std::string& name, int keep, std::vector<std::string>* list) {
  if (keep <= 0) return;
  const auto at = std::lower_bound(list->begin(), list->end(), name);
  if (at != list->end() && *at == name) return;  // a user with several units is listed once
  if (list->size() == static_cast<size_t>(keep)) {
    if (at == list->end()) return;
    list->pop_back();
  }
  list->insert(std::lower_bound(list->begin(), list->end(), name), name);
}

void TransitionCounts::Merge(TransitionCounts&& other, int examples) {
  dropped += other.dropped;
  converted += other.converted;
  in_progress += other.in_progress;
  skipped += other.skipped;
  for (auto& [key, theirs] : other.candidates) {
    CandidateCounts& mine = candidates[key];
    mine.dropped += theirs.dropped;
    mine.converted += theirs.converted;
    mine.dropped_examples = MergeExamples(mine.dropped_examples, theirs.dropped_examples, examples);
    mine.converted_examples = MergeExamples(mine.converted_examples, theirs.converted_examples, examples);
  }
  other = TransitionCounts();
}

}  // namespace fl
