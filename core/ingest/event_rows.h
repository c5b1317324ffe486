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
  // For the row just appended.
  void SetProperty(uint32_t property, std::string_view value) {
    table_.properties[property].ids.back() = table_.properties[property].values.Intern(value);
  }
  void SetSession(std::string_view value) { session_value_.back() = session_values_.Intern(value); }

  // Counts a rejected row and keeps the first InputStats::kMaxRejectionsKept.
  void Reject(uint32_t file, std::string_view file_name, int64_t line, int64_t column, std::string reason);
  // A data row was read (used or rejected).
  void CountRow() { ++table_.input.rows; }

  // Where row `row` (an index into the columns) came from.
  void Locate(uint32_t row, uint32_t* file, int64_t* line) const;

  size_t size() const { return table_.time_ms.size(); }
  EventTable& table() { return table_; }
  const EventTable& table() const { return table_; }
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
  bool sessions_enabled_ = false;
  Dictionary session_values_;  // id 0 = "" (missing)
  std::vector<uint32_t> session_value_;
  std::vector<Anchor> anchors_;
  std::vector<uint32_t> rejection_files_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_EVENT_ROWS_H_
