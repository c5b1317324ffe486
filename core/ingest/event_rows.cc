#include "core/ingest/event_rows.h"

#include <algorithm>
#include <functional>

#include "core/ingest/text_view.h"
#include "core/ingest/file_stats.h"
#include "core/memory_release.h"
#include "core/parallel.h"
#include "core/short_text.h"

namespace fl {

EventRows::EventRows() = default;

uint32_t EventRows::PropertyIndex(std::string_view name) {
  if (auto it = property_index_.find(Sv(name)); it != property_index_.end()) return it->second;
  PropertyColumn column;
  column.name = std::string(name);
  column.values.Intern("");  // id 0 = missing
  // Sparse until it shows it is not (see IdColumn): many columns of an export are
  // empty on most rows, and a dense copy of them would be most of the ingest peak.
  column.ids.Sparse(true);
  column.ids.assign(size(), 0);
  table_.properties.push_back(std::move(column));
  const uint32_t index = static_cast<uint32_t>(table_.properties.size() - 1);
  property_index_.emplace(std::string(name), index);
  return index;
}

uint32_t EventRows::InternIdentity(std::string_view id, uint8_t rank) {
  const uint32_t user = table_.users.Intern(id);
  NoteRank(user, rank);
  return user;
}

void EventRows::EnableSessions() {
  if (sessions_enabled_) return;
  sessions_enabled_ = true;
  session_value_.assign(size(), 0);
}

void EventRows::Append(uint32_t file, int64_t line, std::string_view user, int64_t time_ms, std::string_view event,
                       const uint32_t* property_ids) {
  const uint32_t row = static_cast<uint32_t>(size());
  const int64_t offset = line - row;
  if (anchors_.empty() || anchors_.back().file != file || anchors_.back().line_minus_row != offset) {
    anchors_.push_back({row, file, offset});
  }
  if (last_user_ == Dictionary::kNotFound || !SameShortText(last_user_text_, user)) {
    last_user_ = table_.users.Intern(user);
    last_user_text_ = table_.users.Value(last_user_);
  }
  uint32_t event_id = recent_events_.Find(event);
  if (event_id == RecentValues::kMiss) {
    event_id = table_.event_names.Intern(event);
    recent_events_.Put(table_.event_names.Value(event_id), event_id);
  }
  row_user_.push_back(last_user_);
  table_.time_ms.push_back(time_ms);
  table_.event.push_back(event_id);
  for (size_t p = 0; p < table_.properties.size(); ++p) table_.properties[p].ids.push_back(property_ids[p]);
  if (sessions_enabled_) session_value_.push_back(0);
}

namespace {

// later's ids -> this dictionary's ids, interning the values in later's id order
// (which is later's first-seen order).
std::vector<uint32_t> RemapInto(const Dictionary& later, Dictionary* into) {
  std::vector<uint32_t> remap(later.size());
  // Each later value goes anywhere in a large index: ask for the slots a few values ahead.
  constexpr uint32_t kAhead = 8;
  for (uint32_t id = 0; id < later.size(); ++id) {
    if (id + kAhead < later.size()) into->Prefetch(later.Value(id + kAhead));
    remap[id] = into->Intern(later.Value(id));
  }
  return remap;
}

// Appends map(from[i]) for every row of *from to *to and frees *from. The copy runs
// in 1 MiB chunks and each chunk's pages of *from are released as soon as it is
// copied, while *to (given its room beforehand) is touched only as it is written, so
// the two copies of a column (40 MB of times for 5 M rows) are never held at once:
// appending the parts is where ingest peaks.
template <typename T, typename Map>
void MoveAppend(std::vector<T>* from, std::vector<T>* to, Map map) {
  const size_t n = from->size();
  to->reserve(to->size() + n);
  constexpr size_t kChunk = (size_t{1} << 20) / sizeof(T);
  const T* source = from->data();
  for (size_t begin = 0; begin < n; begin += kChunk) {
    const size_t end = std::min(n, begin + kChunk);
    for (size_t i = begin; i < end; ++i) to->push_back(map(source[i]));
    ReleasePages(source, source + end);
  }
  *from = std::vector<T>();
}

}  // namespace

void EventRows::Reserve(size_t rows) {
  row_user_.reserve(rows);
  table_.time_ms.reserve(rows);
  table_.event.reserve(rows);
  for (PropertyColumn& column : table_.properties) column.ids.reserve(rows);
  if (sessions_enabled_) session_value_.reserve(rows);
}

void EventRows::NoteUnreadProperty(std::string_view name) {
  std::vector<std::string>& unread = table_.unread_properties;
  auto at = std::lower_bound(unread.begin(), unread.end(), name);
  if (at == unread.end() || *at != name) unread.insert(at, std::string(name));
}

void EventRows::AppendRows(EventRows&& later, int threads) {
  EventTable& to = table_;
  EventTable& from = later.table_;
  const size_t base = size();
  const size_t n = later.size();
  for (const PropertyColumn& column : from.properties) PropertyIndex(column.name);
  for (const std::string& name : from.unread_properties) NoteUnreadProperty(name);
  if (later.sessions_enabled_) EnableSessions();

  for (const Anchor& a : later.anchors_) {
    const uint32_t first_row = a.first_row + static_cast<uint32_t>(base);
    const int64_t line_minus_row = a.line_minus_row - static_cast<int64_t>(base);
    if (!anchors_.empty() && anchors_.back().file == a.file && anchors_.back().line_minus_row == line_minus_row) {
      continue;
    }
    anchors_.push_back({first_row, a.file, line_minus_row});
  }
  // Users first, alone: the one big dictionary, held twice only while it is remapped.
  // Then each column (with its own dictionary) is one task. Each column and dictionary
  // of `later` is freed as soon as it is copied (both copies of every column at once
  // would raise the peak by half the table); the widest, users and times, even as they
  // are copied (MoveAppend).
  const std::vector<uint32_t> user_remap = RemapInto(from.users, &to.users);
  from.users = Dictionary();
  for (uint32_t id = 0; id < later.user_rank_.size(); ++id) {
    if (later.user_rank_[id] != kNoRank) NoteRank(user_remap[id], later.user_rank_[id]);
  }
  for (const auto& [a, b] : later.links_) links_.emplace_back(user_remap[a], user_remap[b]);
  for (uint32_t column : later.insert_id_columns_) MarkInsertId(PropertyIndex(from.properties[column].name));
  ReleaseFreedMemory();
  std::vector<std::function<void()>> tasks;
  tasks.push_back([&] { MoveAppend(&later.row_user_, &row_user_, [&](uint32_t id) { return user_remap[id]; }); });
  tasks.push_back([&] { MoveAppend(&from.time_ms, &to.time_ms, [](int64_t t) { return t; }); });
  tasks.push_back([&] {
    to.event.AppendMapped(std::move(from.event), RemapInto(from.event_names, &to.event_names));
  });
  for (PropertyColumn& column : to.properties) {
    tasks.push_back([&] {
      auto it = later.property_index_.find(column.name);
      const int found = it == later.property_index_.end() ? -1 : static_cast<int>(it->second);
      if (found < 0) {
        column.ids.resize(base + n, 0);
        return;
      }
      PropertyColumn& other = from.properties[found];
      column.ids.AppendMapped(std::move(other.ids), RemapInto(other.values, &column.values));
      other.values = Dictionary();
    });
  }
  if (sessions_enabled_ && !later.sessions_enabled_) {
    tasks.push_back([&] { session_value_.resize(base + n, 0); });
  } else if (sessions_enabled_) {
    // Session ids are per user: each of later's users' values are interned under the
    // user it becomes here, and later's rows are rewritten through that before their
    // users are (the first task frees later's row users as it moves them).
    const UserSessionIds& from_sessions = later.sessions_;
    std::vector<uint32_t> first(from_sessions.user_limit() + 1, 0);  // later user -> its first slot in remap
    for (uint32_t u = 0; u < from_sessions.user_limit(); ++u) first[u + 1] = first[u] + from_sessions.Count(u);
    std::vector<uint32_t> remap(first.back());
    for (uint32_t u = 0; u < from_sessions.user_limit(); ++u) {
      for (uint32_t id = 1; id <= from_sessions.Count(u); ++id) {
        remap[first[u] + id - 1] = sessions_.Intern(user_remap[u], from_sessions.Value(u, id));
      }
    }
    later.sessions_ = UserSessionIds();
    for (size_t i = 0; i < n; ++i) {
      uint32_t& v = later.session_value_[i];
      if (v != 0) v = remap[first[later.row_user_[i]] + v - 1];
    }
    tasks.push_back([&] { MoveAppend(&later.session_value_, &session_value_, [](uint32_t id) { return id; }); });
  }
  RunTasks(threads, tasks);
  ReleaseFreedMemory();

  to.input.rows += from.input.rows;
  to.input.identity_rows += from.input.identity_rows;
  to.input.rejected += from.input.rejected;
  for (const auto& [kind, count] : from.input.rejected_by_kind) to.input.rejected_by_kind[kind] += count;
  for (size_t i = 0; i < from.input.rejections.size(); ++i) {
    if (to.input.rejections.size() >= InputStats::kMaxRejectionsKept) break;
    to.input.rejections.push_back(std::move(from.input.rejections[i]));
    rejection_files_.push_back(later.rejection_files_[i]);
  }
  last_user_ = Dictionary::kNotFound;
  later = EventRows();
}

void EventRows::RekeySessions(const std::vector<uint32_t>& person_of) {
  if (!sessions_enabled_) return;
  UserSessionIds by_person;
  for (size_t i = 0; i < session_value_.size(); ++i) {
    uint32_t& v = session_value_[i];
    const uint32_t user = row_user_[i];
    if (v != 0) v = by_person.Intern(person_of[user], sessions_.Value(user, v));
  }
  sessions_ = std::move(by_person);
}

void EventRows::Reject(uint32_t file, std::string_view file_name, int64_t line, int64_t column, std::string reason) {
  ++table_.input.rejected;
  ++table_.input.rejected_by_kind[RejectionKind(reason)];
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
