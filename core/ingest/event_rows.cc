#include "core/ingest/event_rows.h"

#include <algorithm>

namespace fl {

EventRows::EventRows() { session_values_.Intern(""); }

uint32_t EventRows::PropertyIndex(std::string_view name) {
  const int found = table_.FindProperty(name);
  if (found >= 0) return static_cast<uint32_t>(found);
  PropertyColumn column;
  column.name = std::string(name);
  column.values.Intern("");  // id 0 = missing
  column.ids.assign(size(), 0);
  table_.properties.push_back(std::move(column));
  return static_cast<uint32_t>(table_.properties.size() - 1);
}

void EventRows::EnableSessions() {
  if (sessions_enabled_) return;
  sessions_enabled_ = true;
  session_value_.assign(size(), 0);
}

void EventRows::Append(uint32_t file, int64_t line, std::string_view user, int64_t time_ms, std::string_view event) {
  const uint32_t row = static_cast<uint32_t>(size());
  const int64_t offset = line - row;
  if (anchors_.empty() || anchors_.back().file != file || anchors_.back().line_minus_row != offset) {
    anchors_.push_back({row, file, offset});
  }
  if (last_user_ == Dictionary::kNotFound || table_.users.Value(last_user_) != user) {
    last_user_ = table_.users.Intern(user);
  }
  if (last_event_ == Dictionary::kNotFound || table_.event_names.Value(last_event_) != event) {
    last_event_ = table_.event_names.Intern(event);
  }
  table_.user.push_back(last_user_);
  table_.time_ms.push_back(time_ms);
  table_.event.push_back(last_event_);
  for (PropertyColumn& column : table_.properties) column.ids.push_back(0);
  if (sessions_enabled_) session_value_.push_back(0);
}

void EventRows::Reject(uint32_t file, std::string_view file_name, int64_t line, int64_t column, std::string reason) {
  ++table_.input.rejected;
  if (table_.input.rejections.size() < InputStats::kMaxRejectionsKept) {
    table_.input.rejections.push_back({std::string(file_name), line, column, std::move(reason)});
    rejection_files_.push_back(file);
  }
}

void EventRows::Locate(uint32_t row, uint32_t* file, int64_t* line) const {
  auto it = std::upper_bound(anchors_.begin(), anchors_.end(), row,
                             [](uint32_t r, const Anchor& a) { return r < a.first_row; });
  const Anchor& anchor = *(it - 1);  // anchors_[0].first_row == 0 whenever a row exists
  *file = anchor.file;
  *line = anchor.line_minus_row + row;
}

}  // namespace fl
