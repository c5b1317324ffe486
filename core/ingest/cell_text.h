#ifndef FRICTIONLENS_CORE_INGEST_CELL_TEXT_H_
#define FRICTIONLENS_CORE_INGEST_CELL_TEXT_H_

// How the readers look at a cell's text: whether it is blank, and how a value is quoted
// in a rejection or a warning. Shared by the event reader (file_ingest.cc) and the
// tables reader (tables/wide_tables.cc), so that both word their messages alike.

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/ingest/text_view.h"

namespace fl {

// Only spaces, tabs and a carriage return: no value.
inline bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// Quotes a value for a message, cut to 40 bytes (on a UTF-8 boundary).
inline std::string Quoted(std::string_view value) {
  if (value.size() <= 40) return absl::StrCat("\"", Sv(value), "\"");
  size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat("\"", Sv(value.substr(0, cut)), "...\"");
}

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_CELL_TEXT_H_
