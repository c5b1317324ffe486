#ifndef FRICTIONLENS_CORE_INGEST_EVENT_ROWS_H_
#define FRICTIONLENS_CORE_INGEST_EVENT_ROWS_H_

// The rows accepted so far, in input order, already interned into the columns of an
// EventTable (sorting and sessions come at Finish), plus the bookkeeping that lets
// Finish still name the file and line of any row: instead of a line per row (8 bytes)
// we keep an anchor whenever (line - row index) changes, which happens only at file
// starts, rejected rows, blank lines and multi-line records.

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/dictionary.h"
#include "core/event_table.h"
#include "core/ingest/recent_values.h"
#include "core/ingest/user_sessions.h"

namespace fl {

class EventRows {
 public:
  EventRows();

  // Global property column for `name` (created on first use; earlier rows get id 0).
  uint32_t PropertyIndex(std::string_view name);
  // Input column `name` is not read (projection): named in the table's
  // unread_properties, once.
  void NoteUnreadProperty(std::string_view name);
  // Starts keeping session values (earlier rows get the empty value).
  void EnableSessions();
  bool has_sessions() const { return sessions_enabled_; }

  // Appends an accepted row. `property_ids` holds one id per property column (see
  // property_count and InternProperty), 0 for missing.
  void Append(uint32_t file, int64_t line, std::string_view user, int64_t time_ms, std::string_view event,
              const uint32_t* property_ids);
  // The user of a row to be appended soon: starts loading its dictionary slot.
  void PrefetchUser(std::string_view user) const { table_.users.Prefetch(user); }
  size_t property_count() const { return table_.properties.size(); }
  // The value's id in a property column's dictionary (interned when new).
  uint32_t InternProperty(uint32_t property, std::string_view value) {
    return table_.properties[property].values.Intern(value);
  }
  // The interned text of a property value id. The text never moves (Dictionary keeps
  // its strings in place), so a view of it may be kept while rows are appended.
  const std::string& PropertyValue(uint32_t property, uint32_t id) const {
    return table_.properties[property].values.Value(id);
  }
  // For the row just appended. Session values are numbered per user (UserSessionIds):
  // session_values()[row] is comparable only with the same user's rows.
  void SetSession(std::string_view value) { session_value_.back() = sessions_.Intern(row_user_.back(), value); }
  // Users are about to be joined into persons (identity stitching, person_of[user]):
  // renumbers the session values per person, so that a person's rows with equal session
  // texts, under whichever of its ids, keep equal values.
  void RekeySessions(const std::vector<uint32_t>& person_of);

  // Appends every row of `later` (rows read from a later part of the input, in their
  // own dictionaries) after this one's, re-interning users, events, property values
  // and sessions, so that the result equals reading both parts in one go: ids stay in
  // first-seen order, rejections keep the first kMaxRejectionsKept in input order.
  // Columns are appended on up to `threads` threads.
  void AppendRows(EventRows&& later, int threads = 1);
  // Makes room for `rows` rows in every column (no regrowth while appending).
  void Reserve(size_t rows);

  // --- Identity (see identity_stitching.h) -------------------------------------------
  // A person id in the users dictionary, with the rank of the column it came from (0 =
  // the preferred column; a person is named after its best-ranked id).
  uint32_t InternIdentity(std::string_view id, uint8_t rank);
  // The user of the row just appended came from identity column `rank`.
  void RankLastUser(uint8_t rank) { NoteRank(row_user_.back(), rank); }
  uint32_t last_user() const { return row_user_.back(); }
  // Ids `a` and `b` (user ids) are one person.
  void Link(uint32_t a, uint32_t b) { links_.emplace_back(a, b); }
  // A row that only links ids (a Segment identify call): used, not an event.
  void CountIdentityRow() { ++table_.input.identity_rows; }
  bool has_identity() const { return !user_rank_.empty() || !links_.empty(); }
  std::vector<std::pair<uint32_t, uint32_t>>& links() { return links_; }
  std::vector<uint8_t>& user_ranks() { return user_rank_; }
  // Property columns holding a vendor's insert id: duplicates are dropped by them.
  void MarkInsertId(uint32_t property) { insert_id_columns_.insert(property); }
  const std::set<uint32_t>& insert_id_columns() const { return insert_id_columns_; }

  // Counts a rejected row and keeps the first InputStats::kMaxRejectionsKept.
  void Reject(uint32_t file, std::string_view file_name, int64_t line, int64_t column, std::string reason);
  // A data row was read (used or rejected).
  void CountRow() { ++table_.input.rows; }

  // Where row `row` (an index into the columns) came from.
  void Locate(uint32_t row, uint32_t* file, int64_t* line) const;

  size_t size() const { return table_.time_ms.size(); }
  EventTable& table() { return table_; }
  const EventTable& table() const { return table_; }
  // Per row, the user's id in table().users. Kept here, not in the table: Finish
  // needs it to sort, the finished table only user_begin.
  std::vector<uint32_t>& row_users() { return row_user_; }
  std::vector<uint32_t>& session_values() { return session_value_; }
  // File index of each kept rejection (parallel to table().input.rejections).
  const std::vector<uint32_t>& rejection_files() const { return rejection_files_; }

 private:
  struct Anchor {
    uint32_t first_row;
    uint32_t file;
    int64_t line_minus_row;
  };
  EventTable table_;
  // Property name -> column: finding a column is O(1) however wide the header.
  absl::flat_hash_map<std::string, uint32_t> property_index_;
  std::vector<uint32_t> row_user_;
  bool sessions_enabled_ = false;
  UserSessionIds sessions_;
  std::vector<uint32_t> session_value_;  // per row: the id among its user's values, 0 = missing
  std::vector<Anchor> anchors_;
  std::vector<uint32_t> rejection_files_;
  void NoteRank(uint32_t user, uint8_t rank) {
    if (user_rank_.size() <= user) user_rank_.resize(table_.users.size(), kNoRank);
    if (rank < user_rank_[user]) user_rank_[user] = rank;
  }
  static constexpr uint8_t kNoRank = 255;
  std::vector<uint8_t> user_rank_;  // per user id, once identity is tracked
  std::vector<std::pair<uint32_t, uint32_t>> links_;
  std::set<uint32_t> insert_id_columns_;
  // Ids and texts of the last row's user and event: rows come grouped by user more
  // often than not, so comparing with the previous value skips most hash lookups.
  uint32_t last_user_ = Dictionary::kNotFound;
  std::string_view last_user_text_;
  RecentValues recent_events_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_EVENT_ROWS_H_
