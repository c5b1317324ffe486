#include "core/ingest/identity_stitching.h"

#include <algorithm>
#include <numeric>

namespace fl {
namespace {

uint32_t Find(std::vector<uint32_t>& parent, uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];  // path halving
    x = parent[x];
  }
  return x;
}

}  // namespace

StitchResult StitchIdentities(const Dictionary& users, const std::vector<uint8_t>& ranks,
                              const std::vector<std::pair<uint32_t, uint32_t>>& links,
                              const std::vector<bool>& has_rows) {
  const uint32_t n = static_cast<uint32_t>(users.size());
  auto rank = [&](uint32_t id) -> uint8_t { return id < ranks.size() ? ranks[id] : 255; };
  // The better name of two ids: lower rank, then smaller text.
  auto better = [&](uint32_t a, uint32_t b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return users.Value(a) < users.Value(b);
  };
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  for (const auto& [a, b] : links) {
    const uint32_t ra = Find(parent, a), rb = Find(parent, b);
    if (ra == rb) continue;
    // The root is always the component's best id: the union is order-independent.
    if (better(ra, rb)) {
      parent[rb] = ra;
    } else {
      parent[ra] = rb;
    }
  }
  StitchResult result;
  result.person_of.resize(n);
  std::vector<int64_t> size(n, 0);
  for (uint32_t id = 0; id < n; ++id) {
    result.person_of[id] = Find(parent, id);
    ++size[result.person_of[id]];
  }
  std::vector<bool> person_has_rows(n, false);
  for (uint32_t id = 0; id < n; ++id) {
    if (id < has_rows.size() && has_rows[id]) person_has_rows[result.person_of[id]] = true;
  }
  for (uint32_t id = 0; id < n; ++id) {
    if (!person_has_rows[result.person_of[id]]) continue;  // ids of identify calls alone
    ++result.stats.ids;
    if (result.person_of[id] == id) {
      ++result.stats.persons;
      result.stats.largest = std::max(result.stats.largest, size[id]);
    } else {
      ++result.stats.merged_ids;
    }
  }
  return result;
}

}  // namespace fl
