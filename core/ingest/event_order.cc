#include "core/ingest/event_order.h"

#include <algorithm>

namespace fl {

bool GroupedByUser(const std::vector<uint32_t>& user, size_t user_count, std::vector<uint32_t>* user_begin) {
  const size_t n = user.size();
  user_begin->clear();
  user_begin->reserve(user_count + 1);
  for (size_t row = 0; row < n; ++row) {
    if (row > 0 && user[row] == user[row - 1]) continue;
    if (user[row] != user_begin->size()) return false;  // a user seen before comes back
    user_begin->push_back(static_cast<uint32_t>(row));
  }
  if (user_begin->size() != user_count) return false;
  user_begin->push_back(static_cast<uint32_t>(n));
  return true;
}

LocalOrder TimeOrderWithinUsers(const std::vector<int64_t>& time_ms, const std::vector<uint32_t>& user_begin) {
  LocalOrder local;
  for (size_t u = 0; u + 1 < user_begin.size(); ++u) {
    const uint32_t begin = user_begin[u], end = user_begin[u + 1];
    if (std::is_sorted(time_ms.begin() + begin, time_ms.begin() + end)) continue;
    local.ranges.emplace_back(begin, end);
    const size_t first = local.sources.size();
    for (uint32_t row = begin; row < end; ++row) local.sources.push_back(row);
    // Rows are in input order, so (time, row) is the stable order.
    std::sort(local.sources.begin() + first, local.sources.end(), [&](uint32_t a, uint32_t b) {
      return time_ms[a] != time_ms[b] ? time_ms[a] < time_ms[b] : a < b;
    });
  }
  return local;
}

void SortByUserAndTime(const std::vector<uint32_t>& user, size_t user_count, const std::vector<int64_t>& time_ms,
                       std::vector<uint32_t>* order, std::vector<uint32_t>* user_begin) {
  const size_t n = user.size();
  std::vector<uint32_t>& begin = *user_begin;
  begin.assign(user_count + 1, 0);
  for (uint32_t u : user) ++begin[u + 1];
  for (size_t u = 0; u < user_count; ++u) begin[u + 1] += begin[u];
  order->resize(n);
  {
    std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
    for (size_t row = 0; row < n; ++row) (*order)[next[user[row]]++] = static_cast<uint32_t>(row);
  }
  for (size_t u = 0; u < user_count; ++u) {
    auto first = order->begin() + begin[u];
    auto last = order->begin() + begin[u + 1];
    const bool sorted = std::is_sorted(first, last, [&](uint32_t a, uint32_t b) { return time_ms[a] < time_ms[b]; });
    if (sorted) continue;
    // Rows in a slice are in input order, so (time, row) is the stable order.
    std::sort(first, last, [&](uint32_t a, uint32_t b) {
      return time_ms[a] != time_ms[b] ? time_ms[a] < time_ms[b] : a < b;
    });
  }
}

int64_t AssignSessions(const std::vector<uint32_t>* session_values, int64_t session_gap_ms, EventTable* table) {
  const size_t users = table->user_count();
  table->session.assign(table->size(), 0);
  table->user_first_session.resize(users + 1);
  uint32_t next = 0;
  int64_t interleaved = 0;
  std::vector<uint32_t> seen;  // this user's session values so far
  for (size_t u = 0; u < users; ++u) {
    const uint32_t begin = table->user_begin[u];
    const uint32_t end = table->user_begin[u + 1];
    table->user_first_session[u] = next;
    uint32_t current_value = 0;
    uint32_t own = 0;  // sessions of this user so far
    bool resumed = false;
    seen.clear();
    for (uint32_t i = begin; i < end; ++i) {
      bool fresh = i == begin;
      if (session_values != nullptr) {
        const uint32_t v = (*session_values)[i];
        if (!fresh && v != 0 && current_value != 0 && v != current_value) fresh = true;
        if (v != 0 && v != current_value) {
          resumed = resumed || std::find(seen.begin(), seen.end(), v) != seen.end();
          seen.push_back(v);
          current_value = v;
        }
      } else if (!fresh) {
        fresh = table->time_ms[i] - table->time_ms[i - 1] > session_gap_ms;
      }
      if (fresh) ++own;
      if (own > 1) table->session.Set(i, own - 1);
    }
    next += own;
    interleaved += resumed;
  }
  table->user_first_session[users] = next;
  table->session_count = next;
  return interleaved;
}

}  // namespace fl
