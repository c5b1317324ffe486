#include "core/event_table.h"

#include <algorithm>

namespace fl {

int EventTable::FindPropertyExact(std::string_view name) const {
  for (size_t i = 0; i < properties.size(); ++i) {
    if (properties[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int EventTable::FindProperty(std::string_view name) const {
  if (const int exact = FindPropertyExact(name); exact >= 0 || name.empty()) return exact;
  int found = -1;
  for (size_t i = 0; i < properties.size(); ++i) {
    if (IsDottedSuffix(properties[i].name, name)) {
      if (found >= 0) return -1;  // ambiguous: the full name is needed
      found = static_cast<int>(i);
    }
  }
  return found;
}

uint32_t EventTable::UserOf(size_t row) const {
  auto it = std::upper_bound(user_begin.begin(), user_begin.end(), static_cast<uint32_t>(row));
  return static_cast<uint32_t>(it - user_begin.begin()) - 1;
}

int64_t EventTable::WholeEvents() const { return whole_events >= 0 ? whole_events : static_cast<int64_t>(size()); }

int64_t EventTable::WholeRowsSet(size_t column) const {
  if (column < whole_rows_set.size()) return whole_rows_set[column];
  int64_t set = 0;
  for (uint32_t id : properties[column].ids) set += id != 0 ? 1 : 0;
  return set;
}

size_t EventTable::ColumnBytes() const {
  size_t bytes = time_ms.capacity() * 8 + event.capacity_bytes() + session.capacity_bytes() +
                 (user_begin.capacity() + user_first_session.capacity()) * 4;
  for (const PropertyColumn& column : properties) bytes += column.ids.capacity_bytes();
  return bytes;
}

}  // namespace fl
