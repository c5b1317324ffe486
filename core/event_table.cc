#include "core/event_table.h"

namespace fl {

int EventTable::FindProperty(std::string_view name) const {
  for (size_t i = 0; i < properties.size(); ++i) {
    if (properties[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

size_t EventTable::ColumnBytes() const {
  size_t bytes = user.capacity() * 4 + time_ms.capacity() * 8 + event.capacity() * 4 +
                 session.capacity() * 4 + user_begin.capacity() * 4;
  for (const PropertyColumn& column : properties) bytes += column.ids.capacity_bytes();
  return bytes;
}

}  // namespace fl
