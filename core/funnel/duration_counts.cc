#include "core/funnel/duration_counts.h"

#include <algorithm>

namespace fl {
namespace {

// Merges two sorted run-length lists, adding the units of equal values.
std::vector<DurationCounts::Pair> MergeSorted(const std::vector<DurationCounts::Pair>& a,
                                              const std::vector<DurationCounts::Pair>& b) {
  std::vector<DurationCounts::Pair> out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      out.emplace_back(a[i].first, a[i].second + b[j].second);
      ++i;
      ++j;
    }
  }
  return out;
}

}  // namespace

void DurationCounts::Merge(const DurationCounts& other) {
  Fold();
  sorted_ = MergeSorted(sorted_, other.Sorted());
}

const std::vector<DurationCounts::Pair>& DurationCounts::Sorted() const {
  Fold();
  return sorted_;
}

void DurationCounts::Fold() const {
  if (pending_.empty()) return;
  std::sort(pending_.begin(), pending_.end());
  std::vector<Pair> runs;
  for (const Pair& pair : pending_) {
    if (!runs.empty() && runs.back().first == pair.first) {
      runs.back().second += pair.second;
    } else {
      runs.push_back(pair);
    }
  }
  pending_.clear();
  sorted_ = sorted_.empty() ? std::move(runs) : MergeSorted(sorted_, runs);
}

}  // namespace fl
