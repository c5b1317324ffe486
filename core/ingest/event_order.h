#ifndef FRICTIONLENS_CORE_INGEST_EVENT_ORDER_H_
#define FRICTIONLENS_CORE_INGEST_EVENT_ORDER_H_

// Orders rows by (user, time, input order) and cuts sessions.
//
// Sorting is a counting sort by user (stable, so input order is kept) followed by a
// sort by (time, row) inside each user's slice, skipped when the slice is already in
// time order (the usual case for logs). No per-row allocation: one permutation array.
//
// Sessions, per user in time order: with a session column, a new session starts when
// the value changes; an empty value continues the current session (a row that lost
// its session id does not split a visit). Without one, a new session starts after a
// gap longer than session_gap_ms (gap == session_gap_ms stays in the session).
//   gap 30 min, times 10:00 10:20 10:51 -> sessions 0 0 1

#include <cstdint>
#include <vector>

#include "core/event_table.h"

namespace fl {

// The permutation (new position -> old row) and user_begin offsets.
void SortByUserAndTime(const std::vector<uint32_t>& user, size_t user_count, const std::vector<int64_t>& time_ms,
                       std::vector<uint32_t>* order, std::vector<uint32_t>* user_begin);

// column = column[order], in place through one temporary.
template <typename T>
void ApplyOrder(const std::vector<uint32_t>& order, std::vector<T>* column) {
  std::vector<T> sorted(order.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = (*column)[order[i]];
  column->swap(sorted);
}

// Fills table->session and table->session_count. `session_values` (sorted like the
// table) is null when there is no session column.
void AssignSessions(const std::vector<uint32_t>* session_values, int64_t session_gap_ms, EventTable* table);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_EVENT_ORDER_H_
