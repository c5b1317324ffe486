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
#include <algorithm>
#include <utility>
#include <vector>

#include "core/event_table.h"

namespace fl {

// True when rows are grouped by user: user ids are numbered in first-seen order, so
// each row's user is the previous row's or the next new one. Then user_begin is
// filled (otherwise it is left unspecified).
bool GroupedByUser(const std::vector<uint32_t>& user, size_t user_count, std::vector<uint32_t>* user_begin);

// For rows grouped by user: the slices of the users whose rows are not in time order,
// and for each of them in turn the old row of every new position (sorted by time,
// ties in input order). Rows outside the ranges stay where they are, and each range
// is a permutation of itself, so columns are reordered in place, range by range, with
// no permutation of the whole table (4 bytes a row) and no second copy of a column.
struct LocalOrder {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  std::vector<uint32_t> sources;  // concatenated over the ranges
};
LocalOrder TimeOrderWithinUsers(const std::vector<int64_t>& time_ms, const std::vector<uint32_t>& user_begin);

// The permutation (new position -> old row) and user_begin offsets, for rows in any
// order: a counting sort by user (stable), then (time, row) within each user.
void SortByUserAndTime(const std::vector<uint32_t>& user, size_t user_count, const std::vector<int64_t>& time_ms,
                       std::vector<uint32_t>* order, std::vector<uint32_t>* user_begin);

// column = column[order], through one gathered copy. (Following the permutation's
// cycles in place would save that copy, 8 bytes a row for the times, but took 1.7 s
// instead of 0.2 s on 10 M time-ordered rows: two random accesses a row instead of one.)
template <typename T>
void ApplyOrder(const std::vector<uint32_t>& order, std::vector<T>* column) {
  std::vector<T> sorted(order.size());
  for (size_t i = 0; i < order.size(); ++i) sorted[i] = (*column)[order[i]];
  column->swap(sorted);
}

// Reorders the rows of `local`'s ranges only.
template <typename T>
void ApplyOrderInRanges(const LocalOrder& local, std::vector<T>* column) {
  std::vector<T> moved;
  const uint32_t* source = local.sources.data();
  for (const auto& [begin, end] : local.ranges) {
    moved.clear();
    for (uint32_t i = begin; i < end; ++i) moved.push_back((*column)[*source++]);
    std::copy(moved.begin(), moved.end(), column->begin() + begin);
  }
}

// Fills table->session (per user), table->user_first_session and
// table->session_count. `session_values` (sorted like the table) is null when there is
// no session column. A session is a run of one value in time order, so a session id
// that comes back after another (two devices of one stitched person used at once)
// starts a new session; the count of users where that happens is returned, for a
// warning: with `unit: sessions` each such run counts as a session of its own.
int64_t AssignSessions(const std::vector<uint32_t>* session_values, int64_t session_gap_ms, EventTable* table);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_EVENT_ORDER_H_
