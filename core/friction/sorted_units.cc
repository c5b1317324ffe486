#include "core/friction/sorted_units.h"

namespace fl {

namespace {

// Merges two name-ordered sequences of unit numbers, a(i) for i < na and b(j) for
// j < nb, into `out`; among equal names a's come first.
template <typename A, typename B, typename Less>
void MergeNumbers(A a, size_t na, B b, size_t nb, const Less& less, std::vector<uint32_t>* out) {
  out->reserve(na + nb);
  size_t i = 0, j = 0;
  while (i < na && j < nb) out->push_back(less(b(j), a(i)) ? b(j++) : a(i++));
  while (i < na) out->push_back(a(i++));
  while (j < nb) out->push_back(b(j++));
}

}  // namespace

SortedUnits::SortedUnits(const std::vector<UnitRun>& runs) : runs_(runs) {
  std::vector<uint32_t> filled;
  run_begin_.push_back(0);
  for (uint32_t r = 0; r < runs.size(); ++r) {
    size_ += runs[r].size();
    run_begin_.push_back(static_cast<uint32_t>(size_));
    if (!runs[r].empty()) filled.push_back(r);
  }
  if (filled.empty()) return;
  if (filled.size() == 1) {
    single_ = &runs[filled[0]];
    return;
  }
  auto less = [this](uint32_t a, uint32_t b) {
    const size_t ra = RunOf(a), rb = RunOf(b);
    return runs_[ra].User(a - run_begin_[ra]) < runs_[rb].User(b - run_begin_[rb]);
  };
  // Merge neighbouring runs, round by round: n log(runs) compares, and equal names keep
  // the order of their runs. The first round reads the runs' numbers directly.
  std::vector<std::vector<uint32_t>> lists;
  for (size_t k = 0; k < filled.size(); k += 2) {
    std::vector<uint32_t>& list = lists.emplace_back();
    const uint32_t a = run_begin_[filled[k]];
    auto a_at = [a](size_t i) { return static_cast<uint32_t>(a + i); };
    if (k + 1 == filled.size()) {
      MergeNumbers(a_at, runs[filled[k]].size(), a_at, 0, less, &list);
      continue;
    }
    const uint32_t b = run_begin_[filled[k + 1]];
    MergeNumbers(a_at, runs[filled[k]].size(), [b](size_t j) { return static_cast<uint32_t>(b + j); },
                 runs[filled[k + 1]].size(), less, &list);
  }
  while (lists.size() > 1) {
    std::vector<std::vector<uint32_t>> next;
    for (size_t i = 0; i + 1 < lists.size(); i += 2) {
      const std::vector<uint32_t>& a = lists[i];
      const std::vector<uint32_t>& b = lists[i + 1];
      MergeNumbers([&a](size_t k) { return a[k]; }, a.size(), [&b](size_t k) { return b[k]; }, b.size(), less,
                   &next.emplace_back());
      std::vector<uint32_t>().swap(lists[i]);
      std::vector<uint32_t>().swap(lists[i + 1]);
    }
    if (lists.size() % 2 == 1) next.push_back(std::move(lists.back()));
    lists = std::move(next);
  }
  refs_ = std::move(lists.front());
}

}  // namespace fl
