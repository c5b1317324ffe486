#ifndef FRICTIONLENS_CORE_INGEST_RECENT_VALUES_H_
#define FRICTIONLENS_CORE_INGEST_RECENT_VALUES_H_

// A small direct-mapped cache in front of a Dictionary, for one column while rows are
// read. Most columns of a clickstream cycle through a handful of values (event names,
// devices, elements) or repeat the row before's (the user, a product viewed then
// added), so a slot picked from the length and three bytes usually holds the value
// already: one short compare instead of a hash and a probe of the dictionary's table.
// Columns with many values just miss and go to the dictionary.
//
//   RecentValues cache;
//   uint32_t id = cache.Find(text);
//   if (id == RecentValues::kMiss) id = cache.Put(dictionary.Value(dictionary.Intern(text)), ...);

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/short_text.h"

namespace fl {

class RecentValues {
 public:
  static constexpr uint32_t kMiss = UINT32_MAX;

  // The id cached for `text`, or kMiss.
  uint32_t Find(std::string_view text) const {
    const Entry& e = slots_[Slot(text)];
    return e.id != kMiss && SameShortText(e.text, text) ? e.id : kMiss;
  }
  // Caches `id` for `text`, which must stay valid and unchanged while cached (a
  // Dictionary's own copy of the value). Returns id.
  uint32_t Put(std::string_view text, uint32_t id) {
    slots_[Slot(text)] = {text, id};
    return id;
  }

 private:
  static constexpr size_t kSlots = 64;
  struct Entry {
    std::string_view text;
    uint32_t id = kMiss;
  };
  static size_t Slot(std::string_view text) {
    const size_t n = text.size();
    if (n == 0) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    return (n * 0x9E + p[0] * 0x3B + p[n / 2] * 0x0D + p[n - 1]) % kSlots;
  }
  std::array<Entry, kSlots> slots_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_RECENT_VALUES_H_
