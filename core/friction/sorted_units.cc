#include "core/friction/sorted_units.h"

#include <algorithm>
#include <iterator>

namespace fl {

SortedUnits::SortedUnits(const std::vector<UnitRun>& runs) : runs_(runs) {
  std::vector<uint32_t> filled;
  for (uint32_t r = 0; r < runs.size(); ++r) {
    size_ += runs[r].size();
    if (!runs[r].empty()) filled.push_back(r);
  }
  if (filled.empty()) return;
  if (filled.size() == 1) {
    single_ = &runs[filled[0]];
    return;
  }
  std::vector<std::vector<Ref>> lists;
  for (uint32_t r : filled) {
    std::vector<Ref>& list = lists.emplace_back();
    list.reserve(runs[r].size());
    for (uint32_t i = 0; i < runs[r].size(); ++i) list.push_back({r, i});
  }
  auto less = [&runs](const Ref& a, const Ref& b) {
    return runs[a.run].User(a.index) < runs[b.run].User(b.index);
  };
  // Merge neighbouring runs, round by round: n log(runs) compares, and std::merge keeps
  // the left list's units first among equal names.
  while (lists.size() > 1) {
    std::vector<std::vector<Ref>> next;
    for (size_t i = 0; i + 1 < lists.size(); i += 2) {
      std::vector<Ref>& merged = next.emplace_back();
      merged.reserve(lists[i].size() + lists[i + 1].size());
      std::merge(lists[i].begin(), lists[i].end(), lists[i + 1].begin(), lists[i + 1].end(),
                 std::back_inserter(merged), less);
      std::vector<Ref>().swap(lists[i]);
      std::vector<Ref>().swap(lists[i + 1]);
    }
    if (lists.size() % 2 == 1) next.push_back(std::move(lists.back()));
    lists = std::move(next);
  }
  refs_ = std::move(lists.front());
}

}  // namespace fl
