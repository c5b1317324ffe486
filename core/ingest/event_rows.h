#ifndef FRICTIONLENS_CORE_INGEST_EVENT_ROWS_H_
#define FRICTIONLENS_CORE_INGEST_EVENT_ROWS_H_

// The rows accepted so far, in input order, already interned into the columns of an
// EventTable (sorting and sessions come at Finish), plus the bookkeeping that lets
// Finish still name the file and line of any row: instead of a line per row (8 bytes)
// we keep an anchor whenever (line - row index) changes, which happens only at file
// starts, rejected rows, blank lines and multi-line records.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/dictionary.h"
#include "core/event_table.h"

namespace fl {

class EventRows {
 public:
  EventRows();

  // Global property column for `name` (created on first use; earlier rows get id 0).
  uint32_t PropertyIndex(std::string_view name);
  // Starts keeping session values (earlier rows get the empty value).
  void EnableSessions();
  bool has_sessions() const { return sessions_enabled_; }

  // Appends an accepted row; its properties are all missing until SetProperty.
  void Append(uint32_t file, int64_t line, std::string_view user, int64_t time_ms, std::string_view event);
  // For the row just appended; returns the value's id in the column's dictionary.
  uint32_t SetProperty(uint32_t property, std::string_view value) {
    PropertyColumn& column = table_.properties[property];
    const uint32_t id = column.values.Intern(value);
    column.ids.Set(column.ids.size() - 1, id);
    return id;
  }
  // The same, for a value already interned (a repeat of an earlier row's value).
  void SetPropertyId(uint32_t property, uint32_t id) {
    IdColumn& ids = table_.properties[property].ids;
    ids.Set(ids.size() - 1, id);
  }
  // The interned text of a property value id.
  const std::string& PropertyValue(uint32_t property, uint32_t id) const {
    return table_.properties[property].values.Value(id);
  }
  void SetSession(std::string_view value) { session_value_.back() = session_values_.Intern(value); }

  // Appends every row of `later` (rows read from a later part of the input, in their
  // own dictionaries) after this one's, re-interning users, events, property values
  // and sessions, so that the result equals reading both parts in one go: ids stay in
  // first-seen order, rejections keep the first kMaxRejectionsKept in input order.
  // Columns are appended on up to `threads` threads.
  void AppendRows(EventRows&& later, int threads = 1);
  // Makes room for `rows` rows in every column (no regrowth while appending).
  void Reserve(size_t rows);

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
  std::vector<uint32_t> row_user_;
  bool sessions_enabled_ = false;
  Dictionary session_values_;  // id 0 = "" (missing)
  std::vector<uint32_t> session_value_;
  std::vector<Anchor> anchors_;
  std::vector<uint32_t> rejection_files_;
  // Ids of the last row's user and event: rows come grouped by user more often than
  // not, so comparing with the previous value skips most hash lookups.
  uint32_t last_user_ = Dictionary::kNotFound;
  uint32_t last_event_ = Dictionary::kNotFound;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_EVENT_ROWS_H_
